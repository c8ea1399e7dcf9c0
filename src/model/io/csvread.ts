/**
 * Reading numeric tables (life tables and the like) from CSV text into the column-oriented form of
 * a model's `tables`. Every cell must be a finite number; errors name file, row and column.
 */
import { csvParseRows } from "d3-dsv";
import { Problems } from "../errors.js";
import type { TableSpec } from "../spec/spec.js";

export function numericTableFromCsv(text: string, file: string, key: string): TableSpec {
  const problems = new Problems();
  const rows = csvParseRows(text.replace(/^\uFEFF/, ""));
  if (rows.length < 2) problems.add(file, "the table needs a header row and at least one data row", rows.length);
  problems.throwIfAny("cannot read table");
  const header = rows[0].map((h) => h.trim());
  if (!header.includes(key)) problems.add(`${file} row 1`, `no key column "${key}"`, header.join(","), `a column named ${key}`);
  const columns: Record<string, number[]> = {};
  for (const h of header) columns[h] = [];
  rows.slice(1).forEach((r, i) => {
    if (r.length === 1 && r[0].trim() === "") return; // trailing blank line
    if (r.length !== header.length) problems.add(`${file} row ${i + 2}`, `has ${r.length} cells; the header has ${header.length}`, r.join(","));
    header.forEach((h, j) => {
      const cell = (r[j] ?? "").trim();
      const x = Number(cell);
      if (cell === "" || !Number.isFinite(x)) problems.add(`${file} row ${i + 2} column ${h}`, cell === "" ? "blank cell" : "not a number", cell, "a finite number");
      columns[h].push(x);
    });
  });
  problems.throwIfAny("cannot read table");
  return { key, columns, source: file };
}
