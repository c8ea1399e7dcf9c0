/** Issue [7] (12), acceptance: monotonicity for every disease × platform × preset, and the negative-survival warning. */
import { describe, expect, it } from "vitest";
import { negativeSurvivalStates, PLATFORMS, PRESETS, runCart } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const DISEASES = evidence.diseases.map((d) => d.disease);
const CASES = DISEASES.flatMap((d) => Object.keys(PRESETS).map((p) => [d, p] as const));
const suffix = (p: string) => (p === "autologous" ? "" : `__${p}`);

describe.each(CASES)("%s, %s preset", (disease, presetId) => {
  const preset = PRESETS[presetId];
  const base = runCart(evidence, disease, preset, lifeTables[presetId]);
  const value = (id: string) => base.model.provenance.find((p) => p.parameter === id)!.value;

  it("a longer durability (relapse rate halved) never lowers QALYs, for every platform", { timeout: 120_000 }, () => {
    const overrides: Record<string, number> = {};
    for (const p of PLATFORMS) overrides[`r_relapse${suffix(p)}`] = value(`r_relapse${suffix(p)}`) / 2;
    const longer = runCart(evidence, disease, preset, lifeTables[presetId], { overrides });
    for (const p of PLATFORMS) {
      const a = base.strategies.find((s) => s.id === p)!.qalys;
      const b = longer.strategies.find((s) => s.id === p)!.qalys;
      expect(b, `${p}`).toBeGreaterThanOrEqual(a - 1e-9);
    }
  });

  it(
    "a lower comparator drug cost (SoC drug halved) never raises CAR T's net monetary benefit against it, for every platform",
    { timeout: 120_000 },
    () => {
      const cheaper = runCart(evidence, disease, preset, lifeTables[presetId], {
        overrides: { c_soc_drug: value("c_soc_drug") / 2 },
      });
      for (const p of PLATFORMS) {
        const a = base.versusSoc.find((v) => v.strategy === p)!.nmb;
        const b = cheaper.versusSoc.find((v) => v.strategy === p)!.nmb;
        expect(b, `${p}`).toBeLessThanOrEqual(a + 1e-6);
      }
    },
  );

  it("warns 'negative net benefit of survival' exactly when a state's annual cost exceeds WTP × its QALYs", () => {
    for (const st of base.negativeSurvival) expect(st.costPerYear).toBeGreaterThan(st.wtp * st.qalysPerYear);
    if (base.negativeSurvival.length) {
      expect(base.warnings).toHaveLength(1);
      expect(base.warnings[0]).toMatch(/^negative net benefit of survival in /);
      // States by label with the id in parentheses; strategies by label (ids such as "soc" do not appear).
      for (const st of base.negativeSurvival) {
        expect(base.warnings[0]).toContain(`${st.stateLabel} (${st.state})`);
        expect(base.warnings[0]).toContain(st.strategyLabel);
      }
      expect(base.warnings[0]).not.toMatch(/\bsoc\b/);
    } else expect(base.warnings).toEqual([]);
  });
});

describe("negativeSurvivalStates(result, wtp)", () => {
  it("finds the dialysis state in SLE: ESKD costs more a year than 100,000 × its utility (0.5)", () => {
    const a = runCart(evidence, "sle", PRESETS.us, lifeTables.us);
    const damage = a.negativeSurvival.find((x) => x.strategy === "soc" && x.state === "ESKD")!;
    expect(damage.costPerYear).toBeGreaterThan(100000 * 0.5);
    // a threshold high enough values every year of survival positively
    expect(negativeSurvivalStates(a.result, 1e9)).toEqual([]);
  });
});
