/** Reading the CAR T evidence files from disk (CLI and data loaders; not for the browser). */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ModelError } from "../model/errors.js";
import { readText, type ReadOptions } from "../model/io/files.js";
import { isParameterFile, readEvidence, type Evidence } from "./evidence.js";
import { lifeTableFromCsv } from "./model.js";
import { PRESETS } from "./presets.js";
import type { TableSpec } from "../model/spec/spec.js";

export const EVIDENCE_DIR = "data/cart";
export const LIFE_TABLE = "data/lifetables/us-2015-all-cause-mortality.csv";

let packageRoot: string | null | undefined;
/**
 * Where a shipped data file (`data/...`, relative to the project's folder) is read from: as given when
 * it exists from the current folder (the repository, Framework's data loaders) or is absolute; else
 * from the folder of the package this module belongs to (cartecon run from another folder, which
 * stopped with "internal error: scandir 'data/cart'"). Unchanged when found in neither, so the
 * missing-file message names the path as the user or the preset gave it.
 */
export function shippedPath(path: string): string {
  if (isAbsolute(path) || existsSync(path)) return path;
  if (packageRoot === undefined) {
    // Up from this module (src/cart/ in the repository, build/ in the compiled CLI) to the folder with data/cart.
    let dir: string | null = dirname(fileURLToPath(import.meta.url));
    while (dir && !existsSync(join(dir, EVIDENCE_DIR))) dir = dirname(dir) === dir ? null : dirname(dir);
    packageRoot = dir;
  }
  const inPackage = packageRoot ? join(packageRoot, path) : path;
  return existsSync(inPackage) ? inPackage : path;
}

/** The folders of the data the pages and the CAR T commands read, whose digest is the data stamp. */
export const STAMPED_DATA = ["data/cart", "data/access", "data/lifetables"] as const;

/**
 * The data stamp (DATA_STAMP in scenario.ts): the first 12 hexadecimal digits of the SHA-256 of every
 * CSV under STAMPED_DATA, each as its path and text with line ends made \n, in path order. The same
 * data give the same stamp on any machine and any checkout (a Windows clone's \r\n reads as the same
 * rows); a changed value, row or table changes it, a README or an editor's backup file does not.
 * `root` is the folder holding data/ (default: the shipped data, wherever shippedPath finds it).
 */
export function dataStamp(root?: string): string {
  const at = (path: string) => (root === undefined ? shippedPath(path) : join(root, path));
  const hash = createHash("sha256");
  const walk = (dir: string): string[] =>
    readdirSync(at(dir))
      .sort()
      .flatMap((f) => {
        const path = `${dir}/${f}`;
        if (statSync(at(path)).isDirectory()) return walk(path);
        return f.endsWith(".csv") ? [path] : [];
      });
  for (const path of STAMPED_DATA.flatMap(walk)) {
    hash.update(`${path}\0`);
    hash.update(readFileSync(at(path), "utf8").replace(/\r\n?/g, "\n"));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 12);
}

/** Reads every CSV of `dir`, keyed by path as given (data/cart/x.csv), wherever shippedPath finds it. */
export function loadEvidenceFiles(dir = EVIDENCE_DIR): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync(shippedPath(dir))
    .filter((x) => x.endsWith(".csv"))
    .sort())
    files[join(dir, f)] = readText(shippedPath(join(dir, f)), "evidence table");
  return files;
}

/** The evidence base; with `userParameters`, that one table (e.g. an edited download) replaces the shipped parameter tables. */
export function loadEvidence(dir = EVIDENCE_DIR, userParameters?: string, options: ReadOptions = {}): Evidence {
  const files = loadEvidenceFiles(dir);
  if (!userParameters) return readEvidence(files);
  const shipped = readEvidence(files);
  for (const f of Object.keys(files)) if (isParameterFile(f)) delete files[f];
  files[userParameters] = readText(userParameters, "parameter table", options);
  const evidence = readEvidence(files, { parameterFiles: [userParameters] });
  refuseDroppedRows(evidence, shipped, userParameters);
  return evidence;
}

/**
 * A row of the shipped tables that the user's complete table lacks, where a more general row stands in
 * (a disease's own or a strategy's own row deleted from an `--export-params` download): the general row
 * was used without a word (SLE autologous p_response 0.58 for 0.9, the ICER 5,728 → 125,562). Refused,
 * naming the rows; a required parameter with no row at all is already refused by readEvidence.
 */
function refuseDroppedRows(evidence: Evidence, shipped: Evidence, file: string): void {
  // The currency too: the shipped tables hold a USD and a GBP row of one parameter (c_soc_drug,aav,all),
  // and without the GBP row the UK preset converts the USD one.
  const key = (r: { id: string; disease: string; strategy: string; currency: string | null }) =>
    `${r.id},${r.disease},${r.strategy}${r.currency ? `,${r.currency}` : ""}`;
  const given = new Set(evidence.parameters.map(key));
  const dropped = shipped.parameters.filter((r) => !given.has(key(r)));
  if (dropped.length === 0) return;
  const shown = dropped.slice(0, 8).map(key);
  throw new ModelError({
    where: file,
    message: `${dropped.length === 1 ? "a row" : `${dropped.length} rows`} of the shipped parameter tables ${dropped.length === 1 ? "is" : "are"} missing (id,disease,strategy[,currency]): ${shown.join("; ")}${dropped.length > shown.length ? `; and ${dropped.length - shown.length} more` : ""}. The model would use a more general row in ${dropped.length === 1 ? "its" : "their"} place (the disease's "all" row, the strategy's "all" row, or a row in another currency, converted) without saying so`,
    value: shown[0],
    expected:
      "every row of `cartecon cart --export-params` kept (a complete parameter table): to use the general value, give it as this row's value",
  });
}

/** A life table file (a regular file within the size limit; every cell a decimal number >= 0). */
export function loadLifeTable(file = LIFE_TABLE, options: ReadOptions = {}): TableSpec {
  return lifeTableFromCsv(readText(shippedPath(file), "life table", options), file);
}

/** The life table of every preset, keyed by preset id (the UK preset uses the ONS table). */
export function loadPresetLifeTables(): Record<string, TableSpec> {
  return Object.fromEntries(Object.values(PRESETS).map((p) => [p.id, loadLifeTable(p.lifeTable.file)]));
}
