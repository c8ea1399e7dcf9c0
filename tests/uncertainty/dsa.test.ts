import { twoStateModel } from "../fixtures/two-state.js";
import { describe, expect, it } from "vitest";
import { compileModel } from "../../src/model/index.js";
import {
  describeUnranged,
  heldEnds,
  heldEndsSentence,
  oneWay,
  outcome,
  threshold,
  twoWay,
  unranged,
} from "../../src/uncertainty/dsa.js";

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

describe("unranged(model, only)", () => {
  const partial = compileModel(
    twoStateModel({
      p_die: { value: 0.1, low: 0.05, high: 0.2 }, // varied
      c_alive: { value: 1200, distribution: { type: "gamma", shape: 100, scale: 12 } }, // no range, drawn
      c_start: { value: 5000, low: 5000, high: 5000 }, // low = high: nothing to vary
      u_alive: { value: 0.8, low: 0.7, distribution: "fixed" }, // no high; held at its value in a PSA
      c_twice: "2 * c_alive", // a formula: follows c_alive, not listed
    }),
  );
  it("unranged(model) lists the numeric parameters oneWay skips, in model order, with what they lack", () => {
    // The fixture adds treat: 0 (the strategy switch), numeric and without a range.
    expect(unranged(partial)).toEqual([
      { id: "c_alive", drawn: true },
      { id: "c_start", low: 5000, high: 5000, drawn: false },
      { id: "u_alive", low: 0.7, drawn: false },
      { id: "treat", drawn: false },
    ]);
    expect(oneWay(partial, o).rows.map((r) => r.parameter)).toEqual(["p_die"]);
  });
  it("unranged(model, only) keeps to the ids it is given", () => {
    expect(unranged(partial, ["p_die", "u_alive"]).map((u) => u.id)).toEqual(["u_alive"]);
  });
  it("describeUnranged(list) names each parameter, what its range lacks, and how many a PSA draws", () => {
    expect(describeUnranged(unranged(partial))).toBe(
      "c_alive, c_start (low 5000, high 5000), u_alive (low 0.7, no high), treat (4 parameters; 1 drawn in a PSA)",
    );
  });
});

describe("ends the model holds (heldEnds): a cap stops the parameter, exactly", () => {
  // QALYs read u_alive = min(u_raw, 0.82): above 0.82, u_raw changes nothing.
  const capped = (u_raw: Record<string, number>) =>
    compileModel(
      twoStateModel({
        p_die: { value: 0.1, low: 0.05, high: 0.2 },
        c_alive: 1200,
        c_start: 5000,
        u_raw,
        u_alive: "min(u_raw, 0.82)",
        // Read by no formula: its whole range moves nothing, and so does any other value (not listed).
        c_unused: { value: 100, low: 50, high: 150 },
        c_unused2: { value: 7, low: 1, high: 9 },
        c_unused3: { value: 0, low: 0, high: 3 },
        c_unused4: { value: 2, low: 1, high: 3 },
      }),
    );
  it("base 0.85 above the cap: the high end 0.9 is held, the low end 0.7 moves the result", () => {
    const m = capped({ value: 0.85, low: 0.7, high: 0.9 });
    const t = oneWay(m, o);
    const row = t.rows.find((r) => r.parameter === "u_raw")!;
    expect(row.inmbAtHigh).toBe(t.baseInmb);
    expect(row.inmbAtLow).not.toBe(t.baseInmb);
    expect(heldEnds(m, o, t)).toEqual([{ parameter: "u_raw", ends: [{ end: "high", value: 0.9 }] }]);
  });
  it("a whole range above the cap is held at both ends (half the base, 0.45, moves the result); an unread parameter is not listed", () => {
    const m = capped({ value: 0.9, low: 0.85, high: 0.95 });
    const t = oneWay(m, o);
    const held = heldEnds(m, o, t);
    expect(t.rows.find((r) => r.parameter === "u_raw")!.swing).toBe(0);
    expect(t.rows.find((r) => r.parameter === "c_unused")!.swing).toBe(0);
    expect(held).toEqual([
      {
        parameter: "u_raw",
        ends: [
          { end: "low", value: 0.85 },
          { end: "high", value: 0.95 },
        ],
      },
    ]);
    expect(heldEndsSentence(held, String)).toContain("u_raw (its whole range, low 0.85 and high 0.95)");
  });
  it("a floor holds a whole range from below: half the base moves nothing, twice the base does", () => {
    // QALYs read max(u_raw, 0.6): u_raw 0.5 (0.4-0.55) and its half 0.25 give 0.6; twice it, 1.0, moves the result.
    const m = compileModel(
      twoStateModel({
        p_die: 0.1,
        c_alive: 1200,
        c_start: 5000,
        u_raw: { value: 0.5, low: 0.4, high: 0.55 },
        u_alive: "max(u_raw, 0.6)",
        c_unused: { value: 100, low: 50, high: 150 },
      }),
    );
    expect(heldEnds(m, o, oneWay(m, o))).toEqual([
      {
        parameter: "u_raw",
        ends: [
          { end: "low", value: 0.4 },
          { end: "high", value: 0.55 },
        ],
      },
    ]);
  });
  it("a base of 0 held by a floor: probed the range's width below its low end, then above its high end", () => {
    // The one-off cost is max(c_floor, 100) + c_start: c_floor 0 (0-80) and -80 give 100; 160 moves the result.
    const spec = twoStateModel({
      p_die: 0.1,
      c_alive: 1200,
      c_start: 5000,
      u_alive: 0.8,
      c_floor: { value: 0, low: 0, high: 80 },
    });
    (spec as unknown as { oneOff: { cost: string } }).oneOff.cost = "treat * (c_start + max(c_floor, 100))";
    const m = compileModel(spec);
    expect(heldEnds(m, o, oneWay(m, o))).toEqual([{ parameter: "c_floor", ends: [{ end: "high", value: 80 }] }]);
  });
  it("below the cap nothing is held", () => {
    const m = capped({ value: 0.75, low: 0.7, high: 0.8 });
    expect(heldEnds(m, o, oneWay(m, o))).toEqual([]);
    expect(heldEndsSentence([], String)).toBe("");
  });
});
