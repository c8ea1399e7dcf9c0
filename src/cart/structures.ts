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
  /**
   * Share of relapses from drug-free remission (not retreated) that return to Controlled rather than
   * Active (a formula); absent: all to Active.
   */
  relapseToControlled?: string;
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

/** An event within the SoC states: its rate (1/year) in each activity state, its cost and QALY loss. */
interface SocEvent {
  rate: (s: "controlled" | "active") => string;
  /** Cost of one event (added to c_disease_active). */
  cost: string;
  /** QALYs lost per event. */
  loss: string;
  /** A derived parameter that holds the baseline mix's rate, where the disease defines one. */
  mixRate?: string;
}

type EventValues = { c_disease_active: string; qaly: string };

/**
 * Per-year terms of events within the SoC states: in Controlled and Active at each event's rate there,
 * in Waiting at the rate of the baseline mix (f_controlled0 controlled; the rate itself where both
 * states share it). The expected cost is rate x cost summed over the events, the QALY term minus
 * rate x loss summed.
 */
function socEvents(events: SocEvent[]): Record<"Controlled" | "Active" | "Waiting", EventValues> {
  const mix = (e: SocEvent) => {
    if (e.mixRate) return e.mixRate;
    const [controlled, active] = [e.rate("controlled"), e.rate("active")];
    return controlled === active ? controlled : `(f_controlled0 * ${controlled} + (1 - f_controlled0) * ${active})`;
  };
  const values = (rate: (e: SocEvent) => string): EventValues => {
    const losses = events.map((e) => `${rate(e)} * ${e.loss}`);
    return {
      c_disease_active: events.map((e) => `${rate(e)} * ${e.cost}`).join(" + "),
      qaly: losses.length === 1 ? `-${losses[0]}` : `-(${losses.join(" + ")})`,
    };
  };
  return {
    Controlled: values((e) => e.rate("controlled")),
    Active: values((e) => e.rate("active")),
    Waiting: values(mix),
  };
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
    stateValues: socEvents([
      { rate: (s) => `r_severe_flare_${s}`, cost: "c_severe_flare", loss: "u_severe_flare_loss" },
    ]),
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
  const events = socEvents([
    {
      rate: (s) => (s === "active" ? "r_major_relapse_active" : "r_flare"),
      cost: "c_major_relapse",
      loss: "u_major_relapse_loss",
    },
  ]);
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
    stateValues: socEvents([{ rate: (s) => `r_crisis_${s}`, cost: "c_crisis", loss: "u_crisis_loss" }]),
    deathRates: {
      Controlled: "h_die_controlled",
      Active: "h_die_active",
      Waiting: "(f_controlled0 * h_die_controlled + (1 - f_controlled0) * h_die_active)",
    },
  };
}

/**
 * Multiple sclerosis: EDSS bands with RRMS -> SPMS (docs/methods.md draws it). The damage-free states
 * (Waiting, Controlled, Active, Remission) are relapsing MS at EDSS 0-5.5, a fixed mix of the bands
 * 0-2.5 and 3-5.5 whose disability care costs c_edss_free a year on top of the DMT (u_controlled and
 * u_active are that mix's utilities). Damage is SPMS at EDSS 6-7.5 (c_damage, u_damage; the DMT
 * continues in the share p_dmt_spms only); from it
 * EDSS 8-9.5 at r_edss8, where the DMT stops (c_edss8, utility u_damage - u_edss8_loss, which may be
 * below 0 as the UK EQ-5D values are). Death by band: the relative mortality gradient rr_death_*
 * (Sadovnick 1992) scaled so that the SMR cohort's band mix (f_damage_smr at EDSS >= 6, of whom
 * f_edss8_smr at 8-9.5) reproduces the all-patient smr_disease: no band's deaths count twice.
 */
function ms(L: string): DiseaseStructure {
  const free = { c_disease_damage: "c_edss_free" };
  return {
    damageLabel: "SPMS, EDSS 6-7.5 (walking aid to wheelchair)",
    damageExits: { Damage: "C", ...competing({ EDSS8: `r_edss8 * ${L}`, Dead: `h_die_damage * ${L}` }) },
    states: [
      {
        id: "EDSS8",
        label: "SPMS, EDSS 8-9.5 (restricted to bed or chair; DMT stopped)",
        values: { c_disease_damage: "c_edss8", qaly: "u_damage - u_edss8_loss" },
      },
    ],
    transitions: { EDSS8: { EDSS8: "C", Dead: `rateToProb(h_die_edss8, ${L})` } },
    transitionValues: [],
    parameters: {
      mm_ms_cohort: {
        value:
          "(1 - f_damage_smr) * rr_death_free + f_damage_smr * ((1 - f_edss8_smr) * rr_death_edss6 + f_edss8_smr * rr_death_edss8)",
        unit: "ratio",
        description:
          "Mean relative mortality of the SMR cohort's EDSS band mix: smr_disease / mm_ms_cohort scales each band's rr_death_* so the mix reproduces smr_disease",
      },
      h_die_disease: {
        value: "max(mu_background, mu_background * smr_disease * rr_death_free / mm_ms_cohort)",
        unit: "1/year",
        description:
          "Death rate at EDSS 0-5.5 (relapsing MS): the band's share of the all-patient SMR, at least background",
      },
      h_die_damage: {
        value: "max(h_die_disease, mu_background * smr_disease * rr_death_edss6 / mm_ms_cohort)",
        unit: "1/year",
        description: "Death rate at EDSS 6-7.5 (SPMS): the band's share of the all-patient SMR",
      },
      h_die_edss8: {
        value: "max(h_die_damage, mu_background * smr_disease * rr_death_edss8 / mm_ms_cohort)",
        unit: "1/year",
        description: "Death rate at EDSS 8-9.5: the band's share of the all-patient SMR",
      },
    },
    // Disability care by band continues in remission: CAR T stops new damage but repairs none. In SPMS
    // (Damage) only the share p_dmt_spms stays on the DMT (with its monitoring and adverse events).
    stateValues: {
      Waiting: free,
      Controlled: free,
      Active: free,
      Remission: free,
      Damage: {
        c_soc_drug: "-(1 - p_dmt_spms) * c_soc_drug",
        c_soc_other: "-(1 - p_dmt_spms) * (c_soc_monitoring + c_soc_ae)",
      },
    },
  };
}

/**
 * Type 1 diabetes: drug-free remission is insulin independence with preserved C-peptide (no insulin,
 * CGM or pump; c_remission_followup holds C-peptide and HbA1c monitoring); relapse is C-peptide
 * decline back to insulin dependence (r_relapse: the T1D rows), returning to the SoC
 * states in the baseline mix of controlled and poorly controlled (not all to Active). On insulin
 * (Waiting, Controlled, Active, Damage): insulin (c_soc_drug), CGM (c_cgm, with monitoring) and the
 * expected pump cost (c_pump, with the drugs), and two acute events per year: severe hypoglycaemia
 * needing emergency treatment (r_hypo_severe, both activity states) and diabetic ketoacidosis
 * (r_dka_controlled, r_dka_active), each with its cost, QALY loss and case fatality. As for MG crises,
 * the all-patient SMR already holds acute-event deaths, at the rates of the baseline mix (assumed to be
 * the SMR cohort's); they are removed before each state's own are added. Damage (long-term
 * complications) keeps its own death rate h_die_damage and has the events' costs and QALY losses at
 * the baseline mix's rates.
 */
function t1d(L: string): DiseaseStructure {
  const onInsulin = { c_soc_drug: "c_pump", c_soc_other: "c_cgm" };
  const acute = socEvents([
    { rate: () => "r_hypo_severe", cost: "c_hypo_severe", loss: "u_hypo_loss" },
    { rate: (s) => `r_dka_${s}`, mixRate: "r_dka_mix", cost: "c_dka", loss: "u_dka_loss" },
  ]);
  return {
    damageLabel: "Long-term complications (on insulin)",
    damageExits: { Damage: "C", Dead: `rateToProb(h_die_damage, ${L})` },
    states: [],
    transitions: {},
    transitionValues: [],
    parameters: {
      r_dka_mix: {
        value: "f_controlled0 * r_dka_controlled + (1 - f_controlled0) * r_dka_active",
        unit: "1/year",
        description:
          "DKA rate in the baseline mix of controlled and poorly controlled T1D (Waiting, Damage, SMR cohort)",
      },
      h_die_no_acute: {
        value: "max(mu_background, h_die_disease - r_hypo_severe * p_hypo_death - r_dka_mix * p_dka_death)",
        unit: "1/year",
        description:
          "Damage-free death rate without acute-event deaths: the SMR-based rate minus the baseline mix's hypoglycaemia and DKA deaths, at least background",
      },
      h_die_controlled: {
        value: "h_die_no_acute + r_hypo_severe * p_hypo_death + r_dka_controlled * p_dka_death",
        unit: "1/year",
        description: "Death rate, controlled T1D on insulin: no-acute-event rate plus hypoglycaemia and DKA deaths",
      },
      h_die_active: {
        value: "h_die_no_acute + r_hypo_severe * p_hypo_death + r_dka_active * p_dka_death",
        unit: "1/year",
        description:
          "Death rate, poorly controlled T1D on insulin: no-acute-event rate plus hypoglycaemia and DKA deaths",
      },
    },
    stateValues: {
      Controlled: { ...onInsulin, ...acute.Controlled },
      Active: { ...onInsulin, ...acute.Active },
      Waiting: { ...onInsulin, ...acute.Waiting },
      // Long-term complications: the events at the baseline mix's rates, as while waiting.
      Damage: { ...onInsulin, ...acute.Waiting },
    },
    deathRates: {
      Controlled: "h_die_controlled",
      Active: "h_die_active",
      Waiting: "(f_controlled0 * h_die_controlled + (1 - f_controlled0) * h_die_active)",
    },
    relapseToControlled: "f_controlled0",
  };
}

const STRUCTURES: Record<string, (L: string) => DiseaseStructure> = { sle, aav, mg, ms, t1d };

/** The disease's own structure, or null when Damage is a single stage (death at h_die_damage). */
export function diseaseStructure(disease: string, cycleLength: string): DiseaseStructure | null {
  const f = STRUCTURES[disease];
  return f ? f(cycleLength) : null;
}

/** Diseases with a structure of their own. */
export const STRUCTURED_DISEASES: readonly string[] = Object.keys(STRUCTURES);
