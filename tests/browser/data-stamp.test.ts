// Links say which data they were made from (session 37): a page opened from a link whose data stamp
// is not the report's says so above its settings, and the link the page writes carries the report's
// own stamp. Runs against the built dist/ (npm run build first).
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport } from "../../tools/browser.js";
import { visits } from "../helpers/report-page.js";
import { dataStamp } from "../../src/cart/load.js";
import { DEFAULT_SCENARIO, encodeComparison } from "../../src/cart/index.js";
import { scenarioFileText } from "../../src/cart/scenario-file.js";

const OLD = "0123456789ab";
const OTHER = `made from other data (data ${OLD}; this report: data ${dataStamp()})`;

describe("links made from other data", { timeout: 300_000 }, () => {
  const report = servedReport();
  const visit = visits(report);

  it("Scenario explorer: the notice, the settings read, and the report's stamp in the link it writes", async () => {
    const { page, problems } = await visit(`explorer.html#disease=ms&p.c_price=333000&data=${OLD}`);
    await expect.poll(() => page.locator(".notice-data").innerText()).toContain(`This link was ${OTHER}`);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain("p.c_price=333000");
    expect(await page.evaluate(() => location.hash)).toContain(`&data=${dataStamp()}`);
    expect(describeProblems(problems)).toEqual([]);
    // The same link with the report's stamp, or none (a link made before stamps): no notice.
    const same = await visit(`explorer.html#disease=ms&data=${dataStamp()}`);
    expect(await same.page.locator(".notice-data").count()).toBe(0);
    const none = await visit("explorer.html#disease=ms");
    expect(await none.page.locator(".notice-data").count()).toBe(0);
  });

  it("the Summary's printed link to the Explorer carries the report's stamp", async () => {
    const { page } = await visit("summary.html");
    const href = await page.locator("a.summary-link").first().getAttribute("href");
    expect(href).toMatch(new RegExp(`explorer\\.html#disease=sle&data=${dataStamp()}$`));
  });

  it("the Explorer's link to Compare and the example page's links carry the report's stamp (review s37)", async () => {
    const s = { ...DEFAULT_SCENARIO, overrides: {} };
    const saved = JSON.stringify([
      scenarioFileText({ name: "A", scenario: s }),
      scenarioFileText({ name: "B", scenario: { ...s, disease: "ms" } }),
    ]);
    const { page, problems } = await report.open();
    await page.addInitScript((text) => localStorage.setItem("cartecon-saved-scenarios", text), saved);
    await page.goto(`${report.origin}/explorer.html`, { waitUntil: "networkidle" });
    await expect.poll(() => page.locator("a.compare-link").getAttribute("href")).toMatch(/compare\.html#n=A/);
    expect(await page.locator("a.compare-link").getAttribute("href")).toMatch(new RegExp(`&data=${dataStamp()}$`));
    expect(describeProblems(problems)).toEqual([]);
    const example = await visit("example-scenarios.html");
    const hrefs = await example.page
      .locator('a[href*="explorer.html#"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs.length).toBeGreaterThan(1);
    for (const h of hrefs) expect(h).toMatch(new RegExp(`&data=${dataStamp()}$`));
  });

  it("Compare and Uncertainty say it too", async () => {
    const s = { ...DEFAULT_SCENARIO, overrides: {} };
    const link = encodeComparison(
      [
        { name: "A", scenario: s },
        { name: "B", scenario: { ...s, disease: "ms" } },
      ],
      OLD,
    );
    const compare = await visit(`compare.html#${link}`);
    await expect.poll(() => compare.page.locator(".notice-data").innerText()).toContain(`This link was ${OTHER}`);
    expect(describeProblems(compare.problems)).toEqual([]);
    const uncertainty = await visit(`uncertainty.html#disease=sle&preset=us&n=40&seed=3&data=${OLD}`);
    await expect.poll(() => uncertainty.page.locator(".notice-data").innerText()).toContain(`This link was ${OTHER}`);
    expect(describeProblems(uncertainty.problems)).toEqual([]);
  });
});
