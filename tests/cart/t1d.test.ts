/**
 * Issue [7] (12), item 3, type 1 diabetes (src/cart/structures.ts `t1d`): insulin independence with
 * preserved C-peptide as remission, C-peptide decline back to insulin, insulin/CGM/pump costs on
 * insulin only, severe hypoglycaemia and DKA as events with cost, QALY loss and case fatality.
 * Expected values are closed forms worked out in the comments, on overrides and flat life tables.
 */
import { describe, expect, it } from "vitest";
import { PRESETS, runCart } from "../../src/cart/index.js";
import { STRUCTURED_DISEASES } from "../../src/cart/structures.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import type { ModelResult, TableSpec } from "../../src/model/index.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const flat = (rate: number): TableSpec => ({ key: "Age", columns: { Age: [0], Female: [rate], Male: [rate] } });
const NO_DISCOUNT = { costs: 0, outcomes: 0 };

function share(r: ModelResult, strategy: string, state: string, t: number): number {
  const S = r.states.length;
  return r.strategies.find((s) => s.id === strategy)!.trace![t * S + r.states.indexOf(state)];
}

// Background 0.01 a year; smr_disease 3 and f_damage_smr 0: all-patient death rate 0.03 a year. Baseline mix
// f_controlled0 0.5; no flares, control or damage. Severe hypoglycaemia 0.5 a year (1% fatal), DKA 0.2 a year
// controlled and 0.4 active (2% fatal): baseline mix DKA 0.3. Acute deaths in the SMR cohort:
// 0.5 x 0.01 + 0.3 x 0.02 = 0.011, so the no-acute-event rate is 0.03 - 0.011 = 0.019 a year;
// Controlled 0.019 + 0.005 + 0.2 x 0.02 = 0.028; Active 0.019 + 0.005 + 0.4 x 0.02 = 0.032.
const base = {
  f_damage0: 0,
  f_controlled0: 0.5,
  r_flare: 0,
  r_control: 0,
  r_damage_controlled: 0,
  r_damage_active: 0,
  r_damage_remission: 0,
  age_start: 30,
  smr_disease: 3,
  f_damage_smr: 0,
  r_hypo_severe: 0.5,
  p_hypo_death: 0.01,
  r_dka_controlled: 0.2,
  r_dka_active: 0.4,
  p_dka_death: 0.02,
  c_hypo_severe: 1_200,
  c_dka: 2_400,
  u_hypo_loss: 0.05,
  u_dka_loss: 0.02,
  c_soc_drug: 300,
  c_pump: 60,
  c_cgm: 1_200,
  c_soc_monitoring: 0,
  c_soc_ae: 0,
  c_active: 0,
  u_controlled: 0.9,
  u_active: 0.8,
};
const run = (change: Record<string, number> = {}, cycles = 1, itt = true) =>
  runCart(evidence, "t1d", PRESETS.uk, flat(0.01), {
    overrides: { ...base, ...change },
    horizonAge: 30 + cycles / 12,
    discount: NO_DISCOUNT,
    intentionToTreat: itt,
  });

describe("T1D: severe hypoglycaemia and DKA as events on insulin", { timeout: 120_000 }, () => {
  const cAlive = Math.exp(-0.028 / 12);
  const aAlive = Math.exp(-0.032 / 12);
  it("acute-event deaths of the SMR cohort are removed, then each state's own added: 0.028 controlled, 0.032 active", () => {
    const r = run().result;
    expect(share(r, "soc", "Dead", 1)).toBeCloseTo(0.5 * (1 - cAlive) + 0.5 * (1 - aAlive), 12);
    expect(share(r, "soc", "Controlled", 1)).toBeCloseTo(0.5 * cAlive, 12);
  });
  // Half-cycle: each state's annual value / 12 x (share at start + share at end) / 2.
  // Events: controlled 0.5 x 1,200 + 0.2 x 2,400 = 1,080 a year; active 600 + 0.4 x 2,400 = 1,560.
  // Insulin + pump 300 + 60 = 360 a year; CGM 1,200 a year (with monitoring). QALYs: controlled
  // 0.9 - (0.5 x 0.05 + 0.2 x 0.02) = 0.871; active 0.8 - (0.025 + 0.008) = 0.767 a year.
  it("one cycle's event costs, insulin, pump and CGM, and QALYs net of event losses", () => {
    const soc = run().result.strategies.find((s) => s.id === "soc")!;
    const hc = (perYear: number, alive: number) => ((perYear / 12) * (0.5 + 0.5 * alive)) / 2;
    expect(soc.values.c_disease_active.undiscounted).toBeCloseTo(hc(1_080, cAlive) + hc(1_560, aAlive), 8);
    expect(soc.values.c_soc_drug.undiscounted).toBeCloseTo(hc(360, cAlive) + hc(360, aAlive), 8);
    expect(soc.values.c_soc_other.undiscounted).toBeCloseTo(hc(1_200, cAlive) + hc(1_200, aAlive), 8);
    expect(soc.qalys.undiscounted).toBeCloseTo(hc(0.871, cAlive) + hc(0.767, aAlive), 12);
  });
  it("without acute events the SoC death rate is the all-patient rate (0.03 a year) in both states", () => {
    const r = run({ r_hypo_severe: 0, r_dka_controlled: 0, r_dka_active: 0 }).result;
    expect(share(r, "soc", "Dead", 1)).toBeCloseTo(1 - Math.exp(-0.03 / 12), 12);
  });
});

describe(
  "T1D: waiting for CAR T and long-term complications are on insulin, with events at the baseline mix's rates",
  { timeout: 120_000 },
  () => {
    // A state's value per life year spent in it is its annual value (both accrue with the same half-cycle
    // weights), whatever the shares. Baseline mix (f_controlled0 0.5): DKA 0.5 x 0.2 + 0.5 x 0.4 = 0.3 a year.
    // Insulin + pump 300 + 60 = 360; CGM 1,200 (+ monitoring and AEs, 0 here); events 0.5 x 1,200 + 0.3 x 2,400
    // = 1,320 (+ (1 - 0.5) x c_active = 0 while waiting); QALY loss 0.5 x 0.05 + 0.3 x 0.02 = 0.031 a year.
    const perLifeYear = (r: ModelResult, strategy: string, state: string) => {
      const st = r.strategies.find((x) => x.id === strategy)!.byState.find((b) => b.state === state)!;
      const ly = st.lifeYears.undiscounted;
      expect(ly, `${strategy} ${state}`).toBeGreaterThan(0);
      const v = (id: string) => st.values[id].undiscounted / ly;
      return { drug: v("c_soc_drug"), other: v("c_soc_other"), events: v("c_disease_active"), qaly: v("qaly") };
    };
    it("waiting: insulin, pump, CGM and events at the mix's rates; utility 0.5 x 0.9 + 0.5 x 0.8 - 0.031 = 0.819", () => {
      const w = perLifeYear(run({}, 2).result, "autologous", "Waiting");
      expect(w.drug).toBeCloseTo(360, 8);
      expect(w.other).toBeCloseTo(1_200, 8);
      expect(w.events).toBeCloseTo(1_320, 8);
      expect(w.qaly).toBeCloseTo(0.819, 12);
    });
    it("long-term complications (Damage): the same costs on insulin and events; utility u_damage 0.7 - 0.031 = 0.669", () => {
      const d = perLifeYear(
        run({ f_damage0: 0.2, u_damage: 0.7, smr_damage: 5, r_excess_death_damage: 0 }, 2).result,
        "soc",
        "Damage",
      );
      expect(d.drug).toBeCloseTo(360, 8);
      expect(d.other).toBeCloseTo(1_200, 8);
      expect(d.events).toBeCloseTo(1_320, 8);
      expect(d.qaly).toBeCloseTo(0.669, 12);
    });
  },
);

describe("T1D: insulin independence and C-peptide decline", { timeout: 120_000 }, () => {
  // Per infused patient, p_response 1, no treatment-related deaths: the infusion month kills at the damage-free
  // rate h = 0.03 a year (no acute events in Infusion), then everyone alive is insulin independent. No relapse.
  // Remission shares: R1 = exp(-0.03 / 12) at t1, R2 = R1 exp(-0.01 / 12) at t2 (smr_remission 1). Follow-up
  // (C-peptide and HbA1c monitoring) 1,200 a year, half-cycle: 100 x ((0 + R1) / 2 + (R1 + R2) / 2).
  // Insulin, pump, CGM and acute events: none in either cycle (Infusion and Remission have none).
  const car = {
    p_response: 1,
    p_trm: 0,
    r_relapse: 0,
    c_remission_followup: 1_200,
    m_bcell_aplasia: 0,
    smr_remission: 1,
  };
  it("insulin independence costs no insulin, pump or CGM, only C-peptide monitoring", () => {
    const s = run(car, 2, false).result.strategies.find((x) => x.id === "autologous")!;
    expect(s.values.c_soc_drug.undiscounted).toBeCloseTo(0, 12);
    expect(s.values.c_soc_other.undiscounted).toBeCloseTo(0, 12);
    expect(s.values.c_disease_active.undiscounted).toBeCloseTo(0, 12);
    const R1 = Math.exp(-0.03 / 12);
    const R2 = R1 * Math.exp(-0.01 / 12);
    expect(s.values.c_cart_followup.undiscounted).toBeCloseTo(100 * (R1 / 2 + (R1 + R2) / 2), 8);
  });
  // Relapse (C-peptide decline) with p_retreat 0 returns patients to insulin in the baseline mix, not all to
  // Active: shares of Controlled and Active among the relapsed are f_controlled0 and 1 - f_controlled0.
  it("C-peptide decline returns patients to insulin in the baseline mix of control (0.3 / 0.7)", () => {
    // At t2 every patient on insulin relapsed in cycle 2 (p_response 1: nobody failed the infusion).
    const r = run({ ...car, r_relapse: 2, p_retreat: 0, f_controlled0: 0.3 }, 2, false).result;
    const c = share(r, "autologous", "Controlled", 2);
    const a = share(r, "autologous", "Active", 2);
    expect(c + a).toBeGreaterThan(0.1); // 1 - exp(-2 / 12) of the remission, about 0.15
    expect(c / (c + a)).toBeCloseTo(0.3, 12);
  });
});

describe("T1D: the shipped model", { timeout: 120_000 }, () => {
  it("has a structure of its own and conserves the cohort in every strategy, cycle and preset", () => {
    expect(STRUCTURED_DISEASES).toContain("t1d");
    for (const preset of ["us", "uk"]) {
      const r = runCart(evidence, "t1d", PRESETS[preset], lifeTables[preset]).result;
      const S = r.states.length;
      for (const s of r.strategies) {
        const tr = s.trace!;
        for (let t = 0; t < tr.length / S; t++) {
          let sum = 0;
          for (let k = 0; k < S; k++) sum += tr[t * S + k];
          expect(Math.abs(sum - 1), `${preset} ${s.id} t=${t}`).toBeLessThan(1e-9);
        }
      }
    }
  });
  it("fewer acute events on insulin make lifelong insulin better: halving hypoglycaemia and DKA raises SoC QALYs", () => {
    const a = runCart(evidence, "t1d", PRESETS.uk, lifeTables.uk);
    const b = runCart(evidence, "t1d", PRESETS.uk, lifeTables.uk, {
      overrides: { r_hypo_severe: 0.0575, r_dka_controlled: 0.005, r_dka_active: 0.03 },
    });
    const soc = (x: typeof a) => x.strategies.find((s) => s.id === "soc")!;
    expect(soc(b).qalys).toBeGreaterThan(soc(a).qalys);
    expect(soc(b).cost).toBeLessThan(soc(a).cost);
  });
});
