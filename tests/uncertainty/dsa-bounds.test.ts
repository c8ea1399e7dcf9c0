/**
 * A DSA whose low/high bound breaks the model names the parameter and the bound (src/uncertainty/
 * dsa.ts, outcomeAt). Before, `cartecon dsa` on a relative risk whose high bound pushed a
 * transition probability above 1 printed only the engine's "transition Alive -> Dead: probability
 * outside [0, 1]", naming neither the parameter nor the bound that caused it. And a probability
 * parameter's low/high outside [0, 1] was accepted (only its value was checked), so a DSA or a
 * uniform PSA drew "probabilities" of 1.2 silently.
 */
import { twoStateModel } from "../fixtures/two-state.js";
import { describe, expect, it } from "vitest";
import { compileModel } from "../../src/model/index.js";
import { oneWay, threshold, twoWay } from "../../src/uncertainty/dsa.js";
import { problemOf } from "../helpers/errors.js";

// p_die = p0 · rr: at rr's high bound 2.5, p_die = 0.5 × 2.5 = 1.25 > 1 (hand calculation).
const spec = twoStateModel({
  p0: 0.5,
  rr: { value: 1, low: 0.5, high: 2.5, unit: "relative risk" },
  p_die: "p0 * rr",
  c_alive: { value: 1200, low: 800, high: 1700 },
  c_start: 5000,
  u_alive: 0.8,
});
const model = compileModel(spec);
const o = { wtp: 30000 };

describe("DSA bounds that break the model", () => {
  it("oneWay names the parameter, the bound and its value", () => {
    const e = problemOf(() => oneWay(model, o));
    expect(e.where).toBe("parameters.rr");
    expect(e.text).toMatch(/rr at its high value 2\.5/);
    expect(e.text).toMatch(/probability outside \[0, 1\] \(got 1\.25\)/);
    expect(e.value).toEqual({ rr: 2.5 });
  });
  it("twoWay names both parameters of the failing cell, at one location: the grid asked for", () => {
    const e = problemOf(() => twoWay(model, "rr", "c_alive", o, 2));
    // One location, like every other error (it was "parameters.rr, parameters.c_alive", two paths).
    expect(e.where).toBe("--two-way rr,c_alive");
    expect(e.text).toMatch(/rr at the value 2\.5 and c_alive at the value 800/);
  });
  it("threshold names the parameter and the value tried", () => {
    const e = problemOf(() => threshold(model, "rr", o));
    expect(e.where).toBe("parameters.rr");
    expect(e.text).toMatch(/rr at the value 2\.5/);
  });
  it("a threshold on a parameter without low/high says so at parameters.<id> and asks for --bracket", () => {
    const e = problemOf(() => threshold(model, "p0", o));
    expect(e.where).toBe("parameters.p0"); // it was "parameter p0", a path in no other error
    expect(e.text).toMatch(/has no low and high to search between/);
    expect(e.expected).toMatch(/--bracket/);
  });
  it("a threshold over a range where the decision never changes is refused with both ends' INMB", () => {
    // Hand bound: treat cuts p_die from 0.1 to 0.07; undiscounted life years over 20 cycles are at
    // most (1 − 0.93^20)/0.07 − (1 − 0.9^20)/0.1 = 10.94 − 8.78 = 2.16 more, worth at
    // most 2.16 × 0.8 × 30000 = 51800 < the one-off 60000 (and extra alive years also cost c_alive > 0):
    // treat is never optimal for c_alive in 800..1700, so there is no threshold to find.
    const m = compileModel(
      twoStateModel({
        p_die: 0.1,
        c_alive: { value: 1200, low: 800, high: 1700 },
        c_start: 60000,
        u_alive: 0.8,
      }),
    );
    const e = problemOf(() => threshold(m, "c_alive", o));
    expect(e.where).toBe("parameters.c_alive"); // the parameter's own low and high (was "threshold c_alive")
    expect(e.text).toMatch(/treat is not optimal at both 800 and 1700/);
    // With --bracket the bracket is the user's, so it is named.
    expect(problemOf(() => threshold(m, "c_alive", o, [900, 1000])).where).toBe("--bracket");
  });
  it("a threshold on an unknown parameter or with a reversed bracket names --threshold or --bracket", () => {
    // The option that named it (s26: was parameters.zzz, as if the model file held it).
    const e = problemOf(() => threshold(model, "zzz", o));
    expect(e.where).toBe("--threshold");
    expect(e.value).toBe("zzz");
    expect(e.text).toMatch(/unknown parameter/);
    const b = problemOf(() => threshold(model, "rr", o, [2, 1]));
    expect(b.where).toBe("--bracket");
    expect(b.value).toEqual([2, 1]);
  });
});

describe("a probability parameter's low and high", () => {
  it("are checked against [0, 1] like its value", () => {
    const e = problemOf(() =>
      compileModel(
        twoStateModel({
          p_die: { value: 0.1, low: 0.05, high: 1.2, unit: "probability" },
          c_alive: 1200,
          c_start: 5000,
          u_alive: 0.8,
        }),
      ),
    );
    expect(e.where).toBe("parameters.p_die.high");
    expect(e.value).toBe(1.2);
    expect(e.expected).toBe("a number in [0, 1]");
  });
});

describe("twoWay(model, a, b, o, steps) refuses a grid it cannot make", () => {
  const m = compileModel(
    twoStateModel({
      p_die: { value: 0.1, low: 0.05, high: 0.2 },
      c_alive: { value: 1200, low: 800, high: 1700 },
      c_start: 5000,
      u_alive: 0.8,
    }),
  );
  it("one parameter, or the same one twice", () => {
    expect(problemOf(() => twoWay(m, "p_die", undefined as unknown as string, o)).text).toMatch(
      /needs two different parameters/,
    );
    expect(problemOf(() => twoWay(m, "p_die", "p_die", o)).where).toBe("--two-way");
  });
  it("a parameter without low and high, or unknown, at --two-way with the id and the parameters it accepts", () => {
    // At --two-way since s26 (was parameters.<id>, as if the model file held it; before that "parameter <id>").
    const e = problemOf(() => twoWay(m, "p_die", "u_alive", o));
    expect(e.where).toBe("--two-way");
    expect(e.value).toBe("u_alive");
    expect(e.text).toMatch(/u_alive has no one-way range \(low missing, high missing\)/);
    expect(e.expected).toBe("one of p_die, c_alive (the parameters with a numeric value and low < high)");
    const u = problemOf(() => twoWay(m, "p_die", "zzz", o));
    expect(u.where).toBe("--two-way");
    expect(u.text).toMatch(/unknown parameter/);
    // "did you mean" as --set says it: c_alivee is one edit from c_alive.
    expect(problemOf(() => twoWay(m, "p_die", "c_alivee", o)).text).toMatch(/did you mean c_alive\?/);
  });
  it("a structural parameter (fixed) is refused: a grid over it was every cell the same", () => {
    const e = problemOf(() => twoWay(m, "p_die", "c_alive", o, 2, ["c_alive"]));
    expect(e.where).toBe("--two-way");
    expect(e.text).toMatch(/c_alive is read when the model is built/);
    expect(problemOf(() => threshold(m, "c_alive", o, undefined, ["c_alive"])).where).toBe("--threshold");
  });
  it('fewer than two steps (steps − 1 = 0 made every value NaN), at --steps (was "two-way steps")', () => {
    const e = problemOf(() => twoWay(m, "p_die", "c_alive", o, 1));
    expect(e.where).toBe("--steps");
    expect(e.value).toBe(1);
    expect(e.expected).toBe("a whole number >= 2");
  });
  it("two steps give the corners: p_die ∈ {0.05, 0.2} × c_alive ∈ {800, 1700}", () => {
    const g = twoWay(m, "p_die", "c_alive", o, 2);
    expect(g.map((r) => [r.p_die, r.c_alive])).toEqual([
      [0.05, 800],
      [0.05, 1700],
      [0.2, 800],
      [0.2, 1700],
    ]);
  });
});
