/**
 * The one strict CSV reader (RFC 4180: comma separator, `"` quotes, `""` inside quotes, CRLF or LF),
 * resumable, for the tables people edit in a spreadsheet: parameter tables (`cartecon cart --params`,
 * the data loader) and the Parameters page's upload (CsvTableReader), and the numeric tables — life
 * tables and a model's `{"csv": ...}` tables (readCsvRows, numericTableFromCsv), which keep their own
 * wording of the same problems.
 *
 * Hand-written rather than d3-dsv's csvParse because the reader must (1) name the row and column of
 * an unterminated quote, a stray quote or text after a closing quote, which d3-dsv silently turns
 * into cells, (2) stop and resume between rows, so the page can parse a large upload in slices that
 * yield to the event loop (no main-thread task over 200 ms), and (3) report duplicate headers,
 * extra or missing cells and a semicolon-separated (European Excel) file instead of guessing.
 * Rows are null-prototype records: a column named `constructor` or `__proto__` is an ordinary name
 * and a missing column is never found on Object.prototype.
 */
import { Problems } from "../errors.js";
import type { TableSpec } from "../spec/spec.js";
import { parseDecimal, whyNotDecimal } from "./number.js";
import { stripBom } from "./text.js";

export const EXPORT_ADVICE =
  "a comma-separated file with '.' as the decimal point: in Excel use Save As > 'CSV UTF-8 (Comma delimited)' with the decimal separator set to '.' (File > Options > Advanced > Use system separators off); in LibreOffice tick 'Edit filter settings' and choose ',' as the field delimiter";

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** One record as written: its number in the file (the header is row 1) and its cells. */
export interface CsvRecord {
  row: number;
  cells: string[];
  /** A syntax problem in this record (the column is 1-based); the record is not usable. */
  problem?: { column: number; message: string };
}

/** Splits text into records one at a time. */
export class CsvTokenizer {
  private pos = 0;
  private row = 0;
  private readonly text: string;
  constructor(text: string) {
    this.text = stripBom(text);
  }
  /** True when every record has been read. */
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  /** The next record, or null at the end of the text. */
  next(): CsvRecord | null {
    const t = this.text;
    const n = t.length;
    if (this.pos >= n) return null;
    const row = ++this.row;
    const cells: string[] = [];
    let problem: CsvRecord["problem"];
    let i = this.pos;
    for (;;) {
      const column = cells.length + 1;
      if (t.charCodeAt(i) === QUOTE) {
        // Quoted cell: up to the closing quote; "" is a literal quote.
        let value = "";
        let from = i + 1;
        for (;;) {
          const q = t.indexOf('"', from);
          if (q < 0) {
            problem ??= {
              column,
              message:
                'unterminated quote: a cell opens with " and never closes, so the rest of the file would be one cell',
            };
            this.pos = n;
            cells.push(value + t.slice(from));
            return { row, cells, problem };
          }
          value += t.slice(from, q);
          if (t.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        cells.push(value);
        const c = t.charCodeAt(i);
        if (i < n && c !== COMMA && c !== LF && c !== CR) {
          problem ??= { column, message: "text after a closing quote (a quoted cell must end at the quote)" };
          while (i < n && t.charCodeAt(i) !== COMMA && t.charCodeAt(i) !== LF && t.charCodeAt(i) !== CR) i++;
        }
      } else {
        let j = i;
        while (j < n) {
          const c = t.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE)
            problem ??= {
              column,
              message: 'a quote inside an unquoted cell (quote the whole cell and double the quote: "say ""hi""")',
            };
          j++;
        }
        cells.push(t.slice(i, j));
        i = j;
      }
      if (i >= n) {
        this.pos = n;
        break;
      }
      const c = t.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      // End of record: LF, CR or CRLF.
      i += c === CR && t.charCodeAt(i + 1) === LF ? 2 : 1;
      this.pos = i;
      break;
    }
    return problem ? { row, cells, problem } : { row, cells };
  }
}

/** A data row: its number in the file and its cells by column name (null prototype), or null cells for a row whose problem was reported. */
export interface CsvRow {
  row: number;
  cells: Record<string, string> | null;
}

/**
 * Reads a table with a header row, one row at a time. Problems go to `problems` with file, row and
 * column: a semicolon- or tab-separated file, duplicate or blank headers, missing required columns,
 * syntax errors, rows with more or fewer cells than the header. Blank lines are skipped.
 */
export class CsvTableReader {
  readonly columns: string[] = [];
  /** False when the header is unusable (nothing else is read then). */
  readonly headerOk: boolean;
  /** Data rows read so far (including rows with problems). */
  rowsRead = 0;
  private readonly tokens: CsvTokenizer;
  constructor(
    text: string,
    readonly file: string,
    readonly problems: Problems,
    required: readonly string[] = [],
  ) {
    this.tokens = new CsvTokenizer(text);
    this.headerOk = this.readHeader(required);
  }

  private readHeader(required: readonly string[]): boolean {
    const header = this.tokens.next();
    const where = `${this.file} row 1`;
    if (!header || (header.cells.length === 1 && header.cells[0].trim() === "")) {
      this.problems.add(
        where,
        "the file is empty (no header row)",
        undefined,
        `a header row with the columns ${required.join(", ")}`,
      );
      return false;
    }
    if (header.problem) {
      this.problems.add(`${where} column ${header.problem.column}`, header.problem.message);
      return false;
    }
    const names = header.cells.map((c) => c.trim());
    if (names.length === 1 && /[;\t]/.test(names[0])) {
      const sep = names[0].includes(";") ? "semicolons" : "tabs";
      this.problems.add(
        where,
        `the file is separated by ${sep}, not commas (a spreadsheet saved with European or tab-separated settings)`,
        names[0].slice(0, 80),
        EXPORT_ADVICE,
      );
      return false;
    }
    let ok = true;
    const first = new Map<string, number>();
    names.forEach((name, i) => {
      if (name === "") {
        this.problems.add(`${where} column ${i + 1}`, "blank column name", name, "a name for every column");
        ok = false;
      } else if (first.has(name)) {
        this.problems.add(
          `${where} column ${i + 1}`,
          `column "${name}" appears twice (also column ${first.get(name)! + 1})`,
          name,
          "each column once",
        );
        ok = false;
      } else first.set(name, i);
    });
    // A blank or repeated name is the root problem: the column it stands for would then also be
    // reported missing ("id" twice, so "missing column disease"), a follow-on of the same mistake.
    const missing = ok ? required.filter((c) => !first.has(c)) : [];
    if (missing.length) {
      this.problems.add(
        where,
        `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
        names.join(","),
        `the columns ${required.join(", ")}`,
      );
      ok = false;
    }
    this.columns.push(...names);
    return ok;
  }

  /**
   * The next data row, or null at the end. A row with a problem is reported and returned with null
   * cells (not skipped in a loop here, so a caller reading in slices also yields on a file of bad rows).
   */
  next(): CsvRow | null {
    if (!this.headerOk) return null;
    for (;;) {
      const r = this.tokens.next();
      if (!r) return null;
      if (r.cells.length === 1 && r.cells[0] === "" && !r.problem) continue; // blank line
      this.rowsRead++;
      const where = `${this.file} row ${r.row}`;
      if (r.problem) {
        this.problems.add(
          `${where} column ${this.columns[r.problem.column - 1] ?? r.problem.column}`,
          r.problem.message,
        );
        return { row: r.row, cells: null };
      }
      if (r.cells.length !== this.columns.length) {
        const extra = r.cells.length > this.columns.length;
        this.problems.add(
          where,
          `${r.cells.length} cells, but the header has ${this.columns.length} columns (${extra ? "extra cells" : "missing cells"})`,
          r.cells.slice(0, 12).join(",").slice(0, 80),
          extra
            ? `${this.columns.length} cells (a decimal comma such as 0,5, or a comma in unquoted text, splits a cell in two)`
            : `${this.columns.length} cells`,
        );
        return { row: r.row, cells: null };
      }
      const cells: Record<string, string> = Object.create(null);
      this.columns.forEach((c, i) => (cells[c] = r.cells[i]));
      return { row: r.row, cells };
    }
  }

  /** Every remaining row without problems. */
  all(): Array<{ row: number; cells: Record<string, string> }> {
    const out: Array<{ row: number; cells: Record<string, string> }> = [];
    for (let r = this.next(); r; r = this.next()) if (r.cells) out.push({ row: r.row, cells: r.cells });
    return out;
  }
}

/**
 * Lets the page handle input and paint: `scheduler.yield()` where the browser has it (no minimum
 * delay, and the task continues ahead of other queued work), else a zero-delay timer.
 */
export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/**
 * Calls `onRow` for every row, yielding to the event loop every `sliceMs` milliseconds so a page
 * stays responsive while a large file is read. `now` and `pause` are injectable for tests.
 */
export async function forEachRowInSlices(
  reader: CsvTableReader,
  onRow: (row: CsvRow) => void,
  {
    sliceMs = 5,
    now = () => performance.now(),
    pause = yieldToEventLoop,
  }: { sliceMs?: number; now?: () => number; pause?: () => Promise<void> } = {},
): Promise<{ slices: number }> {
  let slices = 1;
  let start = now();
  for (let r = reader.next(); r; r = reader.next()) {
    onRow(r);
    if (now() - start >= sliceMs) {
      await pause();
      slices++;
      start = now();
    }
  }
  return { slices };
}

export const COMMA_CSV_HINT =
  "export it as \"CSV (comma delimited)\" with '.' as the decimal separator (in Excel: set File > Options > Advanced > Use system separators off, decimal '.', then Save As CSV)";

/**
 * Why a row may have more cells than the header: a decimal comma ("170041,78") splits one number
 * into two, leaving a whole number among the cells. In a table of numbers only (`numeric`: PSA
 * samples), a row of whole numbers ("2,3,9") is as likely a stray field, so the hint also needs a
 * number with a decimal point beside it. "" when neither holds.
 */
export function decimalCommaHint(cells: readonly string[], columns: number, { numeric = false } = {}): string {
  const whole = cells.some((c) => /^\s*[+-]?\d+\s*$/.test(c));
  const decimal = cells.some((c) => /^\s*[+-]?\d*\.\d+([eE][+-]?\d+)?\s*$/.test(c));
  return cells.length > columns && whole && (!numeric || decimal)
    ? ` (a decimal comma such as 0,5 splits a number in two: ${COMMA_CSV_HINT})`
    : "";
}

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
 * Splits CSV text into a header and rows with the tokenizer above, checking what every reader of a
 * numeric table needs: quotes closed (the line of an unclosed one), a comma separator, unique
 * non-blank headers, equal cell counts (with a hint when a decimal comma split a number). Problems are
 * added to `problems` (at most 100 kept); the result is only safe to use if none were added.
 */
export function readCsvRows(text: string, file: string, problems: Problems, required: readonly string[] = []): CsvRows {
  // An empty file was "missing columns ... (got "")" or "the first column must be ...".
  if (stripBom(text).trim() === "") {
    problems.add(file, "the file is empty", undefined, "a header row, then the data rows");
    return { header: [], rows: [] };
  }
  const tokens = new CsvTokenizer(text);
  const q = unterminatedQuoteLine(stripBom(text));
  if (q > 0) {
    problems.add(
      `${file} line ${q}`,
      "a quoted cell is never closed (unterminated quote)",
      undefined,
      'a closing " for every opening "',
    );
    return { header: [], rows: [] };
  }
  const first = tokens.next();
  const header = (first?.cells ?? []).map((h) => h.trim());
  if (header.length === 1 && /[;\t]/.test(header[0])) {
    const sep = header[0].includes(";") ? "semicolons" : "tabs";
    problems.add(`${file} row 1`, `the file is separated by ${sep}, not commas: ${COMMA_CSV_HINT}`, header[0]);
    return { header: [], rows: [] };
  }
  if (first?.problem) problems.add(`${file} row 1 column ${first.problem.column}`, first.problem.message);
  const seen = new Set<string>();
  let named = true;
  header.forEach((h, j) => {
    if (h === "") problems.add(`${file} row 1 column ${j + 1}`, "blank column name", h, "a name for every column");
    else if (seen.has(h))
      problems.add(`${file} row 1 column ${j + 1}`, `duplicate column name "${h}"`, h, "each column name once");
    else {
      seen.add(h);
      return;
    }
    named = false;
  });

  // A file without the expected columns is probably not a table at all: say so and echo nothing more.
  // After a blank or repeated name (the root problem) a missing column is its follow-on: not reported.
  const missing = named ? required.filter((c) => !seen.has(c)) : [];
  if (missing.length) {
    problems.add(
      `${file} row 1`,
      `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
      header.join(","),
      `columns ${required.join(", ")}`,
    );
    return { header, rows: [] };
  }
  const rows: CsvRows["rows"] = [];
  for (let r = tokens.next(); r; r = tokens.next()) {
    const cells = r.cells;
    if (cells.length === 1 && cells[0].trim() === "" && !r.problem) continue; // a blank line
    if (r.problem) {
      problems.add(
        `${file} row ${r.row} column ${header[r.problem.column - 1] ?? r.problem.column}`,
        r.problem.message,
      );
      continue;
    }
    if (cells.length !== header.length) {
      const hint = decimalCommaHint(cells, header.length);
      problems.add(
        `${file} row ${r.row}`,
        `has ${cells.length} cells; the header has ${header.length}${hint}`,
        undefined,
        `${header.length} cells`,
      );
      continue;
    }
    rows.push({ row: r.row, cells });
  }
  return { header, rows };
}

/** A model's numeric table (`{"csv": ...}`) from CSV text: every cell a plain decimal number (`parseDecimal`), errors by file, row and column. */
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
      if (x === undefined)
        problems.add(`${file} row ${row} column ${h}`, whyNotDecimal(cells[j]), cells[j], "a decimal number");
      columns[h].push(x ?? NaN);
    });
  }
  // The key must go up from row to row (lookup() takes the last row at or below its argument): said here
  // with the file and its row; the model's check named only "tables.lt.columns.Age[61]", counting from 0.
  const keys = columns[key];
  // An unreadable key cell (NaN) is already reported: not also "out of order".
  for (let i = 1; i < keys.length; i++)
    if (!Number.isNaN(keys[i]) && !Number.isNaN(keys[i - 1]) && !(keys[i] > keys[i - 1])) {
      problems.add(
        `${file} row ${rows[i].row} column ${key}`,
        `${keys[i]} after ${keys[i - 1]}: the key column must be strictly increasing, one row per value, in order`,
        keys[i],
        `a value above ${keys[i - 1]}`,
      );
      break;
    }
  problems.throwIfAny("cannot read table");
  return { key, columns: { ...columns }, source: file };
}
