/**
 * The CAR T result tables (src/cart/tables.ts) reshape an analysis into columns. These tests give them
 * a small hand-made analysis holding only the fields the tables read, so every expected cell below is
 * a number or text typed here (or the product of two of them, computed in a comment), not a model run.
 */
import { describe, expect, it } from "vitest";
import {
  cartAssumptionTable,
  cartComponentTable,
  cartParameterTable,
  cartStateCostTable,
  cartSummaryTable,
  cartThresholdTable,
  scenarioColumns,
} from "../../src/cart/tables.js";
import type { CartAnalysis } from "../../src/cart/analysis.js";
import { runCart, PRESETS } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";

type Cols = Record<string, unknown[]>;

/** A provenance row as src/cart/model.ts records it; `row` fields default to a non-cost parameter. */
function provenance(p: {
  parameter: string;
  value: number;
  overridden?: boolean;
  factor?: number;
  transfer?: "ppp" | null;
  unverified?: string[];
  row?: Record<string, unknown>;
}) {
  return {
    id: p.parameter.split("__")[0],
    strategy: "all",
    overridden: false,
    factor: 1,
    transfer: null,
    unverified: [],
    ...p,
    row: {
      value: p.value,
      currency: null,
      priceYear: null,
      priceKind: null,
      low: null,
      high: null,
      distribution: "beta",
      unit: "probability",
      status: "published",
      sourceId: "SRC_A",
      file: "data/cart/parameters.csv",
      row: 7,
      ...p.row,
    },
  };
}

const thresholds = [
  {
    scenario: "standard",
    scenarioLabel: "Standard analysis",
    incrementalCost: 150_000,
    costNeutralPrice: 250_000,
    costEffectivePrice: 420_000,
    wtp: 100_000,
    currentPrice: 400_000,
  },
  {
    scenario: "cap",
    scenarioLabel: "Offsets capped",
    incrementalCost: 180_000,
    costNeutralPrice: 220_000,
    costEffectivePrice: 390_000,
    wtp: 100_000,
    currentPrice: 400_000,
  },
];

/** Two strategies (SoC, autologous), three offset scenarios of which only two have threshold prices. */
function analysis(over: { overrides?: boolean } = {}): CartAnalysis {
  const byState = (scale: number) => [
    {
      state: "Remission",
      label: "Drug-free remission",
      lifeYears: { discounted: 4 * scale, undiscounted: 5 * scale },
      values: {
        c_soc_drug: { discounted: 100 * scale, undiscounted: 120 * scale },
        c_cart_product: { discounted: 1000 * scale, undiscounted: 1000 * scale },
        qaly: { discounted: 3 * scale, undiscounted: 3.5 * scale },
        qaly_infusion: { discounted: -0.1 * scale, undiscounted: -0.1 * scale },
      },
    },
    {
      state: "Dead",
      label: "Dead",
      lifeYears: { discounted: 0, undiscounted: 0 },
      values: {
        c_soc_drug: { discounted: 0, undiscounted: 0 },
        c_cart_product: { discounted: 0, undiscounted: 0 },
        qaly: { discounted: 0, undiscounted: 0 },
        qaly_infusion: { discounted: 0, undiscounted: 0 },
      },
    },
  ];
  const a = {
    disease: "sle",
    preset: { id: "us", currency: "USD", priceYear: 2024 },
    population: "intention to treat",
    wtp: 100_000,
    structuralScenario: { label: "Weibull relapse hazard" },
    model: {
      provenance: [
        provenance({
          parameter: "c_soc_drug",
          value: 22_000,
          factor: 1.1,
          transfer: "ppp",
          unverified: ["CPI 2019", "EUR/USD 2020"],
          row: {
            value: 20_000,
            currency: "EUR",
            priceYear: 2020,
            priceKind: "resource",
            low: 10_000,
            high: 30_000,
            distribution: "gamma",
            unit: "EUR per year",
            sourceId: "SRC_B",
            row: 12,
          },
        }),
        provenance({ parameter: "p_response__allogeneic", value: 0.9, overridden: over.overrides ?? false }),
        provenance({ parameter: "r_flare", value: 0.25, overridden: over.overrides ?? false }),
      ],
    },
    result: {
      discount: { costs: 0.03, outcomes: 0.015 },
      values: [
        { id: "c_soc_drug", kind: "cost", label: "Drugs" },
        { id: "c_cart_product", kind: "cost", label: "CAR T product" },
        { id: "qaly", kind: "utility", label: "QALYs" },
        { id: "qaly_infusion", kind: "utility", label: "Infusion loss" },
      ],
      strategies: [
        {
          id: "soc",
          values: {
            c_soc_drug: { discounted: 500, undiscounted: 600 },
            c_cart_product: { discounted: 0, undiscounted: 0 },
          },
          byState: byState(1),
        },
        {
          id: "autologous",
          values: {
            c_soc_drug: { discounted: 50, undiscounted: 60 },
            c_cart_product: { discounted: 400_000, undiscounted: 400_001 },
          },
          byState: byState(2),
        },
      ],
    },
    strategies: [
      {
        id: "soc",
        label: "Standard of care",
        cost: 500,
        costUndiscounted: 600,
        qalys: 10,
        qalysUndiscounted: 12,
        lifeYears: 15,
        lifeYearsUndiscounted: 18,
      },
      {
        id: "autologous",
        label: "Autologous CAR T",
        cost: 400_050,
        costUndiscounted: 400_061,
        qalys: 12,
        qalysUndiscounted: 14.5,
        lifeYears: 16,
        lifeYearsUndiscounted: 19.5,
      },
    ],
    versusSoc: [
      {
        strategy: "autologous",
        incrementalCost: 399_550,
        incrementalQalys: 2,
        incrementalLifeYears: 1,
        icer: 199_775,
        nmb: -199_550,
        incrementalEvly: 2.1,
        costPerEvlyg: 190_262,
        costParityYear: 31,
        thresholds,
      },
    ],
    scenarios: [{ id: "standard" }, { id: "cap" }, { id: "years" }],
    // No comparators besides SoC: every row keeps the model's labels (tests/cart/labels.test.ts covers one-time comparators).
    comparators: [],
  };
  return a as unknown as CartAnalysis;
}

/** The cells of column `c` for the rows of strategy `s`. */
const cells = (t: Cols, c: string, s: string) => t[c].filter((_, i) => t.strategy[i] === s);

describe("scenarioColumns(analysis)", () => {
  it("carries the discount rates, the durability label and 'none' without overrides", () => {
    expect(scenarioColumns(analysis())).toEqual({
      discount_costs: 0.03,
      discount_outcomes: 0.015,
      durability: "Weibull relapse hazard",
      overrides: "none",
    });
  });

  it("lists only the overridden parameters as id=value, sorted by id, joined by '; '", () => {
    // p_response__allogeneic < r_flare alphabetically; c_soc_drug is not overridden.
    expect(scenarioColumns(analysis({ overrides: true })).overrides).toBe("p_response__allogeneic=0.9; r_flare=0.25");
    const reversed = analysis({ overrides: true });
    reversed.model.provenance.reverse();
    expect(scenarioColumns(reversed).overrides).toBe("p_response__allogeneic=0.9; r_flare=0.25");
  });
});

describe("cartSummaryTable(analyses)", () => {
  it("has one row per strategy with its totals; SoC has no results against itself", () => {
    const t = cartSummaryTable([analysis()]) as Cols;
    expect(t.strategy).toEqual(["soc", "autologous"]);
    expect(t.label).toEqual(["Standard of care", "Autologous CAR T"]);
    expect(t.disease).toEqual(["sle", "sle"]);
    expect(t.preset).toEqual(["us", "us"]);
    expect(t.population).toEqual(["intention to treat", "intention to treat"]);
    expect(t.cost).toEqual([500, 400_050]);
    expect(t.qalys).toEqual([10, 12]);
    expect(t.life_years).toEqual([15, 16]);
    expect(t.cost_undiscounted).toEqual([600, 400_061]);
    expect(t.qalys_undiscounted).toEqual([12, 14.5]);
    expect(t.life_years_undiscounted).toEqual([18, 19.5]);
    expect(t.wtp).toEqual([100_000, 100_000]);
    expect(t.currency).toEqual(["USD", "USD"]);
    expect(t.price_year).toEqual([2024, 2024]);
    expect(t.durability).toEqual(["Weibull relapse hazard", "Weibull relapse hazard"]);
    expect(t.discount_costs).toEqual([0.03, 0.03]);
    expect(t.incremental_cost).toEqual([null, 399_550]);
    expect(t.incremental_qalys).toEqual([null, 2]);
    expect(t.icer).toEqual([null, 199_775]);
    // 399,550 more for 2 more QALYs: more costly and more effective, an ICER.
    expect(t.icer_status).toEqual([null, "ICER"]);
    expect(t.incremental_nmb).toEqual([null, -199_550]);
    expect(t.incremental_evly).toEqual([null, 2.1]);
    expect(t.cost_per_evlyg).toEqual([null, 190_262]);
    expect(t.cost_parity_year).toEqual([null, 31]);
    expect(t.current_price).toEqual([null, 400_000]);
  });

  it("has threshold-price columns per offset scenario, null where a scenario has no threshold", () => {
    const t = cartSummaryTable([analysis()]) as Cols;
    expect(t.cost_neutral_price_standard).toEqual([null, 250_000]);
    expect(t.cost_effective_price_standard).toEqual([null, 420_000]);
    expect(t.cost_neutral_price_cap).toEqual([null, 220_000]);
    expect(t.cost_effective_price_cap).toEqual([null, 390_000]);
    expect(t.cost_neutral_price_years).toEqual([null, null]);
    expect(t.cost_effective_price_years).toEqual([null, null]);
  });

  it("stacks the rows of several analyses in order", () => {
    const t = cartSummaryTable([analysis(), analysis()]) as Cols;
    expect(t.strategy).toEqual(["soc", "autologous", "soc", "autologous"]);
  });
});

describe("cartThresholdTable(analyses)", () => {
  it("has one row per strategy and offset scenario with a threshold price", () => {
    const t = cartThresholdTable([analysis()]) as Cols;
    expect(t.strategy).toEqual(["autologous", "autologous"]);
    expect(t.scenario).toEqual(["standard", "cap"]);
    expect(t.scenario_label).toEqual(["Standard analysis", "Offsets capped"]);
    expect(t.incremental_cost).toEqual([150_000, 180_000]);
    expect(t.current_price).toEqual([400_000, 400_000]);
    expect(t.cost_neutral_price).toEqual([250_000, 220_000]);
    expect(t.cost_effective_price).toEqual([420_000, 390_000]);
    expect(t.wtp).toEqual([100_000, 100_000]);
    expect(t.disease).toEqual(["sle", "sle"]);
    expect(t.population).toEqual(["intention to treat", "intention to treat"]);
    expect(t.currency).toEqual(["USD", "USD"]);
    expect(t.price_year).toEqual([2024, 2024]);
    expect(t.overrides).toEqual(["none", "none"]);
  });
});

describe("cartComponentTable(analysis)", () => {
  it("has one row per strategy and cost value (utilities left out), discounted and undiscounted", () => {
    const t = cartComponentTable(analysis()) as Cols;
    expect(t.strategy).toEqual(["soc", "soc", "autologous", "autologous"]);
    expect(t.component).toEqual(["c_soc_drug", "c_cart_product", "c_soc_drug", "c_cart_product"]);
    expect(t.label).toEqual(["Drugs", "CAR T product", "Drugs", "CAR T product"]);
    expect(t.discounted).toEqual([500, 0, 50, 400_000]);
    expect(t.undiscounted).toEqual([600, 0, 60, 400_001]);
    expect(t.population[0]).toBe("intention to treat");
    expect(t.currency[0]).toBe("USD");
    expect(t.price_year[0]).toBe(2024);
    expect(t.durability[0]).toBe("Weibull relapse hazard");
  });
});

describe("cartStateCostTable(analysis): state rows", () => {
  it("sums costs and QALYs over the values of each kind, per health state", () => {
    const t = cartStateCostTable(analysis()) as Cols;
    expect(t.state).toEqual(["Remission", "Dead", "Remission", "Dead"]);
    expect(t.label).toEqual(["Drug-free remission", "Dead", "Drug-free remission", "Dead"]);
    // SoC, Remission: costs 100 + 1000 = 1100 discounted, 120 + 1000 = 1120 undiscounted;
    // QALYs 3 + (-0.1) = 2.9 and 3.5 + (-0.1) = 3.4. Autologous: every figure times 2.
    expect(cells(t, "cost_discounted", "soc")).toEqual([1100, 0]);
    expect(cells(t, "cost_undiscounted", "soc")).toEqual([1120, 0]);
    expect(cells(t, "cost_discounted", "autologous")).toEqual([2200, 0]);
    expect(cells(t, "cost_undiscounted", "autologous")).toEqual([2240, 0]);
    expect(cells(t, "qalys_discounted", "soc")[0]).toBeCloseTo(2.9, 12);
    expect(cells(t, "qalys_undiscounted", "soc")[0]).toBeCloseTo(3.4, 12);
    expect(cells(t, "qalys_discounted", "autologous")[0]).toBeCloseTo(5.8, 12);
    expect(cells(t, "life_years_discounted", "soc")).toEqual([4, 0]);
    expect(cells(t, "life_years_undiscounted", "autologous")).toEqual([10, 0]);
    expect(t.population[0]).toBe("intention to treat");
    expect(t.currency[0]).toBe("USD");
    expect(t.price_year[0]).toBe(2024);
    expect(t.discount_outcomes[0]).toBe(0.015);
  });
});

describe("cartStateCostTable(analysis) names its disease", () => {
  // `cartecon cart --states` appends one table per disease: without the disease on each row, the
  // six diseases' rows (soc, Waiting, ... six times over) could not be told apart.
  it("gives every row the analysis's disease, first", () => {
    const t = cartStateCostTable(analysis()) as Cols;
    expect(Object.keys(t)[0]).toBe("disease");
    expect(t.disease).toEqual(["sle", "sle", "sle", "sle"]);
  });
});

describe("cartParameterTable(analysis) and cartAssumptionTable(analysis, sources)", () => {
  it("gives a cost its converted range and the preset's currency and price year as unit", () => {
    const t = cartParameterTable(analysis()) as Cols;
    expect(t.parameter).toEqual(["c_soc_drug", "p_response__allogeneic", "r_flare"]);
    expect(t.id).toEqual(["c_soc_drug", "p_response", "r_flare"]);
    expect(t.disease).toEqual(["sle", "sle", "sle"]);
    expect(t.strategy[0]).toBe("all");
    expect(t.value[0]).toBe(22_000);
    expect(t.source_value[0]).toBe(20_000);
    expect(t.source_currency[0]).toBe("EUR");
    expect(t.source_price_year[0]).toBe(2020);
    expect(t.price_kind[0]).toBe("resource");
    expect(t.transfer).toEqual(["ppp", null, null]);
    expect(t.unverified_index).toEqual(["CPI 2019; EUR/USD 2020", null, null]);
    expect(t.conversion_factor).toEqual([1.1, 1, 1]);
    // 10,000 x 1.1 and 30,000 x 1.1; no range on the others.
    expect(t.low[0]).toBeCloseTo(11_000, 9);
    expect(t.high[0]).toBeCloseTo(33_000, 9);
    expect(t.low.slice(1)).toEqual([null, null]);
    expect(t.high.slice(1)).toEqual([null, null]);
    expect(t.distribution).toEqual(["gamma", "beta", "beta"]);
    expect(t.unit).toEqual(["USD 2024", "probability", "probability"]);
    expect(t.status).toEqual(["published", "published", "published"]);
    expect(t.source_id).toEqual(["SRC_B", "SRC_A", "SRC_A"]);
    expect(t.file[0]).toBe("data/cart/parameters.csv");
    expect(t.row).toEqual([12, 7, 7]);
  });

  it("marks overridden parameters as user overrides", () => {
    expect((cartParameterTable(analysis({ overrides: true })) as Cols).status).toEqual([
      "published",
      "user override",
      "user override",
    ]);
    expect((cartAssumptionTable(analysis({ overrides: true }), new Map()) as Cols).status).toEqual([
      "published",
      "user override",
      "user override",
    ]);
  });

  it("the assumption sheet adds citation and address, null when the source is unknown or has no address", () => {
    const sources = new Map([
      ["SRC_A", { citation: "Author A (2020)", url: "" }],
      ["SRC_B", { citation: "Author B (2021)", url: "doi:10.1000/b" }],
    ]);
    const t = cartAssumptionTable(analysis(), sources) as Cols;
    expect(t.parameter).toEqual(["c_soc_drug", "p_response__allogeneic", "r_flare"]);
    expect(t.strategy[0]).toBe("all");
    expect(t.value).toEqual([22_000, 0.9, 0.25]);
    expect(t.unit).toEqual(["USD 2024", "probability", "probability"]);
    expect(t.currency).toEqual(["USD", null, null]);
    expect(t.price_year).toEqual([2024, null, null]);
    expect(t.low[0]).toBeCloseTo(11_000, 9);
    expect(t.high[0]).toBeCloseTo(33_000, 9);
    expect(t.low.slice(1)).toEqual([null, null]);
    expect(t.high.slice(1)).toEqual([null, null]);
    expect(t.distribution).toEqual(["gamma", "beta", "beta"]);
    expect(t.status).toEqual(["published", "published", "published"]);
    expect(t.source_id).toEqual(["SRC_B", "SRC_A", "SRC_A"]);
    expect(t.citation).toEqual(["Author B (2021)", "Author A (2020)", "Author A (2020)"]);
    expect(t.source_url).toEqual(["doi:10.1000/b", null, null]);
    expect(t.source_value).toEqual([20_000, 0.9, 0.25]);
    expect(t.source_currency).toEqual(["EUR", null, null]);
    expect(t.source_price_year).toEqual([2020, null, null]);
    expect(t.file[0]).toBe("data/cart/parameters.csv");
    expect(t.row).toEqual([12, 7, 7]);
    const none = cartAssumptionTable(analysis(), new Map()) as Cols;
    expect(none.citation).toEqual([null, null, null]);
    expect(none.source_url).toEqual([null, null, null]);
  });
});

describe("cartStateCostTable(analysis): the explorer's 'by health state' table, as shown and downloaded", () => {
  // Review s28: the page showed 69 rows for SLE (US) but its CSV held the 55 state rows only, so the
  // product price, paid on the move into the infusion month, was missing from the download.
  const evidence = loadEvidence();
  const lifeTables = loadPresetLifeTables();
  it("sle (US): each strategy's rows add up to the engine's total cost; transition rows carry no life years or QALYs (blank, not 0)", () => {
    const a = runCart(evidence, "sle", PRESETS.us, lifeTables.us);
    const t = cartStateCostTable(a) as Cols;
    const n = t.strategy.length;
    for (const k of Object.keys(t)) expect(t[k].length).toBe(n);
    for (const s of a.result.strategies) {
      const mine = t.strategy.flatMap((x, i) => (x === s.id ? [i] : []));
      // The engine's own totals (src/model/run/results.ts), not a sum the table code made.
      expect(mine.reduce((x, i) => x + (t.cost_discounted[i] as number), 0)).toBeCloseTo(s.cost.discounted, 6);
      expect(mine.reduce((x, i) => x + (t.cost_undiscounted[i] as number), 0)).toBeCloseTo(s.cost.undiscounted, 6);
      // Its state rows: one per state of the engine's result, in its order.
      expect(mine.filter((i) => t.kind[i] === "state").map((i) => t.state[i])).toEqual(
        s.byState.map((st: { state: string }) => st.state),
      );
    }
    // One state row per strategy and state of the engine's result.
    expect(t.kind.filter((k) => k === "state").length).toBe(
      a.result.strategies.reduce((x, s) => x + s.byState.length, 0),
    );
    const move = t.state.indexOf("Waiting → Infusion");
    expect(t.kind[move]).toBe("transition");
    expect(t.strategy[move]).toBe("autologous");
    expect(t.cost_discounted[move] as number).toBeGreaterThan(100_000); // the product and the hospital episode
    expect([t.life_years_discounted[move], t.qalys_discounted[move], t.qalys_undiscounted[move]]).toEqual([
      null,
      null,
      null,
    ]);
    expect(t.currency[move]).toBe("USD");
    expect(t.price_year[move]).toBe(PRESETS.us.priceYear);
  });
});
