/**
 * Evaluation, the entry point of the run step: checks the options, makes one lane per strategy ×
 * cohort, runs the lanes through the cycles (cycles.ts) and turns what they accumulated into
 * results (results.ts), with the counting weights and discount factors of docs/model-spec.md.
 */
import { Problems } from "../errors.js";
import { nearest } from "../spec/near.js";
import { programFor, type CompiledModel } from "../compile/compile.js";
import { kernelAvailable } from "../kernel/kernel.js";
import { runLanes } from "./cycles.js";
import { discountFactors } from "./discount.js";
import { newAccumulator, toResult, type Accumulator, type Lane, type ModelResult, type OnCycle } from "./results.js";

export { PROBABILITY_TOLERANCE, ROW_SUM_TOLERANCE } from "./settle.js";
export type { Amount, ModelResult, OnCycle, StateResult, StrategyResult } from "./results.js";

export interface EvaluateOptions {
  /** Numeric values replacing parameters' base values (strategy and cohort overrides still apply on top). */
  parameters?: Record<string, number>;
  /** Evaluate only these strategies (ids), in model order. Default: all. */
  strategies?: string[];
  /** Keep the cohort trace (counts by declared state at each time point). Default true. */
  trace?: boolean;
  /** Keep per-cycle series of every value and life years. Default true. */
  perCycle?: boolean;
  /** Replace the model's annual discount rates. */
  discount?: { costs?: number; outcomes?: number };
  /**
   * Where the inner loops run: "wasm", the WebAssembly kernel (kernel/kernel.wat; the default,
   * where WebAssembly SIMD exists, else "js"), or "js", its TypeScript twin (run/loops.ts). Both
   * give the same doubles; the choice is for tests and benchmarks.
   */
  kernel?: "wasm" | "js";
  /** See OnCycle. */
  onCycle?: OnCycle;
}

function discountsFor(model: CompiledModel, rate: number): Float64Array {
  let d = model.discountCache.get(rate);
  if (!d) {
    d = discountFactors(rate, model.cycleYears, model.nCycles);
    model.discountCache.set(rate, d);
  }
  return d;
}

/** The options of an evaluation, checked: discount rates, strategies; problems named (unknown parameters, bad rates). */
interface Checked {
  rates: { costs: number; outcomes: number };
  strategyIdx: number[];
}

/**
 * An id that is not one of the parameters `known` (those of the model, or those an option accepts):
 * "did you mean" the nearest, and the first 30 known ids. `--set` and dsa's `--two-way` and
 * `--threshold` say it in the same words.
 */
export function unknownParameter(id: string, known: readonly string[]): { message: string; expected: string } {
  const near = nearest(id, known);
  return {
    message: `unknown parameter${near ? ` (did you mean ${near}?)` : ""}`,
    expected: `one of ${known.length <= 30 ? known.join(", ") : `${known.slice(0, 30).join(", ")}, … (${known.length} in all)`}`,
  };
}

/** Adds a problem for each override that is not a parameter of the model or not a finite number. */
export function checkOverrides(
  model: CompiledModel,
  overrides: Record<string, number>,
  problems: Problems,
  where = "parameter",
): void {
  for (const [id, v] of Object.entries(overrides)) {
    if (!model.paramIndex.has(id)) {
      const { message, expected } = unknownParameter(
        id,
        model.parameters.map((p) => p.id),
      );
      problems.add(`${where} ${id}`, message, id, expected);
    } else if (typeof v !== "number" || !Number.isFinite(v))
      problems.add(`${where} ${id}`, "override is not a finite number", v);
  }
}

/** Checks the options other than the parameters (added to `problems`, thrown by the caller). */
export function checkOptions(
  model: CompiledModel,
  options: Omit<EvaluateOptions, "parameters">,
  problems: Problems,
): Checked {
  const rates = {
    costs: options.discount?.costs ?? model.discount.costs,
    outcomes: options.discount?.outcomes ?? model.discount.outcomes,
  };
  for (const k of ["costs", "outcomes"] as const) {
    if (!(rates[k] >= 0 && rates[k] <= 1))
      problems.add(`discount.${k}`, "discount rate out of range", rates[k], "an annual rate in [0, 1]");
  }
  let strategyIdx = model.strategies.map((_, i) => i);
  if (options.strategies) {
    strategyIdx = [];
    for (const id of options.strategies) {
      const i = model.strategies.findIndex((s) => s.id === id);
      if (i < 0)
        problems.add("strategies", `unknown strategy "${id}"`, id, model.strategies.map((s) => s.id).join(", "));
      else strategyIdx.push(i);
    }
  }
  if (options.kernel !== undefined && options.kernel !== "wasm" && options.kernel !== "js") {
    problems.add("kernel", "unknown kernel", options.kernel, '"wasm" or "js"');
  }
  return { rates, strategyIdx };
}

/**
 * The lanes of one parameter set (draw `draw` of a batch; 0 for a single evaluation): one per
 * strategy × cohort, in that order, with their accumulators (one per strategy).
 */
export function lanesOf(
  model: CompiledModel,
  strategyIdx: number[],
  overrides: Record<string, number>,
  draw: number,
  wantTrace: boolean,
  wantPerCycle: boolean,
): { lanes: Lane[]; accs: Accumulator[] } {
  const formulaParams = new Set(
    Object.keys(overrides).filter((id) => typeof model.paramIndex.get(id)!.value !== "number"),
  );
  const accs = strategyIdx.map(() => newAccumulator(model, wantTrace, wantPerCycle));
  const lanes: Lane[] = [];
  strategyIdx.forEach((si, a) => {
    model.cohorts.forEach((cohort, ci) => {
      if (cohort.weight === 0) return;
      lanes.push({
        prog: programFor(model, si, ci, formulaParams),
        acc: accs[a],
        weight: cohort.weight,
        scale: NaN,
        size: NaN,
        overrides,
        draw,
      });
    });
  });
  return { lanes, accs };
}

/** The result of one parameter set from its accumulators. */
export function resultOf(
  model: CompiledModel,
  strategyIdx: number[],
  accs: Accumulator[],
  rates: { costs: number; outcomes: number },
  overrides: Record<string, number>,
): ModelResult {
  return {
    model: model.name,
    states: model.states.map((s) => s.id),
    values: model.values.map((v) => ({ id: v.id, kind: v.kind, label: v.label })),
    nCycles: model.nCycles,
    cycleYears: model.cycleYears,
    method: model.method,
    discount: rates,
    currency: model.currency,
    priceYear: model.priceYear,
    parameters: { ...overrides },
    strategies: strategyIdx.map((si, a) => toResult(model, si, accs[a])),
  };
}

export { discountsFor };

/** Evaluates every strategy; throws ModelError (naming the place, cycle and value) if any probability or formula is invalid. */
export function evaluate(model: CompiledModel, options: EvaluateOptions = {}): ModelResult {
  const overrides = options.parameters ?? {};
  const problems = new Problems();
  checkOverrides(model, overrides, problems);
  const { rates, strategyIdx } = checkOptions(model, options, problems);
  problems.throwIfAny("invalid evaluation options");

  const dc = discountsFor(model, rates.costs);
  const dO = discountsFor(model, rates.outcomes);
  // Every strategy × cohort is a lane; all lanes advance through the cycles together.
  const { lanes, accs } = lanesOf(
    model,
    strategyIdx,
    overrides,
    0,
    options.trace !== false,
    options.perCycle !== false,
  );
  runLanes(model, lanes, dc, dO, options.kernel !== "js" && kernelAvailable(), options.onCycle);
  return resultOf(model, strategyIdx, accs, rates, overrides);
}
