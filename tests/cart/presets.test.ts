import { readFileSync } from "node:fs";
import { csvParse } from "d3-dsv";
import { describe, expect, it } from "vitest";
import { offsetCapIn, offsetScenarios, PRESETS } from "../../src/cart/index.js";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";
import { PRESET_IDS, presetById } from "../../src/cart/presets.js";

const evidence = loadEvidence();
// The exchange rate read here straight from the data file, not through the code under test.
const rates = csvParse(readFileSync("data/cart/exchange-rates.csv", "utf8"));
const usdPerGbp2024 = Number(rates.find((r) => r.currency === "GBP" && r.year === "2024")!.usd_per_unit);

describe("offset cap of the presets", () => {
  it("is ICER's USD 150,000 per year in the US preset, without conversion", () => {
    expect(PRESETS.us.offsetCap).toEqual({ amount: 150000, currency: "USD" });
    expect(offsetCapIn(PRESETS.us, evidence)).toBe(150000);
  });
  it("is USD 150,000 converted at the UK preset's price year (2024) rate of data/cart/exchange-rates.csv", () => {
    expect(PRESETS.uk.priceYear).toBe(2024);
    expect(usdPerGbp2024).toBeGreaterThan(1); // the file has the row
    expect(offsetCapIn(PRESETS.uk, evidence)).toBeCloseTo(150000 / usdPerGbp2024, 6);
    const cap = offsetScenarios(PRESETS.uk, evidence).find((s) => s.id === "cap")!;
    expect(cap.annualCap).toBeCloseTo(150000 / usdPerGbp2024, 6);
    // ICER's wording (Chapman et al., Value Health 2021;24:839): the comparator arm's annual cost per patient is capped.
    expect(cap.label).toBe(
      `Comparator arm's annual care cost capped at ${Math.round(150000 / usdPerGbp2024).toLocaleString("en-US")} GBP per patient (ICER)`,
    );
  });
  it("follows the data: another exchange rate gives another cap", () => {
    const edited = { ...evidence, usdPer: new Map(evidence.usdPer) };
    edited.usdPer.set("GBP", new Map([...evidence.usdPer.get("GBP")!, [2024, 1.5]]));
    expect(offsetCapIn(PRESETS.uk, edited)).toBeCloseTo(100000, 6);
  });
  it("cannot be converted without the evidence tables", () => {
    expect(() => offsetScenarios(PRESETS.uk)).toThrow(/needs the evidence tables/);
  });
  it("no exchange rate is typed into src/cart/presets.ts", () => {
    const source = readFileSync("src/cart/presets.ts", "utf8");
    for (const r of rates) expect(source, `${r.currency} ${r.year}`).not.toContain(r.usd_per_unit);
  });
});

describe("the presets are the published reference cases", () => {
  it("US: ICER 2023 Value Assessment Framework (health-care sector, 3% for both, $100,000-$150,000 per QALY and evLYG, USD 2025)", () => {
    const us = PRESETS.us;
    expect(us).toMatchObject({
      id: "us",
      perspective: "health-care sector",
      currency: "USD",
      priceYear: 2025,
      discount: { costs: 0.03, outcomes: 0.03 },
      wtp: [100000, 150000],
      evLYG: true,
      severityModifier: false,
    });
    expect(us.discountScenario).toBeUndefined();
    expect(us.label).toContain("ICER");
    // The source text states what the preset holds.
    for (const s of ["ICER 2023", "health-care sector", "3%", "$100,000-$150,000 per QALY", "evLYG", "$150,000"])
      expect(us.source).toContain(s);
  });
  it("UK: NICE manual (NHS and PSS, 3.5% with a 1.5% scenario, GBP 25,000-35,000 per QALY, severity modifier, GBP 2024)", () => {
    const uk = PRESETS.uk;
    expect(uk).toMatchObject({
      id: "uk",
      perspective: "NHS and personal social services",
      currency: "GBP",
      priceYear: 2024,
      discount: { costs: 0.035, outcomes: 0.035 },
      discountScenario: { costs: 0.015, outcomes: 0.015 },
      wtp: [25000, 35000],
      evLYG: false,
      severityModifier: true,
    });
    expect(uk.discountScenario!.note).toContain("1.5%");
    expect(uk.discountScenario!.note).toContain("NICE");
    expect(uk.label).toContain("NICE");
    for (const s of ["NICE", "NHS and PSS", "3.5%", "1.5%", "25,000-35,000", "severity modifier"])
      expect(uk.source).toContain(s);
  });
  it("each preset's life table is a file that loads, with a label naming its years and a source of data/cart/sources.csv", () => {
    const sources = new Set(csvParse(readFileSync("data/cart/sources.csv", "utf8")).map((r) => r.id));
    const years: Record<string, RegExp> = { us: /2015/, uk: /2018-2020/ };
    for (const p of Object.values(PRESETS)) {
      expect(sources.has(p.lifeTable.sourceId), p.id).toBe(true);
      expect(p.lifeTable.label, p.id).toMatch(years[p.id]);
      expect(p.lifeTable.file, p.id).toMatch(years[p.id]);
      const t = loadLifeTable(p.lifeTable.file);
      expect(t.columns.Age.length, p.id).toBeGreaterThan(80);
    }
    expect(PRESETS.us.lifeTable).toMatchObject({
      file: "data/lifetables/us-2015-all-cause-mortality.csv",
      sourceId: "DARTH_LIFETABLE",
    });
    expect(PRESETS.uk.lifeTable).toMatchObject({
      file: "data/lifetables/uk-ons-2018-2020-mx.csv",
      sourceId: "ONS_LT2020",
    });
  });
  it("without the UK price year's exchange rate the offset cap cannot be converted, and the error names the preset", () => {
    const edited = { ...evidence, usdPer: new Map(evidence.usdPer) };
    edited.usdPer.set("GBP", new Map([...evidence.usdPer.get("GBP")!].filter(([y]) => y !== 2024)));
    expect(() => offsetCapIn(PRESETS.uk, edited)).toThrow("preset uk, offset cap");
    expect(() => offsetCapIn(PRESETS.uk, edited)).toThrow("no exchange rate for GBP in 2024");
  });
});

describe("presetById(id) and PRESET_IDS", () => {
  it("finds the two presets by id and nothing else, not even an object's inherited names", () => {
    expect(PRESET_IDS).toEqual(["us", "uk"]);
    expect(presetById("us")).toBe(PRESETS.us);
    expect(presetById("uk")).toBe(PRESETS.uk);
    for (const id of ["constructor", "__proto__", "toString", "US", ""]) expect(presetById(id), id).toBeUndefined();
  });
});
