/**
 * Per-cycle series and the trace of a model with a time-in-state state, by both inner loops (the
 * WebAssembly kernel and the TypeScript twin), against a hand calculation. It reaches what the
 * totals alone leave unread: the projection coefficients (a constant value times its unit scale,
 * one per tunnel) and the per-cycle counts of a tunnel state summed over its tunnels, which a value
 * that changes every cycle needs.
 *
 * Model: cycles of 6 months (L = 0.5 year), 3 cycles, counted at the beginning of each cycle, no
 * discounting. Well → Sick 0.2, Well → Dead 0.1; Sick (time in state, limit 2) → Dead 0.3.
 * Values per year (so × 0.5 per cycle): cost Well 100, Sick 400 in its first cycle then 200;
 * QALY Well 1, Sick 0.9 − 0.1·cycle (changes every cycle).
 *
 * Counts at the start of cycles 1, 2, 3 (Well, Sick k=1, Sick k=2):
 *   (1, 0, 0), (0.7, 0.2, 0), (0.49, 0.14, 0.14)  [0.2 · 0.7 moves on to k = 2]
 * Cost per cycle: 1·50 = 50; 0.7·50 + 0.2·200 = 75; 0.49·50 + 0.14·200 + 0.14·100 = 66.5 (total 191.5)
 * QALY per cycle: 0.5; 0.7·0.5 + 0.7·0.5·0.2 = 0.42; 0.49·0.5 + 0.6·0.5·0.28 = 0.329 (total 1.249)
 * Life years per cycle: 0.5; 0.9·0.5 = 0.45; 0.77·0.5 = 0.385
 */
import { describe, expect, it } from "vitest";
import { compileModel, evaluate, type ModelSpec } from "../../src/model/index.js";

const spec = {
  name: "projections by hand",
  settings: {
    cycleLength: { months: 6 },
    horizon: { cycles: 3 },
    discount: { costs: 0, outcomes: 0 },
    method: "beginning",
  },
  values: [
    { id: "cost", kind: "cost", per: "year" },
    { id: "qaly", kind: "utility", per: "year" },
  ],
  states: [
    { id: "Well", values: { cost: 100, qaly: 1 } },
    {
      id: "Sick",
      timeInState: { limit: 2 },
      values: { cost: "timeInState == 1 ? 400 : 200", qaly: "0.9 - 0.1 * cycle" },
    },
    { id: "Dead", dead: true },
  ],
  transitions: {
    Well: { Well: "C", Sick: 0.2, Dead: 0.1 },
    Sick: { Sick: "C", Dead: 0.3 },
    Dead: { Dead: 1 },
  },
  init: { Well: 1 },
} as unknown as ModelSpec;

describe("per-cycle series and trace of a tunnel state, both inner loops", () => {
  for (const kernel of ["wasm", "js"] as const) {
    it(`${kernel}: cost, QALY and life-year series and the trace equal the hand calculation`, () => {
      const r = evaluate(compileModel(spec), { kernel, perCycle: true, trace: true });
      const s = r.strategies[0];
      const series = (x: ArrayLike<number>) => Array.from(x).slice(1, 4);
      const cost = series(s.perCycle!.values.cost.undiscounted);
      const qaly = series(s.perCycle!.values.qaly.undiscounted);
      const ly = series(s.perCycle!.lifeYears.undiscounted);
      [50, 75, 66.5].forEach((x, i) => expect(cost[i], `cost, cycle ${i + 1}`).toBeCloseTo(x, 12));
      [0.5, 0.42, 0.329].forEach((x, i) => expect(qaly[i], `QALY, cycle ${i + 1}`).toBeCloseTo(x, 12));
      [0.5, 0.45, 0.385].forEach((x, i) => expect(ly[i], `life years, cycle ${i + 1}`).toBeCloseTo(x, 12));
      expect(s.values.cost.undiscounted).toBeCloseTo(191.5, 12);
      expect(s.values.qaly.undiscounted).toBeCloseTo(1.249, 12);
      // trace by declared state (Well, Sick, Dead) at time 2: Sick sums its two tunnels, 0.14 + 0.14
      const nS = 3;
      expect(s.trace![2 * nS + 0]).toBeCloseTo(0.49, 12);
      expect(s.trace![2 * nS + 1]).toBeCloseTo(0.28, 12);
      expect(s.trace![2 * nS + 2]).toBeCloseTo(0.23, 12);
    });
  }
});
