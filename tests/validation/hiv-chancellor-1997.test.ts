/**
 * Golden test: the HIV model (zidovudine monotherapy vs zidovudine + lamivudine) of
 *   Chancellor JV et al. Pharmacoeconomics 1997;12(1):54-66, as replicated in
 *   Briggs A, Claxton K, Sculpher M. Decision Modelling for Health Economic Evaluation. OUP 2006,
 *   Exercise 2.5 (book and its Excel solution).
 * Published numbers:
 *   - Briggs Exercise 2.5 (spreadsheet): monotherapy GBP 44,663 and 7.991 undiscounted life years;
 *     combination GBP 50,602 and 8.937 life years; ICER GBP 6,276 per life year gained (also the
 *     ICER of Chancellor et al. 1997, abstract). With half-cycle correction of the life years:
 *     8.475 and 9.42. (The book's text quotes 7.996 for monotherapy; the spreadsheet gives 7.991.)
 *   - The spreadsheet's unrounded results as transcribed in heemod's reproduction test,
 *     github.com/pierucci/heemod tests/testthat/test_dmhee.R lines 113-118 ("exactly match HIV
 *     model"): costs 44663.4535637 and 50601.6513312, life years 7.9912066 and 8.9373889,
 *     ICER 6275.95560. That reproduction (line 11) uses a lamivudine cost of GBP 2,086.50 per year.
 *
 * data/models/hiv-chancellor-1997.json uses that GBP 2,086.50: with a rounded 2,087 the combination
 * cost would be 50,602.56 and the ICER 6,276.92, which round to 50,603 and 6,277, not to the
 * published 50,602 and 6,276.
 */
import { describe, expect, it } from "vitest";
import { incrementalAnalysis } from "../../src/model/index.js";
import { byId, clone, expectPublished, loadSpec, run } from "./published.js";

const MODEL = "hiv-chancellor-1997";
const spec = loadSpec(`${MODEL}.json`);
// The published numbers are in data/validation/expected.json (model "hiv-chancellor-1997").
const pub = (x: number, key: string) => expectPublished(x, MODEL, key);

describe("HIV model, Chancellor et al. 1997 / Briggs et al. 2006 Exercise 2.5", () => {
  const shipped = byId(run(spec));
  const published = shipped;

  it("monotherapy cost (whole GBP) and both life expectancies (3 decimals), counts at the end of each cycle", () => {
    pub(shipped.mono.cost.discounted, "mono-cost");
    pub(shipped.mono.lifeYears.undiscounted, "mono-ly");
    pub(shipped.combo.lifeYears.undiscounted, "combo-ly");
    // Life years are also the model's "ly" value (kind "other").
    pub(shipped.mono.values.ly.undiscounted, "mono-ly");
    pub(shipped.combo.values.ly.undiscounted, "combo-ly");
  });

  it("combination cost (whole GBP) and ICER (whole GBP per life year)", () => {
    pub(published.mono.cost.discounted, "mono-cost");
    pub(published.combo.cost.discounted, "combo-cost");
    const rows = incrementalAnalysis(
      ["mono", "combo"].map((id) => ({
        id,
        cost: published[id].cost.discounted,
        effect: published[id].lifeYears.undiscounted,
      })),
      { wtp: 10000 },
    );
    const combo = rows.find((r) => r.id === "combo")!;
    expect(combo.status).toBe("frontier");
    expect(combo.against).toBe("mono");
    pub(combo.icer!, "icer");
  });

  it("the spreadsheet's unrounded results to the transcribed digits", () => {
    pub(published.mono.cost.discounted, "mono-cost-unrounded");
    pub(published.combo.cost.discounted, "combo-cost-unrounded");
    pub(published.mono.lifeYears.undiscounted, "mono-ly-unrounded");
    pub(published.combo.lifeYears.undiscounted, "combo-ly-unrounded");
    const icer =
      (published.combo.cost.discounted - published.mono.cost.discounted) /
      (published.combo.lifeYears.undiscounted - published.mono.lifeYears.undiscounted);
    pub(icer, "icer-unrounded");
  });

  it("half-cycle correction: life years 8.475 (3 decimals) and 9.42 (2 decimals)", () => {
    // The book half-cycle corrects the life years only; its costs (44,663 / 50,602) stay uncorrected.
    // The engine has one counting method per model, so only the life years are compared here.
    const hc = clone(spec);
    hc.settings.method = "half-cycle";
    const r = byId(run(hc));
    pub(r.mono.lifeYears.undiscounted, "mono-ly-half-cycle");
    pub(r.combo.lifeYears.undiscounted, "combo-ly-half-cycle");
  });

  it("uses the published lamivudine price of GBP 2,086.50 per year", () => {
    expect(spec.parameters!.c_lam).toMatchObject({ value: 2086.5 });
  });
});
