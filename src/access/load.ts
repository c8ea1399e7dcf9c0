/** Reading the access tables from disk (CLI, data loaders and benchmarks; not for the browser). */
import { shippedPath } from "../cart/load.js";
import { readText } from "../model/io/files.js";
import { ACCESS_FILES, readAccessData, type AccessData } from "./population.js";

/** The texts of data/access/*.csv keyed by path (what `readAccessData` and the report's data loader take). */
export function loadAccessFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of Object.values(ACCESS_FILES)) files[f] = readText(shippedPath(f), "access table");
  return files;
}

export function loadAccessData(): AccessData {
  return readAccessData(loadAccessFiles());
}
