/**
 * Reading model files from disk for the CLI: JSON with positioned errors, tables given as CSV files.
 * Only regular files are read, and never more than a size limit: a path such as /dev/zero, a FIFO
 * or a folder gets a named error at once instead of filling memory or blocking.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import {
  checkSpecShape,
  CsvTokenizer,
  ModelError,
  parseJson,
  Problems,
  numericTableFromCsv,
  type ModelSpec,
} from "../index.js";

import { DEFAULT_MAX_FILE_MB } from "../defaults.js";
import { decodeText, stripBom } from "./text.js";
export { DEFAULT_MAX_FILE_MB };

export interface ReadOptions {
  /** Largest file read, in MB (10^6 bytes). Default {@link DEFAULT_MAX_FILE_MB}. */
  maxFileMb?: number;
  /** Let a model's tables read CSV files outside the model file's folder. Default false. */
  allowOutsideTables?: boolean;
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return "is a folder, not a file";
  if (st.isFIFO()) return "is a named pipe (FIFO), not a regular file";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "is a device, not a regular file";
  if (st.isSocket()) return "is a socket, not a regular file";
  return "is not a regular file";
}

/**
 * The text of a regular file of at most `maxFileMb` MB. The type is checked before opening (a FIFO
 * would block the open) and again on the open descriptor (the path may have changed in between);
 * the read stops at the limit whatever the file claims its size is.
 */
export function readText(file: string, what: string, options: ReadOptions = {}): string {
  const maxMb = options.maxFileMb ?? DEFAULT_MAX_FILE_MB;
  const limit = Math.floor(maxMb * 1e6);
  const fail = (why: string, value?: unknown, expected?: string): never => {
    throw new ModelError({ where: file, message: `cannot read ${what}: ${why}`, value, expected });
  };
  let fd: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) fail(kindOf(st));
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    if (err instanceof ModelError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    return fail(
      code === "ENOENT"
        ? "no such file"
        : code === "EACCES"
          ? "permission denied"
          : code === "ENOTDIR"
            ? "a part of the path is not a folder"
            : `${code ?? "error"}`,
    );
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) fail(kindOf(st));
    if (st.size > limit)
      fail(
        `the file is ${sizeMb(st.size, maxMb)} MB, above the limit`,
        st.size,
        `at most ${maxMb} MB (raise it with --max-file-mb)`,
      );
    const buf = Buffer.alloc(Math.min(st.size, limit) + 1);
    let got = 0;
    for (;;) {
      const r = readSync(fd, buf, got, buf.length - got, null);
      if (r === 0) break;
      got += r;
      if (got > limit)
        fail(`the file is larger than the limit`, undefined, `at most ${maxMb} MB (raise it with --max-file-mb)`);
      if (got === buf.length) break;
    }
    return decodeText(buf.subarray(0, got), file, what);
  } finally {
    closeSync(fd);
  }
}

/**
 * A file's size in MB for a message that says it is above `maxMb`: one decimal (1.2) where that is
 * above the limit, else every digit (20,311 bytes under --max-file-mb 0.01 read "0.0 MB, above the limit").
 */
function sizeMb(bytes: number, maxMb: number): string {
  const mb = bytes / 1e6;
  return Number(mb.toFixed(1)) > maxMb ? mb.toFixed(1) : String(mb);
}

/** Whether `path` lies inside folder `dir` (both resolved through symbolic links where they exist). */
function inside(dir: string, path: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const rel = relative(real(dir), real(path));
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

/** A file that is not JSON but reads as YAML: named .yaml/.yml, or starting with `---`, `#` or `key:`. */
function looksLikeYaml(file: string, text: string): boolean {
  if (/\.ya?ml$/i.test(file)) return true;
  const first = stripBom(text).trimStart();
  return first.startsWith("---") || first.startsWith("#") || /^[A-Za-z_][\w-]*\s*:/.test(first);
}

/**
 * Reads a model specification. A table may be given as `{"csv": "file.csv", "key": "age"}` instead
 * of inline columns; the path is relative to the model file, must stay inside the model file's
 * folder (unless `allowOutsideTables`), and every cell must be a number.
 */
export function loadModelFile(file: string, options: ReadOptions = {}): ModelSpec {
  return readModelFile(file, options).spec;
}

/** A `{"csv": ...}` table of a model file: its name, the path as written and the file read. */
export interface ModelTableFile {
  name: string;
  csv: string;
  path: string;
}

/**
 * {@link loadModelFile}, with the CSV files its tables were read from: inputs that no output of the
 * run may overwrite (`evaluate --out lt.csv` replaced the model's life table with the results).
 */
export function readModelFile(file: string, options: ReadOptions = {}): { spec: ModelSpec; tables: ModelTableFile[] } {
  const files: ModelTableFile[] = [];
  // A byte-order mark (Windows Notepad, Excel's "CSV UTF-8" habit) was "malformed JSON" at an invisible character.
  const text = stripBom(readText(file, "model", options));
  let raw: Record<string, unknown>;
  try {
    raw = parseJson(text, file) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof ModelError && looksLikeYaml(file, text))
      // Worded as readText's refusals: "m.yaml: cannot read model: ...", the file first.
      throw new ModelError({
        where: file,
        message:
          "cannot read model: model files are JSON (docs/model-spec.md); this file looks like YAML, which is not read",
        value: text.trimStart().split("\n", 1)[0],
        expected: "a JSON model file (convert the YAML to JSON; duplicate keys are then reported by line)",
      });
    throw err;
  }
  if (!(raw && typeof raw === "object" && !Array.isArray(raw))) {
    // Refused here, in compileModel's words: psa, dsa and evppi read a model's settings before compiling
    // it, and a file holding `null` or `[]` stopped them with an internal error (exit 3).
    const problems = new Problems();
    checkSpecShape(raw, problems);
    problems.throwIfAny(`${file}: invalid model`);
  }
  const tables = Object.hasOwn(raw, "tables") ? raw.tables : undefined;
  if (tables && typeof tables === "object" && !Array.isArray(tables)) {
    for (const [name, t] of Object.entries(tables as Record<string, Record<string, unknown>>)) {
      if (!(t && typeof t === "object" && Object.hasOwn(t, "csv"))) continue;
      // The model file first, as every error of a model file reads ("m.json: invalid model: tables.lt.key: ...",
      // the order compileModel's problems get in the CLI); it read "invalid model: m.json: tables.lt.key: ...".
      const where = `tables.${name}.csv`;
      const invalid = `${file}: invalid model`;
      if (typeof t.csv !== "string" || t.csv.trim() === "")
        throw new ModelError({ where, message: "must be the path of a CSV file", value: t.csv }, invalid);
      const folder = dirname(resolve(file));
      const path = resolve(folder, t.csv);
      if (!options.allowOutsideTables && !inside(folder, path)) {
        throw new ModelError(
          {
            where,
            message: "a table file must be in the model file's folder or below it",
            value: t.csv,
            expected: `a path inside ${folder} (or pass --allow-outside-tables)`,
          },
          invalid,
        );
      }
      const csvText = readText(path, `table "${name}"`, options);
      if (typeof t.key !== "string" || t.key.trim() === "") {
        // The CSV's header as the table reader reads it (a BOM dropped, quotes removed, a quoted comma
        // kept in its name), so the message names the columns as "key" must be written.
        const header = new CsvTokenizer(csvText).next()?.cells ?? [];
        const names =
          header
            .slice(0, 20)
            .map((c) => c.trim())
            .join(", ") + (header.length > 20 ? ", …" : "");
        throw new ModelError(
          {
            where: `tables.${name}.key`,
            message: "a table read from a CSV file needs the name of its key column (the column looked up, e.g. age)",
            value: t.key,
            expected: `"key": one of the columns of ${t.csv}: ${names}`,
          },
          invalid,
        );
      }
      const table = numericTableFromCsv(csvText, t.csv, t.key);
      files.push({ name, csv: t.csv, path });
      const { csv: _csv, key: _key, ...rest } = t;
      // The CSV's columns replace the reference; other fields stay, so unknown ones are still reported.
      Object.defineProperty(tables, name, {
        value: { ...rest, ...table, source: (t.source as string | undefined) ?? t.csv },
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return { spec: raw as unknown as ModelSpec, tables: files };
}
