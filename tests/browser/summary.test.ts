// The Summary page (issue [10], item 4) printed to PDF in Chromium: two A4 pages per disease, no
// inputs or buttons in print, and the text a reader needs to reproduce it (model version from
// package.json, date, link, sources), and the headline results with their uncertainty: a seeded
// 1,000-draw PSA whose intervals and probabilities equal those computed here from `cartecon psa`'s
// draws table for the same seed. A print-media screenshot is written for a person to look at.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { csvParse } from "d3-dsv";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { headlines, runScenario, DEFAULT_SCENARIO } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { describeProblems, servedReport } from "../../tools/browser.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const version = JSON.parse(readFileSync("package.json", "utf8")).version as string;
const out = mkdtempSync(join(tmpdir(), "cartecon-summary-"));

/** Pages of a PDF: its /Type /Page objects (not /Pages), as Chromium writes them uncompressed. */
const pdfPages = (pdf: Buffer) => (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

/** R type 7 percentile of `xs` (sorted here): order statistic at (n − 1)·p, linearly interpolated. */
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const i = Math.floor(h);
  return i + 1 < s.length ? s[i] + (h - i) * (s[i + 1] - s[i]) : s[i];
}

interface PsaRow {
  strategy: string;
  costMean: number;
  costLow: number;
  costHigh: number;
  qalysMean: number;
  qalysLow: number;
  qalysHigh: number;
  costEffective: { wtp: number; probability: number }[];
}

describe("Summary page printed in chromium", { timeout: 480_000 }, () => {
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

    // The PSA of the scenario's disease (default scenario: SLE, US preset) runs in the worker.
    await page.waitForSelector("#summary-psa[data-state=done]", { state: "attached", timeout: 300_000 });
    const psa: PsaRow[] = JSON.parse((await page.$eval("#summary-psa", (el) => (el as HTMLElement).dataset.rows))!);
    const file = join(out, "draws.csv");
    const cli = runCli(
      ["psa", "--cart", "sle", "--preset", "us", "--n", "1000", "--seed", "1", "--no-progress"].concat(["--out", file]),
      { timeoutMs: 300_000 },
    );
    expect(cli.code, cli.err).toBe(0);
    const draws = csvParse(readFileSync(file, "utf8"));
    const col = (name: string) => draws.map((r) => Number(r[name]));
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.abs(b));
    expect(psa.map((r) => r.strategy)).toEqual(["autologous", "allogeneic", "invivo", "ahsct"]);
    for (const r of psa) {
      const dc = col(`cost_${r.strategy}`).map((c, k) => c - col("cost_soc")[k]);
      const de = col(`effect_${r.strategy}`).map((e, k) => e - col("effect_soc")[k]);
      close(r.costMean, dc.reduce((s, x) => s + x, 0) / dc.length);
      close(r.costLow, percentile(dc, 0.025));
      close(r.costHigh, percentile(dc, 0.975));
      close(r.qalysMean, de.reduce((s, x) => s + x, 0) / de.length);
      close(r.qalysLow, percentile(de, 0.025));
      close(r.qalysHigh, percentile(de, 0.975));
      // The US preset's thresholds, 100,000 and 150,000 per QALY (src/cart/presets.ts).
      expect(r.costEffective.map((c) => c.wtp)).toEqual([100000, 150000]);
      for (const c of r.costEffective)
        expect(c.probability).toBe(dc.filter((x, k) => c.wtp * de[k] - x >= 0).length / dc.length);
    }

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
    expect(text).toContain("Headline results with their uncertainty");
    expect(text).toContain("95% interval");
    expect(text).toContain("1,000 draws, seed 1");
    expect(text).not.toContain("are being computed"); // no waiting text once the PSA has finished
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
