// The report's words and display numbers (src/components/words.js, format.js, cost-tables.js):
// expected values are written out by hand from the rows given, or come from the engine's totals.
import { describe, expect, it } from "vitest";
import {
  affordabilityText,
  answerSentences,
  baseVersusMeanText,
  driverText,
  frontierSentence,
  verdict,
  scenarioLine,
  planeQuadrant,
  qalyChange,
  relatedParametersSentence,
  orderReversalText,
  survivalWarnings,
  // @ts-expect-error: a plain JavaScript page component without type declarations
} from "../../src/components/words.js";
// @ts-expect-error: a plain JavaScript page component without type declarations
import { displayNumber, groupedNumber } from "../../src/components/format.js";
// @ts-expect-error: a plain JavaScript page component without type declarations
import { stateRowsAddingUp } from "../../src/components/cost-tables.js";
import { runCart, PRESETS } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";

const row = (over: Record<string, unknown>) => ({
  disease: "sle",
  strategy: "autologous",
  incremental_cost: 1000,
  incremental_qalys: 1,
  cost_parity_year: null,
  current_price: 282000,
  cost_neutral_price: 155002.4,
  cost_effective_price: 225914.2,
  wtp: 25000,
  remission_5y: 0.784,
  ...over,
});
const labels = {
  diseaseLabel: (d: string) => ({ sle: "SLE", graves: "Graves' disease" })[d]!,
  platformLabel: (p: string) => p,
  preset: "UK",
  currency: "GBP",
  priceYear: 2024,
};

describe("verdict(row)", () => {
  it("is cost-saving when cheaper with more QALYs, cost-effective when NMB >= 0, else not cost-effective", () => {
    expect(verdict(row({ incremental_cost: -5, incremental_qalys: 0.1 }))).toBe("cost-saving");
    // NMB = 25,000 × 1 − 25,000 = 0: cost-effective at the threshold exactly
    expect(verdict(row({ incremental_cost: 25000, incremental_qalys: 1 }))).toBe("cost-effective");
    expect(verdict(row({ incremental_cost: 25001, incremental_qalys: 1 }))).toBe("not cost-effective");
    // cheaper but fewer QALYs is not "cost-saving": NMB = 25,000 × (−0.1) − (−5) = −2,495 < 0
    expect(verdict(row({ incremental_cost: -5, incremental_qalys: -0.1 }))).toBe("not cost-effective");
    // saving more than the QALY loss is worth: NMB = 25,000 × (−0.1) − (−3,000) = 500 >= 0
    expect(verdict(row({ incremental_cost: -3000, incremental_qalys: -0.1 }))).toBe("cost-effective");
  });
  it("is dominated when costlier with no more QALYs, or as costly with fewer (s37: T1D's autologous row)", () => {
    expect(verdict(row({ incremental_cost: 5, incremental_qalys: -0.0002 }))).toBe("dominated");
    expect(verdict(row({ incremental_cost: 5, incremental_qalys: 0 }))).toBe("dominated");
    expect(verdict(row({ incremental_cost: 0, incremental_qalys: -0.1 }))).toBe("dominated");
    // Cheaper with as many QALYs: cost-saving (s37 review; it read "cost-effective").
    expect(verdict(row({ incremental_cost: -5, incremental_qalys: 0 }))).toBe("cost-saving");
    // Neither: no difference at all has NMB 0, cost-effective at the threshold exactly.
    expect(verdict(row({ incremental_cost: 0, incremental_qalys: 0 }))).toBe("cost-effective");
  });
});

describe("answerSentences(rows, options)", () => {
  it("states the threshold price, the verdict at the default price, the payback year and the durability assumed", () => {
    const [a] = answerSentences(
      [
        row({ incremental_cost: -100, cost_parity_year: 19.24 }),
        row({
          strategy: "invivo",
          current_price: 63000,
          cost_effective_price: 74642,
          cost_neutral_price: 53165,
          remission_5y: 0.37,
        }),
      ],
      labels,
    );
    expect(a.text).toBe(
      "In SLE (UK preset, GBP 2024), against lifelong standard of care (SoC) alone: CAR T is cost-effective at 25,000 GBP per QALY below these prices per infusion: autologous 225,914 GBP (default 282,000: cost-saving, pays for itself after 19.2 years) and invivo 74,642 GBP (default 63,000: cost-effective). This assumes 78% (autologous) and 37% (invivo) of responders still in drug-free remission 5 years after infusion.",
    );
  });
  it("explains 'no positive price' and never says 'dominant'", () => {
    const [a] = answerSentences(
      [
        row({
          disease: "graves",
          incremental_cost: 301158,
          incremental_qalys: 0.44,
          cost_neutral_price: -13918,
          cost_effective_price: -3019,
        }),
      ],
      labels,
    );
    expect(a.text).toContain(
      "Autologous (default 282,000: not cost-effective) CAR T is not cost-effective at 25,000 GBP per QALY at any positive price.",
    );
    expect(a.text).toContain("No positive price makes autologous CAR T cost-neutral: even free, its other costs");
    expect(a.text).not.toMatch(/dominant/i);
  });
  it("says when a platform gains no QALYs", () => {
    const [a] = answerSentences(
      [row({ incremental_qalys: -0.004, cost_effective_price: -500, cost_neutral_price: -400 })],
      labels,
    );
    expect(a.text).toContain(
      "Autologous CAR T gains no QALYs (-0.004) and is worthwhile only if it saves money: no positive price achieves that",
    );
  });
  it("gives a QALY change too small for 3 decimals in 2 significant digits, not as -0.000", () => {
    // Type 1 diabetes, US preset: autologous CAR T's QALY change printed as "(-0.000)" on the Overview.
    const [a] = answerSentences(
      [row({ incremental_qalys: -0.000312, cost_effective_price: -500, cost_neutral_price: -400 })],
      labels,
    );
    expect(a.text).toContain("Autologous CAR T gains no QALYs (-0.00031) and");
    const [b] = answerSentences([row({ incremental_qalys: 0, cost_effective_price: -500 })], labels);
    expect(b.text).toContain("Autologous CAR T gains no QALYs (0.000) and");
  });
});

// An SLE-like frontier written by hand: AHSCT is cheaper than SoC with more QALYs (dominates it);
// autologous CAR T is the next frontier point, 127,622 per QALY above AHSCT; the other two platforms
// lie above the line from AHSCT to the next point (extendedly dominated).
const frontier = [
  { id: "ahsct", status: "reference", against: null, extendedBy: null, icer: null, nmb: 500 },
  {
    id: "invivo",
    status: "extendedly dominated",
    against: null,
    extendedBy: ["ahsct", "allogeneic"],
    icer: null,
    nmb: 300,
  },
  {
    id: "allogeneic",
    status: "extendedly dominated",
    against: null,
    extendedBy: ["ahsct", "autologous"],
    icer: null,
    nmb: 400,
  },
  { id: "soc", status: "dominated", against: "ahsct", extendedBy: null, icer: null, nmb: 100 },
  { id: "autologous", status: "frontier", against: "ahsct", extendedBy: null, icer: 127622, nmb: 450 },
];
const names: Record<string, string> = {
  ahsct: "AHSCT",
  soc: "SoC",
  autologous: "autologous CAR T",
  allogeneic: "allogeneic CAR T",
  invivo: "in-vivo CAR T",
};
const frontierOptions = {
  platforms: ["autologous", "allogeneic", "invivo"],
  label: (id: string) => names[id],
  wtp: 100000,
  currency: "USD",
};

describe("frontierSentence(rows, options)", () => {
  it("names the comparator that dominates SoC, the frontier ICER against it and the strategy with the highest NMB", () => {
    // autologous is cost-effective against SoC (pairwise) but its frontier ICER 127,622 > 100,000: the answer changes
    expect(frontierSentence(frontier, { ...frontierOptions, pairwise: ["autologous"] })).toBe(
      "The incremental analysis of every strategy at once changes this: AHSCT dominates SoC; against AHSCT, autologous CAR T's ICER is 127,622 USD per QALY (above the 100,000 USD threshold); allogeneic CAR T is extendedly dominated by a mix of AHSCT and autologous CAR T; in-vivo CAR T is extendedly dominated by a mix of AHSCT and allogeneic CAR T. At 100,000 USD per QALY gained, the strategy with the highest net monetary benefit is AHSCT.",
    );
  });
  it("agrees when no platform is cost-effective against SoC, and SoC is the reference", () => {
    const rows = [
      { id: "soc", status: "reference", against: null, extendedBy: null, icer: null, nmb: 10 },
      { id: "invivo", status: "frontier", against: "soc", extendedBy: null, icer: 150000, nmb: 5 },
      { id: "autologous", status: "dominated", against: "invivo", extendedBy: null, icer: null, nmb: 1 },
      { id: "allogeneic", status: "dominated", against: "invivo", extendedBy: null, icer: null, nmb: 2 },
    ];
    expect(frontierSentence(rows, { ...frontierOptions, pairwise: [] })).toBe(
      "The incremental analysis of every strategy at once agrees: against SoC, in-vivo CAR T's ICER is 150,000 USD per QALY (above the 100,000 USD threshold); autologous CAR T and allogeneic CAR T are dominated by in-vivo CAR T. At 100,000 USD per QALY gained, the strategy with the highest net monetary benefit is SoC.",
    );
  });
  it("says 'changes this' when SoC is dominated even if every pairwise-cost-effective platform is on the frontier below the threshold", () => {
    const rows = [
      { id: "invivo", status: "reference", against: null, extendedBy: null, icer: null, nmb: 10 },
      { id: "soc", status: "dominated", against: "invivo", extendedBy: null, icer: null, nmb: 1 },
    ];
    expect(frontierSentence(rows, { ...frontierOptions, platforms: ["invivo"], pairwise: ["invivo"] })).toBe(
      "The incremental analysis of every strategy at once changes this: in-vivo CAR T dominates SoC; in-vivo CAR T is the least costly strategy. At 100,000 USD per QALY gained, the strategy with the highest net monetary benefit is in-vivo CAR T.",
    );
  });
  it("gives the frontier ICER of a comparator that has the highest NMB by a step the platforms' clauses do not name", () => {
    // Graves' disease, UK preset (frontierRows of runCart, rounded): radioiodine least costly,
    // thyroidectomy 16,092 GBP per QALY against it, every platform and SoC dominated by radioiodine.
    const rows = [
      { id: "radioiodine", status: "reference", against: null, extendedBy: null, icer: null, nmb: 403303 },
      { id: "thyroidectomy", status: "frontier", against: "radioiodine", extendedBy: null, icer: 16092.4, nmb: 404690 },
      { id: "soc", status: "dominated", against: "radioiodine", extendedBy: null, icer: null, nmb: 361779 },
      { id: "autologous", status: "dominated", against: "radioiodine", extendedBy: null, icer: null, nmb: 71797 },
    ];
    const label = (id: string) => ({ soc: "SoC", autologous: "autologous CAR T" })[id] ?? id;
    expect(
      frontierSentence(rows, { platforms: ["autologous"], pairwise: [], label, wtp: 25000, currency: "GBP" }),
    ).toBe(
      "The incremental analysis of every strategy at once agrees: radioiodine dominates SoC; autologous CAR T is dominated by radioiodine. At 25,000 GBP per QALY gained, the strategy with the highest net monetary benefit is thyroidectomy (its ICER against radioiodine is 16,092 GBP per QALY).",
    );
  });
  it("ends answerSentences' paragraph when given the disease's frontier and a label for every strategy", () => {
    const [a] = answerSentences([row({ incremental_cost: -100, wtp: 100000 })], {
      ...labels,
      currency: "USD",
      frontier: (d: string) => (d === "sle" ? frontier : []),
      strategyLabel: (id: string) => names[id],
    });
    expect(a.text).toMatch(
      /^In SLE \(UK preset, USD 2024\), against lifelong standard of care \(SoC\) alone: CAR T is/,
    );
    expect(a.text).toContain(
      "The incremental analysis of every strategy at once changes this: AHSCT dominates SoC; against AHSCT, autologous CAR T's ICER is 127,622 USD per QALY (above the 100,000 USD threshold). At 100,000 USD per QALY gained, the strategy with the highest net monetary benefit is AHSCT.",
    );
  });
});

describe("displayNumber(x)", () => {
  it("drops float noise and keeps at most six significant digits after the point", () => {
    expect(displayNumber(75010.5630468198)).toBe("75010.6");
    expect(displayNumber(0.07500000000000001)).toBe("0.075");
    expect(displayNumber(1234567.8)).toBe("1234568");
    expect(displayNumber(450000)).toBe("450000");
    expect(displayNumber(0.000123456789)).toBe("0.000123457");
    expect(displayNumber(-2.5)).toBe("-2.5");
    expect(displayNumber(null)).toBe("");
  });
  it("reads back as a number within 5e-6 relative of the value", () => {
    for (const x of [75010.5630468198, 0.07500000000000001, 3.14159265, 12.3456789, 99999.99999])
      expect(Math.abs(Number(displayNumber(x)) - x) / x).toBeLessThan(5e-6);
  });
});

describe("stateRowsAddingUp(analysis)", () => {
  const evidence = loadEvidence();
  const lifeTables = loadPresetLifeTables();
  for (const disease of ["sle", "mg"]) {
    it(`${disease}: each strategy's state, transition and one-off rows add up to the engine's total cost, discounted and undiscounted`, () => {
      const a = runCart(evidence, disease, PRESETS.uk, lifeTables.uk);
      const rows: Array<{ strategy: string; kind: string; cost_discounted: number; cost_undiscounted: number }> =
        stateRowsAddingUp(a);
      for (const s of a.result.strategies) {
        const mine = rows.filter((r) => r.strategy === s.id);
        expect(mine.reduce((x, r) => x + r.cost_discounted, 0)).toBeCloseTo(s.cost.discounted, 6);
        expect(mine.reduce((x, r) => x + r.cost_undiscounted, 0)).toBeCloseTo(s.cost.undiscounted, 6);
      }
      // CAR T arms pay the product on the transition into infusion, not in a state
      expect(
        rows.some((r) => r.strategy === "autologous" && r.kind === "transition" && r.cost_discounted > 100000),
      ).toBe(true);
    });
  }

  it("sle: a transition row names both states by their labels and keeps the ids in `state` (review s27: the rows showed ids)", () => {
    const a = runCart(evidence, "sle", PRESETS.uk, lifeTables.uk);
    const rows: Array<{ strategy: string; kind: string; label: string; state: string | null }> = stateRowsAddingUp(a);
    const autologous = a.result.strategies.find((s: { id: string }) => s.id === "autologous")!;
    // The model's own state labels (src/cart/model.ts cartStates), read off the result, not off the rows.
    const label = (id: string) => autologous.byState.find((st: { state: string }) => st.state === id)!.label;
    const move = rows.find(
      (r) => r.strategy === "autologous" && r.kind === "transition" && r.state === "Waiting → Infusion",
    );
    expect(move?.label).toBe(`Moving from ${label("Waiting")} to ${label("Infusion")} (not a state)`);
    expect(move?.label).toBe(
      "Moving from Waiting for the product (on standard of care) to Infusion month (not a state)",
    );
  });
});

describe("scenarioLine(analysis, scenario, options)", () => {
  it("names the preset, currency year, discounting, horizon, threshold, durability and every changed input (by its label, then its id)", () => {
    const a = {
      preset: { label: "United Kingdom (NICE)", currency: "GBP", priceYear: 2024 },
      population: "intention to treat",
      wtp: 25000,
      result: { discount: { costs: 0.035, outcomes: 0.035 } },
      structuralScenario: { label: "Weibull relapse hazard" },
    };
    expect(
      scenarioLine(
        a,
        { overrides: { c_price: 250000.123456789 }, horizonAge: 100 },
        { disease: "SLE", version: "0.1.0", link: "x#disease=sle" },
      ),
    ).toBe(
      "Scenario: SLE; United Kingdom (NICE) preset, GBP 2024; intention to treat; discount 3.5% costs, 3.5% outcomes; horizon to age 100; 25,000 GBP per QALY; durability: Weibull relapse hazard.\nChanged from the defaults: CAR T product price (c_price) = 250000. cartecon 0.1.0; reproduce: x#disease=sle",
    );
  });

  it("names a comparator's changed input by the comparator's label, not its id", () => {
    const a = {
      preset: { label: "United States", currency: "USD", priceYear: 2025 },
      population: "intention to treat",
      wtp: 100000,
      result: { discount: { costs: 0.03, outcomes: 0.03 } },
      structuralScenario: { label: "Weibull relapse hazard" },
      // data/cart/comparators.csv, SLE row.
      comparators: [{ strategy: "ahsct", label: "Autologous haematopoietic stem cell transplantation" }],
    };
    const line = scenarioLine(a, { overrides: { p_trm__ahsct: 0.3 }, horizonAge: 100 }, { disease: "SLE" });
    expect(line.split("\n")[1]).toBe(
      "Changed from the defaults: Treatment-related death within the infusion month (Autologous haematopoietic stem cell transplantation) (p_trm__ahsct) = 0.3. cartecon ",
    );
  });
});

describe("planeQuadrant(incrementalCost, incrementalQalys)", () => {
  it("names the quadrant of the cost-effectiveness plane (Drummond et al. 2015, ch. 4)", () => {
    expect(planeQuadrant(-1000, 0.5)).toBe("dominant");
    expect(planeQuadrant(0, 0.5)).toBe("dominant");
    expect(planeQuadrant(1000, 0.5)).toBe("icer");
    // Type 1 diabetes, US, autologous: +527,774 for -0.0002 QALYs (the headline read "ICER -2,493,607,596").
    expect(planeQuadrant(527774, -0.0002)).toBe("dominated");
    expect(planeQuadrant(1000, 0)).toBe("dominated");
    expect(planeQuadrant(-1000, 0)).toBe("dominant"); // cheaper, same QALYs
    expect(planeQuadrant(-1000, -0.1)).toBe("saving");
  });
});

describe("relatedParametersSentence", () => {
  it("says the groups are drawn independently, each by its reason, and why", () => {
    const groups = [
      { parameters: ["a", "b"], reason: "b is defined as twice a" },
      { parameters: ["c", "d"], reason: "d is c converted" },
    ];
    expect(relatedParametersSentence(groups)).toBe(
      'Parameters defined from one another are drawn independently, each with its own uncertainty: b is defined as twice a; d is c converted. So a draw can have the platforms out of their assumed ratio or a disease\'s utilities out of order; one shared quantile would fix ratios their ranges do not have and remove most of the uncertainty of the utility gains (docs/methods.md in the repository, "Probabilistic analysis inputs").',
    );
    expect(relatedParametersSentence([])).toBe("");
  });
});

describe("driverText(drivers, money)", () => {
  it("names each parameter by its label, largest swing first, never by its id", () => {
    // Labels: the short labels of r_relapse and c_price (their descriptions in src/cart/dictionary.ts cut at ": " and " (").
    const text = driverText(
      [
        { parameter: "c_price", rank: 2, nmb_at_low: 1000, nmb_at_high: -2000 },
        { parameter: "r_relapse__invivo", rank: 1, nmb_at_low: 456773, nmb_at_high: -335020 },
      ],
      "USD 2025",
    );
    expect(text).toBe(
      "Relapse rate in remission (In-vivo CAR T) (NMB 456,773 to -335,020 USD 2025); " +
        "CAR T product price (NMB 1,000 to -2,000 USD 2025)",
    );
    expect(text).not.toMatch(/r_relapse|c_price/);
  });
});

describe("survivalWarnings(rows, options)", () => {
  const options = {
    strategyLabel: (id: string) => ({ soc: "SoC", autologous: "autologous CAR T", ahsct: "AHSCT" })[id]!,
    strategies: (d: string) => (d === "sle" ? ["soc", "autologous", "ahsct"] : ["soc", "autologous"]),
    of: 6,
  };
  const at = (disease: string, state_label: string, strategies: string[]) =>
    strategies.map((strategy) => ({ disease, state_label, strategy }));

  it("says one sentence per disease, grouping states by the strategies they occur in, and names every state", () => {
    const rows = [
      ...at("sle", "Active disease", ["soc", "autologous", "ahsct"]),
      ...at("sle", "Waiting for the product", ["autologous"]),
      ...at("sle", "Kidney failure", ["ahsct", "soc", "autologous"]),
      ...at("t1d", "Long-term complications", ["soc", "autologous"]),
    ];
    const w = survivalWarnings(rows, options);
    expect(w.summary).toBe(
      "Negative net benefit of survival in 2 of 6 diseases: a year alive in the states below costs more than the threshold values its QALYs, so deaths there raise net monetary benefit.",
    );
    expect(w.items).toEqual([
      {
        disease: "sle",
        text: "Active disease and Kidney failure in every strategy; Waiting for the product in autologous CAR T.",
      },
      { disease: "t1d", text: "Long-term complications in every strategy." },
    ]);
  });

  it("lists the strategies, in the disease's order, when a state is not in all of them", () => {
    const w = survivalWarnings(at("sle", "Active disease", ["ahsct", "soc"]), options);
    expect(w.items).toEqual([{ disease: "sle", text: "Active disease in SoC and AHSCT." }]);
  });

  it("is empty with no rows", () => {
    expect(survivalWarnings([], options).items).toEqual([]);
  });
});

describe("qalyChange", () => {
  it("three decimals; a small loss keeps two significant digits; rounding noise reads 0.000", () => {
    expect(qalyChange(1.2345)).toBe("1.235"); // fmt(x, 3): en-US, three decimals (round half up here)
    expect(qalyChange(-0.00021)).toBe("-0.00021"); // would print -0.000
    expect(qalyChange(2.2e-16)).toBe("0.000"); // would print 2.2e-16
    expect(qalyChange(0)).toBe("0.000");
  });
});

describe("orderReversalText", () => {
  it("names each reversed pair by its labels, variants of one parameter by their platforms, with counts and shares", () => {
    // Labels from src/cart/dictionary.ts; 82 / 2,000 = 4.1%, 1,234 / 2,000 = 61.7%.
    const r = [
      { lower: "u_controlled", higher: "u_remission", reversed: 82, n: 2000 },
      { lower: "r_relapse", higher: "r_relapse__invivo", reversed: 1234, n: 2000 },
      { lower: "u_active", higher: "u_controlled", reversed: 0, n: 2000 },
    ];
    expect(orderReversalText(r)).toEqual({
      lead: "Drawn independently, related parameters leave the order of their base values in some draws:",
      items: [
        "Utility, disease controlled on standard of care above Utility, drug-free remission in 82 of 2,000 draws (4.1%)",
        "Relapse rate in remission: Bespoke autologous CAR T above In-vivo CAR T in 1,234 of 2,000 draws (61.7%)",
      ],
    });
  });
  it("says when every draw keeps the order, and is empty when no pair was drawn", () => {
    expect(orderReversalText([{ lower: "u_active", higher: "u_controlled", reversed: 0, n: 40 }])).toEqual({
      lead: "All 40 draws keep the related parameters in the order of their base values.",
      items: [],
    });
    expect(orderReversalText([])).toEqual({ lead: "", items: [] });
  });
});

describe("affordabilityText (Access page's ICER affordability table)", () => {
  it("patients a year: whole numbers; no limit when there is no net cost (the count is +Infinity)", () => {
    expect(affordabilityText.patientsPerYear(1234.6)).toBe("1,235");
    expect(affordabilityText.patientsPerYear(Infinity)).toBe("no limit (no net cost)");
    expect(affordabilityText.patientsPerYear(NaN)).toBe("n/a");
  });

  it("share of eligible: one decimal below the cap; 'all (100%)' at ICER's cap of 1", () => {
    expect(affordabilityText.share(0.4567)).toBe("45.7%");
    expect(affordabilityText.share(0.9994)).toBe("99.9%");
    expect(affordabilityText.share(0.9999)).toBe(">99.9%");
    expect(affordabilityText.share(1)).toBe("all (100%)");
    expect(affordabilityText.share(NaN)).toBe("n/a");
  });
});

describe("baseVersusMeanText: why the deterministic and PSA choices differ", () => {
  const amount = (x: number) => `${Math.round(x).toLocaleString("en-US")} USD`;
  const names = { baseName: "AHSCT", meanName: "Bespoke CAR T" };

  it("nothing when they agree", () => {
    expect(baseVersusMeanText({ baseName: "A", meanName: "A", gap: { lead: 5, se: 1 }, amount })).toBe("");
  });

  it("beyond 2 SE: the model's non-linearity; within: possibly chance", () => {
    const beyond = baseVersusMeanText({ ...names, gap: { lead: 92_000, se: 10_000 }, amount });
    expect(beyond).toContain(
      "chooses Bespoke CAR T, by 92,000 USD per patient (Monte Carlo standard error 10,000 USD)",
    );
    expect(beyond).toContain("so it is not chance: the model is not linear");
    // 2 SE exactly counts as beyond (the warning's rule: lead < 2 SE is unsettled).
    expect(baseVersusMeanText({ ...names, gap: { lead: 2, se: 1 }, amount })).toContain("not chance");
    const within = baseVersusMeanText({ ...names, gap: { lead: 1_500, se: 1_000 }, amount });
    expect(within).toContain("less than twice its standard error: the two choices may differ by chance alone");
    expect(within).not.toContain("not linear");
  });

  it("one draw: no standard error, and no claim", () => {
    const one = baseVersusMeanText({ ...names, gap: { lead: 10, se: NaN }, amount });
    expect(one).toContain("(one draw: no standard error)");
    expect(one).toContain("may differ by chance alone");
  });

  it("names drawn parameters whose distribution's mean is not their base value as a cause beside non-linearity", () => {
    const two = baseVersusMeanText({
      ...names,
      gap: { lead: 92_000, se: 10_000 },
      amount,
      offCentre: ["c_start", "u"],
    });
    expect(two).toContain(
      "so it is not chance: drawn parameters have a distribution whose mean is not their base value (c_start, u), and a model not linear",
    );
    const one = baseVersusMeanText({ ...names, gap: { lead: 92_000, se: 10_000 }, amount, offCentre: ["c_start"] });
    expect(one).toContain("a drawn parameter has a distribution whose mean is not its base value (c_start)");
    // Within 2 SE the choice may be chance whatever the distributions: no cause is named.
    const within = baseVersusMeanText({ ...names, gap: { lead: 1_500, se: 1_000 }, amount, offCentre: ["c_start"] });
    expect(within).not.toContain("c_start");
  });
});

describe("groupedNumber(x): the Parameters page's defaults and ranges", () => {
  it("six significant digits as typed, thousands separated, never e-notation", () => {
    // Before: fmt with fixed decimals showed 28.5 as "29" and 0.00005 as "0.0001".
    expect(groupedNumber(28.5)).toBe("28.5");
    expect(groupedNumber(0.00005)).toBe("0.00005");
    expect(groupedNumber(350000)).toBe("350,000");
    expect(groupedNumber(1e-7)).toBe("0.0000001");
    expect(groupedNumber(0.07500000000000001)).toBe("0.075");
    // displayNumber keeps every digit before the point (to whole units above 6 digits).
    expect(groupedNumber(-1234567.891)).toBe("-1,234,568");
    expect(groupedNumber(null)).toBe("");
  });
});
