// The full incremental view (issue [10], item 3) in Chromium: the page's frontier table equals the
// one computed in Node for the same scenario, for both populations and both measures (US), and the
// chart labels strategies by name, not by internal id.
import { describe, expect, it } from "vitest";
import { frontierTable, runScenario, type Scenario } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { describeProblems, servedReport } from "../../tools/browser.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();

describe("incremental analysis page in chromium", { timeout: 180_000 }, () => {
  const report = servedReport();

  it("shows every strategy's dominance status and frontier ICERs as computed in Node, per QALY and per evLYG, ITT and infused", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/incremental.html#disease=mg&p.c_price=300000`, { waitUntil: "networkidle" });
    await page.waitForSelector("#incremental-status", { state: "attached" });
    const d = await page.$eval("#incremental-status", (el) => ({ ...(el as HTMLElement).dataset }));
    const table = JSON.parse(d.table!);
    const scenario: Scenario = JSON.parse(d.scenario!);
    expect(scenario.overrides).toEqual({ c_price: 300000 });
    const node = frontierTable([
      runScenario(evidence, lifeTables, scenario, true),
      runScenario(evidence, lifeTables, scenario, false),
    ]);
    expect(table.strategy).toEqual(Array.from(node.strategy));
    expect(table.status).toEqual(Array.from(node.status));
    expect(new Set(table.measure)).toEqual(new Set(["QALY", "evLY"]));
    expect(new Set(table.population)).toEqual(new Set(["intention to treat", "infused patients"]));
    (table.icer as Array<number | null>).forEach((x, i) =>
      x === null ? expect(node.icer[i]).toBeNull() : expect(x).toBeCloseTo(node.icer[i] as number, 6),
    );
    // Comparators of data/cart/comparators.csv are on the plane (MG: FcRn blockers, complement inhibitors).
    expect(table.strategy).toContain("fcrn");
    const headers = await page.$$eval(".data-table thead th", (th) => th.map((t) => t.textContent));
    expect(headers).toContain("Cost per evLYG");
    expect(headers).toContain("ICER, infused");
    const labels = await page.$$eval("#frontier-chart svg text", (t) => t.map((x) => x.textContent ?? ""));
    expect(labels.join(" ")).toContain("Lifelong standard of care");
    expect(labels).not.toContain("soc");
    expect(await page.locator("#frontier-chart svg circle").count()).toBe(
      table.strategy.filter(
        (_: string, i: number) => table.population[i] === "intention to treat" && table.measure[i] === "QALY",
      ).length,
    );
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});
