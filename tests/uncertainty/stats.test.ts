import { describe, expect, it } from "vitest";
import {
  acceptability,
  decisionSummary,
  netBenefit,
  populationScale,
  populationScaleOf,
  cePlane,
  type PsaOutcomes,
} from "../../src/uncertainty/stats.js";
import { drawParameters, fromMeanSe } from "../../src/model/index.js";

/** Outcomes with effect 0, so NB = −cost at every WTP. */
const fromNb = (nb: number[][]): PsaOutcomes => ({
  strategies: nb.map((_, i) => `s${i}`),
  costs: nb.map((col) => Float64Array.from(col, (x) => -x)),
  effects: nb.map((col) => new Float64Array(col.length)),
});

describe("CEAF (corrected definition)", () => {
  it("is the probability that the strategy with the highest mean NB is best, not the largest CEAC value", () => {
    // Hand example: A = [0, 0, 0], B = [1, 1, −10]. B is best in draws 1 and 2 (CEAC 2/3) but its mean
    // NB is −8/3 < 0 = mean NB of A, so A is optimal and the CEAF is P(A best) = 1/3.
    const { curves, evpi } = acceptability(
      fromNb([
        [0, 0, 0],
        [1, 1, -10],
      ]),
      [1000],
    );
    expect(curves.map((c) => c.probability)).toEqual([1 / 3, 2 / 3]);
    expect(evpi[0].optimal).toBe("s0");
    expect(evpi[0].ceaf).toBeCloseTo(1 / 3, 12);
    expect(curves.find((c) => c.onFrontier)!.strategy).toBe("s0");
    // EVPI by hand: mean(max) = (1 + 1 + 0)/3 = 2/3; max(mean) = 0 ⇒ 2/3.
    expect(evpi[0].evpi).toBeCloseTo(2 / 3, 12);
  });
});

describe("PSA summaries on drawn outcomes", () => {
  const n = 5000;
  const cols = drawParameters(
    [
      { id: "c0", distribution: fromMeanSe("gamma", 10000, 2000) },
      { id: "c1", distribution: fromMeanSe("gamma", 25000, 6000) },
      { id: "c2", distribution: fromMeanSe("gamma", 18000, 5000) },
      { id: "e0", distribution: fromMeanSe("normal", 5, 0.3) },
      { id: "e1", distribution: fromMeanSe("normal", 5.4, 0.4) },
      { id: "e2", distribution: fromMeanSe("normal", 5.1, 0.5) },
    ],
    n,
    2024,
  );
  const o: PsaOutcomes = {
    strategies: ["a", "b", "c"],
    costs: [cols.get("c0")!, cols.get("c1")!, cols.get("c2")!],
    effects: [cols.get("e0")!, cols.get("e1")!, cols.get("e2")!],
  };
  const wtps = Array.from({ length: 21 }, (_, i) => i * 5000);
  const { curves, evpi } = acceptability(o, wtps);

  it("CEAC probabilities sum to 1 at every WTP", () => {
    for (const w of wtps) {
      const sum = curves.filter((c) => c.wtp === w).reduce((a, c) => a + c.probability, 0);
      expect(sum).toBeCloseTo(1, 12);
    }
  });
  it("EVPI is >= 0 and equals mean(max NB) − max(mean NB) computed independently", () => {
    for (const { wtp, evpi: v } of evpi) {
      expect(v).toBeGreaterThanOrEqual(0);
      // Independent computation: row-wise over plain arrays with Math.max and reduce.
      const rows = Array.from({ length: n }, (_, k) => [0, 1, 2].map((s) => o.effects[s][k] * wtp - o.costs[s][k]));
      const meanMax = rows.map((r) => Math.max(...r)).reduce((a, b) => a + b, 0) / n;
      const maxMean = Math.max(...[0, 1, 2].map((s) => rows.reduce((a, r) => a + r[s], 0) / n));
      expect(v).toBeCloseTo(meanMax - maxMean, 6);
    }
  }, 60_000);
  it("the expected loss of the optimal strategy is the EVPI and no strategy has a smaller loss", () => {
    const d = decisionSummary(netBenefit(o, 30000));
    expect(d.expectedLoss[d.optimal]).toBeCloseTo(d.evpi, 9);
    for (const l of d.expectedLoss) expect(l).toBeGreaterThanOrEqual(d.evpi - 1e-9);
  });
  it("the CE plane has one point per draw and non-comparator strategy", () => {
    const plane = cePlane(o);
    expect(plane.length).toBe(2 * n);
    expect(plane[0].incrementalCost).toBeCloseTo(o.costs[1][0] - o.costs[0][0], 9);
  });
});

describe("populationScale", () => {
  it("sums discounted annual populations: 1000 a year, 3 years, 3.5% ⇒ 1000(1 + 1/1.035 + 1/1.035²)", () => {
    expect(populationScale({ annualPopulation: 1000, horizonYears: 3, discountRate: 0.035 })).toBeCloseTo(
      1000 + 1000 / 1.035 + 1000 / 1.035 ** 2,
      9,
    );
  });
});

describe("populationScaleOf", () => {
  // The evppi and voi commands' --population, --horizon and --discount, read once (both commands
  // repeated this; s27-rev). Expected values by hand, as above.
  it("populationScaleOf(flags) is null without --population, and 0 for --population 0 (a population of 0)", () => {
    expect(populationScaleOf({ horizon: 10, discount: 0.035 })).toBeNull();
    expect(populationScaleOf({ population: 0, horizon: 10, discount: 0.035 })).toBe(0);
  });
  it("populationScaleOf(flags) with 1000 a year, 3 years, 3.5% is 1000(1 + 1/1.035 + 1/1.035²)", () => {
    expect(populationScaleOf({ population: 1000, horizon: 3, discount: 0.035 })).toBeCloseTo(
      1000 + 1000 / 1.035 + 1000 / 1.035 ** 2,
      9,
    );
  });
});
