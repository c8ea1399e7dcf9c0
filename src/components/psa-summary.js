// Headline results with their uncertainty (issue [10], item 4; the Summary page): from the PSA
// worker's per-draw costs and effects, each strategy against a comparator — the mean and 95%
// interval (2.5th and 97.5th percentiles) of incremental cost and QALYs, and the probability that
// it is cost-effective at each willingness to pay. Pure: no DOM, so node tests can call it.

/**
 * R's type 7 sample quantile (linear interpolation between order statistics; the default of R,
 * NumPy and d3-array). Written here because this module must also load in Node tests, where the
 * report's arquero wrapper (./arquero.js) cannot, and d3-array is not a declared dependency.
 * @param {Float64Array} sorted ascending
 * @param {number} p in [0, 1]
 */
function quantileSorted(sorted, p) {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

/** @param {Float64Array} x */
const mean = (x) => x.reduce((s, v) => s + v, 0) / x.length;

/**
 * @typedef {object} PsaOutcomes the worker's `outcomes` (src/uncertainty/stats.ts PsaOutcomes)
 * @property {string[]} strategies
 * @property {ArrayLike<number>[]} costs per strategy, per draw
 * @property {ArrayLike<number>[]} effects per strategy, per draw (QALYs)
 */

/**
 * @typedef {object} UncertainHeadline
 * @property {string} strategy
 * @property {number} draws
 * @property {number} costMean mean incremental cost (currency of the run)
 * @property {number} costLow 2.5th percentile
 * @property {number} costHigh 97.5th percentile
 * @property {number} qalysMean mean incremental QALYs
 * @property {number} qalysLow
 * @property {number} qalysHigh
 * @property {Array<{wtp: number, probability: number}>} costEffective share of draws with
 *   incremental net monetary benefit wtp·ΔQALYs − Δcost ≥ 0 (the deterministic verdict's rule,
 *   src/components/words.js), one entry per willingness to pay
 */

/**
 * Each strategy but `comparator` against it, over the draws of a PSA (percentiles of R's type 7).
 * @param {PsaOutcomes} outcomes
 * @param {{comparator?: string, wtp?: number[]}} [options]
 * @returns {UncertainHeadline[]}
 */
export function headlineUncertainty(outcomes, { comparator = "soc", wtp = [] } = {}) {
  const c = outcomes.strategies.indexOf(comparator);
  if (c < 0)
    throw new RangeError(`comparator "${comparator}" is not a strategy of the PSA (${outcomes.strategies.join(", ")})`);
  const n = outcomes.costs[c].length;
  /** @type {UncertainHeadline[]} */
  const out = [];
  outcomes.strategies.forEach((strategy, i) => {
    if (i === c) return;
    if (outcomes.costs[i].length !== n || outcomes.effects[i].length !== n || outcomes.effects[c].length !== n)
      throw new RangeError(
        `strategy "${strategy}" has ${outcomes.costs[i].length} cost draws; "${comparator}" has ${n}`,
      );
    const dc = Float64Array.from(outcomes.costs[i], (x, k) => x - outcomes.costs[c][k]);
    const de = Float64Array.from(outcomes.effects[i], (x, k) => x - outcomes.effects[c][k]);
    const sc = Float64Array.from(dc).sort();
    const se = Float64Array.from(de).sort();
    const costEffective = wtp.map((w) => {
      let yes = 0;
      for (let k = 0; k < n; k++) if (w * de[k] - dc[k] >= 0) yes++;
      return { wtp: w, probability: yes / n };
    });
    out.push({
      strategy,
      draws: n,
      costMean: mean(dc),
      costLow: quantileSorted(sc, 0.025),
      costHigh: quantileSorted(sc, 0.975),
      qalysMean: mean(de),
      qalysLow: quantileSorted(se, 0.025),
      qalysHigh: quantileSorted(se, 0.975),
      costEffective,
    });
  });
  return out;
}
