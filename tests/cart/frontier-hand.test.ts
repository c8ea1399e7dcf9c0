/**
 * The incremental view's table (src/cart/frontier.ts) on a small hand-made analysis holding only the
 * fields it reads: every expected cell is typed here or computed in a comment (evLYs by ICER's 2023
 * method, equal-value utility 0.851 per life year beyond the comparator's survival), not a model run.
 * tests/cart/frontier.test.ts checks the same functions on the shipped model against the definitions.
 */
import { describe, expect, it } from "vitest";
import { frontierMeasures, frontierRows, frontierTable } from "../../src/cart/frontier.js";
import type { CartAnalysis } from "../../src/cart/analysis.js";
import type { IncrementalRow } from "../../src/model/summarize/incremental.js";

/** A strategy's result as evlyGained reads it: discounted totals and per-cycle life years and QALYs. */
function strategy(id: string, cost: number, qalys: number, ly: number[], qaly: number[]) {
  return {
    id,
    cost: { discounted: cost },
    qalys: { discounted: qalys },
    perCycle: {
      lifeYears: { discounted: Float64Array.from(ly) },
      // A cost series beside the QALYs: it must not count as QALYs.
      values: { qaly: { discounted: Float64Array.from(qaly) }, c_drug: { discounted: Float64Array.from([9e5, 9e5]) } },
    },
  };
}

// The engine's QALY rows, typed as incrementalAnalysis would give them (soc 100,000 / 10; autologous 250,000 / 10.5).
const QALY_ROWS: IncrementalRow[] = [
  {
    id: "soc",
    cost: 100_000,
    effect: 10,
    status: "reference",
    against: null,
    extendedBy: null,
    incrementalCost: null,
    incrementalEffect: null,
    icer: null,
    nmb: 900_000,
    incrementalNmb: 0,
  },
  {
    id: "autologous",
    cost: 250_000,
    effect: 10.5,
    status: "frontier",
    against: "soc",
    extendedBy: null,
    incrementalCost: 150_000,
    incrementalEffect: 0.5,
    icer: 300_000,
    nmb: 800_000,
    incrementalNmb: -100_000,
  },
];

/**
 * SoC listed after the platform (so "against SoC" cannot come from the order). Two cycles:
 * SoC lives 1 and 1 life years with 0.5 and 0.4 QALYs; autologous 1 and 1.5 with 0.7 and 0.9.
 */
function analysis(evLYG: boolean, population: string): CartAnalysis {
  return {
    disease: "mg",
    population,
    wtp: 100_000,
    preset: { currency: "USD", priceYear: 2025, evLYG },
    strategies: [
      { id: "autologous", label: "Bespoke autologous CAR T" },
      { id: "soc", label: "Lifelong standard of care" },
    ],
    incremental: QALY_ROWS,
    result: {
      cycleYears: 1,
      discount: { costs: 0.03, outcomes: 0.015 },
      strategies: [
        strategy("autologous", 250_000, 10.5, [1, 1.5], [0.7, 0.9]),
        strategy("soc", 100_000, 10, [1, 1], [0.5, 0.4]),
      ],
    },
    model: { provenance: [{ parameter: "c_price", value: 300_000, overridden: true }] },
    structuralScenario: { label: "Base case durability" },
  } as unknown as CartAnalysis;
}

// evLYs of autologous: cycle 1, survival not above SoC's: its QALYs 0.7. Cycle 2, 1.5 > 1 life years:
// 0.9 x 1 / 1.5 + (1.5 - 1) x 0.851 = 0.6 + 0.4255 = 1.0255. Total 1.7255, minus SoC's 0.5 + 0.4 = 0.9:
// 0.8255 evLYs gained. Effect = SoC's 10 + 0.8255 = 10.8255; ICER 150,000 / 0.8255 = 181,708.0557...;
// incremental NMB 100,000 x 0.8255 - 150,000 = -67,450.
const EVLY_GAINED = 0.8255;

describe("frontierRows(analysis, measure)", () => {
  it("QALYs: the analysis' own incremental rows", () => {
    expect(frontierRows(analysis(true, "intention to treat"), "qalys")).toBe(QALY_ROWS);
  });

  it("evLYs: SoC's QALYs plus each strategy's evLYs gained, SoC the reference and the comparator of incremental NMB", () => {
    const rows = frontierRows(analysis(true, "intention to treat"), "evlys");
    expect(rows.map((r) => [r.id, r.status, r.against])).toEqual([
      ["soc", "reference", null],
      ["autologous", "frontier", "soc"],
    ]);
    expect(rows[0].effect).toBeCloseTo(10, 12);
    expect(rows[1].effect).toBeCloseTo(10 + EVLY_GAINED, 12);
    expect(rows[1].cost).toBe(250_000);
    expect(rows[1].incrementalEffect).toBeCloseTo(EVLY_GAINED, 12);
    expect(rows[1].icer).toBeCloseTo(181_708.0557238, 6);
    expect(rows[0].incrementalNmb).toBeCloseTo(0, 9);
    expect(rows[1].incrementalNmb).toBeCloseTo(-67_450, 6);
  });
});

describe("frontierMeasures(analysis)", () => {
  it("is QALYs and evLYs where the preset reports cost per evLYG, QALYs alone otherwise", () => {
    expect(frontierMeasures(analysis(true, "intention to treat"))).toEqual(["qalys", "evlys"]);
    expect(frontierMeasures(analysis(false, "intention to treat"))).toEqual(["qalys"]);
  });
});

describe("frontierTable(analyses)", () => {
  const table = () =>
    frontierTable([analysis(true, "intention to treat"), analysis(false, "infused patients")]) as Record<
      string,
      unknown[]
    >;

  it("has one row per population x measure x strategy, in that order, with the analysis' labels", () => {
    const t = table();
    expect(t.population).toEqual([
      "intention to treat",
      "intention to treat",
      "intention to treat",
      "intention to treat",
      "infused patients",
      "infused patients",
    ]);
    expect(t.measure).toEqual(["QALY", "QALY", "evLY", "evLY", "QALY", "QALY"]);
    expect(t.strategy).toEqual(["soc", "autologous", "soc", "autologous", "soc", "autologous"]);
    expect(t.label).toEqual([
      "Lifelong standard of care",
      "Bespoke autologous CAR T",
      "Lifelong standard of care",
      "Bespoke autologous CAR T",
      "Lifelong standard of care",
      "Bespoke autologous CAR T",
    ]);
    expect(t.disease).toEqual(Array(6).fill("mg"));
  });

  it("copies each row's results, the threshold, currency, price year and scenario columns", () => {
    const t = table();
    expect(Object.keys(t)).toEqual([
      "disease",
      "population",
      "measure",
      "strategy",
      "label",
      "cost",
      "effect",
      "status",
      "against",
      "incremental_cost",
      "incremental_effect",
      "icer",
      "wtp",
      "incremental_nmb",
      "currency",
      "price_year",
      "discount_costs",
      "discount_outcomes",
      "durability",
      "overrides",
    ]);
    // The QALY block is the typed rows above.
    expect(t.cost.slice(0, 2)).toEqual([100_000, 250_000]);
    expect(t.effect.slice(0, 2)).toEqual([10, 10.5]);
    expect(t.status.slice(0, 2)).toEqual(["reference", "frontier"]);
    expect(t.against.slice(0, 2)).toEqual([null, "soc"]);
    expect(t.incremental_cost.slice(0, 2)).toEqual([null, 150_000]);
    expect(t.incremental_effect.slice(0, 2)).toEqual([null, 0.5]);
    expect(t.icer.slice(0, 2)).toEqual([null, 300_000]);
    expect(t.incremental_nmb.slice(0, 2)).toEqual([0, -100_000]);
    // The evLY block, from the calculation above.
    expect(t.effect[3] as number).toBeCloseTo(10 + EVLY_GAINED, 12);
    expect(t.icer[3] as number).toBeCloseTo(181_708.0557238, 6);
    expect(t.wtp).toEqual(Array(6).fill(100_000));
    expect(t.currency).toEqual(Array(6).fill("USD"));
    expect(t.price_year).toEqual(Array(6).fill(2025));
    expect(t.discount_costs).toEqual(Array(6).fill(0.03));
    expect(t.discount_outcomes).toEqual(Array(6).fill(0.015));
    expect(t.durability).toEqual(Array(6).fill("Base case durability"));
    expect(t.overrides).toEqual(Array(6).fill("c_price=300000"));
  });

  it("labels a strategy the analysis does not name by its id", () => {
    const a = analysis(false, "intention to treat");
    const t = frontierTable([
      { ...a, strategies: [{ id: "soc", label: "Lifelong standard of care" }] } as CartAnalysis,
    ]);
    expect(t.label).toEqual(["Lifelong standard of care", "autologous"]);
  });
});
