/**
 * How much of a drawn parameter's distribution lies outside its one-way range (massOutside,
 * rangeCoverage). Expected values are closed forms: an exponential (gamma with shape 1) has
 * P(X < x) = 1 − e^(−x/θ); a standard normal puts 2.5% beyond ±1.959963984540054; betas with small
 * integer or half-integer parameters have polynomial or arcsine CDFs; one beta value comes from a
 * Student's t table and one from mpmath (an independent implementation).
 */
import { describe, expect, it } from "vitest";
import { massOutside, offCentre, rangeCoverage, specDistributions } from "../../src/model/dist/index.js";
import type { ModelSpec } from "../../src/model/index.js";

describe("massOutside(distribution, low, high)", () => {
  it("gives an exponential's tails in closed form: 1 − e^−0.5 below 0.5, e^−2 above 2", () => {
    const m = massOutside({ type: "gamma", shape: 1, scale: 1 }, 0.5, 2);
    expect(m.below).toBeCloseTo(1 - Math.exp(-0.5), 9); // 0.393469340
    expect(m.above).toBeCloseTo(Math.exp(-2), 9); // 0.135335283
  });
  it("gives a standard normal 2.5% beyond each end of ±1.959964", () => {
    const z = 1.959963984540054;
    const m = massOutside({ type: "normal", mean: 0, sd: 1 }, -z, z);
    expect(m.below).toBeCloseTo(0.025, 9);
    expect(m.above).toBeCloseTo(0.025, 9);
  });
  it("gives a gamma of shape 2 its closed-form CDF 1 − e^−x(1 + x): 0.2642 below 1, 0.0916 above 4", () => {
    const m = massOutside({ type: "gamma", shape: 2, scale: 1 }, 1, 4);
    expect(m.below).toBeCloseTo(1 - Math.exp(-1) * 2, 9); // 0.264241118
    expect(m.above).toBeCloseTo(Math.exp(-4) * 5, 9); // 0.091578194
  });
  it("gives a gamma of shape 600 (the quantile path) about half below its mean: 0.5 + 1/(3√(2π·600)) = 0.50543", () => {
    // Wilson–Hilferty / Edgeworth: P(X < k) ≈ 1/2 + 1/(3√(2πk)) for a large shape k.
    const m = massOutside({ type: "gamma", shape: 600, scale: 1 }, 600, 1e9);
    expect(m.below).toBeCloseTo(0.5 + 1 / (3 * Math.sqrt(2 * Math.PI * 600)), 4);
    expect(m.above).toBeCloseTo(0, 9); // bisection to 1e-12
  });
  it("gives a log-normal its normal CDF on the log scale: 2.5% beyond e^±1.959964 for meanlog 0, sdlog 1", () => {
    const z = 1.959963984540054;
    const m = massOutside({ type: "lognormal", meanlog: 0, sdlog: 1 }, Math.exp(-z), Math.exp(z));
    expect(m.below).toBeCloseTo(0.025, 9);
    expect(m.above).toBeCloseTo(0.025, 9);
  });
  it("gives a beta its CDF: Beta(2, 3) puts 0.3483 below 0.3 (1 − 0.7⁴ − 4·0.3·0.7³)", () => {
    const m = massOutside({ type: "beta", alpha: 2, beta: 3 }, 0.3, 1);
    expect(m.below).toBeCloseTo(1 - 0.7 ** 4 - 4 * 0.3 * 0.7 ** 3, 9); // 0.3483
    expect(m.above).toBeCloseTo(0, 9);
  });
  it("gives Beta(1, 1), Beta(2, 1) and Beta(1, 2) their closed-form CDFs x, x² and 1 − (1 − x)²", () => {
    const flat = massOutside({ type: "beta", alpha: 1, beta: 1 }, 0.3, 0.8); // uniform on [0, 1]
    expect(flat.below).toBeCloseTo(0.3, 12);
    expect(flat.above).toBeCloseTo(0.2, 12);
    const rising = massOutside({ type: "beta", alpha: 2, beta: 1 }, 0.5, 0.9); // density 2x, CDF x²
    expect(rising.below).toBeCloseTo(0.25, 12); // 0.5²
    expect(rising.above).toBeCloseTo(0.19, 12); // 1 − 0.9²
    const falling = massOutside({ type: "beta", alpha: 1, beta: 2 }, 0.5, 0.9); // CDF 1 − (1 − x)²
    expect(falling.below).toBeCloseTo(0.75, 12); // 1 − 0.5²
    expect(falling.above).toBeCloseTo(0.01, 12); // (1 − 0.9)²
  });
  it("gives Beta(½, ½) the arcsine law (2/π)·asin(√x): a third below 0.25 and a third above 0.75", () => {
    const m = massOutside({ type: "beta", alpha: 0.5, beta: 0.5 }, 0.25, 0.75);
    expect(m.below).toBeCloseTo(1 / 3, 12); // (2/π)·asin(0.5) = (2/π)(π/6)
    expect(m.above).toBeCloseTo(1 / 3, 12); // symmetric
  });
  it("gives Beta(5, ½) 5% below 10/(10 + 2.228²): Student's t table, 10 df, two-sided 5% point 2.228", () => {
    // For t > 0, P(|T| > t) = I_{ν/(ν+t²)}(ν/2, ½); the tables' 2.228 is rounded (exactly 2.2281389),
    // so the mass is 0.0500118, within the 4 digits asked.
    const t = 2.228;
    const m = massOutside({ type: "beta", alpha: 5, beta: 0.5 }, 10 / (10 + t * t), 1);
    expect(m.below).toBeCloseTo(0.05, 4);
  });
  it("gives Beta(30, 70) the tails mpmath computes: 0.135814904283427 below 0.25, 0.017777569696460 above 0.4", () => {
    // mpmath 1.3.0, 30 digits: betainc(30, 70, 0, 0.25, regularized=True), betainc(30, 70, 0.4, 1, regularized=True).
    const m = massOutside({ type: "beta", alpha: 30, beta: 70 }, 0.25, 0.4);
    expect(m.below).toBeCloseTo(0.135814904283427, 12);
    expect(m.above).toBeCloseTo(0.01777756969646, 12);
  });
  it("gives a beta nothing beyond a range that covers [0, 1]", () => {
    const m = massOutside({ type: "beta", alpha: 2, beta: 3 }, -1, 2);
    expect(m.below).toBe(0);
    expect(m.above).toBe(0);
  });
  it("gives a uniform on [0, 10] 20% below 2 and 30% above 7", () => {
    const m = massOutside({ type: "uniform", min: 0, max: 10 }, 2, 7);
    expect(m.below).toBeCloseTo(0.2, 9);
    expect(m.above).toBeCloseTo(0.3, 9);
  });
});

describe("rangeCoverage(drawn, spec)", () => {
  const spec = {
    parameters: {
      // exponential, mean 1: 63.2% below 1 (1 − e^−1), 0.67% above 5 (e^−5): flagged, most lopsided
      a: { value: 1, low: 1, high: 5, distribution: { type: "gamma", shape: 1, scale: 1 } },
      // exponential, mean 1: 39.3% below 0.5, 13.5% above 2: flagged
      b: { value: 1, low: 0.5, high: 2, distribution: { type: "gamma", shape: 1, scale: 1 } },
      // exponential: 9.5% below 0.1 (1 − e^−0.1), 5.0% above 3 (e^−3): within a fifth, not flagged
      c: { value: 1, low: 0.1, high: 3, distribution: { type: "gamma", shape: 1, scale: 1 } },
      // no range: nothing to compare with
      d: { value: 1, distribution: { type: "gamma", shape: 1, scale: 1 } },
    },
  } as unknown as ModelSpec;
  it("lists the parameters with more than a fifth of their draws beyond one end, the most lopsided first", () => {
    const r = rangeCoverage(specDistributions(spec), spec);
    expect(r.map((x) => x.id)).toEqual(["a", "b"]);
    expect(r[0].below).toBeCloseTo(1 - Math.exp(-1), 9);
    expect(r[0].above).toBeCloseTo(Math.exp(-5), 9);
    expect(r[1]).toMatchObject({ low: 0.5, high: 2 });
    expect(r[1].below).toBeCloseTo(1 - Math.exp(-0.5), 9);
    expect(r[1].above).toBeCloseTo(Math.exp(-2), 9);
  });
  it("uses the share it is given: at 5% the third parameter (9.5% below 0.1) is listed too", () => {
    expect(rangeCoverage(specDistributions(spec), spec, 0.05).map((x) => x.id)).toEqual(["a", "b", "c"]);
  });
});

describe("offCentre(drawn, spec): distributions whose mean is not the base value", () => {
  it("names a triangular with its mode at the value, a gamma given by shape and scale and a log-normal by its median; not fitted ones", () => {
    const spec = {
      parameters: {
        // Triangular 0, 1, 5 with its mode at the value 1: mean (0 + 1 + 5) / 3 = 2.
        tri: { value: 1, distribution: { type: "triangular", min: 0, mode: 1, max: 5 } },
        // Gamma shape 1, scale 40,000: mean 40,000 against a value of 5,000.
        g: { value: 5000, distribution: { type: "gamma", shape: 1, scale: 40000 } },
        // Log-normal with meanlog 0, sdlog 1 and its median as the value 1: mean e^(1/2) = 1.648721.
        ln: { value: 1, distribution: { type: "lognormal", meanlog: 0, sdlog: 1 } },
        // Fitted from the value and its range: the value is the mean.
        fitted: { value: 0.1, low: 0.05, high: 0.2, distribution: "beta" },
        same: { value: 3, distribution: { type: "uniform", min: 1, max: 5 } },
      },
    } as unknown as ModelSpec;
    const got = offCentre(specDistributions(spec), spec);
    expect(got.map((p) => p.id)).toEqual(["tri", "g", "ln"]);
    expect(got[0]).toEqual({ id: "tri", value: 1, mean: 2 });
    expect(got[1].mean).toBe(40000);
    expect(got[2].mean).toBeCloseTo(Math.exp(0.5), 12);
  });
});
