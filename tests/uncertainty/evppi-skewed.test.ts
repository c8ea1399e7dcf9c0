/**
 * EVPPI of a parameter with a long right tail whose largest values change the decision: a
 * log-normal relative risk or a gamma cost, where the draws that matter are the top few per cent.
 * The expected value is exact on the same draws: the net benefit is built from a known conditional
 * mean g(x) plus noise no parameter explains, so EVPPI = mean_k max(0, g(x_k)) − max(0, mean_k g(x_k))
 * (the incremental form of mean max − max mean, with strategy 1 at 0), computed here from g alone.
 * Before the metamodels had a linear term in the raw value, the spline on ranks alone lost much of it
 * (measured on these draws: 0.52–0.70 of the exact value, 5–11 SE low; with the change in the top
 * 0.5%, 0.00–0.18) and so did the GP on ranks with a constant mean (0.29 of the exact value).
 */
import { describe, expect, it } from "vitest";
import { drawParameters, fromMeanSe, type ParameterDistribution } from "../../src/model/index.js";
import { evppiRegression } from "../../src/uncertainty/evppi.js";

const n = 10_000;

/** The draws of `params`, and the exact sample EVPPI of INB = g(draw) + noise (SD `noiseSd`). */
function tailCase(params: ParameterDistribution[], g: (v: number[]) => number, noiseSd: number, seed: number) {
  const d = drawParameters(params, n, seed);
  const cols = params.map((p) => d.get(p.id)!);
  const noise = drawParameters([{ id: "e", distribution: fromMeanSe("normal", 0, noiseSd) }], n, seed + 1).get("e")!;
  const cond = Float64Array.from({ length: n }, (_, k) => g(cols.map((c) => c[k])));
  let meanMax = 0;
  let mean = 0;
  for (let k = 0; k < n; k++) {
    meanMax += Math.max(0, cond[k]) / n;
    mean += cond[k] / n;
  }
  const nb = [new Float64Array(n), Float64Array.from(cond, (c, k) => c + noise[k])];
  return { cols, nb, exact: meanMax - Math.max(0, mean) };
}

/** The 99th percentile of x: the decision changes for the top 1% of draws. */
const p99 = (x: Float64Array) => Float64Array.from(x).sort()[Math.floor(0.99 * x.length)];
const sd = (x: Float64Array) => {
  const m = x.reduce((a, v) => a + v, 0) / x.length;
  return Math.sqrt(x.reduce((a, v) => a + (v - m) ** 2, 0) / x.length);
};

describe("EVPPI of a parameter whose long right tail changes the decision", () => {
  const tails: [string, ParameterDistribution][] = [
    ["log-normal, SD 3 × mean", { id: "rr", distribution: fromMeanSe("lognormal", 3, 9) }],
    ["gamma, shape 0.5", { id: "cost", distribution: fromMeanSe("gamma", 1, Math.SQRT2) }],
  ];
  for (const [label, param] of tails)
    it(`P-spline: within 3 SE of the exact value (${label}, three seeds)`, () => {
      for (const seed of [11, 12, 13]) {
        const x = drawParameters([param], n, seed).get(param.id)!;
        const c = p99(x);
        // g = c − x: positive except in the top 1%; noise with the SD of x (R² about ½).
        const { cols, nb, exact } = tailCase([param], (v) => c - v[0], sd(x), seed);
        const r = evppiRegression([param.id], cols, nb, { seSamples: 50 });
        expect(exact).toBeGreaterThan(0);
        expect(Math.abs(r.evppi - exact)).toBeLessThan(3 * r.se!);
      }
    }, 60_000);

  it("Gaussian process (a group of 5 with one log-normal member): within 15% of the exact value", () => {
    const params: ParameterDistribution[] = [
      { id: "rr", distribution: fromMeanSe("lognormal", 3, 9) },
      ...["a", "b", "c", "d"].map((id) => ({ id, distribution: fromMeanSe("normal", 0, 1) })),
    ];
    const x = drawParameters(params, n, 21).get("rr")!;
    const c = p99(x);
    const { cols, nb, exact } = tailCase(
      params,
      (v) => c - v[0] + 0.2 * c * (v[1] + v[2] * v[3]) + 0.1 * c * v[4],
      sd(x),
      21,
    );
    const r = evppiRegression(
      params.map((p) => p.id),
      cols,
      nb,
      { seSamples: 0 },
    );
    expect(r.method).toBe("gp");
    // The GP's posterior mean comes from 2,000 of the 10,000 draws (its default cap), so it is rougher
    // than the spline: 15% of the exact value. Measured: 1.05 of the exact value (0.29 without the linear mean).
    expect(Math.abs(r.evppi - exact)).toBeLessThan(0.15 * exact);
  }, 120_000);

  it("Gaussian process: 0 when no conditional mean changes the decision, with most draws predicted, not fitted", () => {
    // INB = 5,000 + 100·(a + b + c + d + e) + noise (SD 2,500): every conditional mean is above 3,000,
    // so the EVPPI is exactly 0, while the noise makes strategy 1 best in about 2% of draws (EVPI > 0,
    // so the EVPI cap does not hide an error). The GP is fitted on 2,000 of the 10,000 draws; its
    // fitted values need not average to the data's mean INB, and the estimate once subtracted the
    // data's mean (measured: seeds 31–33 gave 0, 12.8 and 0 that way; a negative difference is clipped at 0).
    const ids = ["a", "b", "c", "d", "e"];
    for (const seed of [31, 32, 33]) {
      const params = ids.map((id) => ({ id, distribution: fromMeanSe("normal", 0, 1) }));
      const { cols, nb, exact } = tailCase(params, (v) => 5000 + 100 * v.reduce((s, t) => s + t, 0), 2500, seed);
      expect(exact).toBe(0);
      expect(nb[1].some((v) => v < 0)).toBe(true);
      const r = evppiRegression(ids, cols, nb, { seSamples: 0, gp: { fitDraws: 2000 } });
      expect(r.method).toBe("gp");
      expect(r.evppi).toBe(0);
    }
  }, 120_000);
});

describe("EVPPI standard error (P-spline with the raw linear term)", () => {
  it("is calibrated: over 40 seeds, (estimate − exact) / SE has mean about 0 and SD about 1", () => {
    // The decision changes in the top 10% of x; noise SD twice the SD of x. If the SE is right, the
    // z-scores are about N(0, 1): their mean over 40 seeds has SD 0.16 and their SD is within about
    // ±0.22 of 1 (95%). Measured: mean 0.06, 0.03 and 0.15; SD 0.95, 0.96 and 1.16 (the spline on
    // ranks alone: mean 1.92 for the log-normal, its estimate biased up by about 2 SE).
    const params: ParameterDistribution[] = [
      { id: "rr", distribution: fromMeanSe("lognormal", 3, 9) },
      { id: "cost", distribution: fromMeanSe("gamma", 1, Math.SQRT2) },
      { id: "u", distribution: fromMeanSe("beta", 0.5, 0.2) },
    ];
    for (const param of params) {
      const z: number[] = [];
      for (let seed = 100; seed < 140; seed++) {
        const x = drawParameters([param], n, seed).get(param.id)!;
        const c = Float64Array.from(x).sort()[Math.floor(0.9 * n)];
        const { cols, nb, exact } = tailCase([param], (v) => c - v[0], 2 * sd(x), seed);
        const r = evppiRegression([param.id], cols, nb, { seSamples: 50 });
        z.push((r.evppi - exact) / r.se!);
      }
      const mean = z.reduce((a, v) => a + v, 0) / z.length;
      const sdZ = Math.sqrt(z.reduce((a, v) => a + (v - mean) ** 2, 0) / (z.length - 1));
      expect(Math.abs(mean), param.id).toBeLessThan(0.4);
      expect(sdZ, param.id).toBeGreaterThan(0.7);
      expect(sdZ, param.id).toBeLessThan(1.4);
    }
  }, 120_000);
});
