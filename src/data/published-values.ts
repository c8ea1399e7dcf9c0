/**
 * The published expected values of the worked examples, kept once in data/validation/expected.json
 * and read by the Validation page's checks (validation-checks.ts) and the golden tests
 * (tests/validation/). Node only (reads the file; paths are relative to the project root, where data
 * loaders and tests run).
 */
import { readText } from "../model/io/files.js";

export const EXPECTED_FILE = "data/validation/expected.json";

/** One published number: checked as |computed - value| < 0.5 * 10^-decimals. */
export interface PublishedValue {
  value: number;
  decimals: number;
  /** Citation of the source (resolved from the model's `sources`). */
  source: string;
  /** Where in the source the number is printed. */
  where: string;
}

/** A published table: `rows[i]` is printed row `firstRow + i`, one column per `columns`. */
export interface PublishedTable {
  columns: string[];
  firstRow: number;
  rows: number[][];
  decimals: number;
  source: string;
  where: string;
}

interface ModelEntry {
  model: string;
  sources: Record<string, string>;
  values?: Record<string, Omit<PublishedValue, "source"> & { source: string }>;
  tables?: Record<string, Omit<PublishedTable, "source"> & { source: string }>;
}

export interface Published {
  /** A published number of a model (file name of data/models/ without .json) by key. */
  value(model: string, key: string): PublishedValue;
  table(model: string, key: string): PublishedTable;
  /** Every "model/key" of the file, values and tables. */
  keys(): string[];
  /** Whether "model/key" is a value, a table, or not in the file. */
  kind(model: string, key: string): "value" | "table" | null;
}

export function loadPublished(file = EXPECTED_FILE): Published {
  const data = JSON.parse(readText(file, "published expected values")) as Record<string, ModelEntry | string>;
  const entry = (model: string): ModelEntry => {
    const e = data[model];
    if (typeof e !== "object") throw new Error(`${file}: no model "${model}"`);
    return e;
  };
  const cite = (e: ModelEntry, key: string, src: string) => {
    const s = e.sources[src];
    if (s === undefined) throw new Error(`${file}: ${key} names source "${src}", which the model's sources do not list`);
    return s;
  };
  return {
    value(model, key) {
      const e = entry(model);
      const v = e.values?.[key];
      if (!v) throw new Error(`${file}: no value "${key}" for ${model}`);
      return { ...v, source: cite(e, key, v.source) };
    },
    table(model, key) {
      const e = entry(model);
      const t = e.tables?.[key];
      if (!t) throw new Error(`${file}: no table "${key}" for ${model}`);
      return { ...t, source: cite(e, key, t.source) };
    },
    kind(model, key) {
      const e = data[model];
      if (typeof e !== "object") return null;
      return e.values?.[key] ? "value" : e.tables?.[key] ? "table" : null;
    },
    keys() {
      return Object.entries(data).flatMap(([m, e]) => (typeof e === "object" ? [...Object.keys(e.values ?? {}), ...Object.keys(e.tables ?? {})].map((k) => `${m}/${k}`) : []));
    },
  };
}
