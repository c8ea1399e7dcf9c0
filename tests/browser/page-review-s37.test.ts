// Findings of a reviewer who read every page as a health economist (session 37), each kept fixed:
// the Uncertainty page claimed each distribution was "fitted to its 95% interval" while the
// autologous relapse rate draws about half its values below its range's low end, without a word;
// the Methods page's CHEERS checklist said PSA, tornado and VOI were "not implemented yet" and that no
// UK life table ships; the Summary's DOI sources were links the browser cannot open (href="doi:...");
// the Access page's platform-comparison budget showed ICER's USD 777 million of 2022 under a USD 2025
// caption, and kept it as a GBP amount after a switch to the UK preset. Runs against the built dist/.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport } from "../../tools/browser.js";
import { visits } from "../helpers/report-page.js";

/** A row of data/cart/price-index.csv (year, currency, index, ...), read here without the model's reader. */
function priceIndex(currency: string, year: number): number {
  const row = readFileSync("data/cart/price-index.csv", "utf8")
    .split("\n")
    .map((l) => l.split(","))
    .find((f) => f[0] === String(year) && f[1] === currency);
  if (!row) throw new Error(`no ${currency} ${year} in data/cart/price-index.csv`);
  return Number(row[2]);
}

describe("report pages read by a health economist (review s37)", { timeout: 300_000 }, () => {
  const visit = visits(servedReport());

  it("uncertainty.html names the drawn parameters with more than a fifth of their draws outside their range", async () => {
    const { page, problems } = await visit("uncertainty.html#disease=sle&preset=us&n=40&seed=1");
    const note = page.locator("#outside-range");
    await note.waitFor({ timeout: 120_000 });
    // Autologous relapse rate: value 0.05, range 0.02-0.3 (data/cart/parameters-platforms.csv), a gamma
    // of mean 0.05 and SD 0.28/3.92: shape (0.05/0.0714286)^2 = 0.49, rate 9.8. By the series of the
    // regularised lower incomplete gamma function, P(X < 0.02) = P(0.49, 0.196) = 0.47702 and
    // P(X > 0.3) = 1 - P(0.49, 2.94) = 0.01482: "47.7% of draws below 0.02, 1.5% above 0.3".
    expect(await note.innerText()).toContain("47.7% of draws below 0.02, 1.5% above 0.3");
    expect(await page.locator("main").innerText()).not.toContain("fitted to its 95% interval");
    expect(describeProblems(problems)).toEqual([]);
  });

  it("methods.html: the CHEERS checklist names what the report has (uncertainty analyses, the UK life table)", async () => {
    const { page } = await visit("methods.html");
    // textContent: the checklist may sit in a closed <details>.
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("Characterising uncertainty");
    expect(text).not.toContain("Not implemented yet: probabilistic");
    expect(text).not.toContain("No probabilistic results");
    expect(text).not.toContain("no UK table ships");
    expect(text).toContain("ONS 2018–2020 for the UK");
  });

  it("summary.html: a source given by its DOI links to the DOI resolver", async () => {
    const { page } = await visit("summary.html");
    const hrefs = await page.locator(".summary-sources a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.filter((h) => h?.startsWith("doi:"))).toEqual([]);
    expect(hrefs.some((h) => h?.startsWith("https://doi.org/10."))).toBe(true);
  });

  it("access.html: the platform comparison's budget is the threshold in the preset's price year, per preset", async () => {
    const { page, problems } = await visit("access.html#disease=sle&preset=us");
    const box = page
      .locator("form", { hasText: "Annual budget for the platform comparison" })
      .locator('input[type="text"]');
    // data/access/thresholds.csv: ICER's USD 777,000,000 of 2022, uprated; USD 2025 prices.
    const us = Math.round((777_000_000 * priceIndex("USD", 2025)) / priceIndex("USD", 2022));
    await expect.poll(() => box.inputValue()).toBe(String(us));
    expect(await page.locator("form", { hasText: "Annual budget for the platform comparison" }).innerText()).toContain(
      "(USD 2025)",
    );
    // The UK: NHS England's GBP 20 million, a fixed cash amount (uprated = no).
    await page.getByLabel("United Kingdom (NICE)").check();
    await expect.poll(() => box.inputValue(), { timeout: 60_000 }).toBe("20000000");
    expect(await page.locator("form", { hasText: "Annual budget for the platform comparison" }).innerText()).toContain(
      "(GBP",
    );
    expect(describeProblems(problems)).toEqual([]);
  });
});
