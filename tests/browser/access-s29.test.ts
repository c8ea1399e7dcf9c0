// Round-2 review of the Access & budget page, as a user reads it at the defaults (SLE, US, bespoke
// CAR T, 10 years): QALYs lost to waiting never fall and the cumulative column is the running sum of
// the yearly one; the threshold says its currency and price year and is inflated to the spend's; the
// summary writes the uptake curve in words and the PMPM with its currency; the payments table says
// what is paid after the horizon. Runs against the built dist/ (npm run build first).
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { describeProblems, servedReport } from "../../tools/browser.js";

/** A table's column values as text, found by the table's header text. */
async function column(page: Page, tableHeader: string, header: string): Promise<string[]> {
  return page.evaluate(
    ([tableHeader, header]) => {
      const table = [...document.querySelectorAll("table")].find((t) =>
        [...t.querySelectorAll("thead th")].some((th) => th.textContent?.trim() === tableHeader),
      );
      if (!table) return [];
      const j = [...table.querySelectorAll("thead th")].findIndex((th) => th.textContent?.trim() === header);
      return [...table.querySelectorAll("tbody tr")].map((tr) => tr.children[j]?.textContent?.trim() ?? "");
    },
    [tableHeader, header],
  );
}
const num = (s: string) => Number(s.replace(/,/g, ""));

describe("Access & budget page: round-2 review", () => {
  const report = servedReport();

  it("shows QALYs lost to waiting by year and cumulative: the cumulative is the running sum and never falls", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/access.html`, { waitUntil: "networkidle" });
    await page.waitForSelector("#access-status", { state: "attached", timeout: 60_000 });
    const year = (await column(page, "QALYs lost to waiting (year)", "QALYs lost to waiting (year)")).map(num);
    const cum = (await column(page, "QALYs lost to waiting (year)", "QALYs lost to waiting (cum.)")).map(num);
    expect(year.length).toBe(10);
    let sum = 0;
    cum.forEach((c, i) => {
      sum += year[i];
      // Each shown to 1 decimal: the running sum of the rounded yearly figures is within 0.05 per year.
      expect(Math.abs(c - sum)).toBeLessThanOrEqual(0.05 * (i + 1) + 1e-9);
      if (i > 0) expect(c).toBeGreaterThanOrEqual(cum[i - 1]);
    });
    const formula = (await page.textContent("#access-qalys-lost-formula")) ?? "";
    expect(formula).toContain("never falls");
    expect(formula).toContain("ΔQ × (d(s) − d(t))");
    // The headline's total is the table's last cumulative figure.
    const headline = (await page.textContent("#access-headline"))!.replace(/\s+/g, " ");
    expect(headline).toContain(`against unlimited capacity: ${cum[cum.length - 1].toFixed(1)}`);
    expect(describeProblems(problems)).toEqual([]);
  }, 120_000);

  it("states the threshold's currency and price year, inflated to the spend's; the uptake in words; PMPM with its currency", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/access.html`, { waitUntil: "networkidle" });
    await page.waitForSelector("#access-status", { state: "attached", timeout: 60_000 });
    const headline = (await page.textContent("#access-headline"))!.replace(/\s+/g, " ");
    // 777,000,000 x 119.0 / 110.0 = 840,572,727 (US PCE health price index, 2022 and 2025 rows of data/cart/price-index.csv).
    expect(headline).toContain(
      "ICER potential budget impact threshold: USD 777,000,000 a year in 2022 prices, USD 840,572,727 in 2025 prices",
    );
    expect(headline).toContain("against the net budget impact in USD 2025");
    // logistic:0.5,3,1.2 is u(t) = 0.5 / (1 + e^(-1.2 (t - 3))): 50% at the plateau, 25% at year 3.
    expect(headline).toContain(
      "uptake: logistic curve rising to 50% of eligible patients, half of that (25%) at year 3, steepness 1.2 a year",
    );
    expect(headline).not.toMatch(/logistic:/);
    expect(headline).toMatch(/\d\.\d\d USD 2025 per member per month, 1,000,000 members/);
    expect(describeProblems(problems)).toEqual([]);
  }, 120_000);

  it("explains the payments after the horizon: the up-front row splits into retreatment and first-course infusions", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/access.html`, { waitUntil: "networkidle" });
    await page.waitForSelector("#access-after-horizon-note", { state: "attached", timeout: 60_000 });
    const caption = await page.evaluate(
      () =>
        [...document.querySelectorAll("table caption")]
          .map((c) => c.textContent ?? "")
          .find((t) => /After horizon/.test(t)) ?? "",
    );
    expect(caption.replace(/\s+/g, " ")).toContain("retreatment courses after relapse");
    const labels = await column(page, "of which retreatment after relapse", "Payment model");
    const years = await column(page, "of which retreatment after relapse", "Year");
    const amounts = (await column(page, "of which retreatment after relapse", "Payments")).map(num);
    const re = await column(page, "of which retreatment after relapse", "of which retreatment after relapse");
    const i = labels.findIndex((l, k) => l === "Up-front payment at infusion" && years[k] === "after horizon");
    expect(i).toBeGreaterThanOrEqual(0);
    expect(num(re[i])).toBeGreaterThan(0);
    expect(num(re[i])).toBeLessThanOrEqual(amounts[i]);
    // Yearly rows leave the column empty.
    expect(re[labels.indexOf("Up-front payment at infusion")]).toBe("");
    const note = ((await page.textContent("#access-after-horizon-note")) ?? "").replace(/\s+/g, " ");
    // The note's total and retreatment part are the table's.
    expect(note).toContain(
      `Up-front: ${amounts[i].toLocaleString("en-US")} USD 2025, of which ${re[i]} for retreatment`,
    );
    expect(describeProblems(problems)).toEqual([]);
  }, 120_000);
});
