// Review s29 (tables): no negative "ICER" in the Overview's comparator table or its CSV; the
// explorer's results table and CSV give a non-CAR T comparator (autologous HSCT) the same cost parity
// as the Summary page and the same increments as the Compare page; explorer edits survive a preset
// switch and back. Runs against the built dist/ (npm run build first).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { csvParse } from "d3-dsv";
import { describeProblems, servedReport, changeInput } from "../../tools/browser.js";
import { DEFAULT_SCENARIO, encodeComparison } from "../../src/cart/index.js";
import { download, settle } from "../helpers/report-page.js";

/** "-162,031" as the report's fmt(x, 0) writes it (en-US grouping; fmt's minus is checked as either sign). */
const grouped = (x: number, digits = 0) =>
  new Intl.NumberFormat("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
const plainMinus = (s: string) => s.replace(/\u2212/g, "-").trim();

/** The cost-effectiveness plane's quadrant by definition (Drummond et al. 2015, ch. 4), from the signs alone. */
const quadrant = (dC: number, dQ: number) =>
  dQ > 0 && dC > 0
    ? "ICER"
    : dQ >= 0 && dC <= 0 && (dQ > 0 || dC < 0)
      ? "dominant"
      : dQ <= 0 && dC >= 0
        ? "dominated"
        : "cheaper, fewer QALYs";

/** A data table's cells by header text, one object per row, found by its (visually hidden) caption. */
async function tableRows(page: Page, caption: string): Promise<Array<Record<string, string>>> {
  return page.evaluate((caption) => {
    const table = [...document.querySelectorAll("table")].find((t) =>
      t.querySelector("caption")?.textContent?.includes(caption),
    );
    if (!table) throw new Error(`no table captioned ${caption}`);
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent!.trim());
    return [...table.querySelectorAll("tbody tr")].map((tr) =>
      Object.fromEntries([...tr.children].map((c, j) => [heads[j], c.textContent!.trim()])),
    );
  }, caption);
}

async function downloadCsvRows(page: Page, name: RegExp, file: string) {
  return csvParse(readFileSync(await download(page, name, file), "utf8"));
}

async function explorerStatus(page: Page) {
  await page.waitForSelector("#explorer-status", { state: "attached" });
  const d = await page.$eval("#explorer-status", (el) => ({ ...(el as HTMLElement).dataset }));
  return { ...d, scenario: JSON.parse(decodeURIComponent(d.scenario!)) };
}

describe("review s29: results tables", { timeout: 240_000 }, () => {
  const report = servedReport();

  it("Overview (US): the comparators' ICER column and the cart-overview CSV hold no negative ICER; dominant ones say so", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/index.html`, { waitUntil: "networkidle" });
    await settle(page);
    const rows = await tableRows(page, "Other non-CAR T strategies against lifelong SoC");
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const dC = Number(plainMinus(r["Incr. cost"]).replace(/,/g, ""));
      const dQ = Number(plainMinus(r["Incr. QALYs"]));
      const want = quadrant(dC, dQ);
      const icer = plainMinus(r.ICER);
      expect(icer.startsWith("-"), `${r.Disease} ${r.Strategy}: ${icer}`).toBe(false);
      if (want === "dominant" || want === "dominated") expect(icer).toBe(want);
      if (want === "ICER") expect(icer).toMatch(/^[0-9,]+$/);
    }
    // SLE's autologous HSCT: cheaper and more QALYs than SoC under the US defaults (the review's −162,031, +0.899).
    const sle = rows.find((r) => r.Disease.startsWith("SLE") && /stem cell/i.test(r.Strategy));
    expect(sle?.ICER).toBe("dominant");

    const csv = await downloadCsvRows(page, /Download CSV: cart-overview-us\.csv/, "overview-us.csv");
    expect(csv.length).toBe(18); // 6 diseases × 3 platforms
    for (const r of csv) {
      const want = quadrant(Number(r.incremental_cost), Number(r.incremental_qalys));
      expect(r.icer_status).toBe(want);
      if (want === "ICER")
        expect(Number(r.icer)).toBeCloseTo(Number(r.incremental_cost) / Number(r.incremental_qalys), 6);
      else expect(r.icer).toBe("");
    }
    expect(csv.filter((r) => r.disease === "sle").every((r) => r.icer === "" || Number(r.icer) > 0)).toBe(true);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("explorer (SLE, US defaults): autologous HSCT's cost parity equals the Summary's, its increments the Compare page's, on screen and in the CSV", async () => {
    // Summary: the comparator row of SLE's headline table.
    const summary = await report.open();
    await summary.page.goto(`${report.origin}/summary.html#disease=sle&preset=us`, { waitUntil: "networkidle" });
    await settle(summary.page);
    const summaryCells = await summary.page.$eval(
      'section.summary-disease[data-disease="sle"] tr.summary-comparator[data-strategy="ahsct"]',
      (tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent!.trim()),
    );
    const summaryParity = summaryCells[3];
    expect(summaryParity).toMatch(/^[0-9.]+$/); // a year, not "not within horizon"
    await summary.page.close();

    // Compare: the default SLE US scenario's aHSCT row.
    const compare = await report.open();
    const link = encodeComparison([
      { name: "Defaults", scenario: { ...DEFAULT_SCENARIO, disease: "sle", preset: "us", overrides: {} } },
    ]);
    await compare.page.goto(`${report.origin}/compare.html#${link}`, { waitUntil: "networkidle" });
    await compare.page.waitForSelector("#compare-status", { state: "attached" });
    const results = JSON.parse(
      await compare.page.$eval("#compare-status", (el) => (el as HTMLElement).dataset.results!),
    ) as Record<string, unknown[]>;
    const k = results.strategy.indexOf("ahsct");
    expect(k).toBeGreaterThan(0);
    const compareCost = results.incremental_cost[k] as number;
    const compareQalys = results.incremental_qalys[k] as number;
    await compare.page.close();

    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/explorer.html#disease=sle&preset=us`, { waitUntil: "networkidle" });
    await explorerStatus(page);
    const rows = await tableRows(page, "Per patient intended to receive CAR T, discounted");
    const ahsct = rows.find((r) => /stem cell/i.test(r.Strategy))!;
    expect(ahsct["Cost parity (years)"]).toBe(summaryParity);
    expect(plainMinus(ahsct["Incr. cost"])).toBe(grouped(compareCost));
    expect(plainMinus(ahsct["Incr. QALYs"])).toBe(grouped(compareQalys, 3));
    expect(ahsct["ICER (per QALY)"].replace(" †", "")).toBe(
      quadrant(compareCost, compareQalys) === "ICER"
        ? grouped(compareCost / compareQalys)
        : quadrant(compareCost, compareQalys),
    );

    const csv = await downloadCsvRows(page, /Download CSV: cart-results-sle-us\.csv/, "results-sle-us.csv");
    const row = csv.find((r) => r.strategy === "ahsct")!;
    expect(grouped(Number(row.cost_parity_year), 1)).toBe(summaryParity);
    expect(Number(row.incremental_cost)).toBeCloseTo(compareCost, 6);
    expect(Number(row.incremental_qalys)).toBeCloseTo(compareQalys, 9);
    expect(row.icer_status).toBe(quadrant(compareCost, compareQalys));
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("explorer: a price typed under US survives a switch to UK and back (the link carries it again); UK keeps its own defaults", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/explorer.html#disease=sle&preset=us`, { waitUntil: "networkidle" });
    await explorerStatus(page);
    await changeInput(page, "Product price", 300000, {
      status: "#explorer-status",
      key: "scenario",
      chart: "#cost-chart",
    });
    expect((await explorerStatus(page)).scenario.overrides.c_price).toBe(300000);

    await page.getByLabel("United Kingdom (NICE)").check();
    await page.waitForFunction(() =>
      decodeURIComponent((document.querySelector("#explorer-status") as HTMLElement).dataset.scenario!).includes(
        '"preset":"uk"',
      ),
    );
    const uk = await explorerStatus(page);
    // The US price is in USD: it is not carried into the UK preset.
    expect(uk.scenario.overrides.c_price).toBeUndefined();

    await page.getByLabel("United States (ICER)").check();
    await page.waitForFunction(() =>
      decodeURIComponent((document.querySelector("#explorer-status") as HTMLElement).dataset.scenario!).includes(
        '"preset":"us"',
      ),
    );
    const back = await explorerStatus(page);
    expect(back.scenario.overrides.c_price).toBe(300000);
    expect(page.url()).toContain("p.c_price=300000");
    const box = await page.evaluate(
      () =>
        (
          [...document.querySelectorAll("form")]
            .find((f) => f.querySelector("label")?.textContent?.startsWith("Product price"))!
            .querySelector('input[type="text"]') as HTMLInputElement
        ).value,
    );
    expect(Number(box.replace(/,/g, ""))).toBe(300000);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});
