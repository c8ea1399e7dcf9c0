// Page review leftovers of session 37, each fixed in session 38 and kept fixed here. Runs against the
// built dist/ (npm run build first).
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport } from "../../tools/browser.js";
import { visits } from "../helpers/report-page.js";
import { openUncertaintyPage } from "../helpers/uncertainty-page.js";
import { DEFAULT_SCENARIO, encodeComparison, PRESETS } from "../../src/cart/index.js";

describe("page review s37 leftovers", { timeout: 300_000 }, () => {
  const report = servedReport();
  const visit = visits(report);
  const s = { ...DEFAULT_SCENARIO, overrides: {} };
  const plane = "figure:has-text('Incremental cost and QALYs against lifelong standard of care')";

  it("Compare: the CE plane draws the scenarios' threshold when they share one and a currency, and says why not otherwise", async () => {
    // Two US scenarios: the US preset's first threshold (presets.ts), in USD 2025.
    const us = PRESETS.us;
    const same = encodeComparison([
      { name: "A", scenario: s },
      { name: "B", scenario: { ...s, disease: "ms" } },
    ]);
    const { page, problems } = await visit(`compare.html#${same}`);
    await page.locator(plane).waitFor();
    const label = `WTP ${us.wtp[0].toLocaleString("en-US")} ${us.currency} ${us.priceYear} per QALY`;
    expect(await page.locator(`${plane} svg text`).allTextContents()).toContain(label);
    expect(await page.locator(`${plane} svg [stroke-dasharray="4,3"]`).count()).toBe(1);
    expect(await page.locator("p.muted", { hasText: "threshold" }).innerText()).toContain(
      "points below it are cost-effective",
    );
    expect(describeProblems(problems)).toEqual([]);
    // A US and a UK scenario: two currencies, no line, and the note says so.
    const mixed = encodeComparison([
      { name: "A", scenario: s },
      { name: "B", scenario: { ...s, preset: "uk" } },
    ]);
    const other = await visit(`compare.html#${mixed}`);
    await other.page.locator(plane).waitFor();
    expect(await other.page.locator(`${plane} svg [stroke-dasharray="4,3"]`).count()).toBe(0);
    expect(await other.page.locator("p.muted", { hasText: "threshold" }).innerText()).toContain(
      "without a threshold line: the scenarios use different thresholds or currencies",
    );
    // No scenario chosen (every box of the example pair unticked): nothing about the thresholds or
    // currencies of scenarios that are not there (review s38).
    const none = await visit("compare.html");
    const note = none.page.locator("p.muted", { hasText: "every CAR T platform of every scenario" });
    await note.waitFor();
    expect(await note.innerText()).toContain("points below it are cost-effective");
    const boxes = none.page.locator("form:has-text('Scenarios (up to') input[type=checkbox]");
    expect(await boxes.count()).toBeGreaterThan(1);
    for (const box of await boxes.all()) await box.uncheck();
    await expect.poll(async () => note.innerText(), { timeout: 60_000 }).not.toContain("cost-effective");
    expect(await note.innerText()).not.toMatch(/threshold line|different thresholds|scenarios. threshold/);
    expect(describeProblems(none.problems)).toEqual([]);
  });

  it("the two-way map names the base case (the grid runs low to high and need not hold it)", async () => {
    const { page, problems } = await openUncertaintyPage(
      report,
      "#disease=sle&preset=us&n=40&seed=3&a=r_relapse&b=k_relapse&steps=3",
    );
    await page.getByRole("button", { name: /Compute two-way map/ }).click();
    await page.locator(".twoway-results figure > svg, .twoway-results svg").first().waitFor();
    // data/cart/parameters-platforms.csv: r_relapse (autologous) 0.05 a year, k_relapse 1.
    const text = await page.locator(".twoway-results p").first().innerText();
    expect(text).toMatch(/Base case: r_relapse = 0\.05( \([^)]*\))?, k_relapse = 1( \([^)]*\))?\./);
    expect(describeProblems(problems)).toEqual([]);
  });

  it("Uncertainty: the workbook button before any analysis says what to compute, and writes no file", async () => {
    const { page, problems } = await openUncertaintyPage(report, "#disease=ms&preset=uk&n=40&seed=5");
    let downloads = 0;
    page.on("download", () => downloads++);
    await page.locator("button.download-xlsx").click();
    await expect
      .poll(() => page.locator(".xlsx-status").innerText())
      .toContain("Nothing computed yet for these settings");
    expect(await page.locator("button.download-xlsx").getAttribute("data-state")).toBe("empty");
    expect(downloads).toBe(0);
    expect(describeProblems(problems)).toEqual([]);
  });

  it("Durability example: the scan marks the base case's relapse rate (dotted rule, named in the legend)", async () => {
    const { page, problems } = await visit("durability.html");
    // data/cart/parameters-platforms.csv: r_relapse, in-vivo, 0.2 a year.
    await expect.poll(() => page.locator(".base-case-legend").innerText()).toBe("base case: 0.200 per year");
    expect(await page.locator('figure > svg [stroke-dasharray="1,3"]').count()).toBe(1);
    expect(describeProblems(problems)).toEqual([]);
  });

  it("Parameters: each default reads as the value in its box, to 6 significant digits (fixed decimals rounded 1019.06 to 1,019)", async () => {
    const { page, problems } = await visit("parameters.html#disease=sle&preset=uk");
    await page.locator("tr[data-parameter] td[data-label='Default']").first().waitFor();
    const rows = await page.locator("tr[data-parameter]").evaluateAll((trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute("data-parameter"),
        box: (tr.querySelector("input") as HTMLInputElement | null)?.value ?? "",
        shown: tr.querySelector("td[data-label='Default']")?.textContent?.trim() ?? "",
      })),
    );
    expect(rows.length).toBeGreaterThan(50);
    // Nothing edited: each box holds the default; the cell shows it to 6 significant digits.
    const off = rows.filter(({ box, shown }) => {
      const a = Number(box),
        b = Number(shown.replace(/,/g, ""));
      return !(Math.abs(a - b) <= 5e-6 * Math.max(Math.abs(a), 1e-300) || a === b);
    });
    expect(off).toEqual([]);
    expect(describeProblems(problems)).toEqual([]);
  });
});
