/** Reading the Excel workbooks the report's pages download (exceljs), for the browser tests. */
import type ExcelJS from "exceljs";

/** Column `name` of a sheet whose header is row `header`, as an array of cell values. */
export function column(ws: ExcelJS.Worksheet, name: string, header = 1): unknown[] {
  const j = (ws.getRow(header).values as unknown[]).indexOf(name);
  if (j < 1) throw new Error(`sheet ${ws.name} has no column ${name}`);
  const out: unknown[] = [];
  for (let r = header + 1; r <= ws.rowCount && ws.getRow(r).cellCount > 0; r++) out.push(ws.getCell(r, j).value);
  return out;
}
