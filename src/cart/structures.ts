/**
 * Disease-specific state structures of the CAR T model. Every disease shares the treatment and
 * activity states (Waiting, Infusion, Remission, Controlled, Active) and a state Damage that every
 * living state can enter; a disease whose irreversible damage has stages of its own (kidney failure
 * with dialysis and transplant in lupus nephritis, ...) replaces Damage's exits and adds its stages
 * here, reading parameters that only its tables define (dictionary.ts, `diseases`). The state that
 * damage enters keeps the id Damage, so every other analysis (access queue, offsets, warnings) sees
 * the same entry point whatever the disease. docs/methods.md draws each structure.
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
 * Kidney failure (SLE / lupus nephritis, ANCA vasculitis). Damage is ESKD on dialysis (death at the
 * absolute ESKD rate, h_die_damage); from it a kidney transplant at r_transplant (one-off
 * c_transplant), and from a functioning graft back to dialysis at r_graft_loss. With a graft, death is
 * background plus r_excess_death_transplant, never below the damage-free disease rate. The disease's
 * SoC continues in both. Each disease has its own rows for every parameter.
 */
function kidneyFailure(L: string): DiseaseStructure {
  return {
    damageLabel: "Kidney failure: ESKD on dialysis",
    damageExits: { Damage: "C", ...competing({ Transplant: `r_transplant * ${L}`, Dead: `h_die_damage * ${L}` }) },
    states: [
      {
        id: "Transplant",
        label: "Kidney failure: functioning kidney transplant",
        values: { ...SOC_VALUES, c_disease_damage: "c_transplant_followup", qaly: "u_transplant" },
      },
    ],
    transitions: {
      Transplant: { Transplant: "C", ...competing({ Damage: `r_graft_loss * ${L}`, Dead: `h_die_transplant * ${L}` }) },
    },
    transitionValues: [{ from: "Damage", to: "Transplant", values: { c_disease_damage: "c_transplant" } }],
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

const STRUCTURES: Record<string, (L: string) => DiseaseStructure> = { sle: kidneyFailure, aav: kidneyFailure, mg };

/** The disease's own structure, or null when Damage is a single stage (death at h_die_damage). */
export function diseaseStructure(disease: string, cycleLength: string): DiseaseStructure | null {
  const f = STRUCTURES[disease];
  return f ? f(cycleLength) : null;
}

/** Diseases with a structure of their own. */
export const STRUCTURED_DISEASES: readonly string[] = Object.keys(STRUCTURES);
