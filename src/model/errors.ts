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
  let s = `${p.where}: ${p.message}`;
  if (p.value !== undefined) s += ` (got ${formatValue(p.value)})`;
  if (p.expected !== undefined) s += `; expected ${p.expected}`;
  return s;
}

function formatValue(v: unknown): string {
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : String(v);
  if (typeof v === "string") return JSON.stringify(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 80 ? s.slice(0, 77) + "..." : s;
  } catch {
    return String(v);
  }
}

/** Thrown for any user-input error (model, parameters, data files). Never for a bug in the engine. */
export class ModelError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[] | Problem, context?: string) {
    const list = Array.isArray(problems) ? problems : [problems];
    const head = context ? `${context}: ` : "";
    const body =
      list.length === 1
        ? formatProblem(list[0])
        : `${list.length} problems\n` + list.map((p) => "  - " + formatProblem(p)).join("\n");
    super(head + body);
    this.name = "ModelError";
    this.problems = list;
  }
}

/** Collects problems; `throwIfAny` raises them together. */
export class Problems {
  readonly list: Problem[] = [];
  add(where: string, message: string, value?: unknown, expected?: string): void {
    const p: Problem = { where, message };
    if (value !== undefined) p.value = value;
    if (expected !== undefined) p.expected = expected;
    this.list.push(p);
  }
  get size(): number {
    return this.list.length;
  }
  throwIfAny(context?: string): void {
    if (this.list.length > 0) throw new ModelError(this.list, context);
  }
}
