// Defects of the Uncertainty page found in review s29, each kept fixed: the running CEAC preview
// stayed on the page as empty axes after a run (in the page's serif font, unlike the Plot charts);
// the page showed empty sections with no word while the worker listed the model's parameters; the
// CEAC, EVPI, EVPPI and convergence CSVs had no preset, currency or price year and were named
// without the preset and the number of draws (a UK run saved under a US run's names).
// Runs against the built dist/ (`npm run build`).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport } from "../../tools/browser.js";
import { csvRows, download } from "../helpers/report-page.js";
import { assumptions, openUncertaintyPage, runPsa } from "../helpers/uncertainty-page.js";

const PLACEHOLDER = "Loading the model's parameters…";

/** Whether the element matching `selector` is hidden (its `hidden` property). */
const isHidden = (page: Page, selector: string) => page.locator(selector).evaluate((e) => (e as HTMLElement).hidden);

describe("Uncertainty page, review s29", { timeout: 600_000 }, () => {
  const report = servedReport();

  it("the running CEAC preview shows only while a PSA runs, in the charts' font, and is hidden when it finishes or is cancelled", async () => {
    const { page, problems } = await openUncertaintyPage(report, "#disease=sle&preset=us&n=50&seed=7");
    // Before a run: no empty chart.
    expect(await isHidden(page, ".psa-live")).toBe(true);
    // Every change of the box's `hidden`, and the preview's font when it shows, recorded in the page
    // (a 50-draw run can end before the test could look).
    await page.evaluate(() => {
      const w = window as unknown as { liveSeen: { hidden: boolean; font: string }[] };
      w.liveSeen = [];
      const box = document.querySelector(".psa-live") as HTMLElement;
      new MutationObserver(() => {
        const text = box.querySelector("svg.ceac-preview text") as SVGTextElement;
        w.liveSeen.push({ hidden: box.hidden, font: getComputedStyle(text).fontFamily });
      }).observe(box, { attributes: true, attributeFilter: ["hidden"] });
    });
    await runPsa(page, 50, 7);
    // 50 draws are too few for the EVPPI's metamodel: the page says so, as `cartecon evppi` does.
    await expect
      .poll(() => page.locator(".evppi-warning").textContent(), { timeout: 60_000 })
      .toMatch(/Imprecise:.*Fewer than 1,000 draws.*Run the PSA again with [\d,]+ draws or more/);
    const seen = await page.evaluate(
      () => (window as unknown as { liveSeen: { hidden: boolean; font: string }[] }).liveSeen,
    );
    expect(seen.map((s) => s.hidden)).toEqual([false, true]);
    expect(await isHidden(page, ".psa-live")).toBe(true);
    // The font of the finished CEAC, an Observable Plot chart (Plot sets it on its SVG).
    const plotFont = await page
      .locator(".psa-results figure > svg text")
      .first()
      .evaluate((t) => getComputedStyle(t).fontFamily);
    expect(plotFont).toMatch(/system-ui/);
    expect(seen[0].font).toBe(plotFont);
    // A panel re-created with the finished run (a resized window) shows no preview either. The old
    // panel is marked first, so the wait ends on the new one.
    await page.locator(".psa-panel").evaluate((e) => e.setAttribute("data-old", "1"));
    await page.setViewportSize({ width: 900, height: 900 });
    await page.locator(".psa-panel:not([data-old])").waitFor({ state: "attached" });
    await expect.poll(() => page.locator(".psa-status").textContent()).toMatch(/run earlier in this session/);
    expect(await isHidden(page, ".psa-live")).toBe(true);
    // A cancelled run: the preview shows while it runs and is hidden once it is cancelled.
    await page.getByLabel("Draws", { exact: true }).fill("3000");
    await page.getByLabel("Draws", { exact: true }).dispatchEvent("change");
    await page.getByRole("button", { name: "Run PSA (3000 draws, seed 7)" }).click();
    // The preview is shown when the run starts (polled: the click's handler and the worker's first
    // message come after the click resolves; a run of 3,000 draws lasts far longer than this wait).
    await expect.poll(() => isHidden(page, ".psa-live"), { timeout: 60_000 }).toBe(false);
    await page.waitForFunction(
      () => Number(document.querySelector<HTMLProgressElement>(".psa-panel progress")?.value ?? 0) > 0,
    );
    await page.locator(".psa-panel").getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => page.locator(".psa-status").textContent()).toBe("Cancelled.");
    expect(await isHidden(page, ".psa-live")).toBe(true);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it(`while the worker lists the parameters the PSA and two-way sections say "${PLACEHOLDER}", and the one-way section is already usable`, async () => {
    // The worker's script is held back until the test lets it go: the page waits for the parameters.
    const { page, problems } = await report.open();
    page.setDefaultTimeout(240_000);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let workerAsked = false;
    await page.route(/psa-worker[^/]*\.js$/, async (route) => {
      workerAsked = true;
      await held;
      await route.continue();
    });
    await page.goto(`${report.origin}/uncertainty.html`);
    await page.getByRole("button", { name: /Compute tornado/ }).waitFor();
    await expect.poll(() => workerAsked).toBe(true);
    const placeholders = page.getByText(PLACEHOLDER, { exact: true });
    expect(await placeholders.count()).toBe(2);
    for (let i = 0; i < 2; i++) expect(await placeholders.nth(i).isVisible()).toBe(true);
    // One in the PSA's section (before the one-way heading), one in the two-way section (after its heading).
    const follows = (selector: string, i: number) =>
      placeholders
        .nth(i)
        .evaluate(
          (p, sel) => !!(document.querySelector(sel)!.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING),
          selector,
        );
    expect(await follows("#one-way-sensitivity", 0)).toBe(false);
    expect(await follows("#two-way-sensitivity", 1)).toBe(true);
    expect(await page.getByRole("button", { name: /Run PSA/ }).count()).toBe(0);
    expect(await page.getByLabel("Parameter (x)").count()).toBe(0);
    release();
    await page.getByLabel("Parameter (x)").waitFor();
    await page.getByRole("button", { name: /Run PSA/ }).waitFor();
    expect(await placeholders.count()).toBe(2);
    for (let i = 0; i < 2; i++) expect(await placeholders.nth(i).isVisible()).toBe(false);
    // Another preset asks the worker again: both sections say so again (each note shown as it is
    // placed, recorded in the page), until the parameters come.
    await page.evaluate((text) => {
      const w = window as unknown as { notesSeen: boolean[] };
      w.notesSeen = [];
      new MutationObserver((records) => {
        for (const r of records)
          for (const n of r.addedNodes)
            if (n instanceof HTMLElement && n.textContent === text) w.notesSeen.push(n.hidden);
      }).observe(document.body, { childList: true, subtree: true });
    }, PLACEHOLDER);
    await page.getByLabel("United Kingdom (NICE)").check();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { notesSeen: boolean[] }).notesSeen), { timeout: 60_000 })
      .toEqual([false, false]);
    await expect.poll(() => placeholders.count(), { timeout: 60_000 }).toBe(2);
    for (let i = 0; i < 2; i++)
      await expect.poll(() => placeholders.nth(i).isVisible(), { timeout: 240_000 }).toBe(false);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("the CEAC, EVPI, EVPPI and convergence CSVs are named like the draws file and carry the disease, preset, currency and price year", async () => {
    const { page, problems } = await openUncertaintyPage(report, "#disease=sle&preset=us&n=50&seed=7");
    // The columns each file had before (review s29's downloads), then the scenario's four.
    const before: Record<string, string[]> = {
      ceac: ["wtp", "strategy", "probability", "expectedLoss", "meanNb", "onFrontier"],
      evpi: ["wtp", "evpi", "optimal", "ceaf"],
      evppi: ["parameters", "kind", "evppi", "se", "method"],
      convergence: ["draws", "strategy", "meanIncrementalNb"],
    };
    const buttons: Record<string, RegExp> = {
      ceac: /^Download CSV: ceac-/,
      evpi: /Download EVPI by WTP \(CSV\)/,
      evppi: /Download EVPPI \(CSV\)/,
      convergence: /Download running means \(CSV\)/,
    };
    // src/cart/presets.ts: the US preset is in USD of 2025, the UK's in GBP of 2024.
    for (const [preset, currency, year] of [
      ["us", "USD", "2025"],
      ["uk", "GBP", "2024"],
    ]) {
      if (preset === "uk") {
        // The panel is re-created for the new preset once its parameters come (its Run button has
        // the same name as the old one's): the old panel is marked, so the click reaches the new one.
        await page.locator(".psa-panel").evaluate((e) => e.setAttribute("data-old", "1"));
        await page.getByLabel("United Kingdom (NICE)").check();
        await page.locator(".psa-panel:not([data-old])").waitFor({ state: "attached" });
        await expect.poll(() => page.locator(".psa-panel").count()).toBe(1);
      }
      await runPsa(page, 50, 7);
      for (const [what, columns] of Object.entries(before)) {
        const file = `${what}-sle-${preset}-seed7-n50.csv`;
        const button = page.getByRole("button", { name: buttons[what] });
        expect(await button.getAttribute("aria-label")).toMatch(new RegExp(`: ${file}$`));
        const rows = csvRows(await download(page, buttons[what], `${preset}-${file}`));
        expect(rows[0], file).toEqual([...columns, "disease", "preset", "currency", "price_year"]);
        expect(rows.length, file).toBeGreaterThan(1);
        for (const r of rows.slice(1)) expect(r.slice(-4), file).toEqual(["sle", preset, currency, year]);
        expect(await assumptions(page, file), file).toMatchObject({
          preset,
          draws: 50,
          seed: 7,
          currency,
          priceYear: Number(year),
        });
      }
      // The draws file keeps `cartecon psa --out`'s columns (parameters, then cost_ and effect_ of
      // each strategy); its assumptions carry the scenario.
      const drawsFile = `psa-sle-${preset}-seed7-n50.csv`;
      const draws = csvRows(await download(page, /Download draws \(CSV\)/, `${preset}-${drawsFile}`));
      expect(draws[0][0]).toBe("draw");
      expect(draws[0].at(-1)).toBe("effect_ahsct");
      expect(draws).toHaveLength(51);
      expect(await assumptions(page, drawsFile)).toMatchObject({ preset, currency, priceYear: Number(year) });
    }
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});
