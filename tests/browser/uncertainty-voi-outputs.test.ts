// The Uncertainty page's "Value of information for any model" upload without a parameter-inputs file,
// as `cartecon voi` without `--inputs`: outcome files alone give the EVPI, the decision at the WTP and,
// with costs and effects, the CEAC, CEAF and expected loss; the EVPPI part says it needs the inputs
// file. Expected values: the published EVPI of two R packages' own samples (tests/fixtures/*/README.md)
// and the CLI's `--json` on the same files (both call voiReport, src/uncertainty/voi.ts, so the numbers
// are compared with tolerance 0: the CSV writer writes each double's shortest round-trip text).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { CurvePoint, VoiReport } from "../../src/uncertainty/index.js";
import { runCli } from "../helpers/cli.js";
import { download } from "../helpers/report-page.js";
import { openVoi, textOf, voiChooser } from "../helpers/uncertainty-page.js";
import { describeProblems, servedReport, svgTextProblems } from "../../tools/browser.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-voi-outputs-"));

/** `cartecon voi --json`: the report of voiReport (src/uncertainty/voi.ts), its EVPPI as table rows. */
type CliVoi = Omit<VoiReport, "evppi"> & { populationEvpi: number | null; evppi: unknown[] };

/** `cartecon voi ... --json` on the given arguments. */
function cliVoi(args: string[]): CliVoi {
  const r = runCli(["voi", ...args, "--json"], { timeoutMs: 240_000 });
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as CliVoi;
}

/** A fixture file (gzipped in tests/fixtures) written out as plain CSV into tmp. */
function fixture(dir: string, file: string): string {
  const path = join(tmp, `${dir}-${file}`);
  writeFileSync(path, gunzipSync(readFileSync(`tests/fixtures/${dir}/${file}.gz`)));
  return path;
}

/** CSV text as header → column of cells (the cells of these tables hold no comma or quote). */
function csvColumns(path: string): Record<string, string[]> {
  const [head, ...rows] = readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(","));
  return Object.fromEntries(head.map((h, j) => [h, rows.map((r) => r[j])]));
}

/** The decision CSV's columns compared with the CLI's decision rows: numbers as numbers, tolerance 0. */
function expectDecision(csv: Record<string, string[]>, cli: CliVoi["decision"]) {
  expect(Object.keys(csv)).toEqual(["strategy", "meanNb", "probabilityBest", "expectedLoss", "optimal"]);
  expect(
    csv.strategy.map((s, i) => ({
      strategy: s,
      meanNb: Number(csv.meanNb[i]),
      probabilityBest: Number(csv.probabilityBest[i]),
      expectedLoss: Number(csv.expectedLoss[i]),
      optimal: csv.optimal[i] === "true",
    })),
  ).toEqual(cli);
}

describe("Uncertainty page: VOI upload without an inputs file", () => {
  const report = servedReport();

  it("voi's chemotherapy costs and effects alone give voi's published EVPI, and the decision and CEAC/CEAF/expected-loss CSVs equal `cartecon voi --json` (tolerance 0)", async () => {
    const costs = fixture("voi-chemo10000", "costs.csv");
    const effects = fixture("voi-chemo10000", "effects.csv");
    const cli = cliVoi(["--costs", costs, "--effects", effects, "--wtp", "20000"]);
    // voi's tests/testthat/test_evpi.R: evpi(chemo_cea)$evpi at k = 20,000 is 368.605096225918;
    // base R on these CSVs 368.6050962259 (tests/fixtures/voi-chemo10000/README.md).
    expect(cli.evpi).toBeCloseTo(368.6050962259, 6);
    expect(cli.evppi).toEqual([]);
    const { page, problems } = await openVoi(report);
    await voiChooser(page, "costs").setInputFiles(costs);
    await voiChooser(page, "effects").setInputFiles(effects);
    await page.getByLabel("WTP per unit of effect").fill("20000");
    await page.getByRole("button", { name: "Compute EVPI and EVPPI" }).click();
    await page.getByRole("button", { name: /Download CSV: ceac-uploaded\.csv/ }).waitFor();
    expect(await textOf(page, ".voi-status")).toBe(
      "Done: EVPI, CEAC, CEAF and expected loss; no EVPPI (no inputs file).",
    );
    expect(await textOf(page, ".voi-summary")).toContain(
      "10000 draws, strategies SoC, Novel; EVPI per patient 368.61 at WTP 20000; optimal (highest mean net benefit) Novel.",
    );
    // The EVPPI part is a sentence, not empty charts or an empty table.
    expect((await textOf(page, ".voi-no-evppi")).replace(/\s+/g, " ").trim()).toBe(
      "Not computed: the EVPPI needs the PSA inputs file (one row per draw, in the same order as the outcome files, one column per parameter), on which it regresses the net benefit. Choose it above to add the EVPPI of every parameter and group.",
    );
    expect(await page.locator('.voi-panel g[aria-label="bar"]').count()).toBe(0);
    expect(await page.getByRole("button", { name: /Download EVPPI/ }).count()).toBe(0);
    // The CEAC (with the CEAF's dots) and the expected loss are drawn under their headings.
    for (const h of ["CEAC of the uploaded samples", "Expected loss of the uploaded samples"])
      expect(
        await page
          .locator(".voi-results h3", { hasText: h })
          .locator("xpath=following-sibling::*[1]")
          .locator("svg")
          .count(),
        h,
      ).toBeGreaterThan(0);
    expectDecision(
      csvColumns(await download(page, /Download decision table \(CSV\)/, "chemo-decision.csv")),
      cli.decision,
    );
    const ceac = csvColumns(await download(page, /Download CSV: ceac-uploaded\.csv/, "chemo-ceac.csv"));
    expect(Object.keys(ceac)).toEqual(["wtp", "strategy", "probability", "expectedLoss", "meanNb", "onFrontier"]);
    expect(
      ceac.wtp.map((w, i): CurvePoint => ({
        wtp: Number(w),
        strategy: ceac.strategy[i],
        probability: Number(ceac.probability[i]),
        expectedLoss: Number(ceac.expectedLoss[i]),
        meanNb: Number(ceac.meanNb[i]),
        onFrontier: ceac.onFrontier[i] === "true",
      })),
    ).toEqual(cli.ceac);
    // The CLI's expected loss of the optimal strategy at 20,000 is its EVPI (same draws, another sum).
    const novel = cli.decision.find((d) => d.optimal)!;
    expect(novel.expectedLoss).toBeCloseTo(368.6050962259, 6);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  }, 400_000);

  it("BCEA's Vaccine net benefit at £25,000 alone gives BCEA's EVPI and a decision table equal to `cartecon voi --nb --json` (tolerance 0), with no CEAC", async () => {
    // The net-benefit file a user of BCEA would write: 25,000 × e − c per draw and strategy.
    const read = (f: string) =>
      gunzipSync(readFileSync(`tests/fixtures/bcea-vaccine1000/${f}.csv.gz`))
        .toString("utf8")
        .trim()
        .split("\n")
        .slice(1)
        // R's write.csv row names first: dropped.
        .map((l) => l.split(",").slice(1).map(Number));
    const c = read("costs");
    const e = read("effects");
    const nb = join(tmp, "vaccine-nb.csv");
    writeFileSync(
      nb,
      ["Status quo,Vaccination", ...c.map((row, k) => row.map((x, s) => 25_000 * e[k][s] - x).join(","))].join("\n") +
        "\n",
    );
    const cli = cliVoi(["--nb", nb]);
    // tests/fixtures/bcea-vaccine1000/README.md: BCEA's evi at k = 25,000 is 2.45384951; base R on
    // the CSVs 2.4538495098.
    expect(cli.evpi).toBeCloseTo(2.4538495098, 8);
    const { page, problems } = await openVoi(report);
    await voiChooser(page, "nb").setInputFiles(nb);
    await page.getByRole("button", { name: "Compute EVPI and EVPPI" }).click();
    await page.getByRole("button", { name: /Download decision table \(CSV\)/ }).waitFor();
    expect(await textOf(page, ".voi-status")).toBe("Done: EVPI and expected loss; no EVPPI (no inputs file).");
    expect(await textOf(page, ".voi-summary")).toContain(
      "1000 draws, strategies Status quo, Vaccination; EVPI per patient 2.45; optimal (highest mean net benefit) Vaccination.",
    );
    expect(await textOf(page, ".voi-results")).toContain("Decision at the net-benefit file's willingness to pay");
    expect(await page.locator(".voi-no-evppi").count()).toBe(1);
    // A net-benefit table is at one WTP: no CEAC over WTP, no chart at all.
    expect(await page.locator(".voi-results svg").count()).toBe(0);
    expect(await page.getByRole("button", { name: /ceac-uploaded/ }).count()).toBe(0);
    expectDecision(
      csvColumns(await download(page, /Download decision table \(CSV\)/, "vaccine-decision.csv")),
      cli.decision,
    );
    // The table's rows: the optimal strategy's expected loss is the EVPI.
    expect(cli.decision.find((d) => d.optimal)!.expectedLoss).toBeCloseTo(2.4538495098, 8);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  }, 300_000);

  it("at 390 px the outcome-only results fit: no chart text leaves its chart or overlaps another, the decision table needs no sideways scroll", async () => {
    // Before: the WTP axis label ran off the charts' left edge and the table's fifth column was cut off.
    const rows = 200;
    const x = (k: number, j: number) => (((k + 1) * (0.6180339887 + j * 0.1414213562)) % 1) - 0.5;
    const csv = (cell: (k: number) => number[]) =>
      ["A,B", ...Array.from({ length: rows }, (_, k) => cell(k).join(","))].join("\n") + "\n";
    const file = (name: string, body: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(body) });
    const { page, problems } = await openVoi(report, { width: 390, height: 844 });
    await voiChooser(page, "costs").setInputFiles(
      file(
        "costs.csv",
        csv((k) => [1000, 1100 + 300 * x(k, 1)]),
      ),
    );
    await voiChooser(page, "effects").setInputFiles(
      file(
        "effects.csv",
        csv((k) => [1, 1.1 + 0.5 * x(k, 0)]),
      ),
    );
    await page.getByLabel("WTP per unit of effect").fill("1000");
    await page.getByRole("button", { name: "Compute EVPI and EVPPI" }).click();
    await page.getByRole("button", { name: /Download CSV: ceac-uploaded\.csv/ }).waitFor();
    const charts = page.locator(".voi-results svg");
    expect(await charts.count()).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < (await charts.count()); i++)
      expect((await svgTextProblems(charts.nth(i))).problems, `chart ${i + 1}`).toEqual([]);
    const table = page.locator(".voi-results table");
    await table.scrollIntoViewIfNeeded();
    const [tableWidth, boxWidth] = await table.evaluate((t) => [
      (t as HTMLElement).offsetWidth,
      (t.parentElement as HTMLElement).clientWidth,
    ]);
    expect(tableWidth, "decision table width vs its box, px").toBeLessThanOrEqual(boxWidth + 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  }, 300_000);

  it("bad uploads without inputs are named with file, row, column and value: row counts, a non-number, one strategy, groups", async () => {
    const { page, problems } = await openVoi(report);
    const csv = (name: string, body: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(body) });
    const compute = page.getByRole("button", { name: "Compute EVPI and EVPPI" });
    const error = () => textOf(page, ".voi-results .error");
    await page.getByLabel("WTP per unit of effect").fill("10");
    // Costs of 3 draws, effects of 2.
    await voiChooser(page, "costs").setInputFiles(csv("costs.csv", "A,B\n1,2\n3,4\n5,6\n"));
    await voiChooser(page, "effects").setInputFiles(csv("effects.csv", "A,B\n1,2\n3,4\n"));
    await compute.click();
    await expect
      .poll(error, { timeout: 60_000 })
      .toContain(
        "effects.csv: has 2 draws (rows) but costs.csv has 3 (got 2); expected 3 rows, one per draw, in the same order",
      );
    // A cell that is not a number.
    await voiChooser(page, "effects").setInputFiles(csv("effects.csv", "A,B\n1,2\n3,x\n5,6\n"));
    await compute.click();
    await expect
      .poll(error, { timeout: 60_000 })
      .toContain('effects.csv row 3 column B: not a number (got "x"); expected a number');
    // One strategy only (a net-benefit file).
    await voiChooser(page, "costs").setInputFiles([]);
    await voiChooser(page, "effects").setInputFiles([]);
    await voiChooser(page, "nb").setInputFiles(csv("nb.csv", "A\n1\n3\n5\n"));
    await compute.click();
    await expect
      .poll(error, { timeout: 60_000 })
      .toContain('nb.csv row 1: needs one column per strategy, at least two (got "A")');
    // EVPPI groups with no inputs file: said as such, not as unknown parameters.
    await voiChooser(page, "nb").setInputFiles(csv("nb.csv", "A,B\n0,1\n0,-1\n0,1\n"));
    await page.getByLabel(/EVPPI groups \(parameters separated by commas/).fill("a,b");
    await compute.click();
    await expect
      .poll(error, { timeout: 60_000 })
      .toContain(
        'EVPPI groups field, group: EVPPI groups need the PSA inputs file (the EVPPI regresses the net benefit on the parameters\' draws) (got "a,b")',
      );
    // Without the groups the same file is analysed (by hand: EVPI = mean max − max mean = 2/3 − 1/3,
    // shown to 3 significant digits).
    await page.getByLabel(/EVPPI groups \(parameters separated by commas/).fill("");
    await compute.click();
    await expect.poll(() => textOf(page, ".voi-summary"), { timeout: 60_000 }).toContain("EVPI per patient 0.333;");
    expect(await page.locator(".voi-results .error").count()).toBe(0);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  }, 300_000);
});
