/**
 * Models a modeller writes on first use (session s27): each was written from its publication, not
 * copied from data/models/, and each defect it showed has a test here. Expected values come from
 * the publication or from a hand calculation written next to them.
 */
import { describe, expect, it, vi } from "vitest";
import { compileModel, evaluate, evaluateBatch, type ModelSpec } from "../../src/model/index.js";
import { modelError } from "../helpers/errors.js";

// Runs whole models: sized for a loaded 2-core machine, not vitest's 5 s default.
vi.setConfig({ testTimeout: 60_000 });

/** Two states and death; costs 100 per cycle in A. */
const small = (): ModelSpec => ({
  name: "small",
  settings: {
    cycleLength: 1,
    horizon: { cycles: 5 },
    discount: { costs: 0.03, outcomes: 0.03 },
    method: "half-cycle",
  },
  parameters: { p: 0.1, c_a: 100 },
  values: [
    { id: "cost", kind: "cost" },
    { id: "qaly", kind: "utility" },
  ],
  states: [
    { id: "A", values: { cost: "c_a", qaly: 1 } },
    { id: "B", values: { qaly: 0.5 } },
    { id: "D", dead: true },
  ],
  transitions: {
    A: { A: "C", B: "p", D: 0.01 },
    B: { B: "C", D: 0.1 },
    D: { D: 1 },
  },
  init: { A: 1 },
});

describe("a horizon until an age, with cohorts of their own start age", () => {
  // Before: settings.startAge 50, horizon {"untilAge": 100}: 50 cycles for every cohort, so a cohort
  // starting at 40 stopped at 90 (ten years of life lost) and one starting at 60 ran to 110, silently.
  const until100 = (ages: (number | undefined)[]): ModelSpec => {
    const m = small();
    m.settings.startAge = 50;
    m.settings.horizon = { untilAge: 100 };
    m.cohorts = ages.map((a, i) => ({
      id: `c${i}`,
      weight: 1 / ages.length,
      ...(a === undefined ? {} : { startAge: a }),
    }));
    return m;
  };

  it("compileModel refuses a cohort whose startAge is not settings.startAge, naming the cohort, its age and the age it would stop at", () => {
    const e = modelError(() => compileModel(until100([40, 60])));
    expect(e.problems.map((p) => p.where)).toEqual(["cohorts[0].startAge", "cohorts[1].startAge"]);
    // 100 - 50 = 50 cycles of 1 year; 40 + 50 = 90, 60 + 50 = 110.
    expect(e.problems[0].message).toContain("would stop at age 90");
    expect(e.problems[1].message).toContain("would run to age 110");
    expect(e.message).toContain('{"years": y}');
  });

  it("a cohort at settings.startAge, or without its own, runs to the age", () => {
    const r = evaluate(compileModel(until100([50, undefined])));
    expect(r.nCycles).toBe(50); // (100 - 50) / 1
  });

  it("a horizon in years with cohorts of different start ages still runs (one horizon for every cohort)", () => {
    const m = until100([40, 60]);
    m.settings.horizon = { years: 50 };
    expect(evaluate(compileModel(m)).nCycles).toBe(50);
  });
});

describe("a total that overflows", () => {
  // Before: c_a = 1e308 per cycle summed to Infinity and evaluate returned it; the CLI then stopped
  // in the incremental analysis with 'options: strategy "base" has a non-finite cost or effect
  // (Infinity, ...)', naming neither the value nor the state. 1e308 + 1e308 > 1.8e308, the largest double.
  it("evaluate names the state value, the state and the strategy", () => {
    const m = small();
    m.parameters!.c_a = 1e308;
    const e = modelError(() => evaluate(compileModel(m)));
    expect(e.problems[0].where).toBe('states[0].values.cost [strategy "base"]');
    expect(e.problems[0].message).toContain("overflows");
    expect(e.problems[0].value).toBe(Infinity);
  });

  it("evaluate names the value when only the sum of its parts overflows", () => {
    const m = small();
    m.transitionValues = [{ from: "A", to: "B", values: { cost: 1e308 } }];
    m.parameters!.p = 0.9; // 0.9e308 moves in cycle 1, 0.09e308 in cycle 2, ... their sum (< 1e308) is finite
    expect(Number.isFinite(evaluate(compileModel(m)).strategies[0].cost.undiscounted)).toBe(true);
    m.transitionValues.push({ from: "B", to: "D", values: { cost: 1e308 } });
    m.oneOff = { cost: 1e308 };
    const e = modelError(() => evaluate(compileModel(m)));
    expect(e.problems[0].where).toBe('values[0] (cost) [strategy "base"]');
    expect(e.problems[0].message).toContain("overflows");
  });

  it("evaluateBatch names the parameter set", () => {
    const model = compileModel(small());
    const e = modelError(() => evaluateBatch(model, [{ c_a: 100 }, { c_a: 1e308 }]));
    expect(e.message).toContain("parameter set 2");
    expect(e.message).toContain("states[0].values.cost");
  });
});
