/** Reading the CAR T evidence files from disk (CLI and data loaders; not for the browser). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readText } from "../cli/load.js";
import { readEvidence, type Evidence } from "./evidence.js";
import { lifeTableFromCsv } from "./model.js";
import type { TableSpec } from "../model/spec.js";

export const EVIDENCE_DIR = "data/cart";
export const LIFE_TABLE = "data/lifetables/us-2015-all-cause-mortality.csv";

/** Reads every CSV of `dir`; `replace` substitutes files (e.g. a user's edited parameter table). */
export function loadEvidenceFiles(dir = EVIDENCE_DIR, replace: Record<string, string> = {}): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".csv")).sort()) files[join(dir, f)] = readText(join(dir, f), "evidence table");
  return { ...files, ...replace };
}

export function loadEvidence(dir = EVIDENCE_DIR, replace: Record<string, string> = {}): Evidence {
  return readEvidence(loadEvidenceFiles(dir, replace));
}

export function loadLifeTable(file = LIFE_TABLE): TableSpec {
  return lifeTableFromCsv(readFileSync(file, "utf8"), file);
}
