/**
 * Nested Monte Carlo EVPPI, the reference the regression and GP estimates are checked against
 * (tests/uncertainty/evppi*.test.ts): for each of `outer` draws of the parameters of interest, the
 * conditional expected net benefit of every strategy is the mean over `inner` fresh draws of the
 * other parameters; EVPPI = mean over outer draws of the best conditional mean − the best overall
 * mean. Draws come from drawParameters with seed `seed` (outer) and `seed + 1 + a` (inner of
 * outer draw a), so the reference is reproducible.
 */
import { drawParameters, type ParameterDistribution } from "../../src/model/index.js";

export function nestedEvppi(
  params: ParameterDistribution[],
  nbOf: (values: number[]) => number[],
  of: number[],
  outer: number,
  inner: number,
  seed: number,
): number {
  const ids = params.map((p) => p.id);
  const o = drawParameters(params, outer, seed);
  let meanMax = 0;
  let total: number[] = [];
  for (let a = 0; a < outer; a++) {
    const i = drawParameters(params, inner, seed + 1 + a);
    let cond: number[] = [];
    for (let b = 0; b < inner; b++) {
      const nb = nbOf(ids.map((c, j) => (of.includes(j) ? o.get(c)![a] : i.get(c)![b])));
      if (cond.length === 0) cond = nb.map(() => 0);
      for (let s = 0; s < nb.length; s++) cond[s] += nb[s] / inner;
    }
    meanMax += Math.max(...cond) / outer;
    if (total.length === 0) total = cond.map(() => 0);
    for (let s = 0; s < cond.length; s++) total[s] += cond[s] / outer;
  }
  return meanMax - Math.max(...total);
}
