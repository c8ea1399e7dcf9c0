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

  // The errors a user sees are those of the formulas as written (the engine before common parts
  // became nodes, commit 902b735, gives each message below for the same model).
  const problemsOf = (spec: unknown): Array<{ where: string; message: string; value?: unknown }> => {
    try {
      compileModel(spec);
    } catch (e) {
      return (e as { problems: Array<{ where: string; message: string; value?: unknown }> }).problems;
    }
    throw new Error("the model compiled");
  };
  type Editable = {
    parameters: Record<string, number | string>;
    states: Array<{ id: string; values?: Record<string, string | number> }>;
    init: Record<string, number | string>;
  };

  it("a formula with two mistakes names its first in reading order, not the one in a part that became a node", () => {
    const spec = competingModel(0.2, 0.05, 3) as unknown as Editable;
    spec.states[0].values = { ly: "foo + exp(bar)" };
    spec.states[1].values = { ly: "nofn(exp(zz))" };
    const problems = problemsOf(spec);
    expect(problems.map((p) => [p.where, p.message])).toEqual([
      ["states[0].values.ly", 'formula error: unknown name "foo" at position 1'],
      ["states[1].values.ly", 'formula error: unknown function "nofn" at position 1'],
    ]);
  });

  it("an initial count that reads age through a part that became a node is refused by the compiler, state by state", () => {
    // exp(0 * age) is 1 at every age, but an initial count may not read a time variable at all.
    const spec = competingModel(0.2, 0.05, 3) as unknown as Editable;
    spec.init = { Well: "0.5 + 0.5 * exp(0 * age)", Flare: "0.5 - 0.5 * exp(0 * age)" };
    (spec as unknown as { settings: Record<string, unknown> }).settings.startAge = 40;
    const problems = problemsOf(spec);
    expect(problems.map((p) => [p.where, p.message])).toEqual([
      ["init.Well", "an initial count cannot depend on time"],
      ["init.Flare", "an initial count cannot depend on time"],
    ]);
  });

  it("parameters that refer to each other through parts that became nodes are named as written: c -> q -> c", () => {
    const spec = competingModel(0.2, 0.05, 3) as unknown as Editable;
    spec.parameters.c = "exp(q) + 1";
    spec.parameters.q = "log(c) - 1";
    spec.states[0].values = { ly: "c" };
    const problems = problemsOf(spec);
    expect(problems.map((p) => [p.where, p.message])).toEqual([
      ["parameters.c", "parameters refer to each other in a circle: c -> q -> c"],
    ]);
  });

  it("equal formulas share one node even when a part of them became a node between their uses", () => {
    // Well and Sick use sqrt(x * y + z); Mid's value, compiled between them, uses x * y twice (a node then).
    const spec = competingModel(0.2, 0.05, 3) as unknown as Editable & { transitions: Record<string, unknown> };
    Object.assign(spec.parameters, { x: 1, y: -2, z: 1 });
    spec.states = [
      { id: "Well", values: { ly: "sqrt(x * y + z)" } },
      { id: "Mid", values: { ly: "(x * y) * (x * y) + 1" } },
      { id: "Sick", values: { ly: "sqrt(x * y + z)" } },
      { id: "Dead", dead: true } as unknown as { id: string },
    ];
    spec.transitions = {
      Well: { Well: "C", Mid: 0.1, Sick: 0.1, Dead: 0.1 },
      Mid: { Mid: "C", Dead: 0.1 },
      Sick: { Sick: "C", Dead: 0.1 },
      Dead: { Dead: 1 },
    };
    const m = compileModel(spec);
    expect(m.nodes.filter((n) => n.text === "sqrt(x * y + z)")).toHaveLength(1);
    // sqrt(1 * -2 + 1) = sqrt(-1) is NaN: reported once, with both places.
    expect(() => evaluate(m)).toThrow(
      /states\[0\]\.values\.ly \(and 1 other place\).*"sqrt\(x \* y \+ z\)" gives NaN/s,
    );
  });
});
