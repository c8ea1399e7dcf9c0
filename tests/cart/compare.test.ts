/** Comparison links and tables (src/cart/compare.ts). */
import { describe, expect, it } from "vitest";
import {
  assumptionDifferences,
  comparisonResults,
  decodeComparison,
  encodeComparison,
  runScenario,
  type NamedScenario,
  type Scenario,
} from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const diseases = evidence.diseases.map((d) => d.disease);
const base: Scenario = {
  disease: "mg",
  preset: "us",
  platform: "autologous",
  overrides: {},
  wtp: null,
  discountCosts: null,
  discountOutcomes: null,
  horizonAge: 100,
  durability: "weibull",
  cureFraction: null,
};
const list: NamedScenario[] = [
  { name: "base & co", scenario: base },
  { name: "cheaper=yes", scenario: { ...base, overrides: { c_price: 250000 }, discountCosts: 0.05 } },
];

describe("encodeComparison(list) / decodeComparison(fragment)", () => {
  it("round-trips names (with & and =) and scenarios", () => {
    const back = decodeComparison(`#${encodeComparison(list)}`, diseases);
    expect(back.problems).toEqual([]);
    expect(back.scenarios).toEqual(list);
  });
  it("names the scenario and setting of a bad link, keeps at most four", () => {
    const frag = encodeComparison([...list, ...list, list[0]]).replace("s=", "s=disease%3Dlupus%26");
    const back = decodeComparison(frag, diseases);
    expect(back.scenarios.length).toBe(4);
    expect(back.problems[0]).toContain("5 scenarios");
    expect(back.problems.join("\n")).toContain('scenario 1 (base & co): disease: unknown disease (got "lupus")');
  });
});

describe("assumptionDifferences(list, analyses)", { timeout: 60_000 }, () => {
  it("lists exactly the assumptions that differ, with each scenario's value", () => {
    const analyses = list.map((s) => runScenario(evidence, lifeTables, s.scenario));
    const d = assumptionDifferences(list, analyses);
    // c_price by its label (src/cart/dictionary.ts), its id beside it.
    expect(Array.from(d.assumption)).toEqual([
      "discount rate, costs",
      "CAR T product price (list price unless stated)",
    ]);
    expect(Array.from(d.parameter)).toEqual(["", "c_price"]);
    // US preset: 3% a year (presets.ts); the override as given.
    // Columns named by position and the list's names ("base & co", "cheaper=yes" above).
    expect(Object.keys(d)).toEqual([
      "assumption",
      "parameter",
      "unit",
      "scenario_1: base & co",
      "scenario_2: cheaper=yes",
    ]);
    expect(Array.from(d["scenario_1: base & co"])).toEqual([
      0.03,
      analyses[0].model.provenance.find((p) => p.parameter === "c_price")!.value,
    ]);
    expect(Array.from(d["scenario_2: cheaper=yes"])).toEqual([0.05, 250000]);
    const r = comparisonResults(list, analyses);
    expect((r.name as string[]).filter((n) => n === "cheaper=yes").length).toBe(analyses[1].strategies.length);
    const i = (r.strategy as string[]).lastIndexOf("autologous");
    expect(r.incremental_cost[i]).toBeCloseTo(
      analyses[1].versusSoc.find((v) => v.strategy === "autologous")!.incrementalCost,
      9,
    );
  });
});
