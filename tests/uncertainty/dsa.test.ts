import { twoStateModel } from "../fixtures/two-state.js";
import { describe, expect, it } from "vitest";
import { compileModel, type ModelSpec } from "../../src/model/index.js";
import { oneWay, outcome, threshold, twoWay } from "../../src/uncertainty/dsa.js";

const spec = twoStateModel({
  p_die: { value: 0.1, low: 0.05, high: 0.2 },
  c_alive: { value: 1200, low: 800, high: 1700, distribution: "gamma" },
  c_start: { value: 5000, low: 0, high: 60000, distribution: "normal" },
  u_alive: { value: 0.8, low: 0.7, high: 0.88, distribution: "beta" },
});
const model = compileModel(spec);
const o = { wtp: 30000 };

describe("one-way sensitivity", () => {
  const t = oneWay(model, o);
  it("tornado bounds bracket the base case for parameters the outcome is linear in, and rows are sorted by swing", () => {
    expect(t.rows.map((r) => r.parameter).sort()).toEqual(["c_alive", "c_start", "p_die", "u_alive"]);
    // p_die is left out: the QALY gain of a 30% relative cut in mortality is not monotone in it.
    for (const r of t.rows.filter((x) => x.parameter !== "p_die")) {
      expect(Math.min(r.inmbAtLow, r.inmbAtHigh)).toBeLessThanOrEqual(t.baseInmb + 1e-9);
      expect(Math.max(r.inmbAtLow, r.inmbAtHigh)).toBeGreaterThanOrEqual(t.baseInmb - 1e-9);
    }
    for (let i = 1; i < t.rows.length; i++) expect(t.rows[i - 1].swing).toBeGreaterThanOrEqual(t.rows[i].swing);
  });
  it("the swing of a one-off cost at time 0 equals its range (cohort of 1, undiscounted at t = 0)", () => {
    expect(t.rows.find((r) => r.parameter === "c_start")!.swing).toBeCloseTo(60000, 6);
  });
});

describe("threshold", () => {
  it("finds the price at which the decision changes, and re-running either side changes the decision", () => {
    const r = threshold(model, "c_start", o);
    // INMB is linear in c_start with slope −1, so the root is c_start + INMB = 30000·0.8·ΔS − 1200·ΔS, with
    // ΔS the difference in discounted, half-cycle-counted years alive (20 annual cycles, 3.5%, death 0.07
    // treated against 0.1), written out here rather than read from the engine.
    const years = (p: number) => {
      let s = 0;
      for (let t = 1; t <= 20; t++) s += ((1 - p) ** (t - 1) * 1.035 ** -(t - 1) + (1 - p) ** t * 1.035 ** -t) / 2;
      return s;
    };
    const dS = years(0.1 * 0.7) - years(0.1);
    const closed = (30000 * 0.8 - 1200) * dS;
    expect(closed).toBeGreaterThan(5000); // treating at the base price of 5,000 is cost-effective
    expect(outcome(model, {}, o).inmb).toBeCloseTo(closed - 5000, 6);
    expect(r.threshold).toBeCloseTo(closed, 4);
    expect(r.decisionBelow).toBe("treat");
    expect(r.decisionAbove).toBe("none");
  });
  it("a bracket without a sign change is a named error", () => {
    expect(() => threshold(model, "c_start", o, [0, 1])).toThrow(/treat is optimal at both 0 and 1/);
  });
});

describe("two-way", () => {
  it("gives one row per grid cell with the strategy of highest NMB", () => {
    const g = twoWay(model, "c_start", "u_alive", o, 5);
    expect(g.length).toBe(25);
    for (const row of g)
      expect(row.optimal).toBe((row.nmb_treat as number) > (row.nmb_none as number) ? "treat" : "none");
  });
});
