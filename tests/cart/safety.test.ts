import { describe, expect, it } from "vitest";
import { runCart } from "../../src/cart/analysis.js";
import { PLATFORMS } from "../../src/cart/dictionary.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { PRESETS } from "../../src/cart/presets.js";
import { handWorld, perPlatform } from "../helpers/hand-world.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();

// Retreatment and the long-term safety events off (tests/helpers/hand-world.ts); everything else keeps its
// shipped value. Mild CRS in half of the infusions, severe CRS and ICANS in a tenth each; IVIG at 30,000 a year.
const world = (events: Record<string, number>, tox: Record<string, number>) =>
  handWorld({
    platforms: PLATFORMS,
    off: ["retreatment", "safetyEvents"],
    platform: { p_crs_mild: 0.5, p_crs_severe: 0.1, p_icans: 0.1, c_ivig: 30000, u_infusion_loss: 0.02, ...events },
    values: tox,
  });
const TOX_NONE = { u_crs_mild: 0, u_crs_severe: 0, u_icans: 0, d_crs: 10, d_icans: 20 };
const EVENTS = {
  p_t_malignancy: 0.01,
  c_t_malignancy: 100000,
  q_t_malignancy: 5,
  p_cytopenia: 0.1,
  c_cytopenia: 5000,
  q_cytopenia: 0.02,
  p_hypogamma: 0.2,
  y_hypogamma: 2,
  p_fertility: 0.5,
  c_fertility: 4000,
};
const TOX = { u_crs_mild: 0.02, u_crs_severe: 0.2, u_icans: 0.1, d_crs: 10, d_icans: 20 };

/** Per infused patient, no retreatment: the only infusion is at time 0, so its one-offs are undiscounted. */
function run(disease: string, overrides: Record<string, number>) {
  return runCart(evidence, disease, PRESETS.us, lifeTables.us, { intentionToTreat: false, overrides });
}

describe("long-term safety events and CAR T toxicity disutilities, per infusion (hand calculation)", () => {
  // Expected cost of the events at the infusion (c_safety):
  //   T-cell malignancy 0.01 x 100000 = 1000; prolonged cytopenia 0.1 x 5000 = 500;
  //   immunoglobulin beyond B-cell aplasia 0.2 x 2 years x 30000 = 12000; fertility preservation 0.5 x 4000 = 2000;
  //   total 15500 USD.
  // Expected QALY loss beyond u_infusion_loss (q_infusion_loss - u_infusion_loss):
  //   CRS and ICANS (Howell et al. 2022 decrements over their days): (0.5 x 0.02 x 10 + 0.1 x 0.2 x 10
  //   + 0.1 x 0.1 x 20) / 365.25 = 0.5 / 365.25 = 0.0013689; cytopenia 0.1 x 0.02 = 0.002;
  //   malignancy 0.01 x 5 = 0.05; total 0.0533689 QALYs.
  const dCost = 1000 + 500 + 12000 + 2000;
  const dQaly = 0.5 / 365.25 + 0.002 + 0.05;
  for (const disease of ["sle", "ms"]) {
    it(`${disease}: every platform's cost rises by 15500 and its QALYs fall by 0.0533689; SoC unchanged`, () => {
      const base = run(disease, world({}, TOX_NONE));
      const events = run(disease, world(EVENTS, TOX));
      for (const p of PLATFORMS) {
        const a = base.strategies.find((s) => s.id === p)!;
        const b = events.strategies.find((s) => s.id === p)!;
        expect(b.cost - a.cost).toBeCloseTo(dCost, 6);
        expect(b.components.c_cart_episode - a.components.c_cart_episode).toBeCloseTo(dCost, 6);
        expect(a.qalys - b.qalys).toBeCloseTo(dQaly, 9);
        expect(b.lifeYears).toBeCloseTo(a.lifeYears, 12); // the events cost QALYs, not life years
      }
      const socA = base.strategies.find((s) => s.id === "soc")!;
      const socB = events.strategies.find((s) => s.id === "soc")!;
      expect(socB.cost).toBe(socA.cost);
      expect(socB.qalys).toBe(socA.qalys);
    }, 120_000);
  }
  it("one-time comparators state the events themselves (0: CAR T-specific), so they are unaffected", () => {
    const base = run("ms", world({}, TOX_NONE));
    const events = run("ms", world(EVENTS, TOX));
    for (const c of ["ahsct", "alemtuzumab", "cladribine"]) {
      const a = base.strategies.find((s) => s.id === c)!;
      const b = events.strategies.find((s) => s.id === c)!;
      expect(b.cost).toBeCloseTo(a.cost, 6);
      expect(b.qalys).toBeCloseTo(a.qalys, 12);
    }
  }, 120_000);
  it("the shipped values add 3325 USD and 0.0067 QALYs per autologous infusion (SLE, US, per infused patient)", () => {
    // c_safety = 0.0007 x 250000 + 0.05 x 15000 + 0.03 x 1 x 40000 + 0.1 x 12000 = 175 + 750 + 1200 + 1200 = 3325 USD
    // (data/cart/parameters-platforms.csv, autologous). QALYs: CRS and ICANS (0.519 x 0.018 x 14 + 0.02 x 0.23 x 14
    // + 0.046 x 0.068 x 14) / 365.25 = 0.2377752 / 365.25 = 0.000651; cytopenia 0.05 x 0.01 = 0.0005; malignancy
    // 0.0007 x 8 = 0.0056; total 0.0067510.
    const off = perPlatform({ p_t_malignancy: 0, p_cytopenia: 0, p_hypogamma: 0, p_fertility: 0 }, PLATFORMS);
    const zeroTox = { u_crs_mild: 0, u_crs_severe: 0, u_icans: 0 };
    const noRetreat = perPlatform({ p_retreat: 0 }, PLATFORMS);
    const shipped = run("sle", noRetreat).strategies.find((s) => s.id === "autologous")!;
    const without = run("sle", { ...noRetreat, ...off, ...zeroTox }).strategies.find((s) => s.id === "autologous")!;
    expect(shipped.cost - without.cost).toBeCloseTo(3325, 6);
    expect(without.qalys - shipped.qalys).toBeCloseTo(
      (0.519 * 0.018 * 14 + 0.02 * 0.23 * 14 + 0.046 * 0.068 * 14) / 365.25 + 0.0005 + 0.0056,
      9,
    );
  }, 120_000);
});
