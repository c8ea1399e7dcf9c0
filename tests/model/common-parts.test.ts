// Common subexpressions as nodes of their own (src/model/compile/sources.ts, hoistCommon): the
// results are those of the formulas as written (closed forms below), a part is computed once for
// every formula that uses it, and a part in a branch the formula does not take is never reported.
import { describe, expect, it } from "vitest";
import { compileModel, evaluate, type ModelSpec } from "../../src/model/index.js";

/**
 * Competing risks out of Well, written as a user would (the total hazard three times in every exit,
 * as in p_i = H_i / H (1 - exp(-H))): flare rate a, death rate d per year, 1-year cycles, 10 cycles.
 */
function competingModel(a: number, d: number, cycles = 10): ModelSpec {
  const H = "(r_flare + r_die)";
  const p = (h: string) => `(${H} > 0 ? ${h} / ${H} * (1 - exp(-${H})) : 0)`;
  return {
    name: "competing risks",
    settings: { cycleLength: { years: 1 }, horizon: { cycles }, discount: { costs: 0, outcomes: 0 }, method: "end" },
    parameters: { r_flare: a, r_die: d },
    values: [{ id: "ly", kind: "utility", per: "year" }],
    states: [
      { id: "Well", values: { ly: 1 } },
      { id: "Flare", values: { ly: 1 } },
      { id: "Dead", dead: true },
    ],
    transitions: {
      Well: { Well: "C", Flare: p("r_flare"), Dead: p("r_die") },
      Flare: { Flare: 1 },
      Dead: { Dead: 1 },
    },
    init: { Well: 1 },
    strategies: [{ id: "only" }],
  } as unknown as ModelSpec;
}

describe("common parts of formulas as nodes of their own", () => {
  it("a competing-risks model gives the closed form: Well e^-Ht, Flare (a/H)(1 - e^-Ht), Dead (d/H)(1 - e^-Ht)", () => {
    const a = 0.2;
    const d = 0.05;
    const H = a + d;
    const r = evaluate(compileModel(competingModel(a, d)));
    const trace = r.strategies[0].trace!;
    for (let t = 0; t <= 10; t++) {
      // Closed form of the chain: each cycle Well keeps e^-H and sends a/H and d/H of the rest to Flare and Dead.
      const well = Math.exp(-H * t);
      expect(trace[t * 3 + 0]).toBeCloseTo(well, 14);
      expect(trace[t * 3 + 1]).toBeCloseTo((a / H) * (1 - well), 14);
      expect(trace[t * 3 + 2]).toBeCloseTo((d / H) * (1 - well), 14);
    }
    expect(r.strategies[0].lifeYears.undiscounted).toBeCloseTo(
      Array.from({ length: 10 }, (_, k) => 1 - (d / H) * (1 - Math.exp(-H * (k + 1)))).reduce((x, y) => x + y),
      13,
    );
  });

  it("the total hazard and its exp() are one node each, shared by both exits", () => {
    const m = compileModel(competingModel(0.2, 0.05));
    const texts = m.derived.map((n) => n.text);
    // The exits read (r_flare + r_die) three times each and exp(-(r_flare + r_die)) once each.
    expect(texts.filter((t) => t === "r_flare + r_die")).toHaveLength(1);
    expect(texts.filter((t) => t === "exp(-(r_flare + r_die))")).toHaveLength(1);
    expect(texts).toHaveLength(2);
  });

  it("a part in a branch not taken is never reported (log of a negative number behind a test)", () => {
    // r_die = -1 is not a rate, but the formula only takes log(r_die) when r_die > 0: 0 then, as written.
    const spec = competingModel(0.2, 0.05, 3) as unknown as {
      parameters: Record<string, number | string>;
      states: Array<{ id: string; values?: Record<string, string | number> }>;
    };
    spec.parameters.x = -1;
    spec.states[0].values = { ly: "1 + (x > 0 ? log(x) : 0)" };
    const r = evaluate(compileModel(spec));
    // Well's counts at the end of cycles 1..3 (method "end"), each worth 1 + 0 life years.
    const H = 0.25;
    const well = [1, 2, 3].map((t) => Math.exp(-H * t)).reduce((p, q) => p + q);
    const flare = [1, 2, 3].map((t) => (0.2 / H) * (1 - Math.exp(-H * t))).reduce((p, q) => p + q);
    expect(r.strategies[0].values.ly.undiscounted).toBeCloseTo(well + flare, 13);
  });

  it("a formula that uses a part that is not finite is reported with its own text and place", () => {
    const spec = competingModel(0.2, 0.05, 3) as unknown as {
      parameters: Record<string, number | string>;
      states: Array<{ id: string; values?: Record<string, string | number> }>;
    };
    spec.parameters.x = -1;
    spec.states[0].values = { ly: "1 + log(x)" };
    expect(() => evaluate(compileModel(spec))).toThrow(/states\[0\]\.values\.ly.*formula "1 \+ log\(x\)" gives NaN/s);
  });
});
