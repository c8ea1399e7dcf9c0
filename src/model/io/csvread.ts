/**
 * Reading numeric tables (life tables and the like) from CSV text into the column-oriented form of
 * a model's `tables`. The reader never guesses: every cell must be a plain decimal number
 * (`parseDecimal`: no blanks read as 0, no `0x10` read as 16), headers are unique, every row has
 * as many cells as the header, an unterminated quote is reported as such, and a semicolon-separated
 * or decimal-comma file (as spreadsheets save CSV in many European locales) gets a message saying
 * how to export a comma CSV. Errors name file, row and column; row 1 is the header.
 */
import { csvParseRows } from "d3-dsv";
import { Problems } from "../errors.js";
import type { TableSpec } from "../spec/spec.js";
import { parseDecimal, whyNotDecimal } from "./number.js";

export const COMMA_CSV_HINT = "export it as \"CSV (comma delimited)\" with '.' as the decimal separator (in Excel: set File > Options > Advanced > Use system separators off, decimal '.', then Save As CSV)";

/** Line (1-based) of an opening quote that is never closed, or 0 if every quote is closed. */
function unterminatedQuoteLine(text: string): number {
  let open = -1;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) open = open < 0 ? i : -1;
  if (open < 0) return 0;
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < open; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

export interface CsvRows {
  header: string[];
  /** Data rows with their row number in the file (header = row 1); blank lines are left out. */
  rows: Array<{ row: number; cells: string[] }>;
}

/**
 * Splits CSV text into a header and rows, checking the things every reader of a table needs:
 * quotes closed, a comma separator, unique non-blank headers, equal cell counts. Problems are
 * added to `problems` (at most 100 kept); the result is only safe to use if none were added.
 */
export function readCsvRows(text: string, file: string, problems: Problems, required: readonly string[] = []): CsvRows {
  const body = text.replace(/^\uFEFF/, "");
  const q = unterminatedQuoteLine(body);
  if (q > 0) {
    problems.add(`${file} line ${q}`, "a quoted cell is never closed (unterminated quote)", undefined, 'a closing " for every opening "');
    return { header: [], rows: [] };
  }
  const all = csvParseRows(body);
  const header = (all[0] ?? []).map((h) => h.trim());
  if (header.length === 1 && /[;\t]/.test(header[0])) {
    const sep = header[0].includes(";") ? "semicolons" : "tabs";
    problems.add(`${file} row 1`, `the file is separated by ${sep}, not commas: ${COMMA_CSV_HINT}`, header[0]);
    return { header: [], rows: [] };
  }
  const seen = new Set<string>();
  header.forEach((h, j) => {
    if (h === "") problems.add(`${file} row 1 column ${j + 1}`, "blank column name", h, "a name for every column");
    else if (seen.has(h)) problems.add(`${file} row 1 column ${j + 1}`, `duplicate column name "${h}"`, h, "each column name once");
    seen.add(h);
  });
  // A file without the expected columns is probably not a table at all: say so and echo nothing more.
  const missing = required.filter((c) => !seen.has(c));
  if (missing.length) {
    problems.add(`${file} row 1`, `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`, header.join(","), `columns ${required.join(", ")}`);
    return { header, rows: [] };
  }
  const rows: CsvRows["rows"] = [];
  for (let i = 1; i < all.length; i++) {
    const cells = all[i];
    if (cells.length === 1 && cells[0].trim() === "") continue; // a blank line
    if (cells.length !== header.length) {
      const hint = cells.length > header.length && cells.some((c) => /^\s*[+-]?\d+\s*$/.test(c)) ? ` (a decimal comma such as 0,5 splits a number in two: ${COMMA_CSV_HINT})` : "";
      problems.add(`${file} row ${i + 1}`, `has ${cells.length} cells; the header has ${header.length}${hint}`, undefined, `${header.length} cells`);
      continue;
    }
    rows.push({ row: i + 1, cells });
  }
  return { header, rows };
}

export function numericTableFromCsv(text: string, file: string, key: string): TableSpec {
  const problems = new Problems();
  const { header, rows } = readCsvRows(text, file, problems, [key]);
  problems.throwIfAny("cannot read table");
  if (rows.length === 0) problems.add(file, "the table needs a header row and at least one data row", header.join(","));
  problems.throwIfAny("cannot read table");
  const columns: Record<string, number[]> = Object.create(null);
  for (const h of header) columns[h] = [];
  for (const { row, cells } of rows) {
    header.forEach((h, j) => {
      const x = parseDecimal(cells[j]);
      if (x === undefined) problems.add(`${file} row ${row} column ${h}`, whyNotDecimal(cells[j]), cells[j], "a decimal number");
      columns[h].push(x ?? NaN);
    });
  }
  problems.throwIfAny("cannot read table");
  return { key, columns: { ...columns }, source: file };
}
