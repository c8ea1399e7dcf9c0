/**
 * The Summary page's content (src/cart/summary.ts): key assumptions and headline results. The tests
 * give it a small hand-made analysis holding only the fields it reads, so every expected value below is
 * typed here (or a product or quotient of two of them, computed in a comment), not a model run. The
 * labels are the strategy names of src/cart/dictionary.ts (STRATEGY_LABELS) followed by the wording the
 * Summary page prints.
 */
import { describe, expect, it } from "vitest";
import { comparatorHeadlines, headlines, keyAssumptions } from "../../src/cart/summary.js";
import type { CartAnalysis } from "../../src/cart/analysis.js";

/** A provenance row as src/cart/model.ts records it: a non-cost parameter with a range unless told. */
function provenance(p: {
  parameter: string;
  value: number;
  overridden?: boolean;
  factor?: number;
  row?: Record<string, unknown>;
}) {
  return {
    id: p.parameter.split("__")[0],
    overridden: false,
    factor: 1,
    ...p,
    row: { currency: null, low: null, high: null, unit: "probability", status: "published", sourceId: "SRC", ...p.row },
  };
}

/** Every parameter keyAssumptions asks for, given in reverse of the order it lists them, plus one it does not ask for. */
function keyAnalysis(): CartAnalysis {
  const rows = [
    provenance({ parameter: "r_other", value: 9, row: { unit: "1/year", sourceId: "OTHER" } }),
    provenance({ parameter: "age_start", value: 35, row: { unit: "years", low: 25, high: 50, sourceId: "AGE" } }),
    // A cost converted from EUR: value, low and high scale by the conversion factor 1.1.
    provenance({
      parameter: "c_soc_drug",
      value: 22_000,
      factor: 1.1,
      row: { currency: "EUR", unit: "per year", low: 10_000, high: 30_000, sourceId: "SOCDRUG" },
    }),
    provenance({
      parameter: "d_vein_to_vein",
      value: 40,
      row: { unit: "days", low: 30, high: null, status: "assumption", sourceId: "V2V" },
    }),
    provenance({ parameter: "r_relapse__invivo", value: 0.3, row: { unit: "1/year", low: 0.1, high: 0.6 } }),
    provenance({ parameter: "p_response__invivo", value: 0.6, row: { low: 0.4, high: 0.8 } }),
    provenance({
      parameter: "c_price__invivo",
      value: 150_000,
      row: { currency: "USD", unit: "per infusion", low: 100_000, high: 200_000 },
    }),
    provenance({ parameter: "r_relapse__allogeneic", value: 0.2, row: { unit: "1/year", low: null, high: 0.4 } }),
    // Overridden by the user: no range is shown and the status says so.
    provenance({
      parameter: "p_response__allogeneic",
      value: 0.5,
      overridden: true,
      row: { low: 0.3, high: 0.7, status: "published" },
    }),
    provenance({
      parameter: "c_price__allogeneic",
      value: 200_000,
      row: { currency: "USD", unit: "per infusion", low: 150_000, high: 250_000 },
    }),
    provenance({ parameter: "r_relapse", value: 0.1, row: { unit: "1/year", low: 0.05, high: 0.2, sourceId: "REL" } }),
    provenance({ parameter: "p_response", value: 0.9, row: { low: 0.8, high: 0.95, sourceId: "RESP" } }),
    provenance({
      parameter: "c_price",
      value: 400_000,
      row: { currency: "USD", unit: "per infusion", low: 300_000, high: 500_000, sourceId: "PRICE" },
    }),
  ];
  return { preset: { currency: "USD", priceYear: 2025 }, model: { provenance: rows } } as unknown as CartAnalysis;
}

describe("keyAssumptions(analysis)", () => {
  it("lists price, response and relapse of each platform, then vein-to-vein time, SoC drug cost and age, in that order", () => {
    const k = keyAssumptions(keyAnalysis());
    expect(k.map((x) => [x.parameter, x.label])).toEqual([
      ["c_price", "Bespoke autologous CAR T: price per infusion"],
      ["p_response", "Bespoke autologous CAR T: drug-free remission after infusion"],
      ["r_relapse", "Bespoke autologous CAR T: relapse rate in remission (per year)"],
      ["c_price__allogeneic", "Off-the-shelf allogeneic CAR T: price per infusion"],
      ["p_response__allogeneic", "Off-the-shelf allogeneic CAR T: drug-free remission after infusion"],
      ["r_relapse__allogeneic", "Off-the-shelf allogeneic CAR T: relapse rate in remission (per year)"],
      ["c_price__invivo", "In-vivo CAR T: price per infusion"],
      ["p_response__invivo", "In-vivo CAR T: drug-free remission after infusion"],
      ["r_relapse__invivo", "In-vivo CAR T: relapse rate in remission (per year)"],
      ["d_vein_to_vein", "Vein-to-vein time, bespoke (days)"],
      ["c_soc_drug", "Standard-of-care drug cost per year"],
      ["age_start", "Age at treatment (years)"],
    ]);
  });

  it("gives the value, the range times the conversion factor, the preset's currency and price year for costs, and the source", () => {
    const k = new Map(keyAssumptions(keyAnalysis()).map((x) => [x.parameter, x]));
    expect(k.get("c_price")).toEqual({
      parameter: "c_price",
      label: "Bespoke autologous CAR T: price per infusion",
      value: 400_000,
      low: 300_000,
      high: 500_000,
      unit: "USD 2025",
      status: "published",
      sourceId: "PRICE",
    });
    // 10,000 x 1.1 = 11,000 and 30,000 x 1.1 = 33,000 (EUR row in a USD preset); the unit is the preset's money.
    const soc = k.get("c_soc_drug")!;
    expect(soc.value).toBe(22_000);
    expect(soc.low).toBeCloseTo(11_000, 9);
    expect(soc.high).toBeCloseTo(33_000, 9);
    expect(soc.unit).toBe("USD 2025");
    expect(soc.sourceId).toBe("SOCDRUG");
    // Not a cost: the row's own unit and status.
    expect(k.get("age_start")).toMatchObject({ value: 35, low: 25, high: 50, unit: "years", status: "published" });
    expect(k.get("r_relapse")).toMatchObject({ low: 0.05, high: 0.2, unit: "1/year", sourceId: "REL" });
  });

  it("leaves a missing end of the range empty (low or high null) and the other end as given", () => {
    const k = new Map(keyAssumptions(keyAnalysis()).map((x) => [x.parameter, x]));
    expect(k.get("r_relapse__allogeneic")).toMatchObject({ low: null, high: 0.4 });
    expect(k.get("d_vein_to_vein")).toMatchObject({ low: 30, high: null, unit: "days", status: "assumption" });
  });

  it("shows a user's override as such, without the evidence range", () => {
    const k = keyAssumptions(keyAnalysis()).find((x) => x.parameter === "p_response__allogeneic")!;
    expect(k).toMatchObject({ value: 0.5, low: null, high: null, status: "user override" });
  });

  it("skips what the model does not have (no row for a parameter)", () => {
    const a = keyAnalysis();
    const rows = (a.model.provenance as Array<{ parameter: string }>).filter((p) => !p.parameter.endsWith("__invivo"));
    const k = keyAssumptions({ ...a, model: { ...a.model, provenance: rows } } as CartAnalysis);
    expect(k.map((x) => x.parameter)).toEqual([
      "c_price",
      "p_response",
      "r_relapse",
      "c_price__allogeneic",
      "p_response__allogeneic",
      "r_relapse__allogeneic",
      "d_vein_to_vein",
      "c_soc_drug",
      "age_start",
    ]);
  });
});

/** One row of versusSoc with its first (standard) and a second threshold scenario. */
function versus(strategy: string, dC: number, dQ: number) {
  return {
    strategy,
    incrementalCost: dC,
    incrementalQalys: dQ,
    nmb: 100_000 * dQ - dC,
    costParityYear: dC > 0 ? 12.5 : null,
    thresholds: [
      { currentPrice: 400_000, costNeutralPrice: 250_000, costEffectivePrice: 420_000 },
      { currentPrice: 1, costNeutralPrice: 2, costEffectivePrice: 3 },
    ],
  };
}

const headlineAnalysis = (rows: ReturnType<typeof versus>[]) => ({ versusSoc: rows }) as unknown as CartAnalysis;

describe("headlines(analysis)", () => {
  it("reports each platform against SoC with its label, increments, NMB, parity year and the first scenario's prices", () => {
    const [h] = headlines(headlineAnalysis([versus("autologous", 150_000, 2)]));
    // ICER 150,000 / 2 = 75,000 per QALY; NMB 100,000 x 2 - 150,000 = 50,000.
    expect(h).toEqual({
      strategy: "autologous",
      label: "Bespoke autologous CAR T",
      incrementalCost: 150_000,
      incrementalQalys: 2,
      icer: 75_000,
      nmb: 50_000,
      costParityYear: 12.5,
      currentPrice: 400_000,
      costNeutralPrice: 250_000,
      costEffectivePrice: 420_000,
    });
  });

  it("labels dominance: more QALYs at no extra cost is dominant, no more QALYs at no saving is dominated", () => {
    const h = headlines(
      headlineAnalysis([
        versus("autologous", -1000, 0.5), // cheaper and better
        versus("allogeneic", 0, 0.5), // same cost, better: dominant
        versus("invivo", 0, 0), // same cost, same QALYs: dominated (nothing gained)
        versus("other", 5000, -0.1), // dearer and worse
        versus("cheap", 0, -0.1), // same cost, worse
        versus("saving", -1000, 0), // cheaper, same QALYs: dominant (was -1000 / 0 = -Infinity)
      ]),
    );
    expect(h.map((x) => x.icer)).toEqual(["dominant", "dominant", "dominated", "dominated", "dominated", "dominant"]);
  });

  it("gives the ICER in the south-west quadrant (cheaper and worse): -30,000 / -0.5 = 60,000 per QALY lost", () => {
    const [h] = headlines(headlineAnalysis([versus("allogeneic", -30_000, -0.5)]));
    expect(h.icer).toBeCloseTo(60_000, 9);
    expect(h.label).toBe("Off-the-shelf allogeneic CAR T");
  });

  it("labels a strategy that is not a CAR T platform (a comparator) by its id", () => {
    const [h] = headlines(headlineAnalysis([versus("rituximab", 10_000, 0.1)]));
    expect(h.label).toBe("rituximab");
    // 10,000 / 0.1 = 100,000 per QALY.
    expect(h.icer).toBeCloseTo(100_000, 6);
  });
});

/** A strategy whose discounted cost per cycle is `perCycle` (one cost value), as the engine reports it. */
const costs = (id: string, perCycle: number[]) => ({
  id,
  perCycle: { values: { c_x: { discounted: Float64Array.from(perCycle) } } },
});

describe("comparatorHeadlines(analysis)", () => {
  // Review s27: the Summary's PSA table had an AHSCT row that the headline table lacked.
  const a = {
    comparators: [
      {
        strategy: "ahsct",
        label: "Autologous haematopoietic stem cell transplantation",
        kind: "one-time",
        incrementalCost: 20_000,
        incrementalQalys: 0.5,
        icer: 40_000,
        nmb: 30_000,
        costEffective: true,
      },
      {
        strategy: "pill",
        label: "Pill",
        kind: "lifelong",
        incrementalCost: 100,
        incrementalQalys: 0,
        icer: null,
        nmb: -100,
      },
    ],
    result: {
      cycleYears: 0.5,
      strategies: [
        costs("soc", [10, 10, 10, 10]), // cumulative 10, 20, 30, 40
        costs("ahsct", [25, 0, 0, 10]), // cumulative 25, 25, 25, 35: SoC at or above from cycle 2 (1 year)
        costs("pill", [11, 11, 11, 11]), // always above SoC: no parity
      ],
    },
  } as unknown as CartAnalysis;

  it("lists every comparator against SoC by its label, with increments, ICER, NMB and parity year (no prices)", () => {
    expect(comparatorHeadlines(a)).toEqual([
      {
        strategy: "ahsct",
        label: "Autologous haematopoietic stem cell transplantation",
        incrementalCost: 20_000,
        incrementalQalys: 0.5,
        icer: 40_000, // 20,000 / 0.5
        nmb: 30_000,
        costParityYear: 1, // cycle 2 x 0.5 years
      },
      {
        strategy: "pill",
        label: "Pill",
        incrementalCost: 100,
        incrementalQalys: 0,
        icer: "dominated",
        nmb: -100,
        costParityYear: null,
      },
    ]);
  });
});
