/**
 * ICER's cost-offset scenarios (Chapman et al., Value Health 2021;24:839) against hand calculations
 * on a two-year, half-yearly toy result (issue [7] (12), point 5).
 */
import { describe, expect, it } from "vitest";
import { offsetAdjustment, offsetScenarios, PRESETS, type OffsetScenario } from "../../src/cart/index.js";
import type { ModelResult, StrategyResult } from "../../src/model/index.js";

/** A strategy whose only lifelong-care cost is c_soc_drug, with per-cycle undiscounted series (index 0 = time 0). */
function strategy(care: number[], lifeYears: number[]): StrategyResult {
  const zero = new Float64Array(care.length);
  const series = (x: number[]) => ({ undiscounted: Float64Array.from(x), discounted: zero });
  return {
    perCycle: {
      values: {
        c_soc_drug: series(care),
        c_soc_other: series(care.map(() => 0)),
        c_disease_active: series(care.map(() => 0)),
        c_disease_damage: series(care.map(() => 0)),
      },
      lifeYears: series(lifeYears),
    },
  } as unknown as StrategyResult;
}
const result = { cycleYears: 0.5, nCycles: 4, discount: { costs: 0.03, outcomes: 0.03 } } as unknown as ModelResult;
// SoC: 200,000 of care in year 1 over 1.0 life year, 80,000 in year 2 over 0.8 life years.
const soc = strategy([0, 100000, 100000, 40000, 40000], [0, 0.5, 0.5, 0.4, 0.4]);
// CAR T arm: 20,000 in year 1 and 10,000 in year 2 -> offsets O1 = 180,000 and O2 = 70,000.
const cart = strategy([0, 10000, 10000, 5000, 5000], [0, 0.5, 0.5, 0.4, 0.4]);
// Mid-year discount factors at 3%: D1 = 1.03^-0.5 = 0.9853292781642932, D2 = 1.03^-1.5 = 0.9566303671497992.
const D1 = 0.9853292781642932;
const D2 = 0.9566303671497992;
const scenario = (over: Partial<OffsetScenario>): OffsetScenario => ({
  id: "x",
  label: "x",
  annualCap: null,
  share: 1,
  years: null,
  ...over,
});

describe("offsetAdjustment(strategy, soc, scenario, result)", () => {
  it("cap: the comparator arm's annual care cost is capped at 150,000 per patient alive", () => {
    // Year 1: SoC 200,000 over 1.0 LY -> capped at 150,000 x 1.0; credited 150,000 - 20,000 = 130,000; 50,000 not credited.
    // Year 2: SoC 80,000 over 0.8 LY is below 150,000 x 0.8 = 120,000 -> all 70,000 credited.
    // Adjustment = 50,000 x D1 = 49,266.46
    expect(offsetAdjustment(cart, soc, scenario({ annualCap: 150000 }), result)).toBeCloseTo(50000 * D1, 6);
    expect(50000 * D1).toBeCloseTo(49266.46, 2);
  });
  it("the cap binds per patient alive: fewer survivors in year 2 lower the cap's total", () => {
    // Year 2 with only 0.25 LY alive in SoC: cap total 37,500 < 80,000 -> credited 37,500 - 10,000 = 27,500; 42,500 not credited.
    const fewer = strategy([0, 100000, 100000, 40000, 40000], [0, 0.5, 0.5, 0.125, 0.125]);
    expect(offsetAdjustment(cart, fewer, scenario({ annualCap: 150000 }), result)).toBeCloseTo(
      50000 * D1 + 42500 * D2,
      6,
    );
  });
  it("shared savings: half of each positive offset is credited; extra costs count in full", () => {
    // 0.5 x (180,000 D1 + 70,000 D2) = 88,679.64 + 33,482.06 = 122,161.70
    expect(offsetAdjustment(cart, soc, scenario({ share: 0.5 }), result)).toBeCloseTo(
      0.5 * (180000 * D1 + 70000 * D2),
      6,
    );
    // Year 2 costs more with CAR T (100,000 vs 80,000): O2 = -20,000 is credited in full; only year 1 is halved.
    const costly = strategy([0, 10000, 10000, 50000, 50000], [0, 0.5, 0.5, 0.4, 0.4]);
    expect(offsetAdjustment(costly, soc, scenario({ share: 0.5 }), result)).toBeCloseTo(90000 * D1, 6);
  });
  it("n years of the average annual offset: the horizon's mean offset credited for n years only", () => {
    // Mean offset (180,000 + 70,000) / 2 = 125,000; n = 1: credited 125,000 D1.
    // Adjustment = 180,000 D1 + 70,000 D2 - 125,000 D1 = 55,000 D1 + 70,000 D2
    expect(offsetAdjustment(cart, soc, scenario({ years: 1 }), result)).toBeCloseTo(55000 * D1 + 70000 * D2, 6);
    // n at least the horizon: 125,000 (D1 + D2) credited; adjustment = 55,000 D1 - 55,000 D2
    expect(offsetAdjustment(cart, soc, scenario({ years: 12 }), result)).toBeCloseTo(55000 * D1 - 55000 * D2, 6);
  });
  it("standard analysis: nothing is adjusted", () => {
    expect(offsetAdjustment(cart, soc, scenario({}), result)).toBe(0);
  });
  it("the scenarios are labelled as ICER describes them", () => {
    const sc = offsetScenarios(PRESETS.us);
    expect(sc.map((s) => s.id)).toEqual(["standard", "cap", "shared", "years"]);
    expect(sc[1].label).toContain("Comparator arm's annual care cost capped at 150,000 USD per patient");
    expect(sc[3].label).toContain("12 years of the average annual offset (a summary measure, not an ICER scenario)");
  });
});
