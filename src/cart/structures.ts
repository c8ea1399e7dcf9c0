/**
 * Disease-specific state structures of the CAR T model. Every disease shares the treatment and
 * activity states (Waiting, Infusion, Remission, Controlled, Active) and a state Damage that every
 * living state can enter; a disease whose irreversible damage has stages of its own (CKD 3-4, dialysis
 * and transplant in lupus nephritis, ...) replaces Damage's exits and adds its stages here, and events
 * within shared states (SLE flares, AAV relapses, MG crises) add to those states' values, reading
 * parameters that only its tables define (dictionary.ts, `diseases`). The state that damage enters
 * keeps the id Damage, so every other analysis (access queue, offsets, warnings) sees the same entry
 * point whatever the disease. docs/methods.md draws each structure.
 */
import type { Expr, ParameterSpec, StateSpec, TransitionValueSpec } from "../model/spec/spec.js";

/**
 * Competing risks in one cycle: events with cumulative hazards H_i over the cycle out of a state give
 * probabilities p_i = (H_i / H) (1 - exp(-H)), H = sum of H_i (each expression is a cumulative hazard).
 */
export function competing(hazards: Record<string, string>): Record<string, string> {
  const total = `(${Object.values(hazards).join(" + ")})`;
  const out: Record<string, string> = {};
  for (const [to, h] of Object.entries(hazards))
    out[to] = `(${total} > 0 ? (${h}) / ${total} * (1 - exp(-${total})) : 0)`;
  return out;
}

/** What a disease's own structure changes in the shared model. */
export interface DiseaseStructure {
  /** Label of the Damage state (the entry stage of irreversible damage). */
  damageLabel: string;
  /** Exits of Damage (replacing "death at h_die_damage"); "C" for staying. */
  damageExits: Record<string, Expr>;
  /** Further damage stages, after Damage and before Dead. */
  states: StateSpec[];
  transitions: Record<string, Record<string, Expr>>;
  transitionValues: TransitionValueSpec[];
  /** Derived quantities (formulas of the disease's parameters). */
  parameters: Record<string, ParameterSpec>;
  /** Terms added to shared states' values (per year), e.g. the expected cost of events within a state. */
  stateValues?: Record<string, Record<string, Expr>>;
  /** Death rates (1/year) replacing h_die_disease in the SoC states and Waiting (events that can kill). */
  deathRates?: { Controlled: string; Active: string; Waiting: string };
}

/** Lifelong SoC costs that continue in every damage stage (damage does not stop the disease's treatment). */
export const SOC_VALUES = { c_soc_drug: "c_soc_drug", c_soc_other: "c_soc_monitoring + c_soc_ae" };

/**
 * A functioning kidney transplant after ESKD on dialysis (state `dialysis`): transplant at r_transplant
 * (one-off c_transplant), graft loss back to dialysis at r_graft_loss; with a graft, death is background
 * plus r_excess_death_transplant, never below the damage-free disease rate. The disease's SoC continues.
 */
function transplantStage(L: string, dialysis: string) {
  return {
    exit: { Transplant: `r_transplant * ${L}` },
    state: {
      id: "Transplant",
      label: "Kidney failure: functioning kidney transplant",
      values: { ...SOC_VALUES, c_disease_damage: "c_transplant_followup", qaly: "u_transplant" },
    } satisfies StateSpec,
    transitions: {
      Transplant: {
        Transplant: "C",
        ...competing({ [dialysis]: `r_graft_loss * ${L}`, Dead: `h_die_transplant * ${L}` }),
      },
    },
    transitionValue: { from: dialysis, to: "Transplant", values: { c_disease_damage: "c_transplant" } },
    parameters: {
      h_die_transplant: {
        value: "max(h_die_disease, mu_background + r_excess_death_transplant)",
        unit: "1/year",
        description:
          "Death rate with a functioning kidney transplant: background plus the transplant excess, at least the damage-free disease rate",
      },
    },
  };
}

/**
 * Kidney failure (ANCA vasculitis). Damage is ESKD on dialysis (death at the absolute ESKD rate,
 * h_die_damage), with a kidney transplant stage. Each disease has its own rows for every parameter.
 */
function kidneyFailure(L: string): DiseaseStructure {
  const tx = transplantStage(L, "Damage");
  return {
    damageLabel: "Kidney failure: ESKD on dialysis",
    damageExits: { Damage: "C", ...competing({ ...tx.exit, Dead: `h_die_damage * ${L}` }) },
    states: [tx.state],
    transitions: tx.transitions,
    transitionValues: [tx.transitionValue],
    parameters: tx.parameters,
  };
}

/** Per-year terms of events within the SoC states at rates `rate(state)`, each costing `cost` (in c_disease_active) and losing `loss` QALYs. */
function socEvents(rate: (s: "controlled" | "active") => string, cost: string, loss: string) {
  const waiting = `(f_controlled0 * ${rate("controlled")} + (1 - f_controlled0) * ${rate("active")})`;
  const values = (r: string) => ({ c_disease_active: `${r} * ${cost}`, qaly: `-${r} * ${loss}` });
  return { Controlled: values(rate("controlled")), Active: values(rate("active")), Waiting: values(waiting) };
}

/**
 * SLE / lupus nephritis. Irreversible kidney damage has three stages: Damage is CKD stage 3-4
 * (eGFR 15-59; death at h_die_damage: smr_damage or background + r_excess_death_damage), from which
 * ESKD on dialysis at r_eskd (death at background + r_excess_death_eskd, the 6.7 per 100 patient-years of
 * lupus-nephritis ESKD), then the transplant stage. The all-patient SMR's deaths of both damaged shares
 * (f_damage_smr in CKD 3-4, f_eskd_smr on ESKD) are removed from the damage-free rate. Severe flares are
 * events within the SoC states (r_severe_flare_active / _controlled; c_severe_flare, u_severe_flare_loss);
 * their deaths are in smr_disease, so they add no death rate.
 */
function sle(L: string): DiseaseStructure {
  const tx = transplantStage(L, "ESKD");
  return {
    damageLabel: "Chronic kidney disease stage 3-4 (eGFR 15-59)",
    damageExits: { Damage: "C", ...competing({ ESKD: `r_eskd * ${L}`, Dead: `h_die_damage * ${L}` }) },
    states: [
      {
        id: "ESKD",
        label: "Kidney failure: ESKD on dialysis",
        values: { ...SOC_VALUES, c_disease_damage: "c_dialysis", qaly: "u_dialysis" },
      },
      tx.state,
    ],
    transitions: {
      ESKD: { ESKD: "C", ...competing({ ...tx.exit, Dead: `h_die_eskd * ${L}` }) },
      ...tx.transitions,
    },
    transitionValues: [tx.transitionValue],
    parameters: {
      h_die_eskd: {
        value: "mu_background + r_excess_death_eskd",
        unit: "1/year",
        description: "Death rate on dialysis: background plus the absolute ESKD excess",
      },
      // Replaces the shared h_die_disease: mu smr = (1 - f - g) h_free + f h_ckd + g h_eskd.
      h_die_disease: {
        value:
          "max(mu_background, (mu_background * smr_disease - f_damage_smr * h_die_damage - f_eskd_smr * h_die_eskd) / (1 - f_damage_smr - f_eskd_smr))",
        unit: "1/year",
        description:
          "Death rate without kidney damage: the all-patient SMR with the deaths of its CKD 3-4 (f_damage_smr) and ESKD (f_eskd_smr) shares removed",
      },
      ...tx.parameters,
    },
    stateValues: socEvents((s) => `r_severe_flare_${s}`, "c_severe_flare", "u_severe_flare_loss"),
  };
}

/**
 * ANCA vasculitis: the kidney chain (Damage = ESKD on dialysis; no CKD stage, see docs/methods.md) and
 * major relapses as events within the states, as MG crises are: in Controlled the relapses on
 * maintenance (r_flare a year, each the move to Active), in Active further major relapses
 * (r_major_relapse_active), in Remission the relapses after a one-time treatment that are not retreated
 * (the cycle's relapse probability h_relapse_cycle * g_remission times 1 - p_retreat, per year), in
 * Waiting the baseline mix. Each costs c_major_relapse (in c_disease_active) and loses
 * u_major_relapse_loss QALYs. As state values (not values of the moves) they stay inside the by-state results.
 */
function aav(L: string): DiseaseStructure {
  const events = socEvents(
    (s) => (s === "active" ? "r_major_relapse_active" : "r_flare"),
    "c_major_relapse",
    "u_major_relapse_loss",
  );
  const afterCart = `((1 - p_retreat) * h_relapse_cycle * g_remission / ${L})`;
  return {
    ...kidneyFailure(L),
    stateValues: {
      ...events,
      Remission: { c_disease_active: `${afterCart} * c_major_relapse`, qaly: `-${afterCart} * u_major_relapse_loss` },
    },
  };
}

/**
 * Myasthenia gravis: myasthenic crises (respiratory failure needing ICU and ventilation) as events
 * within the SoC states, at r_crisis_active and r_crisis_controlled a year: each costs c_crisis (ICU
 * and extra bed-days; the exacerbation's IVIG/PLEX course is already in c_active), loses u_crisis_loss
 * QALYs, and kills p_crisis_death. The all-patient SMR already contains crisis deaths at the cohort's
 * crisis rate r_crisis_cohort; they are removed before adding each state's own, so none counts twice.
 * Damage is a single stage (death at h_die_damage).
 */
function mg(L: string): DiseaseStructure {
  return {
    damageLabel: "Irreversible severe disability",
    damageExits: { Damage: "C", Dead: `rateToProb(h_die_damage, ${L})` },
    states: [],
    transitions: {},
    transitionValues: [],
    parameters: {
      h_die_no_crisis: {
        value: "max(mu_background, h_die_disease - r_crisis_cohort * p_crisis_death)",
        unit: "1/year",
        description:
          "Damage-free death rate without crisis deaths: the SMR-based rate minus the cohort's crisis deaths, at least background",
      },
      h_die_controlled: {
        value: "h_die_no_crisis + r_crisis_controlled * p_crisis_death",
        unit: "1/year",
        description: "Death rate, controlled MG: no-crisis rate plus crisis deaths",
      },
      h_die_active: {
        value: "h_die_no_crisis + r_crisis_active * p_crisis_death",
        unit: "1/year",
        description: "Death rate, active MG: no-crisis rate plus crisis deaths",
      },
    },
    stateValues: {
      Controlled: { c_disease_active: "r_crisis_controlled * c_crisis", qaly: "-r_crisis_controlled * u_crisis_loss" },
      Active: { c_disease_active: "r_crisis_active * c_crisis", qaly: "-r_crisis_active * u_crisis_loss" },
      Waiting: {
        c_disease_active: "(f_controlled0 * r_crisis_controlled + (1 - f_controlled0) * r_crisis_active) * c_crisis",
        qaly: "-(f_controlled0 * r_crisis_controlled + (1 - f_controlled0) * r_crisis_active) * u_crisis_loss",
      },
    },
    deathRates: {
      Controlled: "h_die_controlled",
      Active: "h_die_active",
      Waiting: "(f_controlled0 * h_die_controlled + (1 - f_controlled0) * h_die_active)",
    },
  };
}

const STRUCTURES: Record<string, (L: string) => DiseaseStructure> = { sle, aav, mg };

/** The disease's own structure, or null when Damage is a single stage (death at h_die_damage). */
export function diseaseStructure(disease: string, cycleLength: string): DiseaseStructure | null {
  const f = STRUCTURES[disease];
  return f ? f(cycleLength) : null;
}

/** Diseases with a structure of their own. */
export const STRUCTURED_DISEASES: readonly string[] = Object.keys(STRUCTURES);
