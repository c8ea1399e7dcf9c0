/**
 * The one range check of the CAR T model's parameters. Every way a value enters (the Parameters
 * editor, the Explorer, a link, the browser's storage, an uploaded CSV, `cartecon cart --params`
 * and `--set`, and the notebook API through buildCartModel) asks this module, so a value refused in
 * one place is refused everywhere, with the same words: the parameter, the value and the range.
 */
import { ModelError, Problems, formatProblem, type Problem } from "../model/errors.js";
import { parseDecimal, whyNotDecimal } from "../model/io/number.js";
import { editDistance, type EditDistanceOptions } from "../model/spec/near.js";
import { OVERRIDABLE, parameterRange, type ValueRange } from "./dictionary.js";
import { DURABILITY_SCENARIOS } from "./durability.js";

export type ParameterCheck =
  | { ok: true; parameter: string; value: number; range: ValueRange }
  | { ok: false; parameter: string; value: unknown; range: ValueRange | undefined; problem: Problem; message: string };

export interface CheckOptions {
  /** Where the value came from, for the message ("p.p_male in the link", "upload.csv row 4 column value"); default: the parameter name. */
  where?: string;
  /** The source reports a negative utility (status "seen"): utilities may go down to -1. */
  negativeUtility?: boolean;
  /** Suggest near names for an unknown parameter (default true; off beyond the first 100 problems of a file, to stay fast). */
  suggest?: boolean;
}

// Case-sensitive on a lower-cased name (parameter ids are lower case); names longer than 64
// characters are never near a parameter id, and lengths more than 2 apart are never within distance 2.
const NEAR_PARAMETER: EditDistanceOptions = { caseSensitive: true, maxLength: 64, maxLengthDifference: 2 };

/** Up to three known names within edit distance 2 of `name`, for "did you mean". */
export function nearestParameters(name: string): string[] {
  const scored: Array<[number, string]> = [];
  for (const known of OVERRIDABLE.keys()) {
    const d = editDistance(name.toLowerCase(), known, NEAR_PARAMETER);
    if (d <= 2) scored.push([d, known]);
  }
  return scored
    .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))
    .slice(0, 3)
    .map(([, k]) => k);
}

/**
 * Checks one value for one parameter (a dictionary id, or `id__allogeneic` / `id__invivo` for the
 * other platforms). `value` may be text typed by a person (read strictly with parseDecimal: no
 * blanks, no `0x10`, no decimal comma) or a number. Returns the number, or a problem naming the
 * place, the parameter, the value and the allowed range.
 */
export function checkParameterValue(parameter: string, value: unknown, options: CheckOptions = {}): ParameterCheck {
  const where = options.where ?? parameter;
  const fail = (
    message: string,
    expected: string | undefined,
    range: ValueRange | undefined,
    got: unknown = value,
  ): ParameterCheck => {
    const problem: Problem = { where, message, value: got };
    if (expected !== undefined) problem.expected = expected;
    return { ok: false, parameter, value, range, problem, message: formatProblem(problem) };
  };
  const range = parameterRange(parameter, options);
  if (!range) {
    const near = options.suggest === false ? [] : nearestParameters(parameter);
    return fail(
      `unknown parameter "${parameter}"${near.length ? `; did you mean ${near.join(" or ")}?` : ""}`,
      "a parameter of src/cart/dictionary.ts (platform parameters: id, id__allogeneic, id__invivo)",
      undefined,
    );
  }
  let x: number | undefined;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return fail(`${parameter} is not a finite number`, range.text, range);
    x = value;
  } else if (typeof value === "string") {
    x = parseDecimal(value);
    if (x === undefined) return fail(`${parameter}: ${whyNotDecimal(value)}`, range.text, range);
  } else {
    return fail(`${parameter} is not a number`, range.text, range);
  }
  if (x < range.min || x > range.max) return fail(`${parameter} is out of range`, range.text, range, x);
  return { ok: true, parameter, value: x, range };
}

/**
 * Checks every override of a scenario or notebook call (own keys only: `{"__proto__": 1}` from
 * JSON.parse is an unknown parameter, not an object's prototype). Throws one ModelError listing
 * every problem (the first 100 and the count) if any value is refused.
 */
export function assertOverrides(overrides: Record<string, unknown>, context = "overrides"): Record<string, number> {
  const problems = new Problems();
  const out: Record<string, number> = Object.create(null);
  for (const name of Object.keys(overrides)) {
    const c = checkParameterValue(name, overrides[name], {
      where: context.startsWith("-") ? `${context} ${name}` : `${context}.${name}`,
    });
    if (c.ok) out[name] = c.value;
    else problems.add(c.problem.where, c.problem.message, c.problem.value, c.problem.expected);
  }
  problems.throwIfAny(`invalid ${context}`);
  return out;
}

/** Throws a ModelError for a check that failed; returns the number otherwise. */
export function requireParameterValue(parameter: string, value: unknown, options: CheckOptions = {}): number {
  const c = checkParameterValue(parameter, value, options);
  if (!c.ok) throw new ModelError(c.problem);
  return c.value;
}

/** The result of a check of a setting that is not a parameter: the value, or the problem and its text. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: Problem; message: string };

/**
 * The check of a number that is not a model parameter (a scenario setting, the cure fraction), as
 * {@link checkParameterValue} is for parameters: `value` is text typed by a person (read with
 * parseDecimal) or a number, finite and within `range` (bounds included). The problem is at `where`.
 */
export function checkInRange(where: string, value: unknown, range: ValueRange): Checked<number> {
  const x = typeof value === "number" ? value : typeof value === "string" ? parseDecimal(value) : undefined;
  let problem: Problem | null = null;
  if (x === undefined || !Number.isFinite(x))
    problem = {
      where,
      message: typeof value === "string" ? whyNotDecimal(value) : "not a finite number",
      value,
      expected: range.text,
    };
  else if (x < range.min || x > range.max) problem = { where, message: "out of range", value: x, expected: range.text };
  return problem ? { ok: false, problem, message: formatProblem(problem) } : { ok: true, value: x! };
}

/** Range of the mixture-cure fraction of the `cure` durability scenario: a share of responders. */
export const CURE_FRACTION_RANGE: ValueRange = { min: 0, max: 1, text: "a share of responders in [0, 1]" };

/**
 * The check of a scenario's structural durability settings, as {@link checkParameterValue} is for
 * parameters: `id` must be an own key of DURABILITY_SCENARIOS (so `constructor` or `__proto__` in a
 * link is unknown), `cureFraction` (text typed by a person, or a number) a share in [0, 1].
 */
export function checkDurability(id: string): Checked<string> {
  if (Object.hasOwn(DURABILITY_SCENARIOS, id)) return { ok: true, value: id };
  const problem: Problem = {
    where: "durability",
    message: "unknown durability scenario",
    value: id,
    expected: `one of ${Object.keys(DURABILITY_SCENARIOS).join(", ")}`,
  };
  return { ok: false, problem, message: formatProblem(problem) };
}

export function checkCureFraction(value: unknown): Checked<number> {
  return checkInRange("cureFraction", value, CURE_FRACTION_RANGE);
}
