import { twoStateModel } from "../fixtures/two-state.js";
import { describe, expect, it } from "vitest";
import { compileModel, evaluate, type ModelSpec } from "../../src/model/index.js";
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

describe("runPsa", () => {
  it("a model linear in its parameters has a PSA mean equal to the deterministic result within Monte Carlo error", () => {
    const n = 4000;
    const psa = runPsa(linear, { n, seed: 8 });
    const det = evaluate(compileModel(linear), { trace: false, perCycle: false });
    psa.outcomes.strategies.forEach((_, s) => {
      for (const [col, base] of [
        [psa.outcomes.costs[s], det.strategies[s].cost.discounted],
        [psa.outcomes.effects[s], det.strategies[s].qalys.discounted],
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
