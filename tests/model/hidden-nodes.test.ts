// Look-ups with a computed key as hidden nodes ("$n", src/model/compile/sources.ts, hoistCommon):
// one node per look-up, shared by every formula that reads it, never lenient (a key below the
// table is an error even in a branch not taken, docs/model-spec.md "Tables"), and a formula error is
// the first one of the formula as written, as for common parts (tests/model/common-parts.test.ts).
import { describe, expect, it, vi } from "vitest";
import { compileModel, evaluate, type ModelSpec } from "../../src/model/index.js";
import { modelError } from "../helpers/errors.js";

// Compiles and runs whole models: sized for a loaded 2-core machine, not vitest's 5 s default.
vi.setConfig({ testTimeout: 60_000 });

/** Healthy → Sick, Healthy → Dead and Sick → Dead by the given formulas; life table `lt` from age 50. */
function model(healthyDead: string, sickDead: string, startAge = 50): ModelSpec {
  return {
    name: "look-ups",
    settings: {
      cycleLength: 1,
      horizon: { cycles: 5 },
      startAge,
      discount: { costs: 0, outcomes: 0 },
      method: "end",
    },
    tables: { lt: { key: "age", columns: { age: [50, 60], q: [0.01, 0.02] } } },
    parameters: { p_sick: 0.1 },
    values: [{ id: "ly", kind: "utility", per: "year" }],
    states: [
      { id: "Healthy", values: { ly: 1 } },
      { id: "Sick", values: { ly: 1 } },
      { id: "Dead", dead: true },
    ],
    transitions: {
      Healthy: { Healthy: "C", Sick: "p_sick", Dead: healthyDead },
      Sick: { Sick: "C", Dead: sickDead },
      Dead: { Dead: 1 },
    },
    init: { Healthy: 1 },
  } as unknown as ModelSpec;
}

describe("look-ups with a computed key as hidden nodes", () => {
  it("a look-up is one node for every formula that reads it, also where it is the whole formula, and not lenient", () => {
    const m = compileModel(model('lookup("lt", "q", age)', '2 * lookup("lt", "q", age)'));
    const lookups = m.derived.filter((n) => n.text === 'lookup("lt", "q", age)');
    expect(lookups).toHaveLength(1);
    expect(lookups[0].lenient).toBeUndefined();
    // 2 * q occurs once: not a common part, so the look-up is the only hidden node.
    expect(m.derived).toHaveLength(1);
  });

  it("a look-up with a number as its key is computed within its formula, not as a node", () => {
    const m = compileModel(model('lookup("lt", "q", 55)', "0.1"));
    expect(m.derived).toHaveLength(0);
  });

  it("a look-up's key below its table is an error even in a branch the formula does not take", () => {
    // From age 40 the test age < 50 takes 0.01, but the look-up's key 40 is below the table's first age 50.
    const m = compileModel(model('age < 50 ? 0.01 : lookup("lt", "q", age)', "0.1", 40));
    const e = modelError(() => evaluate(m));
    expect(e.message).toContain('table "lt"');
    expect(e.message).toContain("age 40 is below the first age (50)");
  });

  it("a formula with a mistake before a look-up's mistake names its first in reading order", () => {
    // As "foo + exp(bar)" names "foo" (common-parts.test.ts): the formula as written fails at "foo" first.
    const e = modelError(() => compileModel(model('foo + lookup("lx", "q", age)', "0.1")));
    expect(e.problems.map((p) => [p.where, p.message])).toEqual([
      ["transitions.Healthy.Dead", 'formula error: unknown name "foo" at position 1'],
    ]);
  });

  it("a formula whose later operand is also wrong still names its first mistake in reading order", () => {
    // The compiler read a name on the right of + before compiling a computed left operand: both
    // formulas below named "foo" (positions 26 and 12), after the mistakes at positions 8 and 5.
    const lookupFirst = modelError(() => compileModel(model('lookup("lx", "q", age) + foo', "0.1")));
    expect(lookupFirst.problems.map((p) => p.message)).toEqual(['formula error: unknown table "lx" at position 8']);
    const expFirst = modelError(() => compileModel(model("exp(bar) + foo", "0.1")));
    expect(expFirst.problems.map((p) => p.message)).toEqual(['formula error: unknown name "bar" at position 5']);
  });
});
