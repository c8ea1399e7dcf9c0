/**
 * EVPPI groups as people type them: a group is one CSV record of parameter (column) names, read by
 * the project's strict CSV reader (CsvTokenizer), so a name holding a comma is written in double
 * quotes (`"cost, drug",p_x`) and a quote inside a name is doubled. `cartecon evppi`/`voi` take one
 * group per `--parameters`; the Uncertainty page's upload section takes one group per line.
 * Spaces around an unquoted name are dropped (input column names are trimmed when read).
 */
import { ModelError, type Problem } from "../model/errors.js";
import { CsvTokenizer } from "../model/io/csv-table.js";

const QUOTING_HINT =
  'names separated by commas; a name holding a comma in double quotes with no space before the opening quote, e.g. "cost, drug",p_x';

/**
 * The names of one group written as one CSV record (`a,b` or `"cost, drug",p_x`). `where` names the
 * option or field in errors (e.g. `--parameters`). A syntax problem (an unterminated quote, text
 * after a closing quote, a quote inside an unquoted name), a blank name or a line break is a
 * ModelError naming `where`, the 1-based name position and the text.
 */
export function parseGroup(text: string, where: string): string[] {
  const records = parseRecords(text, where);
  if (records.length > 1)
    throw new ModelError({
      where,
      message: "a line break inside one group",
      value: text,
      expected: `one group per ${where} (${QUOTING_HINT})`,
    });
  return records[0]?.names ?? [];
}

/**
 * Groups written one per line (the page's field), each line one CSV record as in parseGroup; blank
 * lines are skipped. Errors name `where` and the line.
 */
export function parseGroupLines(text: string, where: string): string[][] {
  return parseRecords(text, where, true).map((r) => r.names);
}

/** A group written back the way parseGroup reads it: names that need it quoted, joined by commas. */
export function formatGroup(names: readonly string[]): string {
  return names.map(formatName).join(",");
}

/**
 * A group's names in one CSV cell of an EVPPI table (`parameters` column of `cartecon evppi`/`voi
 * --out` and the page's EVPPI CSV): joined by "+", a name that holds "+" or a quote (or has edge
 * spaces, or is blank) in double quotes with its quotes doubled, so the cell splits back into its
 * names (`"a+b"+c` is the two names a+b and c).
 */
export function joinGroup(names: readonly string[]): string {
  return names
    .map((n) => (/[+"\r\n]/.test(n) || n.trim() !== n || n === "" ? `"${n.replace(/"/g, '""')}"` : n))
    .join("+");
}

/** One name as parseGroup reads it: quoted (quotes doubled) when it holds a comma, quote, line break or edge space. */
export function formatName(name: string): string {
  return /[",\r\n]/.test(name) || name.trim() !== name || name === "" ? `"${name.replace(/"/g, '""')}"` : name;
}

function parseRecords(text: string, where: string, lines = false): Array<{ line: number; names: string[] }> {
  const tokenizer = new CsvTokenizer(text);
  const out: Array<{ line: number; names: string[] }> = [];
  const problems: Problem[] = [];
  for (let r = tokenizer.next(); r !== null; r = tokenizer.next()) {
    const at = lines ? `${where} line ${r.row}` : where;
    if (r.problem) {
      problems.push({
        where: `${at} name ${r.problem.column}`,
        message: r.problem.message,
        value: lines ? text.split(/\r\n|\r|\n/)[r.row - 1] : text,
        expected: QUOTING_HINT,
      });
      continue;
    }
    const names = r.cells.map((c) => c.trim());
    if (lines && names.length === 1 && names[0] === "") continue;
    names.forEach((n, j) => {
      if (n === "")
        problems.push({
          where: `${at} name ${j + 1}`,
          message: "blank name (two commas in a row, or a comma at the start or end)",
          value: lines ? text.split(/\r\n|\r|\n/)[r.row - 1] : text,
          expected: QUOTING_HINT,
        });
    });
    out.push({ line: r.row, names });
  }
  if (problems.length > 0) throw new ModelError(problems);
  return out;
}
