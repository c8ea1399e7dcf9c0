import { describe, expect, it } from "vitest";
import { compileModel, evaluate, type ModelSpec } from "../../src/model/index.js";

function model(method: string): ModelSpec {
  return {
    name: "transition values",
    settings: { cycleLength: 1, horizon: { cycles: 3 }, discount: { costs: 0.05, outcomes: 0.05 }, method },
    parameters: { p_die: 0.1, c_death: 1000 },
    values: [
      { id: "c_eol", kind: "cost", label: "End-of-life care" },
      { id: "u", kind: "utility" },
    ],
    states: [
      { id: "Alive", values: { u: 1 } },
      { id: "Dead", dead: true },
    ],
    transitions: { Alive: { Alive: "C", Dead: "p_die" }, Dead: { Dead: 1 } },
    transitionValues: [{ from: "Alive", to: "Dead", values: { c_eol: "c_death" } }],
    init: { Alive: 100 },
  };
}

describe("transition values", () => {
  // Moves Alive -> Dead per member: 0.1, 0.09, 0.081 in cycles 1..3, valued at the end of the cycle.
  const hand = 1000 * (0.1 / 1.05 + 0.09 / 1.05 ** 2 + 0.081 / 1.05 ** 3);

  it("are counted once per transition and discounted at the end of the cycle of the move", () => {
    const s = evaluate(compileModel(model("beginning"))).strategies[0];
    expect(s.values.c_eol.undiscounted).toBeCloseTo(1000 * (0.1 + 0.09 + 0.081), 10);
    expect(s.values.c_eol.discounted).toBeCloseTo(hand, 10);
    expect(s.values.c_eol.discounted).toBeCloseTo(246.84159, 5);
    expect(s.byTransition).toEqual([{ from: "Alive", to: "Dead", value: "c_eol", amount: s.values.c_eol }]);
  });
  it("are not within-cycle corrected: every counting method gives the same amount", () => {
    for (const m of ["end", "half-cycle", "simpson"]) {
      expect(evaluate(compileModel(model(m))).strategies[0].values.c_eol.discounted).toBeCloseTo(hand, 10);
    }
  });
  it("appear in the per-cycle series in the cycle of the move", () => {
    const s = evaluate(compileModel(model("half-cycle"))).strategies[0];
    const series = Array.from(s.perCycle!.values.c_eol.undiscounted);
    [0, 100, 90, 81].forEach((x, i) => expect(series[i]).toBeCloseTo(x, 10));
  });
  it("a value constant in one strategy and changing every cycle in another is right in both, with totals only (WebAssembly kernel and TypeScript loops)", () => {
    // The engine sums flows only for transitions whose value is constant in some lane: here the
    // flows of strategy "fixed" must be summed although the value changes in "rising".
    const m = model("end");
    m.strategies = [
      { id: "fixed" },
      { id: "rising", parameters: { c_death: "1000 + 100 * cycle" } },
      // Values that are 0 in some cycles: the kernel leaves a value of 0 out of its sums until it changes.
      { id: "late", parameters: { c_death: "cycle >= 2 ? 1000 : 0" } },
      { id: "middle", parameters: { c_death: "cycle == 2 ? 1000 : 0" } },
    ];
    // By hand, per member: moves 0.1, 0.09, 0.081 in cycles 1..3, discounted at the end of the cycle;
    // "rising" values them 1100, 1200, 1300.
    const moves = [0.1, 0.09, 0.081];
    const rising = [1100, 1200, 1300];
    const fixedU = 1000 * (0.1 + 0.09 + 0.081);
    const risingU = moves.reduce((a, x, i) => a + x * rising[i], 0); // 110 + 108 + 105.3 = 323.3
    const risingD = moves.reduce((a, x, i) => a + (x * rising[i]) / 1.05 ** (i + 1), 0);
    for (const kernel of ["wasm", "js"] as const) {
      const [f, r, late, middle] = evaluate(compileModel(m), { trace: false, perCycle: false, kernel }).strategies;
      expect(f.values.c_eol.undiscounted).toBeCloseTo(fixedU, 10);
      expect(f.values.c_eol.discounted).toBeCloseTo(hand, 10);
      expect(r.values.c_eol.undiscounted).toBeCloseTo(323.3, 10);
      expect(r.values.c_eol.undiscounted).toBeCloseTo(risingU, 10);
      expect(r.values.c_eol.discounted).toBeCloseTo(risingD, 10);
      expect(late.values.c_eol.undiscounted).toBeCloseTo(1000 * (0.09 + 0.081), 10);
      expect(late.values.c_eol.discounted).toBeCloseTo(1000 * (0.09 / 1.05 ** 2 + 0.081 / 1.05 ** 3), 10);
      expect(middle.values.c_eol.undiscounted).toBeCloseTo(90, 10);
      expect(middle.values.c_eol.discounted).toBeCloseTo(90 / 1.05 ** 2, 10);
    }
  });
  it("two transition values, the second changing every cycle in one strategy: per-cycle series by hand (WebAssembly kernel and TypeScript loops)", () => {
    // The per-cycle series of a transition value that changes between cycles are summed per cycle
    // and must not also get the value's constant coefficient; this needs a second value (j = 1)
    // and a second lane, where the lane-interleaved index of (value, lane) matters.
    const m = model("beginning");
    m.settings.discount = { costs: 0, outcomes: 0 };
    m.values = [
      { id: "c_admin", kind: "cost" },
      { id: "c_eol", kind: "cost" },
      { id: "u", kind: "utility" },
    ];
    m.transitionValues = [
      { from: "Alive", to: "Dead", values: { c_admin: 200 } },
      { from: "Alive", to: "Dead", values: { c_eol: "c_death" } },
    ];
    m.strategies = [{ id: "fixed" }, { id: "rising", parameters: { c_death: "1000 + 100 * cycle" } }];
    // By hand, per member of the cohort (results are per member): moves Alive -> Dead 0.1,
    // 0.09 (0.9 · 0.1), 0.081 (0.81 · 0.1) in cycles 1..3.
    // c_admin, both strategies: 200 · (0.1, 0.09, 0.081) = 20, 18, 16.2.
    // c_eol, "fixed": 1000 · (0.1, 0.09, 0.081) = 100, 90, 81;
    // "rising" values the move in cycle t at 1000 + 100 t: 0.1 · 1100, 0.09 · 1200, 0.081 · 1300 = 110, 108, 105.3.
    const admin = [20, 18, 16.2];
    const eol = { fixed: [100, 90, 81], rising: [110, 108, 105.3] };
    for (const kernel of ["wasm", "js"] as const) {
      const strategies = evaluate(compileModel(m), { perCycle: true, kernel }).strategies;
      expect(strategies.map((s) => s.id)).toEqual(["fixed", "rising"]);
      for (const s of strategies) {
        const id = s.id as "fixed" | "rising";
        const a = Array.from(s.perCycle!.values.c_admin.undiscounted).slice(1, 4);
        const e = Array.from(s.perCycle!.values.c_eol.undiscounted).slice(1, 4);
        admin.forEach((x, i) => expect(a[i], `${kernel}, ${id}, c_admin, cycle ${i + 1}`).toBeCloseTo(x, 9));
        eol[id].forEach((x, i) => expect(e[i], `${kernel}, ${id}, c_eol, cycle ${i + 1}`).toBeCloseTo(x, 9));
        expect(s.values.c_eol.undiscounted, `${kernel}, ${id}, c_eol total`).toBeCloseTo(
          eol[id].reduce((x, y) => x + y, 0),
          9,
        );
      }
    }
  });
  it("a value on a move the matrix never makes is an error", () => {
    const m = model("end");
    m.transitionValues = [{ from: "Dead", to: "Alive", values: { c_eol: 1 } }];
    expect(() => compileModel(m)).toThrow(/no transition from "Dead" to "Alive"/);
  });
  it("one-off values are counted once per member at time 0, undiscounted", () => {
    const m = model("end");
    m.oneOff = { c_eol: 500 };
    const s = evaluate(compileModel(m)).strategies[0];
    expect(s.oneOff.c_eol).toBe(500);
    expect(s.values.c_eol.discounted).toBeCloseTo(hand + 500, 10);
    expect(s.perCycle!.values.c_eol.discounted[0]).toBe(500);
  });
});
