/**
 * Summaries of a probabilistic sensitivity analysis on any (draws × strategies) matrix of costs and
 * effects, or of net benefits: net monetary benefit, cost-effectiveness plane, acceptability curve
 * (CEAC) and frontier (CEAF), expected loss curves, and the expected value of perfect information
 * (EVPI) per patient and for a population over a decision horizon. Works on samples from any model.
 */

/** PSA outcomes: one column per strategy, one row per draw. */
export interface PsaOutcomes {
  strategies: string[];
  /** costs[s][k]: cost of strategy s in draw k. */
  costs: Float64Array[];
  /** effects[s][k]: effect (e.g. QALYs) of strategy s in draw k. */
  effects: Float64Array[];
}

/** Net monetary benefit e·wtp − c of every strategy and draw. */
export function netBenefit(o: PsaOutcomes, wtp: number): Float64Array[] {
  return o.costs.map((c, s) => {
    const e = o.effects[s];
    const nb = new Float64Array(c.length);
    for (let k = 0; k < c.length; k++) nb[k] = e[k] * wtp - c[k];
    return nb;
  });
}

/** Mean of each strategy's column. */
export function columnMeans(x: readonly Float64Array[]): number[] {
  return x.map((col) => {
    let s = 0;
    for (let k = 0; k < col.length; k++) s += col[k];
    return s / col.length;
  });
}

/** Index of the largest value (the first of equals, so every draw has exactly one best strategy). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

export interface DecisionSummary {
  /** Mean net benefit per strategy. */
  meanNb: number[];
  /** Share of draws in which each strategy has the highest net benefit (the CEAC at this WTP; a draw tied between k strategies counts 1/k to each). */
  probabilityBest: number[];
  /** The strategy with the highest mean net benefit (the decision under current information; the first of equal means). */
  optimal: number;
  /** Expected loss per strategy: mean over draws of (max NB − NB of the strategy). */
  expectedLoss: number[];
  /** EVPI per patient: mean(max NB) − max(mean NB) = expected loss of the optimal strategy. */
  evpi: number;
}

/** Everything a PSA says about the decision at one willingness to pay, from net benefits nb[s][k]. */
export function decisionSummary(nb: Float64Array[]): DecisionSummary {
  const S = nb.length;
  const n = nb[0].length;
  const wins = new Float64Array(S);
  const loss = new Float64Array(S);
  let meanMax = 0;
  const row = new Float64Array(S);
  for (let k = 0; k < n; k++) {
    for (let s = 0; s < S; s++) row[s] = nb[s][k];
    const b = argmax(row);
    // Strategies tied for the highest net benefit share the draw equally (1/k each), so the shares
    // sum to 1 and do not depend on the order of the columns (two identical strategies: ½ each; the
    // first of them got every draw before).
    let tied = 0;
    for (let s = 0; s < S; s++) if (row[s] === row[b]) tied++;
    // tied is 0 when the best is NaN (NaN equals nothing): the draw counts for it, as before.
    if (tied <= 1) wins[b]++;
    else for (let s = 0; s < S; s++) if (row[s] === row[b]) wins[s] += 1 / tied;
    meanMax += row[b];
    for (let s = 0; s < S; s++) loss[s] += row[b] - row[s];
  }
  const meanNb = columnMeans(nb);
  const optimal = argmax(meanNb);
  meanMax /= n;
  return {
    meanNb,
    probabilityBest: Array.from(wins, (w) => w / n),
    optimal,
    expectedLoss: Array.from(loss, (l) => l / n),
    evpi: Math.max(0, meanMax - meanNb[optimal]),
  };
}

export interface CurvePoint {
  wtp: number;
  strategy: string;
  /** CEAC: probability that the strategy is the most cost-effective. */
  probability: number;
  /** Expected loss of choosing the strategy (currency per patient). */
  expectedLoss: number;
  meanNb: number;
  /** CEAF membership: the strategy has the highest mean net benefit at this WTP. */
  onFrontier: boolean;
}

/**
 * CEAC, CEAF and expected loss over a grid of WTP values: one row per (wtp, strategy). The CEAF
 * follows the definition BCEA corrected itself to (Fenwick, Claxton & Sculpher 2001; Barton,
 * Briggs & Fenwick 2008): at each WTP it is the probability that the strategy with the highest
 * *mean* net benefit is the best, i.e. the CEAC of that strategy, not the largest CEAC value.
 */
export function acceptability(
  o: PsaOutcomes,
  wtps: number[],
): { curves: CurvePoint[]; evpi: Array<{ wtp: number; evpi: number; optimal: string; ceaf: number }> } {
  const curves: CurvePoint[] = [];
  const evpi: Array<{ wtp: number; evpi: number; optimal: string; ceaf: number }> = [];
  for (const wtp of wtps) {
    const d = decisionSummary(netBenefit(o, wtp));
    o.strategies.forEach((strategy, s) =>
      curves.push({
        wtp,
        strategy,
        probability: d.probabilityBest[s],
        expectedLoss: d.expectedLoss[s],
        meanNb: d.meanNb[s],
        onFrontier: s === d.optimal,
      }),
    );
    evpi.push({ wtp, evpi: d.evpi, optimal: o.strategies[d.optimal], ceaf: d.probabilityBest[d.optimal] });
  }
  return { curves, evpi };
}

export interface PopulationOptions {
  /** Patients facing the decision each year. */
  annualPopulation: number;
  /** Years over which the decision applies. */
  horizonYears: number;
  /** Annual discount rate for future patients (e.g. 0.035). */
  discountRate: number;
}

/**
 * Population EVPI: per-patient EVPI × Σ_{t=0}^{H−1} N / (1 + r)^t (each year's patients
 * discounted to the decision date; Claxton & Posnett 1996, Briggs et al. 2006 ch. 6).
 */
export function populationScale(p: PopulationOptions): number {
  let f = 0;
  for (let t = 0; t < p.horizonYears; t++) f += p.annualPopulation / (1 + p.discountRate) ** t;
  return f;
}

/** The evppi and voi commands' population options: --population, --horizon, --discount. */
export interface PopulationFlags {
  population?: number;
  horizon: number;
  discount: number;
}

/**
 * {@link populationScale} of the population options, or null without `population`: `--population 0`
 * is a population of 0 (population VOI 0), not "no population", so only undefined means none.
 */
export function populationScaleOf(f: PopulationFlags): number | null {
  return f.population === undefined
    ? null
    : populationScale({ annualPopulation: f.population, horizonYears: f.horizon, discountRate: f.discount });
}

/** Cost-effectiveness plane: incremental cost and effect of each strategy against `comparator`, per draw. */
export function cePlane(
  o: PsaOutcomes,
  comparator = 0,
): Array<{ draw: number; strategy: string; incrementalEffect: number; incrementalCost: number }> {
  const out: Array<{ draw: number; strategy: string; incrementalEffect: number; incrementalCost: number }> = [];
  o.strategies.forEach((strategy, s) => {
    if (s === comparator) return;
    for (let k = 0; k < o.costs[s].length; k++)
      out.push({
        draw: k + 1,
        strategy,
        incrementalEffect: o.effects[s][k] - o.effects[comparator][k],
        incrementalCost: o.costs[s][k] - o.costs[comparator][k],
      });
  });
  return out;
}

/** Running mean of incremental NB against the comparator after each draw (convergence chart). */
export function runningMeans(
  nb: Float64Array[],
  comparator = 0,
  every = 1,
): Array<{ draws: number; strategy: number; meanIncrementalNb: number }> {
  const out: Array<{ draws: number; strategy: number; meanIncrementalNb: number }> = [];
  nb.forEach((col, s) => {
    if (s === comparator) return;
    let sum = 0;
    for (let k = 0; k < col.length; k++) {
      sum += col[k] - nb[comparator][k];
      if ((k + 1) % every === 0 || k === col.length - 1)
        out.push({ draws: k + 1, strategy: s, meanIncrementalNb: sum / (k + 1) });
    }
  });
  return out;
}

/** `count` evenly spaced WTP values from 0 to `max` inclusive. */
export function wtpGrid(max: number, count = 51): number[] {
  return Array.from({ length: count }, (_, i) => (max * i) / (count - 1));
}

/** One strategy's net benefit at the base values and its mean over the draws. */
export interface BaseVersusMeanRow {
  strategy: string;
  /** Net benefit with every parameter at its base value (the deterministic result). */
  baseNb: number;
  /** Mean net benefit over the draws, and its Monte Carlo standard error (sample SD / √n). */
  meanNb: number;
  meanNbSe: number;
}

/**
 * The deterministic result beside the PSA's: each strategy's net benefit at the base values and its
 * mean over the draws, and the strategy each chooses (highest net benefit, the first of equals). They
 * differ when the model is not linear in its drawn parameters: the mean of the model over the draws,
 * E[f(x)], is not the model at the mean values, f(E[x]) (docs/uncertainty.md).
 */
export function baseVersusMean(
  o: Pick<PsaOutcomes, "strategies">,
  base: { costs: ArrayLike<number>; effects: ArrayLike<number> },
  nb: readonly Float64Array[],
  wtp: number,
): { rows: BaseVersusMeanRow[]; baseOptimal: number; meanOptimal: number } {
  const means = columnMeans(nb);
  const rows = o.strategies.map((strategy, s) => {
    const col = nb[s];
    const n = col.length;
    const meanNb = means[s];
    let ss = 0;
    for (let k = 0; k < n; k++) ss += (col[k] - meanNb) ** 2;
    return {
      strategy,
      baseNb: base.effects[s] * wtp - base.costs[s],
      meanNb,
      meanNbSe: n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN,
    };
  });
  return {
    rows,
    baseOptimal: argmax(rows.map((r) => r.baseNb)),
    meanOptimal: argmax(rows.map((r) => r.meanNb)),
  };
}
