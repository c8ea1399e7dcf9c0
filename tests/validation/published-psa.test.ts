/**
 * PSA of a published model (DARTH Sick-Sicker, time-independent; Alarid-Escudero et al. 2023) with
 * the tutorial's own cost distributions, written in the model file's {shape, scale} form. Total
 * discounted cost is linear in the five costs for fixed transitions, so the PSA mean cost equals
 * the deterministic cost at the distributions' means (gamma mean = shape × scale) within Monte Carlo
 * error; QALYs do not depend on the drawn parameters at all, so every draw equals the
 * deterministic QALYs exactly.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileModel, evaluate, type ModelSpec } from "../../src/model/index.js";
import { drawsCsv, runPsa } from "../../src/uncertainty/psa.js";

// The tutorial's PSA table: c_H gamma(shape 100, scale 20), c_S1 (177.8, 22.5), c_S2 (225, 66.7),
// c_trtA (576, 20.8), c_trtB (676, 19.2).
const COSTS: Record<string, [number, number]> = {
  c_H: [100, 20],
  c_S1: [177.8, 22.5],
  c_S2: [225, 66.7],
  c_trtA: [576, 20.8],
  c_trtB: [676, 19.2],
};

function spec(): ModelSpec {
  const s = JSON.parse(readFileSync("data/models/darth-sick-sicker-time-independent.json", "utf8"));
  for (const p of Object.values(s.parameters) as Array<Record<string, unknown>>)
    if (typeof p === "object") delete p.distribution;
  for (const [id, [shape, scale]] of Object.entries(COSTS)) {
    s.parameters[id].value = shape * scale; // the mean, e.g. 177.8 × 22.5 = 4000.5
    s.parameters[id].distribution = { type: "gamma", shape, scale };
  }
  return s;
}

describe("PSA of the DARTH Sick-Sicker model with the tutorial's cost distributions", () => {
  it("mean cost per strategy = deterministic cost at the means within 3 Monte Carlo SE; QALYs exact", () => {
    const s = spec();
    const n = 2000;
    const psa = runPsa(s, { n, seed: 2023 });
    const det = evaluate(compileModel(s), { trace: false, perCycle: false });
    expect(psa.outcomes.strategies).toEqual(["SoC", "A", "B", "AB"]);
    psa.outcomes.strategies.forEach((_, i) => {
      const col = psa.outcomes.costs[i];
      let m = 0;
      for (const x of col) m += x;
      m /= n;
      let v = 0;
      for (const x of col) v += (x - m) ** 2;
      const se = Math.sqrt(v / (n - 1) / n);
      expect(Math.abs(m - det.strategies[i].cost.discounted)).toBeLessThan(3 * se);
      for (const e of psa.outcomes.effects[i]) expect(e).toBe(det.strategies[i].qalys.discounted);
    });
  }, 120_000);
  it("the same seed gives the same draws CSV", () => {
    const a = runPsa(spec(), { n: 100, seed: 9 });
    const b = runPsa(spec(), { n: 100, seed: 9 });
    expect(drawsCsv(a.inputs, a.outcomes)).toBe(drawsCsv(b.inputs, b.outcomes));
  }, 120_000);
});
