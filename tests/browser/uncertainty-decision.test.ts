// The Uncertainty page says how firm its PSA's choice is (review s37): the deterministic result (every
// parameter at its base value) beside the PSA's mean net benefits, opened with an explanation when the
// two choose differently, and a "Not settled" note when the optimal strategy's lead is under 2 Monte
// Carlo standard errors. The base values' net benefits are checked against the engine's own `evaluate`
// of the CAR T model (not the worker's batch path). Runs against the built dist/ (`npm run build`).
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport } from "../../tools/browser.js";
import { openUncertaintyPage, runPsa } from "../helpers/uncertainty-page.js";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";
import { buildCartModel, PRESETS } from "../../src/cart/index.js";
import { compileModel, evaluate } from "../../src/model/index.js";

describe("Uncertainty page: the PSA's choice beside the deterministic one", { timeout: 600_000 }, () => {
  const report = servedReport();

  it("SLE, US, 40 draws: each strategy's net benefit at the base values, and the two choices named", async () => {
    const { page, problems } = await openUncertaintyPage(report, "#disease=sle&preset=us&n=40&seed=3");
    await runPsa(page, 40, 3);
    const view = page.locator(".psa-results details.base-versus-mean");
    await view.waitFor({ state: "attached" });
    // The engine's deterministic run of the model the worker draws from (buildCartModel, the preset's life table).
    const preset = PRESETS.us;
    const built = buildCartModel(loadEvidence(), "sle", preset, loadLifeTable(preset.lifeTable.file));
    const r = evaluate(compileModel(built.spec));
    const wtp = preset.wtp[0];
    const nb = r.strategies.map((s) => s.qalys.discounted * wtp - s.cost.discounted);
    const cells = await view
      .locator("tbody tr")
      .evaluateAll((rows) =>
        rows.map((tr) => Array.from(tr.querySelectorAll("th, td"), (c) => c.textContent?.trim() ?? "")),
      );
    expect(cells.length).toBe(r.strategies.length);
    // Column 2 is the net benefit at the base values, rounded to whole units ("-12,345").
    const shown = cells.map((c) => Number(c[1].replace(/,/g, "").replace("−", "-")));
    shown.forEach((x, i) => expect(Math.abs(x - nb[i]), `${cells[i][0]}: ${x} vs ${nb[i]}`).toBeLessThanOrEqual(0.5));
    // The summary names the strategy of highest net benefit at the base values; when the headline's PSA
    // choice differs, it says so and the explanation is open.
    const best = r.strategies[nb.indexOf(Math.max(...nb))].label;
    const summary = await view.locator("summary").innerText();
    expect(summary).toContain(`Deterministic result: ${best}`);
    const headline = await page.locator(".psa-results p b").first().innerText();
    if (headline === best) expect(summary).toContain("as the PSA");
    else {
      expect(summary).toContain("not the PSA's choice");
      expect(await view.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      // Beyond 2 paired SE the gap is the model's non-linearity; within, it may be chance (words.test.ts).
      expect(await view.innerText()).toMatch(/so it is not chance: the model is not linear|may differ by chance alone/);
    }
    expect(describeProblems(problems)).toEqual([]);
  });
});
