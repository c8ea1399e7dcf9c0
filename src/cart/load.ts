/** Reading the CAR T evidence files from disk (CLI and data loaders; not for the browser). */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readText, type ReadOptions } from "../model/io/files.js";
import { isParameterFile, readEvidence, type Evidence } from "./evidence.js";
import { lifeTableFromCsv } from "./model.js";
import { PRESETS } from "./presets.js";
import type { TableSpec } from "../model/spec/spec.js";

export const EVIDENCE_DIR = "data/cart";
export const LIFE_TABLE = "data/lifetables/us-2015-all-cause-mortality.csv";

/** Reads every CSV of `dir`, keyed by path. */
export function loadEvidenceFiles(dir = EVIDENCE_DIR): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith(".csv"))
    .sort())
    files[join(dir, f)] = readText(join(dir, f), "evidence table");
  return files;
}

/** The evidence base; with `userParameters`, that one table (e.g. an edited download) replaces the shipped parameter tables. */
export function loadEvidence(dir = EVIDENCE_DIR, userParameters?: string, options: ReadOptions = {}): Evidence {
  const files = loadEvidenceFiles(dir);
  if (!userParameters) return readEvidence(files);
  for (const f of Object.keys(files)) if (isParameterFile(f)) delete files[f];
  files[userParameters] = readText(userParameters, "parameter table", options);
  return readEvidence(files, { parameterFiles: [userParameters] });
}

/** A life table file (a regular file within the size limit; every cell a decimal number >= 0). */
export function loadLifeTable(file = LIFE_TABLE, options: ReadOptions = {}): TableSpec {
  return lifeTableFromCsv(readText(file, "life table", options), file);
}

/** The life table of every preset, keyed by preset id (the UK preset uses the ONS table). */
export function loadPresetLifeTables(): Record<string, TableSpec> {
  return Object.fromEntries(Object.values(PRESETS).map((p) => [p.id, loadLifeTable(p.lifeTable.file)]));
}
