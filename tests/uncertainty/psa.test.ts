import { twoStateModel } from "../fixtures/two-state.js";
import { describe, expect, it } from "vitest";
import type { ModelSpec } from "../../src/model/index.js";
import { drawsCsv, runPsa } from "../../src/uncertainty/psa.js";

/**
 * Two states, fixed transitions: totals are linear in the drawn cost and utility parameters
 * (cost = c_alive × discounted life years + c_start; QALYs = u_alive × discounted life years), so
 * the PSA mean equals the deterministic result at the parameters' means, up to Monte Carlo error.
 */
const linear: ModelSpec = twoStateModel({
  p_die: 0.1,
  c_alive: { value: 1200, low: 800, high: 1700, distribution: "gamma" },
  c_start: { value: 5000, low: 3000, high: 7000, distribution: "normal" },
  u_alive: { value: 0.8, low: 0.7, high: 0.88, distribution: "beta" },
});

/** Discounted (3.5%), half-cycle-counted years alive over 20 annual cycles at death probability p: written out here. */
function yearsAlive(p: number): number {
  let s = 0;
  for (let t = 1; t <= 20; t++) s += ((1 - p) ** (t - 1) * 1.035 ** -(t - 1) + (1 - p) ** t * 1.035 ** -t) / 2;
  return s;
}

describe("runPsa", () => {
  it("each draw's costs and QALYs are the closed form of its drawn values; the mean is the deterministic result within Monte Carlo error", () => {
    const n = 4000;
    const psa = runPsa(linear, { n, seed: 8 });
    expect(psa.outcomes.strategies).toEqual(["none", "treat"]);
    // none: death 0.1; treat: 30% less (0.07) and c_start at time 0 (undiscounted).
    const S = [yearsAlive(0.1), yearsAlive(0.07)];
    const c = psa.inputs.get("c_alive")!,
      c0 = psa.inputs.get("c_start")!,
      u = psa.inputs.get("u_alive")!;
    expect(c.length).toBe(n);
    for (let k = 0; k < n; k++)
      for (const s of [0, 1]) {
        expect(psa.outcomes.costs[s][k]).toBeCloseTo(c[k] * S[s] + s * c0[k], 6);
        expect(psa.outcomes.effects[s][k]).toBeCloseTo(u[k] * S[s], 10);
      }
    // At the parameters' means (gamma 1,200, normal 5,000, beta 0.8: each distribution's mean is its value).
    const det = [
      [1200 * S[0], 1200 * S[1] + 5000],
      [0.8 * S[0], 0.8 * S[1]],
    ];
    psa.outcomes.strategies.forEach((_, s) => {
      for (const [col, base] of [
        [psa.outcomes.costs[s], det[0][s]],
        [psa.outcomes.effects[s], det[1][s]],
      ] as const) {
        let m = 0;
        for (const x of col) m += x;
        m /= n;
        let v = 0;
        for (const x of col) v += (x - m) ** 2;
        const se = Math.sqrt(v / (n - 1) / n);
        expect(Math.abs(m - base)).toBeLessThan(3 * se);
      }
    });
  }, 120_000);
  it("the same seed gives a byte-identical draws CSV", () => {
    const a = runPsa(linear, { n: 200, seed: 3 });
    const b = runPsa(linear, { n: 200, seed: 3 });
    expect(drawsCsv(a.inputs, a.outcomes)).toBe(drawsCsv(b.inputs, b.outcomes));
    expect(drawsCsv(a.inputs, a.outcomes).split("\n")[0]).toBe(
      "draw,c_alive,c_start,u_alive,cost_none,effect_none,cost_treat,effect_treat",
    );
  }, 60_000);
  it("a draw the engine rejects names the draw and the drawn values", () => {
    const bad = structuredClone(linear) as unknown as { parameters: Record<string, unknown> };
    bad.parameters.p_die = { value: 0.5, low: 0.0, high: 1.0, distribution: "normal" };
    expect(() => runPsa(bad as unknown as ModelSpec, { n: 500, seed: 1 })).toThrow(
      /PSA draw \d+: the engine rejected this draw.*p_die=/s,
    );
  }, 60_000);
});
