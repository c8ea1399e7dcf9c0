import { readFileSync } from "node:fs";
import { csvParse } from "d3-dsv";
import { describe, expect, it } from "vitest";
import { offsetCapIn, offsetScenarios, PRESETS } from "../../src/cart/index.js";
import { loadEvidence } from "../../src/cart/load.js";

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
