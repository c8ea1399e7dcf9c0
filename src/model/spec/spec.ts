/**
 * The model specification: a JSON document that names everything a cohort state-transition
 * model needs. `docs/model-spec.md` defines every field and convention by formula; this file is
 * the types and the structural validation (all problems collected, each with its JSON path).
 */
import { parseDecimal } from "../io/number.js";
import { Problems } from "../errors.js";
import { checkSchema, MAX_ID_LENGTH } from "./schema.js";
export { MAX_ID_LENGTH };
import { checkCorrelationMatrix, type CorrelationSpec } from "../dist/sample.js";

/** A number or a formula over parameters and time variables. */
export type Expr = number | string;

export type CountingMethod = "beginning" | "end" | "half-cycle" | "simpson" | "custom";
export const COUNTING_METHODS: Readonly<Record<string, CountingMethod>> = {
  beginning: "beginning",
  "beginning-of-cycle": "beginning",
  end: "end",
  "end-of-cycle": "end",
  "half-cycle": "half-cycle",
  trapezoid: "half-cycle",
  "life-table": "half-cycle",
  simpson: "simpson",
  "simpson-1/3": "simpson",
  custom: "custom",
};

export type DistributionType = "fixed" | "beta" | "gamma" | "lognormal" | "normal" | "uniform" | "triangular";
export const DISTRIBUTIONS: ReadonlySet<string> = new Set([
  "fixed",
  "beta",
  "gamma",
  "lognormal",
  "normal",
  "uniform",
  "triangular",
]);

export interface ParameterSpec {
  /** A number, or a formula over other parameters and time variables. */
  value: Expr;
  low?: number;
  high?: number;
  /** Distribution for probabilistic analysis: a name, or an object `{type, ...}`. */
  distribution?: string | ({ type: DistributionType } & Record<string, unknown>);
  unit?: string;
  currency?: string;
  priceYear?: number;
  source?: string;
  status?: string;
  description?: string;
}

export interface TableSpec {
  /** The key column: numeric, strictly ascending. `lookup()` uses the last row whose key <= x. */
  key: string;
  /** Column-oriented data: every column has one number per row. */
  columns: Record<string, number[]>;
  source?: string;
  description?: string;
}

export type ValueKind = "cost" | "utility" | "other";
/** Which annual rate discounts a value: the costs rate, the outcomes rate, or none (undiscounted). */
export type DiscountChoice = "costs" | "outcomes" | "none";

export interface ValueSpec {
  id: string;
  kind: ValueKind;
  label?: string;
  description?: string;
  /** "cycle": the state value is an amount per cycle spent in the state; "year": per year, multiplied by the cycle length. Default: "year" for utilities, "cycle" otherwise. */
  per?: "cycle" | "year";
  unit?: string;
  /** The rate that discounts this value. Default: "costs" for costs, "outcomes" otherwise. */
  discount?: DiscountChoice;
}

export interface TimeInStateSpec {
  /** Last tunnel: from the `limit`-th cycle in the state on, the values of that cycle hold. Default: the number of cycles in the horizon. */
  limit?: number;
}

export interface StateSpec {
  id: string;
  label?: string;
  description?: string;
  /** Dead states count no life years. */
  dead?: boolean;
  /** Values (costs, utilities, ...) per the value's `per`, for each member of the cohort in this state. Missing values are 0. */
  values?: Record<string, Expr>;
  /** Declares that this state's outgoing transitions and values may depend on `timeInState`. */
  timeInState?: TimeInStateSpec | true;
}

export interface TransitionValueSpec {
  from: string;
  to: string;
  /** Values counted once for each member of the cohort who moves from `from` to `to`. */
  values: Record<string, Expr>;
}

export interface StrategySpec {
  id: string;
  label?: string;
  description?: string;
  /** Parameter overrides: a number or a formula replaces the parameter's base value in this strategy. */
  parameters?: Record<string, Expr>;
}

export interface CohortSpec {
  id: string;
  label?: string;
  description?: string;
  /** Share of the population; cohort weights sum to 1. */
  weight: number;
  startAge?: number;
  /**
   * Attributes of the cohort, usable in formulas by name: a number is read as a number (e.g.
   * `"male": 1`), a text may only name the column of a look-up (`lookup("lt", sex, age)` with
   * `"sex": "Female"`). Every cohort must give every attribute that any cohort gives.
   */
  attributes?: Record<string, number | string>;
  parameters?: Record<string, Expr>;
}

export interface CycleLengthSpec {
  years?: number;
  months?: number;
  weeks?: number;
  days?: number;
}

export interface HorizonSpec {
  cycles?: number;
  years?: number;
  /** Run until the cohort reaches this age (needs startAge). */
  untilAge?: number;
}

export interface SettingsSpec {
  cycleLength: CycleLengthSpec | number;
  horizon: HorizonSpec;
  startAge?: number;
  discount: { costs: number; outcomes: number };
  method: CountingMethod | string;
  /**
   * With `method: "custom"`: the weight of each count k = 0 … T, as a list of T + 1 numbers or a
   * formula of `cycle` (= k) and `nCycles` (= T).
   */
  weights?: number[] | string;
  /** Count transition values with the method's within-cycle weights instead of at the end of the cycle. */
  correctTransitionValues?: boolean;
  currency?: string;
  priceYear?: number;
  /** Willingness to pay per unit of effect, for net monetary benefit (default for the CLI and pages). */
  wtp?: number;
  /** The effect of the incremental analysis: "qalys" (default), "lifeYears", or the id of a value. */
  effect?: string;
}

export interface ModelSpec {
  name: string;
  description?: string;
  version?: string;
  source?: string;
  settings: SettingsSpec;
  parameters?: Record<string, ParameterSpec | number | string>;
  tables?: Record<string, TableSpec>;
  values: ValueSpec[];
  states: StateSpec[];
  /** Either `{from: {to: expr}}` or a square matrix in the order of `states`; `"C"` is the complement. */
  transitions: Record<string, Record<string, Expr>> | Expr[][];
  transitionValues?: TransitionValueSpec[];
  /** Values counted once per member of the cohort at time 0 (not discounted, not within-cycle corrected). */
  oneOff?: Record<string, Expr>;
  /**
   * Initial counts by state, numbers or formulas over parameters (so a strategy can start its cohort
   * elsewhere); the cohort size is their sum. Results are per member of the cohort.
   */
  init: Record<string, Expr>;
  strategies?: StrategySpec[];
  cohorts?: CohortSpec[];
  /** Correlations of parameters' PSA draws (Gaussian copula, normal scale): docs/model-spec.md. */
  correlations?: CorrelationsSpec;
}

/**
 * Correlated PSA draws: either `parameters` and a square `matrix` in their order, or `pairs`
 * (unlisted pairs are 0), or both (pairs then override matrix entries). Correlations are on the
 * normal scale of the Gaussian copula (src/model/dist/sample.ts).
 */
export interface CorrelationsSpec {
  parameters?: string[];
  matrix?: number[][];
  pairs?: Array<{ parameters: [string, string]; rho: number }>;
  source?: string;
  description?: string;
}

/** Names the engine defines; parameters may not take them. */
export const TIME_VARIABLES = [
  "cycle",
  "time",
  "age",
  "timeInState",
  "yearsInState",
  "cycleLength",
  "startAge",
] as const;
export const RESERVED = new Set<string>([...TIME_VARIABLES, "C"]);

export const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Names that are never ids. Other names that objects inherit in JavaScript ("constructor",
 * "toString", "valueOf", ...) are ordinary ids: the engine looks names up as own properties and in
 * Maps. "__proto__" alone cannot be: assigning it to an ordinary object changes the object's
 * prototype instead of storing a value, so any record keyed by it (results, CSV columns, metadata)
 * would lose it.
 */
export const FORBIDDEN_IDS: ReadonlySet<string> = new Set(["__proto__"]);

/** Why `id` cannot name a strategy or cohort (any text except blank, control characters or "__proto__"), or undefined. */
export function whyBadLabelId(id: unknown): string | undefined {
  if (typeof id !== "string" || id.trim() === "") return "must be a non-empty string";
  if (FORBIDDEN_IDS.has(id)) return `"${id}" cannot be an id (JavaScript reserves it)`;
  // Control characters (ANSI escapes, NUL) would reach terminals and file names.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(id)) return "contains a control character";
  if (id.length > MAX_ID_LENGTH) return tooLong(id);
  return undefined;
}

const tooLong = (id: string) => `longer than ${MAX_ID_LENGTH} characters (${id.length})`;

/** What a parameter, state or value id (and a cohort attribute's name) must be, for messages. */
export const ID_EXPECTED = `a name of ASCII letters, digits and _, not starting with a digit, at most ${MAX_ID_LENGTH} characters`;

/** Why `id` cannot name a parameter, state or value (ASCII letters, digits and _, at most 200 characters), or undefined. */
export function whyBadId(id: unknown): string | undefined {
  // "Letters" alone misled: "p_décès" is letters, yet refused. ASCII only keeps look-alikes (Cyrillic
  // "х" for Latin "x") from naming two different parameters that read the same.
  if (typeof id !== "string" || !ID_PATTERN.test(id))
    return "not a name of ASCII letters (A-Z, a-z), digits and _ starting with a letter or _";
  if (id.length > MAX_ID_LENGTH) return tooLong(id);
  if (FORBIDDEN_IDS.has(id)) return `"${id}" cannot be an id (JavaScript reserves it)`;
  return undefined;
}

const own = (o: object, k: string): boolean => Object.hasOwn(o, k);

/** Ids for a message: the first 20 and a count, so a model with a million states gives short messages. */
function listOf(ids: readonly string[] | ReadonlySet<string>): string {
  const n = Array.isArray(ids) ? ids.length : (ids as ReadonlySet<string>).size;
  const first: string[] = [];
  for (const id of ids) {
    if (first.length === 20) break;
    first.push(id);
  }
  return n > 20 ? `${first.join(", ")}, … (${n} in all)` : first.join(", ");
}

const DAYS_PER_YEAR = 365.25;

export function cycleLengthYears(c: CycleLengthSpec | number): number {
  if (typeof c === "number") return c;
  if (c.years !== undefined) return c.years;
  if (c.months !== undefined) return c.months / 12;
  if (c.weeks !== undefined) return (c.weeks * 7) / DAYS_PER_YEAR;
  if (c.days !== undefined) return c.days / DAYS_PER_YEAR;
  return NaN;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
const isExpr = (x: unknown): x is Expr => isNum(x) || (typeof x === "string" && x.trim() !== "");

/**
 * Structural validation: types, required fields, ranges of settings, references between
 * states, values, strategies and cohorts. Formulas are checked when they are compiled.
 * Problems are added to `problems`; the returned spec is only safe to use if none were added.
 */
export function checkSpecShape(raw: unknown, problems: Problems): ModelSpec {
  if (!isObj(raw)) {
    problems.add("(model)", "a model must be a JSON object", Array.isArray(raw) ? "an array" : raw);
    return raw as ModelSpec;
  }
  const spec = raw as unknown as ModelSpec;
  try {
    return checkParts(raw, spec, problems);
  } finally {
    // Unknown fields and wrong types that the checks above do not already report.
    checkSchema(raw, problems);
  }
}

function checkParts(raw: Record<string, unknown>, spec: ModelSpec, problems: Problems): ModelSpec {
  if (typeof raw.name !== "string" || raw.name.trim() === "")
    problems.add("name", "the model needs a name", raw.name, "a non-empty string");

  checkSettings(raw.settings, problems);

  // parameters
  if (raw.parameters !== undefined) {
    if (!isObj(raw.parameters))
      problems.add("parameters", "must be an object of parameter id to definition", raw.parameters);
    else {
      for (const [id, p] of Object.entries(raw.parameters)) checkParameter(id, p, problems);
    }
  }

  // tables
  if (raw.tables !== undefined) {
    if (!isObj(raw.tables)) problems.add("tables", "must be an object of table name to table", raw.tables);
    else for (const [name, t] of Object.entries(raw.tables)) checkTable(name, t, problems);
  }

  const valueIds = checkValues(raw.values, problems);
  // The effect of the incremental analysis: checked here so that validate refuses what evaluate would.
  const effect = isObj(raw.settings) ? raw.settings.effect : undefined;
  if (
    typeof effect === "string" &&
    effect !== "qalys" &&
    effect !== "lifeYears" &&
    effect !== "life_years" &&
    !valueIds.has(effect)
  ) {
    problems.add(
      "settings.effect",
      "unknown effect",
      effect,
      `"qalys", "lifeYears" or a declared value id (${listOf(valueIds) || "none declared"})`,
    );
  }

  const stateIds = checkStates(raw.states, valueIds, problems);
  checkTransitions(raw.transitions, stateIds, problems);
  checkDeadRows(raw.states, raw.transitions, stateIds, problems);
  checkTransitionValues(raw.transitionValues, stateIds, valueIds, problems);
  checkOneOff(raw.oneOff, valueIds, problems);
  checkInit(raw.init, stateIds, problems);
  checkStrategies(raw.strategies, raw.parameters, problems);
  checkCohorts(raw.cohorts, raw.parameters, problems);
  checkCohortHorizon(raw.settings, raw.cohorts, problems);
  if (raw.correlations !== undefined) checkCorrelations(raw.correlations, raw.parameters, problems);
  return spec;
}

/**
 * The correlations block: every id a declared parameter with a distribution, listed once; the
 * matrix (after pairs are applied) a correlation matrix (checkCorrelationMatrix names the entry).
 */
function checkCorrelations(c: unknown, params: unknown, problems: Problems): void {
  if (!isObj(c)) return problems.add("correlations", "must be an object {parameters, matrix} or {pairs}", c);
  const declared = isObj(params) ? params : {};
  const before = problems.size;
  const checkId = (where: string, id: unknown) => {
    if (typeof id !== "string" || !Object.hasOwn(declared, id))
      problems.add(where, "not a declared parameter", id, listOf(Object.keys(declared)) || "a parameter id");
    else {
      const p = declared[id];
      if (!isObj(p) || p.distribution === undefined || p.distribution === "fixed")
        problems.add(where, `parameter ${id} has no distribution, so it is not drawn and cannot be correlated`, id);
    }
  };
  const ids = Array.isArray(c.parameters) ? c.parameters : [];
  ids.forEach((id, i) => {
    checkId(`correlations.parameters[${i}]`, id);
    if (ids.indexOf(id) !== i) problems.add(`correlations.parameters[${i}]`, "listed twice", id);
  });
  if ((c.parameters === undefined) !== (c.matrix === undefined))
    problems.add("correlations", "parameters and matrix go together", Object.keys(c), "both, or pairs alone");
  if (c.parameters === undefined && c.pairs === undefined)
    problems.add("correlations", "needs parameters and matrix, or pairs", Object.keys(c));
  if (Array.isArray(c.pairs))
    c.pairs.forEach((pair: unknown, i) => {
      const w = `correlations.pairs[${i}]`;
      if (!isObj(pair) || !Array.isArray(pair.parameters) || pair.parameters.length !== 2)
        return problems.add(w, 'must be {"parameters": [id, id], "rho": r}', pair);
      pair.parameters.forEach((id, j) => checkId(`${w}.parameters[${j}]`, id));
      if (pair.parameters[0] === pair.parameters[1])
        problems.add(w, "a pair needs two different parameters", pair.parameters);
      if (!(isNum(pair.rho) && pair.rho >= -1 && pair.rho <= 1))
        problems.add(`${w}.rho`, "not a correlation", pair.rho, "a number in [-1, 1]");
    });
  if (c.matrix !== undefined && ids.length > 0 && problems.size === before)
    checkCorrelationMatrix(ids as string[], c.matrix, "correlations.matrix", problems);
  if (problems.size === before && c.pairs !== undefined) {
    const merged = correlationOfSpec(c as CorrelationsSpec);
    if (!merged || merged.ids.length < 2)
      problems.add("correlations", "names fewer than two parameters", merged?.ids ?? [], "at least two parameters");
    else checkCorrelationMatrix(merged.ids, merged.matrix, "correlations (matrix with pairs applied)", problems);
  }
}

/** The declared values (ids unique); returns the ids. */
function checkValues(list: unknown, problems: Problems): Set<string> {
  const valueIds = new Set<string>();
  if (!Array.isArray(list))
    problems.add(
      "values",
      "the model must declare its values (costs, utilities) as a list",
      list,
      "an array of {id, kind}",
    );
  else
    list.forEach((v, i) => {
      const w = `values[${i}]`;
      if (!isObj(v)) return problems.add(w, "must be an object {id, kind}", v);
      const bad = whyBadId(v.id);
      if (bad || typeof v.id !== "string") problems.add(`${w}.id`, `invalid value id: ${bad}`, v.id, ID_EXPECTED);
      else if (valueIds.has(v.id)) problems.add(`${w}.id`, "duplicate value id", v.id);
      else valueIds.add(v.id);
      if (!["cost", "utility", "other"].includes(v.kind as string))
        problems.add(`${w}.kind`, "unknown value kind", v.kind, `"cost", "utility" or "other"`);
      if (v.per !== undefined && v.per !== "cycle" && v.per !== "year")
        problems.add(`${w}.per`, "unknown period", v.per, `"cycle" or "year"`);
      if (v.discount !== undefined && !["costs", "outcomes", "none"].includes(v.discount as string))
        problems.add(`${w}.discount`, "unknown discount choice", v.discount, `"costs", "outcomes" or "none"`);
    });
  return valueIds;
}

/** The states (ids unique, values declared, time-in-state limits); returns the ids in order. */
function checkStates(list: unknown, valueIds: ReadonlySet<string>, problems: Problems): string[] {
  const stateIds: string[] = [];
  const stateSet = new Set<string>();
  if (!Array.isArray(list) || list.length === 0) {
    problems.add("states", "the model has no states", list, "a non-empty array of {id}");
  } else {
    list.forEach((s, i) => {
      const w = `states[${i}]`;
      if (!isObj(s)) return problems.add(w, "must be an object {id, ...}", s);
      const bad = whyBadId(s.id);
      if (bad || typeof s.id !== "string")
        return problems.add(`${w}.id`, `invalid state id: ${bad}`, s.id, ID_EXPECTED);
      if (stateSet.has(s.id)) problems.add(`${w}.id`, "duplicate state id", s.id);
      stateIds.push(s.id);
      stateSet.add(s.id);
      if (s.dead !== undefined && typeof s.dead !== "boolean")
        problems.add(`${w}.dead`, "must be true or false", s.dead);
      if (s.values !== undefined) {
        if (!isObj(s.values))
          problems.add(`${w}.values`, "must be an object of value id to number or formula", s.values);
        else
          for (const [vid, e] of Object.entries(s.values)) {
            if (!valueIds.has(vid))
              problems.add(
                `${w}.values.${vid}`,
                `unknown value "${vid}"`,
                vid,
                `one of the declared values: ${listOf(valueIds) || "(none declared)"}`,
              );
            if (!isExpr(e)) problems.add(`${w}.values.${vid}`, "must be a number or a formula", e);
          }
      }
      if (s.timeInState !== undefined && s.timeInState !== true) {
        if (!isObj(s.timeInState)) problems.add(`${w}.timeInState`, "must be true or an object {limit}", s.timeInState);
        else if (s.timeInState.limit !== undefined) {
          const lim = s.timeInState.limit;
          if (!(typeof lim === "number" && Number.isInteger(lim) && lim >= 1)) {
            problems.add(
              `${w}.timeInState.limit`,
              "the time-in-state limit must be a positive whole number of cycles",
              lim,
              "an integer >= 1",
            );
          }
        }
      }
    });
  }
  return stateIds;
}

function checkTransitionValues(
  list: unknown,
  stateIds: string[],
  valueIds: ReadonlySet<string>,
  problems: Problems,
): void {
  const known = new Set(stateIds);
  if (list !== undefined) {
    if (!Array.isArray(list)) problems.add("transitionValues", "must be an array of {from, to, values}", list);
    else
      list.forEach((tv, i) => {
        const w = `transitionValues[${i}]`;
        if (!isObj(tv)) return problems.add(w, "must be an object {from, to, values}", tv);
        // With no valid states block (reported once, at "states"), no id can be checked against it.
        if (stateIds.length > 0 && !known.has(tv.from as string))
          problems.add(`${w}.from`, "unknown state", tv.from, `one of ${listOf(stateIds)}`);
        if (stateIds.length > 0 && !known.has(tv.to as string))
          problems.add(`${w}.to`, "unknown state", tv.to, `one of ${listOf(stateIds)}`);
        if (tv.from === tv.to)
          problems.add(
            w,
            "a transition value needs two different states; a value for staying in a state is a state value",
            tv.from,
          );
        if (!isObj(tv.values))
          problems.add(`${w}.values`, "must be an object of value id to number or formula", tv.values);
        else
          for (const [vid, e] of Object.entries(tv.values)) {
            if (!valueIds.has(vid))
              problems.add(`${w}.values.${vid}`, `unknown value "${vid}"`, vid, `one of ${listOf(valueIds)}`);
            if (!isExpr(e)) problems.add(`${w}.values.${vid}`, "must be a number or a formula", e);
          }
      });
  }
}

function checkOneOff(oneOff: unknown, valueIds: ReadonlySet<string>, problems: Problems): void {
  if (oneOff !== undefined) {
    if (!isObj(oneOff)) problems.add("oneOff", "must be an object of value id to number or formula", oneOff);
    else
      for (const [vid, e] of Object.entries(oneOff)) {
        if (!valueIds.has(vid))
          problems.add(`oneOff.${vid}`, `unknown value "${vid}"`, vid, `one of ${listOf(valueIds)}`);
        if (!isExpr(e)) problems.add(`oneOff.${vid}`, "must be a number or a formula", e);
      }
  }
}

function checkInit(init: unknown, stateIds: string[], problems: Problems): void {
  const known = new Set(stateIds);
  if (!isObj(init))
    problems.add(
      "init",
      "the model needs an initial distribution: counts by state",
      init,
      `an object such as {"${stateIds[0] ?? "Healthy"}": 1}`,
    );
  else {
    let total = 0;
    let formulas = 0;
    for (const [sid, n] of Object.entries(init)) {
      if (stateIds.length > 0 && !known.has(sid))
        problems.add(`init.${sid}`, "unknown state", sid, `one of ${listOf(stateIds)}`);
      if (typeof n === "string" && n.trim() !== "") formulas++;
      else if (!(isNum(n) && n >= 0))
        problems.add(`init.${sid}`, "initial count must be a number >= 0 or a formula", n);
      else total += n;
    }
    if (!(total > 0) && formulas === 0)
      problems.add("init", "the initial counts sum to 0: the cohort is empty", total, "a positive total");
  }
}

function checkStrategies(list: unknown, parameters: unknown, problems: Problems): void {
  if (list !== undefined) {
    if (!Array.isArray(list) || list.length === 0)
      problems.add("strategies", "must be a non-empty array of {id, parameters}", list);
    else {
      const ids = new Set<string>();
      list.forEach((s, i) => {
        const w = `strategies[${i}]`;
        if (!isObj(s)) return problems.add(w, "must be an object {id, parameters}", s);
        const bad = whyBadLabelId(s.id);
        if (bad || typeof s.id !== "string")
          problems.add(`${w}.id`, `invalid strategy id: ${bad}`, s.id, "a non-empty string without control characters");
        else if (ids.has(s.id)) problems.add(`${w}.id`, "duplicate strategy id", s.id);
        else ids.add(s.id);
        checkOverrides(`${w}.parameters`, s.parameters, parameters, problems);
      });
    }
  }
}

function checkCohorts(list: unknown, parameters: unknown, problems: Problems): void {
  if (list !== undefined) {
    if (!Array.isArray(list) || list.length === 0)
      problems.add("cohorts", "must be a non-empty array of {id, weight}", list);
    else {
      let sum = 0;
      const ids = new Set<string>();
      list.forEach((c, i) => {
        const w = `cohorts[${i}]`;
        if (!isObj(c)) return problems.add(w, "must be an object {id, weight}", c);
        const bad = whyBadLabelId(c.id);
        if (bad || typeof c.id !== "string")
          problems.add(`${w}.id`, `invalid cohort id: ${bad}`, c.id, "a non-empty string without control characters");
        else if (ids.has(c.id)) problems.add(`${w}.id`, "duplicate cohort id", c.id);
        else ids.add(c.id);
        if (!(isNum(c.weight) && c.weight >= 0 && c.weight <= 1))
          problems.add(`${w}.weight`, "cohort weight must be in [0, 1]", c.weight);
        else sum += c.weight;
        if (c.startAge !== undefined && !(isNum(c.startAge) && c.startAge >= 0))
          problems.add(`${w}.startAge`, "start age must be a number >= 0", c.startAge);
        checkAttributes(w, c.attributes, parameters, problems);
        checkOverrides(`${w}.parameters`, c.parameters, parameters, problems);
      });
      if (Math.abs(sum - 1) > 1e-9) problems.add("cohorts", "cohort weights must sum to 1", sum, "1 (within 1e-9)");
      sameAttributes(list, problems);
    }
  }
}

/**
 * A horizon `{"untilAge": a}` is one number of cycles, (a − settings.startAge) / L, for every cohort:
 * a cohort with another start age would stop before that age or run past it, so it is refused.
 */
function checkCohortHorizon(settings: unknown, cohorts: unknown, problems: Problems): void {
  if (!isObj(settings) || !isObj(settings.horizon) || !Array.isArray(cohorts)) return;
  const until = settings.horizon.untilAge;
  const start = settings.startAge;
  if (!isNum(until) || !isNum(start)) return;
  cohorts.forEach((c, i) => {
    if (!isObj(c) || !isNum(c.startAge) || c.startAge === start) return;
    const end = c.startAge + (until - start);
    problems.add(
      `cohorts[${i}].startAge`,
      `the horizon {"untilAge": ${until}} is counted from settings.startAge (${start}): ${until - start} years ` +
        `for every cohort, so this cohort ${end < until ? "would stop at age" : "would run to age"} ${end}`,
      c.startAge,
      `settings.startAge (${start}); or give settings.horizon as {"years": y} or {"cycles": n}, one horizon for every cohort`,
    );
  });
}

function checkSettings(s: unknown, problems: Problems): void {
  if (!isObj(s)) {
    problems.add("settings", "the model needs settings (cycleLength, horizon, discount, method)", s);
    return;
  }
  const L = s.cycleLength;
  let years = NaN;
  if (isNum(L)) years = L;
  else if (isObj(L)) {
    const keys = Object.keys(L);
    const units = keys.filter((k) => ["years", "months", "weeks", "days"].includes(k));
    if (units.length !== 1 || keys.length !== 1)
      problems.add("settings.cycleLength", "give exactly one of years, months, weeks or days", L, `e.g. {"months": 1}`);
    else if (!isNum(L[units[0]])) problems.add(`settings.cycleLength.${units[0]}`, "must be a number", L[units[0]]);
    else years = cycleLengthYears(L as CycleLengthSpec);
  } else problems.add("settings.cycleLength", "missing or not a number", L, `a number of years or {"months": 1}`);
  if (!Number.isNaN(years) && !(years > 0))
    problems.add("settings.cycleLength", "the cycle length must be positive", years);

  const H = s.horizon;
  if (!isObj(H)) problems.add("settings.horizon", "missing", H, `{"cycles": n}, {"years": y} or {"untilAge": a}`);
  else {
    const keys = Object.keys(H).filter((k) => ["cycles", "years", "untilAge"].includes(k));
    if (keys.length !== 1 || Object.keys(H).length !== 1)
      problems.add("settings.horizon", "give exactly one of cycles, years or untilAge", H);
    else {
      const v = H[keys[0]];
      const expected = keys[0] === "cycles" ? "a whole number of cycles >= 1" : "a number > 0";
      if (!isNum(v) || v <= 0) problems.add(`settings.horizon.${keys[0]}`, "must be a positive number", v, expected);
      else if (keys[0] === "cycles" && !Number.isInteger(v))
        problems.add("settings.horizon.cycles", "must be a whole number of cycles", v, expected);
      else if (keys[0] === "untilAge" && !isNum(s.startAge))
        problems.add("settings.horizon.untilAge", "needs settings.startAge", s.startAge);
    }
  }
  if (s.startAge !== undefined && !(isNum(s.startAge) && s.startAge >= 0))
    problems.add("settings.startAge", "must be a number >= 0", s.startAge);

  const d = s.discount;
  if (!isObj(d)) problems.add("settings.discount", "missing", d, `{"costs": 0.035, "outcomes": 0.035}`);
  else
    for (const k of ["costs", "outcomes"]) {
      const r = d[k];
      if (!isNum(r))
        problems.add(`settings.discount.${k}`, "missing or not a number", r, "an annual rate such as 0.035");
      else if (r < 0 || r > 1)
        problems.add(
          `settings.discount.${k}`,
          "discount rate out of range",
          r,
          "an annual rate in [0, 1] (0.035 is 3.5%)",
        );
    }
  if (typeof s.method !== "string" || !own(COUNTING_METHODS, s.method)) {
    problems.add(
      "settings.method",
      "unknown counting method",
      s.method,
      `one of "beginning", "end", "half-cycle", "simpson", "custom"`,
    );
  }
  checkCustomWeights(s, problems);
  if (s.correctTransitionValues !== undefined && typeof s.correctTransitionValues !== "boolean")
    problems.add("settings.correctTransitionValues", "must be true or false", s.correctTransitionValues);
  if (s.priceYear !== undefined && !(isNum(s.priceYear) && Number.isInteger(s.priceYear)))
    problems.add("settings.priceYear", "must be a year", s.priceYear);
  if (s.wtp !== undefined && !(isNum(s.wtp) && s.wtp >= 0))
    problems.add("settings.wtp", "willingness to pay must be a number >= 0", s.wtp);
  if (s.effect !== undefined && typeof s.effect !== "string")
    problems.add("settings.effect", 'must be "qalys", "lifeYears" or a value id', s.effect);
}

/** `method: "custom"` and `weights` go together; the number of weights is checked against the horizon when the model is compiled. */
function checkCustomWeights(s: Record<string, unknown>, problems: Problems): void {
  const w = s.weights;
  if (s.method === "custom" && w === undefined)
    problems.add(
      "settings.weights",
      "the custom counting method needs weights",
      w,
      `a list of T + 1 weights or a formula of cycle and nCycles, e.g. "cycle == 0 || cycle == nCycles ? 1/3 : (cycle % 2 == 1 ? 4/3 : 2/3)"`,
    );
  if (w === undefined) return;
  if (s.method !== "custom")
    problems.add("settings.weights", `weights are used only with "method": "custom"`, s.method, `"custom"`);
  if (Array.isArray(w)) {
    w.forEach((x, i) => {
      if (!isNum(x)) problems.add(`settings.weights[${i}]`, "not a finite number", x);
    });
  } else if (!(typeof w === "string" && w.trim() !== ""))
    problems.add("settings.weights", "must be a list of numbers or a formula", w);
}

function checkParameter(id: string, p: unknown, problems: Problems): void {
  const w = `parameters.${id}`;
  const bad = whyBadId(id);
  if (bad) problems.add(w, `invalid parameter id: ${bad}`, id, ID_EXPECTED);
  if (RESERVED.has(id)) problems.add(w, `"${id}" is a reserved name`, id, "another id");
  if (isExpr(p)) return;
  if (!isObj(p)) return problems.add(w, "must be a number, a formula, or an object {value, ...}", p);
  if (!isExpr(p.value)) problems.add(`${w}.value`, "missing or not a number/formula", p.value);
  for (const k of ["low", "high"])
    if (p[k] !== undefined && !isNum(p[k])) problems.add(`${w}.${k}`, "must be a number", p[k]);
  if (isNum(p.low) && isNum(p.high) && p.low > p.high)
    problems.add(w, "low is above high", [p.low, p.high], "low <= high");
  if (isNum(p.value) && isNum(p.low) && p.value < p.low)
    problems.add(`${w}.value`, "value is below low", p.value, `>= ${p.low}`);
  if (isNum(p.value) && isNum(p.high) && p.value > p.high)
    problems.add(`${w}.value`, "value is above high", p.value, `<= ${p.high}`);
  if (p.distribution !== undefined) {
    const t =
      typeof p.distribution === "string" ? p.distribution : isObj(p.distribution) ? p.distribution.type : undefined;
    if (typeof t !== "string" || !DISTRIBUTIONS.has(t))
      problems.add(`${w}.distribution`, "unknown distribution", t ?? p.distribution, [...DISTRIBUTIONS].join(", "));
  }
  if (p.unit === "probability")
    for (const k of ["value", "low", "high"])
      if (isNum(p[k]) && ((p[k] as number) < 0 || (p[k] as number) > 1))
        problems.add(`${w}.${k}`, "a probability must be in [0, 1]", p[k], "a number in [0, 1]");
  if (p.priceYear !== undefined && !(isNum(p.priceYear) && Number.isInteger(p.priceYear)))
    problems.add(`${w}.priceYear`, "must be a year", p.priceYear);
}

function checkTable(name: string, t: unknown, problems: Problems): void {
  const w = `tables.${name}`;
  if (!isObj(t)) return problems.add(w, "must be an object {key, columns}", t);
  if (!isObj(t.columns))
    return problems.add(`${w}.columns`, "must be an object of column name to array of numbers", t.columns);
  const cols = Object.entries(t.columns);
  if (!FORBIDDEN_IDS.has(name) && whyBadLabelId(name))
    problems.add(w, `invalid table name: ${whyBadLabelId(name)}`, name);
  if (FORBIDDEN_IDS.has(name)) problems.add(w, `"${name}" cannot be a table name (JavaScript reserves it)`, name);
  for (const c of Object.keys(t.columns))
    if (FORBIDDEN_IDS.has(c))
      problems.add(`${w}.columns`, `"${c}" cannot be a column name (JavaScript reserves it)`, c);
  if (typeof t.key !== "string" || !own(t.columns, t.key))
    return problems.add(`${w}.key`, "must name one of the columns", t.key, listOf(Object.keys(t.columns)));
  let n = -1;
  for (const [c, arr] of cols) {
    if (!Array.isArray(arr)) {
      problems.add(`${w}.columns.${c}`, "must be an array of numbers", arr);
      continue;
    }
    if (n < 0) n = arr.length;
    else if (arr.length !== n)
      problems.add(`${w}.columns.${c}`, `has ${arr.length} rows; other columns have ${n}`, arr.length, `${n}`);
    arr.forEach((x, i) => {
      // A blank cell of a life table (null) must not become 0 or NaN at some age: refused here.
      if (!isNum(x)) problems.add(`${w}.columns.${c}[${i}]`, "not a finite number", x, "a number in every row");
    });
  }
  if (n === 0) problems.add(`${w}.columns`, "the table has no rows", 0);
  const keys = t.columns[t.key] as unknown[];
  if (Array.isArray(keys))
    for (let i = 1; i < keys.length; i++) {
      if (isNum(keys[i]) && isNum(keys[i - 1]) && !((keys[i] as number) > (keys[i - 1] as number))) {
        problems.add(
          `${w}.columns.${t.key}[${i}]`,
          "key column must be strictly ascending",
          keys[i],
          `> ${keys[i - 1]}`,
        );
        break;
      }
    }
}

function checkTransitions(tr: unknown, states: string[], problems: Problems): void {
  const known = new Set(states);
  if (Array.isArray(tr)) {
    if (tr.length !== states.length)
      problems.add(
        "transitions",
        `the matrix has ${tr.length} rows but there are ${states.length} states`,
        tr.length,
        `${states.length}`,
      );
    tr.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== states.length) {
        problems.add(
          `transitions[${i}]`,
          `row must have ${states.length} entries (one per state)`,
          Array.isArray(row) ? row.length : row,
        );
        return;
      }
      row.forEach((e, j) => {
        if (!isExpr(e)) problems.add(`transitions[${i}][${j}]`, 'must be a number, a formula or "C"', e);
      });
    });
    return;
  }
  if (!isObj(tr)) {
    problems.add("transitions", "missing", tr, `{"From": {"To": "p_x", "From": "C"}} or a square matrix`);
    return;
  }
  for (const [from, row] of Object.entries(tr)) {
    // With no valid states block (reported once, at "states"), every row and column was "unknown
    // state ... expected one of " (an empty list), a mistake reported once per transition.
    if (states.length > 0 && !known.has(from))
      problems.add(`transitions.${from}`, "unknown state", from, `one of ${listOf(states)}`);
    if (!isObj(row)) {
      problems.add(`transitions.${from}`, "must be an object of destination state to probability", row);
      continue;
    }
    for (const [to, e] of Object.entries(row)) {
      if (states.length > 0 && !known.has(to))
        problems.add(`transitions.${from}.${to}`, "unknown state", to, `one of ${listOf(states)}`);
      if (!isExpr(e)) problems.add(`transitions.${from}.${to}`, 'must be a number, a formula or "C"', e);
    }
  }
  for (const s of states)
    if (!own(tr, s))
      problems.add(
        `transitions.${s}`,
        'state has no row of transitions (an absorbing state needs {"' + s + '": 1})',
        undefined,
      );
}

/**
 * A state marked `dead` whose row moves members to a state that is not (a literal 0 excepted): the
 * dead would come back to life, and their life years would count again. Accepted before (s27 review).
 */
function checkDeadRows(list: unknown, tr: unknown, states: string[], problems: Problems): void {
  if (!Array.isArray(list)) return;
  const dead = new Set(list.filter((s) => isObj(s) && s.dead === true).map((s) => (s as { id: string }).id));
  if (dead.size === 0) return;
  const check = (where: string, from: string, to: string, e: unknown) => {
    // A literal zero however written ("0", "0.0", " 0 ") moves no one.
    if (!dead.has(from) || dead.has(to) || e === 0 || (typeof e === "string" && parseDecimal(e) === 0)) return;
    problems.add(
      where,
      `${from} is a dead state ("dead": true) but this moves its members to ${to}, which is not: they would come back to life`,
      e,
      `0, or mark ${to} "dead": true if it is a state of the dead (e.g. one per cause of death)`,
    );
  };
  if (Array.isArray(tr))
    tr.forEach((row, i) => {
      if (Array.isArray(row)) row.forEach((e, j) => check(`transitions[${i}][${j}]`, states[i], states[j], e));
    });
  else if (isObj(tr))
    for (const [from, row] of Object.entries(tr))
      if (isObj(row)) for (const [to, e] of Object.entries(row)) check(`transitions.${from}.${to}`, from, to, e);
}

/** A cohort's attributes: names like parameter ids (not reserved, not a parameter), each a number or a non-empty text. */
function checkAttributes(where: string, attrs: unknown, params: unknown, problems: Problems): void {
  if (attrs === undefined) return;
  if (!isObj(attrs))
    return problems.add(`${where}.attributes`, "must be an object of attribute name to number or text", attrs);
  const declared = isObj(params) ? params : {};
  for (const [name, v] of Object.entries(attrs)) {
    const w = `${where}.attributes.${name}`;
    const bad = whyBadId(name);
    if (bad) problems.add(w, `invalid attribute name: ${bad}`, name, ID_EXPECTED);
    else if (RESERVED.has(name)) problems.add(w, `"${name}" is a reserved name`, name, "another name");
    else if (own(declared, name))
      problems.add(
        w,
        `"${name}" is already a parameter; a cohort changes a parameter in its "parameters"`,
        name,
        "a name that is not a parameter",
      );
    if (!(isNum(v) || (typeof v === "string" && v.trim() !== "")))
      problems.add(w, "must be a number or a non-empty text", v);
  }
}

/** Every cohort gives the same attributes, each a number in all cohorts or a text in all. */
function sameAttributes(cohorts: unknown[], problems: Problems): void {
  const kinds = new Map<string, string>();
  for (const c of cohorts)
    if (isObj(c) && isObj(c.attributes))
      for (const [n, v] of Object.entries(c.attributes)) if (!kinds.has(n)) kinds.set(n, typeof v);
  cohorts.forEach((c, i) => {
    if (!isObj(c)) return;
    const attrs = isObj(c.attributes) ? c.attributes : {};
    for (const [n, kind] of kinds) {
      if (!own(attrs, n))
        problems.add(
          `cohorts[${i}].attributes.${n}`,
          `every cohort must give the attribute "${n}" (another cohort gives it)`,
          undefined,
          kind === "string" ? "a text" : "a number",
        );
      else if (typeof attrs[n] !== kind)
        problems.add(
          `cohorts[${i}].attributes.${n}`,
          `attribute "${n}" is a ${kind === "string" ? "text" : "number"} in another cohort`,
          attrs[n],
          kind === "string" ? "a text" : "a number",
        );
    }
  });
}

/** Overrides may only name parameters that exist. */
function checkOverrides(where: string, ov: unknown, params: unknown, problems: Problems): void {
  if (ov === undefined) return;
  if (!isObj(ov)) return problems.add(where, "must be an object of parameter id to number or formula", ov);
  const known = isObj(params) ? params : {};
  for (const [id, e] of Object.entries(ov)) {
    if (!own(known, id))
      problems.add(`${where}.${id}`, `overrides unknown parameter "${id}"`, id, "a parameter declared in parameters");
    if (!isExpr(e)) problems.add(`${where}.${id}`, "must be a number or a formula", e);
  }
}

export function resolveMethod(m: string): CountingMethod {
  if (!own(COUNTING_METHODS, m))
    throw new RangeError(
      `settings.method: unknown counting method ${JSON.stringify(m)}; expected one of ${Object.keys(COUNTING_METHODS).join(", ")}`,
    );
  return COUNTING_METHODS[m];
}

/**
 * The correlation a model's `correlations` block declares, as drawParameters takes it: the matrix
 * over `parameters`, extended by the ids of `pairs` (unlisted pairs 0) with each pair's rho set
 * both sides of the diagonal.
 */
export function correlationOfSpec(c: CorrelationsSpec | undefined): CorrelationSpec | undefined {
  if (!c) return undefined;
  const ids = [...(c.parameters ?? [])];
  for (const p of c.pairs ?? []) for (const id of p.parameters) if (!ids.includes(id)) ids.push(id);
  const matrix = ids.map((_, i) => ids.map((_, j) => c.matrix?.[i]?.[j] ?? (i === j ? 1 : 0)));
  for (const p of c.pairs ?? []) {
    const [a, b] = p.parameters.map((id) => ids.indexOf(id));
    matrix[a][b] = matrix[b][a] = p.rho;
  }
  return ids.length > 0 ? { ids, matrix } : undefined;
}
