/**
 * The model-format features of issue [6] item 8, each checked against a hand calculation (shown in
 * a comment) and against the reference evaluator tests/helpers/naive.ts, which implements each of
 * them again from docs/model-spec.md (sharing only the parser).
 */
import { describe, expect, it, vi } from "vitest";
import { compileModel, evaluate, type ModelSpec } from "../../src/model/index.js";
import { naiveEvaluate } from "../helpers/naive.js";

// Compiles and runs small models: sized for a loaded 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

/** Healthy -> Dead with probability 0.1 per yearly cycle; no discounting unless a test sets it. */
const twoState = (over: Partial<ModelSpec["settings"]> = {}): ModelSpec => ({
  name: "two states",
  settings: {
    cycleLength: 1,
    horizon: { cycles: 4 },
    discount: { costs: 0, outcomes: 0 },
    method: "beginning",
    ...over,
  },
  parameters: { p_die: 0.1 },
  values: [
    { id: "c", kind: "cost" },
    { id: "u", kind: "utility", per: "cycle" },
  ],
  states: [
    { id: "Healthy", values: { u: 1 } },
    { id: "Dead", dead: true },
  ],
  transitions: { Healthy: { Healthy: "C", Dead: "p_die" }, Dead: { Dead: 1 } },
  init: { Healthy: 1 },
});

const run = (spec: ModelSpec) => evaluate(compileModel(spec)).strategies[0];

/** The engine's totals equal the reference evaluator's, value by value, within 1e-10 relative. */
function agreesWithNaive(spec: ModelSpec): void {
  const fast = evaluate(compileModel(spec), { kernel: "js" }).strategies;
  const wasm = evaluate(compileModel(spec)).strategies;
  const slow = naiveEvaluate(spec);
  const close = (x: number, y: number) => expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(y)));
  slow.forEach((n, i) => {
    for (const r of [fast[i], wasm[i]]) {
      close(r.cost.discounted, n.cost);
      close(r.cost.undiscounted, n.costU);
      close(r.qalys.discounted, n.qalys);
      close(r.qalys.undiscounted, n.qalysU);
      close(r.lifeYears.discounted, n.ly);
      for (const [vid, t] of Object.entries(n.values)) {
        close(r.values[vid].undiscounted, t.u);
        close(r.values[vid].discounted, t.d);
      }
    }
  });
}

describe("% and mod(a, b) are the floored modulo a - b floor(a / b)", () => {
  const valueOf = (formula: string) => {
    const m = twoState({ horizon: { cycles: 1 } });
    m.states[0].values = { c: formula };
    return run(m).cost.undiscounted; // one cycle, beginning of cycle, one member: the value itself
  };
  it("7 % 3 = 1, -1 % 12 = 11 (not JavaScript's -1), mod(5, -3) = -1, mod(7.5, 2) = 1.5", () => {
    expect(valueOf("7 % 3")).toBe(1);
    expect(valueOf("-1 % 12")).toBe(11); // -(1 % 12) would be -1: unary minus binds tighter than %
    expect(valueOf("mod(5, -3)")).toBe(-1); // 5 - (-3) floor(-5/3) = 5 - 6
    expect(valueOf("mod(7.5, 2)")).toBe(1.5);
  });
  it("% binds like * and /, left to right: 2 + 7 % 3 * 2 = 2 + (1 * 2) = 4", () => {
    expect(valueOf("2 + 7 % 3 * 2")).toBe(4);
  });
  it("cycle % 2 switches a value on in odd cycles", () => {
    const m = twoState();
    m.states[0].values = { c: "cycle % 2 == 1 ? 10 : 0" };
    // counts at the start of cycles 1..4: 1, 0.9, 0.81, 0.729; odd cycles 1 and 3: 10 (1 + 0.81) = 18.1
    expect(run(m).cost.undiscounted).toBeCloseTo(18.1, 12);
    agreesWithNaive(m);
  });
});

describe("custom within-cycle weights (method: custom)", () => {
  // Counts m_k = 0.9^k: 1, 0.9, 0.81, 0.729, 0.6561 (k = 0..4).
  const SIMPSON = [1 / 3, 4 / 3, 2 / 3, 4 / 3, 1 / 3];
  // Composite Simpson 1/3 weights (DARTH's gen_wcc swaps 4/3 and 2/3, see user-models.test.ts): 1/3 + 4/3 (0.9) + 2/3 (0.81) + 4/3 (0.729) + 1/3 (0.6561)
  //   = 0.333333… + 1.2 + 0.54 + 0.972 + 0.2187 = 3.2640333…
  const simpsonQalys = 1 / 3 + 1.2 + 0.54 + 0.972 + 0.2187;

  it("a weight vector gives the weighted sum of the counts", () => {
    expect(run(twoState({ method: "custom", weights: SIMPSON })).qalys.undiscounted).toBeCloseTo(simpsonQalys, 12);
  });
  it("a formula of cycle and nCycles gives the same weights as the vector", () => {
    const f = "cycle == 0 || cycle == nCycles ? 1/3 : (cycle % 2 == 1 ? 4/3 : 2/3)";
    expect(run(twoState({ method: "custom", weights: f })).qalys.undiscounted).toBeCloseTo(simpsonQalys, 12);
  });
  it("DARTH's weights equal the built-in simpson method's count weights when values are constant", () => {
    expect(run(twoState({ method: "simpson" })).qalys.undiscounted).toBeCloseTo(simpsonQalys, 12);
  });
  it("count k is valued with the time variables of cycle k + 1, the last count with those of cycle T", () => {
    const m = twoState({ method: "custom", weights: "1" }); // "count both ends": every count weighs 1
    m.states[0].values = { u: "cycle" };
    // 1 (1) + 2 (0.9) + 3 (0.81) + 4 (0.729) + 4 (0.6561) = 1 + 1.8 + 2.43 + 2.916 + 2.6244 = 10.7704
    expect(run(m).qalys.undiscounted).toBeCloseTo(10.7704, 12);
    agreesWithNaive(m);
  });
  it("discounting applies at the time of each count", () => {
    const m = twoState({ method: "custom", weights: SIMPSON, discount: { costs: 0.05, outcomes: 0.05 } });
    // sum_k w_k 0.9^k 1.05^-k
    const hand = SIMPSON.reduce((s, w, k) => s + w * Math.pow(0.9 / 1.05, k), 0);
    expect(run(m).qalys.discounted).toBeCloseTo(hand, 12);
    agreesWithNaive(m);
  });
});

describe("correctTransitionValues: transition values with the within-cycle weights", () => {
  const withDeathCost = (correct: boolean): ModelSpec => {
    const m = twoState({
      horizon: { cycles: 2 },
      method: "half-cycle",
      discount: { costs: 0.05, outcomes: 0 },
      correctTransitionValues: correct,
    });
    m.transitionValues = [{ from: "Healthy", to: "Dead", values: { c: 100 } }];
    return m;
  };
  // Flows into Dead: 0.1 in cycle 1, 0.9 x 0.1 = 0.09 in cycle 2.
  it("off (default): each flow is discounted at the end of its cycle", () => {
    // 100 (0.1 / 1.05 + 0.09 / 1.05^2) = 9.5238095… + 8.1632653… = 17.6870748…
    expect(run(withDeathCost(false)).cost.discounted).toBeCloseTo(100 * (0.1 / 1.05 + 0.09 / 1.05 ** 2), 12);
  });
  it("on, half-cycle: each flow is discounted at the mean of the factors at the start and end of its cycle", () => {
    // 100 (0.1 (1 + 1/1.05)/2 + 0.09 (1/1.05 + 1/1.05^2)/2)
    const hand = 100 * ((0.1 * (1 + 1 / 1.05)) / 2 + (0.09 * (1 / 1.05 + 1 / 1.05 ** 2)) / 2);
    const r = run(withDeathCost(true));
    expect(r.cost.discounted).toBeCloseTo(hand, 12);
    expect(r.cost.undiscounted).toBeCloseTo(100 * 0.19, 12);
    agreesWithNaive(withDeathCost(true));
  });
  it("on, beginning of cycle: each flow is discounted at the start of its cycle", () => {
    const m = withDeathCost(true);
    m.settings.method = "beginning";
    expect(run(m).cost.discounted).toBeCloseTo(100 * (0.1 + 0.09 / 1.05), 12);
  });
});

describe("startAge and cohort attributes in formulas; a look-up column chosen by the cohort", () => {
  const cohortsModel = (): ModelSpec => ({
    name: "sex-specific mortality",
    settings: {
      cycleLength: 1,
      horizon: { cycles: 3 },
      startAge: 40,
      discount: { costs: 0.03, outcomes: 0.03 },
      method: "half-cycle",
    },
    tables: {
      lt: {
        key: "age",
        columns: {
          age: [40, 41, 42, 50, 51, 52],
          Female: [0.01, 0.02, 0.03, 0.1, 0.2, 0.3],
          Male: [0.015, 0.025, 0.035, 0.15, 0.25, 0.35],
        },
      },
    },
    parameters: { c_age: 10 },
    values: [
      { id: "c", kind: "cost" },
      { id: "u", kind: "utility" },
    ],
    states: [
      { id: "Alive", values: { c: "c_age * (startAge - 30) + 5 * male", u: "1 - 0.01 * (age - startAge)" } },
      { id: "Dead", dead: true },
    ],
    transitions: { Alive: { Alive: "C", Dead: 'lookup("lt", sex, age)' }, Dead: { Dead: 1 } },
    init: { Alive: 1 },
    cohorts: [
      { id: "women", weight: 0.6, attributes: { sex: "Female", male: 0 } },
      { id: "men", weight: 0.4, startAge: 50, attributes: { sex: "Male", male: 1 } },
    ],
  });
  it("one cycle by hand: startAge, a numeric attribute, and the sex column of the life table", () => {
    const m = cohortsModel();
    m.settings.horizon = { cycles: 1 };
    m.settings.method = "beginning";
    // women: cost 10 (40 - 30) + 0 = 100; men (start age 50): 10 (50 - 30) + 5 = 205; 0.6 (100) + 0.4 (205) = 142
    const r = run(m);
    expect(r.cost.undiscounted).toBeCloseTo(142, 12);
    // Alive after one cycle: women 1 - 0.01 (Female, 40); men 1 - 0.15 (Male, 50): 0.6 (0.99) + 0.4 (0.85) = 0.934
    const trace = evaluate(compileModel(m), { trace: true }).strategies[0].trace!;
    expect(trace[2]).toBeCloseTo(0.934, 12); // time 1, state Alive
  });
  it("three cycles, discounted, agree with the reference evaluator", () => {
    agreesWithNaive(cohortsModel());
  });
  it("startAge without cohorts is settings.startAge", () => {
    const m = twoState({ startAge: 62, horizon: { cycles: 1 } });
    m.states[0].values = { c: "startAge" };
    expect(run(m).cost.undiscounted).toBe(62);
  });
});

describe("per-value discounting: costs rate, outcomes rate, or none", () => {
  const m = (): ModelSpec => {
    const s = twoState({ horizon: { cycles: 3 }, method: "half-cycle", discount: { costs: 0.035, outcomes: 0.015 } });
    s.values = [
      { id: "c", kind: "cost" },
      { id: "c_out", kind: "cost", discount: "outcomes" },
      { id: "u", kind: "utility", per: "year" },
      { id: "ly_u", kind: "other", per: "year", discount: "none" },
    ];
    s.states[0].values = { c: 100, c_out: 100, u: 0.8, ly_u: 1 };
    s.transitionValues = [{ from: "Healthy", to: "Dead", values: { ly_u: 0 } }];
    return s;
  };
  it("undiscounted life years beside discounted QALYs: a value with discount none equals the undiscounted life years", () => {
    const r = run(m());
    expect(r.values.ly_u.discounted).toBeCloseTo(r.lifeYears.undiscounted, 12);
    expect(r.values.ly_u.discounted).toBeCloseTo(r.values.ly_u.undiscounted, 12);
    expect(r.qalys.discounted).toBeLessThan(r.qalys.undiscounted);
  });
  it("a cost discounted at the outcomes rate equals 100 x the outcome-discounted life years", () => {
    const r = run(m());
    // Both count 100 (or 1 per year, yearly cycles) per member in Healthy with the same weights and the 1.5% rate.
    expect(r.values.c_out.discounted).toBeCloseTo(100 * r.lifeYears.discounted, 10);
    expect(r.values.c.discounted).toBeLessThan(r.values.c_out.discounted);
  });
  it("agrees with the reference evaluator, also for values that change per cycle", () => {
    agreesWithNaive(m());
    const v = m();
    v.states[0].values = { c: "100 * cycle", c_out: "100 * cycle", u: 0.8, ly_u: "cycle % 2" };
    agreesWithNaive(v);
  });
});
