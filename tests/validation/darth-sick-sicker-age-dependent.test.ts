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
import { incrementalAnalysis } from "../../src/model/index.js";
import { byId, clone, loadSpec, run, traceRow } from "./published.js";

const spec = loadSpec("darth-sick-sicker-age-dependent.json");
const result = run(spec);
const s = byId(result);

describe("DARTH Sick-Sicker, age-dependent with transition rewards (Alarid-Escudero et al., MDM 2023)", () => {
  it("reproduces the printed first-cycle transition probabilities from H (a_P_SoC[, , 1]) to the printed digits", () => {
    // Everyone starts in H, so trace row 1 is row H of the first-cycle transition matrix.
    const row1 = traceRow(result, s.SoC, 1);
    expect(row1.H).toBeCloseTo(0.8598357, 7);
    expect(row1.S1).toBeCloseTo(0.1391509, 7);
    expect(row1.S2).toBe(0);
    expect(row1.D).toBeCloseTo(0.001013486, 9);
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
    const published: Record<string, [number, number]> = {
      SoC: [116374, 18.879],
      A: [218789, 19.636],
      B: [202536, 20.199],
      AB: [296300, 21.097],
    };
    for (const [id, [cost, qalys]] of Object.entries(published)) {
      expect(s[id].cost.discounted).toBeCloseTo(cost, 0);
      expect(s[id].qalys.discounted).toBeCloseTo(qalys, 3);
    }
  });

  it("reproduces the incremental analysis: frontier SoC -> B -> AB, A dominated, ICERs to the USD", () => {
    const rows = incrementalAnalysis(
      result.strategies.map((x) => ({ id: x.id, cost: x.cost.discounted, effect: x.qalys.discounted })),
      { wtp: 100000 },
    );
    const r = Object.fromEntries(rows.map((x) => [x.id, x]));
    expect(r.SoC.status).toBe("reference");
    expect(r.B.status).toBe("frontier");
    expect(r.B.against).toBe("SoC");
    expect(r.B.incrementalCost!).toBeCloseTo(86162, 0);
    expect(r.B.incrementalEffect!).toBeCloseTo(1.32, 3);
    expect(r.B.icer!).toBeCloseTo(65288, 0);
    expect(r.AB.status).toBe("frontier");
    expect(r.AB.against).toBe("B");
    expect(r.AB.incrementalCost!).toBeCloseTo(93764, 0);
    expect(r.AB.incrementalEffect!).toBeCloseTo(0.898, 3);
    expect(r.AB.icer!).toBeCloseTo(104461, 0);
    expect(r.A.status).toBe("dominated");
  });
});
