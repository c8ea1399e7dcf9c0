/**
 * Within-cycle counting. The value of cycle t (t = 1..T) is
 *   V_t = sum_s v_s(t) * [ alpha_t * m_{t-1,s} * d_{t-1} + beta_t * m_{t,s} * d_t ]
 * where m_k is the cohort count at time k (end of cycle k, m_0 the start), d_k the discount
 * factor at time k, and v_s(t) the state value evaluated with the time variables of cycle t.
 * alpha_t + beta_t = 1 in every cycle. The weights per method:
 *   beginning  alpha = 1, beta = 0           (counts at the start of each cycle)
 *   end        alpha = 0, beta = 1           (counts at the end of each cycle)
 *   half-cycle alpha = beta = 1/2            (trapezoid rule on the counts; "life-table" method)
 *   simpson    composite Simpson 1/3 over pairs of cycles: (1/3, 2/3) then (2/3, 1/3), so the counts
 *              get the weights 1/3, 4/3, 2/3, 4/3, ..., 4/3, 1/3. With an odd number of cycles T >= 3
 *              the last three cycles use Simpson's 3/8 rule, split as (3/8, 5/8), (1/2, 1/2),
 *              (5/8, 3/8) (weights 3/8, 9/8, 9/8, 3/8 on the last four counts); T = 1 uses the trapezoid.
 * With values constant over time this reproduces the textbook rules on the counts exactly.
 */
import type { Problems } from "../errors.js";
import { compileFormula, FormulaError, parseFormula } from "../formula/formula.js";
import type { CountingMethod, SettingsSpec } from "../spec/spec.js";

export interface CycleWeights {
  /** alpha[t], t = 1..T: weight of the count at the start of cycle t. Index 0 is unused. */
  alpha: Float64Array;
  /** beta[t], t = 1..T: weight of the count at the end of cycle t. */
  beta: Float64Array;
}

/**
 * Cycle weights from the weight of each count k = 0..T (`method: "custom"`): count k is valued with
 * the values of the cycle that starts at time k (alpha_{k+1} = w_k) and the last count with those of
 * the last cycle (beta_T = w_T). This is how DARTH's within-cycle correction applies its weights
 * to the trace rows (Alarid-Escudero et al. 2023, Med Decis Making 43:21-41). With weights that do
 * not sum to T, alpha_t + beta_t is not 1: the weights are used as given.
 */
export function customCycleWeights(countW: ArrayLike<number>): CycleWeights {
  const T = countW.length - 1;
  const alpha = new Float64Array(T + 1);
  const beta = new Float64Array(T + 1);
  for (let t = 1; t <= T; t++) alpha[t] = countW[t - 1];
  beta[T] = countW[T];
  return { alpha, beta };
}

/**
 * The count weights of settings.weights for a horizon of T cycles: a list of T + 1 numbers, or a
 * formula of `cycle` (the count k) and `nCycles` (T) evaluated for k = 0..T. Problems are added
 * (a wrong length, a formula error, a weight that is not finite); null then.
 */
export function customCountWeights(settings: SettingsSpec, nCycles: number, problems: Problems): Float64Array | null {
  const w = settings.weights;
  if (Array.isArray(w)) {
    if (w.length !== nCycles + 1) {
      problems.add(
        "settings.weights",
        `needs one weight per count k = 0 … T: ${nCycles + 1} for ${nCycles} cycles, not ${w.length}`,
        w.length,
        `${nCycles + 1}`,
      );
      return null;
    }
    return Float64Array.from(w);
  }
  const text = String(w);
  try {
    const names = ["cycle", "nCycles"];
    const fn = compileFormula(text, parseFormula(text), {
      slot: (n) => (names.includes(n) ? names.indexOf(n) : undefined),
      table: () => undefined,
    });
    const env = new Float64Array([0, nCycles]);
    const out = new Float64Array(nCycles + 1);
    for (let k = 0; k <= nCycles; k++) {
      env[0] = k;
      out[k] = fn(env);
      if (!Number.isFinite(out[k])) {
        problems.add(
          "settings.weights",
          `the weight of count ${k} is not a finite number`,
          out[k],
          "a formula of cycle and nCycles giving finite numbers",
        );
        return null;
      }
    }
    return out;
  } catch (err) {
    if (!(err instanceof FormulaError)) throw err;
    problems.add(
      "settings.weights",
      `formula error: ${err.reason} at position ${err.position + 1} (the weights may use cycle, nCycles and numbers)`,
      text,
    );
    return null;
  }
}

/** The methods with fixed weights (settings.method's aliases resolve to these; "custom" has weights of its own). */
const CANONICAL_METHODS: readonly string[] = ["beginning", "end", "half-cycle", "simpson"];

/** alpha and beta of each cycle t = 1..T for one of the methods with fixed weights (the header gives them). */
export function cycleWeights(method: CountingMethod, nCycles: number): CycleWeights {
  // Called from JavaScript (a notebook), an unknown name must not fall through to the half-cycle weights.
  if (!CANONICAL_METHODS.includes(method))
    throw new RangeError(
      `cycleWeights: unknown counting method ${JSON.stringify(method)}; expected one of ${CANONICAL_METHODS.join(", ")} (aliases such as "trapezoid" are resolved by resolveMethod)`,
    );
  if (!Number.isInteger(nCycles) || nCycles < 0)
    throw new RangeError(`cycleWeights: nCycles must be a whole number >= 0, got ${nCycles}`);
  const alpha = new Float64Array(nCycles + 1);
  const beta = new Float64Array(nCycles + 1);
  const set = (t: number, a: number, b: number) => {
    alpha[t] = a;
    beta[t] = b;
  };
  for (let t = 1; t <= nCycles; t++) {
    if (method === "beginning") set(t, 1, 0);
    else if (method === "end") set(t, 0, 1);
    else set(t, 0.5, 0.5);
  }
  if (method === "simpson" && nCycles >= 2) {
    const pairsEnd = nCycles % 2 === 0 ? nCycles : nCycles - 3;
    for (let t = 1; t <= pairsEnd; t++) {
      if (t % 2 === 1) set(t, 1 / 3, 2 / 3);
      else set(t, 2 / 3, 1 / 3);
    }
    if (nCycles % 2 === 1) {
      set(nCycles - 2, 3 / 8, 5 / 8);
      set(nCycles - 1, 1 / 2, 1 / 2);
      set(nCycles, 5 / 8, 3 / 8);
    }
  }
  return { alpha, beta };
}

/** Weight of each count k = 0..T implied by the cycle weights (for documentation and tests). */
export function countWeights(w: CycleWeights): Float64Array {
  const T = w.alpha.length - 1;
  const out = new Float64Array(T + 1);
  for (let t = 1; t <= T; t++) {
    out[t - 1] += w.alpha[t];
    out[t] += w.beta[t];
  }
  return out;
}
