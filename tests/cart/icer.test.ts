/**
 * Where an increment sits on the cost-effectiveness plane (src/cart/icer.ts), with hand-made
 * cost/QALY pairs; and the results tables that use it (review s29: negative "ICERs" in the Overview's
 * table and every results CSV, and the explorer's comparator row without increments or cost parity).
 */
import { describe, expect, it } from "vitest";
import { icerColumns, icerLabel, icerOf, icerStatus } from "../../src/cart/icer.js";
import { cartSummaryTable } from "../../src/cart/tables.js";
import type { CartAnalysis } from "../../src/cart/analysis.js";
import { runCart, PRESETS } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";

type Cols = Record<string, unknown[]>;
const num = (x: number) => String(Math.round(x));

describe("icerStatus(dC, dQ) and icerColumns(dC, dQ)", () => {
  it("more costly and more QALYs: an ICER, 30,000 / 1.5 = 20,000 per QALY", () => {
    expect(icerStatus(30_000, 1.5)).toBe("ICER");
    expect(icerColumns(30_000, 1.5)).toEqual({ icer: 20_000, icer_status: "ICER" });
    expect(icerLabel(30_000, 1.5, num)).toBe("20000");
  });

  it("cheaper and more QALYs: dominant, no ratio (-180,000 / 1 would read as -180,000)", () => {
    expect(icerColumns(-180_000, 1)).toEqual({ icer: null, icer_status: "dominant" });
    expect(icerLabel(-180_000, 1, num)).toBe("dominant");
  });

  it("more costly and fewer QALYs: dominated, no ratio (50,000 / -0.5 would read as -100,000)", () => {
    expect(icerColumns(50_000, -0.5)).toEqual({ icer: null, icer_status: "dominated" });
    expect(icerLabel(50_000, -0.5, num)).toBe("dominated");
  });

  it("cheaper and fewer QALYs: no ICER; the label gives the saving per QALY lost, -40,000 / -2 = 20,000", () => {
    expect(icerColumns(-40_000, -2)).toEqual({ icer: null, icer_status: "cheaper, fewer QALYs" });
    expect(icerLabel(-40_000, -2, num)).toBe("saves 20000 per QALY lost");
  });

  it("equal QALYs: cheaper is dominant, dearer or the same cost is dominated (no division by 0)", () => {
    expect(icerColumns(-1, 0)).toEqual({ icer: null, icer_status: "dominant" });
    expect(icerColumns(1, 0)).toEqual({ icer: null, icer_status: "dominated" });
    expect(icerColumns(0, 0)).toEqual({ icer: null, icer_status: "dominated" });
  });

  it("the same cost and more QALYs is dominant; the same cost and fewer QALYs dominated", () => {
    expect(icerStatus(0, 0.2)).toBe("dominant");
    expect(icerStatus(0, -0.2)).toBe("dominated");
  });

  it("no increment (SoC's own row): both columns null", () => {
    expect(icerColumns(null, null)).toEqual({ icer: null, icer_status: null });
    expect(icerColumns(undefined, 1)).toEqual({ icer: null, icer_status: null });
  });

  it("icerOf keeps its answers: the ratio in the ICER and south-west quadrants, words otherwise", () => {
    expect(icerOf(30_000, 1.5)).toBe(20_000);
    expect(icerOf(-40_000, -2)).toBe(20_000);
    expect(icerOf(-1, 1)).toBe("dominant");
    expect(icerOf(1, -1)).toBe("dominated");
  });
});

/** Per-cycle discounted costs as src/model/run/results.ts records them (cumulativeCost reads them). */
const perCycle = (cost: number[]) => ({
  values: { c_total: { discounted: cost }, qalys: { discounted: cost.map(() => 1) } },
});

/**
 * SoC costs 10 a year; aHSCT 40 in year 0 and nothing after. Cumulative: SoC 10, 20, 30, 40, 50;
 * aHSCT 40 throughout, so SoC's is at or above aHSCT's from t = 3 on (40 >= 40): parity at 3 years.
 * aHSCT against SoC: cost 40 - 50 = -10, QALYs 5.5 - 5 = +0.5: dominant; NMB at 100 = 100 × 0.5 + 10 = 60.
 */
function analysisWithComparator(): CartAnalysis {
  const x = {
    disease: "sle",
    preset: { id: "us", currency: "USD", priceYear: 2025 },
    population: "intention to treat",
    wtp: 100,
    model: { provenance: [] },
    structuralScenario: { label: "Weibull relapse hazard" },
    result: {
      cycleYears: 1,
      discount: { costs: 0.03, outcomes: 0.03 },
      strategies: [
        { id: "soc", perCycle: perCycle([10, 10, 10, 10, 10]) },
        { id: "ahsct", perCycle: perCycle([40, 0, 0, 0, 0]) },
      ],
    },
    strategies: [
      { id: "soc", label: "Standard of care", cost: 50, qalys: 5, lifeYears: 5 },
      { id: "ahsct", label: "Autologous HSCT", cost: 40, qalys: 5.5, lifeYears: 5 },
    ],
    versusSoc: [],
    scenarios: [{ id: "standard" }],
    comparators: [
      {
        strategy: "ahsct",
        label: "Autologous HSCT",
        kind: "one-time",
        incrementalCost: -10,
        incrementalQalys: 0.5,
        icer: -20,
        nmb: 60,
        costEffective: true,
      },
    ],
  };
  return x as unknown as CartAnalysis;
}

describe("cartSummaryTable(analyses): non-CAR T comparators and the ICER columns", () => {
  it("a comparator's row carries its increments, NMB and cost-parity year against SoC; no CAR T prices", () => {
    const t = cartSummaryTable([analysisWithComparator()]) as Cols;
    expect(t.strategy).toEqual(["soc", "ahsct"]);
    expect(t.incremental_cost).toEqual([null, -10]);
    expect(t.incremental_qalys).toEqual([null, 0.5]);
    expect(t.incremental_nmb).toEqual([null, 60]);
    expect(t.cost_parity_year).toEqual([null, 3]);
    expect(t.icer).toEqual([null, null]);
    expect(t.icer_status).toEqual([null, "dominant"]);
    expect(t.current_price).toEqual([null, null]);
    expect(t.cost_neutral_price_standard).toEqual([null, null]);
    expect(t.cost_per_evlyg).toEqual([null, null]);
  });

  it("sle (US) defaults: no negative icer; a number only where both increments are positive, icer_status on every non-SoC row", () => {
    const a = runCart(loadEvidence(), "sle", PRESETS.us, loadPresetLifeTables().us);
    const t = cartSummaryTable([a]) as Cols;
    expect(t.strategy).toContain("ahsct");
    for (let i = 0; i < t.strategy.length; i++) {
      const dC = t.incremental_cost[i] as number | null;
      const dQ = t.incremental_qalys[i] as number | null;
      if (t.strategy[i] === "soc") {
        expect(dC).toBeNull();
        expect(t.icer_status[i]).toBeNull();
        continue;
      }
      expect(typeof dC).toBe("number");
      expect(typeof dQ).toBe("number");
      const quadrant =
        dQ! > 0 && dC! > 0
          ? "ICER"
          : dQ! >= 0 && dC! <= 0
            ? "dominant"
            : dC! < 0
              ? "cheaper, fewer QALYs"
              : "dominated";
      expect(t.icer_status[i]).toBe(quadrant);
      if (quadrant === "ICER") expect(t.icer[i]).toBeCloseTo(dC! / dQ!, 6);
      else expect(t.icer[i]).toBeNull();
      expect(t.icer[i] === null || (t.icer[i] as number) > 0).toBe(true);
    }
  });
});
