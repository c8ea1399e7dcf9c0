// Findings of a first-time reader's review (s30), each kept fixed: parameter ids shown where a reader
// expects words (the Overview's drivers, the durability line, Compare's "What differs"); the
// Overview's warnings as one paragraph per disease; ICER cells of Access and Compare that printed a
// ratio for a dominated or cheaper-and-worse option; the presets example's thresholds in descending
// order. Runs against the built dist/ (`npm run build`).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as aq from "arquero";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO, encodeComparison, type Scenario } from "../../src/cart/index.js";
import { describeProblems, distDir, servedReport } from "../../tools/browser.js";
import { columnOf, download, visits } from "../helpers/report-page.js";

/** The Overview's data as the build wrote it (src/data/overview.json.ts). */
function overviewData() {
  const dir = join(distDir, "_file/data");
  const file = readdirSync(dir).find((f) => /^overview\.[0-9a-f]+\.json$/.test(f));
  if (!file) throw new Error(`no overview.*.json in ${dir}: run npm run build`);
  return JSON.parse(readFileSync(join(dir, file), "utf8"));
}

/** The first data table with a column headed `header`. */
const tableWith = (page: Page, header: string) =>
  page.locator("table.data-table", { has: page.locator("thead th", { hasText: header }) }).first();

// A parameter id as the dictionary writes them: a role prefix, an underscore, lower-case words.
const PARAMETER_ID = /\b(?:c|p|r|u|k|m|f|rr|hr|n|d)_[a-z0-9_]+\b/;

describe("report pages read by a first-time user (review s30)", { timeout: 300_000 }, () => {
  const visit = visits(servedReport());

  it("index.html: the drivers are named by their labels, and the warnings are a summary with one sentence per disease", async () => {
    const { page, problems } = await visit("index.html");
    // Before: "r_relapse (NMB 456,773 to -335,020 USD 2025); k_relapse (…)".
    await page.locator("#drivers li").first().waitFor();
    const drivers = await page.locator("#drivers li").allInnerTexts();
    expect(drivers.length).toBeGreaterThan(0);
    for (const d of drivers) expect(d).not.toMatch(PARAMETER_ID);
    // data/drivers/autologous-nmb-swings.csv: r_relapse is SLE's largest swing (its short label).
    expect(drivers.join("\n")).toContain("Relapse rate in remission (NMB");

    // Before: one paragraph of up to 1,900 characters per disease, naming every strategy for every state.
    await page.locator("#warnings details > summary").waitFor();
    const summary = (await page.locator("#warnings details > summary").innerText()).trim();
    expect(summary).toMatch(/^Negative net benefit of survival in \d of 6 diseases: /);
    const rows = overviewData().negative_survival.filter((r: { preset: string }) => r.preset === "us");
    const diseases = [...new Set(rows.map((r: { disease: string }) => r.disease))];
    const items = await page.locator("#warnings details li").allTextContents();
    expect(items.length).toBe(diseases.length);
    // Open by default (review s37: the states were hidden until the summary was clicked); still foldable.
    expect(await page.locator("#warnings details li").first().isVisible()).toBe(true);
    // Nothing dropped: every state named in the loader's rows is named in its disease's sentence.
    for (const r of rows as Array<{ disease: string; state_label: string }>) {
      const i = diseases.indexOf(r.disease);
      expect(items[i], r.disease).toContain(r.state_label);
    }
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("summary.html: the durability line says after how many months the relapse hazard is constant, not m_relapse_horizon", async () => {
    const { page, problems } = await visit("summary.html#disease=sle&preset=us", { settle: false });
    const meta = page.locator('section.summary-disease[data-disease="sle"] .summary-meta');
    await meta.waitFor();
    // data/cart/parameters-platforms.csv: m_relapse_horizon 60 months.
    const text = await meta.innerText();
    expect(text).toContain("constant after 60 months");
    expect(text).not.toContain("m_relapse_horizon");
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("compare.html: a cheaper option with fewer QALYs reads 'saves … per QALY lost', and What differs names parameters by label beside their id", async () => {
    // MS, UK, bespoke price 1,000 and a remission utility of 0.3: autologous CAR T costs less than SoC
    // and loses QALYs (run in Node when the test was written: about -45,000 GBP and -0.99 QALYs).
    const base: Scenario = { ...DEFAULT_SCENARIO, disease: "ms", preset: "uk", platform: "autologous", overrides: {} };
    const worse: Scenario = { ...base, overrides: { c_price: 1000, u_remission: 0.3 } };
    const link = encodeComparison([
      { name: "MS UK", scenario: base },
      { name: "MS cheap, worse", scenario: worse },
    ]);
    const { page, problems } = await visit(`compare.html#${link}`);
    const results = tableWith(page, "ICER (per QALY)");
    await results.locator("tbody tr").first().waitFor();
    const names = await columnOf(results, "Scenario");
    const strategies = await columnOf(results, "Strategy");
    const icers = await columnOf(results, "ICER (per QALY)");
    const i = names.findIndex((n, j) => n === "MS cheap, worse" && strategies[j] === "Bespoke autologous CAR T");
    expect(i).toBeGreaterThanOrEqual(0);
    // Before: the positive ratio, as if it were an ICER of a dearer, better option.
    expect(icers[i]).toMatch(/^saves [0-9,]+ per QALY lost$/);
    for (const x of icers) expect(x).not.toMatch(/^-/);

    const differs = tableWith(page, "Parameter id");
    const assumptions = await columnOf(differs, "Assumption");
    const ids = await columnOf(differs, "Parameter id");
    // The dictionary's descriptions of c_price and u_remission (src/cart/dictionary.ts).
    expect(assumptions).toContain("CAR T product price (list price unless stated)");
    expect(ids[assumptions.indexOf("CAR T product price (list price unless stated)")]).toBe("c_price");
    expect(ids[assumptions.indexOf("Utility, drug-free remission")]).toBe("u_remission");
    for (const a of assumptions) expect(a).not.toMatch(PARAMETER_ID);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("access.html: a dominated platform's ICER under each payment model says dominated, never a negative ratio", async () => {
    // Type 1 diabetes, US defaults: bespoke CAR T costs more and gains no QALYs (the Overview's row).
    const { page, problems } = await visit("access.html#disease=t1d&preset=us&platform=autologous");
    const table = tableWith(page, "Product payments (PV)");
    await table.locator("tbody tr").first().waitFor();
    const icers = await columnOf(table, "ICER (per QALY)");
    expect(icers.length).toBeGreaterThan(1);
    // Before: a negative ratio (more costly, fewer QALYs) printed as if it were an ICER.
    expect(icers[0]).toBe("dominated");
    for (const x of icers) expect(x).not.toMatch(/^-/);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("example-presets.html: the thresholds' columns rise from left to right, in the table and its CSV", async () => {
    const { page, problems } = await visit("example-presets.html");
    const table = page.locator("table.data-table").first();
    const headers = (await table.locator("thead th").allTextContents()).map((t) => t.trim());
    // The page's own threshold (20,000) and the UK preset's (25,000, src/cart/presets.ts).
    // Each named as the page's own copy or the preset (review s37).
    expect(headers).toEqual([
      "Platform",
      "At 20,000 per QALY (own copy of the UK preset)",
      "At 25,000 per QALY (the UK preset)",
    ]);
    const csv = aq.fromCSV(readFileSync(await download(page, "Download CSV: presets-sle.csv"), "utf8"));
    expect(csv.columnNames()).toEqual(["platform", "at_20000", "at_default"]);
    const low = csv.array("at_20000") as number[];
    const high = csv.array("at_default") as number[];
    // A lower threshold values a QALY less: each platform's cost-effective price is lower at 20,000.
    low.forEach((x, i) => expect(x).toBeLessThan(high[i]));
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});
