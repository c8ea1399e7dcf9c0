/**
 * PSA samples from any model, as CSV text (SAVI's input): an inputs table (one row per draw, one
 * column per parameter) and either a net-benefit table (one column per strategy) or a costs and an
 * effects table (the same strategy columns). Cells are read by the one strict number reader
 * (parseDecimal); every problem names file, row, column and value.
 */
import { csvParseRows } from "d3-dsv";
import { Problems } from "../model/errors.js";
import { parseDecimal, whyNotDecimal } from "../model/io/number.js";
import type { PsaOutcomes } from "./stats.js";

export interface NumericTable {
  file: string;
  columns: string[];
  values: Float64Array[];
  rows: number;
  /** Columns (by index) with a cell that could not be read: their values are incomplete. */
  unread?: Set<number>;
}

/**
 * Reads a numeric CSV (header row, `,` separated, `.` decimals); all problems collected. A UTF-8
 * BOM, CRLF line ends and empty lines at the end of the file are accepted; every other row must
 * have one field per header column (an extra or missing field is an error, never dropped or
 * padded), and a semicolon- or tab-separated export is recognised and named as such.
 */
export function readNumericCsv(text: string, file: string, problems: Problems): NumericTable {
  const all = csvParseRows(text.replace(/^\uFEFF/, ""));
  while (all.length > 0 && isBlankLine(all[all.length - 1])) all.pop();
  const header = all.length > 0 ? all[0] : [];
  const body = all.slice(1);
  const columns = header.map((c) => c.trim());
  const separator =
    columns.length === 1 ? (header[0].includes(";") ? "semicolons" : header[0].includes("\t") ? "tabs" : "") : "";
  if (separator) {
    problems.add(
      `${file} row 1`,
      separator === "tabs"
        ? "the file is separated by tabs"
        : "the file is separated by semicolons (a European spreadsheet export)",
      header[0],
      "comma-separated columns with '.' decimals: save as 'CSV (comma delimited)' with a '.' decimal separator",
    );
    return { file, columns, values: [], rows: body.length };
  }
  if (columns.length === 0) problems.add(`${file}`, "the file is empty", "", "a header row and one row per draw");
  else if (body.length === 0)
    problems.add(`${file}`, "no data rows, only a header", header.join(","), "one row per draw");
  columns.forEach((c, j) => {
    if (c === "")
      problems.add(
        `${file} row 1 column ${j + 1}`,
        j === 0 && columns.length > 1
          ? "blank column name (R's write.csv writes row names there: use row.names = FALSE, or delete the column)"
          : "blank column name",
      );
    if (columns.indexOf(c) !== j) problems.add(`${file} row 1 column ${j + 1}`, "duplicate column name", c);
  });
  const values = columns.map(() => new Float64Array(body.length));
  const unread = new Set<number>();
  body.forEach((r, i) => {
    const row = i + 2;
    if (isBlankLine(r)) {
      problems.add(`${file} row ${row}`, "blank line", "", `${columns.length} numbers (one per column)`);
      return;
    }
    if (r.length !== columns.length) {
      problems.add(
        `${file} row ${row}`,
        `has ${r.length} field${r.length === 1 ? "" : "s"} but the header has ${columns.length} columns`,
        r.join(","),
        `${columns.length} numbers, one per column (${columns.join(", ")})`,
      );
      return;
    }
    r.forEach((cell, j) => {
      const x = parseDecimal(cell);
      if (x === undefined) {
        problems.add(`${file} row ${row} column ${columns[j]}`, whyNotDecimal(cell), cell, "a number");
        unread.add(j);
      } else values[j][i] = x;
    });
  });
  return { file, columns, values, rows: body.length, unread };
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

function sameRows(a: NumericTable, b: NumericTable, problems: Problems): void {
  if (a.rows > 0 && b.rows > 0 && a.rows !== b.rows)
    problems.add(
      `${b.file}`,
      `has ${b.rows} draws (rows) but ${a.file} has ${a.rows}`,
      b.rows,
      `${a.rows} rows, one per draw, in the same order`,
    );
}

export interface VoiSamples {
  inputs: NumericTable;
  /** Net benefit per strategy, at the given WTP (from costs/effects) or as given. */
  nb: (wtp: number) => Float64Array[];
  outcomes?: PsaOutcomes;
  strategies: string[];
}

/** Reads and checks the samples: equal row counts, numbers only, no constant parameter column. */
export function readVoiSamples(files: {
  inputs: [string, string];
  nb?: [string, string];
  costs?: [string, string];
  effects?: [string, string];
}): VoiSamples {
  const problems = new Problems();
  const inputs = readNumericCsv(files.inputs[1], files.inputs[0], problems);
  let result: VoiSamples | undefined;
  if (files.nb) {
    const nb = readNumericCsv(files.nb[1], files.nb[0], problems);
    sameRows(inputs, nb, problems);
    if (nb.columns.length < 2)
      problems.add(`${nb.file} row 1`, "needs one column per strategy, at least two", nb.columns.join(","));
    result = { inputs, nb: () => nb.values, strategies: nb.columns };
  } else if (files.costs && files.effects) {
    const c = readNumericCsv(files.costs[1], files.costs[0], problems);
    const e0 = readNumericCsv(files.effects[1], files.effects[0], problems);
    sameRows(inputs, c, problems);
    sameRows(inputs, e0, problems);
    // Strategies are matched by name: the same names in another order are reordered, never paired by position.
    const e = inOrderOf(c.columns, e0) ?? e0;
    if (e === e0 && c.columns.join(",") !== e0.columns.join(","))
      problems.add(
        `${e0.file} row 1`,
        `the strategy columns differ from ${c.file}'s: costs and effects are matched by strategy name`,
        e0.columns.join(","),
        `the same names as ${c.file} (${c.columns.join(",")}), in any order`,
      );
    if (c.columns.length < 2)
      problems.add(`${c.file} row 1`, "needs one column per strategy, at least two", c.columns.join(","));
    const outcomes: PsaOutcomes = { strategies: c.columns, costs: c.values, effects: e.values };
    result = {
      inputs,
      outcomes,
      strategies: c.columns,
      nb: (wtp) => c.values.map((col, s) => Float64Array.from(col, (x, k) => e.values[s][k] * wtp - x)),
    };
  } else {
    problems.add("options", "give either a net-benefit table or both a costs and an effects table");
  }
  if (inputs.rows === 1)
    problems.add(
      `${inputs.file}`,
      "only 1 draw: value of information compares draws",
      inputs.rows,
      "at least 2 draws (rows), in practice thousands",
    );
  // A column with an unreadable cell is not judged constant: its unread cells hold no value (already reported).
  inputs.values.forEach((col, j) => {
    if (col.length > 1 && !inputs.unread?.has(j) && col.every((x) => x === col[0]))
      problems.add(
        `${inputs.file} column ${inputs.columns[j]}`,
        "the column is constant: a parameter that does not vary has no value of information (drop the column)",
        col[0],
        "a column that varies across draws",
      );
  });
  problems.throwIfAny("PSA samples");
  return result!;
}
