/**
 * psaDistribution (src/cart/distributions.ts) on hand-made rows: each distribution's textbook mean
 * and variance (computed here from its own parameters, not from the code's formulas) equal the base
 * value and the standard error of the row's 95% interval; every branch's reason and every refusal.
 * Quick (no model is built), so mutation testing can run it for every mutant.
 */
import { describe, expect, it } from "vitest";
import { psaDistribution } from "../../src/cart/index.js";
import { problemOf } from "../helpers/errors.js";

/** The 97.5% quantile of the standard normal (published to 16 digits). */
const Z = 1.959963984540054;

describe("psaDistribution(row, where)", () => {
  it("fixed: a row marked fixed, or without a low or a high, is a point mass at its value", () => {
    const reason = "fixed: structural or on the bound of its support";
    expect(psaDistribution({ value: 0.4, low: 0.1, high: 0.9, distribution: "fixed" })).toEqual({
      kind: "fixed",
      mean: 0.4,
      se: 0,
      params: { value: 0.4 },
      reason,
    });
    expect(psaDistribution({ value: 0.4, low: null, high: 0.9, distribution: "beta" }).kind).toBe("fixed");
    expect(psaDistribution({ value: 0.4, low: 0.1, high: null, distribution: "beta" }).kind).toBe("fixed");
  });
  it("normal: mean the value, SD = (high - low)/(2 × 1.96): 50 in 40-60 has SD 20/3.919928 = 5.102135", () => {
    expect(psaDistribution({ value: 50, low: 40, high: 60, distribution: "normal", status: "seen" })).toEqual({
      kind: "normal",
      mean: 50,
      se: 20 / (2 * Z),
      params: { mean: 50, sd: 20 / (2 * Z) },
      reason: "normal from the evidence range 40-60 read as a 95% interval",
    });
    expect(psaDistribution({ value: 50, low: 40, high: 60, distribution: "normal" }).se).toBeCloseTo(5.102135, 6);
  });
  it("beta: 0.3 in 0.2-0.4 has mean α/(α+β) = 0.3 and variance αβ/((α+β)²(α+β+1)) = SE²", () => {
    const se = 0.2 / (2 * Z); // 0.0510213
    const d = psaDistribution({ value: 0.3, low: 0.2, high: 0.4, distribution: "beta", status: "assumption" });
    const { alpha: a, beta: b } = d.params;
    expect(d.kind).toBe("beta");
    expect(d.mean).toBe(0.3);
    expect(a / (a + b)).toBeCloseTo(0.3, 12);
    expect((a * b) / ((a + b) ** 2 * (a + b + 1))).toBeCloseTo(se * se, 12);
    expect(d.se).toBeCloseTo(se, 12);
    // m(1-m)/SE² - 1 = 0.21/0.00260317 - 1 = 79.671: α = 23.90, β = 55.77
    expect(a).toBeCloseTo(23.9013, 3);
    expect(b).toBeCloseTo(55.7697, 3);
    expect(d.reason).toBe("beta by method of moments from the assumed range 0.2-0.4 read as a 95% interval");
  });
  it("beta: an interval too wide for the mean caps the variance at 0.9 m(1 - m), keeping the mean", () => {
    // 0.02 in 0-0.9: SE² = (0.9/3.92)² = 0.0527 > 0.9 × 0.02 × 0.98 = 0.01764
    const d = psaDistribution({ value: 0.02, low: 0, high: 0.9, distribution: "beta" });
    const { alpha: a, beta: b } = d.params;
    expect(a / (a + b)).toBeCloseTo(0.02, 12);
    expect((a * b) / ((a + b) ** 2 * (a + b + 1))).toBeCloseTo(0.01764, 12);
    expect(d.se).toBeCloseTo(Math.sqrt(0.01764), 12);
    // c = 0.0196/0.01764 - 1 = 1/9: α = 0.02/9, β = 0.98/9
    expect(a).toBeCloseTo(0.02 / 9, 12);
    expect(b).toBeCloseTo(0.98 / 9, 12);
  });
  it("gamma: 1000 in 500-1500 has mean shape × scale = 1000 and variance shape × scale² = SE²", () => {
    const se = 1000 / (2 * Z); // 255.1067
    const d = psaDistribution({ value: 1000, low: 500, high: 1500, distribution: "gamma", status: "seen" });
    expect(d.kind).toBe("gamma");
    expect(d.mean).toBe(1000);
    expect(d.se).toBeCloseTo(se, 9);
    expect(d.params.shape * d.params.scale).toBeCloseTo(1000, 9);
    expect(d.params.shape * d.params.scale ** 2).toBeCloseTo(se * se, 6);
    expect(d.params.shape).toBeCloseTo(15.365835, 5); // (1000/255.1067)² = 3.9199280² = 15.365835
    expect(d.reason).toBe("gamma by method of moments from the evidence range 500-1500 read as a 95% interval");
  });
  it("log-normal: 1 in 0.5-2 has σ = ln 4/3.919928 = 0.353653 and mean exp(μ + σ²/2) = 1", () => {
    const sigma = Math.log(4) / (2 * Z);
    const d = psaDistribution({ value: 1, low: 0.5, high: 2, distribution: "lognormal", status: "seen" });
    expect(d.kind).toBe("lognormal");
    expect(d.mean).toBe(1);
    expect(d.params.sigma).toBeCloseTo(0.353653, 6);
    expect(d.params.sigma).toBeCloseTo(sigma, 14);
    expect(Math.exp(d.params.mu + d.params.sigma ** 2 / 2)).toBeCloseTo(1, 14);
    // the SD of a log-normal: mean × sqrt(exp(σ²) - 1) = sqrt(exp(0.1250705) - 1) = sqrt(0.1332283) = 0.365005
    expect(d.se).toBeCloseTo(Math.sqrt(Math.exp(sigma * sigma) - 1), 12);
    expect(d.se).toBeCloseTo(0.365005, 5);
    expect(d.reason).toBe(
      "log-normal, σ from the evidence range 0.5-2 read as a 95% interval on the log scale, μ set so that the mean is the base value",
    );
    // a mean of 3 moves μ by ln 3, not σ
    const dThree = psaDistribution({ value: 3, low: 0.5, high: 2, distribution: "lognormal" });
    expect(dThree.params.mu - d.params.mu).toBeCloseTo(Math.log(3), 14);
    expect(dThree.se).toBeCloseTo(3 * d.se, 12);
  });
  it("refuses a mean outside the support, naming the place, the distribution and the value", () => {
    const expected = "a value strictly inside the distribution's support";
    const cases: Array<[number, number, string, string]> = [
      [0, 0.5, "beta", "a beta mean must lie strictly between 0 and 1"],
      [1, 0.5, "beta", "a beta mean must lie strictly between 0 and 1"],
      [0, 0.5, "gamma", "a gamma mean must be positive"],
      [-1, 0.5, "gamma", "a gamma mean must be positive"],
      [0, 0.5, "lognormal", "a log-normal needs a positive mean and lower bound"],
      [1, 0, "lognormal", "a log-normal needs a positive mean and lower bound"],
      [1, 0.5, "uniform", 'distribution "uniform" is not used for PSA (use beta, gamma, lognormal, normal or fixed)'],
    ];
    for (const [value, low, distribution, why] of cases)
      expect(problemOf(() => psaDistribution({ value, low, high: 2, distribution }, "t.csv row 3"))).toEqual({
        where: "t.csv row 3",
        message: `no ${distribution} distribution with mean ${value}: ${why}`,
        value,
        expected,
        text: `t.csv row 3: no ${distribution} distribution with mean ${value}: ${why} (got ${value}); expected ${expected}`,
      });
    expect(problemOf(() => psaDistribution({ value: 0, low: 0, high: 1, distribution: "gamma" }))?.where).toBe(
      "parameter",
    );
  });
});
