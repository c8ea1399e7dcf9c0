// The Uncertainty page in the built report, served by a plain static server: a PSA runs in a
// module Web Worker with progress and cancel, the main thread stays responsive, and the draws
// downloaded from the page are byte-identical to `cartecon psa` for the same seed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport } from "../../tools/browser.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-unc-browser-"));

describe("Uncertainty page", () => {
  const report = servedReport();

  it("a 1,000-draw PSA shows progress, keeps every main-thread task under 100 ms, and can be cancelled", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/uncertainty.html`, { waitUntil: "networkidle" });
    await page.waitForFunction(() => document.querySelector("observablehq-loading") === null);
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
    await expect.poll(() => page.locator(".psa-status").innerText()).toMatch(/\d+ \/ 1000 draws/);
    // A running EVPI appears every 100 draws (streamed from the worker).
    await expect
      .poll(() => page.locator(".psa-status").innerText(), { timeout: 120_000 })
      .toMatch(/EVPI per patient so far/);
    // The CEAC of the draws so far is drawn while the run goes on.
    await expect
      .poll(() => page.locator(".psa-live h3").innerText(), { timeout: 120_000 })
      .toMatch(/CEAC so far \(\d+ draws\)/);
    expect(await page.locator(".psa-live svg").count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => page.locator(".psa-status").innerText()).toBe("Cancelled.");
    const longest = await page.evaluate(() => (window as unknown as { longest: number }).longest);
    expect(longest, "longest main-thread task during the run, ms").toBeLessThan(100);
    expect(describeProblems(problems)).toEqual([]);
  }, 300_000);

  it("downloaded draws equal the CLI's for the same seed, byte for byte", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/uncertainty.html`, { waitUntil: "networkidle" });
    await page.waitForFunction(() => document.querySelector("observablehq-loading") === null);
    // 40 draws keep the test short; draw k is the k-th number of each parameter's stream whatever
    // the number of draws, so these are also the first 40 rows of a 1,000-draw run.
    await page.getByLabel("Draws").fill("40");
    await page.getByLabel("Seed").fill("7");
    await page.getByRole("button", { name: /Run PSA \(40 draws, seed 7\)/ }).click();
    await page.getByRole("button", { name: /Download draws \(CSV\)/ }).waitFor({ timeout: 240_000 });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: /Download draws \(CSV\)/ }).click(),
    ]);
    const file = join(tmp, "page.csv");
    await download.saveAs(file);
    const cli = spawnSync(
      process.execPath,
      [
        "bin/cartecon.js",
        "psa",
        "--cart",
        "sle",
        "--preset",
        "us",
        "--n",
        "40",
        "--seed",
        "7",
        "--out",
        join(tmp, "cli.csv"),
        "--no-progress",
      ],
      { encoding: "utf8", timeout: 240_000 },
    );
    expect(cli.status, cli.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(readFileSync(join(tmp, "cli.csv"), "utf8"));
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
    const [running] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: /Download running means \(CSV\)/ }).click(),
    ]);
    await running.saveAs(join(tmp, "running.csv"));
    const lines = readFileSync(join(tmp, "running.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("draws,strategy,meanIncrementalNb");
    expect(lines.at(-1)!.startsWith("40,")).toBe(true);
    expect(describeProblems(problems)).toEqual([]);
  }, 400_000);

  it("the link carries the scenario: opening it sets draws and seed, and changing an input updates it", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/uncertainty.html#disease=sle&preset=us&n=40&seed=7`, {
      waitUntil: "networkidle",
    });
    await page.waitForFunction(() => document.querySelector("observablehq-loading") === null);
    await page.getByRole("button", { name: "Run PSA (40 draws, seed 7)" }).waitFor({ timeout: 60_000 });
    await page.getByLabel("Seed").fill("8");
    await page.getByLabel("Seed").dispatchEvent("input");
    await expect.poll(() => page.evaluate(() => location.hash)).toBe("#disease=sle&preset=us&n=40&seed=8");
    expect(await page.locator(".scenario-link a").getAttribute("href")).toBe("#disease=sle&preset=us&n=40&seed=8");
    expect(describeProblems(problems)).toEqual([]);
  }, 120_000);

  it("the two-way map colours an 11 × 11 grid of the two widest one-way swings by optimal strategy, downloadable", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/uncertainty.html`, { waitUntil: "networkidle" });
    await page.waitForFunction(() => document.querySelector("observablehq-loading") === null);
    await page.getByRole("button", { name: "Compute two-way map" }).click();
    await page.getByRole("button", { name: /Download two-way grid \(CSV\)/ }).waitFor({ timeout: 240_000 });
    expect(await page.locator(".twoway-results svg rect").count()).toBeGreaterThanOrEqual(121);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: /Download two-way grid \(CSV\)/ }).click(),
    ]);
    await download.saveAs(join(tmp, "twoway.csv"));
    const lines = readFileSync(join(tmp, "twoway.csv"), "utf8").trim().split("\n");
    const head = lines[0].split(",");
    expect(head.slice(2, 4)).toEqual(["optimal", "inmb"]);
    expect(lines.length).toBe(1 + 121);
    expect(describeProblems(problems)).toEqual([]);
  }, 300_000);

  it("VOI from uploaded costs and effects CSVs gives EVPI, EVPPI bars and a CEAC", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/uncertainty.html`, { waitUntil: "networkidle" });
    await page.waitForFunction(() => document.querySelector("observablehq-loading") === null);
    // 60 draws of two parameters (deterministic sequences); B's effect depends on a, its cost on b.
    const rows = Array.from({ length: 60 }, (_, k) => ({ a: ((k * 37) % 60) / 60, b: ((k * 11) % 60) / 60 }));
    const csv = (head: string, f: (r: { a: number; b: number }) => string) =>
      Buffer.from(head + "\n" + rows.map(f).join("\n") + "\n");
    const files = page.locator(".voi-results").locator("xpath=..").locator('input[type="file"]');
    await files
      .nth(0)
      .setInputFiles({ name: "inputs.csv", mimeType: "text/csv", buffer: csv("a,b", (r) => `${r.a},${r.b}`) });
    await files.nth(2).setInputFiles({
      name: "costs.csv",
      mimeType: "text/csv",
      buffer: csv("A,B", (r) => `1000,${1000 + 400 * r.b}`),
    });
    await files
      .nth(3)
      .setInputFiles({ name: "effects.csv", mimeType: "text/csv", buffer: csv("A,B", (r) => `1,${0.8 + 0.4 * r.a}`) });
    await page.getByLabel("WTP per unit of effect").fill("1000");
    await page.getByRole("button", { name: "Compute EVPI and EVPPI" }).click();
    await expect
      .poll(() => page.locator(".voi-results p").first().innerText(), { timeout: 60_000 })
      .toMatch(/60 draws, strategies A, B; EVPI per patient \d/);
    expect(await page.locator(".voi-results h3", { hasText: "CEAC of the uploaded samples" }).count()).toBe(1);
    expect(await page.locator(".voi-results svg").count()).toBeGreaterThanOrEqual(2);
    expect(describeProblems(problems)).toEqual([]);
  }, 120_000);
});
