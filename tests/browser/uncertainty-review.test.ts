// Defects found using the Uncertainty page as a health economist would (review s24), each kept
// fixed: legends and headlines naming strategies by internal id; chart texts cut off at 390 px (the
// CE plane's x label, long EVPPI parameter names) and a tornado axis with a single tick; typed draws,
// seeds and grid sizes that the page showed but silently did not use; CSV assumptions without a
// separate price year. Runs against the built dist/ (`npm run build`).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport, svgTextProblems } from "../../tools/browser.js";
import { dataStamp } from "../../src/cart/load.js";
import { assumptions, openUncertaintyPage, runPsa } from "../helpers/uncertainty-page.js";

// The SLE model's strategies by id and name: STRATEGY_LABELS in src/cart/dictionary.ts and the
// comparator's name in data/cart/comparators.csv.
const SLE_STRATEGIES: Record<string, string> = {
  soc: "Lifelong standard of care",
  autologous: "Bespoke autologous CAR T",
  allogeneic: "Off-the-shelf allogeneic CAR T",
  invivo: "In-vivo CAR T",
  ahsct: "Autologous haematopoietic stem cell transplantation",
};

describe("Uncertainty page used as a health economist would", { timeout: 600_000 }, () => {
  const report = servedReport();

  for (const width of [1280, 390]) {
    it(`at ${width} px every chart's texts stay inside it and off each other, and legends name the strategies, not their ids`, async () => {
      const { page, problems } = await openUncertaintyPage(
        report,
        "#disease=sle&preset=us&n=40&seed=3&a=r_relapse&b=k_relapse&steps=5",
        { width },
      );
      await runPsa(page, 40, 3);
      await page.getByRole("button", { name: /Compute tornado/ }).click();
      await page.locator(".tornado-results figure > svg").waitFor();
      await page.getByRole("button", { name: /Compute two-way map/ }).click();
      await page.locator(".twoway-results figure > svg").waitFor();
      // The running preview is hidden once the run ends (review s29); shown again here, with the
      // run's last curves, so its texts are checked too.
      await page.locator(".psa-live").evaluate((e) => ((e as HTMLElement).hidden = false));
      const charts = page.locator(
        ".psa-live svg.ceac-preview, .psa-results figure > svg, .tornado-results figure > svg, .twoway-results figure > svg",
      );
      // Preview, CEAC, expected loss, convergence, CE plane, EVPPI, tornado, two-way map.
      expect(await charts.count()).toBe(8);
      const found: string[] = [];
      for (let i = 0; i < (await charts.count()); i++) {
        const t = await svgTextProblems(charts.nth(i));
        expect(t.texts).toBeGreaterThan(3);
        found.push(...t.problems.map((p) => `chart ${i}: ${p}`));
      }
      // Before: at 390 px "Incremental QALYs vs soc →" (CE plane) ran off the bottom, "c_infusion_loss__allogeneic"
      // (EVPPI) off the left edge, at both widths the CE plane's x label.
      expect(found).toEqual([]);
      // Parameters by name above their bars, never by id (before: "r_relapse__alemtuzumab" as a y tick,
      // cut to 20 characters at 390 px): the dictionary's short label (src/cart/dictionary.ts).
      const evppiTexts = await page.locator(".evppi-view figure > svg text").allTextContents();
      expect(evppiTexts.filter((t) => t.includes("__"))).toEqual([]);
      const tornadoTexts = await page.locator(".tornado-results figure > svg text").allTextContents();
      expect(tornadoTexts).toContain("Relapse rate in remission");
      // The two-way map's y axis rises upwards: k_relapse's grid (low 0.6, high 1.4 in data/cart/parameters-platforms.csv)
      // reads 0.6 at the bottom and 1.4 at the top (before: 0.6 on top; labels by valueTick, 3 significant
      // digits without trailing zeros, since review s30).
      const yTicks = await page
        .locator('.twoway-results figure > svg [aria-label="y-axis tick label"] text')
        .evaluateAll((ts) => ts.map((t) => ({ text: t.textContent, y: t.getBoundingClientRect().top })));
      const byHeight = [...yTicks].sort((p, q) => q.y - p.y).map((t) => t.text);
      expect(byHeight).toEqual(["0.6", "0.8", "1", "1.2", "1.4"]);
      // The tornado's money axis has enough ticks to read a scale (before, at 390 px: "0" alone).
      const tornadoTicks = await page
        .locator('.tornado-results figure > svg [aria-label="x-axis tick label"] text')
        .allTextContents();
      expect(tornadoTicks.length, tornadoTicks.join(" ")).toBeGreaterThanOrEqual(3);
      // Legends: the CEAC's lists the five strategies by name; no legend or headline uses an id.
      const legend = (figure: string) =>
        page
          .locator(figure)
          .first()
          .locator('[class$="-swatch"]')
          .allTextContents()
          .then((ts) => ts.map((t) => t.trim()));
      const ceac = await legend(".psa-results figure:has(+ .downloads button[aria-label*='ceac-'])");
      expect([...ceac].sort()).toEqual(Object.values(SLE_STRATEGIES).sort());
      const all = await page.locator(".psa-results, .twoway-results").locator('[class$="-swatch"]').allTextContents();
      expect(all.map((t) => t.trim()).filter((t) => t in SLE_STRATEGIES)).toEqual([]);
      const twoWay = await legend(".twoway-results figure");
      expect(twoWay.length).toBeGreaterThan(0);
      for (const s of twoWay) expect(Object.values(SLE_STRATEGIES)).toContain(s);
      const headline = await page.locator(".psa-results p").first().innerText();
      expect(headline).toMatch(/optimal \(highest mean net benefit\) (.+); EVPI/);
      expect(Object.values(SLE_STRATEGIES)).toContain(headline.match(/benefit\) (.+); EVPI/)?.[1]);
      // The comparator in axis labels: "SoC" (shortLabel of "Lifelong standard of care").
      expect(await page.locator(".psa-results").innerText()).toContain("Incremental cost vs SoC (USD 2025)");
      expect(describeProblems(problems)).toEqual([]);
      await page.close();
    });
  }

  it("typed draws, seeds and grid sizes of 0, -1, 1e9, blank, text or a fraction are refused next to their box; the run and the link keep the value in force", async () => {
    // Before: the box kept showing "0" (or "1e9", or nothing) with no message while the Run button and
    // the link still said 40 draws: a value the user saw but the page did not use.
    const { page, problems } = await openUncertaintyPage(
      report,
      "#disease=sle&preset=us&n=40&seed=3&a=r_relapse&b=k_relapse&steps=5",
    );
    const form = (label: string) =>
      page.locator("form.checked-range", { has: page.locator("label", { hasText: new RegExp(`^${label}$`) }) });
    // Ranges: draws 1 to MAX_DRAWS (100,000, src/uncertainty/limits.ts), seeds 0 to 2^53 - 1, grid 2 to 41.
    const cases: Array<[string, string, string, string]> = [
      ["Draws", "0", "out of range (got 0); expected a whole number from 1 to 100000", "40"],
      ["Draws", "-1", "out of range (got -1); expected a whole number from 1 to 100000", "40"],
      ["Draws", "1e9", "out of range (got 1e9); expected a whole number from 1 to 100000", "40"],
      ["Draws", "", 'blank cell (got ""); expected a whole number from 1 to 100000', "40"],
      ["Draws", "many", 'not a number (got "many"); expected a whole number from 1 to 100000', "40"],
      ["Draws", "2.5", "not a whole number (got 2.5); expected a whole number from 1 to 100000", "40"],
      ["Seed", "1.5", "not a whole number (got 1.5); expected a whole number from 0 to 9007199254740991", "3"],
      ["Seed", "-3", "out of range (got -3); expected a whole number from 0 to 9007199254740991", "3"],
      ["Grid points per parameter", "1", "out of range (got 1); expected a whole number from 2 to 41", "5"],
    ];
    for (const [label, typed, message, kept] of cases) {
      const box = form(label).locator('input[type="text"]');
      await box.fill(typed);
      await box.press("Tab");
      await expect.poll(() => form(label).locator(".input-error").innerText()).toContain(message);
      expect(await box.inputValue(), `${label} "${typed}"`).toBe(kept);
    }
    expect(await page.locator(".psa-panel button").first().innerText()).toBe("Run PSA (40 draws, seed 3)");
    expect(new URL(page.url()).hash).toBe(
      `#disease=sle&preset=us&n=40&seed=3&a=r_relapse&b=k_relapse&steps=5&data=${dataStamp()}`,
    );
    expect(await page.locator(".observablehq--error").count()).toBe(0);
    // A valid entry then counts, and clears the message.
    const draws = form("Draws").locator('input[type="text"]');
    await draws.fill("30");
    await draws.press("Tab");
    await expect.poll(() => page.locator(".psa-panel button").first().innerText()).toBe("Run PSA (30 draws, seed 3)");
    expect(await form("Draws").locator(".input-error").innerText()).toBe("");
    expect(new URL(page.url()).hash).toContain("n=30&seed=3");
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("the draws', CEAC's, tornado's and two-way grid's assumptions give the seed, the currency and the price year", async () => {
    // Before: currency "USD 2025" in one field and no price year, unlike the other pages' downloads.
    // The US preset: USD, price year 2025 (src/cart/presets.ts).
    const { page, problems } = await openUncertaintyPage(
      report,
      "#disease=sle&preset=us&n=40&seed=3&a=r_relapse&b=k_relapse&steps=3",
    );
    await runPsa(page, 40, 3);
    const draws = await assumptions(page, "psa-sle-us-seed3-n40.csv");
    expect(draws).toMatchObject({ disease: "sle", preset: "us", draws: 40, seed: 3, currency: "USD", priceYear: 2025 });
    expect(draws.wtp).toBe(100000);
    expect(draws.parameters.length).toBeGreaterThan(10);
    expect(await assumptions(page, "ceac-sle-us-seed3-n40.csv")).toMatchObject({
      seed: 3,
      currency: "USD",
      priceYear: 2025,
    });
    await page.getByRole("button", { name: /Compute tornado/ }).click();
    await page.locator(".tornado-results figure > svg").waitFor();
    expect(await assumptions(page, "tornado-sle-us.csv")).toMatchObject({
      disease: "sle",
      wtp: 100000,
      currency: "USD",
      priceYear: 2025,
    });
    await page.getByRole("button", { name: /Compute two-way map/ }).click();
    await page.locator(".twoway-results figure > svg").waitFor();
    expect(await assumptions(page, "twoway-sle-us-r_relapse-k_relapse.csv")).toMatchObject({
      parameters: ["r_relapse", "k_relapse"],
      steps: 3,
      currency: "USD",
      priceYear: 2025,
    });
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("a link made after changing the inputs reproduces the run: same optimal strategy and EVPI from a fresh page", async () => {
    const { page, problems } = await openUncertaintyPage(report, "#disease=sle&preset=us&n=40&seed=3");
    await page.getByLabel("United Kingdom (NICE)").check();
    const seed = page
      .locator("form.checked-range", { has: page.locator("label", { hasText: "Seed" }) })
      .locator("input");
    await seed.fill("11");
    await seed.press("Tab");
    await runPsa(page, 40, 11);
    const first = await page.locator(".psa-results p").first().innerText();
    expect(first).toContain("GBP 2024");
    const link = await page.locator(".scenario-link a").getAttribute("href");
    expect(link).toBe(`#disease=sle&preset=uk&n=40&seed=11&data=${dataStamp()}`);
    const again = await openUncertaintyPage(report, link ?? "");
    await runPsa(again.page, 40, 11);
    expect(await again.page.locator(".psa-results p").first().innerText()).toBe(first);
    expect(describeProblems(problems)).toEqual([]);
    expect(describeProblems(again.problems)).toEqual([]);
    await page.close();
    await again.page.close();
  });

  it("the upload's WTP box quotes a typed non-number or negative in its error; the upload's charts say their units, never '()'", async () => {
    // Before: a number box handed "abc" over as "" (the error quoted ""), and the charts of uploaded
    // samples read "EVPPI per patient (), ±2 SE" and "Willingness to pay per QALY ()".
    const dir = mkdtempSync(join(tmpdir(), "cartecon-unc-review-"));
    // 200 draws of p1, p2, p3 (deterministic, well spread); B's effect depends on p1, its cost on p2.
    const x = (k: number, j: number) => (((k + 1) * (0.6180339887 + j * 0.1414213562)) % 1) - 0.5;
    const csv = (head: string[], cell: (k: number) => number[]) =>
      [head.join(","), ...Array.from({ length: 200 }, (_, k) => cell(k).join(","))].join("\n") + "\n";
    const files = {
      inputs: csv(["p1", "p2", "p3"], (k) => [x(k, 0), x(k, 1), x(k, 2)]),
      // Headed as many models export them: each file's columns share a word (paired as A and B, with a note).
      costs: csv(["cost_A", "cost_B"], (k) => [1000, 1100 + 300 * x(k, 1)]),
      effects: csv(["qaly_A", "qaly_B"], (k) => [1, 1.1 + 0.5 * x(k, 0)]),
    };
    for (const [role, text] of Object.entries(files)) writeFileSync(join(dir, `${role}.csv`), text);
    const { page, problems } = await openUncertaintyPage(report);
    const chooser = page.locator(".voi-panel").locator('input[type="file"]');
    await chooser.nth(0).setInputFiles(join(dir, "inputs.csv"));
    await chooser.nth(2).setInputFiles(join(dir, "costs.csv"));
    await chooser.nth(3).setInputFiles(join(dir, "effects.csv"));
    for (const [typed, why] of [
      ["abc", "not a number"],
      ["1,5", "decimal comma"],
      ["", "blank cell"],
      ["-5", "negative"],
    ]) {
      await page.getByLabel("WTP per unit of effect").fill(typed);
      await page.getByRole("button", { name: "Compute EVPI and EVPPI" }).click();
      await expect
        .poll(() => page.locator(".voi-results .error").innerText())
        .toContain(`WTP per unit of effect: ${why}`);
      expect(await page.locator(".voi-results .error").innerText()).toContain(`(got ${JSON.stringify(typed)})`);
    }
    await page.getByLabel("WTP per unit of effect").fill("1000");
    await page.getByRole("button", { name: "Compute EVPI and EVPPI" }).click();
    await page.locator(".voi-results figure > svg").nth(1).waitFor();
    const text = await page.locator(".voi-results").innerText();
    expect(text).toContain("EVPPI per patient (net-benefit units), ±2 SE");
    expect(text).toContain("Willingness to pay per unit of effect (in the costs file's money units)");
    expect(text).not.toContain("()");
    expect(await page.locator(".voi-panel").innerText()).toContain(
      'Note: costs.csv and effects.csv name their strategy columns differently; paired by the names without the words common to each file\'s columns: cost_A with qaly_A (strategy "A"), cost_B with qaly_B (strategy "B")',
    );
    const charts = page.locator(".voi-results figure > svg");
    for (let i = 0; i < (await charts.count()); i++)
      expect((await svgTextProblems(charts.nth(i))).problems).toEqual([]);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("a PSA survives its panel being re-created mid-run (a resized window): the new panel shows the run's progress and results", async () => {
    // Before: the panel re-drawn for the new width said "Not run yet." while the worker went on, and the
    // run's results never appeared (a click on Run before the parameters had loaded was lost the same way).
    const { page, problems } = await openUncertaintyPage(report, "#disease=sle&preset=us&n=1000&seed=5", {
      width: 1280,
    });
    await page.getByRole("button", { name: "Run PSA (1000 draws, seed 5)" }).click();
    await expect
      .poll(() => page.locator(".psa-status").textContent(), { timeout: 120_000 })
      .toMatch(/\d+ \/ 1000 draws/);
    await page.setViewportSize({ width: 700, height: 900 });
    await expect.poll(() => page.locator(".psa-panel").count()).toBe(1);
    await page.getByRole("button", { name: /Download draws \(CSV\)/ }).waitFor({ timeout: 240_000 });
    expect(await page.locator(".psa-status").textContent()).toMatch(/^1000 draws in [\d.]+ s \(seed 5\)\.$/);
    // Run is enabled again once every view of the run has been drawn (the EVPPI bars come last).
    await page.locator(".evppi-view figure > svg").first().waitFor();
    await expect.poll(() => page.locator(".psa-panel button").first().isEnabled()).toBe(true);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});
