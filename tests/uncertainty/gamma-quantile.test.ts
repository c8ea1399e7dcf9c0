/**
 * The gamma quantile behind every gamma draw and gamma fit (src/model/dist/gamma-quantile.ts).
 * Expected values: mpmath 1.3.0 at 40 digits, `findroot(lambda t: gammainc(a, 0, t, regularized=True)
 * - p, a)`, printed to 17 significant digits. @stdlib's gamma quantile (0.2.3) gave, for example,
 * 1001.6412756902498 for the median of Gamma(1001) (true 1000.66668640...).
 */
import { describe, expect, it } from "vitest";
import stdlibGammaQuantile from "@stdlib/stats-base-dists-gamma-quantile";
import { gammaQuantile, incompleteGamma } from "../../src/model/dist/gamma-quantile.js";
import { drawParameters, fromInterval, moments, quantile } from "../../src/model/index.js";

const MPMATH: Array<[number, number, number]> = [
  [1001, 0.001, 906.07194614988869],
  [1001, 0.025, 939.94203375244147],
  [1001, 0.5, 1000.6666864072174],
  [1001, 0.975, 1063.952136016302],
  [1001, 0.999, 1101.6269438790305],
  [2500, 0.001, 2348.3336908678993],
  [2500, 0.025, 2402.9523654311236],
  [2500, 0.5, 2499.6666745690551],
  [2500, 0.975, 2598.9418859618987],
  [2500, 0.999, 2657.3656791505983],
  [10000, 0.001, 9693.8243858237259],
  [10000, 0.025, 9804.9524672601831],
  [10000, 0.5, 9999.6666686420474],
  [10000, 0.975, 10196.941824999883],
  [10000, 0.999, 10311.875224539538],
  [100000, 0.001, 99025.631890500918],
  [100000, 0.025, 99381.152663744731],
  [100000, 0.5, 99999.666666864198],
  [100000, 0.975, 100620.74164077374],
  [100000, 0.999, 100980.06779195923],
];

describe("gamma quantile", () => {
  it("matches mpmath to 1e-12 relative for shapes 1,001 to 100,000 (where @stdlib's is off by up to 0.1%)", () => {
    for (const [a, p, x] of MPMATH) {
      expect(Math.abs(gammaQuantile(p, a) - x) / x, `shape ${a}, p ${p}`).toBeLessThan(1e-12);
      expect(Math.abs(quantile({ type: "gamma", shape: a, scale: 2 }, p) / 2 - x) / x).toBeLessThan(1e-12);
    }
    // the defect this replaces, so that the test notices if @stdlib is fixed (then the limit can go)
    expect(stdlibGammaQuantile(0.5, 1001, 1) - 1000.6666864072174).toBeGreaterThan(0.9);
  });
  it("keeps @stdlib's bits for shapes up to 500", () => {
    for (const a of [0.05, 0.5, 1, 3.7, 42, 250, 500])
      for (const p of [1e-6, 0.025, 0.3, 0.5, 0.9, 0.975])
        expect(gammaQuantile(p, a)).toBe(stdlibGammaQuantile(p, a, 1));
  });
  it("P(a, x) and Q(a, x) sum to 1 and match closed forms: Q(1, x) = e^-x, P(2, x) = 1 − (1 + x) e^-x", () => {
    for (const x of [0.1, 1, 1.5, 3, 10]) {
      expect(incompleteGamma(1, x).upper).toBeCloseTo(Math.exp(-x), 14);
      expect(incompleteGamma(2, x).lower).toBeCloseTo(1 - (1 + x) * Math.exp(-x), 14);
      const { lower, upper } = incompleteGamma(700.5, 690 + x);
      expect(lower + upper).toBe(1);
    }
  });
  it("correlated draws (copula: quantiles of uniforms) of a gamma with shape 2,500 have its mean, within 3 SE over 100,000", () => {
    // mean 2500, sd 50: the mean of 100,000 draws has SE 0.158; @stdlib's quantiles were ~0.97 high (6 SE).
    // Independent gamma draws use @stdlib's Marsaglia–Tsang sampler; correlated ones the quantile function.
    const d = { type: "gamma" as const, shape: 2500, scale: 1 };
    const n = 100_000;
    const cols = drawParameters(
      [
        { id: "x", distribution: d },
        { id: "y", distribution: { type: "normal", mean: 0, sd: 1 } },
      ],
      n,
      20261204,
      {
        ids: ["x", "y"],
        matrix: [
          [1, 0.3],
          [0.3, 1],
        ],
      },
    );
    let s = 0;
    for (const v of cols.get("x")!) s += v;
    expect(Math.abs(s / n - moments(d).mean)).toBeLessThan(3 * Math.sqrt(moments(d).variance / n));
  }, 60_000);
  it("a gamma fitted to a narrow 95% interval reproduces the interval's width", () => {
    // base 1000, interval 960–1040 (±4%): shape ≈ (1.96 · 1000 / 40)² ≈ 2,401
    const d = fromInterval("gamma", 1000, 960, 1040);
    if (d.type !== "gamma") throw new Error("expected a gamma");
    // mpmath (40 digits): the k with (1000/k)·(Q(0.975; k) − Q(0.025; k)) = 80 is 2400.7362934477
    expect(d.shape).toBeCloseTo(2400.7362934477, 4);
    const width = quantile(d, 0.975) - quantile(d, 0.025);
    expect(width).toBeCloseTo(80, 6);
    expect(moments(d).mean).toBeCloseTo(1000, 9);
  });
});
