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
import { byId, clone, loadSpec, run } from "./published.js";

const spec = loadSpec("hiv-chancellor-1997.json");

describe("HIV model, Chancellor et al. 1997 / Briggs et al. 2006 Exercise 2.5", () => {
  const shipped = byId(run(spec));
  const published = shipped;

  it("monotherapy cost (whole GBP) and both life expectancies (3 decimals), counts at the end of each cycle", () => {
    expect(shipped.mono.cost.discounted).toBeCloseTo(44663, 0);
    expect(shipped.mono.lifeYears.undiscounted).toBeCloseTo(7.991, 3);
    expect(shipped.combo.lifeYears.undiscounted).toBeCloseTo(8.937, 3);
    // Life years are also the model's "ly" value (kind "other").
    expect(shipped.mono.values.ly.undiscounted).toBeCloseTo(7.991, 3);
    expect(shipped.combo.values.ly.undiscounted).toBeCloseTo(8.937, 3);
  });

  it("combination cost (whole GBP) and ICER (whole GBP per life year)", () => {
    expect(published.mono.cost.discounted).toBeCloseTo(44663, 0);
    expect(published.combo.cost.discounted).toBeCloseTo(50602, 0);
    const rows = incrementalAnalysis(
      ["mono", "combo"].map((id) => ({ id, cost: published[id].cost.discounted, effect: published[id].lifeYears.undiscounted })),
      { wtp: 10000 },
    );
    const combo = rows.find((r) => r.id === "combo")!;
    expect(combo.status).toBe("frontier");
    expect(combo.against).toBe("mono");
    expect(combo.icer!).toBeCloseTo(6276, 0);
  });

  it("the spreadsheet's unrounded results to the transcribed digits", () => {
    expect(published.mono.cost.discounted).toBeCloseTo(44663.4535637, 7);
    expect(published.combo.cost.discounted).toBeCloseTo(50601.6513312, 7);
    expect(published.mono.lifeYears.undiscounted).toBeCloseTo(7.9912066, 7);
    expect(published.combo.lifeYears.undiscounted).toBeCloseTo(8.9373889, 7);
    const icer = (published.combo.cost.discounted - published.mono.cost.discounted) / (published.combo.lifeYears.undiscounted - published.mono.lifeYears.undiscounted);
    expect(icer).toBeCloseTo(6275.9556, 4);
  });

  it("half-cycle correction: life years 8.475 (3 decimals) and 9.42 (2 decimals)", () => {
    // The book half-cycle corrects the life years only; its costs (44,663 / 50,602) stay uncorrected.
    // The engine has one counting method per model, so only the life years are compared here.
    const hc = clone(spec);
    hc.settings.method = "half-cycle";
    const r = byId(run(hc));
    expect(r.mono.lifeYears.undiscounted).toBeCloseTo(8.475, 3);
    expect(r.combo.lifeYears.undiscounted).toBeCloseTo(9.42, 2);
  });

  it("uses the published lamivudine price of GBP 2,086.50 per year", () => {
    expect(spec.parameters!.c_lam).toMatchObject({ value: 2086.5 });
  });
});
