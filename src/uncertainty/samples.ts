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
}

/**
 * Reads a numeric CSV (header row, `.` decimals); all problems collected. A row with more or fewer
 * cells than the header is a problem (never padded or cut); `bad[j]` is true for a column with an
 * unreadable cell, whose values must not be used (they are not zeros).
 */
export function readNumericCsv(text: string, file: string, problems: Problems): NumericTable & { bad: boolean[] } {
  const all = csvParseRows(text.replace(/^\uFEFF/, ""));
  // Blank lines at the very end carry nothing (an editor's extra newline); inside the data they are an error.
  while (all.length > 1 && all[all.length - 1].length === 1 && all[all.length - 1][0] === "") all.pop();
  const columns = (all[0] ?? []).map((c) => c.trim());
  const rows = all.slice(1);
  if (text.trim() === "") problems.add(file, "the file is empty", "", "a header row and one row per draw");
  else if (rows.length === 0) problems.add(file, "no data rows, only a header", columns.join(","), "one row per draw");
  else if (columns.length === 1 && /[;\t]/.test(columns[0]))
    problems.add(
      `${file} row 1`,
      `one column only: the file seems to be separated by "${columns[0].includes(";") ? ";" : "tab"}"`,
      columns[0],
      "comma-separated columns with '.' decimals",
    );
  columns.forEach((c, j) => {
    if (c === "") problems.add(`${file} row 1 column ${j + 1}`, "blank column name");
    if (columns.indexOf(c) !== j) problems.add(`${file} row 1 column ${j + 1}`, "duplicate column name", c);
  });
  const values = columns.map(() => new Float64Array(rows.length));
  const bad = columns.map(() => false);
  rows.forEach((r, i) => {
    if (r.length !== columns.length) {
      if (r.length === 1 && r[0] === "")
        problems.add(`${file} row ${i + 2}`, "blank line", "", "one row per draw, no blank lines");
      else
        problems.add(
          `${file} row ${i + 2}`,
          `${r.length} cell${r.length === 1 ? "" : "s"} but the header has ${columns.length} columns`,
          r.join(","),
          `${columns.length} cells`,
        );
      bad.fill(true);
      return;
    }
    r.forEach((cell, j) => {
      const x = parseDecimal(cell);
      if (x === undefined) {
        problems.add(`${file} row ${i + 2} column ${columns[j]}`, whyNotDecimal(cell), cell, "a number");
        bad[j] = true;
      } else values[j][i] = x;
    });
  });
  return { file, columns, values, rows: rows.length, bad };
}

function sameRows(a: NumericTable, b: NumericTable, problems: Problems): void {
  // An empty table is reported on its own; comparing with it says nothing more.
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
    const e = readNumericCsv(files.effects[1], files.effects[0], problems);
    sameRows(inputs, c, problems);
    sameRows(inputs, e, problems);
    if (c.columns.join(",") !== e.columns.join(","))
      problems.add(
        `${e.file} row 1`,
        `the strategy columns differ from ${c.file}'s`,
        e.columns.join(","),
        c.columns.join(","),
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
      inputs.file,
      "only one draw (row): value of information needs the spread of many draws",
      1,
      "2 or more rows",
    );
  inputs.values.forEach((col, j) => {
    // A column with an unreadable cell is already reported; its other values prove nothing.
    if (!inputs.bad[j] && col.length > 1 && col.every((x) => x === col[0]))
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
