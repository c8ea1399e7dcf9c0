// Defects found using the report pages as a health economist would (review s29), each kept fixed: the
// example scenarios' chart panels in the reverse of the table's order; the two-way map's long axis
// labels running past the chart at 390 px; downloads that hold more rows than the table beside them
// (both populations, every offsets scenario, both presets) without saying so. Runs against the built
// dist/ (`npm run build`).
import { readFileSync } from "node:fs";
import * as aq from "arquero";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport, svgTextProblems } from "../../tools/browser.js";
import { download, visits } from "../helpers/report-page.js";
import { openUncertaintyPage } from "../helpers/uncertainty-page.js";

/** The note beside the CSV button named `name`, and the text the button's aria-describedby points to. */
async function noteOf(page: Page, name: string): Promise<{ shown: string; described: string }> {
  const button = page.getByRole("button", { name });
  return button.evaluate((b) => ({
    shown: b.closest(".downloads")?.querySelector(".download-note")?.textContent?.trim() ?? "",
    described: document.getElementById(b.getAttribute("aria-describedby") ?? "")?.textContent?.trim() ?? "",
  }));
}

/** The rows of the CSV a click on the button named `name` downloads. */
async function csvOf(page: Page, name: string): Promise<Array<Record<string, string>>> {
  return aq.fromCSV(readFileSync(await download(page, name), "utf8"), { autoType: false }).objects() as Array<
    Record<string, string>
  >;
}

const distinct = (xs: string[]) => [...new Set(xs)];

describe("report pages used as a health economist would (review s29)", { timeout: 600_000 }, () => {
  const report = servedReport();
  const visit = visits(report);

  for (const width of [1280, 390]) {
    it(`example-scenarios.html at ${width} px: the chart's panels and legend follow the table's order of scenarios`, async () => {
      // Before: Plot sorted the panels by name, "In-vivo at 40,000" above "UK defaults", the reverse of the table.
      const { page, problems } = await visit("example-scenarios.html", { width });
      const table = page.locator("table.data-table").first();
      await table.locator("tbody tr").first().waitFor();
      const tableOrder = distinct(
        (await table.locator("tbody tr > th:first-child").allTextContents()).map((t) => t.trim()),
      );
      // The page's two scenarios, in the order it defines them (src/example-scenarios.md).
      expect(tableOrder).toEqual(["UK defaults", "In-vivo at 40,000"]);
      const figure = page.locator("figure", { has: page.locator(":scope > svg") }).first();
      // Each panel's name is a text in the SVG; top to bottom they read in the panels' order.
      const panelOrder = await figure.locator(":scope > svg").evaluate((svg, names) => {
        const texts = [...svg.querySelectorAll("text")].filter((t) => names.includes((t.textContent ?? "").trim()));
        return texts
          .sort((p, q) => p.getBoundingClientRect().top - q.getBoundingClientRect().top)
          .map((t) => (t.textContent ?? "").trim());
      }, tableOrder);
      expect(panelOrder).toEqual(tableOrder);
      const legend = (await figure.locator('[class$="-swatch"]').allTextContents()).map((t) => t.trim());
      expect(legend).toEqual(tableOrder);
      expect(describeProblems(problems)).toEqual([]);
      await page.close();
    });
  }

  for (const width of [390, 1280]) {
    it(`uncertainty.html at ${width} px: the two-way map's longest axis labels stay whole inside the chart`, async () => {
      // c_lymphodepletion__allogeneic is a cost per infusion (src/cart/dictionary.ts); in the UK preset its
      // label reads "(GBP 2024 per infusion)", about 280 px of text. Before: at 390 px, upright beside the
      // cells, it ran past the SVG's top and bottom; centred below them, past its right edge.
      // The axes name the parameters (src/cart/dictionary.ts, short labels) where the name fits the chart
      // on one line, else give the id: at 390 px the lymphodepletion name with its unit (85 characters,
      // about 550 px) does not, the relapse rate's (36) does.
      const long =
        width < 640
          ? "c_lymphodepletion__allogeneic (GBP 2024 per infusion)"
          : "Lymphodepleting chemotherapy (Off-the-shelf allogeneic CAR T) (GBP 2024 per infusion)";
      const relapse = "Relapse rate in remission (per year)";
      // Values rise upwards and rightwards: the y label above the cells reads "↑ …", the x label below them "… →".
      for (const [a, b, expected] of [
        ["r_relapse", "c_lymphodepletion__allogeneic", [`${relapse} →`, `↑ ${long}`]],
        ["c_lymphodepletion__allogeneic", "r_relapse", [`${long} →`, `↑ ${relapse}`]],
      ] as const) {
        // A page of its own per map: a new hash alone would not reload the page.
        const { page, problems } = await openUncertaintyPage(report, `#disease=ms&preset=uk&a=${a}&b=${b}&steps=3`, {
          width,
        });
        await page.getByRole("button", { name: /Compute two-way map/ }).click();
        const svg = page.locator(".twoway-results figure > svg");
        await svg.waitFor();
        const labels = await svg.evaluate((el) => {
          const frame = el.getBoundingClientRect();
          return [...el.querySelectorAll('[aria-label$="-axis label"] text')].map((t) => {
            const r = t.getBoundingClientRect();
            return {
              text: (t.textContent ?? "").trim(),
              inside:
                r.left >= frame.left - 1 &&
                r.right <= frame.right + 1 &&
                r.top >= frame.top - 1 &&
                r.bottom <= frame.bottom + 1,
            };
          });
        });
        expect(labels.map((l) => l.text).sort()).toEqual([...expected].sort());
        expect(labels).toEqual(labels.map((l) => ({ ...l, inside: true })));
        const t = await svgTextProblems(svg);
        expect(t.texts).toBeGreaterThan(6); // two axis labels and three ticks on each axis
        expect(t.problems).toEqual([]);
        expect(describeProblems(problems)).toEqual([]);
        await page.close();
      }
    });
  }

  it("incremental.html: the frontier CSV says it holds both populations and both measures, of which the table shows one", async () => {
    const { page, problems } = await visit("incremental.html#disease=sle&preset=us");
    const button = "Download CSV: frontier-sle-us.csv";
    await page.getByRole("button", { name: button }).waitFor();
    // The US preset reports cost per evLYG beside cost per QALY (ICER's reference case).
    const said = (population: string) =>
      `Holds intention to treat and infused patients (column population), per QALY and per evLY (column measure); the table shows ${population}.`;
    expect(await noteOf(page, button)).toEqual({
      shown: said("intention to treat"),
      described: said("intention to treat"),
    });
    const rows = await csvOf(page, button);
    expect(distinct(rows.map((r) => r.population)).sort()).toEqual(["infused patients", "intention to treat"]);
    expect(distinct(rows.map((r) => r.measure)).sort()).toEqual(["QALY", "evLY"]);
    // The table: one row per strategy, the rows of one population and measure in the file.
    const table = page.locator("table.data-table").first();
    const shown = await table.locator("tbody tr").count();
    expect(shown).toBe(rows.filter((r) => r.population === "intention to treat" && r.measure === "QALY").length);
    await page.getByLabel("infused patients", { exact: true }).check();
    await expect
      .poll(async () => (await noteOf(page, button)).shown, { timeout: 60_000 })
      .toBe(said("infused patients"));
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("incremental.html: with the UK preset (no evLY) the frontier CSV's note names the populations only", async () => {
    const { page, problems } = await visit("incremental.html#disease=sle&preset=uk");
    const button = "Download CSV: frontier-sle-uk.csv";
    await page.getByRole("button", { name: button }).waitFor();
    expect((await noteOf(page, button)).shown).toBe(
      "Holds intention to treat and infused patients (column population); the table shows intention to treat.",
    );
    const rows = await csvOf(page, button);
    expect(distinct(rows.map((r) => r.measure))).toEqual(["QALY"]);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("example-thresholds.html: the threshold-prices CSV says it holds every way of crediting the offsets, the table the standard one", async () => {
    const { page, problems } = await visit("example-thresholds.html");
    const button = "Download CSV: threshold-prices-uk.csv";
    await page.getByRole("button", { name: button }).waitFor();
    // The four offsets scenarios of offsetScenarios in src/cart/analysis.ts: all offsets credited, ICER's
    // annual cap, ICER's 50/50 shared savings, a limited number of years.
    const said =
      "Holds every way of crediting the offsets (column offsets: standard, cap, shared, years); the chart and table show the standard one, all offsets credited.";
    expect(await noteOf(page, button)).toEqual({ shown: said, described: said });
    const rows = await csvOf(page, button);
    expect(distinct(rows.map((r) => r.offsets))).toEqual(["standard", "cap", "shared", "years"]);
    const shown = await page.locator("table.data-table").first().locator("tbody tr").count();
    expect(shown).toBe(rows.filter((r) => r.offsets === "standard").length);
    expect(rows.length).toBe(4 * shown);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("methods.html: the inputs-by-status CSV says it holds both presets, and which one the table shows", async () => {
    const { page, problems } = await visit("methods.html");
    const button = "Download CSV (both presets): evidence-status-inputs.csv";
    await page.getByRole("button", { name: button }).waitFor();
    // The presets' labels in src/cart/presets.ts; the page opens on the US one.
    const said = (label: string) => `Holds both presets (column preset); the table shows the ${label} preset.`;
    expect(await noteOf(page, button)).toEqual({
      shown: said("United States (ICER)"),
      described: said("United States (ICER)"),
    });
    const rows = await csvOf(page, button);
    expect(distinct(rows.map((r) => r.preset)).sort()).toEqual(["uk", "us"]);
    await page.getByLabel("United Kingdom (NICE)", { exact: true }).check();
    await expect
      .poll(async () => (await noteOf(page, button)).shown, { timeout: 60_000 })
      .toBe(said("United Kingdom (NICE)"));
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});
