/**
 * Evaluation of a batch of parameter sets (PSA draws, a DSA grid) in one pass: every set adds its
 * strategy × cohort lanes to the run's lane-interleaved arrays, so the cycle loop, the probability
 * checks and the WebAssembly propagation run once for the whole batch instead of once per set.
 * Each lane does exactly the arithmetic of its lane in `evaluate` (lanes never mix), so each
 * result equals `evaluate(model, { parameters: set, ... })` to the last bit
 * (tests/model/batch.test.ts).
 */
import { ModelError, Problems } from "../errors.js";
import type { CompiledModel } from "../compile/compile.js";
import { kernelAvailable } from "../kernel/kernel.js";
import { runLanes } from "./cycles.js";
import {
  checkOptions,
  checkOverrides,
  discountsFor,
  evaluate,
  lanesOf,
  resultOf,
  type EvaluateOptions,
} from "./evaluate.js";
import type { Accumulator, Lane, ModelResult } from "./results.js";

export interface BatchOptions extends Omit<EvaluateOptions, "parameters" | "onCycle"> {
  /**
   * Parameter sets evaluated together in one run (default 8). Larger batches share more per-cycle
   * work but their lane arrays outgrow the processor's caches: with the CAR T model (10 lanes and
   * ~330 transition entries per set) 8 sets keep the probabilities (~210 KB) in a core's L2 cache.
   */
  batchSize?: number;
}

/** A parameter set of a batch that the engine rejected: its index, and the engine's error. */
export class BatchSetError extends ModelError {
  constructor(
    readonly index: number,
    readonly error: ModelError,
  ) {
    super(
      error.problems.map((p) => ({ ...p, where: `parameter set ${index + 1}: ${p.where}` })),
      "evaluation failed",
    );
  }
}

export const DEFAULT_BATCH_SIZE = 8;

/**
 * Evaluates every parameter set (numeric overrides of base values, as `evaluate`'s `parameters`),
 * in batches of `batchSize` sets per run. Results are in the order of `sets`. A set the engine
 * rejects throws a BatchSetError naming it (found by evaluating that batch's sets one by one).
 */
export function evaluateBatch(
  model: CompiledModel,
  sets: ReadonlyArray<Record<string, number>>,
  options: BatchOptions = {},
): ModelResult[] {
  const problems = new Problems();
  sets.forEach((s, i) => checkOverrides(model, s, problems, `parameter set ${i + 1}: parameter`));
  const { rates, strategyIdx } = checkOptions(model, options, problems);
  const size = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!(Number.isInteger(size) && size >= 1))
    problems.add("batchSize", "batch size must be a whole number >= 1", size, "1 or more");
  problems.throwIfAny("invalid evaluation options");

  const dc = discountsFor(model, rates.costs);
  const dO = discountsFor(model, rates.outcomes);
  const withKernel = options.kernel !== "js" && kernelAvailable();
  const wantTrace = options.trace !== false;
  const wantPerCycle = options.perCycle !== false;
  const out: ModelResult[] = [];
  for (let a = 0; a < sets.length; a += size) {
    const b = Math.min(sets.length, a + size);
    const lanes: Lane[] = [];
    const accs: Accumulator[][] = [];
    for (let i = a; i < b; i++) {
      const set = lanesOf(model, strategyIdx, sets[i], i - a, wantTrace, wantPerCycle);
      lanes.push(...set.lanes);
      accs.push(set.accs);
    }
    try {
      runLanes(model, lanes, dc, dO, withKernel);
    } catch (err) {
      if (!(err instanceof ModelError)) throw err;
      throw whichSet(model, sets, a, b, options, err);
    }
    for (let i = a; i < b; i++) {
      try {
        out.push(resultOf(model, strategyIdx, accs[i - a], rates, sets[i]));
      } catch (err) {
        throw err instanceof ModelError ? new BatchSetError(i, err) : err;
      }
    }
  }
  return out;
}

/** The first set of [a, b) that `evaluate` rejects, as a BatchSetError (the batch's own error if none does). */
function whichSet(
  model: CompiledModel,
  sets: ReadonlyArray<Record<string, number>>,
  a: number,
  b: number,
  options: BatchOptions,
  batchError: ModelError,
): ModelError {
  const { batchSize: _, ...single } = options;
  for (let i = a; i < b; i++) {
    try {
      evaluate(model, { ...single, parameters: sets[i] });
    } catch (err) {
      if (err instanceof ModelError) return new BatchSetError(i, err);
      throw err;
    }
  }
  return batchError;
}
