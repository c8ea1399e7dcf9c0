// The Uncertainty page in the built report, served by a plain static server: a PSA runs in a
// module Web Worker with progress and cancel, the main thread stays responsive, and the draws
// downloaded from the page are byte-identical to `cartecon psa` for the same seed.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
// The page shows amounts to 3 significant digits (at least 2 decimals), as the CLI prints them.
import { decimalsFor } from "../../src/uncertainty/precision.js";
import { runCli } from "../helpers/cli.js";
import { csvRows, download, visits } from "../helpers/report-page.js";
import { openUncertaintyPage } from "../helpers/uncertainty-page.js";
import { describeProblems, servedReport } from "../../tools/browser.js";
import { dataStamp } from "../../src/cart/load.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-unc-browser-"));

/** `cartecon psa --cart sle --preset us --n 40 --seed 7 --out tmp/file`: the draws the page's runs are compared with. */
function cliDraws(file: string): string {
  const out = join(tmp, file);
  const cli = runCli(
    ["psa", "--cart", "sle", "--preset", "us", "--n", "40", "--seed", "7", "--out", out, "--no-progress"],
    { timeoutMs: 240_000 },
  );
  expect(cli.code, cli.err).toBe(0);
  return out;
}

describe("Uncertainty page", () => {
  const report = servedReport();
  const visit = visits(report);

  it("a 1,000-draw PSA shows progress, keeps every main-thread task under 100 ms, and can be cancelled", async () => {
    // Loaded, with the disease's parameters listed (they come from a worker after the page loads).
    const { page, problems } = await openUncertaintyPage(report);
    await page.evaluate(() => {
      (window as unknown as { longest: number }).longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          (window as unknown as { longest: number }).longest = Math.max(
            (window as unknown as { longest: number }).longest,
            e.duration,
          );
      }).observe({ type: "longtask", buffered: false });
    });
    await page.getByRole("button", { name: /Run PSA \(1000 draws, seed 1\)/ }).click();
    await page.waitForFunction(
      () => Number(document.querySelector<HTMLProgressElement>(".psa-panel progress")?.value ?? 0) > 0,
      null,
      { timeout: 120_000 },
    );
    // textContent, not innerText: reading innerText forces a layout on the page's main thread, work
    // of the test rather than of the page.
    const text = (selector: string) => page.locator(selector).evaluate((e) => e.textContent ?? "");
    await expect.poll(() => text(".psa-status")).toMatch(/\d+ \/ 1000 draws/);
    // A running EVPI appears with the progress (streamed from the worker).
    await expect.poll(() => text(".psa-status"), { timeout: 120_000 }).toMatch(/EVPI per patient so far/);
    // The CEAC of the draws so far is drawn while the run goes on.
    await expect.poll(() => text(".psa-live h3"), { timeout: 120_000 }).toMatch(/CEAC so far \(\d+ draws\)/);
    expect(await page.locator(".psa-live svg polyline").count()).toBeGreaterThan(1);
    // Let the run go on for a while (more progress, more preview redraws) before cancelling.
    const doneAt = async () => Number((await text(".psa-status")).match(/^(\d+) \//)?.[1] ?? 0);
    const first = await doneAt();
    await expect.poll(doneAt, { timeout: 120_000 }).toBeGreaterThan(first);
    await page.locator(".psa-panel").getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => text(".psa-status")).toBe("Cancelled.");
    const longest = await page.evaluate(() => (window as unknown as { longest: number }).longest);
    // The machine's load is part of the figure: on a shared 2-core machine the main thread can wait
    // for a core (tools/longtasks.ts separates the page's CPU time from that wait).
    const load = loadavg()[0].toFixed(1);
    console.log(`longest main-thread task during the PSA run: ${longest} ms (load average ${load})`);
    expect(longest, `longest main-thread task during the run, ms (load average ${load})`).toBeLessThan(100);
    expect(describeProblems(problems)).toEqual([]);
  }, 300_000);

  it("downloaded draws equal the CLI's for the same seed, byte for byte", async () => {
    const { page, problems } = await visit("uncertainty.html");
    // 40 draws keep the test short; draw k is the k-th number of each parameter's stream whatever
    // the number of draws, so these are also the first 40 rows of a 1,000-draw run.
    // The boxes take a typed value when it is committed (change), as a user's Tab or Enter does.
    await page.getByLabel("Draws", { exact: true }).fill("40");
    await page.getByLabel("Draws", { exact: true }).dispatchEvent("change");
    await page.getByLabel("Seed", { exact: true }).fill("7");
    await page.getByLabel("Seed", { exact: true }).dispatchEvent("change");
    await page.getByRole("button", { name: /Run PSA \(40 draws, seed 7\)/ }).click();
    await page.getByRole("button", { name: /Download draws \(CSV\)/ }).waitFor({ timeout: 240_000 });
    const file = await download(page, /Download draws \(CSV\)/, "page.csv");
    expect(readFileSync(file, "utf8")).toBe(readFileSync(cliDraws("cli.csv"), "utf8"));
    await expect.poll(() => page.locator('svg[class^="plot"]').count()).toBeGreaterThan(0);
    // Expected-loss and convergence charts follow their headings; the running means download ends at draw 40.
    for (const h of ["Expected loss", "Convergence: running mean of incremental net benefit"]) {
      await expect.poll(() => page.locator(".psa-results h3", { hasText: h }).count()).toBe(1);
      expect(
        await page
          .locator(".psa-results h3", { hasText: h })
          .locator("xpath=following-sibling::*[1]")
          .locator("svg")
          .count(),
        h,
      ).toBeGreaterThan(0);
    }
    const running = await download(page, /Download running means \(CSV\)/);
    const lines = readFileSync(running, "utf8").trim().split("\n");
    // Its own columns, then the scenario's (as the explorer's CSVs): SLE, US preset, USD of 2025 (src/cart/presets.ts).
    expect(lines[0]).toBe("draws,strategy,meanIncrementalNb,disease,preset,currency,price_year");
    expect(lines.at(-1)!.startsWith("40,")).toBe(true);
    expect(lines.at(-1)!.endsWith(",sle,us,USD,2025")).toBe(true);
    expect(describeProblems(problems)).toEqual([]);
  }, 400_000);

  it("the link carries the scenario: opening it sets draws and seed, and changing an input updates it", async () => {
    const { page, problems } = await visit("uncertainty.html#disease=sle&preset=us&n=40&seed=7");
    await page.getByRole("button", { name: "Run PSA (40 draws, seed 7)" }).waitFor({ timeout: 60_000 });
    await page.getByLabel("Seed", { exact: true }).fill("8");
    await page.getByLabel("Seed", { exact: true }).dispatchEvent("change");
    // The page's data stamp ends the link (links made from other data say so: link-data-stamp.test.ts).
    const link = `#disease=sle&preset=us&n=40&seed=8&data=${dataStamp()}`;
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(link);
    expect(await page.locator(".scenario-link a").getAttribute("href")).toBe(link);
    expect(describeProblems(problems)).toEqual([]);
  }, 120_000);

  it("the two-way map colours an 11 × 11 grid of the two widest one-way swings by optimal strategy, downloadable", async () => {
    const { page, problems } = await visit("uncertainty.html");
    await page.getByRole("button", { name: "Compute two-way map" }).click();
    await page.getByRole("button", { name: /Download two-way grid \(CSV\)/ }).waitFor({ timeout: 240_000 });
    expect(await page.locator(".twoway-results svg rect").count()).toBeGreaterThanOrEqual(121);
    const lines = readFileSync(await download(page, /Download two-way grid \(CSV\)/), "utf8")
      .trim()
      .split("\n");
    const head = lines[0].split(",");
    expect(head.slice(2, 4)).toEqual(["optimal", "inmb"]);
    expect(lines.length).toBe(1 + 121);
    expect(describeProblems(problems)).toEqual([]);
  }, 300_000);

  /**
   * Writes PSA samples of a made-up model into tmp: `rows` draws of `params` parameters p1…pN
   * (deterministic, well-spread sequences), and costs and effects of strategies A, B, C, where B's
   * effect depends on p1 and its cost on p2, C's effect on p3 and p1 together (the rest is noise
   * the metamodel must find uninformative). Returns the file paths and their contents.
   */
  function voiFixture(rows: number, params: number, prefix: string) {
    const x = (k: number, j: number) => (((k + 1) * (0.6180339887 + j * 0.1414213562)) % 1) - 0.5;
    const lines = (head: string[], cell: (k: number) => number[]) =>
      [head.join(","), ...Array.from({ length: rows }, (_, k) => cell(k).join(","))].join("\n") + "\n";
    const ids = Array.from({ length: params }, (_, j) => `p${j + 1}`);
    const files = {
      inputs: lines(ids, (k) => ids.map((_, j) => x(k, j))),
      costs: lines(["A", "B", "C"], (k) => [1000, 1100 + 300 * x(k, 1), 1200 + 50 * x(k, 0)]),
      effects: lines(["A", "B", "C"], (k) => [1, 1.1 + 0.5 * x(k, 0), 1.15 + 0.4 * x(k, 2) * (1 + x(k, 0))]),
    };
    const paths = Object.fromEntries(
      Object.entries(files).map(([role, text]) => {
        const path = join(tmp, `${prefix}-${role}.csv`);
        writeFileSync(path, text);
        return [role, path];
      }),
    ) as Record<keyof typeof files, string>;
    return { paths, files };
  }

  /** Chooses the fixture's files in the VOI section, sets WTP and groups, and starts the analysis. */
  async function uploadVoi(page: Page, paths: Record<string, string>, wtp: string, groups: string) {
    const files = page.locator(".voi-panel").locator('input[type="file"]');
    await files.nth(0).setInputFiles(paths.inputs);
    await files.nth(2).setInputFiles(paths.costs);
    await files.nth(3).setInputFiles(paths.effects);
    await page.getByLabel("WTP per unit of effect").fill(wtp);
    await page.getByLabel(/EVPPI groups \(parameters separated by commas/).fill(groups);
    await page.getByRole("button", { name: "Compute EVPI and EVPPI" }).click();
  }

  it("VOI from uploaded costs and effects CSVs runs in a worker and equals `cartecon voi --json` on the same files", async () => {
    const { paths } = voiFixture(1000, 5, "voi");
    const cli = runCli(
      [
        "voi",
        "--inputs",
        paths.inputs,
        "--costs",
        paths.costs,
        "--effects",
        paths.effects,
        "--wtp",
        "1000",
        "--parameters",
        "p1,p2",
        "--parameters",
        "p1,p2,p3,p4,p5",
        "--json",
      ],
      { timeoutMs: 240_000 },
    );
    expect(cli.code, cli.err).toBe(0);
    const expected = JSON.parse(cli.out) as {
      draws: number;
      evpi: number;
      optimal: string;
      evppi: { parameters: string[]; evppi: number; se: number; method: string }[];
      ceac: { wtp: number; strategy: string; probability: number }[];
    };
    const { page, problems } = await visit("uncertainty.html");
    const workers: string[] = [];
    page.on("worker", (w) => workers.push(w.url()));
    await uploadVoi(page, paths, "1000", "p1,p2\np1,p2,p3,p4,p5");
    await page.getByRole("button", { name: /Download EVPPI \(CSV\)/ }).waitFor({ timeout: 240_000 });
    // The analysis ran in the upload worker, not on the page's main thread.
    expect(
      workers.some((u) => /\/voi-worker\.[0-9a-f]+\.js$/.test(u)),
      workers.join(", "),
    ).toBe(true);
    expect(await page.locator(".voi-summary").evaluate((e) => e.textContent)).toContain(
      `EVPI per patient ${expected.evpi.toFixed(decimalsFor(expected.evpi))}`,
    );
    expect(await page.locator(".voi-status").evaluate((e) => e.textContent)).toBe(
      "Done: EVPPI of 5 parameters and 2 group(s).",
    );
    // Every EVPPI and its standard error, digit for digit (the CSV writes the shortest round-trip text).
    const csv = csvRows(await download(page, /Download EVPPI \(CSV\)/, "voi-page.csv"));
    expect(csv[0]).toEqual(["parameters", "kind", "evppi", "se", "method"]);
    const page_ = new Map(csv.slice(1).map((r) => [r[0], { evppi: Number(r[2]), se: Number(r[3]), method: r[4] }]));
    expect([...page_.keys()].sort()).toEqual(expected.evppi.map((e) => e.parameters.join("+")).sort());
    for (const e of expected.evppi)
      expect(page_.get(e.parameters.join("+")), e.parameters.join("+")).toEqual({
        evppi: e.evppi,
        se: e.se,
        method: e.method,
      });
    // Singles largest first, then the groups.
    expect(csv.slice(1).map((r) => r[1])).toEqual([...Array(5).fill("parameter"), "group", "group"]);
    const singles = csv.slice(1, 6).map((r) => Number(r[2]));
    expect(singles).toEqual([...singles].sort((a, b) => b - a));
    // The CEAC equals the CLI's too.
    const ceac = csvRows(await download(page, /Download CSV: ceac-uploaded\.csv/, "voi-ceac.csv"));
    const head = ceac[0];
    const at = (r: string[], c: string) => r[head.indexOf(c)];
    expect(ceac.slice(1).map((r) => [Number(at(r, "wtp")), at(r, "strategy"), Number(at(r, "probability"))])).toEqual(
      expected.ceac.map((c) => [c.wtp, c.strategy, c.probability]),
    );
    expect(await page.locator(".voi-panel h3", { hasText: "CEAC of the uploaded samples" }).count()).toBe(1);
    expect(await page.locator('.voi-panel g[aria-label="bar"] rect').count()).toBe(5 + 2);
    expect(describeProblems(problems)).toEqual([]);
  }, 400_000);

  it("an upload VOI of 10,000 draws shows its progress and can be cancelled", async () => {
    const { paths } = voiFixture(10_000, 30, "voi-big");
    const { page, problems } = await visit("uncertainty.html");
    await uploadVoi(page, paths, "1000", "");
    const status = () => page.locator(".voi-status").evaluate((e) => e.textContent ?? "");
    // The EVPI comes first, then the EVPPI of one parameter after another.
    await expect
      .poll(() => page.locator(".voi-summary").evaluate((e) => e.textContent ?? ""), { timeout: 120_000 })
      .toMatch(/^10000 draws, strategies A, B, C; EVPI per patient \d/);
    await expect.poll(status, { timeout: 120_000 }).toMatch(/^EVPPI \d+ \/ 30 /);
    expect(await page.getByRole("button", { name: "Compute EVPI and EVPPI" }).isDisabled()).toBe(true);
    await page.locator(".voi-panel").getByRole("button", { name: "Cancel" }).click();
    await expect.poll(status).toBe("Cancelled.");
    expect(await page.getByRole("button", { name: "Compute EVPI and EVPPI" }).isEnabled()).toBe(true);
    expect(await page.getByRole("button", { name: /Download EVPPI \(CSV\)/ }).count()).toBe(0);
    expect(describeProblems(problems)).toEqual([]);
  }, 300_000);

  it("an upload with a non-numeric cell names file, row and column, from the worker", async () => {
    const { page, problems } = await visit("uncertainty.html");
    const files = page.locator(".voi-panel").locator('input[type="file"]');
    await files
      .nth(0)
      .setInputFiles({ name: "params.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n0,5;3\n2,1\n") });
    await files
      .nth(1)
      .setInputFiles({ name: "nb.csv", mimeType: "text/csv", buffer: Buffer.from("A,B\n1,2\n3,4\n5,6\n") });
    await page.getByRole("button", { name: "Compute EVPI and EVPPI" }).click();
    await expect
      .poll(() => page.locator(".voi-results .error").evaluate((e) => e.textContent ?? ""), { timeout: 60_000 })
      .toContain("params.csv row 3 column b");
    expect(describeProblems(problems)).toEqual([]);
  }, 120_000);

  it("BCEA's Vaccine samples as R writes them (row names, 14 fixed JAGS nodes, strategy names with spaces) give BCEA's EVPI and, within its SE, its EVPPI", async () => {
    // tests/fixtures/bcea-vaccine1000/README.md: at £25,000 BCEA's evi is 2.45384950976 and its GAM
    // EVPPI of (beta.1., beta.2.) 0.737429174259.
    const paths = Object.fromEntries(
      ["parameters", "costs", "effects"].map((f) => {
        const path = join(tmp, `vaccine-${f}.csv`);
        writeFileSync(path, gunzipSync(readFileSync(`tests/fixtures/bcea-vaccine1000/${f}.csv.gz`)));
        return [f === "parameters" ? "inputs" : f, path];
      }),
    );
    const { page, problems } = await visit("uncertainty.html");
    await uploadVoi(page, paths, "25000", "beta.1.,beta.2.");
    await page.getByRole("button", { name: /Download EVPPI \(CSV\)/ }).waitFor({ timeout: 240_000 });
    const summary = await page.locator(".voi-summary").evaluate((e) => e.textContent ?? "");
    expect(summary).toContain("1000 draws, strategies Status quo, Vaccination; EVPI per patient 2.45 at WTP 25000;");
    expect(summary).toContain(
      "Note: vaccine-parameters.csv: 14 columns are the same in all 1000 draws and not regressed",
    );
    expect(await page.locator(".voi-status").evaluate((e) => e.textContent)).toBe(
      "Done: EVPPI of 77 parameters (14 constant: 0 by definition) and 1 group(s).",
    );
    const csv = csvRows(await download(page, /Download EVPPI \(CSV\)/, "voi-vaccine.csv"));
    const group = csv.find((r) => r[0] === "beta.1.+beta.2.")!;
    expect(Math.abs(Number(group[2]) - 0.737429174259)).toBeLessThanOrEqual(Number(group[3]));
    // A fixed node is listed at EVPPI 0, not estimated: the CSV names every column of the upload.
    expect(csv.find((r) => r[0] === "n.1.1.")).toEqual(["n.1.1.", "parameter", "0", "0", "constant"]);
    expect(describeProblems(problems)).toEqual([]);
  }, 400_000);

  it("the upload's groups field names a column holding a comma in CSV quotes, as `cartecon voi --parameters` does", async () => {
    const { page, problems } = await visit("uncertainty.html");
    const files = page.locator(".voi-panel").locator('input[type="file"]');
    // Two input columns, the first named `cost, drug`; B's net benefit over A varies with both.
    await files.nth(0).setInputFiles({
      name: "params.csv",
      mimeType: "text/csv",
      buffer: Buffer.from('"cost, drug",p_x\n1,4\n2,2\n3,5\n4,1\n5,3\n6,6\n'),
    });
    await files.nth(1).setInputFiles({
      name: "nb.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("A,B\n0,-3\n0,-2\n0,1\n0,-1\n0,2\n0,5\n"),
    });
    const groups = page.getByLabel(/EVPPI groups \(parameters separated by commas/);
    const compute = page.getByRole("button", { name: "Compute EVPI and EVPPI" });
    await groups.fill('"cost, drug",p_y');
    await compute.click();
    await expect
      .poll(() => page.locator(".voi-results .error").evaluate((e) => e.textContent ?? ""), { timeout: 60_000 })
      .toContain('EVPPI groups field, group 1 ("cost, drug",p_y): unknown parameter "p_y" (did you mean p_x?)');
    await groups.fill('"cost, drug",p_x');
    await compute.click();
    await expect
      .poll(() => page.locator(".voi-status").evaluate((e) => e.textContent ?? ""), { timeout: 60_000 })
      .toBe("Done: EVPPI of 2 parameters and 1 group(s).");
    expect(describeProblems(problems)).toEqual([]);
  }, 120_000);

  it("EVPPI groups chosen on the page appear beside the single parameters with method and SE, in the link and the CSV", async () => {
    const { page, problems } = await openUncertaintyPage(report, "#disease=sle&preset=us&n=200&seed=3");
    const ids = await page
      .locator(".groups-editor option")
      .evaluateAll((os) => os.slice(0, 5).map((o) => (o as HTMLOptionElement).value));
    const select = page.getByLabel("Parameters of a new group");
    // A pair (P-spline tensor product) and five parameters (more than 4: a Gaussian process).
    await select.selectOption(ids.slice(0, 2));
    await page.getByRole("button", { name: "Add group" }).click();
    await select.selectOption(ids);
    await page.getByRole("button", { name: "Add group" }).click();
    const groupsField = `groups=${ids.slice(0, 2).join(",")};${ids.join(",")}`;
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(groupsField);
    await page.getByRole("button", { name: /Run PSA \(200 draws, seed 3\)/ }).click();
    const rows = page.locator(".evppi-groups-table tbody tr");
    await expect.poll(() => rows.count(), { timeout: 300_000 }).toBe(2);
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.children, (td) => td.textContent!.trim())),
    );
    // Each group by its parameters' names as the groups editor lists them, the ids in the cell's title.
    const names = await page
      .locator(".groups-editor option")
      .evaluateAll((os) => os.slice(0, 5).map((o) => (o.textContent ?? "").trim()));
    expect(cells.map((c) => c[0])).toEqual([names.slice(0, 2).join(" + "), names.join(" + ")]);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.children[0].getAttribute("title")))).toEqual([
      ids.slice(0, 2).join(" + "),
      ids.join(" + "),
    ]);
    expect(cells.map((c) => c[3])).toEqual(["P-spline (GAM-like)", "Gaussian process"]);
    for (const c of cells) expect(c[2], "SE shown").toMatch(/^\d[\d,]*$/);
    // Group bars are drawn beside the single parameters' (top 12 singles + 2 groups); "Show all"
    // draws every drawn parameter that varies: the draws CSV's varying parameter columns.
    const bars = page.locator('.evppi-view g[aria-label="bar"] rect');
    expect(await bars.count()).toBe(12 + 2);
    const draws = csvRows(await download(page, /Download draws \(CSV\)/, "draws-groups.csv"));
    const varying = draws[0].filter(
      (c, j) => !/^(draw|cost_|effect_)/.test(c) && draws.slice(2).some((r) => r[j] !== draws[1][j]),
    );
    expect(varying.length).toBeGreaterThan(12);
    // The order sentence counts what the downloaded draws have: u_controlled above u_remission.
    const [uc, ur] = ["u_controlled", "u_remission"].map((id) => draws[0].indexOf(id));
    const reversed = draws.slice(1).filter((r) => r.length > 1 && Number(r[uc]) > Number(r[ur])).length;
    expect(reversed).toBeGreaterThan(0);
    expect(await page.locator(".order-reversals").innerText()).toContain(
      `Utility, disease controlled on standard of care above Utility, drug-free remission in ${reversed} of 200 draws (${((100 * reversed) / 200).toFixed(1)}%)`,
    );
    await page.getByRole("button", { name: `Show all ${varying.length} parameters` }).click();
    await expect.poll(() => bars.count()).toBe(varying.length + 2);
    const csv = csvRows(await download(page, /Download EVPPI \(CSV\)/, "evppi-groups.csv"));
    expect(csv[0]).toEqual([
      "parameters",
      "kind",
      "evppi",
      "se",
      "method",
      "disease",
      "preset",
      "currency",
      "price_year",
    ]);
    const groupRows = csv.filter((r) => r[1] === "group");
    expect(groupRows.map((r) => [r[0], r[4]])).toEqual([
      [ids.slice(0, 2).join("+"), "tensor-pspline"],
      [ids.join("+"), "gp"],
    ]);
    // An SE is reported for both methods (0 when every posterior draw gives the same decision).
    for (const r of groupRows) expect(Number(r[3])).toBeGreaterThanOrEqual(0);
    // Every varying parameter is in the CSV, largest EVPPI first.
    const singles = csv.filter((r) => r[1] === "parameter");
    expect(singles.map((r) => r[0]).sort()).toEqual([...varying].sort());
    const values = singles.map((r) => Number(r[2]));
    expect(values).toEqual([...values].sort((x, y) => y - x));
    // Removing a group re-renders from this session's results: no new PSA run.
    // The editor lists each group by the parameters' names, the ids in its title (charts-s32.test.ts).
    await page
      .locator(".evppi-groups li", { has: page.locator(`.group[title="${ids.slice(0, 2).join(" + ")}"]`) })
      .getByRole("button", { name: /^Remove group / })
      .click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.locator(".psa-status").innerText()).toMatch(/run earlier in this session/);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`groups=${ids.join(",")}`);
    expect(describeProblems(problems)).toEqual([]);
  }, 600_000);

  it("a link with groups restores them in the editor", async () => {
    const first = await openUncertaintyPage(report);
    const ids = await first.page
      .locator(".groups-editor option")
      .evaluateAll((os) => os.slice(0, 3).map((o) => (o as HTMLOptionElement).value));
    await first.page.close();
    const { page, problems } = await openUncertaintyPage(
      report,
      `#disease=sle&preset=us&n=40&seed=1&groups=${ids.join(",")};nope_x,${ids[0]}`,
    );
    await expect
      .poll(() => page.locator(".evppi-groups .group").evaluateAll((gs) => gs.map((g) => g.getAttribute("title"))))
      .toEqual([ids.join(" + ")]);
    await expect.poll(() => page.locator(".scenario-link small").innerText()).toContain("nope_x");
    expect(describeProblems(problems)).toEqual([]);
  }, 240_000);

  it("the two-way map takes the parameters and grid chosen on the page, in the link; cells by optimal strategy or INMB; CSV of the grid", async () => {
    const { page, problems } = await openUncertaintyPage(report);
    // The menus list parameters by name; the link carries their ids.
    const ranged = await page
      .getByLabel("Parameter (x)")
      .locator("option")
      .evaluateAll((os) => os.map((o) => o.textContent!.trim()));
    const ID = /^[a-z]+(?:__?[a-z0-9]+)+$/;
    for (const name of ranged.slice(1)) expect(name).not.toMatch(ID);
    await page.getByLabel("Parameter (x)").selectOption({ label: ranged[3] });
    await page.getByLabel("Parameter (y)").selectOption({ label: ranged[6] });
    await page.getByLabel("Grid points per parameter").fill("5");
    await page.getByLabel("Grid points per parameter").dispatchEvent("change");
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/&a=\w+&b=\w+&steps=5/);
    const [, a, b] = /&a=(\w+)&b=(\w+)&steps=5/.exec(await page.evaluate(() => location.hash))!;
    expect([a, b]).toEqual([expect.stringMatching(ID), expect.stringMatching(ID)]);
    await page.getByRole("button", { name: "Compute two-way map" }).click();
    await page.getByRole("button", { name: /Download two-way grid \(CSV\)/ }).waitFor({ timeout: 240_000 });
    const cells = page.locator('.twoway-results g[aria-label="cell"] rect');
    expect(await cells.count()).toBe(25);
    const grid = csvRows(await download(page, /Download two-way grid \(CSV\)/, "twoway-chosen.csv"));
    expect(grid[0].slice(0, 4)).toEqual([a, b, "optimal", "inmb"]);
    expect(grid.length).toBe(1 + 25);
    // Cells by incremental NMB: redrawn from the same grid (no recomputation), the link says so.
    await page.getByLabel("incremental NMB (autologous vs SoC)").check();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain("&fill=inmb");
    await expect
      .poll(() => page.locator(".twoway-results p").first().innerText())
      .toMatch(/^Incremental net monetary benefit/);
    expect(await cells.count()).toBe(25);
    // A new grid size recomputes at once (a map was asked for already).
    await page.getByLabel("Grid points per parameter").fill("3");
    await page.getByLabel("Grid points per parameter").dispatchEvent("change");
    await expect.poll(() => cells.count(), { timeout: 240_000 }).toBe(9);
    expect(describeProblems(problems)).toEqual([]);
  }, 600_000);

  it("one Excel workbook holds every table computed on the page, with the engine's draws and an assumptions sheet with the seed", async () => {
    const { page, problems } = await openUncertaintyPage(report, "#disease=sle&preset=us&n=40&seed=7");
    await page.getByRole("button", { name: /Run PSA \(40 draws, seed 7\)/ }).click();
    await page.getByRole("button", { name: /Download draws \(CSV\)/ }).waitFor({ timeout: 240_000 });
    await page.getByRole("button", { name: /Compute tornado/ }).click();
    await page.locator(".tornado-results svg").first().waitFor({ timeout: 240_000 });
    const file = await download(page, /Download all tables \(Excel\): uncertainty-sle-us-seed7-n40\.xlsx/, "unc.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name).sort()).toEqual(
      ["assumptions", "ceac", "convergence", "draws", "evpi-wtp", "evppi", "tornado"].sort(),
    );
    // The draws sheet holds the numbers of `cartecon psa` for the same seed (as numbers, unrounded).
    const expected = csvRows(cliDraws("cli-xlsx.csv"));
    const draws = wb.getWorksheet("draws")!;
    expect(draws.getRow(1).values).toEqual([undefined, ...expected[0]]);
    expect(draws.rowCount).toBe(41);
    for (const r of [2, 21, 41])
      expect((draws.getRow(r).values as unknown[]).slice(1)).toEqual(expected[r - 1].map(Number));
    const a = wb.getWorksheet("assumptions")!;
    const scenario = new Map<string, unknown>();
    for (let r = 2; a.getRow(r).cellCount > 0; r++) scenario.set(String(a.getCell(r, 1).value), a.getCell(r, 2).value);
    expect(scenario.get("seed")).toBe(7);
    expect(scenario.get("draws")).toBe(40);
    expect(scenario.get("disease")).toBe("sle");
    expect(String(scenario.get("tablesIncluded"))).toContain("tornado");
    // Below the scenario: one row per drawn parameter with its distribution.
    const header = scenario.size + 3;
    expect(a.getRow(header).values).toEqual([undefined, "parameter", "distribution", "definition"]);
    const drawnColumns = expected[0].filter((c) => !/^(draw|cost_|effect_)/.test(c));
    const listed = (a.getColumn(1).values as unknown[]).slice(header + 1).map(String);
    // One row per drawn distribution (a Dirichlet's components share one): each names drawn columns.
    expect(listed.length).toBeGreaterThan(10);
    for (const id of listed)
      expect(
        drawnColumns.some((c) => c === id || c.startsWith(`${id}[`)),
        id,
      ).toBe(true);
    expect(describeProblems(problems)).toEqual([]);
  }, 600_000);

  it("the tornado stays on the page when the window is resized (the page re-creates its panels), its axis in USD 2025", async () => {
    const { page, problems } = await openUncertaintyPage(report);
    await page.getByRole("button", { name: /Compute tornado/ }).click();
    await page.locator(".tornado-results svg").first().waitFor({ timeout: 240_000 });
    // Mark the panel, then narrow the window: Framework re-runs the cells that read `width`, so an
    // unmarked panel replaces it. Before the fix the new panel was empty (the result was lost).
    await page.locator(".tornado-results").evaluate((e) => e.setAttribute("data-old", "1"));
    // The selector matches the marked panel itself (with a space it matched only marked descendants,
    // of which there are none, so the count below was 0 whatever happened).
    expect(await page.locator(".tornado-results[data-old]").count()).toBe(1);
    await page.setViewportSize({ width: 900, height: 800 });
    // The new panel's chart, waited for (counted at once, it could be not yet drawn, or the old one's).
    await page.locator(".tornado-results:not([data-old]) svg").first().waitFor({ timeout: 60_000 });
    expect(await page.locator(".tornado-results[data-old]").count()).toBe(0);
    const tornado = await page.locator(".tornado-results").evaluate((e) => e.textContent ?? "");
    expect(tornado).toContain("Incremental net monetary benefit (USD 2025)");
    // The chart says what it compares and at which willingness to pay (the US preset's 100,000).
    expect(tornado).toContain("Autologous CAR T vs standard of care at 100,000 USD 2025 per QALY");
    expect(describeProblems(problems)).toEqual([]);
  }, 300_000);

  it("each strategy has one colour in the running preview, the CEAC and the two-way map; money axes say USD 2025; the CEAF dots are explained", async () => {
    const { page, problems } = await openUncertaintyPage(
      report,
      "#disease=sle&preset=us&n=16&seed=2&a=r_relapse&b=k_relapse&steps=3",
    );
    await page.getByRole("button", { name: /Run PSA \(16 draws, seed 2\)/ }).click();
    await page.locator(".evppi-view svg").first().waitFor({ timeout: 240_000 });
    await page.getByRole("button", { name: /Compute two-way map/ }).click();
    await page.locator(".twoway-results svg").first().waitFor({ timeout: 240_000 });
    // The reference: the colours Plot gives the strategies in the CEAC's legend (all five strategies).
    const swatches = (figure: string) =>
      page
        .locator(figure)
        .evaluate((f) =>
          Object.fromEntries(
            [...f.querySelectorAll('[class$="-swatch"]')].map((s) => [
              s.textContent?.trim(),
              s.querySelector("svg")?.getAttribute("fill"),
            ]),
          ),
        );
    const ceac = await swatches(".psa-results figure:has(+ .downloads button[aria-label*='ceac-'])");
    // Named, not by id (STRATEGY_LABELS, src/cart/dictionary.ts; the comparator from data/cart/comparators.csv).
    expect(Object.keys(ceac).sort()).toEqual([
      "Autologous haematopoietic stem cell transplantation",
      "Bespoke autologous CAR T",
      "In-vivo CAR T",
      "Lifelong standard of care",
      "Off-the-shelf allogeneic CAR T",
    ]);
    // In the model's order (SoC, the platforms, the comparator), and in the colours every other page
    // gives them: read here off the Scenario explorer's legends.
    expect(Object.keys(ceac)).toEqual([
      "Lifelong standard of care",
      "Bespoke autologous CAR T",
      "Off-the-shelf allogeneic CAR T",
      "In-vivo CAR T",
      "Autologous haematopoietic stem cell transplantation",
    ]);
    const explorer = await report.open();
    await explorer.page.goto(`${report.origin}/explorer.html#disease=sle&preset=us`, { waitUntil: "networkidle" });
    await explorer.page.locator('[class$="-swatch"]').first().waitFor({ timeout: 120_000 });
    const explorerColours = await explorer.page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('[class$="-swatch"]')].map((s) => [
          s.textContent?.trim(),
          s.querySelector("svg")?.getAttribute("fill"),
        ]),
      ),
    );
    let compared = 0;
    for (const [s, c] of Object.entries(ceac))
      if (explorerColours[s] !== undefined) {
        expect(c, s).toBe(explorerColours[s]);
        compared++;
      }
    expect(compared).toBe(5);
    await explorer.page.close();
    // The running preview: each polyline is followed by its strategy's short name (shortLabel in
    // src/components/charts.js: the platform's word, "SoC", a long name's initials).
    const short: Record<string, string> = {
      "Autologous haematopoietic stem cell transplantation": "AHSCT",
      "Bespoke autologous CAR T": "Autologous",
      "In-vivo CAR T": "In-vivo",
      "Lifelong standard of care": "SoC",
      "Off-the-shelf allogeneic CAR T": "Allogeneic",
    };
    const preview = await page
      .locator(".psa-live svg.ceac-preview")
      .evaluate((svg) =>
        Object.fromEntries(
          [...svg.querySelectorAll("polyline")].map((l) => [
            l.nextElementSibling?.textContent,
            l.getAttribute("stroke"),
          ]),
        ),
      );
    expect(preview).toEqual(Object.fromEntries(Object.entries(ceac).map(([s, c]) => [short[s], c])));
    // The strategies' names at the curves' right ends do not print over each other (10 px text).
    const labelYs = await page
      .locator(".psa-live svg.ceac-preview polyline + text")
      .evaluateAll((ts) => ts.map((t) => Number(t.getAttribute("y"))).sort((p, q) => p - q));
    expect(labelYs).toHaveLength(5);
    for (let i = 1; i < labelYs.length; i++)
      expect(labelYs[i] - labelYs[i - 1], `label ${i}`).toBeGreaterThanOrEqual(10);
    // The two-way map shows only the strategies optimal somewhere on its grid, each in its CEAC colour.
    const twoWay = await swatches(".twoway-results figure");
    expect(Object.keys(twoWay).length).toBeGreaterThan(0);
    for (const [s, c] of Object.entries(twoWay)) expect(c, s).toBe(ceac[s]);
    // The map's x-axis label lies wholly inside its SVG.
    const xLabel = await page.locator(".twoway-results figure > svg").evaluate((svg) => {
      const t = svg.querySelector('[aria-label="x-axis label"] text') as SVGTextElement;
      return {
        text: t.textContent,
        bottom: t.getBoundingClientRect().bottom,
        svgBottom: svg.getBoundingClientRect().bottom,
      };
    });
    // By name: the relapse rate's short label with its unit fits the chart's width.
    expect(xLabel.text).toContain("Relapse rate in remission (per year)");
    expect(xLabel.bottom).toBeLessThanOrEqual(xLabel.svgBottom);
    // Axis titles: the preview has both, with the currency and price year; so do the money axes.
    const previewText = await page.locator(".psa-live svg.ceac-preview").evaluate((e) => e.textContent ?? "");
    expect(previewText).toContain("Probability cost-effective");
    expect(previewText).toContain("Willingness to pay per QALY (USD 2025)");
    const results = await page.locator(".psa-results").evaluate((e) => e.textContent ?? "");
    for (const label of [
      "Willingness to pay per QALY (USD 2025)",
      "Expected loss per patient (USD 2025)",
      "Incremental cost vs SoC (USD 2025)",
      "EVPPI per patient (USD 2025), ±2 SE",
      "the frontier (CEAF)",
    ])
      expect(results, label).toContain(label);
    // Money ticks (moneyTick): zero reads "0", never "0k" or "0M" (Plot's "s" format gave every tick
    // the largest tick's prefix), and no amount takes SI's milli ("100m" for 0.1).
    const ticks = await page
      .locator(".psa-results")
      .evaluate((e) =>
        [...e.querySelectorAll('[aria-label$="-axis tick label"] text')].map((t) => t.textContent ?? ""),
      );
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks.filter((t) => /^[−-]?0(\.0*)?[kMGB]$|\dm$/.test(t))).toEqual([]);
    const ceacX = await page
      .locator(".psa-results figure:has(+ .downloads button[aria-label*='ceac-'])")
      .evaluate((f) => [...f.querySelectorAll('[aria-label="x-axis tick label"] text')].map((t) => t.textContent));
    expect(ceacX[0]).toBe("0");
    expect(
      ceacX.slice(1).every((t) => /^\d+(\.\d+)?[kM]$/.test(t ?? "")),
      ceacX.join(" "),
    ).toBe(true);
    expect(describeProblems(problems)).toEqual([]);
  }, 600_000);

  it("at 390 px the two-way map's x tick labels do not overlap and the page does not scroll sideways", async () => {
    const { page, problems } = await openUncertaintyPage(
      report,
      "#disease=sle&preset=us&a=r_relapse&b=k_relapse&steps=11",
      { width: 390, height: 800 },
    );
    await page.getByRole("button", { name: /Compute two-way map/ }).click();
    await page.locator(".twoway-results svg").first().waitFor({ timeout: 240_000 });
    const boxes = await page
      .locator('.twoway-results figure > svg [aria-label="x-axis tick label"] text')
      .evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })));
    // 11 grid values; at 390 px every other one is labelled (before: all 11, overlapping).
    expect(boxes.length).toBeGreaterThan(1);
    expect(boxes.length).toBeLessThan(11);
    boxes.sort((p, q) => p.left - q.left);
    for (let i = 1; i < boxes.length; i++)
      expect(boxes[i].left, `tick ${i}`).toBeGreaterThanOrEqual(boxes[i - 1].right);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(describeProblems(problems)).toEqual([]);
  }, 300_000);
});
