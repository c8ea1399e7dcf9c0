/**
 * PSA samples from any model, as CSV text (SAVI's input): an inputs table (one row per draw, one
 * column per parameter) and either a net-benefit table (one column per strategy) or a costs and an
 * effects table (the same strategy columns). Cells are read by the one strict number reader
 * (parseDecimal); every problem names file, row, column and value.
 */
import { csvParse } from "d3-dsv";
import { Problems } from "../model/errors.js";
import { parseDecimal, whyNotDecimal } from "../model/io/number.js";
import type { PsaOutcomes } from "./stats.js";

export interface NumericTable {
  file: string;
  columns: string[];
  values: Float64Array[];
  rows: number;
}

/** Reads a numeric CSV (header row, `.` decimals); all problems collected. */
export function readNumericCsv(text: string, file: string, problems: Problems): NumericTable {
  const rows = csvParse(text.replace(/^\uFEFF/, ""));
  const columns = rows.columns.map((c) => c.trim());
  if (columns.length === 0 || rows.length === 0)
    problems.add(`${file}`, "no data: expected a header row and one row per draw", rows.length);
  columns.forEach((c, j) => {
    if (c === "") problems.add(`${file} row 1 column ${j + 1}`, "blank column name");
    if (columns.indexOf(c) !== j) problems.add(`${file} row 1 column ${j + 1}`, "duplicate column name", c);
  });
  const values = columns.map(() => new Float64Array(rows.length));
  rows.forEach((r, i) => {
    rows.columns.forEach((raw, j) => {
      const cell = r[raw] ?? "";
      const x = parseDecimal(cell);
      if (x === undefined)
        problems.add(`${file} row ${i + 2} column ${columns[j]}`, whyNotDecimal(cell), cell, "a number");
      else values[j][i] = x;
    });
  });
  return { file, columns, values, rows: rows.length };
}

function sameRows(a: NumericTable, b: NumericTable, problems: Problems): void {
  if (a.rows !== b.rows)
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
  inputs.values.forEach((col, j) => {
    if (col.length > 1 && col.every((x) => x === col[0]))
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
