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
        for (const e of list.getEntries()) (window as unknown as { longest: number }).longest = Math.max((window as unknown as { longest: number }).longest, e.duration);
      }).observe({ type: "longtask", buffered: false });
    });
    await page.getByRole("button", { name: /Run PSA \(1000 draws, seed 1\)/ }).click();
    await page.waitForFunction(() => Number(document.querySelector<HTMLProgressElement>(".psa-panel progress")?.value ?? 0) > 0, null, { timeout: 120_000 });
    await expect.poll(() => page.locator(".psa-status").innerText()).toMatch(/\d+ \/ 1000 draws/);
    // A running EVPI appears every 100 draws (streamed from the worker).
    await expect.poll(() => page.locator(".psa-status").innerText(), { timeout: 120_000 }).toMatch(/EVPI per patient so far/);
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
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /Download draws \(CSV\)/ }).click()]);
    const file = join(tmp, "page.csv");
    await download.saveAs(file);
    const cli = spawnSync(process.execPath, ["bin/cartecon.js", "psa", "--cart", "sle", "--preset", "us", "--n", "40", "--seed", "7", "--out", join(tmp, "cli.csv"), "--no-progress"], { encoding: "utf8", timeout: 240_000 });
    expect(cli.status, cli.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(readFileSync(join(tmp, "cli.csv"), "utf8"));
    await expect.poll(() => page.locator('svg[class^="plot"]').count()).toBeGreaterThan(0);
    expect(describeProblems(problems)).toEqual([]);
  }, 400_000);
});
