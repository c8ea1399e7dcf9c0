/**
 * Golden test: the simulation-time-dependent (age-dependent background mortality) Sick-Sicker
 * cohort model with transition rewards of
 *   Alarid-Escudero F, Krijkamp EM, Enns EA, Yang A, Hunink MGM, Pechlivanoglou P, Jalal H.
 *   A Tutorial on Time-Dependent Cohort State-Transition Models in R Using a Cost-Effectiveness
 *   Analysis Example. Med Decis Making 2023;43(1):21-41. doi:10.1177/0272989X221121747
 * Published numbers are taken from the tutorial's manuscript source in the authors' repository
 * github.com/DARTH-git/cohort-modeling-tutorial-timedep (commit 45dfd7d),
 * manuscript/cSTM_Tutorial_TimeDep.tex:
 *   - printed output of a_P_SoC[, , 1] (lines 447-451): transition probabilities of the first cycle
 *     (age 25), printed to 7 significant digits;
 *   - table "tab:table-cea" (lines 806-809) and text (line 796): costs (whole USD), QALYs
 *     (3 decimals), incremental costs (whole USD), incremental QALYs (3 decimals), ICERs (whole
 *     USD/QALY) and dominance.
 * The background mortality is the US 2015 life table (darthpack), identical to the tutorial's
 * data/LifeTable_USA_Mx_2015.csv.
 *
 * Convention mapping (see the model's description): rows t = 0..75 weighted by the tutorial's
 * gen_wcc() vector and discounted by 1.03^-t; state rewards on the state occupied at row t;
 * transition rewards of the moves from row t-1 to row t get row t's weight and discount. Expressed
 * with method "beginning" over 76 cycles and explicit weights on state and transition values.
 */
import { describe, expect, it } from "vitest";
import { byId, clone, expectPublished, expectSickSickerFrontier, loadSpec, run, traceRow } from "./published.js";

const MODEL = "darth-sick-sicker-age-dependent";
const spec = loadSpec(`${MODEL}.json`);
// The published numbers of the results are in data/validation/expected.json (model "darth-sick-sicker-age-dependent").
const pub = (x: number, key: string) => expectPublished(x, MODEL, key);
const result = run(spec);
const s = byId(result);

describe("DARTH Sick-Sicker, age-dependent with transition rewards (Alarid-Escudero et al., MDM 2023)", () => {
  it("reproduces the printed first-cycle transition probabilities from H (a_P_SoC[, , 1]) to the printed digits", () => {
    // Everyone starts in H, so trace row 1 is row H of the first-cycle transition matrix.
    const row1 = traceRow(result, s.SoC, 1);
    pub(row1.H, "p-HH");
    pub(row1.S1, "p-HS1");
    expect(row1.S2).toBe(0);
    pub(row1.D, "p-HD");
  });

  it("reproduces the printed first-cycle transition probabilities from S1 to the printed digits", () => {
    const fromS1 = clone(spec);
    fromS1.init = { S1: 1 };
    const r = run(fromS1, { strategies: ["SoC"] });
    const row1 = traceRow(r, r.strategies[0], 1);
    expect(row1.H).toBeCloseTo(0.3922742, 7);
    expect(row1.S1).toBeCloseTo(0.5053157, 7);
    expect(row1.S2).toBeCloseTo(0.09937273, 8);
    expect(row1.D).toBeCloseTo(0.003037378, 9);
  });

  it("reproduces the discounted costs (whole USD) and QALYs (3 decimals) of table 'tab:table-cea'", () => {
    for (const id of ["SoC", "A", "B", "AB"]) {
      pub(s[id].cost.discounted, `${id}-cost`);
      pub(s[id].qalys.discounted, `${id}-qalys`);
    }
  });

  it("reproduces the incremental analysis: frontier SoC -> B -> AB, A dominated, ICERs to the USD", () => {
    expectSickSickerFrontier(result, MODEL);
  });
});
