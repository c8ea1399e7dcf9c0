/**
 * Golden test: the total hip replacement (THR) model of
 *   Briggs A, Claxton K, Sculpher M. Decision Modelling for Health Economic Evaluation.
 *   Oxford University Press 2006, chapter 3, Exercise 3.5 (women aged 60; standard vs NP1 prosthesis).
 * The published numbers are those of the book's Excel solution as transcribed in the R package
 * heemod's reproduction test, github.com/pierucci/heemod tests/testthat/test_dmhee.R
 * ("Exactly match THR model", commit eb9edb2 of that file):
 *   - lines 278-293: cohort trace of the standard prosthesis, cycles 1-8 (8 decimals);
 *   - lines 296-310: cohort trace of NP1, cycles 1-8 (8 decimals);
 *   - lines 314-323: discounted cost and QALYs per cycle, standard prosthesis, rows 2-9 (8 decimals);
 *   - lines 334-339: total discounted costs and QALYs and the ICER.
 * The book's spreadsheet counts the trace rows 0..60 at the beginning of each cycle, discounting row
 * t by (1+r)^-t: method "beginning" over 61 cycles; the life table is looked up at age 60 + cycle.
 */
import { describe, expect, it } from "vitest";
import { incrementalAnalysis } from "../../src/model/index.js";
import { byId, expectPublished, loadSpec, publishedTable, run, traceRow } from "./published.js";

const MODEL = "briggs-thr-exercise-3-5";
const result = run(loadSpec(`${MODEL}.json`));
const s = byId(result);
// The published numbers (traces, per-cycle values, totals) are in data/validation/expected.json (model "briggs-thr-exercise-3-5").
const pub = (x: number, key: string) => expectPublished(x, MODEL, key);

describe("Briggs et al. 2006, Exercise 3.5: total hip replacement, standard vs NP1", () => {
  it.each(["standard", "np1"])("reproduces the %s cohort trace of cycles 1-8 to 8 decimals", (id) => {
    const t = publishedTable(MODEL, `trace-${id}`);
    expect(t.rows.length).toBe(8);
    t.rows.forEach((row, i) => {
      const got = traceRow(result, s[id], t.firstRow + i);
      expect(got.PrimaryTHR).toBe(0);
      t.columns.forEach((state, j) =>
        expect(got[state], `${id} ${state} cycle ${t.firstRow + i}`).toBeCloseTo(row[j], t.decimals),
      );
    });
  });

  it("reproduces the discounted per-cycle cost and QALYs of the standard prosthesis to 8 decimals", () => {
    const pc = s.standard.perCycle!;
    // heemod value rows 2..9 = trace rows 1..8 = engine cycles 2..9 under "beginning"; [cost, QALYs], discounted.
    const t = publishedTable(MODEL, "values-standard");
    expect(t.columns).toEqual(["cost", "qaly"]);
    t.rows.forEach(([cost, qaly], i) => {
      expect(pc.values.cost.discounted[t.firstRow + i]).toBeCloseTo(cost, t.decimals);
      expect(pc.values.qaly.discounted[t.firstRow + i]).toBeCloseTo(qaly, t.decimals);
    });
    // Cycle 1 carries the prosthesis at time 0, undiscounted, and no QALYs (PrimaryTHR has utility 0).
    expect(pc.values.cost.discounted[1]).toBeCloseTo(394, 8);
    expect(pc.values.qaly.discounted[1]).toBe(0);
  });

  it("reproduces the total discounted costs and QALYs and the ICER to the spreadsheet's digits", () => {
    pub(s.standard.cost.discounted, "standard-cost");
    pub(s.standard.qalys.discounted, "standard-qalys");
    pub(s.np1.cost.discounted, "np1-cost");
    pub(s.np1.qalys.discounted, "np1-qalys");
    const rows = incrementalAnalysis(
      result.strategies.map((x) => ({ id: x.id, cost: x.cost.discounted, effect: x.qalys.discounted })),
      { wtp: 20000 },
    );
    const np1 = rows.find((x) => x.id === "np1")!;
    expect(np1.status).toBe("frontier");
    expect(np1.against).toBe("standard");
    pub(np1.icer!, "icer");
  });
});
