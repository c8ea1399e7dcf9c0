/** Bad input gets a clear error naming the place and the value; nothing is computed from it. */
import { describe, expect, it } from "vitest";
import { compileModel, evaluate, type ModelSpec } from "../../src/model/index.js";
import { aliveDead, sixState } from "../../bench/models.js";
import { modelError } from "../helpers/errors.js";

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe("errors in probabilities", () => {
  it("a probability above 1 in a given cycle names the transition, the strategy and the cycle", () => {
    const s = clone(sixState({ monthly: false, cycles: 60 }));
    s.parameters!.p_flare = "cycle >= 7 ? 1.2 : 0.1";
    const e = modelError(() => evaluate(compileModel(s)));
    expect(e.message).toContain("transition Controlled -> Active");
    expect(e.message).toContain("cycle 7");
    expect(e.message).toContain('strategy "soc"');
    expect(e.message).toContain("1.2");
    expect(e.message).toContain("probability outside [0, 1]");
  });
  it("a negative constant probability is reported for every cycle", () => {
    const s = clone(aliveDead());
    s.parameters!.p_die = -0.1;
    const e = modelError(() => evaluate(compileModel(s)));
    expect(e.message).toContain("transition Alive -> Dead");
    expect(e.message).toContain("every cycle");
    expect(e.message).toContain("-0.1");
  });
  it("a row that does not sum to 1 (no complement) is rejected with its sum", () => {
    const s = clone(aliveDead());
    s.transitions = { Alive: { Alive: 0.9, Dead: 0.05 }, Dead: { Dead: 1 } };
    const e = modelError(() => evaluate(compileModel(s)));
    expect(e.message).toContain("transitions from Alive");
    expect(e.message).toContain("does not sum to 1");
    expect(e.message).toContain("0.95");
  });
  it("probabilities that exceed 1 before the complement are rejected", () => {
    const s = clone(aliveDead());
    s.transitions = { Alive: { Alive: "C", Dead: 0.7 }, Dead: { Dead: 1 } } as ModelSpec["transitions"];
    s.parameters = { c_alive: 1 };
    const ok = modelError(() => {
      const t = clone(s);
      (t.transitions as Record<string, Record<string, unknown>>).Alive.Dead = 1.4;
      evaluate(compileModel(t));
    });
    expect(ok.message).toContain("1.4");
  });
  it("a matrix row whose length is wrong names the row", () => {
    const s = clone(aliveDead());
    s.transitions = [[0.5, 0.5], [1]];
    const e = modelError(() => compileModel(s));
    expect(e.message).toContain("transitions[1]");
  });
});

describe("errors in formulas", () => {
  it("an unknown name is reported with its position and the formula", () => {
    const s = clone(aliveDead());
    s.transitions = { Alive: { Alive: "C", Dead: "p_dei * 2" }, Dead: { Dead: 1 } };
    const e = modelError(() => compileModel(s));
    expect(e.message).toContain("transitions.Alive.Dead");
    expect(e.message).toContain('unknown name "p_dei" at position 1');
  });
  it("a syntax error is reported with its position", () => {
    const s = clone(aliveDead());
    s.parameters!.p_die = "0.05 * (1 +";
    const e = modelError(() => compileModel(s));
    expect(e.message).toContain("parameters.p_die");
    expect(e.message).toMatch(/formula ends too early at position 12/);
  });
  it("NaN from a formula names the formula, the place and the cycle", () => {
    const s = clone(sixState({ monthly: false, cycles: 30 }));
    s.parameters!.p_flare = "cycle > 3 ? log(-1) : 0.1";
    const e = modelError(() => evaluate(compileModel(s)));
    expect(e.message).toContain("parameters.p_flare");
    expect(e.message).toContain("cycle 4");
    expect(e.message).toContain("NaN");
  });
  it("Infinity from a state value is reported", () => {
    const s = clone(aliveDead());
    s.parameters!.zero = 0;
    s.states[0].values!.c = "c_alive / zero";
    const e = modelError(() => evaluate(compileModel(s)));
    expect(e.message).toContain("states[0].values.c");
    expect(e.message).toContain("Infinity");
  });
  it("several problems in one model are all reported at once", () => {
    const s = clone(aliveDead());
    s.parameters!.a = "b +";
    s.parameters!.b = "nope";
    s.states[0].values!.c = "zzz";
    const e = modelError(() => compileModel(s));
    expect(e.problems.length).toBe(3);
  });
  it("parameters that refer to each other in a circle are rejected", () => {
    const s = clone(aliveDead());
    s.parameters = { ...s.parameters, a: "b + 1", b: "a * 2" };
    const e = modelError(() => compileModel(s));
    expect(e.message).toMatch(/circle: (a -> b -> a|b -> a -> b)/);
  });
  it("a life-table look-up below the table's first age names the table", () => {
    const s = clone(sixState({ monthly: false, cycles: 10 }));
    s.settings.startAge = 40;
    s.tables!.lt.columns.age = s.tables!.lt.columns.age.map((a) => a + 50);
    const e = modelError(() => evaluate(compileModel(s)));
    expect(e.message).toContain('table "lt"');
    expect(e.message).toContain("age 40 is below the first age (50)");
  });
});

describe("errors in settings and structure", () => {
  it.each([
    [-0.01, "costs"],
    [1.5, "outcomes"],
  ])("a discount rate of %s is rejected", (rate, which) => {
    const s = clone(aliveDead()) as ModelSpec;
    (s.settings.discount as Record<string, number>)[which] = rate;
    const e = modelError(() => compileModel(s));
    expect(e.message).toContain(`settings.discount.${which}`);
    expect(e.message).toContain(String(rate));
  });
  it("a discount rate override out of range is rejected by evaluate", () => {
    const e = modelError(() => evaluate(compileModel(aliveDead()), { discount: { costs: 2 } }));
    expect(e.message).toContain("discount.costs");
  });
  it("a transition to an undeclared state is rejected", () => {
    const s = clone(aliveDead());
    (s.transitions as Record<string, Record<string, unknown>>).Alive.Sick = 0.1;
    const e = modelError(() => compileModel(s));
    expect(e.message).toContain("transitions.Alive.Sick: unknown state");
  });
  it("a state without a row of transitions is rejected", () => {
    const s = clone(aliveDead());
    delete (s.transitions as Record<string, unknown>).Dead;
    const e = modelError(() => compileModel(s));
    expect(e.message).toContain("transitions.Dead");
  });
  it("a model with no states is rejected", () => {
    const s = clone(aliveDead());
    s.states = [];
    expect(modelError(() => compileModel(s)).message).toContain("the model has no states");
  });
  it("an initial count in an unknown state is rejected", () => {
    const s = clone(aliveDead());
    s.init = { Alvie: 1 };
    expect(modelError(() => compileModel(s)).message).toContain("init.Alvie: unknown state");
  });
  it("a value that was not declared is rejected", () => {
    const s = clone(aliveDead());
    s.states[0].values!.qaly = 1;
    expect(modelError(() => compileModel(s)).message).toContain('unknown value "qaly"');
  });
  it("a strategy overriding an unknown parameter is rejected", () => {
    const s = clone(aliveDead());
    s.strategies = [{ id: "x", parameters: { p_death: 0.1 } }];
    expect(modelError(() => compileModel(s)).message).toContain('overrides unknown parameter "p_death"');
  });
  it("a horizon that is not a whole number of cycles is rejected", () => {
    const s = clone(aliveDead());
    s.settings.cycleLength = { months: 5 };
    s.settings.horizon = { years: 1 };
    expect(modelError(() => compileModel(s)).message).toContain("not a whole number of cycles");
  });
  it("a non-object model is rejected", () => {
    expect(modelError(() => compileModel([1, 2])).message).toContain("a model must be a JSON object");
  });
  it("an unknown parameter override in evaluate is rejected", () => {
    const e = modelError(() => evaluate(compileModel(aliveDead()), { parameters: { p_dei: 0.1 } }));
    expect(e.message).toContain("p_dei");
  });
});
