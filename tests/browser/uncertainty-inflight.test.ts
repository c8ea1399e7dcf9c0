// Computations of the Uncertainty page while the page re-creates its panels (a resized window, an
// input changed): one worker per two-way grid or tornado in flight, joined by the newest panel; a
// computation for inputs the page no longer shows is cancelled (its worker terminated) and, for the
// PSA and the tornado, the panel says so; a finished PSA is never lost. The page marks every worker
// it starts (performance.mark("cartecon:worker:<kind>"), src/components/uncertainty.js), so the
// tests count computations. Runs against the built dist/ (`npm run build`).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport } from "../../tools/browser.js";
import { openUncertaintyPage } from "../helpers/uncertainty-page.js";

/** Workers of `kind` the page has started so far. */
/** expect.poll with a timeout sized for a loaded 2-core machine (a wait, not a timed assertion). */
const poll = <T>(f: () => T | Promise<T>, timeout = 120_000) => expect.poll(f, { timeout });

const started = (page: Page, kind: string) =>
  page.evaluate((k) => performance.getEntriesByName(`cartecon:worker:${k}`).length, kind);

/** Types `value` into the whole-number box labelled `label` and commits it (as Tab or Enter does). */
async function setBox(page: Page, label: string, value: string) {
  await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByLabel(label, { exact: true }).dispatchEvent("change");
}

/**
 * Resizes the window to `width` and waits until the page has replaced the panel `selector` (Framework
 * re-runs the cells that read `width`): the old panel is marked first, so the wait ends on the new one.
 */
async function resizeAndWaitForNewPanel(page: Page, selector: string, width: number) {
  await page.locator(selector).evaluate((e) => e.setAttribute("data-old", "1"));
  await page.setViewportSize({ width, height: 800 });
  await page.locator(`${selector}:not([data-old])`).waitFor({ state: "attached" });
  await poll(() => page.locator(`${selector}[data-old]`).count()).toBe(0);
}

// The labels the page's notes use: DISEASE_SHORT_LABELS and PRESETS[…].label (src/cart/).
const SLE_US = "SLE / lupus nephritis, United States (ICER)";

describe("Uncertainty page: computations in flight", () => {
  const report = servedReport();

  it("a two-way grid computing while the window is resized between 1280 and 390 px six times runs once, and its grid appears", async () => {
    // Before: each panel re-created while the grid computed started a new worker (the existing
    // two-way test started 2; with six resizes 8, and the grid took 112 s instead of 8 s).
    // Left on auto (one-way swings first) and a 31 × 31 grid: long enough to resize while it computes.
    const { page, problems } = await openUncertaintyPage(report, "#disease=sle&preset=us&n=40&seed=1&steps=31");
    await page.getByRole("button", { name: "Compute two-way map" }).click();
    const computingAt: boolean[] = [];
    for (const width of [390, 1280, 390, 1280, 390, 1280]) {
      computingAt.push(/^Computing/.test((await page.locator(".twoway-results").textContent()) ?? ""));
      await resizeAndWaitForNewPanel(page, ".twoway-panel", width);
    }
    // The first re-creation at least happened mid-computation (else this test proves nothing).
    expect(computingAt[0], "the grid was still computing when the window was first resized").toBe(true);
    await page.getByRole("button", { name: /Download two-way grid \(CSV\)/ }).waitFor();
    // 31 × 31 = 961 cells, one per grid point.
    expect(await page.locator('.twoway-results g[aria-label="cell"] rect').count()).toBe(961);
    expect(await started(page, "twoway")).toBe(1);
    // The finished worker is gone; no other two-way worker is still computing for a detached panel.
    await poll(() => page.workers().length).toBe(0);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  }, 600_000);

  it("a click that reaches a panel as the page replaces it is shown by the new panel (PSA and two-way map)", async () => {
    // Before: the replaced panel, no longer in the page, ran the computation and showed it to no one;
    // the new panel stayed idle ("Not run yet.") and the tests waited 240 s for a download button that
    // never came (two clean-clone CI runs, on a loaded machine). Here the click is made on the replaced
    // panel's own button, as a click in that instant lands.
    const { page, problems } = await openUncertaintyPage(report, "#disease=sle&preset=us&n=40&seed=3&steps=3");
    for (const [panel, button, done] of [
      [".psa-panel", /Run PSA \(40 draws, seed 3\)/, /Download draws \(CSV\)/],
      [".twoway-panel", /Compute two-way map/, /Download two-way grid \(CSV\)/],
    ] as const) {
      const old = await page.locator(panel).getByRole("button", { name: button }).elementHandle();
      await resizeAndWaitForNewPanel(page, panel, (await page.viewportSize())!.width === 390 ? 1280 : 390);
      expect(await old!.evaluate((b) => b.isConnected), "the clicked button is the replaced panel's").toBe(false);
      await old!.evaluate((b) => (b as HTMLButtonElement).click());
      await page.getByRole("button", { name: done }).waitFor();
    }
    // 3 × 3 grid points, one cell each.
    expect(await page.locator('.twoway-results g[aria-label="cell"] rect').count()).toBe(9);
    expect(await started(page, "psa")).toBe(1);
    expect(await started(page, "twoway")).toBe(1);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  }, 600_000);

  it("a two-way grid for inputs no longer on the page is cancelled: its worker stops and the new grid appears", async () => {
    const { page, problems } = await openUncertaintyPage(report, "#disease=sle&preset=us&n=40&seed=1&steps=31");
    await page.getByRole("button", { name: "Compute two-way map" }).click();
    await poll(() => page.workers().length).toBe(1);
    expect(await page.locator(".twoway-results").textContent()).toMatch(/^Computing/);
    // A map was asked for, so a new grid size computes at once; the 31 × 31 grid is no longer wanted.
    await setBox(page, "Grid points per parameter", "3");
    await poll(() => page.locator('.twoway-results g[aria-label="cell"] rect').count()).toBe(9);
    expect(await started(page, "twoway")).toBe(2);
    // Both workers have ended: the 3 × 3 one answered, the 31 × 31 one was terminated.
    await poll(() => page.workers().length).toBe(0);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  }, 600_000);

  it("a tornado computing while the window is resized runs once; one for another preset is cancelled and the panel says so", async () => {
    const { page, problems } = await openUncertaintyPage(report, "#disease=sle&preset=us&n=40&seed=1", {
      width: 1280,
      height: 800,
    });
    await page.getByRole("button", { name: /Compute tornado/ }).click();
    expect(await page.locator(".tornado-results").textContent()).toMatch(/^Computing/);
    await resizeAndWaitForNewPanel(page, ".tornado-results", 390);
    await page.locator(".tornado-results svg").first().waitFor();
    expect(await started(page, "dsa")).toBe(1);
    // For the UK preset: start, then change the preset back to the US while it computes.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel("United Kingdom (NICE)").check();
    // The UK's panel (nothing computed for it yet) has replaced the US one.
    await poll(() => page.locator(".tornado-results svg").count()).toBe(0);
    await page.getByRole("button", { name: /Compute tornado/ }).click();
    expect(await page.locator(".tornado-results").textContent()).toMatch(/^Computing/);
    await page.getByLabel("United States (ICER)").check();
    await poll(() => page.locator(".tornado-note").textContent()).toBe(
      "The tornado for SLE / lupus nephritis, United Kingdom (NICE) was cancelled because the inputs changed.",
    );
    expect(await started(page, "dsa")).toBe(2);
    await poll(() => page.workers().length).toBe(0);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  }, 600_000);

  it("a PSA whose seed is changed mid-run is cancelled and the panel says so; a finished PSA is listed and shown again", async () => {
    // Before: the run went on unseen in the background, and returning to its seed picked it up.
    const { page, problems } = await openUncertaintyPage(report, "#disease=sle&preset=us&n=1000&seed=1");
    await page.getByRole("button", { name: "Run PSA (1000 draws, seed 1)" }).click();
    await poll(() => page.locator(".psa-status").textContent()).toMatch(/\d+ \/ 1000 draws/);
    await setBox(page, "Seed", "2");
    await page.getByRole("button", { name: "Run PSA (1000 draws, seed 2)" }).waitFor();
    const note = `The PSA for ${SLE_US}, 1000 draws, seed 1 was cancelled because the inputs changed. Run it again for the settings above, or go back to those settings and run it there.`;
    await poll(() => page.locator(".psa-note").textContent()).toBe(note);
    expect(await page.locator(".psa-status").textContent()).toBe("Not run yet.");
    await poll(() => page.workers().length).toBe(0);
    // Back to seed 1: nothing was picked up in the background; the note stays until the next run.
    await setBox(page, "Seed", "1");
    await page.getByRole("button", { name: "Run PSA (1000 draws, seed 1)" }).waitFor();
    expect(await page.locator(".psa-status").textContent()).toBe("Not run yet.");
    expect(await page.locator(".psa-note").textContent()).toBe(note);
    expect(await started(page, "psa")).toBe(1);
    // A finished run (40 draws, seed 4) is kept: listed while other settings are shown, shown again on return.
    await setBox(page, "Draws", "40");
    await setBox(page, "Seed", "4");
    await page.getByRole("button", { name: "Run PSA (40 draws, seed 4)" }).click();
    await page.locator(".evppi-view figure > svg").first().waitFor();
    expect(await page.locator(".psa-note").isHidden()).toBe(true);
    // The EVPPI bars (no groups defined): the legend names only what is drawn, and no ±2 SE whisker
    // crosses the zero line into the labels, as EVPPI is never negative (it read as a bar below 0).
    const evppi = page.locator(".evppi-view figure").first();
    expect(await evppi.evaluate((e) => e.textContent ?? "")).not.toMatch(/\bgroup\b/);
    const lines = await evppi.locator('g[aria-label="rule"] line').evaluateAll((ls) =>
      (ls as SVGLineElement[]).map((l) => {
        // In the svg's coordinates (each rule group has its own half-pixel offset).
        const m = l.getCTM()!;
        const at = (x: number, y: number) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f];
        const [x1, y1] = at(l.x1.baseVal.value, l.y1.baseVal.value);
        const [x2, y2] = at(l.x2.baseVal.value, l.y2.baseVal.value);
        return [x1, x2, y1, y2];
      }),
    );
    const zero = lines.filter(([x1, x2]) => x1 === x2);
    const whiskers = lines.filter(([, , y1, y2]) => y1 === y2);
    expect(zero.length).toBe(1);
    expect(whiskers.length).toBe(12);
    // Within half a pixel: Plot draws the zero rule half a pixel right of x = 0 (crisp edges), the
    // whiskers at x = 0 itself; a whisker below 0 reached tens of pixels further left.
    for (const [x1, x2] of whiskers) expect(Math.min(x1, x2)).toBeGreaterThanOrEqual(zero[0][0] - 0.5);
    // Some intervals reach 0 (else the check above proves nothing): with 40 draws and seed 4, 8 of the
    // 12 largest EVPPIs have EVPPI - 2 SE <= 0 (`cartecon evppi --cart sle --n 40 --seed 4 --json`,
    // the same draws and SEs as the page). Seed 7, used before the PSA distributions changed in
    // session 26, now has none.
    expect(whiskers.some(([x1, x2]) => Math.abs(Math.min(x1, x2) - zero[0][0]) <= 0.5)).toBe(true);
    await setBox(page, "Seed", "8");
    await page.getByRole("button", { name: "Run PSA (40 draws, seed 8)" }).waitFor();
    await poll(async () => ((await page.locator(".psa-earlier").textContent()) ?? "").replace(/\s+/g, " ").trim()).toBe(
      `Also run in this session, shown again when the inputs return to them: ${SLE_US}, 40 draws, seed 4.`,
    );
    await setBox(page, "Seed", "4");
    await poll(() => page.locator(".psa-status").textContent()).toBe("40 draws (seed 4), run earlier in this session.");
    await page.locator(".evppi-view figure > svg").first().waitFor();
    expect(await started(page, "psa")).toBe(2);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  }, 600_000);
});
