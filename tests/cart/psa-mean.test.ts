/**
 * Why the PSA's mean incremental cost of bespoke CAR T in SLE (US) is far below the deterministic one
 * (docs/uncertainty.md, "Why the PSA mean differs from the deterministic result"): not a distribution
 * whose mean is off its base value (tests/cart/distributions.test.ts checks every one), but the model's
 * curvature in the autologous relapse rate. The expectation over that rate's gamma alone is computed
 * here by the midpoint rule on 200 quantiles; the figure it is checked against, −85,414 USD and 2.687
 * QALYs, came from 2,000 quantiles taken from scipy.stats.gamma.ppf (a different quantile function, ten
 * times finer), with the same model; the deterministic 13,004 is `cartecon cart --disease sle`'s.
 * That figure was computed before health-state utilities were age-adjusted and capped at the population
 * norms (f_utility_age, f_utility_cap, 7 December 2026), so the model here has both off (0 in every
 * set): the costs do not depend on them, the QALYs do.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import quantile from "@stdlib/stats-base-dists-gamma-quantile";
import { buildCartModel, PRESETS } from "../../src/cart/index.js";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";
import { compileModel, evaluateBatch } from "../../src/model/index.js";
import { specDistributions } from "../../src/model/dist/fromspec.js";

describe("PSA mean vs deterministic result, SLE (US), bespoke CAR T vs standard of care", () => {
  it("the relapse rate's gamma alone moves the mean incremental cost from +13,004 to about −85,400 USD", () => {
    const preset = PRESETS.us;
    const built = buildCartModel(loadEvidence(), "sle", preset, loadLifeTable(preset.lifeTable.file));
    const model = compileModel(built.spec);
    const d = specDistributions(built.spec).find((p) => p.id === "r_relapse")!.distribution;
    if (d.type !== "gamma") throw new Error(`r_relapse is drawn from a ${d.type}, not the documented gamma`);
    // The documented fit: value 0.05, range 0.02-0.3 read as a 95% interval, SE = 0.28 / 3.919928 =
    // 0.0714299, shape = 0.05² / SE² = 0.489982, scale = SE² / 0.05 = 0.102045.
    expect(d.shape).toBeCloseTo(0.489982, 5);
    expect(d.scale).toBeCloseTo(0.102045, 5);
    const M = 200;
    const sets = Array.from({ length: M }, (_, i) => ({
      r_relapse: quantile((i + 0.5) / M, d.shape, 1 / d.scale),
      f_utility_age: 0,
      f_utility_cap: 0,
    }));
    const at = (sets: Array<Record<string, number>>) =>
      evaluateBatch(model, sets, { trace: false, perCycle: false, batchSize: 64 }).map((r) => {
        const s = Object.fromEntries(r.strategies.map((x) => [x.id, x]));
        return {
          cost: s.autologous.cost.discounted - s.soc.cost.discounted,
          qalys: s.autologous.qalys.discounted - s.soc.qalys.discounted,
        };
      });
    const [base] = at([{ f_utility_age: 0, f_utility_cap: 0 }]);
    expect(base.cost).toBeCloseTo(13004, -1);
    const rows = at(sets);
    const meanCost = rows.reduce((a, r) => a + r.cost, 0) / M;
    const meanQalys = rows.reduce((a, r) => a + r.qalys, 0) / M;
    // 200 midpoints against 2,000: the rule's error is in the tails, where the incremental cost is
    // bounded (−330,000 at the lowest of the 200 quantiles, +460,000 at the highest): within 500 USD
    // (it was 24) and 0.002 QALYs of the finer rule's −85,414 and 2.6866.
    expect(Math.abs(meanCost - -85414)).toBeLessThan(500);
    expect(Math.abs(meanQalys - 2.6866)).toBeLessThan(0.002);
    // Convex in the rate: the mean is below the value at the mean rate by about 98,000 (Jensen).
    expect(base.cost - meanCost).toBeGreaterThan(90000);
  }, 180_000);
  it("the Uncertainty page's sentence on it points to a section of docs/uncertainty.md that exists, and carries no figure", () => {
    const page = readFileSync(new URL("../../src/uncertainty.md", import.meta.url), "utf8");
    const docs = readFileSync(new URL("../../docs/uncertainty.md", import.meta.url), "utf8");
    const title = "Why the PSA mean differs from the deterministic result";
    const paragraph = page.split("\n\n").find((p) => p.includes(`"${title}"`));
    expect(paragraph).toBeDefined();
    expect(paragraph).toContain(`\`docs/uncertainty.md\`, "${title}"`);
    expect(docs.split("\n")).toContain(`### ${title}`);
    // The gap moves with the data and the draws: the page leaves the figure to the docs (which state
    // the run it comes from), so the sentence has no amount of money in it.
    expect(paragraph).not.toMatch(/\b(USD|GBP|EUR)\b|\d,\d{3}/);
  });
});
