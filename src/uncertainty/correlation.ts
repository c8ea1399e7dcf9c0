/**
 * A correlation matrix for correlated PSA draws, read from CSV (`cartecon psa --correlation FILE`):
 * a header `parameter,<id 1>,…,<id k>` and one row per parameter, in the same order, with the
 * normal-scale correlations of the Gaussian copula (src/model/dist/sample.ts explains rank vs
 * normal-scale correlation; `normalFromRank` converts). Cells are read by parseDecimal; every
 * problem names the file, row, column and value. The matrix is checked here too (symmetric, unit
 * diagonal, entries in [−1, 1], positive definite apart from entries of ±1, which mean one shared
 * quantile: checkCorrelationMatrix), each problem named by
 * row and column of the file; with `drawn`, every parameter must be one the PSA draws (a fixed or
 * unknown one is named by its header column). The text is split by the strict reader every table
 * shares (readCsvRows): a semicolon file, a ragged row or an unclosed quote is named as such, and a
 * trailing empty line is no row (d3's csvParse read it as a row of blanks and dropped extra cells).
 */
import { Problems } from "../model/errors.js";
import { readCsvRows } from "../model/io/csv-table.js";
import { parseDecimal, whyNotDecimal } from "../model/io/number.js";
import { checkCorrelationMatrix, type CorrelationSpec } from "../model/dist/index.js";

export function readCorrelationCsv(text: string, file: string, drawn?: string[]): CorrelationSpec {
  const problems = new Problems();
  const { header, rows } = readCsvRows(text, file, problems, ["parameter"]);
  problems.throwIfAny("invalid correlation file");
  if (header[0] !== "parameter")
    problems.add(
      `${file} row 1 column 1`,
      'the first column must be "parameter" (the row\'s parameter id)',
      header[0] ?? "",
      "parameter",
    );
  const ids = header.slice(1);
  if (ids.length < 2)
    problems.add(`${file} row 1`, "needs at least two parameter columns", ids.join(","), "parameter,<id 1>,<id 2>,…");
  ids.forEach((id, j) => {
    if (drawn && !drawn.includes(id))
      problems.add(
        `${file} row 1 column ${j + 2}`,
        "not a parameter the PSA draws (unknown, fixed, or without a distribution), so it cannot be correlated",
        id,
        drawn.length > 20
          ? `one of ${drawn.slice(0, 20).join(", ")}, … (${drawn.length} in all)`
          : `one of ${drawn.join(", ")}`,
      );
  });
  if (rows.length !== ids.length)
    problems.add(
      `${file}`,
      `has ${rows.length} matrix rows for ${ids.length} parameter columns`,
      rows.length,
      `${ids.length} rows, one per parameter`,
    );
  const matrix = rows.map(({ row, cells }, i) => {
    const name = cells[0].trim();
    if (i < ids.length && name !== ids[i])
      problems.add(
        `${file} row ${row} column parameter`,
        "rows must name the parameters in the order of the columns",
        name,
        ids[i],
      );
    return ids.map((id, j) => {
      const cell = cells[j + 1];
      const x = parseDecimal(cell);
      if (x === undefined)
        problems.add(`${file} row ${row} column ${id}`, whyNotDecimal(cell), cell, "a correlation in [-1, 1]");
      return x ?? NaN;
    });
  });
  problems.throwIfAny("invalid correlation file");
  // The matrix checks name entries as `<where>[i][j] (a, b)` and rows as `<where>[i] (a)`: here,
  // the file's row i + 2 (after the header) and the column of parameter j.
  const found = new Problems();
  checkCorrelationMatrix(ids, matrix, "m", found);
  // Matrix row i is the file's row rows[i].row (a blank line between rows is skipped, not counted).
  const cell = (i: string, j: string) => `${file} row ${rows[Number(i)].row} column ${ids[Number(j)]}`;
  const rename = (t: string | undefined) => t?.replace(/m\[(\d+)\]\[(\d+)\] \([^)]*\)/g, (_, i, j) => cell(i, j));
  for (const p of found.list) {
    const row = /^m\[(\d+)\] \(([^)]*)\)$/.exec(p.where);
    const where = row ? `${file} row ${rows[Number(row[1])].row} (${row[2]})` : rename(p.where)!;
    problems.add(where, p.message, p.value, rename(p.expected));
  }
  problems.throwIfAny("invalid correlation file");
  return { ids, matrix };
}
