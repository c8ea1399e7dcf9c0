/**
 * Errors a user can act on. Every problem names where it is (a JSON path, a file/row/column,
 * a formula position), the offending value and what was expected. Validation collects all
 * problems before throwing, so a user fixes a file in one pass.
 */

export interface Problem {
  /** Where: a JSON path such as `transitions.Healthy.Sick`, or `file.csv row 4 column value`. */
  where: string;
  /** What is wrong, in words a modeller understands. */
  message: string;
  /** The offending value, as written or as computed. */
  value?: unknown;
  /** What was expected instead, e.g. "a number in [0, 1]". */
  expected?: string;
}

export function formatProblem(p: Problem): string {
  let s = `${shortPath(p.where)}: ${p.message}`;
  if (p.value !== undefined) s += ` (got ${formatValue(p.value)})`;
  if (p.expected !== undefined) s += `; expected ${p.expected}`;
  return s;
}

/**
 * A path with each name longer than 200 characters (MAX_ID_LENGTH, spec/schema.ts) cut to its first
 * 40 and its length: a 100,000-character parameter id (refused, spec.ts) stood whole in
 * `parameters.<id>`. A name ends at a dot, bracket, slash or space, so a file's path is cut only
 * where one folder name in it is over 200 characters. The problem keeps its whole path; only the
 * message is shortened.
 */
function shortPath(where: string): string {
  return where.replace(/[^./\\[\]\s]{201,}/g, (name) => `${name.slice(0, 40)}... (${name.length} characters)`);
}

function formatValue(v: unknown): string {
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : String(v);
  // A short escaped excerpt: a file of the wrong kind (say /etc/passwd read as a table) is not echoed.
  if (typeof v === "string")
    return v.length > 80 ? `${JSON.stringify(v.slice(0, 77))}... (${v.length} characters)` : JSON.stringify(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 80 ? s.slice(0, 77) + "..." : s;
  } catch {
    return String(v);
  }
}

/** Thrown for any user-input error (model, parameters, data files). Never for a bug in the engine. */
export class ModelError extends Error {
  /** The problems kept (at most {@link MAX_PROBLEMS}). */
  readonly problems: Problem[];
  /** How many problems were found in all, including those not kept. */
  readonly total: number;
  constructor(problems: Problem[] | Problem, context?: string, total?: number) {
    const all = Array.isArray(problems) ? problems : [problems];
    const list = all.slice(0, MAX_PROBLEMS);
    const count = Math.max(total ?? all.length, all.length);
    const head = context ? `${context}: ` : "";
    const more =
      count > list.length ? `\n  ... and ${count - list.length} more (the first ${list.length} are listed)` : "";
    const body =
      count === 1
        ? formatProblem(list[0])
        : `${count} problems\n` + list.map((p) => "  - " + formatProblem(p)).join("\n") + more;
    super(head + body);
    this.name = "ModelError";
    this.problems = list;
    this.total = count;
  }
}

/**
 * A problem list keeps the first 100 problems and counts the rest, so a large bad file gives a
 * short, fast answer (a 480k-row file once printed 88 MB of errors).
 */
export const MAX_PROBLEMS = 100;

/** Collects problems; `throwIfAny` raises them together. */
export class Problems {
  /** The first {@link MAX_PROBLEMS} problems. */
  readonly list: Problem[] = [];
  private count = 0;
  add(where: string, message: string, value?: unknown, expected?: string): void {
    this.count++;
    if (this.list.length >= MAX_PROBLEMS) return;
    const p: Problem = { where, message };
    if (value !== undefined) p.value = value;
    if (expected !== undefined) p.expected = expected;
    this.list.push(p);
  }
  /** How many problems were added, including those beyond the first {@link MAX_PROBLEMS}. */
  get size(): number {
    return this.count;
  }
  throwIfAny(context?: string): void {
    if (this.count > 0) throw new ModelError(this.list, context, this.count);
  }
}
