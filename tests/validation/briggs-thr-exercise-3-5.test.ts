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
import { byId, loadSpec, run, traceRow } from "./published.js";

const result = run(loadSpec("briggs-thr-exercise-3-5.json"));
const s = byId(result);

// Rows k = 1..8 of the trace; columns SuccessP, RevisionTHR, SuccessR, Death.
const standardTrace = [
  [0.98, 0.0, 0.0, 0.02],
  [0.9726572, 0.0007768, 0.0, 0.026566],
  [0.96516548, 0.00097491, 0.00075606, 0.03310354],
  [0.95757109, 0.00115802, 0.00166964, 0.03960125],
  [0.93783561, 0.00132115, 0.00268314, 0.0581601],
  [0.91838963, 0.00145307, 0.00379326, 0.07636404],
  [0.89924305, 0.00157339, 0.00496429, 0.09421927],
  [0.88040225, 0.00168398, 0.00618146, 0.11173231],
];
const np1Trace = [
  [0.98, 0.0, 0.0, 0.02],
  [0.97323145, 0.00020255, 0.0, 0.026566],
  [0.96645641, 0.00025438, 0.00019715, 0.03309206],
  [0.95968665, 0.00030239, 0.00043553, 0.03957543],
  [0.94083683, 0.00034529, 0.00070021, 0.05811767],
  [0.92232657, 0.00038012, 0.0009904, 0.07630291],
  [0.90415327, 0.00041201, 0.00129686, 0.09413786],
  [0.88631355, 0.00044144, 0.00161577, 0.11162924],
];
// heemod value rows 2..9 = trace rows 1..8 = engine cycles 2..9 under "beginning"; [cost, QALYs], discounted.
const standardValues = [
  [0, 0.82068966],
  [3.66001356, 0.80272917],
  [4.33343863, 0.7853755],
  [4.85597577, 0.76838428],
  [5.22645232, 0.74220815],
  [5.42296428, 0.71692065],
  [5.53962343, 0.69248578],
  [5.59337469, 0.66887542],
];

describe("Briggs et al. 2006, Exercise 3.5: total hip replacement, standard vs NP1", () => {
  it.each([
    ["standard", standardTrace],
    ["np1", np1Trace],
  ] as const)("reproduces the %s cohort trace of cycles 1-8 to 8 decimals", (id, table) => {
    table.forEach((row, i) => {
      const got = traceRow(result, s[id], i + 1);
      expect(got.PrimaryTHR).toBe(0);
      expect(got.SuccessP).toBeCloseTo(row[0], 8);
      expect(got.RevisionTHR).toBeCloseTo(row[1], 8);
      expect(got.SuccessR).toBeCloseTo(row[2], 8);
      expect(got.Death).toBeCloseTo(row[3], 8);
    });
  });

  it("reproduces the discounted per-cycle cost and QALYs of the standard prosthesis to 8 decimals", () => {
    const pc = s.standard.perCycle!;
    standardValues.forEach(([cost, qaly], i) => {
      expect(pc.values.cost.discounted[i + 2]).toBeCloseTo(cost, 8);
      expect(pc.values.qaly.discounted[i + 2]).toBeCloseTo(qaly, 8);
    });
    // Cycle 1 carries the prosthesis at time 0, undiscounted, and no QALYs (PrimaryTHR has utility 0).
    expect(pc.values.cost.discounted[1]).toBeCloseTo(394, 8);
    expect(pc.values.qaly.discounted[1]).toBe(0);
  });

  it("reproduces the total discounted costs and QALYs and the ICER to the spreadsheet's digits", () => {
    expect(s.standard.cost.discounted).toBeCloseTo(512.434658, 6);
    expect(s.standard.qalys.discounted).toBeCloseTo(14.6531896, 7);
    expect(s.np1.cost.discounted).toBeCloseTo(610.311818, 6);
    expect(s.np1.qalys.discounted).toBeCloseTo(14.69770986, 8);
    const rows = incrementalAnalysis(
      result.strategies.map((x) => ({ id: x.id, cost: x.cost.discounted, effect: x.qalys.discounted })),
      { wtp: 20000 },
    );
    const np1 = rows.find((x) => x.id === "np1")!;
    expect(np1.status).toBe("frontier");
    expect(np1.against).toBe("standard");
    expect(np1.icer!).toBeCloseTo(2198.486665, 6);
  });
});
