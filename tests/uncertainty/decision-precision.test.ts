/**
 * How firm a PSA's choice is (review s37: a 40-draw run named an optimal strategy with no word on
 * Monte Carlo error, and the Uncertainty page never showed that its choice differs from the
 * deterministic one for SLE). Expected values are hand calculations shown in the comments.
 */
import { describe, expect, it } from "vitest";
import { decisionLead, decisionLeadWarning, pairedDifference } from "../../src/uncertainty/precision.js";
import { baseVersusMean, decisionSummary } from "../../src/uncertainty/stats.js";

const f = (...x: number[]) => Float64Array.from(x);
const name = (s: number) => ["SoC", "CAR T", "other"][s];
const money = (x: number) => `${x.toFixed(2)} USD`;
const rerun = (n: number) => `Run again with --n ${n} or more`;

describe("decisionLead(nb): the optimal strategy's lead over the next best and its standard error", () => {
  it("four draws by hand", () => {
    // A = 0 in every draw; B = 1, 3, -1, 5: mean 2, so B leads A by 2. Paired differences 1, 3, -1, 5:
    // deviations from 2 are -1, 1, -3, 3, sum of squares 20, variance 20/3, SE sqrt(20/3/4) = sqrt(5/3).
    const d = decisionLead([f(0, 0, 0, 0), f(1, 3, -1, 5)])!;
    expect(d.optimal).toBe(1);
    expect(d.runnerUp).toBe(0);
    expect(d.lead).toBe(2);
    expect(d.se).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(d.draws).toBe(4);
  });

  it("paired: a common shift of every strategy in a draw adds no error", () => {
    // B - A = 1 in every draw whatever the draw's level: lead 1, SE 0.
    const d = decisionLead([f(10, -50, 300), f(11, -49, 301)])!;
    expect(d.lead).toBe(1);
    expect(d.se).toBe(0);
  });

  it("three strategies: the closest rival in standard errors, not always the second highest mean", () => {
    // A = 10 always (mean 10). B = 8, 10, 8, 10 (mean 9): A - B = 2, 0, 2, 0, lead 1, SE sqrt((4/3)/4) =
    // 0.577, 1.73 SE. C = -20, 40, -20, 32 (mean 8): A - C = 30, -30, 30, -22, lead 2, deviations 28,
    // -32, 28, -24, SS 3168, SE sqrt(3168/3/4) = 16.25, 0.12 SE: C is the closer rival.
    const d = decisionLead([f(10, 10, 10, 10), f(8, 10, 8, 10), f(-20, 40, -20, 32)])!;
    expect(d).toMatchObject({ optimal: 0, runnerUp: 2, lead: 2 });
    expect(d.se).toBeCloseTo(Math.sqrt(264), 12);
    // With no spread the SEs are 0: the higher mean is the rival. Means 1, 3, 2: optimal 1, rival 2.
    expect(decisionLead([f(1, 1), f(3, 3), f(2, 2)])).toMatchObject({ optimal: 1, runnerUp: 2, lead: 1 });
    // Means 2, 2: the first is optimal, as decisionSummary's argmax.
    const tie = [f(1, 3), f(3, 1)];
    expect(decisionLead(tie)).toMatchObject({ optimal: 0, runnerUp: 1, lead: 0 });
    expect(decisionSummary(tie).optimal).toBe(0);
  });

  it("null with one strategy or one draw (no standard error)", () => {
    expect(decisionLead([f(1, 2, 3)])).toBeNull();
    expect(decisionLead([f(1), f(2)])).toBeNull();
  });
});

describe("decisionLeadWarning", () => {
  it("warns when the lead is under 2 SE, and suggests the draws for 3 SE at this lead", () => {
    // Lead 2, SE sqrt(5/3) = 1.291: 2 < 2.582. Draws for 3 SE: 4 x (3 x 1.291 / 2)^2 = 4 x 3.75 = 15,
    // rounded up to a thousand: 1,000.
    const d = decisionLead([f(0, 0, 0, 0), f(1, 3, -1, 5)])!;
    const w = decisionLeadWarning(d, name, money, rerun)!;
    expect(w).toBe(
      "warning: the choice of CAR T over SoC from 4 draws could be Monte Carlo error: its lead in mean net benefit, 2.00 USD per patient, is less than twice its standard error (1.29 USD), so another seed may choose SoC. Run again with --n 1000 or more (the standard error shrinks as 1/√draws).",
    );
  });

  it("no warning at 2 SE or more, or with no spread", () => {
    // Lead 2 with differences 1, 3 (SE sqrt(2/1/2) = 1): 2 >= 2 x 1.
    expect(decisionLeadWarning(decisionLead([f(0, 0), f(1, 3)])!, name, money, rerun)).toBeNull();
    expect(decisionLeadWarning(decisionLead([f(0, 0), f(1, 1)])!, name, money, rerun)).toBeNull();
  });

  it("a lead of 0 asks for the most draws and says more would be needed", () => {
    const w = decisionLeadWarning(decisionLead([f(1, 3), f(3, 1)])!, name, money, rerun)!;
    expect(w).toContain("Run again with --n 100000 or more");
    expect(w).toContain("at this lead more than 100,000 draws would be needed");
  });

  it("at the most draws a run takes, no advice to run again", () => {
    const w = decisionLeadWarning({ optimal: 1, runnerUp: 0, lead: 1, se: 1, draws: 100_000 }, name, money, rerun)!;
    expect(w).not.toContain("Run again");
    expect(w).toContain("100,000 draws, the most a run takes, cannot settle it");
  });

  it("pairedDifference: i minus j and the paired SE; NaN SE for one draw", () => {
    // 1, 3, -1, 5 minus 0: as above, 2 and sqrt(5/3).
    const d = pairedDifference([f(1, 3, -1, 5), f(0, 0, 0, 0)], 0, 1);
    expect(d.lead).toBe(2);
    expect(d.se).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(pairedDifference([f(4), f(1)], 0, 1)).toEqual({ lead: 3, se: NaN });
  });
});

describe("baseVersusMean: the deterministic result beside the PSA's means", () => {
  it("net benefit at the base values and the mean over draws, each with the strategy it chooses", () => {
    // Base: SoC cost 100, 1 QALY; CAR T cost 300, 2 QALYs; at 150 per QALY NB = 50 and 0: SoC.
    // Draws' NB: SoC 40, 60 (mean 50, SE sqrt(200/1/2) = 10); CAR T 0, 200 (mean 100, SE 100): CAR T.
    const b = baseVersusMean(
      { strategies: ["soc", "cart"] },
      { costs: [100, 300], effects: [1, 2] },
      [f(40, 60), f(0, 200)],
      150,
    );
    expect(b.rows).toEqual([
      { strategy: "soc", baseNb: 50, meanNb: 50, meanNbSe: 10 },
      { strategy: "cart", baseNb: 0, meanNb: 100, meanNbSe: 100 },
    ]);
    expect(b.baseOptimal).toBe(0);
    expect(b.meanOptimal).toBe(1);
  });
});
