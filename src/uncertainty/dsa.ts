/**
 * Deterministic sensitivity analysis on any compiled model: one-way (each parameter at its low and
 * high → tornado rows sorted by swing), two-way (a grid over two parameters → optimal strategy and
 * net benefit), and threshold analysis (the value of one parameter at which the decision changes,
 * by bisection inside a bracket that changes sign, then re-run on both sides to confirm).
 */
import { effectOf, evaluate, ModelError, unknownParameter, type CompiledModel } from "../model/index.js";

export interface DecisionOptions {
  /** Willingness to pay per unit of effect. */
  wtp: number;
  effect?: string;
  /** Strategy whose incremental results are shown (default: the second). */
  strategy?: string;
  /** Comparator (default: the first strategy). */
  comparator?: string;
  /** Parameter values held for every run (e.g. a scenario). */
  base?: Record<string, number>;
}

interface Outcome {
  /** Net monetary benefit per strategy, in model order. */
  nmb: number[];
  incrementalCost: number;
  incrementalEffect: number;
  /** Incremental NMB of `strategy` against `comparator`. */
  inmb: number;
  optimal: string;
}

function indices(model: CompiledModel, o: DecisionOptions): { s: number; c: number } {
  const ids = model.strategies.map((x) => x.id);
  const c = o.comparator ? ids.indexOf(o.comparator) : 0;
  const s = o.strategy ? ids.indexOf(o.strategy) : 1;
  // Each flag named with its own value (was "strategy: unknown strategy or comparator (got "x vs y")").
  for (const [flag, id, i] of [
    ["--comparator", o.comparator, c],
    ["--strategy", o.strategy ?? ids[1], s],
  ] as const)
    if (i < 0 || i >= ids.length)
      throw new ModelError({
        where: flag,
        message: id === undefined ? "the model has one strategy: nothing to compare it with" : "unknown strategy",
        value: id,
        expected: id === undefined ? "two or more strategies in the model" : ids.join(", "),
      });
  return { s, c };
}

/** Runs the model with `parameters` and summarises the decision. */
export function outcome(model: CompiledModel, parameters: Record<string, number>, o: DecisionOptions): Outcome {
  const r = evaluate(model, { parameters: { ...o.base, ...parameters }, trace: false, perCycle: false });
  const { s, c } = indices(model, o);
  const eff = r.strategies.map((x) => effectOf(r, x, o.effect));
  const cost = r.strategies.map((x) => x.cost.discounted);
  const nmb = eff.map((e, i) => e * o.wtp - cost[i]);
  let best = 0;
  for (let i = 1; i < nmb.length; i++) if (nmb[i] > nmb[best]) best = i;
  return {
    nmb,
    incrementalCost: cost[s] - cost[c],
    incrementalEffect: eff[s] - eff[c],
    inmb: nmb[s] - nmb[c],
    optimal: r.strategies[best].id,
  };
}

/**
 * `outcome` with the varied parameters named in any failure: a low or high that drives a
 * probability out of [0, 1] (say a relative risk's high bound) used to fail with the engine's
 * message alone, which names the transition but not the parameter or bound that caused it.
 * `where`: one location, as in every other error (`parameters.<id>` for one parameter, the option
 * that asked for the grid for two); `label(id)` says which value it was ("its high value"; default
 * "the value").
 */
function outcomeAt(
  model: CompiledModel,
  parameters: Record<string, number>,
  o: DecisionOptions,
  where: string,
  label: (id: string) => string = () => "the value",
): Outcome {
  try {
    return outcome(model, parameters, o);
  } catch (err) {
    if (!(err instanceof ModelError)) throw err;
    const ids = Object.keys(parameters);
    throw new ModelError({
      where,
      message: `the model cannot be evaluated with ${ids.map((id) => `${id} at ${label(id)} ${parameters[id]}`).join(" and ")}: ${err.message}`,
      value: parameters,
      expected: `a range of ${ids.join(" and ")} inside which the model is valid (e.g. every probability in [0, 1])`,
    });
  }
}

export interface TornadoRow {
  parameter: string;
  base: number;
  low: number;
  high: number;
  inmbAtLow: number;
  inmbAtHigh: number;
  incrementalCostAtLow: number;
  incrementalCostAtHigh: number;
  incrementalEffectAtLow: number;
  incrementalEffectAtHigh: number;
  /** |INMB(high) − INMB(low)|, the bar length. */
  swing: number;
}

/** A parameter's one-way range: its low and high when it has a numeric value and both, with low < high. */
function rangeOf(p: CompiledModel["parameters"][number]): { low: number; high: number } | undefined {
  const meta = p.meta as { low?: number; high?: number };
  if (typeof p.value !== "number" || meta.low === undefined || meta.high === undefined || !(meta.low < meta.high))
    return undefined;
  return { low: meta.low, high: meta.high };
}

/** A parameter with a numeric value that a one-way analysis cannot vary. */
export interface UnrangedParameter {
  id: string;
  /** Its low and high as the model gives them (absent when missing; present when low >= high). */
  low?: number;
  high?: number;
  /** It has a distribution other than "fixed", so a PSA draws it even though a one-way analysis cannot vary it. */
  drawn: boolean;
}

/**
 * The parameters with a numeric value (of `only`, if given) that `oneWay` skips: no low, no high,
 * or low >= high. Formula parameters are not listed: they follow the parameters they read.
 */
export function unranged(model: CompiledModel, only?: readonly string[]): UnrangedParameter[] {
  const out: UnrangedParameter[] = [];
  for (const p of model.parameters) {
    if ((only && !only.includes(p.id)) || typeof p.value !== "number" || rangeOf(p)) continue;
    const meta = p.meta as { low?: number; high?: number; distribution?: string | { type?: string } };
    const d = meta.distribution;
    const u: UnrangedParameter = {
      id: p.id,
      drawn: d !== undefined && (typeof d === "string" ? d : d.type) !== "fixed",
    };
    if (meta.low !== undefined) u.low = meta.low;
    if (meta.high !== undefined) u.high = meta.high;
    out.push(u);
  }
  return out;
}

/**
 * `unranged`'s list in words, for a message: each id, with its low and high when one is missing or
 * they are not low < high, and how many a PSA draws, e.g. "r_HS1, trtA, c_x (low 5, high 5)
 * (3 parameters; 1 drawn in a PSA)".
 */
export function describeUnranged(list: readonly UnrangedParameter[]): string {
  const names = list.map((u) =>
    u.low === undefined && u.high === undefined
      ? u.id
      : `${u.id} (${u.low === undefined ? "no low" : `low ${u.low}`}, ${u.high === undefined ? "no high" : `high ${u.high}`})`,
  );
  const drawn = list.filter((u) => u.drawn).length;
  return `${names.join(", ")} (${list.length} parameter${list.length === 1 ? "" : "s"}; ${drawn} drawn in a PSA)`;
}

/** One-way sensitivity over every numeric parameter with low < high; rows sorted by swing, largest first. */
export function oneWay(
  model: CompiledModel,
  o: DecisionOptions,
  only?: string[],
): { baseInmb: number; rows: TornadoRow[] } {
  // A strategy against itself: every increment is 0, and the tornado was a list of zero swings, exit 0.
  // (The two-way grid's optimal strategy and the threshold do not depend on the pair: not refused there.)
  const { s, c } = indices(model, o);
  if (s === c) {
    const ids = model.strategies.map((x) => x.id);
    throw new ModelError({
      where: o.strategy ? "--strategy" : "--comparator",
      message: `${ids[s]} is both the strategy and its comparator${o.strategy ? "" : " (the strategy defaults to the model's second)"}: every increment would be 0`,
      value: ids[s],
      expected: `another strategy: ${ids.filter((_, i) => i !== c).join(", ")}`,
    });
  }
  const baseline = outcome(model, {}, o);
  const rows: TornadoRow[] = [];
  for (const p of model.parameters) {
    if (only && !only.includes(p.id)) continue;
    const range = rangeOf(p);
    if (!range || typeof p.value !== "number") continue;
    const lo = outcomeAt(model, { [p.id]: range.low }, o, `parameters.${p.id}`, () => "its low value");
    const hi = outcomeAt(model, { [p.id]: range.high }, o, `parameters.${p.id}`, () => "its high value");
    rows.push({
      parameter: p.id,
      base: o.base?.[p.id] ?? p.value,
      low: range.low,
      high: range.high,
      inmbAtLow: lo.inmb,
      inmbAtHigh: hi.inmb,
      incrementalCostAtLow: lo.incrementalCost,
      incrementalCostAtHigh: hi.incrementalCost,
      incrementalEffectAtLow: lo.incrementalEffect,
      incrementalEffectAtHigh: hi.incrementalEffect,
      swing: Math.abs(hi.inmb - lo.inmb),
    });
  }
  rows.sort((a, b) => b.swing - a.swing || a.parameter.localeCompare(b.parameter));
  return { baseInmb: baseline.inmb, rows };
}

/** A parameter whose value at one or both ends of its range differs from its base but gives exactly the base result. */
export interface InertEnd {
  parameter: string;
  ends: Array<{ end: "low" | "high"; value: number }>;
}

/**
 * The ends of a one-way analysis ({@link oneWay}'s result) that the model holds: the parameter moves the
 * incremental NMB, but at this end of its range (a value other than its base) the result is exactly the
 * base's, not merely close (a tolerance would invent holds). That happens when something in the model
 * stops the parameter's effect (a cap, floor, min/max or switch: e.g. the CAR T model's utilities above
 * the population norms, held at them, u_utility_cap in src/cart/model.ts). A bar that is short for that
 * reason reads as "this input does not matter", when it is the model that stops it mattering: the CLI and
 * the Uncertainty page say so.
 *
 * Whether the parameter moves the result at all: its other end moves it, or, when neither end does, a
 * value outside its range does — half its base, else twice it (a floor that holds the whole range from
 * below); for a base of 0, the range's width below the low end, else above the high end. A parameter
 * the two strategies compared never read (another strategy's price) moves nothing at any value and is
 * not listed. Those probes are run on groups (all of a group's parameters moved at once; a group that
 * moves nothing is done in one evaluation, one that moves is split in two), because a model with many
 * strategies has many parameters its pair never reads (the CAR T model about 200 in MS): a few
 * evaluations instead of one or two per parameter.
 */
export function heldEnds(
  model: CompiledModel,
  o: DecisionOptions,
  { rows, baseInmb }: { rows: TornadoRow[]; baseInmb: number },
): InertEnd[] {
  const candidates: Array<{ row: TornadoRow; ends: InertEnd["ends"] }> = [];
  for (const r of rows) {
    const ends: InertEnd["ends"] = [];
    if (r.low !== r.base && r.inmbAtLow === baseInmb) ends.push({ end: "low", value: r.low });
    if (r.high !== r.base && r.inmbAtHigh === baseInmb) ends.push({ end: "high", value: r.high });
    if (ends.length > 0) candidates.push({ row: r, ends });
  }
  // Held at every end tried: whether the parameter moves the result anywhere is still open.
  const open = candidates.filter((c) => c.row.swing === 0).map((c) => c.row);
  const width = (r: TornadoRow) => r.high - r.low;
  const below = (r: TornadoRow) => (r.base !== 0 ? r.base / 2 : r.low - width(r));
  const above = (r: TornadoRow) => (r.base !== 0 ? 2 * r.base : r.high + width(r));
  const first = movers(model, o, baseInmb, open, below);
  const second = movers(
    model,
    o,
    baseInmb,
    open.filter((r) => !first.has(r.parameter)),
    above,
  );
  return candidates
    .filter((c) => c.row.swing !== 0 || first.has(c.row.parameter) || second.has(c.row.parameter))
    .map((c) => ({ parameter: c.row.parameter, ends: c.ends }));
}

/**
 * The parameters of `rows` that move the incremental NMB away from `baseInmb` when set to `probe(row)`,
 * found by moving a group at once and splitting a group that moves (or that the model cannot evaluate)
 * in two; a single parameter the model cannot evaluate at its probe is not shown to move the result.
 * Assumes that moved parameters do not cancel each other exactly.
 */
function movers(
  model: CompiledModel,
  o: DecisionOptions,
  baseInmb: number,
  rows: TornadoRow[],
  probe: (r: TornadoRow) => number,
): Set<string> {
  const found = new Set<string>();
  const visit = (group: TornadoRow[]): void => {
    if (group.length === 0) return;
    let moved: boolean;
    try {
      moved = outcome(model, Object.fromEntries(group.map((r) => [r.parameter, probe(r)])), o).inmb !== baseInmb;
    } catch (err) {
      if (!(err instanceof ModelError)) throw err;
      // One parameter the model cannot take at its probe: not shown to move. A group: split to find which.
      if (group.length === 1) return;
      moved = true;
    }
    if (!moved) return;
    if (group.length === 1) {
      found.add(group[0].parameter);
      return;
    }
    const half = Math.ceil(group.length / 2);
    visit(group.slice(0, half));
    visit(group.slice(half));
  };
  visit(rows);
  return found;
}

/** A parameter value in a sentence: 10,000 or more as a whole number, else 4 significant digits. */
export function rangeBound(x: number): string {
  return Math.abs(x) >= 1e4 ? x.toFixed(0) : x.toPrecision(4);
}

/** {@link heldEnds} in words (`num` formats a parameter value), or "" when there are none. */
export function heldEndsSentence(held: InertEnd[], num: (x: number) => string = rangeBound): string {
  if (held.length === 0) return "";
  const list = held.map(
    (x) =>
      `${x.parameter} (${x.ends.length === 2 ? "its whole range, " : ""}${x.ends.map((e) => `${e.end} ${num(e.value)}`).join(" and ")})`,
  );
  return `The model holds some ends of these ranges: the parameter moves the result, but at that end the result is exactly the base case's (a cap, floor, min/max or switch stops it): ${list.join(", ")}. Their bars are short for that reason, not because the inputs do not matter.`;
}

/**
 * A parameter an option names (`--two-way`, `--threshold`), checked before any run: one of the
 * model's, not one of `fixed` (the CAR T builder's structural inputs, which set the model's structure
 * when it is built: varied as a parameter value they change only the formulas that read them, e.g.
 * age_start the utilities' age adjustment but not the cohort's age or horizon), and with a one-way
 * range when `ranged`. Errors name the
 * option, the id typed, "did you mean" (as `--set`) and the ids the option accepts.
 */
function chosenParameter(
  model: CompiledModel,
  id: string,
  option: string,
  fixed: readonly string[],
  ranged: boolean,
): void {
  const accepted = model.parameters.filter((p) => !fixed.includes(p.id) && (!ranged || rangeOf(p))).map((p) => p.id);
  if (accepted.includes(id)) return;
  const what = ranged ? " (the parameters with a numeric value and low < high)" : "";
  const p = model.paramIndex.get(id);
  if (!p) {
    const { message, expected } = unknownParameter(id, accepted);
    throw new ModelError({ where: option, message, value: id, expected: expected + what });
  }
  const meta = p.meta as { low?: number; high?: number };
  throw new ModelError({
    where: option,
    message: fixed.includes(id)
      ? `${id} is read when the model is built (start age, sex mix, tunnel limit), not by its formulas: varying it here changes nothing`
      : typeof p.value !== "number"
        ? `${id} is a formula (it follows the parameters it reads), not a value to vary`
        : `${id} has no one-way range (low ${meta.low ?? "missing"}, high ${meta.high ?? "missing"})`,
    value: id,
    expected: `one of ${accepted.length <= 30 ? accepted.join(", ") : `${accepted.slice(0, 30).join(", ")}, … (${accepted.length} in all)`}${what}`,
  });
}

/** A parameter of a two-way grid named like one of the grid's own columns would share it: refused. */
function gridColumnFree(model: CompiledModel, id: string): void {
  const strategy = model.strategies.find((s) => `nmb_${s.id}` === id);
  const column =
    id === "optimal" || id === "inmb"
      ? `"${id}"`
      : strategy
        ? `"${id}" (the net monetary benefit of strategy "${strategy.id}")`
        : null;
  if (column)
    throw new ModelError({
      where: "--two-way",
      message: `the grid has its own column ${column}: the values of parameter ${id} would be lost from it`,
      value: id,
      expected: "a parameter id other than optimal, inmb and nmb_<strategy> (rename the parameter)",
    });
}

/**
 * Two-way grid: `steps` values of each parameter from its low to its high; one row per cell.
 * `fixed`: parameters that cannot be varied (the CAR T model's structural inputs).
 */
export function twoWay(
  model: CompiledModel,
  a: string,
  b: string,
  o: DecisionOptions,
  steps = 11,
  fixed: readonly string[] = [],
): Array<Record<string, number | string>> {
  // --two-way a (one name) read "parameter undefined", a,a gave every cell twice, and
  // --steps 1 divided by steps − 1 = 0 (NaN values, refused by the engine without a reason).
  if (typeof a !== "string" || typeof b !== "string" || a === "" || b === "" || a === b)
    throw new ModelError({
      where: "--two-way",
      message: "a two-way analysis needs two different parameters",
      value: [a, b],
      expected: "a,b (two parameter ids with low and high)",
    });
  if (!(Number.isInteger(steps) && steps >= 2))
    throw new ModelError({
      where: "--steps",
      message: "a grid needs at least two points per parameter (its low and its high)",
      value: steps,
      expected: "a whole number >= 2",
    });
  for (const id of [a, b]) chosenParameter(model, id, "--two-way", fixed, true);
  for (const id of [a, b]) gridColumnFree(model, id);
  const range = (id: string) => {
    const { low, high } = rangeOf(model.paramIndex.get(id)!)!;
    return Array.from({ length: steps }, (_, i) => low + ((high - low) * i) / (steps - 1));
  };
  const out: Array<Record<string, number | string>> = [];
  for (const x of range(a)) {
    for (const y of range(b)) {
      const r = outcomeAt(model, { [a]: x, [b]: y }, o, `--two-way ${a},${b}`);
      const row: Record<string, number | string> = { [a]: x, [b]: y, optimal: r.optimal, inmb: r.inmb };
      model.strategies.forEach((s, i) => (row[`nmb_${s.id}`] = r.nmb[i]));
      out.push(row);
    }
  }
  return out;
}

export interface ThresholdResult {
  parameter: string;
  strategy: string;
  /** The value at which `strategy`'s NMB equals the best NMB of the other strategies. */
  threshold: number;
  /** The optimal strategy just below and just above the threshold (re-run to confirm the change). */
  decisionBelow: string;
  decisionAbove: string;
  inmbBelow: number;
  inmbAbove: number;
}

/**
 * The value of `parameter` in [lo, hi] (default its low/high) at which `strategy` starts or stops
 * being optimal: the root of m(x) = NMB_strategy(x) − max over the other strategies of NMB(x)
 * (with two strategies, the incremental NMB). Bisection to 1e-10 of the bracket (m need only be
 * continuous, not monotone), then runs at both ends of the final bracket to report the optimal
 * strategy either side, which differ by construction.
 */
export function threshold(
  model: CompiledModel,
  parameter: string,
  o: DecisionOptions,
  bracket?: [number, number],
  fixed: readonly string[] = [],
): ThresholdResult {
  chosenParameter(model, parameter, "--threshold", fixed, false);
  const p = model.paramIndex.get(parameter)!;
  const meta = p.meta as { low?: number; high?: number };
  let [lo, hi] = bracket ?? [meta.low ?? NaN, meta.high ?? NaN];
  if (!(lo < hi))
    throw new ModelError({
      where: bracket ? "--bracket" : `parameters.${parameter}`,
      message:
        bracket || (meta.low !== undefined && meta.high !== undefined)
          ? "a threshold search needs a bracket low < high"
          : "the parameter has no low and high to search between",
      value: bracket ?? { low: meta.low ?? "missing", high: meta.high ?? "missing" },
      expected: "low < high (give --bracket lo,hi)",
    });
  const { s: si } = indices(model, o);
  const f = (x: number) => {
    const r = outcomeAt(model, { [parameter]: x }, o, `parameters.${parameter}`);
    let other = -Infinity;
    r.nmb.forEach((v, i) => {
      if (i !== si && v > other) other = v;
    });
    return r.nmb[si] - other;
  };
  let flo = f(lo);
  const fhi = f(hi);
  if (Math.sign(flo) === Math.sign(fhi)) {
    throw new ModelError({
      where: bracket ? "--bracket" : `parameters.${parameter}`,
      message: `${model.strategies[si].id} is ${flo > 0 ? "optimal" : "not optimal"} at both ${lo} and ${hi} (NMB minus the best other strategy's: ${flo.toFixed(2)} and ${fhi.toFixed(2)})`,
      value: [lo, hi],
      expected: "a bracket in which the optimal strategy changes (widen it, or choose --strategy)",
    });
  }
  const tol = 1e-10 * (hi - lo);
  while (hi - lo > tol) {
    const mid = (lo + hi) / 2;
    const fm = f(mid);
    if (Math.sign(fm) === Math.sign(flo)) [lo, flo] = [mid, fm];
    else hi = mid;
  }
  const below = outcomeAt(model, { [parameter]: lo }, o, `parameters.${parameter}`);
  const above = outcomeAt(model, { [parameter]: hi }, o, `parameters.${parameter}`);
  return {
    parameter,
    strategy: model.strategies[si].id,
    threshold: (lo + hi) / 2,
    decisionBelow: below.optimal,
    decisionAbove: above.optimal,
    inmbBelow: below.inmb,
    inmbAbove: above.inmb,
  };
}
