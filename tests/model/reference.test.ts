/**
 * Property test: on randomly generated models (seeded), the engine equals a straightforward dense
 * evaluator that re-evaluates every formula for every entry, cycle, strategy and cohort.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compileModel, evaluate, type ModelSpec } from "../../src/model/index.js";
import { naiveEvaluate } from "../helpers/naive.js";
import { sixState } from "../../bench/models.js";

const FORMS = [
  (p: string) => p,
  (p: string) => `${p} * (cycle <= 5 ? 1 : 0.5)`,
  (p: string) => `${p} * min(1, age / 60)`,
  (p: string) => `rateToProb(probToRate(${p}) * (1 + time / 40), 1)`,
  (p: string) => `${p} * lookup("lt", "m", age) / 0.02`,
];

const arbModel = fc
  .record({
    n: fc.integer({ min: 2, max: 5 }),
    probs: fc.array(fc.double({ min: 0, max: 0.15, noNaN: true }), { minLength: 25, maxLength: 25 }),
    forms: fc.array(fc.integer({ min: 0, max: FORMS.length - 1 }), { minLength: 25, maxLength: 25 }),
    costs: fc.array(fc.double({ min: 0, max: 10000, noNaN: true }), { minLength: 5, maxLength: 5 }),
    utils: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
    method: fc.constantFrom("beginning", "end", "half-cycle", "simpson"),
    cycles: fc.integer({ min: 1, max: 31 }),
    unit: fc.constantFrom("years", "months", "weeks", "days"),
    rc: fc.double({ min: 0, max: 0.08, noNaN: true }),
    ro: fc.double({ min: 0, max: 0.08, noNaN: true }),
    twoCohorts: fc.boolean(),
    scale: fc.double({ min: 0.2, max: 1.5, noNaN: true }),
    // Without values that change between cycles the engine batches cycles and skips those in which no
    // time formula changes: both paths are compared with the dense evaluation.
    constantValues: fc.boolean(),
    // S0 may declare time in state (tunnels expanded by the engine, counted per tunnel by the reference)
    tisLimit: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
  })
  .map((g): ModelSpec => {
    const ids = Array.from({ length: g.n }, (_, i) => `S${i}`).concat("Dead");
    const parameters: Record<string, string | number> = { k: 1, c_once: 500 };
    const transitions: Record<string, Record<string, string | number>> = { Dead: { Dead: 1 } };
    let q = 0;
    for (let i = 0; i < g.n; i++) {
      const row: Record<string, string | number> = { [ids[i]]: "C" };
      for (let j = 0; j <= g.n; j++) {
        if (j === i) continue;
        const pid = `p_${i}_${j}`;
        parameters[pid] = g.probs[q];
        row[ids[j]] = FORMS[g.forms[q]](`(${pid} * k)`);
        q++;
      }
      transitions[ids[i]] = row;
    }
    const tis = g.tisLimit !== undefined;
    if (tis) transitions.S0.S1 = `(${transitions.S0.S1}) * (timeInState <= 2 ? 1.5 : 1)`;
    return {
      name: "random",
      settings: {
        cycleLength:
          g.unit === "years"
            ? 1
            : g.unit === "months"
              ? { months: 1 }
              : g.unit === "weeks"
                ? { weeks: 2 }
                : { days: 30 },
        horizon: { cycles: g.cycles },
        startAge: 50,
        discount: { costs: g.rc, outcomes: g.ro },
        method: g.method,
      },
      tables: { lt: { key: "age", columns: { age: [0, 40, 55, 70], m: [0.001, 0.01, 0.02, 0.04] } } },
      parameters,
      values: [
        { id: "c", kind: "cost" },
        { id: "c_time", kind: "cost", per: "year" },
        { id: "u", kind: "utility" },
      ],
      states: ids.map((id, i) =>
        id === "Dead"
          ? { id, dead: true }
          : {
              id,
              ...(tis && i === 0 ? { timeInState: { limit: g.tisLimit! } } : {}),
              values: {
                c: g.costs[i],
                c_time: g.constantValues ? 2 * g.costs[i] : `${g.costs[i]} * (floor(cycle / 3) * 3 == cycle ? 2 : 1)`,
                u: tis && i === 0 ? `${g.utils[i]} * max(0, 1 - 0.05 * yearsInState)` : g.utils[i],
              },
            },
      ),
      transitions,
      transitionValues: [
        {
          from: "S0",
          to: "Dead",
          values: { c: (g.constantValues ? "1000 * k" : "1000 + cycle") + (tis ? " + 10 * timeInState" : "") },
        },
      ],
      oneOff: { c: "c_once * k" },
      init: { S0: 0.7, S1: 0.3 },
      strategies: [{ id: "a" }, { id: "b", parameters: { k: g.scale } }, { id: "c", parameters: { c_once: 0 } }],
      cohorts: g.twoCohorts
        ? [
            { id: "young", weight: 0.4, startAge: 30 },
            { id: "old", weight: 0.6, startAge: 65, parameters: { c_once: 800 } },
          ]
        : undefined,
    };
  });

function compare(spec: ModelSpec) {
  const fast = evaluate(compileModel(spec));
  const slow = naiveEvaluate(spec);
  fast.strategies.forEach((s, i) => {
    const r = slow[i];
    const close = (x: number, y: number) =>
      expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(y)));
    close(s.cost.discounted, r.cost);
    close(s.cost.undiscounted, r.costU);
    close(s.qalys.discounted, r.qalys);
    close(s.qalys.undiscounted, r.qalysU);
    close(s.lifeYears.discounted, r.ly);
    close(s.lifeYears.undiscounted, r.lyU);
    const S = fast.states.length;
    for (let k = 0; k <= fast.nCycles; k++) for (let j = 0; j < S; j++) close(s.trace![k * S + j], r.trace[k][j]);
  });
}

describe("the engine equals a straightforward dense evaluation", { timeout: 120_000 }, () => {
  it("on 150 random models (seeded): strategies, cohorts, time-dependent formulas, look-ups, time in state, every counting method", () => {
    fc.assert(
      fc.property(arbModel, (spec) => compare(spec)),
      { seed: 20261123, numRuns: 150 },
    );
  }, 60_000);
  it("on the six-state benchmark model (720 monthly cycles, 4 strategies, age-dependent mortality)", () => {
    compare(sixState());
  }, 60_000);
});
