/**
 * A scenario: the assumptions a user changes in the report (disease, preset, platform, parameter
 * values, analysis options). It is what a shared link carries (in the URL fragment) and what every
 * download records. Pure functions: encoding, decoding with validation, and running it.
 */
import { ModelError } from "../model/errors.js";
import type { TableSpec } from "../model/spec/spec.js";
import { runCart, type CartAnalysis } from "./analysis.js";
import { csvParse } from "d3-dsv";
import { PARAMETERS, PLATFORMS, rangeOf, type PlatformId } from "./dictionary.js";
import { readEvidence, type Evidence } from "./evidence.js";
import { buildCartModel, lifeTableFromCsv } from "./model.js";
import { PRESETS } from "./presets.js";
import type { DurabilityScenario } from "./durability.js";

export interface Scenario {
  disease: string;
  preset: string;
  platform: PlatformId;
  /** Parameter values replacing the defaults, in the preset's currency and price year for costs. */
  overrides: Record<string, number>;
  wtp: number | null;
  discountCosts: number | null;
  discountOutcomes: number | null;
  horizonAge: number;
}

export const DEFAULT_SCENARIO: Scenario = {
  disease: "sle",
  preset: "us",
  platform: "autologous",
  overrides: {},
  wtp: null,
  discountCosts: null,
  discountOutcomes: null,
  horizonAge: 100,
};

/** Every parameter name a scenario may override: dictionary ids, platform parameters as id__platform. */
export function overridableParameters(): string[] {
  const out: string[] = [];
  for (const p of PARAMETERS) {
    if (p.scope === "platform") for (const pl of PLATFORMS) out.push(pl === "autologous" ? p.id : `${p.id}__${pl}`);
    else out.push(p.id);
  }
  return out;
}

/** The URL fragment of a scenario: only what differs from the defaults, as search parameters. */
export function encodeScenario(s: Scenario): string {
  const q = new URLSearchParams();
  for (const k of ["disease", "preset", "platform"] as const) if (s[k] !== DEFAULT_SCENARIO[k]) q.set(k, s[k]);
  for (const k of ["wtp", "discountCosts", "discountOutcomes", "horizonAge"] as const) if (s[k] !== DEFAULT_SCENARIO[k] && s[k] !== null) q.set(k, String(s[k]));
  for (const [k, v] of Object.entries(s.overrides).sort()) q.set(`p.${k}`, String(v));
  return q.toString();
}

/**
 * Reads a fragment. Returns the scenario and the problems found; anything invalid is left at its
 * default (a stale or mistyped link must not break the page).
 */
export function decodeScenario(fragment: string, diseases: string[]): { scenario: Scenario; problems: string[] } {
  const s: Scenario = { ...DEFAULT_SCENARIO, overrides: {} };
  const problems: string[] = [];
  const q = new URLSearchParams(fragment.replace(/^#/, ""));
  const allowed = new Set(overridableParameters());
  const num = (k: string, v: string, min: number, max: number): number | null => {
    const x = Number(v);
    if (v.trim() === "" || !Number.isFinite(x) || x < min || x > max) {
      problems.push(`${k}=${v}: expected a number in [${min}, ${max}]`);
      return null;
    }
    return x;
  };
  for (const [k, v] of q) {
    if (k === "disease") diseases.includes(v) ? (s.disease = v) : problems.push(`disease=${v}: unknown disease (${diseases.join(", ")})`);
    else if (k === "preset") v in PRESETS ? (s.preset = v) : problems.push(`preset=${v}: unknown preset (${Object.keys(PRESETS).join(", ")})`);
    else if (k === "platform") (PLATFORMS as readonly string[]).includes(v) ? (s.platform = v as PlatformId) : problems.push(`platform=${v}: unknown platform`);
    else if (k === "wtp") s.wtp = num(k, v, 0, 1e9);
    else if (k === "discountCosts") s.discountCosts = num(k, v, 0, 1);
    else if (k === "discountOutcomes") s.discountOutcomes = num(k, v, 0, 1);
    else if (k === "horizonAge") s.horizonAge = num(k, v, 1, 120) ?? DEFAULT_SCENARIO.horizonAge;
    else if (k.startsWith("p.")) {
      const id = k.slice(2);
      if (!allowed.has(id)) problems.push(`${id}: unknown parameter`);
      else {
        const x = num(id, v, -1e12, 1e12);
        if (x !== null) s.overrides[id] = x;
      }
    } else problems.push(`${k}: not a scenario setting`);
  }
  return { scenario: s, problems };
}

/** Life tables by preset id (each preset names its own; see presets.ts). */
export type LifeTables = Record<string, TableSpec>;

/** The life table of a preset: from a map by preset id, or the one table given. */
export function lifeTableFor(tables: TableSpec | LifeTables, presetId: string): TableSpec {
  if ("columns" in tables && "key" in tables) return tables as TableSpec;
  const t = (tables as LifeTables)[presetId];
  if (!t) throw new ModelError({ where: "life tables", message: `no life table for preset "${presetId}"`, value: presetId, expected: Object.keys(tables).join(", ") });
  return t;
}

/** Evidence and life tables from the texts the report's data loader provides (`lifeTable`: the US table; `lifeTables`: one per preset). */
export function cartInputs(json: { files: Record<string, string>; lifeTable: { file: string; text: string }; lifeTables?: Record<string, { file: string; text: string }> }): {
  evidence: Evidence;
  lifeTable: TableSpec;
  lifeTables: LifeTables;
} {
  const lifeTable = lifeTableFromCsv(json.lifeTable.text, json.lifeTable.file);
  const lifeTables: LifeTables = {};
  for (const [id, t] of Object.entries(json.lifeTables ?? {})) lifeTables[id] = lifeTableFromCsv(t.text, t.file);
  for (const id of Object.keys(PRESETS)) lifeTables[id] ??= lifeTable;
  return { evidence: readEvidence(json.files), lifeTable, lifeTables };
}

/** Runs a scenario (intention to treat unless told otherwise). */
export function runScenario(evidence: Evidence, lifeTables: TableSpec | LifeTables, s: Scenario, intentionToTreat = true, durability?: DurabilityScenario): CartAnalysis {
  const preset = PRESETS[s.preset];
  if (!preset) throw new ModelError({ where: "preset", message: `unknown preset "${s.preset}"` });
  const discount =
    s.discountCosts !== null || s.discountOutcomes !== null ? { costs: s.discountCosts ?? preset.discount.costs, outcomes: s.discountOutcomes ?? preset.discount.outcomes } : undefined;
  return runCart(evidence, s.disease, preset, lifeTableFor(lifeTables, s.preset), {
    overrides: s.overrides,
    wtp: s.wtp ?? undefined,
    discount,
    horizonAge: s.horizonAge,
    intentionToTreat,
    durability,
  });
}

/** What made a result: written next to every download. */
export function scenarioMetadata(a: CartAnalysis, s: Scenario, version: string) {
  return {
    tool: `cartecon ${version}`,
    modelVersion: a.model.spec.version,
    disease: a.disease,
    preset: a.preset.id,
    perspective: a.preset.perspective,
    population: a.population,
    currency: a.preset.currency,
    priceYear: a.preset.priceYear,
    discount: a.result.discount,
    wtp: a.wtp,
    horizonAge: s.horizonAge,
    lifeTable: a.model.lifeTable,
    structuralScenario: a.structuralScenario.label,
    overrides: s.overrides,
    link: `#${encodeScenario(s)}`,
    seed: null,
    note: "Deterministic evaluation (no random draws). No published cost-effectiveness analysis of CAR T in this disease exists; defaults are exploratory.",
  };
}

/** Default value of every overridable parameter for a disease and preset (costs converted), with its provenance. */
export function defaultValues(evidence: Evidence, lifeTables: TableSpec | LifeTables, disease: string, preset: string): Map<string, import("./model.js").Provenance> {
  const built = buildCartModel(evidence, disease, PRESETS[preset], lifeTableFor(lifeTables, preset));
  return new Map(built.provenance.map((p) => [p.parameter, p]));
}

/** One row of the Parameters page: a parameter's current value next to its default and provenance. */
export interface ParameterView {
  parameter: string;
  id: string;
  strategy: string;
  description: string;
  value: number;
  defaultValue: number;
  edited: boolean;
  low: number | null;
  high: number | null;
  distribution: string;
  unit: string;
  status: string;
  sourceId: string;
  citation: string;
}

export function parameterViews(evidence: Evidence, lifeTables: TableSpec | LifeTables, s: Scenario): ParameterView[] {
  const defaults = defaultValues(evidence, lifeTables, s.disease, s.preset);
  const preset = PRESETS[s.preset];
  return [...defaults.values()].map((p) => {
    const def = PARAMETERS.find((d) => d.id === p.id)!;
    const value = s.overrides[p.parameter] ?? p.value;
    return {
      parameter: p.parameter,
      id: p.id,
      strategy: p.strategy,
      description: def.description,
      value,
      defaultValue: p.value,
      edited: p.parameter in s.overrides && s.overrides[p.parameter] !== p.value,
      low: p.row.low === null ? null : p.row.low * p.factor,
      high: p.row.high === null ? null : p.row.high * p.factor,
      distribution: p.row.distribution,
      unit: p.row.currency ? `${preset.currency} ${preset.priceYear} ${def.per ?? ""}`.trim() : p.row.unit,
      status: p.transfer === "ppp" ? `${p.row.status} (PPP transfer)` : p.row.status,
      sourceId: p.row.sourceId,
      citation: evidence.sources.get(p.row.sourceId)?.citation ?? "",
    };
  });
}

/** Columns of the parameter set the Parameters page downloads and accepts back. */
export const PARAMETER_SET_COLUMNS = ["parameter", "value", "default", "low", "high", "distribution", "unit", "status", "source_id", "description"] as const;

export function parameterSetTable(views: ParameterView[]): Record<string, unknown[]> {
  return {
    parameter: views.map((v) => v.parameter),
    value: views.map((v) => v.value),
    default: views.map((v) => v.defaultValue),
    low: views.map((v) => v.low),
    high: views.map((v) => v.high),
    distribution: views.map((v) => v.distribution),
    unit: views.map((v) => v.unit),
    status: views.map((v) => (v.edited ? "user edit" : v.status)),
    source_id: views.map((v) => v.sourceId),
    description: views.map((v) => v.description),
  };
}

/**
 * Reads an uploaded parameter set (the download of the Parameters page, edited): columns
 * `parameter` and `value` at least. Every problem is listed (file, row, column, value, expected);
 * the overrides are returned only if there is none.
 */
export function readParameterSet(text: string, file: string, views: ParameterView[]): { overrides: Record<string, number> | null; problems: string[] } {
  const problems: string[] = [];
  const rows = csvParse(text.replace(/^\uFEFF/, ""));
  for (const c of ["parameter", "value"]) if (!rows.columns.includes(c)) problems.push(`${file} row 1: missing column "${c}" (columns: ${rows.columns.join(", ")})`);
  if (problems.length) return { overrides: null, problems };
  const byName = new Map(views.map((v) => [v.parameter, v]));
  const seen = new Set<string>();
  const overrides: Record<string, number> = {};
  rows.forEach((r, i) => {
    const where = `${file} row ${i + 2}`;
    const name = (r.parameter ?? "").trim();
    const view = byName.get(name);
    if (!name) return problems.push(`${where} column parameter: blank cell`);
    if (!view) return problems.push(`${where} column parameter: unknown parameter "${name}"`);
    if (seen.has(name)) return problems.push(`${where} column parameter: "${name}" appears twice`);
    seen.add(name);
    const cell = (r.value ?? "").trim();
    const x = Number(cell);
    if (cell === "") return problems.push(`${where} column value: blank cell; expected a number`);
    if (!Number.isFinite(x)) return problems.push(`${where} column value: not a number (got "${cell}")`);
    const def = PARAMETERS.find((d) => d.id === view.id)!;
    const range = rangeOf(def.kind);
    const min = def.kind === "utility" && view.status === "seen" ? -1 : range.min;
    if (x < min || x > range.max) return problems.push(`${where} column value: ${name} = ${x} is out of range; expected ${range.text}`);
    if (x !== view.defaultValue) overrides[name] = x;
  });
  return problems.length ? { overrides: null, problems } : { overrides, problems };
}
