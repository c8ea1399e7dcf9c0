/**
 * Issue [7] (12), item 3: disease-specific state structures (src/cart/structures.ts) and mortality
 * without double counting. Expected values are closed forms computed in the comments, on inputs set
 * by overrides and flat hand-made life tables, not the shipped numbers.
 */
import { describe, expect, it } from "vitest";
import { buildCartModel, definedFor, PARAMETERS, PRESETS, runCart } from "../../src/cart/index.js";
import { diseaseStructure, STRUCTURED_DISEASES } from "../../src/cart/structures.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { readEvidence } from "../../src/cart/evidence.js";
import { loadEvidenceFiles } from "../../src/cart/load.js";
import type { ModelResult, ParameterSpec, TableSpec } from "../../src/model/index.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const DISEASES = evidence.diseases.map((d) => d.disease);
const flatTable = (rate: number): TableSpec => ({ key: "Age", columns: { Age: [0], Female: [rate], Male: [rate] } });
const NO_DISCOUNT = { costs: 0, outcomes: 0 };

/** Share of the cohort in `state` at time point t (0 = start) for one strategy, from the trace. */
function share(r: ModelResult, strategy: string, state: string, t: number): number {
  const S = r.states.length;
  const tr = r.strategies.find((s) => s.id === strategy)!.trace!;
  return tr[t * S + r.states.indexOf(state)];
}

/** SoC everyone in one place: no flares, no damage from the activity states, no treatment effects in play. */
const QUIET = { r_flare: 0, r_control: 0, r_damage_controlled: 0, r_damage_active: 0, r_damage_remission: 0 };

describe("mortality without double counting (every disease)", { timeout: 120_000 }, () => {
  // Background mu = 0.01 a year at every age. smr_disease 3 (all patients), f_damage_smr 0.2 of them with damage
  // dying at smr_damage 5: h_damage = 0.05. Damage-free rate h = (0.01 x 3 - 0.2 x 0.05) / 0.8 = 0.025 a year,
  // so that 0.8 x 0.025 + 0.2 x 0.05 = 0.03 = the all-patient rate. One monthly cycle from Controlled, death
  // the only exit: 1 - exp(-0.025 / 12).
  // MS sets a death rate per EDSS band instead (tested in its own block below).
  it.each(DISEASES.filter((d) => d !== "ms"))(
    "%s: the damage-free death rate is the all-patient rate with the damaged share's deaths removed",
    (disease) => {
      // MG's crisis events change the SoC death rates by themselves; here they are switched off (tested below).
      const noCrises: Record<string, number> =
        disease === "mg" ? { r_crisis_controlled: 0, r_crisis_active: 0, r_crisis_cohort: 0 } : {};
      // SLE's ESKD share of the SMR cohort (f_eskd_smr) is a second damaged share; here 0 (tested below).
      const noEskdShare: Record<string, number> = disease === "sle" ? { f_eskd_smr: 0 } : {};
      const overrides = {
        ...QUIET,
        ...noCrises,
        ...noEskdShare,
        f_damage0: 0,
        f_controlled0: 1,
        smr_disease: 3,
        f_damage_smr: 0.2,
        smr_damage: 5,
        r_excess_death_damage: 0,
      };
      const age = 40;
      const a = runCart(evidence, disease, PRESETS.us, flatTable(0.01), {
        overrides: { ...overrides, age_start: age },
        horizonAge: age + 1 / 12,
        discount: NO_DISCOUNT,
      });
      expect(share(a.result, "soc", "Dead", 1)).toBeCloseTo(1 - Math.exp(-0.025 / 12), 12);
    },
  );
  it("the damage-free rate never falls below background: with f_damage_smr 0.5 and smr_damage 10, (0.03 - 0.05) / 0.5 < 0.01, so 0.01", () => {
    const overrides = {
      ...QUIET,
      f_damage0: 0,
      f_controlled0: 1,
      smr_disease: 3,
      f_damage_smr: 0.5,
      smr_damage: 10,
      r_excess_death_damage: 0,
      age_start: 40,
    };
    const a = runCart(evidence, "graves", PRESETS.us, flatTable(0.01), {
      overrides,
      horizonAge: 40 + 1 / 12,
      discount: NO_DISCOUNT,
    });
    expect(share(a.result, "soc", "Dead", 1)).toBeCloseTo(1 - Math.exp(-0.01 / 12), 12);
  });
  it("with f_damage_smr 0 the published SMR applies unchanged: 1 - exp(-0.03 / 12)", () => {
    const overrides = {
      ...QUIET,
      f_damage0: 0,
      f_controlled0: 1,
      smr_disease: 3,
      f_damage_smr: 0,
      smr_damage: 5,
      r_excess_death_damage: 0,
      age_start: 40,
    };
    const a = runCart(evidence, "aav", PRESETS.us, flatTable(0.01), {
      overrides,
      horizonAge: 40 + 1 / 12,
      discount: NO_DISCOUNT,
    });
    expect(share(a.result, "soc", "Dead", 1)).toBeCloseTo(1 - Math.exp(-0.03 / 12), 12);
  });
});

describe.each(["aav"])(
  "%s: kidney failure as ESKD on dialysis (Damage) and kidney transplant",
  { timeout: 120_000 },
  (disease) => {
    // Everyone starts in Damage (ESKD on dialysis): f_damage0 = 1 under intention to treat. No background deaths.
    // Dialysis exits: transplant 0.12 and death 0.06 a year (absolute excess on a background of 0).
    // One monthly cycle: H = 0.18 / 12 = 0.015; p(transplant) = (0.12 / 0.18)(1 - e^-0.015) = 0.00992537...,
    // p(death) = (0.06 / 0.18)(1 - e^-0.015) = 0.00496269...
    const H = 0.18 / 12;
    const pTx = (0.12 / 0.18) * (1 - Math.exp(-H));
    const pDie = (0.06 / 0.18) * (1 - Math.exp(-H));
    const base = {
      ...QUIET,
      f_damage0: 1,
      age_start: 40,
      r_transplant: 0.12,
      r_excess_death_damage: 0.06,
      smr_damage: 1,
      r_graft_loss: 0.03,
      r_excess_death_transplant: 0.02,
      c_soc_drug: 0,
      c_soc_monitoring: 0,
      c_soc_ae: 0,
      c_damage: 36_000,
      c_transplant: 20_000,
      c_transplant_followup: 6_000,
      u_damage: 0.5,
      u_transplant: 0.6,
    };
    const run = (months: number) =>
      runCart(evidence, disease, PRESETS.uk, flatTable(0), {
        overrides: base,
        horizonAge: 40 + months / 12,
        discount: NO_DISCOUNT,
      });

    it("one cycle of the chain: transplant 0.0099254 and death 0.0049627 out of dialysis", () => {
      const r = run(1).result;
      expect(pTx).toBeCloseTo(0.0099254, 7);
      expect(share(r, "soc", "Transplant", 1)).toBeCloseTo(pTx, 12);
      expect(share(r, "soc", "Dead", 1)).toBeCloseTo(pDie, 12);
      expect(share(r, "soc", "Damage", 1)).toBeCloseTo(1 - pTx - pDie, 12);
    });
    it("a second cycle: the transplanted lose the graft at 0.03 and die at 0.02 a year (competing, H = 0.05 / 12)", () => {
      const r = run(2).result;
      const h2 = 0.05 / 12;
      const fromTx = { loss: (0.03 / 0.05) * (1 - Math.exp(-h2)), die: (0.02 / 0.05) * (1 - Math.exp(-h2)) };
      const damage1 = 1 - pTx - pDie;
      // Transplant at t = 2: those who stayed + new transplants from dialysis.
      expect(share(r, "soc", "Transplant", 2)).toBeCloseTo(pTx * (1 - fromTx.loss - fromTx.die) + damage1 * pTx, 12);
      expect(share(r, "soc", "Damage", 2)).toBeCloseTo(damage1 * (1 - pTx - pDie) + pTx * fromTx.loss, 12);
      expect(share(r, "soc", "Dead", 2)).toBeCloseTo(pDie + damage1 * pDie + pTx * fromTx.die, 12);
    });
    it("one cycle's costs and QALYs: dialysis and graft by half-cycle, the transplant once per move", () => {
      const a = run(1);
      const soc = a.result.strategies.find((s) => s.id === "soc")!;
      // Half-cycle: state values at (start + end) / 2. Dialysis 36,000 / 12 x (1 + (1 - pTx - pDie)) / 2;
      // graft 6,000 / 12 x (0 + pTx) / 2; transplant 20,000 x pTx.
      const dialysis = ((36_000 / 12) * (1 + (1 - pTx - pDie))) / 2;
      const graft = ((6_000 / 12) * pTx) / 2;
      expect(soc.values.c_disease_damage.undiscounted).toBeCloseTo(dialysis + graft + 20_000 * pTx, 6);
      expect(soc.qalys.undiscounted).toBeCloseTo(
        ((0.5 / 12) * (1 + (1 - pTx - pDie))) / 2 + ((0.6 / 12) * pTx) / 2,
        12,
      );
    });
    it("the cohort is conserved in every strategy, cycle and preset: shares sum to 1", () => {
      for (const preset of ["us", "uk"]) {
        const r = runCart(evidence, disease, PRESETS[preset], lifeTables[preset]).result;
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
    it("no state share of the model is ever negative, and the structure's states are in it", () => {
      const r = runCart(evidence, disease, PRESETS.us, lifeTables.us).result;
      for (const s of r.strategies)
        for (let t = 0; t < s.trace!.length; t++) expect(s.trace![t]).toBeGreaterThanOrEqual(-1e-15);
      // The states of the structure are in the model.
      expect(r.states).toEqual(expect.arrayContaining(["Damage", "Transplant", "Dead"]));
    });
    it("a faster transplant rate gives more QALYs and fewer deaths in SoC (transplant beats dialysis on both)", () => {
      const a = runCart(evidence, disease, PRESETS.uk, lifeTables.uk, { overrides: { f_damage0: 0.3 } });
      const b = runCart(evidence, disease, PRESETS.uk, lifeTables.uk, {
        overrides: { f_damage0: 0.3, r_transplant: 0.3 },
      });
      const q = (x: typeof a) => x.strategies.find((s) => s.id === "soc")!;
      expect(q(b).qalys).toBeGreaterThan(q(a).qalys);
      expect(q(b).lifeYears).toBeGreaterThan(q(a).lifeYears);
    });
  },
);

/** The cohort shares sum to 1 in every strategy, cycle and preset of the shipped model of `disease`. */
function expectConserved(disease: string): void {
  for (const preset of ["us", "uk"]) {
    const r = runCart(evidence, disease, PRESETS[preset], lifeTables[preset]).result;
    const S = r.states.length;
    for (const s of r.strategies) {
      const tr = s.trace!;
      for (let t = 0; t < tr.length / S; t++) {
        let sum = 0;
        for (let k = 0; k < S; k++) {
          sum += tr[t * S + k];
          expect(tr[t * S + k]).toBeGreaterThanOrEqual(-1e-15);
        }
        expect(Math.abs(sum - 1), `${disease} ${preset} ${s.id} t=${t}`).toBeLessThan(1e-9);
      }
    }
  }
}

describe("SLE: CKD stage 3-4 (Damage) -> ESKD on dialysis -> kidney transplant", { timeout: 120_000 }, () => {
  // Everyone starts in Damage = CKD 3-4 (f_damage0 = 1, intention to treat). No background deaths (flat table 0).
  // CKD 3-4 exits: ESKD at r_eskd 0.12 and death at 0.06 (absolute excess; smr_damage 1 on a background of 0).
  // Cycle 1: H = 0.18 / 12 = 0.015; p(ESKD) = (0.12 / 0.18)(1 - e^-0.015) = 0.0099254, p(death) = 0.0049627.
  // ESKD exits: transplant 0.2, death 0.1 (r_excess_death_eskd): H2 = 0.3 / 12 = 0.025;
  // p(Tx) = (0.2 / 0.3)(1 - e^-0.025) = 0.0164601, p(death) = 0.0082300.
  const H = 0.18 / 12;
  const pEskd = (0.12 / 0.18) * (1 - Math.exp(-H));
  const pDieCkd = (0.06 / 0.18) * (1 - Math.exp(-H));
  const H2 = 0.3 / 12;
  const pTx = (0.2 / 0.3) * (1 - Math.exp(-H2));
  const pDieEskd = (0.1 / 0.3) * (1 - Math.exp(-H2));
  const base = {
    ...QUIET,
    f_damage0: 1,
    age_start: 40,
    r_eskd: 0.12,
    smr_damage: 1,
    r_excess_death_damage: 0.06,
    r_transplant: 0.2,
    r_excess_death_eskd: 0.1,
    r_graft_loss: 0.03,
    r_excess_death_transplant: 0.02,
    c_soc_drug: 0,
    c_soc_monitoring: 0,
    c_soc_ae: 0,
    c_damage: 1_200,
    c_dialysis: 36_000,
    u_damage: 0.7,
    u_dialysis: 0.5,
  };
  const run = (months: number) =>
    runCart(evidence, "sle", PRESETS.uk, flatTable(0), {
      overrides: base,
      horizonAge: 40 + months / 12,
      discount: NO_DISCOUNT,
    });

  it("one cycle: CKD 3-4 -> ESKD 0.0099254 and death 0.0049627", () => {
    const r = run(1).result;
    expect(pEskd).toBeCloseTo(0.0099254, 7);
    expect(share(r, "soc", "ESKD", 1)).toBeCloseTo(pEskd, 12);
    expect(share(r, "soc", "Dead", 1)).toBeCloseTo(pDieCkd, 12);
    expect(share(r, "soc", "Damage", 1)).toBeCloseTo(1 - pEskd - pDieCkd, 12);
    expect(share(r, "soc", "Transplant", 1)).toBe(0);
  });
  it("a second cycle: dialysis patients are transplanted at 0.2 and die at 0.1 a year (p 0.0164601 and 0.0082300)", () => {
    const r = run(2).result;
    expect(pTx).toBeCloseTo(0.0164601, 7);
    const ckd1 = 1 - pEskd - pDieCkd;
    expect(share(r, "soc", "Transplant", 2)).toBeCloseTo(pEskd * pTx, 12);
    expect(share(r, "soc", "ESKD", 2)).toBeCloseTo(pEskd * (1 - pTx - pDieEskd) + ckd1 * pEskd, 12);
    expect(share(r, "soc", "Damage", 2)).toBeCloseTo(ckd1 * (1 - pEskd - pDieCkd), 12);
    expect(share(r, "soc", "Dead", 2)).toBeCloseTo(pDieCkd + ckd1 * pDieCkd + pEskd * pDieEskd, 12);
  });
  it("one cycle's costs and QALYs: CKD 3-4 and dialysis by half-cycle", () => {
    const soc = run(1).result.strategies.find((s) => s.id === "soc")!;
    // Half-cycle: (start + end) / 2. CKD: 1,200 / 12 x (1 + 0.9851119) / 2 = 99.2556; dialysis: 36,000 / 12 x (0 + 0.0099254) / 2 = 14.888.
    const ckd1 = 1 - pEskd - pDieCkd;
    expect(soc.values.c_disease_damage.undiscounted).toBeCloseTo(
      ((1_200 / 12) * (1 + ckd1)) / 2 + ((36_000 / 12) * pEskd) / 2,
      8,
    );
    expect(soc.qalys.undiscounted).toBeCloseTo(((0.7 / 12) * (1 + ckd1)) / 2 + ((0.5 / 12) * pEskd) / 2, 12);
  });
  it("graft loss returns to dialysis (ESKD), not to CKD 3-4", () => {
    const built = buildCartModel(evidence, "sle", PRESETS.uk, lifeTables.uk);
    const tr = built.spec.transitions as Record<string, Record<string, unknown>>;
    expect(Object.keys(tr.Transplant).sort()).toEqual(["Dead", "ESKD", "Transplant"]);
    expect(Object.keys(tr.Damage).sort()).toEqual(["Damage", "Dead", "ESKD"]);
    expect(built.spec.transitionValues!.some((v) => v.from === "ESKD" && v.to === "Transplant")).toBe(true);
  });
  it("the damage-free death rate removes the deaths of both damaged shares of the SMR cohort", () => {
    // Background 0.01; smr_disease 3 -> 0.03 for all patients. CKD share 0.1 dying at 0.01 x 2 = 0.02; ESKD share
    // 0.1 dying at 0.01 + 0.09 = 0.1. h_free = (0.03 - 0.1 x 0.02 - 0.1 x 0.1) / 0.8 = 0.0225 (check: 0.8 x 0.0225 +
    // 0.002 + 0.01 = 0.03). One cycle from Controlled, death the only exit (flares do not add deaths).
    const a = runCart(evidence, "sle", PRESETS.us, flatTable(0.01), {
      overrides: {
        ...QUIET,
        f_damage0: 0,
        f_controlled0: 1,
        age_start: 40,
        smr_disease: 3,
        f_damage_smr: 0.1,
        smr_damage: 2,
        r_excess_death_damage: 0,
        f_eskd_smr: 0.1,
        r_excess_death_eskd: 0.09,
      },
      horizonAge: 40 + 1 / 12,
      discount: NO_DISCOUNT,
    });
    expect(share(a.result, "soc", "Dead", 1)).toBeCloseTo(1 - Math.exp(-0.0225 / 12), 12);
  });
  it("the cohort is conserved and no share is negative in every strategy, cycle and preset", () => {
    expectConserved("sle");
  });
});

describe("SLE: severe flares as events within the SoC states", { timeout: 120_000 }, () => {
  // Background 0.01 a year, smr_disease 1, no damaged shares: death rate 0.01, one cycle alive e^(-0.01/12).
  // Severe flares 0.6 a year while active (0.1 while controlled), 30,000 and 0.05 QALYs each; c_active 0, SoC 0.
  const alive1 = Math.exp(-0.01 / 12);
  const base = {
    ...QUIET,
    f_damage0: 0,
    age_start: 40,
    smr_disease: 1,
    f_damage_smr: 0,
    f_eskd_smr: 0,
    r_severe_flare_active: 0.6,
    r_severe_flare_controlled: 0.1,
    c_severe_flare: 30_000,
    u_severe_flare_loss: 0.05,
    c_soc_drug: 0,
    c_soc_monitoring: 0,
    c_soc_ae: 0,
    c_active: 0,
    u_active: 0.6,
    u_controlled: 0.75,
  };
  const run = (f_controlled0: number) =>
    runCart(evidence, "sle", PRESETS.uk, flatTable(0.01), {
      overrides: { ...base, f_controlled0 },
      horizonAge: 40 + 1 / 12,
      discount: NO_DISCOUNT,
    });

  it("active: 0.6 x 30,000 a year of flare costs and 0.6 - 0.6 x 0.05 = 0.57 utility, half-cycle; flares kill nobody", () => {
    const r = run(0).result;
    const soc = r.strategies.find((s) => s.id === "soc")!;
    expect(soc.values.c_disease_active.undiscounted).toBeCloseTo(((18_000 / 12) * (1 + alive1)) / 2, 8);
    expect(soc.qalys.undiscounted).toBeCloseTo(((0.57 / 12) * (1 + alive1)) / 2, 12);
    expect(share(r, "soc", "Dead", 1)).toBeCloseTo(1 - alive1, 12);
  });
  it("controlled: 0.1 x 30,000 a year and 0.75 - 0.1 x 0.05 = 0.745 utility", () => {
    const soc = run(1).result.strategies.find((s) => s.id === "soc")!;
    expect(soc.values.c_disease_active.undiscounted).toBeCloseTo(((3_000 / 12) * (1 + alive1)) / 2, 8);
    expect(soc.qalys.undiscounted).toBeCloseTo(((0.745 / 12) * (1 + alive1)) / 2, 12);
  });
  it("waiting for CAR T: the baseline mix of both flare rates (f_controlled0 0.25: 0.25 x 0.1 + 0.75 x 0.6 = 0.475 a year)", () => {
    // Autologous arm, a 10-year mean wait (r_attempt 0.1 a year) and no manufacturing failure: in cycle 1 members
    // leave Waiting only for Infusion (no c_disease_active) or death. Flare cost 0.475 x 30,000 / 12 x (1 + w1) / 2,
    // w1 the share still waiting at the end of the cycle (from the trace); the rest of c_disease_active is 0 here.
    const r = runCart(evidence, "sle", PRESETS.uk, flatTable(0.01), {
      overrides: { ...base, f_controlled0: 0.25, d_vein_to_vein: 3650, p_mfg_fail: 0 },
      horizonAge: 40 + 1 / 12,
      discount: NO_DISCOUNT,
    }).result;
    const w1 = share(r, "autologous", "Waiting", 1);
    expect(w1).toBeGreaterThan(0.99);
    const auto = r.strategies.find((s) => s.id === "autologous")!;
    expect(auto.values.c_disease_active.undiscounted).toBeCloseTo(((0.475 * 30_000) / 12) * ((1 + w1) / 2), 8);
  });
  it("drug-free remission has no flare events", () => {
    const built = buildCartModel(evidence, "sle", PRESETS.uk, lifeTables.uk);
    const remission = built.spec.states.find((s) => s.id === "Remission")!;
    expect(JSON.stringify(remission.values)).not.toContain("flare");
  });
});

describe("events avoided in drug-free remission", { timeout: 120_000 }, () => {
  // Remission has no flares or relapses, so their costs and QALY losses fall only on time spent on SoC:
  // switching the events off must lower CAR T's incremental QALYs and raise its incremental cost (less avoided).
  it.each([
    ["sle", { r_severe_flare_active: 0, r_severe_flare_controlled: 0 }],
    ["aav", { c_major_relapse: 0, u_major_relapse_loss: 0 }],
  ] as const)("%s: the events raise autologous CAR T's QALY gain and lower its incremental cost", (disease, off) => {
    const on = runCart(evidence, disease, PRESETS.uk, lifeTables.uk);
    const without = runCart(evidence, disease, PRESETS.uk, lifeTables.uk, { overrides: { ...off } });
    const v = (x: typeof on) => x.versusSoc.find((r) => r.strategy === "autologous")!;
    expect(v(on).incrementalQalys).toBeGreaterThan(v(without).incrementalQalys);
    expect(v(on).incrementalCost).toBeLessThan(v(without).incrementalCost);
  });
});

describe("AAV: major relapses as events", { timeout: 120_000 }, () => {
  // Everyone controlled (f_controlled0 1), no deaths (flat table 0), relapse on maintenance r_flare 0.5 a year:
  // after one cycle c1 = e^(-0.5/12) = 0.9591895 still controlled, a1 = 0.0408105 active. Each relapse costs
  // 10,000 and 0.05 QALYs: in Controlled 0.5 x 10,000 = 5,000 a year, in Active (further relapses 0.3 a year)
  // 3,000 a year; state values by half-cycle: 5,000 / 12 x (1 + c1) / 2 + 3,000 / 12 x (0 + a1) / 2.
  const c1 = Math.exp(-0.5 / 12);
  const a1 = 1 - c1;
  const base = {
    ...QUIET,
    r_flare: 0.5,
    f_damage0: 0,
    f_controlled0: 1,
    age_start: 50,
    r_major_relapse_active: 0.3,
    c_major_relapse: 10_000,
    u_major_relapse_loss: 0.05,
    c_soc_drug: 0,
    c_soc_monitoring: 0,
    c_soc_ae: 0,
    c_active: 0,
    u_controlled: 0.8,
    u_active: 0.6,
  };
  const run = (change: Record<string, number> = {}) =>
    runCart(evidence, "aav", PRESETS.uk, flatTable(0), {
      overrides: { ...base, ...change },
      horizonAge: 50 + 1 / 12,
      discount: NO_DISCOUNT,
    });

  it("one cycle: relapses on maintenance (0.5 a year) and further relapses while active (0.3 a year), 10,000 each", () => {
    const soc = run().result.strategies.find((s) => s.id === "soc")!;
    expect(a1).toBeCloseTo(0.0408105, 7);
    // 5,000 / 12 x 1.9591895 / 2 = 408.1645; 3,000 / 12 x 0.0408105 / 2 = 5.1013.
    expect(soc.values.c_disease_active.undiscounted).toBeCloseTo(
      ((5_000 / 12) * (1 + c1)) / 2 + ((3_000 / 12) * a1) / 2,
      8,
    );
    // QALYs: Controlled (0.8 - 0.5 x 0.05) = 0.775 a year, Active (0.6 - 0.3 x 0.05) = 0.585 a year.
    expect(soc.qalys.undiscounted).toBeCloseTo(((0.775 / 12) * (1 + c1)) / 2 + ((0.585 / 12) * a1) / 2, 12);
  });
  it("no relapse on maintenance and no active disease: no relapse cost", () => {
    const soc = run({ r_flare: 0 }).result.strategies.find((s) => s.id === "soc")!;
    expect(soc.values.c_disease_active.undiscounted).toBe(0);
  });
  it("after CAR T: relapses not retreated are major relapses at the cycle's relapse probability per year", () => {
    // Per infused patient, everyone responds (p_response 1, no treatment deaths), constant relapse 0.6 a year
    // (k 1), nobody retreated. Remission from the end of cycle 1 (shares r0 = 0, r1 = 1, r2 = 1 - q); the relapse
    // probability of a cycle is q = 1 - e^-(0.6/12) (the only exit: no damage, no deaths), a rate of 12q a year, so
    // each cycle's value is 10,000 x 12q / 12 = 10,000 q per member, by half-cycle:
    // 10,000 q x ((0 + 1) / 2 + (1 + (1 - q)) / 2) = 487.71 x 1.47561 = 719.67.
    const q = 1 - Math.exp(-0.6 / 12);
    const zeroCart = {
      p_response: 1,
      p_trm: 0,
      r_relapse: 0.6,
      k_relapse: 1,
      p_retreat: 0,
      smr_remission: 0,
      c_remission_followup: 0,
      r_major_relapse_active: 0,
    };
    const a = runCart(evidence, "aav", PRESETS.uk, flatTable(0), {
      overrides: { ...base, ...zeroCart, r_flare: 0 },
      horizonAge: 50 + 2 / 12,
      discount: NO_DISCOUNT,
      intentionToTreat: false,
    });
    const auto = a.result.strategies.find((s) => s.id === "autologous")!;
    expect(share(a.result, "autologous", "Remission", 1)).toBeCloseTo(1, 12);
    expect(share(a.result, "autologous", "Remission", 2)).toBeCloseTo(1 - q, 12);
    expect(auto.values.c_disease_active.undiscounted).toBeCloseTo(10_000 * q * (0.5 + (2 - q) / 2), 8);
    expect(auto.values.c_disease_active.undiscounted).toBeCloseTo(719.67, 2);
  });
  it("the cohort is conserved and no share is negative in every strategy, cycle and preset", () => {
    expectConserved("aav");
  });
});

describe("MG: myasthenic crises as events within the SoC states", { timeout: 120_000 }, () => {
  // Everyone Active (f_controlled0 = 0), no flares, control or damage; background 0.01 a year; smr_disease 1 and
  // f_damage_smr 0, so the damage-free rate is 0.01. Crises at 0.5 a year in Active, 10% fatal, 12,000 each,
  // 0.04 QALYs lost each; the SMR cohort has no crises (r_crisis_cohort 0).
  // Death rate in Active: 0.01 + 0.5 x 0.1 = 0.06 a year; one cycle: 1 - exp(-0.06 / 12).
  const base = {
    ...QUIET,
    f_damage0: 0,
    f_controlled0: 0,
    age_start: 50,
    smr_disease: 1,
    f_damage_smr: 0,
    r_crisis_active: 0.5,
    r_crisis_controlled: 0,
    r_crisis_cohort: 0,
    p_crisis_death: 0.1,
    c_crisis: 12_000,
    u_crisis_loss: 0.04,
    c_soc_drug: 0,
    c_soc_monitoring: 0,
    c_soc_ae: 0,
    c_active: 0,
    u_active: 0.6,
  };
  const run = (change: Record<string, number> = {}) =>
    runCart(evidence, "mg", PRESETS.uk, flatTable(0.01), {
      overrides: { ...base, ...change },
      horizonAge: 50 + 1 / 12,
      discount: NO_DISCOUNT,
    });

  it("crisis deaths add to the active death rate: 1 - exp(-(0.01 + 0.5 x 0.1) / 12)", () => {
    expect(share(run().result, "soc", "Dead", 1)).toBeCloseTo(1 - Math.exp(-0.06 / 12), 12);
  });
  it("crisis deaths already in the SMR are removed first: smr 3, cohort crisis rate 0.2 -> 0.03 - 0.02 = 0.01, plus 0.05", () => {
    expect(share(run({ smr_disease: 3, r_crisis_cohort: 0.2 }).result, "soc", "Dead", 1)).toBeCloseTo(
      1 - Math.exp(-0.06 / 12),
      12,
    );
  });
  it("one cycle's crisis cost and QALY loss: 0.5 x 12,000 a year and 0.6 - 0.5 x 0.04 a year, half-cycle", () => {
    const soc = run().result.strategies.find((s) => s.id === "soc")!;
    const alive1 = Math.exp(-0.06 / 12);
    expect(soc.values.c_disease_active.undiscounted).toBeCloseTo(((6_000 / 12) * (1 + alive1)) / 2, 8);
    expect(soc.qalys.undiscounted).toBeCloseTo((((0.6 - 0.02) / 12) * (1 + alive1)) / 2, 12);
  });
  it("the shipped MG model conserves the cohort, and drug-free remission (no crises) gains more than without crisis events", () => {
    const a = runCart(evidence, "mg", PRESETS.uk, lifeTables.uk);
    const S = a.result.states.length;
    for (const s of a.result.strategies)
      for (let t = 0; t < s.trace!.length / S; t++) {
        let sum = 0;
        for (let k = 0; k < S; k++) sum += s.trace![t * S + k];
        expect(Math.abs(sum - 1)).toBeLessThan(1e-9);
      }
    const none = runCart(evidence, "mg", PRESETS.uk, lifeTables.uk, {
      overrides: { r_crisis_active: 0, r_crisis_controlled: 0, r_crisis_cohort: 0 },
    });
    const gain = (x: typeof a) => x.versusSoc.find((v) => v.strategy === "autologous")!.incrementalQalys;
    expect(gain(a)).toBeGreaterThan(gain(none));
  });
});

describe("disease-specific parameters", () => {
  it("only the diseases with a structure of their own read their parameters; the others' models do not have them", () => {
    expect(STRUCTURED_DISEASES).toEqual(expect.arrayContaining(["sle", "aav", "mg"]));
    for (const d of DISEASES) {
      const built = buildCartModel(evidence, d, PRESETS.us, lifeTables.us);
      for (const def of PARAMETERS.filter((p) => p.diseases))
        expect(def.id in built.spec.parameters!, `${d} ${def.id}`).toBe(definedFor(def, d));
    }
  });
  it("every state of each structure has a label of its own, and every derived parameter a unit and a description", () => {
    // The Methods page's diagrams and the parameter tables print them: an empty or repeated label would be a defect.
    for (const d of STRUCTURED_DISEASES) {
      const spec = buildCartModel(evidence, d, PRESETS.us, lifeTables.us).spec;
      const labels = spec.states.map((st) => st.label ?? "");
      for (const l of labels) expect(l.trim().length, `${d}: ${labels.join(" | ")}`).toBeGreaterThan(3);
      expect(new Set(labels).size, d).toBe(labels.length);
      const own = Object.keys(diseaseStructure(d, "1 / 12")!.parameters);
      const derived = Object.entries(spec.parameters!).filter(([id]) => own.includes(id));
      expect(derived.length, d).toBeGreaterThan(0);
      for (const [id, value] of derived) {
        expect(typeof value, `${d} ${id}`).toBe("object");
        const p = value as ParameterSpec;
        expect(p.unit ?? "", `${d} ${id} unit`).not.toBe("");
        expect((p.description ?? "").length, `${d} ${id} description`).toBeGreaterThan(10);
      }
    }
  });
  it("a table row giving an SLE-only parameter to another disease is refused, naming file, row and column", () => {
    const files = loadEvidenceFiles();
    const f = "data/cart/parameters-ms.csv";
    files[f] =
      files[f].trimEnd() + "\nr_transplant,ms,all,0.1,0.05,0.2,gamma,1/year,NA,NA,assumption,ASSUMPTION,test row,NA\n";
    expect(() => readEvidence(files)).toThrow(
      /parameters-ms\.csv row \d+ column disease.*r_transplant belongs to the state structure of sle, aav only/s,
    );
  });
});

describe("MS: EDSS bands with RRMS -> SPMS", { timeout: 120_000 }, () => {
  // Mortality by band (background 0.01 a year): smr_disease 3 over an SMR cohort with f_damage_smr 0.2 at EDSS >= 6,
  // half of them (f_edss8_smr 0.5) at EDSS 8-9.5; gradient rr 1 (EDSS 0-5.5), 2 (6-7.5), 4 (8-9.5).
  // Cohort mean gradient 0.8 x 1 + 0.2 x (0.5 x 2 + 0.5 x 4) = 1.4, scale 3 / 1.4, so the band rates are
  // 0.01 x 3 / 1.4 x {1, 2, 4} = 0.0214286, 0.0428571, 0.0857143 a year, and the mix reproduces the SMR:
  // 0.8 x 0.0214286 + 0.1 x 0.0428571 + 0.1 x 0.0857143 = 0.03 = 0.01 x 3.
  const mortality = {
    ...QUIET,
    smr_disease: 3,
    f_damage_smr: 0.2,
    f_edss8_smr: 0.5,
    rr_death_free: 1,
    rr_death_edss6: 2,
    rr_death_edss8: 4,
    age_start: 40,
  };
  const hFree = (0.01 * 3) / 1.4;
  const h6 = 2 * hFree;
  const h8 = 4 * hFree;
  const run = (overrides: Record<string, number>, months: number, rate: number) =>
    runCart(evidence, "ms", PRESETS.uk, flatTable(rate), {
      overrides,
      horizonAge: 40 + months / 12,
      discount: NO_DISCOUNT,
    });

  it("the band death rates weighted by the SMR cohort's mix reproduce the all-patient SMR (0.03 a year)", () => {
    expect(0.8 * hFree + 0.1 * h6 + 0.1 * h8).toBeCloseTo(0.03, 12);
  });
  it("one cycle at EDSS 0-5.5 (Controlled): death 1 - exp(-0.0214286 / 12)", () => {
    const r = run({ ...mortality, f_damage0: 0, f_controlled0: 1 }, 1, 0.01).result;
    expect(share(r, "soc", "Dead", 1)).toBeCloseTo(1 - Math.exp(-hFree / 12), 12);
  });
  it("two cycles from EDSS 6-7.5: to EDSS 8-9.5 at 0.6 a year competing with death at 0.0428571, then death at 0.0857143", () => {
    // Cycle 1 out of Damage: H = (0.6 + h6) / 12; p8 = (0.6 / (0.6 + h6))(1 - e^-H) = 0.0486843...,
    // pDie = (h6 / (0.6 + h6))(1 - e^-H) = 0.0034775...
    const H = (0.6 + h6) / 12;
    const p8 = (0.6 / (0.6 + h6)) * (1 - Math.exp(-H));
    const pDie = (h6 / (0.6 + h6)) * (1 - Math.exp(-H));
    expect(p8).toBeCloseTo(0.0486843, 6);
    const overrides = { ...mortality, f_damage0: 1, r_edss8: 0.6 };
    const r1 = run(overrides, 1, 0.01).result;
    expect(share(r1, "soc", "EDSS8", 1)).toBeCloseTo(p8, 12);
    expect(share(r1, "soc", "Dead", 1)).toBeCloseTo(pDie, 12);
    expect(share(r1, "soc", "Damage", 1)).toBeCloseTo(1 - p8 - pDie, 12);
    // Cycle 2: EDSS 8-9.5 dies at 1 - e^(-h8 / 12); Damage repeats cycle 1.
    const q8 = 1 - Math.exp(-h8 / 12);
    const r2 = run(overrides, 2, 0.01).result;
    expect(share(r2, "soc", "EDSS8", 2)).toBeCloseTo(p8 * (1 - q8) + (1 - p8 - pDie) * p8, 12);
    expect(share(r2, "soc", "Dead", 2)).toBeCloseTo(pDie + p8 * q8 + (1 - p8 - pDie) * pDie, 12);
  });
  it("one cycle's costs and QALYs from EDSS 6-7.5: a quarter on DMT and care in Damage, care without DMT and a utility below 0 at EDSS 8-9.5", () => {
    // No deaths (background 0). p = 1 - e^(-0.6 / 12) = 0.0487706 to EDSS 8-9.5. Half-cycle: values at (start + end) / 2.
    // Damage: 1 at the start, 1 - p at the end; EDSS8: 0 and p. A quarter of SPMS time on DMT (p_dmt_spms 0.25).
    // Care: 24,000 / 12 x (2 - p) / 2 + 36,000 / 12 x p / 2; DMT 0.25 x 12,000 / 12 x (2 - p) / 2 (none at EDSS 8-9.5);
    // monitoring and AEs 0.25 x 2,400 / 12 x (2 - p) / 2;
    // QALYs: 0.4 / 12 x (2 - p) / 2 + (0.4 - 0.5) / 12 x p / 2.
    const p = 1 - Math.exp(-0.6 / 12);
    const a = run(
      {
        ...QUIET,
        f_damage0: 1,
        age_start: 40,
        r_edss8: 0.6,
        c_soc_drug: 12_000,
        c_soc_monitoring: 2_000,
        c_soc_ae: 400,
        p_dmt_spms: 0.25,
        c_damage: 24_000,
        c_edss8: 36_000,
        u_damage: 0.4,
        u_edss8_loss: 0.5,
      },
      1,
      0,
    );
    const soc = a.result.strategies.find((s) => s.id === "soc")!;
    expect(p).toBeCloseTo(0.0487706, 6);
    expect(soc.values.c_disease_damage.undiscounted).toBeCloseTo((2000 * (2 - p)) / 2 + (3000 * p) / 2, 6);
    expect(soc.values.c_soc_drug.undiscounted).toBeCloseTo((0.25 * 1000 * (2 - p)) / 2, 6);
    expect(soc.values.c_soc_other.undiscounted).toBeCloseTo((0.25 * 200 * (2 - p)) / 2, 6);
    expect(soc.qalys.undiscounted).toBeCloseTo(((0.4 / 12) * (2 - p)) / 2 + ((-0.1 / 12) * p) / 2, 12);
  });
  it("disability care at EDSS 0-5.5 is paid in Controlled (6,000 a year: 500 in a month with nobody leaving)", () => {
    const a = run({ ...QUIET, f_damage0: 0, f_controlled0: 1, c_edss_free: 6000 }, 1, 0);
    const soc = a.result.strategies.find((s) => s.id === "soc")!;
    expect(soc.values.c_disease_damage.undiscounted).toBeCloseTo(500, 9);
  });
  it("disability care continues in remission and in the mixture-cure state (CAR T repairs no damage)", () => {
    const m = buildCartModel(evidence, "ms", PRESETS.uk, lifeTables.uk, {
      durability: { kind: "cure", cureFraction: 0.5 },
    });
    for (const id of ["Waiting", "Remission", "Cured", "Controlled", "Active"]) {
      const st = m.spec.states.find((s) => s.id === id)!;
      expect(String(st.values?.c_disease_damage), id).toContain("c_edss_free");
    }
    // No DMT at EDSS 8-9.5.
    expect(m.spec.states.find((s) => s.id === "EDSS8")!.values?.c_soc_drug).toBeUndefined();
  });
  it("the cohort is conserved in every strategy, cycle and preset: shares sum to 1", () => {
    for (const preset of ["us", "uk"]) {
      const r = runCart(evidence, "ms", PRESETS[preset], lifeTables[preset]).result;
      expect(r.states).toEqual(expect.arrayContaining(["Damage", "EDSS8", "Dead"]));
      const S = r.states.length;
      for (const s of r.strategies) {
        const tr = s.trace!;
        for (let t = 0; t < tr.length / S; t++) {
          let sum = 0;
          for (let k = 0; k < S; k++) {
            sum += tr[t * S + k];
            expect(tr[t * S + k]).toBeGreaterThanOrEqual(-1e-15);
          }
          expect(Math.abs(sum - 1), `${preset} ${s.id} t=${t}`).toBeLessThan(1e-9);
        }
      }
    }
  });
  it("EDSS 8-9.5 has a utility below zero, so the results warn of a negative net benefit of survival there (US and UK)", () => {
    for (const preset of ["us", "uk"]) {
      const a = runCart(evidence, "ms", PRESETS[preset], lifeTables[preset]);
      const st = a.negativeSurvival.find((x) => x.strategy === "soc" && x.state === "EDSS8")!;
      // u_damage 0.41 - u_edss8_loss 0.5 = -0.09 a year (discounted per person-year: the same sign).
      expect(st.qalysPerYear).toBeLessThan(0);
      // Named by label with the id in parentheses, then the strategies by label (soc: "Lifelong standard of care").
      expect(a.warnings[0]).toMatch(/^negative net benefit of survival in .*\(EDSS8\) in Lifelong standard of care/);
    }
  });
  it.each([
    ["r_edss8", 0.105],
    ["r_damage_controlled", 0.075],
    ["r_damage_active", 0.18],
  ])("a higher progression rate (%s x3) lowers SoC QALYs", (id, value) => {
    for (const preset of ["us", "uk"]) {
      const q = (overrides: Record<string, number>) =>
        runCart(evidence, "ms", PRESETS[preset], lifeTables[preset], { overrides }).strategies.find(
          (s) => s.id === "soc",
        )!.qalys;
      expect(q({ [id]: value })).toBeLessThan(q({}));
    }
  });
});
