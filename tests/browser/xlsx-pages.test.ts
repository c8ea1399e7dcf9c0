// Excel on every page with tables (issue [10], item 5): the Overview, Access & budget and Parameters
// workbooks downloaded in Chromium and read back with exceljs in Node. Each has one sheet per table
// and an "assumptions" sheet (the scenario, then every parameter with its source); numbers are
// numbers, equal to the page's own figures; and a text cell that a spreadsheet would run as a
// formula is neutralised. The formula comes from a hostile data file: the served cart-inputs.json is
// rewritten so that a source's citation starts with "=".
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PRESETS, runCart, lifeTableFor } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { describeProblems, distDir, servedReport } from "../../tools/browser.js";
import { download } from "../helpers/report-page.js";
import { column } from "../helpers/workbook.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();

// data/cart/sources.csv: the citation of source ASSUMPTION, which every disease uses.
const CITATION = "Modellers' assumption (cartecon data set)";
const HOSTILE = `=1+2 ${CITATION}`;

/** Serves cart-inputs.json with the ASSUMPTION citation starting with "=" (a formula in a spreadsheet). */
async function hostileInputs(page: Page) {
  await page.route(/\/_file\/data\/cart-inputs\.[0-9a-f]+\.json$/, async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    expect(body).toContain(CITATION);
    await route.fulfill({ response, body: body.replace(CITATION, HOSTILE) });
  });
}

/** The assumptions sheet: its scenario rows as a map, and the row of the parameter table's header. */
function assumptions(wb: ExcelJS.Workbook) {
  const a = wb.getWorksheet("assumptions")!;
  const scenario = new Map<string, unknown>();
  let r = 2;
  for (; a.getRow(r).cellCount > 0; r++) scenario.set(String(a.getCell(r, 1).value), a.getCell(r, 2).value);
  return { sheet: a, scenario, header: r + 1 };
}

/** The workbook a click on the button named `name` downloads, saved as `file` (see download()). */
async function downloadWorkbook(page: Page, name: RegExp, file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download(page, name, file));
  return wb;
}

/** The Overview's data as the build wrote it (src/data/overview.json.ts). */
function overviewData() {
  const dir = join(distDir, "_file/data");
  const file = readdirSync(dir).find((f) => /^overview\.[0-9a-f]+\.json$/.test(f));
  if (!file) throw new Error(`no overview.*.json in ${dir}: run npm run build`);
  return JSON.parse(readFileSync(join(dir, file), "utf8"));
}

describe("Excel downloads of the Overview, Access & budget and Parameters pages", { timeout: 240_000 }, () => {
  const report = servedReport();

  it("Overview: one sheet per table with the build's numbers as numbers, and every disease's parameters with their (neutralised) sources", async () => {
    const { page, problems } = await report.open();
    await hostileInputs(page);
    await page.goto(`${report.origin}/index.html`, { waitUntil: "networkidle" });
    await page.getByLabel("United Kingdom (NICE)").check();
    const wb = await downloadWorkbook(page, /Download all tables \(Excel\): cart-overview-uk\.xlsx/, "overview.xlsx");
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "headline results",
      "comparators",
      "incremental analysis",
      "warnings",
      "evidence status",
      "assumptions",
    ]);
    const rows = overviewData().rows.filter((r: { preset: string }) => r.preset === "uk");
    // The incremental analysis the headline's sentences state: the loader's frontier rows, one per
    // disease and strategy, with the status, the ICER (frontier only, a number) and the NMB.
    const frontier = overviewData().frontier.filter((r: { preset: string }) => r.preset === "uk");
    const incremental = wb.getWorksheet("incremental analysis")!;
    expect(column(incremental, "strategy")).toEqual(frontier.map((r: { id: string }) => r.id));
    expect(column(incremental, "status")).toEqual(frontier.map((r: { status: string }) => r.status));
    expect(column(incremental, "nmb")).toEqual(frontier.map((r: { nmb: number }) => r.nmb));
    const icers = column(incremental, "icer").filter((x) => x !== null);
    expect(icers.length).toBeGreaterThan(0);
    expect(icers.every((x) => typeof x === "number" && x > 0)).toBe(true);
    expect(column(incremental, "currency").every((c) => c === "GBP")).toBe(true);
    const results = wb.getWorksheet("headline results")!;
    expect(column(results, "disease")).toEqual(rows.map((r: { disease: string }) => r.disease));
    // Exact to the last bit (the file is not rounded for display) and typed as numbers.
    const cost = column(results, "incremental_cost");
    expect(cost.every((c) => typeof c === "number")).toBe(true);
    expect(cost).toEqual(rows.map((r: { incremental_cost: number }) => r.incremental_cost));

    const { sheet, scenario, header } = assumptions(wb);
    expect(scenario.get("preset")).toBe("uk");
    expect(scenario.get("currency")).toBe("GBP");
    expect(scenario.get("discount.costs")).toBe(PRESETS.uk.discount.costs);
    const diseases = column(sheet, "disease", header);
    // Every parameter of every disease: the model's provenance, disease by disease, computed here in Node.
    const expected = evidence.diseases.flatMap((d) =>
      runCart(evidence, d.disease, PRESETS.uk, lifeTableFor(lifeTables, "uk")).model.provenance.map(() => d.disease),
    );
    expect(diseases).toEqual(expected);
    const citations = column(sheet, "citation", header);
    const sourceIds = column(sheet, "source_id", header);
    const hostile = citations.filter((_, i) => sourceIds[i] === "ASSUMPTION");
    expect(hostile.length).toBeGreaterThan(0);
    for (const c of hostile) expect(c, "a cell starting with = gets a leading apostrophe").toBe(`'${HOSTILE}`);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("Parameters: the parameter set in force (an edit from the link as a number) and the sources, with a neutralised citation", async () => {
    const { page, problems } = await report.open();
    await hostileInputs(page);
    await page.goto(`${report.origin}/parameters.html#disease=mg&preset=uk&p.c_price=250000`, {
      waitUntil: "networkidle",
    });
    await page.waitForSelector("#edit-count", { state: "attached" });
    const wb = await downloadWorkbook(
      page,
      /Download all tables \(Excel\): cart-parameters-mg-uk\.xlsx/,
      "parameters.xlsx",
    );
    expect(wb.worksheets.map((w) => w.name)).toEqual(["parameters", "sources", "assumptions"]);
    const ps = wb.getWorksheet("parameters")!;
    const names = column(ps, "parameter");
    const i = names.indexOf("c_price");
    expect(i).toBeGreaterThanOrEqual(0);
    expect(column(ps, "value")[i]).toBe(250000);
    expect(column(ps, "status")[i]).toBe("user edit");
    const sources = wb.getWorksheet("sources")!;
    const ids = column(sources, "id");
    expect(column(sources, "citation")[ids.indexOf("ASSUMPTION")]).toBe(`'${HOSTILE}`);
    const { sheet, scenario, header } = assumptions(wb);
    expect(scenario.get("disease")).toBe("mg");
    expect(scenario.get("overrides.c_price")).toBe(250000);
    const params = column(sheet, "parameter", header);
    expect(column(sheet, "value", header)[params.indexOf("c_price")]).toBe(250000);
    expect(column(sheet, "status", header)[params.indexOf("c_price")]).toBe("user override");
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("Access & budget: every table of the page, numbers equal to the page's, the budget settings and CAR T scenario, and neutralised sources", async () => {
    const { page, problems } = await report.open();
    await hostileInputs(page);
    await page.goto(`${report.origin}/access.html#disease=sle&preset=us`, { waitUntil: "networkidle" });
    await page.waitForSelector("#access-status", { state: "attached" });
    const status = await page.$eval("#access-status", (el) => ({ ...(el as HTMLElement).dataset }));
    const wb = await downloadWorkbook(
      page,
      /Download all tables \(Excel\): access-sle-us-autologous\.xlsx/,
      "access.xlsx",
    );
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "patients",
      "budget",
      "budget components",
      "payments",
      "payment incremental",
      "threshold",
      "platforms",
      "platforms by year",
      "assumptions",
    ]);
    const treated = column(wb.getWorksheet("patients")!, "treated_cumulative");
    expect(typeof treated.at(-1)).toBe("number");
    // The page's own figure, written with String(number): the same double.
    expect(treated.at(-1)).toBe(Number(status.treated));
    expect(column(wb.getWorksheet("budget")!, "net_budget_impact")[0]).toBe(Number(status.net1));
    const { sheet, scenario, header } = assumptions(wb);
    expect(scenario.get("disease")).toBe("sle");
    expect(scenario.get("platform")).toBe("autologous");
    expect(scenario.get("cart.preset")).toBe("us");
    expect(scenario.get("cart.currency")).toBe("USD");
    const citations = column(sheet, "citation", header);
    const sourceIds = column(sheet, "source_id", header);
    expect(citations[sourceIds.indexOf("ASSUMPTION")]).toBe(`'${HOSTILE}`);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});
