/**
 * src/cart/durability.ts without the CAR T model: the scenario ids and their labels, the exact
 * Poisson bounds against published tables and an independent sum, and the Weibull curve against
 * closed forms. Quick (no model is built), so mutation testing can run it for every mutant.
 */
import { describe, expect, it } from "vitest";
import {
  DEFAULT_CURE_FRACTION,
  DEFAULT_DURABILITY,
  DURABILITY_SCENARIOS,
  durabilityLabel,
  durabilityScenario,
  poissonRateInterval,
  weibullFromShares,
  weibullScaleForShare,
  weibullShare,
} from "../../src/cart/index.js";
import { problemOf } from "../helpers/errors.js";

/**
 * P(X <= k) for X ~ Poisson(mu), written independently of the code under test: each term from
 * logarithms (Math.exp, Math.log; ln k! as a sum of logs), so counts in the thousands do not underflow.
 */
function poissonCdfReference(k: number, mu: number): number {
  let lnFactorial = 0;
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) lnFactorial += Math.log(i);
    sum += Math.exp(-mu + i * Math.log(mu) - lnFactorial);
  }
  return sum;
}

describe("durabilityScenario(id, cureFraction)", () => {
  it("makes each scenario of the CLI and the explorer: weibull, cure (default fraction 0.5), limited to 5 or 10 years", () => {
    expect(Object.keys(DURABILITY_SCENARIOS)).toEqual(["weibull", "cure", "limited-5", "limited-10"]);
    expect(durabilityScenario("weibull")).toEqual({ kind: "weibull" });
    expect(DEFAULT_DURABILITY).toEqual({ kind: "weibull" });
    expect(DEFAULT_CURE_FRACTION).toBe(0.5); // the documented assumption: half of responders
    expect(durabilityScenario("cure")).toEqual({ kind: "cure", cureFraction: 0.5 });
    expect(durabilityScenario("cure", 0.3)).toEqual({ kind: "cure", cureFraction: 0.3 });
    expect(durabilityScenario("limited-5")).toEqual({ kind: "limited", years: 5 });
    expect(durabilityScenario("limited-10")).toEqual({ kind: "limited", years: 10 });
  });
  it("each scenario has its own label for the menus, naming the years of a limited benefit", () => {
    const labels = Object.values(DURABILITY_SCENARIOS).map((s) => s.label);
    expect(new Set(labels).size).toBe(4);
    for (const l of labels) expect(l.length).toBeGreaterThan(20);
    expect(DURABILITY_SCENARIOS.weibull.label).toMatch(/Weibull/);
    expect(DURABILITY_SCENARIOS.cure.label).toMatch(/never relapse/);
    expect(DURABILITY_SCENARIOS["limited-5"].label).toMatch(/5 years/);
    expect(DURABILITY_SCENARIOS["limited-10"].label).toMatch(/10 years/);
  });
  it("accepts a cure fraction of exactly 0 or 1 and refuses one just outside, or NaN, naming --cure-fraction", () => {
    expect(durabilityScenario("cure", 0)).toEqual({ kind: "cure", cureFraction: 0 });
    expect(durabilityScenario("cure", 1)).toEqual({ kind: "cure", cureFraction: 1 });
    for (const bad of [-0.001, 1.001, NaN])
      expect(problemOf(() => durabilityScenario("cure", bad))).toEqual({
        where: "--cure-fraction",
        message: "not a fraction",
        value: bad,
        expected: "a number in [0, 1]",
        text: `--cure-fraction: not a fraction (got ${bad}); expected a number in [0, 1]`,
      });
  });
  it("refuses an unknown id, also a name every JavaScript object inherits, listing the known ids", () => {
    for (const id of ["forever", "constructor", "toString"])
      expect(problemOf(() => durabilityScenario(id))).toEqual({
        where: "--durability-scenario",
        message: `unknown durability scenario "${id}"`,
        value: id,
        expected: "weibull, cure, limited-5, limited-10",
        text: `--durability-scenario: unknown durability scenario "${id}" (got "${id}"); expected weibull, cure, limited-5, limited-10`,
      });
  });
});

describe("durabilityLabel(scenario)", () => {
  it("names the cure fraction, the years of a limited benefit, or the base case", () => {
    expect(durabilityLabel({ kind: "cure", cureFraction: 0.25 })).toBe(
      "Mixture cure: 0.25 of responders never relapse; the rest follow the Weibull relapse hazard",
    );
    expect(durabilityLabel({ kind: "limited", years: 7 })).toBe(
      "Benefit limited to 7 years after infusion (Weibull hazard until then)",
    );
    expect(durabilityLabel({ kind: "weibull" })).toBe(
      "Weibull relapse hazard by time since infusion, constant after the time-in-state limit (base case)",
    );
  });

  it("names the months after which the base case's hazard is constant in words, never the parameter id", () => {
    // data/cart/parameters-platforms.csv: m_relapse_horizon 60 months (relapse hazard held after 5 years).
    expect(durabilityLabel({ kind: "weibull" }, 60)).toBe(
      "Weibull relapse hazard by time since infusion, constant after 60 months (base case)",
    );
  });
});

describe("poissonRateInterval(events, personYears, level, sides)", () => {
  it("reproduces the exact 95% bounds of published tables for 2, 5 and 10 events (per 1 person-year)", () => {
    // Garwood's exact limits = chi-square quantiles / 2: chi2(0.025; 2k)/2 and chi2(0.975; 2k + 2)/2,
    // e.g. k = 10: 9.59078/2 = 4.7954 and 36.78071/2 = 18.3904 (standard chi-square tables).
    const table: Array<[number, number, number]> = [
      [2, 0.2422, 7.2247],
      [5, 1.6235, 11.6683],
      [10, 4.7954, 18.3904],
    ];
    for (const [k, lo, hi] of table) {
      const b = poissonRateInterval(k, 1);
      expect(b.lower).toBeCloseTo(lo, 4);
      expect(b.upper).toBeCloseTo(hi, 4);
      expect(b.rate).toBe(k);
    }
  });
  it("its bounds leave exactly α/2 in each tail of an independently summed Poisson distribution", () => {
    for (const [k, py] of [
      [3, 7.5],
      [12, 40],
      [40, 2],
    ]) {
      const b = poissonRateInterval(k, py);
      expect(b.rate).toBeCloseTo(k / py, 14);
      expect(poissonCdfReference(k, b.upper * py)).toBeCloseTo(0.025, 10); // P(X <= k) at the upper bound
      expect(1 - poissonCdfReference(k - 1, b.lower * py)).toBeCloseTo(0.025, 10); // P(X >= k) at the lower bound
    }
  });
  it("one-sided bounds at level 0.9 equal two-sided bounds at level 0.8 (α = 0.1 in one tail either way)", () => {
    const one = poissonRateInterval(4, 3, 0.9, 1);
    const two = poissonRateInterval(4, 3, 0.8, 2);
    expect(one.upper).toBeCloseTo(two.upper, 10);
    expect(one.lower).toBeCloseTo(two.lower, 10);
    expect(poissonCdfReference(4, one.upper * 3)).toBeCloseTo(0.1, 10);
    expect(one.upper).toBeLessThan(poissonRateInterval(4, 3, 0.95, 1).upper);
  });
  it("with no events in 1000 person-years the upper bound is -ln(0.025)/1000 to 10 decimals (exact for small rates)", () => {
    const b = poissonRateInterval(0, 1000);
    expect(b.upper).toBeCloseTo(-Math.log(0.025) / 1000, 10); // P(X = 0) = exp(-λ·PY) = 0.025
    expect(b.lower).toBe(0);
    expect(b.rate).toBe(0);
  });
  it("for many events agrees with the Wilson–Hilferty approximation of the chi-square quantiles (1000 events)", () => {
    // Wilson–Hilferty: upper ≈ (k+1)(1 − 1/(9(k+1)) + z/(3√(k+1)))³, lower ≈ k(1 − 1/(9k) − z/(3√k))³,
    // z = 1.959964 (the 97.5% normal quantile); relative error far below 1e-4 at k = 1000.
    const k = 1000;
    const z = 1.959964;
    const upper = (k + 1) * (1 - 1 / (9 * (k + 1)) + z / (3 * Math.sqrt(k + 1))) ** 3;
    const lower = k * (1 - 1 / (9 * k) - z / (3 * Math.sqrt(k))) ** 3;
    const b = poissonRateInterval(k, 1000);
    expect(b.upper).toBeCloseTo(upper / 1000, 4); // ≈ 1.0640
    expect(b.lower).toBeCloseTo(lower / 1000, 4); // ≈ 0.9389
    expect(poissonCdfReference(k, b.upper * 1000)).toBeCloseTo(0.025, 9);
  });
  it("small person-years: no events in 0.1 person-years give an upper bound of -ln(0.025)/0.1 = 36.89 a year", () => {
    expect(poissonRateInterval(0, 0.1).upper).toBeCloseTo(-Math.log(0.025) / 0.1, 9);
    expect(poissonRateInterval(3, 0.5).rate).toBe(6);
  });
  it("refuses a confidence level that is not strictly between 0 and 1", () => {
    expect(poissonRateInterval(1, 10, 0.5).upper).toBeGreaterThan(0.1); // any level inside (0, 1) is read
    for (const bad of [1, 0, 1.5, -0.5, NaN])
      expect(problemOf(() => poissonRateInterval(1, 10, bad))).toEqual({
        where: "level",
        message: "not a confidence level",
        value: bad,
        expected: "a number strictly between 0 and 1",
        text: `level: not a confidence level (got ${bad}); expected a number strictly between 0 and 1`,
      });
  });
  it("refuses a count that is not a whole number >= 0 and person-years that are not > 0, naming which", () => {
    for (const bad of [1.5, -1, NaN])
      expect(problemOf(() => poissonRateInterval(bad, 10))).toMatchObject({
        where: "events",
        message: "not a count",
        value: bad,
        expected: "a whole number >= 0",
      });
    expect(poissonRateInterval(0, 1e-9).lower).toBe(0); // the smallest positive person-years are fine
    for (const bad of [0, -2, NaN])
      expect(problemOf(() => poissonRateInterval(1, bad))).toMatchObject({
        where: "personYears",
        message: "not positive",
        value: bad,
        expected: "a number > 0",
      });
  });
});

describe("Weibull relapse curve", () => {
  it("weibullShare(r, k, t) = exp(-r t^k): 0.1, shape 2, 3 years -> exp(-0.9)", () => {
    expect(weibullShare(0.1, 2, 3)).toBeCloseTo(Math.exp(-0.9), 14);
    expect(weibullShare(0.2, 0.5, 4)).toBeCloseTo(Math.exp(-0.4), 14);
  });
  it("weibullScaleForShare(share, t, k) = -ln(share)/t^k: half in remission at 2 years, shape 3 -> ln 2 / 8", () => {
    expect(weibullScaleForShare(0.5, 2, 3)).toBeCloseTo(Math.log(2) / 8, 14);
  });
  it("weibullScaleForShare refuses a share of 0 or 1 (or outside), naming the share", () => {
    for (const bad of [0, 1, -0.2, 1.2, NaN])
      expect(problemOf(() => weibullScaleForShare(bad, 5, 1))).toMatchObject({
        where: "share in remission",
        message: "not a share strictly between 0 and 1",
        value: bad,
        expected: "0 < share < 1",
      });
    expect(weibullScaleForShare(1e-9, 5, 1)).toBeCloseTo(-Math.log(1e-9) / 5, 12);
    expect(weibullScaleForShare(1 - 1e-9, 5, 1)).toBeGreaterThan(0);
  });
  it("weibullFromShares recovers scale 0.1 and shape 1.5 from shares computed with Math.exp", () => {
    // s(t) = exp(-0.1 t^1.5): s(2) = exp(-0.282843), s(5) = exp(-1.118034)
    const s2 = Math.exp(-0.1 * 2 ** 1.5);
    const s5 = Math.exp(-0.1 * 5 ** 1.5);
    const { r, k } = weibullFromShares(s2, s5);
    expect(k).toBeCloseTo(1.5, 12);
    expect(r).toBeCloseTo(0.1, 12);
  });
  it("weibullFromShares refuses shares not ordered 0 < share at 5 years < share at 2 years < 1", () => {
    for (const [s2, s5] of [
      [0.8, 0.8],
      [0.6, 0.7],
      [1, 0.5],
      [0.8, 0],
      [0.8, -0.1],
    ])
      expect(problemOf(() => weibullFromShares(s2, s5))).toMatchObject({
        where: "shares in remission",
        message: "expected 0 < share at 5 years < share at 2 years < 1",
        value: `${s2}, ${s5}`,
      });
  });
});
