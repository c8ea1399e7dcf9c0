/** Reading model files from disk for the CLI: JSON with positioned errors, tables given as CSV files. */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ModelError, parseJson, numericTableFromCsv, type ModelSpec } from "../index.js";

export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : String((err as Error).message);
    throw new ModelError({ where: file, message: `cannot read ${what}: ${why}` });
  }
}

/**
 * Reads a model specification. A table may be given as `{"csv": "file.csv", "key": "age"}` instead
 * of inline columns; the path is relative to the model file and every cell must be a number.
 */
export function loadModelFile(file: string): ModelSpec {
  const raw = parseJson(readText(file, "model"), file) as Record<string, unknown>;
  const tables = raw && typeof raw === "object" ? (raw.tables as Record<string, Record<string, unknown>> | undefined) : undefined;
  if (tables && typeof tables === "object") {
    for (const [name, t] of Object.entries(tables)) {
      if (t && typeof t === "object" && typeof t.csv === "string") {
        const path = resolve(dirname(file), t.csv);
        const key = typeof t.key === "string" ? t.key : "";
        const table = numericTableFromCsv(readText(path, `table "${name}"`), t.csv, key);
        tables[name] = { ...table, source: (t.source as string | undefined) ?? t.csv, description: t.description as string | undefined };
      }
    }
  }
  return raw as unknown as ModelSpec;
}
