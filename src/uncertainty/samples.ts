/**
 * PSA samples from any model, as CSV text (SAVI's input): an inputs table (one row per draw, one
 * column per parameter) and either a net-benefit table (one column per strategy) or a costs and an
 * effects table (the same strategy columns). Cells are read by the one strict number reader
 * (parseDecimal); every problem names file, row, column and value.
 */
import { Problems } from "../model/errors.js";
import { CsvTokenizer, decimalCommaHint, type CsvRecord } from "../model/io/csv-table.js";
import { parseDecimal, whyNotDecimal } from "../model/io/number.js";
import { stripBom } from "../model/io/text.js";
import type { PsaOutcomes } from "./stats.js";
import { isDrawName, longLayout, OUTCOME_TEXT, readLongTable, type Outcome, type SampleRole } from "./long-samples.js";

export interface NumericTable {
  file: string;
  columns: string[];
  values: Float64Array[];
  rows: number;
  /** Columns (by index) with a cell that could not be read: their values are incomplete. */
  unread?: Set<number>;
  /** What the reader did that a user should know (e.g. R's row-name column read as draw numbers). */
  notes?: string[];
  /**
   * The header could not be read as column names (another separator, an empty file, a blank or
   * repeated name), already reported: checks of its columns against another file's are skipped.
   */
  unnamed?: boolean;
  /** A blank line inside the data was counted as a draw: its row count is not compared with another file's. */
  miscounted?: boolean;
  /**
   * The draw ids, in the order of the rows read: a long table's (long-samples.ts), a wide table's draw
   * column's; matched with another file's.
   */
  drawIds?: string[];

  /** The column a long outcome table's values were read from. */
  valueColumn?: string;
  /** Rows at the end of nothing but commas, left out (a spreadsheet's empty rows, or a failed last draw). */
  emptyRows?: number;
  /** Read as a long table (long-samples.ts), one row per draw and strategy. */
  long?: boolean;
}

/**
 * Reads a numeric CSV (header row, `,` separated, `.` decimals); all problems collected. A UTF-8
 * BOM, CRLF line ends and empty lines at the end of the file are accepted; every other row must
 * have one field per header column (an extra or missing field is an error, never dropped or
 * padded), and a semicolon-, tab- or space-separated export is recognised and named as such.
 * Records are split by the strict tokenizer (CsvTokenizer): an unterminated quote is named at the
 * row and column where it opens, and text after a closing quote or a quote inside an unquoted cell
 * at its row and column, where d3-dsv's csvParseRows read the rest of the file as one cell (then
 * "has 499 draws") or dropped the character after the quote and split the cell in two.
 */
export function readNumericCsv(text: string, file: string, problems: Problems, role?: SampleRole): NumericTable {
  const { all, broken, emptyRows } = splitRecords(text);
  const named = all.length > 0 ? all[0].map((c) => c.trim()) : [];
  const where = (index: number, column: number) =>
    `${file} row ${index + 1} column ${(index > 0 && named[column - 1]) || column}`;
  // An unterminated quote makes the rest of the file one cell: no row after it can be read, so
  // it is the one problem reported (not also a short row, a row count or "no data rows").
  const open = [...broken].find(([, p]) => p.message.startsWith("unterminated quote"));
  if (open) {
    problems.add(where(open[0], open[1].column), open[1].message, undefined, 'a closing " for every opening "');
    return { file, columns: named, values: [], rows: 0, unnamed: true };
  }
  const { header, body, rowNumbers, drawIds } = withoutRowNumbers(all.length > 0 ? all[0] : [], all.slice(1), file);
  const columns = header.map((c) => c.trim());
  // The separator is judged on the first line as written, outside quotes: the CSV parser splits a
  // quoted header such as R's write.table `"a"\t"b"` or `"a" "b"` into odd fields.
  const firstLine = stripBom(text).split(/\r?\n/, 1)[0];
  const separator = separatorOf(firstLine, columns, body);
  if (separator) {
    problems.add(`${file} row 1`, SEPARATOR_PROBLEM[separator], firstLine, SEPARATOR_FIX[separator]);
    return { file, columns, values: [], rows: body.length, unnamed: true };
  }
  const headerProblem = broken.get(0);
  if (headerProblem) {
    problems.add(where(0, headerProblem.column), headerProblem.message, firstLine, "a header of column names");
    return { file, columns, values: [], rows: body.length, unnamed: true };
  }
  const { unnamed, empty } = checkHeader(header, columns, body, file, problems);
  // One row per draw and strategy (hesim's, heemod's, a tidy data frame's): reshaped, with a note.
  const long = role && !broken.size ? longLayout(header, body) : undefined;
  if (long) {
    if (unnamed) return { file, columns, values: [], rows: 0, unnamed: true };
    const t = readLongTable(header, body, long, file, role!, problems);
    // R's row names of a long table number its rows, not its draws.
    const rowNames = [
      ...rowNumbers.map((n) => `${n}: read as row numbers and left out`),
      ...emptyRowsNote(file, emptyRows),
    ];
    return { ...t, notes: [...rowNames, ...(t.notes ?? [])], emptyRows };
  }
  const notes = [
    ...rowNumbers.map((n) => `${n}: read as the draw numbers, not as a parameter or strategy`),
    ...emptyRowsNote(file, emptyRows),
  ];
  const values = columns.map(() => new Float64Array(body.length));
  const unread = new Set<number>();
  // Every data row with one more field than the header, that field blank: a trailing comma on the data
  // lines but not the header (a spreadsheet's empty last column). One problem, not one per row (a
  // 1,000-draw file gave 100 lines and "and 900 more").
  const trailing =
    body.length > 1 &&
    !broken.size &&
    body.every((r) => isBlankLine(r) || (r.length === columns.length + 1 && r[r.length - 1].trim() === ""));
  if (trailing) {
    problems.add(
      `${file} rows 2 to ${body.length + 1}`,
      `every data row ends with a comma (an empty field after the last of the header's ${columns.length} columns), the header does not`,
      body[0].join(","),
      "no trailing comma on the data rows (delete the empty last column in the spreadsheet), or the same on the header",
    );
    columns.forEach((_, j) => unread.add(j));
    // A blank line among the rows is a line of no fields, allowed by the check above: its row is not a draw.
    return { file, columns, values, rows: body.length, unread, notes, unnamed, miscounted: body.some(isBlankLine) };
  }
  const miscounted = readRows(body, { columns, empty, broken, values, unread }, where, file, problems);
  const t = { file, columns, values, rows: body.length, unread, notes, unnamed, miscounted, drawIds, emptyRows };
  return role && !unnamed && !miscounted && !drawIds ? withDrawColumn(t, body, role) : t;
}

/**
 * A wide table's column named as draws (hesim's `sample`, `draw`, `iteration`: long-samples.ts) that
 * holds different whole numbers in every row: its draw ids, not a parameter or strategy (regressed
 * as one, it got an EVPPI of its own), and what matches its rows with a long table's draws.
 */
function withDrawColumn(t: NumericTable, body: string[][], role: SampleRole): NumericTable {
  const ids = (k: number) =>
    !t.unread?.has(k) && t.values[k].every((x) => Number.isInteger(x)) && new Set(t.values[k]).size === t.rows;
  // In an outcome file only the first column, holding numbers no larger than ten times the draws: a
  // strategy named "Trial" or "id" whose net benefits are whole numbers (in cents) is a strategy.
  const idLike = (k: number) => role === "inputs" || (k === 0 && t.values[k].every((x) => Math.abs(x) <= 10 * t.rows));
  // `.draw` first: with one MCMC chain `.iteration` holds different numbers too.
  const candidates = t.columns.flatMap((c, k) => (isDrawName(c) && idLike(k) && ids(k) ? [k] : []));
  const j = candidates.find((k) => t.columns[k] === ".draw") ?? candidates[0] ?? -1;
  if (j < 0 || t.columns.length < 2) return t;
  // Beside `.draw`, the posterior package's draws_df (Stan, brms) numbers the chain and the iteration
  // within it: bookkeeping, not parameters (they were regressed, each with an EVPPI).
  const mcmc = t.columns[j] === ".draw" ? [".chain", ".iteration"].filter((c) => t.columns.includes(c)) : [];
  const keep = t.columns.map((_, k) => k).filter((k) => k !== j && !mcmc.includes(t.columns[k]));
  return {
    ...t,
    columns: keep.map((k) => t.columns[k]),
    values: keep.map((k) => t.values[k]),
    unread: new Set(keep.flatMap((k, c) => (t.unread?.has(k) ? [c] : []))),
    drawIds: body.map((r) => r[j].trim()),
    notes: [
      ...(t.notes ?? []),
      `${t.file}: column "${t.columns[j]}" holds a different whole number in every row: read as the draw ids, not as a parameter or strategy${
        mcmc.length ? `; ${mcmc.join(" and ")}, the MCMC chain and iteration numbers beside it, left out too` : ""
      }`,
    ],
  };
}

/**
 * readNumericCsv's checks of the header: an empty file or no data rows, blank, empty and repeated
 * column names. `unnamed`: the columns cannot be matched by name with another file's; `empty`: the
 * blank-named columns with no value in any row (each line ends with a comma), said once.
 */
function checkHeader(
  header: string[],
  columns: string[],
  body: string[][],
  file: string,
  problems: Problems,
): { unnamed: boolean; empty: Set<number> } {
  let unnamed = columns.length === 0;
  if (columns.length === 0) problems.add(`${file}`, "the file is empty", "", "a header row and one row per draw");
  else if (body.length === 0)
    problems.add(`${file}`, "no data rows, only a header", header.join(","), "one row per draw");
  // A blank-named column with no value in any row (each line ends with a comma): said once, its cells not again.
  const empty = new Set(
    columns.flatMap((c, j) => (c === "" && body.every((r) => (r[j] ?? "").trim() === "") ? [j] : [])),
  );
  columns.forEach((c, j) => {
    if (c === "" || columns.indexOf(c) !== j) unnamed = true;
    if (empty.has(j))
      problems.add(
        `${file} row 1 column ${j + 1}`,
        "blank column name and no values in any row: an empty column (each line ends with a comma)",
        undefined,
        "no such column: delete it in the spreadsheet, or the trailing comma of every line",
      );
    else if (c === "")
      problems.add(
        `${file} row 1 column ${j + 1}`,
        j === 0 && columns.length > 1
          ? "blank column name (R's write.csv writes row names there, pandas' to_csv its index: use row.names = FALSE in R, index=False in pandas, or delete the column)"
          : "blank column name",
      );
    // A second blank name is reported as blank (or as an empty column) above, not again as a duplicate.
    if (c !== "" && columns.indexOf(c) !== j) problems.add(`${file} row 1 column ${j + 1}`, "duplicate column name", c);
  });
  return { unnamed, empty };
}

/**
 * readNumericCsv's data rows into `values` (column j, draw i), each unreadable cell's column into
 * `unread`: a row refused by the tokenizer, a blank line or a row of the wrong length leaves every
 * column without its value there (unread, never judged constant). Returns whether a blank line
 * inside the data was counted as a draw.
 */
function readRows(
  body: string[][],
  t: {
    columns: string[];
    empty: Set<number>;
    broken: Map<number, NonNullable<CsvRecord["problem"]>>;
    values: Float64Array[];
    unread: Set<number>;
  },
  where: (index: number, column: number) => string,
  file: string,
  problems: Problems,
): boolean {
  const { columns, empty, broken, values, unread } = t;
  let miscounted = false;
  let blanks = 0;
  let lastBlank = 0;
  // Unreadable cells by column: the first few named each, the rest counted (a file of decimal commas
  // in quoted cells gave a problem for each of its 2,000 cells).
  const bad = columns.map(() => [] as Array<{ row: number; cell: string }>);
  body.forEach((r, i) => {
    const row = i + 2;
    // A row refused whole leaves every column without its value there (unread, never judged constant).
    const syntax = broken.get(i + 1);
    if (syntax) {
      problems.add(where(i + 1, syntax.column), syntax.message, undefined, "a number");
      columns.forEach((_, j) => unread.add(j));
      return;
    }
    if (isBlankLine(r)) {
      // The first three named, the rest counted once below (a file whose lines end CR CR LF has a
      // blank line after each row: 1,000 problems).
      if (++blanks <= 3)
        problems.add(`${file} row ${row}`, "blank line", "", `${columns.length} numbers (one per column)`);
      else lastBlank = row;
      columns.forEach((_, j) => unread.add(j));
      miscounted = true;
      return;
    }
    // A units or labels row under the header ("GBP,GBP"): one problem, and not a draw to count.
    if (
      i === 0 &&
      body.length > 1 &&
      r.length === columns.length &&
      // Not a row of missing values (NA, #N/A): a failed draw, whose deletion would misalign the draws.
      r.every((c) => parseDecimal(c) === undefined && c.trim() !== "" && !/^missing value/.test(whyNotDecimal(c)))
    ) {
      problems.add(
        `${file} row 2`,
        "no cell of this row is a number: a row of units or labels under the header?",
        r.join(","),
        "one row per draw after the header: delete this row",
      );
      columns.forEach((_, j) => unread.add(j));
      miscounted = true;
      return;
    }
    if (r.length !== columns.length) {
      problems.add(
        `${file} row ${row}`,
        `has ${r.length} field${r.length === 1 ? "" : "s"} but the header has ${columns.length} columns${decimalCommaHint(r, columns.length, { numeric: true })}`,
        r.join(","),
        `${columns.length} numbers, one per column (${columns.join(", ")})`,
      );
      columns.forEach((_, j) => unread.add(j));
      return;
    }
    r.forEach((cell, j) => {
      if (empty.has(j)) return;
      const x = parseDecimal(cell);
      if (x === undefined) {
        bad[j].push({ row, cell });
        unread.add(j);
      } else values[j][i] = x;
    });
  });
  if (blanks > 3)
    problems.add(
      `${file}`,
      `${blanks - 3} more blank lines, the last at row ${lastBlank}${blanks > body.length / 3 ? " (a blank line after every row: line ends written twice, CR CR LF?)" : ""}`,
      undefined,
      "one row per draw, no blank lines: save the file again with one line end per row",
    );
  reportUnreadCells(bad, columns, file, problems);
  return miscounted;
}

/**
 * The header and rows without their leading columns of row or draw numbers (R's row names, again after
 * a read.csv/write.csv round trip: `"",X`; pandas' index, twice: `,Unnamed: 0`), each described in
 * `rowNumbers` (the caller says how it was read); or as they are. A column named as draws (`draw`,
 * `iteration`, `sim`, ...: isDrawName) holds the draws' ids, kept in `drawIds` so that another file
 * with the same draws in another order is matched by them; row names are positions, not ids.
 */
function withoutRowNumbers(
  header: string[],
  body: string[][],
  file: string,
): { header: string[]; body: string[][]; rowNumbers: string[]; drawIds?: string[] } {
  const rowNumbers: string[] = [];
  let drawIds: string[] | undefined;
  // At most three: no writer stacks more, and a file of nothing but numbered columns stays as it is.
  for (let k = 0; k < 3; k++) {
    const writer = rowNumberColumn(header, body);
    if (!writer) break;
    const name = header[0].trim();
    const blank = name === "";
    rowNumbers.push(
      `${file}: the ${k === 0 ? "first" : "next"} column ${blank ? "has no name and" : `("${name}")`} holds ${writer.from} to ${body.length - 1 + writer.from}, as ${writer.by}`,
    );
    if (!blank && isDrawName(name)) drawIds ??= body.map((r) => r[0].trim());
    header = header.slice(1);
    body = body.map((r) => r.slice(1));
  }
  return { header, body, rowNumbers, drawIds };
}

/**
 * How a first column of row or draw numbers was written, or undefined. R's write.csv writes the row
 * names 1, 2, ..., n under a blank header first, pandas' to_csv its index 0, 1, ..., n − 1: read as
 * the draw numbers they are, said in a note; any other blank-headed first column is refused below.
 * The same numbers under a name (R's read.csv names the blank header "X", readr "...1", pandas
 * "Unnamed: 0"; a PSA's own "draw" or "iteration" column, as `cartecon psa --out` writes) are draw
 * numbers too: from 3 draws such a first column is read as them, with a note naming it (it was
 * regressed as a parameter, with an EVPPI of its own). Other names are left alone: a hand-made
 * example's first parameter may well hold 1, 2, 3.
 */
function rowNumberColumn(header: string[], body: string[][]): { from: number; by: string } | undefined {
  const numbered = (from: number) => body.every((r, i) => r[0]?.trim() === String(i + from));
  const blank = header.length > 1 && header[0].trim() === "";
  const indexName = header.length > 1 && isRowNumberName(header[0].trim()) && body.length >= 3;
  if (!((blank && body.length > 0) || indexName)) return undefined;
  if (numbered(1)) return { from: 1, by: blank ? "R's write.csv writes row names" : "a row or draw number" };
  if (numbered(0)) return { from: 0, by: blank ? "pandas' to_csv writes its index" : "a row or draw number (from 0)" };
  return undefined;
}

/** A column's unreadable cells: the first three named with row and value, the rest counted with their rows. */
function reportUnreadCells(
  bad: Array<Array<{ row: number; cell: string }>>,
  columns: string[],
  file: string,
  problems: Problems,
): void {
  const SHOWN = 3;
  bad.forEach((cells, j) => {
    const name = columns[j] || j + 1;
    for (const { row, cell } of cells.slice(0, SHOWN))
      problems.add(`${file} row ${row} column ${name}`, whyNotDecimal(cell), cell, "a number");
    if (cells.length > SHOWN) {
      const more = cells.slice(SHOWN);
      problems.add(
        `${file} column ${name}`,
        `${more.length} more cell${more.length === 1 ? "" : "s"} that ${more.length === 1 ? "is" : "are"} not a number, in rows ${more[0].row} to ${more[more.length - 1].row}`,
        more[0].cell,
        "a number in every cell",
      );
    }
  });
}

/**
 * Names that R (read.csv's "X"; readr's "...1"), pandas ("Unnamed: 0") and PSA tools give a column of
 * row or draw numbers, as a first column holding 1..n or 0..n − 1 (readNumericCsv): a draw's name
 * (isDrawName), or a row's.
 */
const isRowNumberName = (name: string): boolean =>
  isDrawName(name) || /^(X|\.\.\.1|[Uu]nnamed: ?0|[Rr]ows?|[Rr]ow ?(#|no\.?|num|number)|n|N|#|[Nn]o\.?)$/.test(name);

/**
 * The records of CSV text as the strict tokenizer splits them, without the blank lines and the rows of
 * nothing but separators at the end (`emptyRows` counts the latter), and each record's syntax problem
 * by its index (0 = the header).
 */
function splitRecords(text: string): {
  all: string[][];
  broken: Map<number, NonNullable<CsvRecord["problem"]>>;
  emptyRows: number;
} {
  const tokens = new CsvTokenizer(text);
  const all: string[][] = [];
  const broken = new Map<number, NonNullable<CsvRecord["problem"]>>();
  for (let r = tokens.next(); r; r = tokens.next()) {
    if (r.problem) broken.set(all.length, r.problem);
    all.push(r.cells);
  }
  while (all.length > 0 && isBlankLine(all[all.length - 1]) && !broken.has(all.length - 1)) all.pop();
  // A spreadsheet's empty rows saved at the end ("," or ",," lines): nothing but separators, read as
  // the blank lines they are (their cells were reported blank and the other file's row count wrong).
  let emptyRows = 0;
  while (all.length > 2 && all[all.length - 1].every((c) => c.trim() === "") && !broken.has(all.length - 1)) {
    all.pop();
    emptyRows++;
  }
  return { all, broken, emptyRows };
}

const SEPARATOR_PROBLEM = {
  tabs: "the file is separated by tabs",
  spaces: "the file is separated by spaces (R's write.table writes so by default)",
  semicolons: "the file is separated by semicolons (a European spreadsheet export)",
};
const WRITE_CSV_FIX =
  "comma-separated columns: in R write.csv(x), or write.table(x, sep = \",\"); from a spreadsheet 'CSV (comma delimited)'";
const SEPARATOR_FIX = {
  tabs: WRITE_CSV_FIX,
  spaces: WRITE_CSV_FIX,
  semicolons: "comma-separated columns with '.' decimals: save as 'CSV (comma delimited)' with a '.' decimal separator",
};

/** The separator of a file that is not comma-separated, judged on its first line outside quotes, or "". */
function separatorOf(firstLine: string, columns: string[], body: string[][]): "" | "semicolons" | "tabs" | "spaces" {
  const unquoted = firstLine.replace(/"[^"]*"/g, "");
  if (unquoted.includes(",")) return "";
  if (unquoted.includes(";")) return "semicolons";
  if (unquoted.includes("\t")) return "tabs";
  return /^"[^"]*"( "[^"]*")+$/.test(firstLine.trim()) || unquotedSpaces(columns, body) ? "spaces" : "";
}

/**
 * A note when a file's column names are all numbers, one of them not a whole number: a file saved
 * without its header row, whose first draw became the names (strategies "164850.0177…", one draw
 * fewer) without a word. Whole numbers ("1,2,3") are common strategy labels and get no note.
 */
function headerOfNumbers(t: NumericTable): string | undefined {
  const numbers = t.columns.map((c) => parseDecimal(c));
  if (numbers.some((x) => x === undefined) || numbers.every((x) => Number.isInteger(x))) return undefined;
  const shown = t.columns.slice(0, 3).join(", ") + (t.columns.length > 3 ? ", …" : "");
  return `${t.file}: every column name is a number (${shown}): if the file has no header row, its first draw was read as the names and is not among the ${t.rows} draws; add a header row (one name per column)`;
}

/** The note on a file's empty rows at its end (nothing but separators), none when there are none. */
function emptyRowsNote(file: string, n: number): string[] {
  return n === 0
    ? []
    : [
        `${file}: ${n} row${n === 1 ? " at the end holds" : "s at the end hold"} nothing but commas (a spreadsheet's empty rows): left out`,
      ];
}

function isBlankLine(row: string[]): boolean {
  return row.length === 1 && row[0].trim() === "";
}

/**
 * `table`'s columns in the order of `names` when both name the same strategies (possibly in another
 * order), else undefined.
 */
function inOrderOf(names: string[], table: NumericTable): NumericTable | undefined {
  if (names.length !== table.columns.length || names.some((s) => !table.columns.includes(s))) return undefined;
  return { ...table, columns: names, values: names.map((s) => table.values[table.columns.indexOf(s)]) };
}

/** A separator between the words of a column name (space, underscore, dot, hyphen, colon...). */
const isSep = (ch: string) => !/[\p{L}\p{N}]/u.test(ch);
const isDigit = (ch: string) => ch >= "0" && ch <= "9";

const isPoint = (ch: string | undefined) => ch === "." || ch === ",";
const isLowSurrogate = (ch: string) => ch >= "\uDC00" && ch <= "\uDFFF";

/**
 * Whether position i (0 < i < name.length) of a column name falls between two words: beside a
 * separator, between a letter and a digit, or before a capital that follows a small letter
 * ("costs|1", "cost_|A", "cost|A", "c_|soc"); never inside a number ("dose0.5" is not "dose0" and
 * ".5", which would pair it with "dose0.7") nor inside a character written as two UTF-16 units.
 */
function wordBoundary(name: string, i: number): boolean {
  const a = name[i - 1];
  const b = name[i];
  if (isLowSurrogate(b)) return false;
  if (isPoint(b) && isDigit(a) && isDigit(name[i + 1] ?? "")) return false;
  if (isPoint(a) && isDigit(name[i - 2] ?? "") && isDigit(b)) return false;
  if (isSep(a) || isSep(b)) return true;
  if (isDigit(a) !== isDigit(b)) return true;
  return a !== a.toUpperCase() && b !== b.toLowerCase();
}

/**
 * R's write.table(x, quote = FALSE): one header field holding spaces ("x y") over rows whose one
 * field is numbers between spaces ("1 0.5 7"); a single column named with a space ("p one") over
 * plain numbers is not such a file.
 */
function unquotedSpaces(columns: string[], body: string[][]): boolean {
  if (columns.length !== 1 || !/\s/.test(columns[0]) || body.length === 0 || body[0].length !== 1) return false;
  const words = body[0][0].trim().split(/\s+/);
  return words.length > 1 && words.every((w) => parseDecimal(w) !== undefined);
}

/**
 * Each column's name without the words every column of the file begins and ends with ("costs1",
 * "costs2" → "1", "2"; "A_cost", "B_cost" → "A", "B"; "c_soc", "c_surgery" → "soc", "surgery");
 * undefined when a name would be left empty or two would be the same.
 */
function strategyKeys(columns: string[]): string[] | undefined {
  if (columns.length < 2) return undefined;
  const { pre, suf } = commonAffixes(columns);
  // Nothing else is dropped: a sign, a symbol or a separator left at either end stays part of the
  // name ("c_+1" and "e_-1" are different strategies, never both "1").
  const keys = columns.map((c) => c.slice(pre, c.length - suf));
  if (keys.some((k) => k === "") || new Set(keys).size !== keys.length) return undefined;
  return keys;
}

/** The lengths of the words every column begins (`pre`) and ends (`suf`) with, whole words only. */
function commonAffixes(columns: string[]): { pre: number; suf: number } {
  let pre = 0;
  while (pre < columns[0].length && columns.every((c) => c[pre] === columns[0][pre])) pre++;
  while (pre > 0 && !columns.every((c) => pre < c.length && wordBoundary(c, pre))) pre--;
  let suf = 0;
  const at = (c: string, j: number) => c[c.length - 1 - j];
  while (suf < columns[0].length - pre && columns.every((c) => at(c, suf) === at(columns[0], suf))) suf++;
  while (suf > 0 && !columns.every((c) => c.length - suf > pre && wordBoundary(c, c.length - suf))) suf--;
  return { pre, suf };
}

/**
 * The outcome a wide table's columns say they hold by the words they all share ("effects1, effects2";
 * "Chemo_Cost, Radio_Cost"), or undefined: a costs file given as the effects (swapped options) was
 * read as effects, with an EVPI of nonsense.
 */
function outcomeOfColumns(columns: string[], plural = false): Outcome | undefined {
  if (columns.length < 2) return undefined;
  const { pre, suf } = commonAffixes(columns);
  const shared = `${columns[0].slice(0, pre)} ${columns[0].slice(columns[0].length - suf)}`.toLowerCase();
  const words = shared.split(/[^a-z]+/).filter(Boolean);
  const says = (re: RegExp) => words.some((w) => re.test(w));
  // `plural`: only the plural words (a net-benefit file's strategies "Low cost, High cost" or
  // "e-health, e-consult" share a singular word or a letter; "costs1, costs2" is a costs file).
  const cost = says(plural ? /^costs$/ : /^(costs?|c)$/);
  const effect = says(
    plural ? /^(effects|qalys|lys|lygs|dalys)$/ : /^(effects?|eff|effectiveness|qalys?|lys?|lygs?|dalys?|utility|e)$/,
  );
  const nb = says(/^(nmb|nb|inmb|inb|nhb|net)$/);
  if (nb) return cost || effect ? undefined : "nb";
  if (cost !== effect) return cost ? "costs" : "effects";
  return undefined;
}

/**
 * Names of a column that a spreadsheet or another tool writes beside the strategies of an outcome table
 * (the threshold, the price year, the discount rate): not a strategy when the same in every row.
 */
const SETTING_NAMES = /^(wtp|lambda|threshold|ceiling|price_?year|currency|dr|discount(_?rate)?)$/i;

/**
 * A wide outcome table without its columns that hold one setting (a constant `wtp` or `price_year`
 * column), said in a note: read as a strategy, a constant `wtp` column was chosen as optimal.
 */
function withoutSettings(t: NumericTable): NumericTable {
  if (t.unnamed || t.long || t.columns.length < 3) return t;
  const setting = t.columns.flatMap((c, j) =>
    // Not 0: a reference strategy's constant net benefit of 0 is a strategy whatever its name.
    SETTING_NAMES.test(c) && !t.unread?.has(j) && t.values[j][0] !== 0 && t.values[j].every((x) => x === t.values[j][0])
      ? [j]
      : [],
  );
  if (setting.length === 0 || setting.length > t.columns.length - 2) return t;
  const keep = t.columns.map((_, j) => j).filter((j) => !setting.includes(j));
  return {
    ...t,
    columns: keep.map((j) => t.columns[j]),
    values: keep.map((j) => t.values[j]),
    unread: new Set(keep.flatMap((j, c) => (t.unread?.has(j) ? [c] : []))),
    notes: [
      ...(t.notes ?? []),
      `${t.file}: left out, the same in every row and named as a setting, not a strategy: ${setting.map((j) => `${t.columns[j]} = ${t.values[j][0]}`).join(", ")}`,
    ],
  };
}

/**
 * A wide outcome table whose columns are named as another outcome than `role`: refused, with the fix.
 * `beside`: the other outcome table given with it (costs beside effects): a word both files share is
 * the strategies' own ("Low cost", "High cost" in both), not a swap, and is let pass.
 */
function refuseNamedAsOther(t: NumericTable, role: Outcome, problems: Problems, beside?: NumericTable): void {
  if (t.unnamed || t.long) return;
  const said = outcomeOfColumns(t.columns, role === "nb");
  if (!said || said === role) return;
  if (beside && !beside.unnamed && !beside.long && outcomeOfColumns(beside.columns) === said) return;
  const [is, given] = [OUTCOME_TEXT[said], OUTCOME_TEXT[role]];
  problems.add(
    `${t.file} row 1`,
    `the columns are named as ${is.words} (${t.columns.slice(0, 3).join(", ")}${t.columns.length > 3 ? ", ..." : ""}), but the file is given as the ${given.words}`,
    t.columns.join(","),
    `the ${is.words} file given as ${is.option}${said === "nb" ? " (alone)" : ""}, the ${given.words} file as ${given.option}`,
  );
}

/** A column name as R's make.names (read.csv's check.names) writes it, without the "X" it puts before a digit or '.'. */
function asRNames(name: string): string {
  const r = name.replace(/[^\p{L}\p{N}._]/gu, ".");
  return /^X[\d.]/.test(r) ? r.slice(1) : r;
}

/**
 * The effects table matched to the costs' strategies: by name (the same names in any order), else
 * by each name as R's read.csv rewrites it ("Status quo" and "Status.quo"), else by each name
 * without the words common to its file's columns (SAVI's own files name them costs1, costs2 and
 * effects1, effects2), with a note saying which columns were paired. Never by position
 * alone: undefined when neither matches.
 */
function pairStrategies(
  c: NumericTable,
  e: NumericTable,
): { effects: NumericTable; strategies: string[]; note?: string } | undefined {
  const same = inOrderOf(c.columns, e);
  if (same) return { effects: same, strategies: c.columns };
  // One file read into R and written back: read.csv's check.names rewrote "Status quo" as
  // "Status.quo" and "1" as "X1". Paired when that rewriting makes both files' names the same.
  const rc = c.columns.map(asRNames);
  const re = e.columns.map(asRNames);
  const byR = new Set(rc).size === rc.length && inOrderOf(rc, { ...e, columns: re });
  if (byR) {
    const pairs = c.columns.map((n, s) => `${n} with ${e.columns[re.indexOf(rc[s])]}`);
    return {
      effects: byR,
      strategies: c.columns,
      note: `${c.file} and ${e.file} write their strategy names differently; paired as R's read.csv rewrites names (every character but a letter, digit, '.' or '_' as '.', an 'X' before a leading digit): ${pairs.join(", ")}`,
    };
  }
  const kc = strategyKeys(c.columns);
  const ke = strategyKeys(e.columns);
  if (!kc || !ke) return undefined;
  const byKey = inOrderOf(kc, { ...e, columns: ke });
  if (!byKey) return undefined;
  const pairs = kc.map((k, s) => `${c.columns[s]} with ${e.columns[ke.indexOf(k)]} (strategy "${k}")`);
  return {
    effects: byKey,
    strategies: kc,
    note: `${c.file} and ${e.file} name their strategy columns differently; paired by the names without the words common to each file's columns: ${pairs.join(", ")}`,
  };
}

/**
 * `b`'s rows checked against `a`'s: the same count, and, when both have draw ids (a long table, or a
 * wide one with a draw column), the same draws: in another order, `b`'s columns are put in `a`'s
 * order, with a note; other draws are refused.
 */
function sameRows(a: NumericTable, b: NumericTable, problems: Problems): void {
  // A blank line inside the data is the problem reported, not the row count it added to (docs/cli.md:
  // a mistake is reported once, at its root).
  if (a.miscounted || b.miscounted) return;
  if (a.rows > 0 && b.rows > 0 && a.rows !== b.rows)
    problems.add(
      `${b.file}`,
      `has ${b.rows} draws (rows) but ${a.file} has ${a.rows}${[a, b]
        .filter((t) => t.emptyRows)
        .map(
          (t) =>
            `; ${t.file}'s last ${t.emptyRows} row${t.emptyRows === 1 ? "" : "s"}, of nothing but commas, ${t.emptyRows === 1 ? "was" : "were"} left out as empty: a draw of missing values (pandas writes NaN as an empty cell)?`,
        )
        .join("")}`,
      b.rows,
      `${a.rows} rows, one per draw, in the same order`,
    );
  else if (a.drawIds && b.drawIds && a.drawIds.some((d, i) => d !== b.drawIds![i]))
    matchById(a, b, a.drawIds, problems);
  else if (!a.drawIds !== !b.drawIds) {
    // One file numbers its draws, the other does not (R's row names and pandas' index are positions,
    // not ids): rows are matched by position, which is right when the ids follow the rows; ids in
    // another order are said, with the fix (the review of s40 found both readings of row names in use).
    const [ids, other] = a.drawIds ? [a, b] : [b, a];
    const x = ids.drawIds!.map((d) => parseDecimal(d));
    const ascending = x.every((v, i) => v !== undefined && (i === 0 || v > x[i - 1]!));
    if (!ascending)
      (b.notes ??= []).push(
        `${ids.file} numbers its draws (${ids.drawIds!.slice(0, 3).join(", ")}, ...) in another order than its rows, ${other.file} does not: matched row by row, by position; if ${other.file}'s rows are in draw order, add its draw column so that they are matched by draw id`,
      );
  }
}

/**
 * `b`'s columns put in the order of `order` (a's draw ids) by b's draw ids; other draws refused. Ids
 * are compared as text, or as numbers when every id of both is a whole number and the texts differ
 * (pandas writes the draw 1 as 1.0 in a column of floats), said in the note.
 */
function matchById(a: NumericTable, b: NumericTable, order: string[], problems: Problems): void {
  const own = b.drawIds!;
  const whole = (ids: string[]) => ids.every((d) => Number.isInteger(parseDecimal(d)));
  const texts = new Set(own);
  const byNumber = !order.every((d) => texts.has(d)) && whole(order) && whole(own);
  const key = (d: string) => (byNumber ? String(parseDecimal(d)) : d);
  const at = new Map(own.map((d, i) => [key(d), i]));
  const missing = order.find((d) => !at.has(key(d)));
  if (missing !== undefined || at.size !== own.length) {
    problems.add(
      `${b.file}`,
      `holds other draws than ${a.file}: ${missing !== undefined ? `draw ${missing} of ${a.file} is not in it` : "a draw id is given twice"}`,
      missing,
      `the draws of ${a.file}, each once`,
    );
    return;
  }
  const index = order.map((d) => at.get(key(d))!);
  const reordered = index.some((i, k) => i !== k);
  b.values = b.values.map((col) => Float64Array.from(index, (i) => col[i]));
  b.drawIds = [...order];
  (b.notes ??= []).push(
    `${b.file}: the same draws as ${a.file}${reordered ? " in another order" : ""}: matched by draw id${
      byNumber ? ` (compared as numbers: ${own[index[0]]} in ${b.file} is ${order[0]} in ${a.file})` : ""
    }`,
  );
}

export interface VoiSamples {
  /** The parameters, one column per parameter; without an inputs file, no columns (EVPI and CEAC only). */
  inputs: NumericTable;
  /** Whether an inputs file was given: without one there is no EVPPI (and no group can be named). */
  inputsGiven: boolean;
  /** Net benefit per strategy, at the given WTP (from costs/effects) or as given. */
  nb: (wtp: number) => Float64Array[];
  outcomes?: PsaOutcomes;
  /** The files the net benefits come from (the net-benefit file, or the costs and effects files), for messages. */
  outcomeFiles?: string[];
  strategies: string[];
  /** What the reader decided that a user should know (e.g. how differently named strategy columns were paired). */
  notes: string[];
  /** Input columns with one value in every draw, by name: left out of `inputs` (said in `notes`). */
  constant?: Map<string, number>;
}

/** An outcome table of one column: refused, with the fix for SAVI's incremental files (one column of increments). */
function oneColumn(t: NumericTable, problems: Problems): void {
  problems.add(
    `${t.file} row 1`,
    "needs one column per strategy, at least two",
    t.columns.join(","),
    "a column per strategy; a file of increments against one comparator (SAVI's incremental format) needs the comparator's column too: add a column of zeros",
  );
}

/**
 * The outcomes from a costs and an effects table: strategies matched by name (pairStrategies), never
 * by position; an effects table that is the costs table's text again refused.
 */
function costsAndEffects(
  c: NumericTable,
  e0: NumericTable,
  sameText: boolean,
  problems: Problems,
): Omit<VoiSamples, "inputs" | "inputsGiven"> {
  // One file given for both (a slip of the option or the file name): every effect would be a cost.
  if (sameText && c.rows > 0)
    problems.add(
      `${e0.file}`,
      `the effects table is the costs table (${c.file}) again, the same text: each effect would be read as the cost beside it`,
      undefined,
      "the effects (QALYs or life years) per strategy and draw in their own file",
    );
  // Strategies are matched by name (pairStrategies), never paired by position. A file whose
  // header could not be read (a semicolon export) is reported once, as such: its columns are not
  // compared ("the strategy columns differ") nor counted ("at least two"), follow-ons of that one problem.
  const named = !c.unnamed && !e0.unnamed;
  const paired = named ? pairStrategies(c, e0) : undefined;
  // A file of one column is reported as such (oneColumn), not also as strategies that differ.
  const single = [c, e0].filter((t) => !t.unnamed && t.columns.length < 2);
  if (named && !paired && single.length === 0)
    problems.add(
      `${e0.file} row 1`,
      `the strategy columns differ from ${c.file}'s: costs and effects are matched by strategy name`,
      e0.columns.join(","),
      `the same names as ${c.file} (${c.columns.join(",")}), in any order, or names that differ only in words every column of a file shares (costs1,costs2 and effects1,effects2)`,
    );
  for (const t of single) oneColumn(t, problems);
  const e = paired?.effects ?? e0;
  const strategies = paired?.strategies ?? c.columns;
  const outcomes: PsaOutcomes = { strategies, costs: c.values, effects: e.values };
  return {
    outcomes,
    outcomeFiles: [c.file, e0.file],
    strategies,
    notes: paired?.note ? [paired.note] : [],
    nb: (wtp) => c.values.map((col, s) => Float64Array.from(col, (x, k) => e.values[s][k] * wtp - x)),
  };
}

/** The files of a VOI run, each as [name, text]. */
export interface VoiFiles {
  inputs?: [string, string];
  nb?: [string, string];
  costs?: [string, string];
  effects?: [string, string];
}

/**
 * The inputs file given again as an outcome file (a slip of the option or the file name): its
 * parameters would be read as strategies. As for costs and effects, the same text is refused.
 */
function refuseInputsAsOutcome(files: VoiFiles, problems: Problems): void {
  for (const [what, f] of [
    ["net-benefit", files.nb],
    ["costs", files.costs],
    ["effects", files.effects],
  ] as const)
    if (files.inputs && f && f[1] === files.inputs[1] && f[1].trim() !== "")
      problems.add(
        f[0],
        `the ${what} table is the inputs table (${files.inputs[0]}) again, the same text: each parameter would be read as a strategy`,
        undefined,
        `the ${what === "net-benefit" ? "net benefits" : what} per strategy and draw in their own file`,
      );
}

/**
 * Reads and checks the samples: equal row counts, numbers only, at least one parameter that varies
 * (constant columns are left out of `inputs`, with a note). Without an inputs file (outputs only, as
 * dampack's psa_cdiff) `inputs` has no columns: the EVPI and CEAC need none, the EVPPI does.
 */
export function readVoiSamples(files: VoiFiles): VoiSamples {
  const problems = new Problems();
  // Every table read, for their notes.
  const tables: NumericTable[] = [];
  const byRole = new Map<SampleRole, NumericTable>();
  const read = (f: [string, string], role: SampleRole) => {
    const read = readNumericCsv(f[1], f[0], problems, role);
    const t = role === "inputs" ? read : withoutSettings(read);
    // A long table's strategy names come from its cells, not from a header that could be a draw.
    const missing = !t.unnamed && t.rows > 0 && !t.valueColumn ? headerOfNumbers(t) : undefined;
    if (missing) (t.notes ??= []).push(missing);
    tables.push(t);
    byRole.set(role, t);
    return t;
  };
  const given = files.inputs ? read(files.inputs, "inputs") : undefined;
  // A long inputs table keeps only the columns the same for a draw's strategies: the outcomes of the
  // same file (heemod's whole PSA table as --inputs, --costs and --effects) are not among them.
  if (!given?.long) refuseInputsAsOutcome(files, problems);
  // The table the others' row counts are checked against: the inputs, else the first outcome table.
  let base = given;
  // The first table with draw ids: every later one with ids is matched with it by id (two long
  // outcome files beside an inputs file without ids were matched with nothing but its row count).
  let byId = given?.drawIds ? given : undefined;
  const against = (t: NumericTable) => {
    if (base) sameRows(base, t, problems);
    else base = t;
    if (t.drawIds && byId && byId !== base && byId !== t) sameRows(byId, t, problems);
    else if (t.drawIds) byId ??= t;
  };
  // The outcomes; `inputs` is added at the end (without its constant columns).
  const result = readOutcomes(files, read, against, problems);
  const outputs = given && !given.unnamed ? outcomeColumns(given, result?.strategies ?? []) : new Map<string, string>();
  // One long file as inputs and outcomes (heemod's PSA table): the columns read as the outcomes are not
  // parameters, even where they are the same for every strategy of a draw (then the inputs kept them).
  if (given?.long)
    for (const [role, what, f] of [
      ["costs", "costs", files.costs],
      ["effects", "effects", files.effects],
      ["nb", "net benefits", files.nb],
    ] as const) {
      const t = f && f[1] === files.inputs![1] ? byRole.get(role) : undefined;
      if (t?.valueColumn && given.columns.includes(t.valueColumn))
        outputs.set(t.valueColumn, `the ${what} read from this file`);
    }
  const inputs: NumericTable = given ?? {
    file: base?.file ?? "",
    columns: [],
    values: [],
    rows: base?.rows ?? 0,
  };
  if (inputs.rows === 1)
    problems.add(
      `${inputs.file}`,
      "only 1 draw: value of information compares draws",
      inputs.rows,
      "at least 2 draws (rows), in practice thousands",
    );
  // A constant column (an MCMC export's fixed reference level, d[1] = 0 or rr[1,1] = 1; an
  // indicator fixed in this scenario) has no value of information: left out of the EVPPI with a
  // note naming it and its value, never refused (BCEA's and voi's own examples carry such columns).
  // A column with an unreadable cell is not judged constant: its unread cells hold no value (already reported).
  const constant = new Map<string, number>();
  if (inputs.rows > 1)
    inputs.values.forEach((col, j) => {
      if (!inputs.unread?.has(j) && !outputs.has(inputs.columns[j]) && col.every((x) => x === col[0]))
        constant.set(inputs.columns[j], col[0]);
    });
  if (inputs.columns.length > 0 && constant.size + outputs.size === inputs.columns.length)
    problems.add(
      `${inputs.file}`,
      outputs.size === 0
        ? `every parameter column is constant (${[...constant].map(([c, x]) => `${c} = ${x}`).join(", ")}): nothing varies, so nothing has a value of information`
        : `no parameter column is left to regress: ${[...outputs.keys(), ...constant.keys()].join(", ")} ${outputs.size + constant.size === 1 ? "is an outcome or constant" : "are outcomes or constant"}`,
      undefined,
      "at least one column that varies across draws",
    );
  problems.throwIfAny("PSA samples");
  const notes = tables.flatMap((t) => t.notes ?? []);
  // Said here, not only in the CLI's text: `--json` and any other reader of the notes would
  // otherwise get an empty EVPPI list with nothing saying why.
  if (!given)
    notes.push(
      `no inputs file: the EVPPI was not computed (it regresses the net benefit on the parameters' draws: give the inputs CSV, one row per draw, one column per parameter); the EVPI, ${result!.outcomes ? "CEAC, CEAF" : "probability that each strategy is best"} and expected loss are from the outcome files alone`,
    );
  let kept = inputs;
  if (outputs.size > 0)
    notes.push(
      `${inputs.file}: ${outputs.size === 1 ? "1 column is an outcome" : `${outputs.size} columns are the outcomes`} of a PSA draws file (as cartecon psa --out or heemod write them), not ${outputs.size === 1 ? "a parameter" : "parameters"}, and ${outputs.size === 1 ? "is" : "are"} not regressed (the EVPPI is of the inputs that made the outcomes): ${[...outputs].map(([c, why]) => `${c} (${why})`).join(", ")}`,
    );
  if (constant.size > 0 || outputs.size > 0) {
    const keep = inputs.columns
      .map((_, j) => j)
      .filter((j) => !constant.has(inputs.columns[j]) && !outputs.has(inputs.columns[j]));
    kept = { ...inputs, columns: keep.map((j) => inputs.columns[j]), values: keep.map((j) => inputs.values[j]) };
  }
  if (constant.size > 0) {
    const n = constant.size;
    notes.push(
      `${inputs.file}: ${n} column${n === 1 ? " is" : "s are"} the same in all ${inputs.rows} draws and not regressed: a parameter that does not vary has no value of information, so each is listed with EVPPI 0 (method constant): ${[...constant].map(([c, x]) => `${c} = ${x}`).join(", ")}`,
    );
  }
  return { ...result!, inputs: kept, inputsGiven: given !== undefined, constant, notes: [...notes, ...result!.notes] };
}

/**
 * readVoiSamples' outcome tables: the net-benefit table, or the costs and effects tables, each read
 * by `read` and its row count checked by `against`; undefined (with a problem) when neither is given.
 */
function readOutcomes(
  files: VoiFiles,
  read: (f: [string, string], role: SampleRole) => NumericTable,
  against: (t: NumericTable) => void,
  problems: Problems,
): Omit<VoiSamples, "inputs" | "inputsGiven"> | undefined {
  // Both kinds of outcome: which to use is the user's choice, never made here.
  if (files.nb && (files.costs || files.effects))
    problems.add(
      "options",
      `both a net-benefit table (${files.nb[0]}) and ${files.costs && files.effects ? "costs and effects tables" : files.costs ? "a costs table" : "an effects table"} (${[files.costs?.[0], files.effects?.[0]].filter(Boolean).join(", ")}) were given`,
      undefined,
      "either the net-benefit table or the costs and effects tables, not both",
    );
  if (files.nb) {
    const nb = read(files.nb, "nb");
    refuseNamedAsOther(nb, "nb", problems);
    against(nb);
    if (!nb.unnamed && nb.columns.length < 2) oneColumn(nb, problems);
    return { nb: () => nb.values, strategies: nb.columns, notes: [], outcomeFiles: [nb.file] };
  } else if (files.costs && files.effects) {
    const c = read(files.costs, "costs");
    const e0 = read(files.effects, "effects");
    refuseNamedAsOther(c, "costs", problems, e0);
    refuseNamedAsOther(e0, "effects", problems, c);
    against(c);
    against(e0);
    // One long file for both (heemod's PSA table) is fine when its costs and effects are different columns.
    const sameValues = files.costs[1] === files.effects[1] && c.valueColumn === e0.valueColumn;
    return costsAndEffects(c, e0, sameValues, problems);
  }
  problems.add("options", "give either a net-benefit table or both a costs and an effects table");
  return undefined;
}

/**
 * The inputs file's columns that are outcomes, not parameters, with why: the columns of a PSA draws
 * file (`cartecon psa --out` writes `cost_<strategy>` and `effect_<strategy>` for every strategy after
 * the parameters, and the docs give that file as `--inputs`), recognised only when the whole set is
 * there, a cost and an effect column for every strategy of the outcome files (or an `nb_`/`nmb_` column
 * for every one): a single parameter named `cost_surgery` beside a strategy `surgery` (a unit cost) is
 * a parameter. A column equal to an outcome column is not dropped either: in a decision tree the cost
 * of a strategy may be one parameter, and its EVPPI is wanted.
 */
function outcomeColumns(inputs: NumericTable, strategies: string[]): Map<string, string> {
  const found = new Map<string, string>();
  if (strategies.length === 0) return found;
  const has = (name: string) => inputs.columns.includes(name);
  const what: Record<string, string> = { cost_: "cost", effect_: "effect", nb_: "net benefit", nmb_: "net benefit" };
  for (const prefixes of [["cost_", "effect_"], ["nb_"], ["nmb_"]])
    if (strategies.every((st) => prefixes.every((p) => has(p + st))))
      for (const st of strategies) for (const p of prefixes) found.set(p + st, `strategy ${st}'s ${what[p]}`);
  return found;
}
