// Excel downloads (issue [10], item 5): the explorer's workbook downloaded in Chromium and read back
// with exceljs in Node: one sheet per table with the numbers the engine computes in Node (as
// numbers, unrounded), and an assumptions sheet with the scenario and every parameter's source.
// exceljs is fetched only on click, so the page loads no faster or slower than before.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { cartSummaryTable, cartThresholdTable, runScenario, type Scenario } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { describeProblems, servedReport } from "../../tools/browser.js";
import { download } from "../helpers/report-page.js";
import { column } from "../helpers/workbook.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const tmp = mkdtempSync(join(tmpdir(), "cartecon-xlsx-"));

describe("Excel download in chromium", { timeout: 180_000 }, () => {
  const report = servedReport();

  it("the explorer's workbook holds every table with the engine's numbers and an assumptions sheet naming the scenario and every source", async () => {
    const { page, problems } = await report.open();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`${report.origin}/explorer.html#disease=mg&preset=uk&p.c_price=250000&discountCosts=0.015`, {
      waitUntil: "networkidle",
    });
    await page.waitForSelector("#explorer-status", { state: "attached" });
    const shown: Scenario = JSON.parse(
      decodeURIComponent((await page.$eval("#explorer-status", (el) => (el as HTMLElement).dataset.scenario))!),
    );
    expect(
      requests.filter((u) => /exceljs/i.test(u)),
      "exceljs is not loaded before the button is clicked",
    ).toEqual([]);

    const file = await download(page, /Download all tables \(Excel\): cart-mg-uk\.xlsx/, "explorer.xlsx");
    expect(requests.filter((u) => /exceljs/i.test(u)).length, "exceljs is fetched on click").toBeGreaterThan(0);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["results", "thresholds", "components", "states", "assumptions"]);

    const node = runScenario(evidence, lifeTables, shown);
    const expected = cartSummaryTable([node]);
    const results = wb.getWorksheet("results")!;
    expect(column(results, "strategy")).toEqual(Array.from(expected.strategy));
    const costs = column(results, "cost");
    costs.forEach((c, i) => {
      expect(typeof c).toBe("number");
      expect(c as number).toBeCloseTo(expected.cost[i] as number, 6);
    });
    // A cell exact to the last bit: the download is not rounded for display.
    expect(column(results, "qalys")).toEqual(Array.from(expected.qalys));
    expect(column(results, "overrides")[0]).toBe("c_price=250000");
    expect(column(results, "discount_costs")[0]).toBe(0.015);
    expect(column(wb.getWorksheet("thresholds")!, "cost_neutral_price")).toEqual(
      Array.from(cartThresholdTable([node]).cost_neutral_price),
    );

    const a = wb.getWorksheet("assumptions")!;
    const scenario = new Map<string, unknown>();
    let r = 2;
    for (; a.getRow(r).cellCount > 0; r++) scenario.set(String(a.getCell(r, 1).value), a.getCell(r, 2).value);
    expect(scenario.get("disease")).toBe("mg");
    expect(scenario.get("preset")).toBe("uk");
    expect(scenario.get("currency")).toBe("GBP");
    expect(scenario.get("discount.costs")).toBe(0.015);
    expect(scenario.get("overrides.c_price")).toBe(250000);
    expect(String(scenario.get("link"))).toContain("p.c_price=250000");
    const header = r + 1;
    const params = column(a, "parameter", header);
    expect(params.length).toBe(node.model.provenance.length);
    const i = params.indexOf("c_price");
    expect(column(a, "value", header)[i]).toBe(250000);
    expect(column(a, "status", header)[i]).toBe("user override");
    expect(column(a, "currency", header)[i]).toBe("GBP");
    const citations = column(a, "citation", header);
    const sourceIds = column(a, "source_id", header);
    sourceIds.forEach((id, k) => expect(citations[k]).toBe(evidence.sources.get(String(id))!.citation));
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("a CSV opened alone names its overrides and discount rates, and the page's file equals the CLI's with the same --set", async () => {
    const { page } = await report.open();
    await page.goto(`${report.origin}/explorer.html#disease=ms&preset=uk&p.c_price=250000`, {
      waitUntil: "networkidle",
    });
    await page.waitForSelector("#explorer-status", { state: "attached" });
    const file = await download(page, /Download CSV: cart-thresholds-ms-uk\.csv/, "page-thresholds.csv");
    const text = readFileSync(file, "utf8");
    const header = text.split("\n")[0].split(",");
    expect(header.slice(-6)).toEqual([
      "currency",
      "price_year",
      "discount_costs",
      "discount_outcomes",
      "durability",
      "overrides",
    ]);
    // NICE reference case 3.5% (presets.ts); the one override the link carried.
    expect(text.split("\n")[1]).toMatch(/,0\.035,0\.035,[^\n]*,c_price=250000$/);
    const cli = join(tmp, "cli-thresholds.csv");
    const r = runCli(["cart", "--disease", "ms", "--preset", "uk", "--set", "c_price=250000", "--thresholds", cli], {
      timeoutMs: 60_000,
    });
    expect(r.code, r.err).toBe(0);
    expect(text).toBe(readFileSync(cli, "utf8"));
    await page.close();
  });
});
