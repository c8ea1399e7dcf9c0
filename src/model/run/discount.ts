/**
 * Discounting. A value counted at model time y years is multiplied by (1 + r)^(-y), with r the
 * annual rate; time runs continuously, so with monthly cycles the count at the end of cycle t
 * (y = t / 12) is discounted by (1 + r)^(-t / 12). See docs/model-spec.md, "Discounting".
 */

import { pow } from "../math.js";

/** discountFactor(rate, years) = (1 + rate)^(-years); 1 at years = 0. */
export function discountFactor(rate: number, years: number): number {
  return pow(1 + rate, -years);
}

/**
 * Discount factors at the counts 0..nCycles for cycles of `cycleYears` years:
 * d[k] = (1 + rate)^(-k * cycleYears). Computed as powers, not by repeated multiplication,
 * so d[k] is exact to floating-point rounding at every k.
 */
export function discountFactors(rate: number, cycleYears: number, nCycles: number): Float64Array {
  const d = new Float64Array(nCycles + 1);
  const base = 1 + rate;
  for (let k = 0; k <= nCycles; k++) d[k] = pow(base, -k * cycleYears);
  return d;
}

/**
 * annuityDue(rate, n) = sum_{k=0}^{n-1} (1 + rate)^(-k): the present value of 1 paid at the start of
 * each of n years. Closed form (1 - v^n) / (1 - v) with v = 1 / (1 + rate); n when rate = 0.
 */
export function annuityDue(rate: number, n: number): number {
  if (rate === 0) return n;
  const v = 1 / (1 + rate);
  return (1 - pow(v, n)) / (1 - v);
}

/** annuityImmediate(rate, n) = sum_{k=1}^{n} (1 + rate)^(-k): 1 paid at the end of each of n years. */
export function annuityImmediate(rate: number, n: number): number {
  if (rate === 0) return n;
  return (1 - pow(1 + rate, -n)) / rate;
}
