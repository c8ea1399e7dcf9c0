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
import type { CountingMethod } from "../spec/spec.js";

export interface CycleWeights {
  /** alpha[t], t = 1..T: weight of the count at the start of cycle t. Index 0 is unused. */
  alpha: Float64Array;
  /** beta[t], t = 1..T: weight of the count at the end of cycle t. */
  beta: Float64Array;
}

export function cycleWeights(method: CountingMethod, nCycles: number): CycleWeights {
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
