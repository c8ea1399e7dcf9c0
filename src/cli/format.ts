/** Plain-text tables for the terminal. Numbers are rounded for reading only; files keep full precision. */
import stringWidth from "string-width";

export interface TextColumn {
  header: string;
  /** Right-align (numbers). */
  right?: boolean;
}

/**
 * A name as one line of terminal text: controls made visible (escapeTerminal), and the line feeds and
 * tabs it keeps written as \n and \t, so a quoted CSV header holding a line break cannot break a
 * table's row or a summary line.
 */
export function oneLine(text: string): string {
  return escapeTerminal(text).replace(/\n/g, "\\n").replace(/\t/g, "\\t");
}

/**
 * Cells wider than this (in terminal columns) are printed whole but do not widen their column: wide
 * enough for an EVPPI group of several long names (they must stay aligned), narrower than the
 * 5,000-character names that made every row of a table that wide.
 */
export const WIDE_CELL = 120;

/**
 * Columns aligned by the width a terminal gives each cell (string-width: a CJK character or an emoji
 * takes two columns, a combining mark none; `.length` counted UTF-16 units, so a table of Chinese
 * strategy names was misaligned). A cell wider than WIDE_CELL columns is printed whole and pushes only
 * its own row's later cells right: one 5,000-character name no longer widens every row of the table.
 */
export function textTable(columns: TextColumn[], rows: string[][]): string {
  // A row with fewer cells than columns: the missing ones blank.
  const text = [columns.map((c) => oneLine(c.header)), ...rows.map((r) => columns.map((_, j) => oneLine(r[j] ?? "")))];
  const width = text.map((r) => r.map((x) => stringWidth(x)));
  const widths = columns.map((_, j) =>
    Math.max(width[0][j], ...width.slice(1).map((w) => (w[j] > WIDE_CELL ? 0 : w[j]))),
  );
  const pad = (x: string, w: number, j: number) => {
    const fill = " ".repeat(Math.max(0, widths[j] - w));
    return columns[j].right ? fill + x : x + fill;
  };
  const line = (i: number) =>
    text[i]
      .map((x, j) => pad(x, width[i][j], j))
      .join("  ")
      .trimEnd();
  return [line(0), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map((_, i) => line(i + 1))].join("\n");
}

/** A number with thousands separators and a fixed number of decimals; "" for null. */
export function num(x: number | null | undefined, decimals = 0): string {
  if (x === null || x === undefined) return "";
  if (!Number.isFinite(x)) return String(x);
  // A value that rounds to zero prints 0.00, not -0.00 (a mean NB of −0.001, or −0).
  const shown = Math.abs(x) < 0.5 * 10 ** -decimals ? 0 : x;
  return shown.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * Text for a terminal with control characters made visible: C0 and C1 controls (ANSI escape
 * sequences start with ESC or CSI), DEL and the bidirectional overrides that reorder what is shown
 * are written as \xNN or \u{NNNN}; line feeds and tabs stay. Every line the CLI prints goes through
 * it, so a model's name or id cannot recolour, move or hide the output.
 */
export function escapeTerminal(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
  });
}

/** JSON for a terminal: still valid JSON, with the controls JSON.stringify leaves raw (C1, DEL, bidi) as \uNNNN. */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Writes `text` to standard output with control characters made visible (escapeTerminal). */
export const printOut = (text: string) => process.stdout.write(escapeTerminal(text));
/** Writes `text` to standard error with control characters made visible (escapeTerminal). */
export const printErr = (text: string) => process.stderr.write(escapeTerminal(text));
