/**
 * The Compare page's tables and link (src/cart/compare.ts) on small hand-made analyses that hold only
 * the fields compare.ts reads, so every expected cell below is a value typed here, not a model run
 * (tests/cart/compare.test.ts runs the real model once for the whole path).
 */
import { describe, expect, it } from "vitest";
import {
  assumptionDifferences,
  comparisonResults,
  decodeComparison,
  DEFAULT_SCENARIO,
  encodeComparison,
  encodeScenario,
  MAX_COMPARED,
  scenarioColumn,
  type NamedScenario,
  type Scenario,
} from "../../src/cart/index.js";
import type { CartAnalysis } from "../../src/cart/analysis.js";
import { toCsv } from "../../src/model/io/csv.js";

const diseases = ["sle", "mg"];
const named = (name: string, over: Partial<Scenario> = {}): NamedScenario => ({
  name,
  scenario: { ...DEFAULT_SCENARIO, overrides: {}, ...over },
});

/** One provenance row: a cost row carries a currency (its unit is then the preset's currency and year). */
const prov = (parameter: string, value: number, unit: string, currency: string | null = null) => ({
  parameter,
  value,
  row: { unit, currency },
});

function analysis(a: {
  wtp?: number;
  costs?: number;
  outcomes?: number;
  currency?: string;
  priceYear?: number;
  provenance?: ReturnType<typeof prov>[];
}): CartAnalysis {
  const x = {
    wtp: a.wtp ?? 100_000,
    result: { discount: { costs: a.costs ?? 0.03, outcomes: a.outcomes ?? 0.03 } },
    preset: { currency: a.currency ?? "USD", priceYear: a.priceYear ?? 2024 },
    model: { provenance: a.provenance ?? [] },
    strategies: [
      { id: "soc", label: "Lifelong SoC", cost: 500_000, qalys: 10 },
      { id: "autologous", label: "Autologous", cost: 700_000, qalys: 12 },
      { id: "ahsct", label: "aHSCT", cost: 300_000, qalys: 11 },
    ],
    versusSoc: [{ strategy: "autologous", incrementalCost: 200_000, incrementalQalys: 2, icer: 100_000, nmb: 0 }],
    comparators: [{ strategy: "ahsct", incrementalCost: -200_000, incrementalQalys: 1, icer: null, nmb: 300_000 }],
  };
  return x as unknown as CartAnalysis;
}

describe("decodeComparison(fragment, diseases)", () => {
  it("reads a link with or without its leading '#', naming blank names by position and cutting long ones at 80 characters", () => {
    const long = "L".repeat(90);
    const list = [named("  ", { disease: "mg" }), named(long), named(" padded ")];
    const frag = encodeComparison(list);
    for (const f of [frag, `#${frag}`]) {
      const back = decodeComparison(f, diseases);
      expect(back.problems).toEqual([]);
      expect(back.scenarios.map((s) => s.name)).toEqual(["Scenario 1", "L".repeat(80), "padded"]);
      expect(back.scenarios[0].scenario.disease).toBe("mg");
    }
  });
  it("exactly four scenarios is no problem; a missing name is named by position", () => {
    expect(MAX_COMPARED).toBe(4);
    const four = encodeComparison([named("a"), named("b"), named("c"), named("d")]);
    expect(decodeComparison(four, diseases).problems).toEqual([]);
    const s = encodeScenario({ ...DEFAULT_SCENARIO, disease: "mg" });
    const oneNameTwoScenarios = new URLSearchParams([
      ["n", "first"],
      ["s", s],
      ["s", s],
    ]).toString();
    const back = decodeComparison(oneNameTwoScenarios, diseases);
    expect(back.problems).toEqual(["link: 1 names (n=) for 2 scenarios (s=); expected one n= before each s="]);
    expect(back.scenarios.map((x) => x.name)).toEqual(["first", "Scenario 2"]);
  });
  it("more than four: the count and the first four are named; a bad setting names its scenario", () => {
    const five = encodeComparison([named("a"), named("b"), named("c"), named("d"), named("e")]);
    const back = decodeComparison(five, diseases);
    expect(back.scenarios.map((x) => x.name)).toEqual(["a", "b", "c", "d"]);
    expect(back.problems).toEqual(["link: 5 scenarios; expected at most 4; the first 4 are shown"]);
    const bad = new URLSearchParams([
      ["n", "x"],
      ["s", "disease=lupus"],
    ]).toString();
    expect(decodeComparison(bad, diseases).problems).toEqual([
      'scenario 1 (x): disease: unknown disease (got "lupus"); expected one of sle, mg',
    ]);
  });
});

describe("assumptionDifferences(list, analyses)", () => {
  it("lists only the settings and parameters that differ, settings first, parameters by id, with units", () => {
    const list = [
      named("A", { platform: "autologous", horizonAge: 100 }),
      named("B", { platform: "invivo", horizonAge: 90 }),
      named("C", { platform: "weird" as Scenario["platform"], horizonAge: 100 }),
    ];
    const analyses = [
      analysis({ wtp: 100_000, provenance: [prov("u_remission", 0.8, "utility"), prov("c_price", 1e5, "USD", "USD")] }),
      analysis({
        wtp: 150_000,
        priceYear: 2025,
        provenance: [prov("u_remission", 0.8, "utility"), prov("c_price", 2e5, "USD", "USD")],
      }),
      analysis({
        wtp: 100_000,
        outcomes: 0.015,
        provenance: [prov("u_remission", 0.7, "utility"), prov("a_new", 3, "years")],
      }),
    ];
    expect(assumptionDifferences(list, analyses)).toEqual({
      assumption: [
        "platform shown",
        "willingness to pay",
        "discount rate, outcomes",
        "horizon ends at age",
        "currency and price year",
        // Parameters by their labels (src/cart/dictionary.ts); a_new is not in the dictionary: its id.
        "a_new",
        "CAR T product price (list price unless stated)",
        "Utility, drug-free remission",
      ],
      parameter: ["", "", "", "", "", "a_new", "c_price", "u_remission"],
      unit: ["", "per QALY", "per year", "years", "", "years", "USD 2024", "utility"],
      // One column per scenario, named by position and the scenario's name (A, B, C above).
      "scenario_1: A": ["Bespoke autologous CAR T", 100_000, 0.03, 100, "USD 2024", null, 1e5, 0.8],
      "scenario_2: B": ["In-vivo CAR T", 150_000, 0.03, 90, "USD 2025", null, 2e5, 0.8],
      "scenario_3: C": ["weird", 100_000, 0.015, 100, "USD 2024", 3, null, 0.7],
    });
  });
  it("differing disease, preset and cost discount rate are listed; identical scenarios give an empty table", () => {
    const list = [named("A"), named("B", { disease: "mg", preset: "uk" })];
    const d = assumptionDifferences(list, [analysis({}), analysis({ costs: 0.035, currency: "GBP" })]);
    expect(d.assumption).toEqual(["disease", "preset", "discount rate, costs", "currency and price year"]);
    expect(d.unit).toEqual(["", "", "per year", ""]);
    expect(d["scenario_1: A"]).toEqual(["sle", "us", 0.03, "USD 2024"]);
    expect(d["scenario_2: B"]).toEqual(["mg", "uk", 0.035, "GBP 2024"]);
    const same = assumptionDifferences([named("A"), named("A2")], [analysis({}), analysis({})]);
    expect(same).toEqual({ assumption: [], parameter: [], unit: [], "scenario_1: A": [], "scenario_2: A2": [] });
  });
  it("columns carry the scenarios' names: unique when names repeat, position only for a blank name, one CSV header row", () => {
    expect(scenarioColumn(0, " Base case ")).toBe("scenario_1: Base case");
    expect(scenarioColumn(1, "  ")).toBe("scenario_2");
    const list = [named("Base, US"), named("Base, US", { disease: "mg" })];
    const d = assumptionDifferences(list, [analysis({}), analysis({})]);
    // Header written by hand: a name with a comma is quoted by the CSV writer; the two columns stay apart.
    expect(toCsv(d).split("\n")[0]).toBe('assumption,parameter,unit,"scenario_1: Base, US","scenario_2: Base, US"');
    expect(d.assumption).toEqual(["disease"]);
  });
  it("a cost parameter's unit is the currency and price year of the first scenario that has it", () => {
    const list = [named("A"), named("B")];
    const d = assumptionDifferences(list, [
      analysis({ currency: "GBP", priceYear: 2023 }),
      analysis({ currency: "GBP", priceYear: 2023, provenance: [prov("c_price", 5, "GBP", "GBP")] }),
    ]);
    expect(d.assumption).toEqual(["CAR T product price (list price unless stated)"]);
    expect(d.parameter).toEqual(["c_price"]);
    expect(d.unit).toEqual(["GBP 2023"]);
    expect(d["scenario_1: A"]).toEqual([null]);
  });
});

describe("comparisonResults(list, analyses)", () => {
  it("one row per scenario and strategy: increments against SoC or the comparator's own, none for SoC", () => {
    const r = comparisonResults([named("A"), named("B")], [analysis({}), analysis({ wtp: 50_000, currency: "GBP" })]);
    expect(r).toEqual({
      scenario: [1, 1, 1, 2, 2, 2],
      name: ["A", "A", "A", "B", "B", "B"],
      strategy: ["soc", "autologous", "ahsct", "soc", "autologous", "ahsct"],
      label: ["Lifelong SoC", "Autologous", "aHSCT", "Lifelong SoC", "Autologous", "aHSCT"],
      cost: [500_000, 700_000, 300_000, 500_000, 700_000, 300_000],
      qalys: [10, 12, 11, 10, 12, 11],
      incremental_cost: [null, 200_000, -200_000, null, 200_000, -200_000],
      incremental_qalys: [null, 2, 1, null, 2, 1],
      icer: [null, 100_000, null, null, 100_000, null],
      // aHSCT: 200,000 cheaper for 1 more QALY, dominant; autologous 200,000 more for 2 more, an ICER.
      icer_status: [null, "ICER", "dominant", null, "ICER", "dominant"],
      incremental_nmb: [null, 0, 300_000, null, 0, 300_000],
      wtp: [100_000, 100_000, 100_000, 50_000, 50_000, 50_000],
      currency: ["USD", "USD", "USD", "GBP", "GBP", "GBP"],
      price_year: [2024, 2024, 2024, 2024, 2024, 2024],
    });
  });
});
