/**
 * THE ROW RULE: the one check of a row of transition probabilities, defined here once with its
 * error messages. The WebAssembly kernel's `settle` (kernel.wat) is its fast path and applies the
 * same comparisons with the same tolerances (written into kernel memory from the constants below);
 * when it finds a failing row, this check runs on that lane and reports it.
 *
 * A row passes when every probability other than the complement is in [0, 1] (within
 * PROBABILITY_TOLERANCE, for rounding), and either its complement C = 1 − (sum of the others) is
 * ≥ −ROW_SUM_TOLERANCE (set to 0 when just below 0), or, without a complement, the row sums to 1
 * within ROW_SUM_TOLERANCE.
 */
import { ModelError } from "../errors.js";
import type { CompiledModel, Program } from "../compile/compile.js";

/** Tolerance for a probability outside [0, 1] caused by floating-point rounding. */
export const PROBABILITY_TOLERANCE = 1e-12;
/** Tolerance for a row of probabilities that must sum to 1. */
export const ROW_SUM_TOLERANCE = 1e-9;

/** The rule's tolerances as the kernel reads them: lowest and highest probability accepted, row-sum tolerance. */
export const KERNEL_TOLERANCES = [-PROBABILITY_TOLERANCE, 1 + PROBABILITY_TOLERANCE, ROW_SUM_TOLERANCE] as const;

/**
 * Checks expanded-state row `row` of lane k (probabilities p, lane-interleaved with K lanes) and sets
 * its complement; throws a ModelError naming the place, strategy, cohort, cycle (null: every cycle)
 * and value when the row fails. Kept short so the engine can inline it.
 */
export function settleRow(
  model: CompiledModel,
  prog: Program,
  p: Float64Array,
  K: number,
  k: number,
  row: number,
  cycle: number | null,
): void {
  const { rowStart, rowComplement, entryPos } = model;
  const comp = rowComplement[row];
  const end = rowStart[row + 1];
  let sum = 0;
  for (let e = rowStart[row]; e < end; e++) {
    if (e === comp) continue;
    const v = p[entryPos[e] * K + k];
    if (!(v >= -PROBABILITY_TOLERANCE && v <= 1 + PROBABILITY_TOLERANCE)) throw entryError(model, prog, e, v, cycle);
    sum += v;
  }
  if (comp >= 0) {
    const c = 1 - sum;
    if (!(c >= -ROW_SUM_TOLERANCE))
      throw rowError(
        model,
        prog,
        row,
        cycle,
        "the probabilities other than the complement C sum to more than 1",
        sum,
        "a sum <= 1",
      );
    p[entryPos[comp] * K + k] = c >= 0 ? c : 0;
  } else if (!(Math.abs(sum - 1) <= ROW_SUM_TOLERANCE)) {
    throw rowError(
      model,
      prog,
      row,
      cycle,
      'the row does not sum to 1 (use "C" for the complement)',
      sum,
      `1 (within ${ROW_SUM_TOLERANCE})`,
    );
  }
}

/** Strategy, cohort (when there are several) and cycle of an error. */
function context(model: CompiledModel, prog: Program, cycle: number | null): string {
  const ctx = [`strategy "${model.strategies[prog.strategyIndex].id}"`];
  if (model.cohorts.length > 1) ctx.push(`cohort "${model.cohorts[prog.cohortIndex].id}"`);
  ctx.push(cycle === null ? "every cycle" : `cycle ${cycle}`);
  return ctx.join(", ");
}

function entryError(model: CompiledModel, prog: Program, e: number, value: number, cycle: number | null): ModelError {
  const from = model.states[model.entryDeclFrom[e]].id;
  const to = model.states[model.entryDeclTo[e]].id;
  const k = model.entryTunnel[e];
  const place = `transition ${from} -> ${to}` + (k > 0 ? ` (time in state ${k})` : "");
  return new ModelError(
    {
      where: `${place} [${context(model, prog, cycle)}]`,
      message: "probability outside [0, 1]",
      value,
      expected: "a probability in [0, 1]",
    },
    "evaluation failed",
  );
}

function rowError(
  model: CompiledModel,
  prog: Program,
  row: number,
  cycle: number | null,
  message: string,
  value: number,
  expected: string,
): ModelError {
  const s = model.states[model.expandedState[row]];
  const k = s.timeInState ? row - s.base + 1 : 0;
  return new ModelError(
    {
      where: `transitions from ${s.id}${k ? ` (time in state ${k})` : ""} [${context(model, prog, cycle)}]`,
      message,
      value,
      expected,
    },
    "evaluation failed",
  );
}
