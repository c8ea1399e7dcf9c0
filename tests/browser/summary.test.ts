// The Summary page (issue [10], item 4) printed to PDF in Chromium: two A4 pages per disease, no
// inputs or buttons in print, and the text a reader needs to reproduce it (model version from
// package.json, date, link, sources). A print-media screenshot is written for a person to look at.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { headlines, runScenario, DEFAULT_SCENARIO } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { describeProblems, servedReport } from "../../tools/browser.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const version = JSON.parse(readFileSync("package.json", "utf8")).version as string;
const out = mkdtempSync(join(tmpdir(), "cartecon-summary-"));

/** Pages of a PDF: its /Type /Page objects (not /Pages), as Chromium writes them uncompressed. */
const pdfPages = (pdf: Buffer) => (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

describe("Summary page printed in chromium", { timeout: 240_000 }, () => {
  const report = servedReport();

  it("prints two A4 pages per disease with version, date, link and sources, and no inputs or buttons", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/summary.html`, { waitUntil: "networkidle" });
    await page.waitForSelector("#summary-status", { state: "attached" });
    const d = await page.$eval("#summary-status", (el) => ({ ...(el as HTMLElement).dataset }));
    const diseases: string[] = JSON.parse(d.diseases!);
    expect(diseases).toEqual(evidence.diseases.map((x) => x.disease));
    expect(d.version).toBe(version);
    // The headline numbers are the engine's in Node.
    const shown = JSON.parse(d.headlines!);
    const node = headlines(
      runScenario(evidence, lifeTables, { ...DEFAULT_SCENARIO, disease: diseases[0], overrides: {} }),
    );
    shown[0].forEach((h: { incrementalCost: number }, i: number) =>
      expect(h.incrementalCost).toBeCloseTo(node[i].incrementalCost, 6),
    );

    await page.emulateMedia({ media: "print" });
    const visibleControls = await page.$$eval(
      "button, input, select",
      (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length,
    );
    expect(visibleControls, "inputs and buttons visible in print").toBe(0);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain(`cartecon ${version}`);
    expect(text).toContain(`printed ${new Date().toISOString().slice(0, 10)}`);
    expect(text).toMatch(/Reproduce: http:\/\/127\.0\.0\.1:\d+\/explorer\.html#/);
    expect(text).toContain("Sources");
    expect(text).not.toContain("Scenario explorer\n"); // the sidebar is not printed
    writeFileSync(join(out, "summary-print.png"), await page.screenshot({ fullPage: true }));

    const pdf = await page.pdf({ format: "A4", printBackground: true });
    writeFileSync(join(out, "summary.pdf"), pdf);
    console.log(
      JSON.stringify({
        case: "summary print",
        pages: pdfPages(pdf),
        diseases: diseases.length,
        pdf: join(out, "summary.pdf"),
        screenshot: join(out, "summary-print.png"),
      }),
    );
    expect(pdfPages(pdf)).toBe(2 * diseases.length);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});
