/**
 * Output tables whose columns are named by parameter ids beside their own columns.
 *
 * The draws table (psa --out draws.csv) has one column per drawn parameter and cost_<strategy>,
 * effect_<strategy> per strategy, beside "draw". A parameter named "draw" or "cost_b" (with a
 * strategy "b") shared a column: before, the file held the draw's parameter values under "draw"
 * (the draw numbers lost) and strategy b's costs under "cost_b" (the drawn cost_b lost), silently,
 * and voi read them back as such. Found by a first-time user (session s27).
 */
import { describe, expect, it, vi } from "vitest";
import { compileModel, type ModelSpec } from "../../src/model/index.js";
import { twoWay } from "../../src/uncertainty/dsa.js";
import { drawsCsv, runPsa } from "../../src/uncertainty/psa.js";
import { modelError } from "../helpers/errors.js";

vi.setConfig({ testTimeout: 60_000 });

const model = (ids: [string, string], strategies: string[]): ModelSpec => ({
  name: "columns",
  settings: { cycleLength: 1, horizon: { cycles: 2 }, discount: { costs: 0, outcomes: 0 }, method: "end" },
  parameters: {
    [ids[0]]: { value: 0.1, low: 0.05, high: 0.2, distribution: "beta" },
    [ids[1]]: { value: 100, low: 50, high: 150, distribution: "gamma" },
  },
  values: [{ id: "c", kind: "cost" }],
  states: [
    { id: "A", values: { c: ids[1] } },
    { id: "D", dead: true },
  ],
  transitions: { A: { A: "C", D: ids[0] }, D: { D: 1 } },
  init: { A: 1 },
  strategies: strategies.map((id) => ({ id })),
});

/** The error of writing the draws table of a PSA of a model whose two parameters have these ids. */
const draws = (ids: [string, string]) => {
  const psa = runPsa(model(ids, ["a", "b"]), { n: 3, seed: 1 });
  return modelError(() => drawsCsv(psa.inputs, psa.outcomes));
};

describe("drawsCsv(inputs, outcomes) of a PSA whose parameter is named like a column", () => {
  it("refuses a parameter named draw, naming the parameter and the column", () => {
    const e = draws(["draw", "c_a"]);
    expect(e.problems[0].where).toBe("parameters.draw");
    expect(e.problems[0].message).toContain('the column "draw"');
  });

  it("refuses a parameter named cost_<strategy> or effect_<strategy>, naming the strategy", () => {
    const e = draws(["effect_a", "cost_b"]);
    expect(e.problems.map((p) => p.where)).toEqual(["parameters.effect_a", "parameters.cost_b"]);
    expect(e.problems[1].message).toContain('strategy "b"');
  });

  it("accepts cost_x when no strategy is named x", () => {
    const psa = runPsa(model(["p_x", "cost_x"], ["a", "b"]), { n: 3, seed: 1 });
    const header = drawsCsv(psa.inputs, psa.outcomes).split("\n")[0];
    expect(header).toBe("draw,p_x,cost_x,cost_a,effect_a,cost_b,effect_b");
  });
});

describe("twoWay(model, a, b) of parameters named like the grid's columns", () => {
  // The grid's columns: a, b, optimal, inmb, nmb_<strategy>. Before, dsa --two-way optimal,nmb_a
  // wrote the optimal strategy's id under "optimal" and strategy a's NMB under "nmb_a": both
  // parameters' values were lost from the CSV, silently.
  const ranged = (ids: [string, string]) => {
    const m = model(ids, ["a", "b"]);
    for (const id of ids) delete (m.parameters![id] as { distribution?: string }).distribution;
    return compileModel(m);
  };

  it("refuses optimal, inmb and nmb_<strategy>, naming the parameter and the column", () => {
    const e = modelError(() => twoWay(ranged(["optimal", "nmb_a"]), "optimal", "nmb_a", { wtp: 50000 }, 2));
    expect(e.problems[0].where).toBe("--two-way");
    expect(e.problems[0].value).toBe("optimal");
    expect(e.message).toContain('"optimal"');
    const f = modelError(() => twoWay(ranged(["p_x", "nmb_a"]), "p_x", "nmb_a", { wtp: 50000 }, 2));
    expect(f.problems[0].value).toBe("nmb_a");
    expect(f.message).toContain('strategy "a"');
  });

  it("a grid of other parameters keeps their values in their own columns", () => {
    const rows = twoWay(ranged(["p_x", "c_x"]), "p_x", "c_x", { wtp: 50000 }, 2);
    // Corners of the grid: low and high of each parameter (beta 0.05..0.2, gamma 50..150).
    expect(rows.map((r) => [r.p_x, r.c_x])).toEqual([
      [0.05, 50],
      [0.05, 150],
      [0.2, 50],
      [0.2, 150],
    ]);
  });
});
