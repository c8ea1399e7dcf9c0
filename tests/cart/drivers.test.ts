/**
 * One-way swings (src/cart/drivers.ts) checked against a second path: each swing's NMB is recomputed
 * with runCart (src/cart/analysis.ts), the parameter overridden to its low or high value, and read off
 * the analysis' own comparison with SoC at the preset's first threshold. A 3-year horizon keeps the
 * ~150 evaluations quick; what is checked does not depend on the horizon.
 */
import { describe, expect, it } from "vitest";
import { buildCartModel, oneWaySwings, PRESETS, runCart } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";

const evidence = loadEvidence();
const lt = loadPresetLifeTables().uk;
// MG starts at age 50 (data/cart/diseases.csv).
const OPTIONS = { horizonAge: 53 };

function nmbWith(platform: string, parameter: string, value: number): number {
  const a = runCart(evidence, "mg", PRESETS.uk, lt, { ...OPTIONS, overrides: { [parameter]: value } });
  expect(a.wtp).toBe(25_000); // NICE's lower threshold, the UK preset's first
  return a.versusSoc.find((v) => v.strategy === platform)!.nmb;
}

describe("oneWaySwings(evidence, disease, preset, lifeTable, platform)", { timeout: 300_000 }, () => {
  it("each swing is the platform's NMB against SoC at the low and high end of the parameter's evidence range, largest first", () => {
    for (const platform of ["autologous", "invivo"]) {
      const swings = oneWaySwings(evidence, "mg", PRESETS.uk, lt, platform, OPTIONS);
      expect(swings.length).toBeGreaterThan(10);
      for (let i = 1; i < swings.length; i++) expect(swings[i].swing).toBeLessThanOrEqual(swings[i - 1].swing);
      for (const s of swings) expect(s.swing).toBeCloseTo(Math.abs(s.nmbAtHigh - s.nmbAtLow), 6);
      expect(swings[0].swing).toBeGreaterThan(0);
      // The largest and the two of the smallest that still move NMB, recomputed through runCart.
      const moving = swings.filter((s) => s.swing > 1e-6);
      for (const s of [moving[0], moving[moving.length - 1]]) {
        expect(s.nmbAtLow, `${platform} ${s.parameter} low`).toBeCloseTo(nmbWith(platform, s.parameter, s.low), 4);
        expect(s.nmbAtHigh, `${platform} ${s.parameter} high`).toBeCloseTo(nmbWith(platform, s.parameter, s.high), 4);
      }
    }
  });

  it("swings every parameter of the model with a range, at the range times the cost conversion factor, and nothing else", () => {
    const built = buildCartModel(evidence, "mg", PRESETS.uk, lt, OPTIONS);
    const swings = new Map(
      oneWaySwings(evidence, "mg", PRESETS.uk, lt, "autologous", OPTIONS).map((s) => [s.parameter, s]),
    );
    // Parameters the builder reads itself (start age, sex mix, ...) change the structure: never swung.
    for (const p of Object.keys(built.structural)) expect(swings.has(p), p).toBe(false);
    let costs = 0;
    for (const p of built.provenance) {
      const ranged = p.row.low !== null && p.row.high !== null && p.row.low !== p.row.high;
      if (!ranged || p.parameter in built.structural) {
        expect(swings.has(p.parameter), p.parameter).toBe(false);
        continue;
      }
      const s = swings.get(p.parameter);
      if (!s) continue; // not a parameter of this disease's model
      expect(s.low, p.parameter).toBeCloseTo(p.row.low! * p.factor, 9);
      expect(s.high, p.parameter).toBeCloseTo(p.row.high! * p.factor, 9);
      if (p.factor !== 1) costs++;
    }
    expect(costs).toBeGreaterThan(0); // some ranges are converted (USD or EUR sources in a GBP preset)
    // c_price is a parameter of the model with a range: it is swung.
    expect(swings.has("c_price")).toBe(true);
    // Only parameters of this model are swung.
    for (const p of swings.keys()) expect(p in built.spec.parameters!, p).toBe(true);
  });

  it("a parameter whose range is a single value (low = high) is not swung", () => {
    const first = oneWaySwings(evidence, "mg", PRESETS.uk, lt, "autologous", OPTIONS)[0].parameter;
    const row = buildCartModel(evidence, "mg", PRESETS.uk, lt, OPTIONS).provenance.find(
      (p) => p.parameter === first,
    )!.row;
    const edited = {
      ...evidence,
      parameters: evidence.parameters.map((r) => (r === row ? { ...r, low: r.value, high: r.value } : r)),
    };
    expect(edited.parameters).not.toEqual(evidence.parameters); // the row was found
    const swings = oneWaySwings(edited, "mg", PRESETS.uk, lt, "autologous", OPTIONS).map((s) => s.parameter);
    expect(swings).not.toContain(first);
    expect(swings.length).toBeGreaterThan(10);
  });
});
