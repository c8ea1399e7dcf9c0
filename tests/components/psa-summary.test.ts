// Headline results with their uncertainty (src/components/psa-summary.js): expected values worked
// out by hand below from five draws.
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain JavaScript page component without type declarations
import { headlineUncertainty } from "../../src/components/psa-summary.js";

// SoC costs 10 and gives 1 QALY in every draw; "a" differs by
//   Δcost  = [10, 20, 0, 40, 30]        sorted [0, 10, 20, 30, 40], mean 20
//   ΔQALYs = [0.5, 0.2, 0, 1, 0.1]      sorted [0, 0.1, 0.2, 0.5, 1], mean 0.36
// R type 7 percentiles of n = 5 sorted values: h = (n − 1)·p; x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
//   p = 0.025: h = 0.1 → Δcost 0 + 0.1·10 = 1;    ΔQALYs 0 + 0.1·0.1 = 0.01
//   p = 0.975: h = 3.9 → Δcost 30 + 0.9·10 = 39;  ΔQALYs 0.5 + 0.9·0.5 = 0.95
// Net monetary benefit 50·ΔQALYs − Δcost = [15, −10, 0, 10, −25]: ≥ 0 in 3 of 5 draws (0.6);
// at 0 per QALY only the draw with Δcost = 0 counts (0.2).
const outcomes = {
  strategies: ["soc", "a"],
  costs: [new Float64Array([10, 10, 10, 10, 10]), new Float64Array([20, 30, 10, 50, 40])],
  effects: [new Float64Array([1, 1, 1, 1, 1]), new Float64Array([1.5, 1.2, 1.0, 2.0, 1.1])],
};

describe("headlineUncertainty(outcomes, {comparator, wtp})", () => {
  it("gives each strategy's mean and 95% interval of incremental cost and QALYs against the comparator", () => {
    const [r] = headlineUncertainty(outcomes, { comparator: "soc", wtp: [50, 0] });
    expect(r.strategy).toBe("a");
    expect(r.draws).toBe(5);
    expect(r.costMean).toBeCloseTo(20, 10);
    expect(r.costLow).toBeCloseTo(1, 10);
    expect(r.costHigh).toBeCloseTo(39, 10);
    expect(r.qalysMean).toBeCloseTo(0.36, 10);
    expect(r.qalysLow).toBeCloseTo(0.01, 10);
    expect(r.qalysHigh).toBeCloseTo(0.95, 10);
  });
  it("gives the share of draws with non-negative incremental net monetary benefit at each willingness to pay", () => {
    const [r] = headlineUncertainty(outcomes, { wtp: [50, 0] });
    expect(r.costEffective).toEqual([
      { wtp: 50, probability: 0.6 },
      { wtp: 0, probability: 0.2 },
    ]);
  });
  it("leaves the comparator out and names an unknown comparator", () => {
    expect(headlineUncertainty(outcomes, { comparator: "a" }).map((r: { strategy: string }) => r.strategy)).toEqual([
      "soc",
    ]);
    expect(() => headlineUncertainty(outcomes, { comparator: "none" })).toThrow(
      'comparator "none" is not a strategy of the PSA (soc, a)',
    );
  });
});
