import { describe, expect, it } from "vitest";
import { drawParameters, fromMeanSe } from "../../src/model/index.js";
import { evppiRegression, evppiStrongOakley, scaledRanks } from "../../src/uncertainty/evppi.js";
import { decisionSummary } from "../../src/uncertainty/stats.js";
import { nestedEvppi as nestedEvppiOf } from "../helpers/nested-evppi.js";

/**
 * A small analytic decision model with three strategies. x1 (a probability), x2 (a rate ratio) and
 * x3 (a cost shock) are independent; net benefits (currency per patient):
 *   NB_a = 0
 *   NB_b = 10000 (x1 x2 − 0.45) + 2000 x3
 *   NB_c = 6000 (x2 − 0.95) + 4000 (x1 − 0.5) x3
 */
const params = [
  { id: "x1", distribution: fromMeanSe("beta", 0.5, 0.15) },
  { id: "x2", distribution: fromMeanSe("gamma", 1, 0.3) },
  { id: "x3", distribution: fromMeanSe("normal", 0, 1) },
];
const nbOf = (x1: number, x2: number, x3: number): [number, number, number] => [
  0,
  10000 * (x1 * x2 - 0.45) + 2000 * x3,
  6000 * (x2 - 0.95) + 4000 * (x1 - 0.5) * x3,
];

function psa(n: number, seed: number) {
  const d = drawParameters(params, n, seed);
  const x = ["x1", "x2", "x3"].map((id) => d.get(id)!);
  const nb = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let k = 0; k < n; k++) nbOf(x[0][k], x[1][k], x[2][k]).forEach((v, s) => (nb[s][k] = v));
  return { x, nb };
}

/** Nested Monte Carlo EVPPI of the parameters `of` (indices into params), tests/helpers/nested-evppi.ts. */
const nestedEvppi = (of: number[], outer: number, inner: number, seed: number) =>
  nestedEvppiOf(params, (v) => nbOf(v[0], v[1], v[2]), of, outer, inner, seed);

describe("EVPPI by regression", () => {
  const n = 10_000;
  const { x, nb } = psa(n, 31);
  const evpi = decisionSummary(nb).evpi;
  const single = [0, 1, 2].map((j) => evppiRegression([`x${j + 1}`], [x[j]], nb, { seSamples: 100 }));
  const group12 = evppiRegression(["x1", "x2"], [x[0], x[1]], nb, { seSamples: 100 });
  const all = evppiRegression(["x1", "x2", "x3"], x, nb, { seSamples: 50 });

  it("0 <= EVPPI <= EVPI for every parameter and group", () => {
    for (const r of [...single, group12, all]) {
      expect(r.evppi).toBeGreaterThanOrEqual(0);
      expect(r.evppi).toBeLessThanOrEqual(evpi);
    }
  });
  it("a group's EVPPI is at least each member's, within the group's standard error", () => {
    for (const m of [single[0], single[1]]) expect(group12.evppi + group12.se!).toBeGreaterThanOrEqual(m.evppi);
  });
  it("the EVPPI of all parameters equals the EVPI within 3 standard errors", () => {
    // With every parameter known, NB is a deterministic function of them: EVPPI(all) = EVPI.
    expect(Math.abs(all.evppi - evpi)).toBeLessThan(3 * all.se! + 0.02 * evpi);
  });
  it("matches nested Monte Carlo (1,000 outer × 1,000 inner draws) within tolerance", () => {
    for (const [j, r] of [
      [0, single[0]],
      [1, single[1]],
    ] as const) {
      const nested = nestedEvppi([j], 1000, 1000, 77 + j);
      // Nested MC with 1,000 outer draws has a relative MC error of a few per cent and its inner
      // noise biases it upward; 6% of the EVPI covers both, plus 3 SE of the regression.
      expect(Math.abs(r.evppi - nested)).toBeLessThan(0.06 * evpi + 3 * r.se!);
    }
    const nestedGroup = nestedEvppi([0, 1], 1000, 1000, 91);
    expect(Math.abs(group12.evppi - nestedGroup)).toBeLessThan(0.06 * evpi + 3 * group12.se!);
  }, 180_000);
  it("Strong & Oakley's partition estimate agrees with the regression for single parameters", () => {
    for (const j of [0, 1]) {
      const so = evppiStrongOakley(`x${j + 1}`, x[j], nb);
      expect(Math.abs(so.evppi - single[j].evppi)).toBeLessThan(0.1 * evpi + 3 * single[j].se!);
    }
  }, 60_000);
  it("a constant parameter column is a named error", () => {
    expect(() => evppiRegression(["k"], [new Float64Array(n).fill(2)], nb)).toThrow(/parameter k.*constant/);
  });
  it("scaledRanks gives ties their average rank", () => {
    expect(Array.from(scaledRanks([3, 1, 3, 2]))).toEqual([3 / 4, 0.5 / 4, 3 / 4, 1.5 / 4]);
  });
});

describe("EVPPI standard error", () => {
  // A strategy that beats the other in every draw by far more than any noise: EVPPI is exactly 0 and
  // no draw of the metamodel's posterior can change the decision, so every posterior EVPPI is
  // mean g − mean g = 0 and the SE is 0 (closed form). Before the fix the baseline was the data's
  // mean INB, so the posterior noise of each draw's mean became the "SE" (5.2 for u alone here).
  const n = 400;
  const d = drawParameters(
    ["u", "v", "w", "x", "y"].map((id) => ({ id, distribution: fromMeanSe("normal", 0, 1) })),
    n,
    7,
  );
  const cols = ["u", "v", "w", "x", "y"].map((id) => d.get(id)!);
  const noise = drawParameters([{ id: "e", distribution: fromMeanSe("normal", 0, 300) }], n, 8).get("e")!;
  const nb = [new Float64Array(n), Float64Array.from(cols[0], (u, k) => 1e6 + 200 * u + 100 * cols[1][k] + noise[k])];

  it("is 0 when one strategy is best in every draw and every posterior draw (P-spline, tensor, GP)", () => {
    const one = evppiRegression(["u"], [cols[0]], nb, { seSamples: 30 });
    const two = evppiRegression(["u", "v"], cols.slice(0, 2), nb, { seSamples: 30 });
    const five = evppiRegression(["u", "v", "w", "x", "y"], cols, nb, { seSamples: 30, method: "gp" });
    for (const r of [one, two, five]) {
      expect(r.evppi).toBe(0);
      expect(r.se).toBeCloseTo(0, 9);
    }
  }, 120_000);
});
