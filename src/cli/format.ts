/** Plain-text tables for the terminal. Numbers are rounded for reading only; files keep full precision. */

export interface TextColumn {
  header: string;
  /** Right-align (numbers). */
  right?: boolean;
}

export function textTable(columns: TextColumn[], rows: string[][]): string {
  const widths = columns.map((c, j) => Math.max(c.header.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((x, j) => (columns[j].right ? x.padStart(widths[j]) : x.padEnd(widths[j]))).join("  ").trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** A number with thousands separators and a fixed number of decimals; "" for null. */
export function num(x: number | null | undefined, decimals = 0): string {
  if (x === null || x === undefined) return "";
  if (!Number.isFinite(x)) return String(x);
  return x.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
