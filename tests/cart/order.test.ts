// ORDERED_PARAMETERS (src/cart/distributions.ts) name parameters of every disease's model whose base
// values are in that order for every preset: the values come from data/cart/*.csv through the model
// builder (e.g. SLE: u_active 0.59 ≤ u_controlled 0.74 ≤ u_remission 0.8; T1D relapse 0.2 ≤ 0.4 ≤ 0.8).
import { describe, expect, it } from "vitest";
import { buildCartModel, ORDERED_PARAMETERS, PRESETS } from "../../src/cart/index.js";
import { orderedPairsOf } from "../../src/cart/distributions.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import type { ParameterSpec } from "../../src/model/spec/spec.js";

describe("ORDERED_PARAMETERS", { timeout: 120_000 }, () => {
  it("every pair is in every disease's model (or its own diseases'), its base values in order, and drawn (not fixed)", () => {
    const evidence = loadEvidence();
    const tables = loadPresetLifeTables();
    expect(evidence.diseases.length).toBe(6);
    for (const preset of Object.values(PRESETS))
      for (const d of evidence.diseases) {
        // The CAR T model writes every parameter as an object (value, range, distribution).
        const p = buildCartModel(evidence, d.disease, preset, tables[preset.id]).spec.parameters as Record<
          string,
          ParameterSpec
        >;
        for (const { lower, higher, diseases } of ORDERED_PARAMETERS) {
          const where = `${d.disease}, ${preset.id}: ${lower} ≤ ${higher}`;
          // A disease's own pair is not applied to the others (in MS active disease is above EDSS 6–7.5).
          if (diseases && !diseases.includes(d.disease)) {
            expect(
              orderedPairsOf(d.disease).some((x) => x.lower === lower && x.higher === higher),
              where,
            ).toBe(false);
            continue;
          }
          expect(p[lower], where).toBeDefined();
          expect(p[higher], where).toBeDefined();
          expect(p[lower].value, where).toBeLessThanOrEqual(p[higher].value as number);
          expect(p[lower].distribution, where).not.toBe("fixed");
          expect(p[higher].distribution, where).not.toBe("fixed");
        }
      }
  });
});
