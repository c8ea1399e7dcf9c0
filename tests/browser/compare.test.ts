// Scenarios as first-class objects (issue [10], item 2), as a user meets them: name and save on the
// explorer, export JSON, import JSON (a bad file is refused with named errors), reset to defaults,
// compare saved scenarios with a link that carries the comparison, and run the same JSON with the
// CLI: the numbers are equal at every step (JSON -> page -> CLI).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { download } from "../helpers/report-page.js";
import type { Page } from "playwright-core";
import {
  cartSummaryTable,
  comparisonResults,
  DEFAULT_SCENARIO,
  readScenarioFile,
  runScenario,
  scenarioFileText,
  type Scenario,
} from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { toCsv } from "../../src/model/io/csv.js";
import { describeProblems, servedReport } from "../../tools/browser.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const diseases = evidence.diseases.map((d) => d.disease);
const tmp = mkdtempSync(join(tmpdir(), "cartecon-compare-"));

async function shown(page: Page): Promise<{ scenario: Scenario; cost: number }> {
  await page.waitForSelector("#explorer-status", { state: "attached" });
  const d = await page.$eval("#explorer-status", (el) => ({ ...(el as HTMLElement).dataset }));
  return { scenario: JSON.parse(decodeURIComponent(d.scenario!)), cost: Number(d.cost) };
}

async function saveAs(page: Page, name: string): Promise<void> {
  await page.click("#scenario-panel summary");
  await page.fill("#scenario-name", name);
  await page.getByRole("button", { name: "Save in this browser" }).click();
  await page.waitForSelector(`.saved-scenarios li[data-name="${name}"]`);
}

describe("named scenarios in chromium", { timeout: 240_000 }, () => {
  const report = servedReport();

  it("save, export, import, reset and compare; the exported JSON gives the CLI the page's numbers", async () => {
    const { page, problems } = await report.open();
    await page.goto(
      `${report.origin}/explorer.html#disease=ms&preset=uk&platform=invivo&p.c_price__invivo=60000&wtp=30000`,
      { waitUntil: "networkidle" },
    );
    const a = await shown(page);
    await saveAs(page, "MS in vivo 60k");

    // Export: the file reads back as the scenario on screen, and the CLI runs it to the page's numbers.
    const file = await download(page, "Export JSON", "a.scenario.json");
    const named = readScenarioFile(readFileSync(file, "utf8"), file, diseases);
    expect(named).toEqual({ name: "MS in vivo 60k", scenario: a.scenario });
    const node = runScenario(evidence, lifeTables, named.scenario);
    expect(a.cost).toBeCloseTo(node.versusSoc.find((v) => v.strategy === "invivo")!.incrementalCost, 6);
    const out = join(tmp, "cli.csv");
    const r = runCli(["cart", "--scenario", file, "--out", out], { timeoutMs: 90_000 });
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(toCsv(cartSummaryTable([node])));

    // Import: a bad file is refused with its path and value; a good one opens the explorer on it.
    const bad = JSON.stringify({
      format: "cartecon-scenario",
      version: 1,
      name: "bad",
      scenario: { disease: "ms", overrides: { p_response: 1.7 } },
    });
    await page.setInputFiles('#scenario-panel input[type="file"]', {
      name: "bad.json",
      mimeType: "application/json",
      buffer: Buffer.from(bad),
    });
    // The file is named once, at the head: "bad.json: " no longer stands again before the path.
    await expect
      .poll(() => page.textContent(".scenario-message"))
      .toBe(
        "bad.json is not a usable scenario: scenario.overrides.p_response: p_response is out of range (got 1.7); expected a number in [0, 1]",
      );
    // UTF-16, as Windows "Unicode" saves it: named as such (File.text() read it as the CLI refuses).
    await page.setInputFiles('#scenario-panel input[type="file"]', {
      name: "utf16.json",
      mimeType: "application/json",
      buffer: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bad, "utf16le")]),
    });
    await expect
      .poll(() => page.textContent(".scenario-message"))
      .toContain("utf16.json: cannot read the scenario file: is UTF-16 text");
    const mine: Scenario = {
      disease: "sle",
      preset: "us",
      platform: "allogeneic",
      overrides: { c_price__allogeneic: 212345 },
      wtp: 150000,
      discountCosts: 0.05,
      discountOutcomes: null,
      horizonAge: 95,
      durability: "weibull",
      cureFraction: null,
    };
    await Promise.all([
      page.waitForNavigation({ waitUntil: "networkidle" }),
      page.setInputFiles('#scenario-panel input[type="file"]', {
        name: "mine.json",
        mimeType: "application/json",
        buffer: Buffer.from(scenarioFileText({ name: "SLE allo", scenario: mine })),
      }),
    ]);
    const b = await shown(page);
    expect(b.scenario).toEqual(mine);
    expect(b.cost).toBeCloseTo(
      runScenario(evidence, lifeTables, mine).versusSoc.find((v) => v.strategy === "allogeneic")!.incrementalCost,
      6,
    );

    // Compare the two saved scenarios; the link reproduces the comparison in a fresh tab.
    await page.goto(`${report.origin}/compare.html`, { waitUntil: "networkidle" });
    await page.waitForSelector("#compare-status", { state: "attached" });
    const names = JSON.parse((await page.$eval("#compare-status", (el) => (el as HTMLElement).dataset.names))!);
    expect(names).toEqual(["MS in vivo 60k", "SLE allo"]);
    const results = JSON.parse((await page.$eval("#compare-status", (el) => (el as HTMLElement).dataset.results))!);
    const list = [
      { name: "MS in vivo 60k", scenario: a.scenario },
      { name: "SLE allo", scenario: mine },
    ];
    const expected = comparisonResults(
      list,
      list.map((s) => runScenario(evidence, lifeTables, s.scenario)),
    );
    expect(results.strategy).toEqual(Array.from(expected.strategy));
    (results.incremental_cost as Array<number | null>).forEach((x, i) =>
      x === null
        ? expect(expected.incremental_cost[i]).toBeNull()
        : expect(x).toBeCloseTo(expected.incremental_cost[i] as number, 6),
    );
    const differing = await page.$$eval(".data-table tbody tr th, .data-table tbody tr td:first-child", (els) =>
      els.map((e) => e.textContent),
    );
    expect(differing).toContain("disease");
    expect(differing).toContain("discount rate, costs");
    // The downloaded differences name each scenario's column by position and the name saved above
    // (one header row; the two names contain no comma, so the header splits at commas).
    const csvFile = await download(page, "Download CSV: comparison-assumptions.csv");
    expect(readFileSync(csvFile, "utf8").split(/\r?\n/)[0].split(",")).toEqual([
      "assumption",
      "parameter",
      "unit",
      "scenario_1: MS in vivo 60k",
      "scenario_2: SLE allo",
    ]);
    const link = await page.$eval("#compare-link", (el) => (el as HTMLAnchorElement).getAttribute("href"));
    expect(page.url()).toContain(link!);
    const fresh = await report.open();
    await fresh.page.addInitScript(() => localStorage.clear());
    await fresh.page.goto(`${report.origin}/compare.html${link}`, { waitUntil: "networkidle" });
    await fresh.page.waitForSelector("#compare-status", { state: "attached" });
    expect(
      JSON.parse((await fresh.page.$eval("#compare-status", (el) => (el as HTMLElement).dataset.results))!),
    ).toEqual(results);
    expect(await fresh.page.locator('svg[class^="plot"]').count()).toBeGreaterThanOrEqual(2);
    expect(describeProblems(fresh.problems)).toEqual([]);
    await fresh.page.close();

    // Reset: back to the shipped defaults.
    await page.goto(`${report.origin}/explorer.html`, { waitUntil: "networkidle" });
    await page.click("#scenario-panel summary");
    await Promise.all([
      page.waitForNavigation({ waitUntil: "networkidle" }),
      page.getByRole("button", { name: "Reset to defaults" }).click(),
    ]);
    expect((await shown(page)).scenario).toEqual(DEFAULT_SCENARIO);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});
