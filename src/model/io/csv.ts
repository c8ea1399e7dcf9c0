/**
 * The one CSV writer that the report pages and the CLI share, so a table downloaded from a page is
 * byte-identical to the CLI's file for the same assumptions.
 * Format: UTF-8, a header row, "," separator, "." decimal point, no thousands separators, "\n"
 * line ends, RFC 4180 quoting (cells containing , " CR or LF are quoted, quotes doubled).
 * Numbers are written with the shortest text that reads back to the same double (String(x)), so
 * nothing is rounded. Text cells that a spreadsheet would run as a formula (starting with = + - @,
 * tab or CR) get a leading apostrophe (OWASP CSV injection guidance); numbers stay numbers.
 * Empty cells are null or undefined only.
 */

/** Column-oriented data: every column an array of the same length. */
export type Columns = Record<string, ArrayLike<unknown>>;

const DANGEROUS_START = /^[=+\-@\t\r]/;

/**
 * Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) with a leading
 * apostrophe (OWASP CSV injection guidance); other text as it is. Shared by the CSV and the .xlsx
 * writer (src/cart/workbook.ts), so both files escape the same cells.
 */
export function safeText(s: string): string {
  return DANGEROUS_START.test(s) ? "'" + s : s;
}

export function csvCell(x: unknown): string {
  if (x === null || x === undefined) return "";
  if (typeof x === "number") {
    if (Number.isNaN(x)) return "NaN";
    return String(x);
  }
  if (typeof x === "bigint") return String(x);
  if (typeof x === "boolean") return x ? "true" : "false";
  let s = safeText(x instanceof Date ? x.toISOString() : String(x));
  if (/[",\r\n]/.test(s)) s = '"' + s.replace(/"/g, '""') + '"';
  return s;
}

/** Writes column-oriented data as CSV text; `order` picks and orders columns (default: all, as given). */
export function toCsv(data: Columns, order?: string[]): string {
  const names = order ?? Object.keys(data);
  let n = -1;
  for (const c of names) {
    const col = data[c];
    if (col === undefined)
      throw new RangeError(`CSV column "${c}" does not exist; columns: ${Object.keys(data).join(", ")}`);
    if (n < 0) n = col.length;
    else if (col.length !== n)
      throw new RangeError(`CSV column "${c}" has ${col.length} rows; the first column has ${n}`);
  }
  const lines = [names.map(csvCell).join(",")];
  for (let i = 0; i < Math.max(n, 0); i++) lines.push(names.map((c) => csvCell(data[c][i])).join(","));
  return lines.join("\n") + "\n";
}

/** Row-oriented convenience: an array of records with the same keys. */
export function rowsToCsv(rows: Array<Record<string, unknown>>, order?: string[]): string {
  const names = order ?? (rows.length ? Object.keys(rows[0]) : []);
  const data: Columns = {};
  for (const c of names) data[c] = rows.map((r) => r[c]);
  return toCsv(data, names);
}
