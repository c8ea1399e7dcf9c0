/**
 * The .xlsx form of a page's tables: one sheet per table plus an "assumptions" sheet (the scenario
 * as key/value rows, then every parameter with its source, unit, currency and price year).
 * Written with exceljs, which the caller passes in as a Workbook, so pages can load the library
 * only when a user asks for the file (it is ~1 MB) and Node tests can use the same code.
 * Cells follow the CSV writer's rules (src/model/io/csv.ts): numbers stay numbers at full
 * precision, empty cells are null or undefined only, and text a spreadsheet would run as a formula
 * gets a leading apostrophe (exceljs stores a string as a string, but a user may copy it on).
 */
import type { Workbook, Worksheet } from "exceljs";
import { safeText, type Columns } from "../model/io/csv.js";

export interface SheetTable {
  /** The sheet's name; cut to Excel's 31 characters without []:*?/\ and made unique. */
  name: string;
  columns: Columns;
}

export interface Assumptions {
  /** What made the results (e.g. scenarioMetadata): nested objects become dotted keys. */
  scenario: Record<string, unknown>;
  /** Every parameter with its source (e.g. cartAssumptionTable). */
  parameters: Columns;
}

/** The value a cell holds: numbers as numbers (NaN and infinities as their text, as in the CSV). */
export function xlsxCell(x: unknown): string | number | boolean | Date | null {
  if (x === null || x === undefined) return null;
  if (typeof x === "number") return Number.isFinite(x) ? x : String(x);
  if (typeof x === "boolean") return x;
  if (typeof x === "bigint") return Number(x);
  if (x instanceof Date) return x;
  return safeText(typeof x === "object" ? JSON.stringify(x) : String(x));
}

/** Nested objects as dotted keys: {discount: {costs: 0.03}} -> [["discount.costs", 0.03]]. */
export function flattenScenario(obj: Record<string, unknown>, prefix = ""): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)) {
      const inner = flattenScenario(v as Record<string, unknown>, key);
      out.push(...(inner.length ? inner : [[key, "none"] as [string, unknown]]));
    } else out.push([key, Array.isArray(v) ? v.join("; ") : v]);
  }
  return out;
}

/** Excel refuses sheet names over 31 characters, with []:*?/\ or repeated (case-insensitive). */
function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, "-").slice(0, 31) || "sheet";
  let out = base;
  for (let i = 2; used.has(out.toLowerCase()); i++) out = `${base.slice(0, 31 - String(i).length - 1)}-${i}`;
  used.add(out.toLowerCase());
  return out;
}

function addTable(ws: Worksheet, columns: Columns, firstRow: number): void {
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  for (const c of names) {
    if (columns[c].length !== n)
      throw new RangeError(`sheet "${ws.name}" column "${c}" has ${columns[c].length} rows; the first column has ${n}`);
  }
  const header = ws.getRow(firstRow);
  header.values = names.map(xlsxCell);
  header.font = { bold: true };
  for (let i = 0; i < n; i++) ws.getRow(firstRow + 1 + i).values = names.map((c) => xlsxCell(columns[c][i]));
  names.forEach((c, j) => (ws.getColumn(j + 1).width = Math.min(40, Math.max(10, c.length + 2))));
}

/** Adds one sheet per table and the "assumptions" sheet (last) to `wb`; returns the sheet names in order. */
export function fillWorkbook(wb: Workbook, tables: SheetTable[], assumptions: Assumptions): string[] {
  const used = new Set<string>(["assumptions"]);
  const names: string[] = [];
  for (const t of tables) {
    const ws = wb.addWorksheet(sheetName(t.name, used), { views: [{ state: "frozen", ySplit: 1 }] });
    addTable(ws, t.columns, 1);
    names.push(ws.name);
  }
  const ws = wb.addWorksheet("assumptions");
  ws.getRow(1).values = ["scenario", "value"];
  ws.getRow(1).font = { bold: true };
  const pairs = flattenScenario(assumptions.scenario);
  pairs.forEach(([k, v], i) => (ws.getRow(2 + i).values = [xlsxCell(k), xlsxCell(v)]));
  // One blank row, then the parameter table with its own header row.
  addTable(ws, assumptions.parameters, pairs.length + 3);
  ws.getColumn(1).width = 28;
  names.push(ws.name);
  return names;
}

/** The row of the assumptions sheet where the parameter table's header sits (for readers of the file). */
export const parameterHeaderRow = (scenario: Record<string, unknown>) => flattenScenario(scenario).length + 3;
