/**
 * The parameters of the CAR T vs lifelong-therapy model: the contract between the evidence tables
 * in data/cart/ and the model builder. Every id the model reads is listed here, with its unit kind
 * (which fixes its valid range) and whether it is given per disease, per platform, or both.
 * A test fails if the tables define an id the model never reads or the model reads one the tables
 * do not define.
 */
import { inParentheses } from "./labels.js";

/** Unit kinds and the range each allows. */
export type UnitKind =
  "probability" | "rate" | "cost" | "utility" | "ratio" | "days" | "months" | "years" | "proportion" | "count";

export interface ParameterDefinition {
  id: string;
  kind: UnitKind;
  /** "disease": one row per disease (strategy all); "platform": one row per CAR T platform (disease all, or a disease-specific row that takes precedence); "model": one row, disease and strategy all. */
  scope: "disease" | "platform" | "model";
  description: string;
  /**
   * A few words for sentences and chart footers where the whole description is too long; absent: the
   * description up to its first " (" or ": " (parameterLabel's `short`).
   */
  short?: string;
  /** For costs: "per year", "per episode", "per infusion", ... */
  per?: string;
  /**
   * The diseases whose own state structure reads this parameter (src/cart/structures.ts); absent: every
   * disease. Only these diseases' tables define it, and only their models have it.
   */
  diseases?: readonly string[];
  /**
   * A platform parameter that is the same quantity for a one-time comparator as for CAR T (the unit
   * cost of a resource, not of the treatment): a comparator without its own row reads the base
   * (autologous) row, so both share one value, one one-way bar and one PSA draw. Without it, every
   * one-time comparator must state the platform parameter itself (checkCoverage, src/cart/evidence.ts).
   */
  sameForComparators?: true;
  /**
   * A platform parameter that is the same quantity on every CAR T platform (the unit cost of a
   * resource, the consequence of an event): the parameter tables give the autologous row only, and a
   * platform without its own row reads it, so the platforms share one value, one one-way bar and one
   * PSA draw. A platform row, where a table gives one, still defines id__<platform>. Without it,
   * every platform must state the parameter (checkCoverage, src/cart/evidence.ts).
   */
  sameForPlatforms?: true;
}

export const STRATEGIES = ["soc", "autologous", "allogeneic", "invivo"] as const;
export type StrategyId = (typeof STRATEGIES)[number];
export const PLATFORMS = ["autologous", "allogeneic", "invivo"] as const;
export type PlatformId = (typeof PLATFORMS)[number];
export const STRATEGY_LABELS: Record<StrategyId, string> = {
  soc: "Lifelong standard of care",
  autologous: "Bespoke autologous CAR T",
  allogeneic: "Off-the-shelf allogeneic CAR T",
  invivo: "In-vivo CAR T",
};

/** Short disease names for chart axes (the decision problems carry the full labels). */
export const DISEASE_SHORT_LABELS: Record<string, string> = {
  sle: "SLE / lupus nephritis",
  ms: "Multiple sclerosis",
  mg: "Myasthenia gravis",
  aav: "ANCA vasculitis",
  graves: "Graves' disease",
  t1d: "Type 1 diabetes",
};

export const PARAMETERS: ParameterDefinition[] = [
  // --- population (decision problem)
  { id: "age_start", kind: "years", scope: "disease", description: "Mean age at the treatment decision" },
  { id: "p_male", kind: "proportion", scope: "disease", description: "Share of men in the population" },
  {
    id: "f_damage0",
    kind: "proportion",
    scope: "disease",
    description:
      "Share with established irreversible damage at baseline (not offered CAR T; stays on standard of care in every arm)",
  },
  {
    id: "f_controlled0",
    kind: "proportion",
    scope: "disease",
    description:
      "Share of the eligible population whose disease is controlled on standard of care at baseline (the rest is active)",
  },

  // --- natural history on standard of care (annual rates)
  {
    id: "r_flare",
    kind: "rate",
    scope: "disease",
    description: "Rate of flare / loss of control on standard of care (controlled -> active)",
  },
  {
    id: "r_control",
    kind: "rate",
    scope: "disease",
    description: "Rate of regaining control on standard of care (active -> controlled)",
  },
  {
    id: "r_damage_controlled",
    kind: "rate",
    scope: "disease",
    description: "Rate of irreversible damage while controlled",
  },
  { id: "r_damage_active", kind: "rate", scope: "disease", description: "Rate of irreversible damage while active" },
  {
    id: "r_damage_remission",
    kind: "rate",
    scope: "disease",
    description: "Rate of irreversible damage in drug-free remission after CAR T",
  },
  {
    id: "smr_disease",
    kind: "ratio",
    scope: "disease",
    description:
      "Published standardised mortality ratio of all patients with the disease (its deaths include those of patients with damage, which the damage-free death rate removes: see f_damage_smr)",
  },
  {
    id: "smr_damage",
    kind: "ratio",
    scope: "disease",
    description:
      "Standardised mortality ratio with irreversible damage (replaces smr_disease in the damage state; not multiplied by it)",
  },
  {
    id: "r_excess_death_damage",
    kind: "rate",
    scope: "disease",
    description:
      "Absolute excess death rate in the damage state (e.g. deaths per patient-year on dialysis minus background); the damage death rate is the larger of this added to background and smr_damage times background",
  },
  {
    id: "smr_remission",
    kind: "ratio",
    scope: "disease",
    description: "Standardised mortality ratio in drug-free remission",
  },
  {
    id: "f_damage_smr",
    kind: "proportion",
    scope: "disease",
    description:
      "Share of the cohort behind smr_disease that had irreversible damage: their deaths are removed from the all-patient SMR, so the damage-free states do not count the damage state's excess mortality twice",
  },

  // --- standard-of-care costs
  {
    id: "c_soc_drug",
    kind: "cost",
    scope: "disease",
    per: "per year",
    description: "Lifelong comparator therapy: drug acquisition and administration",
  },
  {
    id: "c_soc_monitoring",
    kind: "cost",
    scope: "disease",
    per: "per year",
    description: "Monitoring and routine care on standard of care",
  },
  {
    id: "c_soc_ae",
    kind: "cost",
    scope: "disease",
    per: "per year",
    description: "Adverse events of long-term standard-of-care therapy",
  },
  {
    id: "c_active",
    kind: "cost",
    scope: "disease",
    per: "per year",
    description: "Additional cost of active disease (flare management, escalation, admissions)",
  },
  {
    id: "c_damage",
    kind: "cost",
    scope: "disease",
    per: "per year",
    description: "Cost of the irreversible-damage state (e.g. dialysis, disability care)",
  },
  {
    id: "c_remission_followup",
    kind: "cost",
    scope: "disease",
    per: "per year",
    description: "Follow-up in drug-free remission after CAR T",
  },

  // --- utilities
  {
    id: "u_controlled",
    kind: "utility",
    scope: "disease",
    description: "Utility, disease controlled on standard of care",
  },
  { id: "u_active", kind: "utility", scope: "disease", description: "Utility, active disease" },
  { id: "u_damage", kind: "utility", scope: "disease", description: "Utility, irreversible damage" },
  { id: "u_remission", kind: "utility", scope: "disease", description: "Utility, drug-free remission" },

  // --- disease-specific structures (src/cart/structures.ts)
  // SLE / lupus nephritis and ANCA vasculitis: kidney failure is ESKD on dialysis (the Damage state) with kidney transplant.
  {
    id: "r_transplant",
    kind: "rate",
    scope: "disease",
    diseases: ["sle", "aav"],
    description: "Kidney transplantation rate from ESKD on dialysis",
  },
  {
    id: "r_graft_loss",
    kind: "rate",
    scope: "disease",
    diseases: ["sle", "aav"],
    description: "Graft failure rate after kidney transplant (back to dialysis)",
  },
  {
    id: "r_excess_death_transplant",
    kind: "rate",
    scope: "disease",
    diseases: ["sle", "aav"],
    description: "Absolute excess death rate with a functioning kidney transplant (added to background mortality)",
  },
  {
    id: "c_transplant",
    kind: "cost",
    scope: "disease",
    diseases: ["sle", "aav"],
    per: "per transplant",
    description:
      "Kidney transplant procedure (admission, organ, first-year care beyond maintenance), on the move to Transplant",
  },
  {
    id: "c_transplant_followup",
    kind: "cost",
    scope: "disease",
    diseases: ["sle", "aav"],
    per: "per year",
    description:
      "Maintenance immunosuppression and transplant follow-up with a functioning graft (in addition to the disease's SoC)",
  },
  {
    id: "u_transplant",
    kind: "utility",
    scope: "disease",
    diseases: ["sle", "aav"],
    description: "Utility with a functioning kidney transplant (the disease on SoC)",
  },

  // SLE / lupus nephritis: Damage is CKD stage 3-4 (eGFR 15-59); ESKD on dialysis is a further stage; severe flares are events.
  {
    id: "r_eskd",
    kind: "rate",
    scope: "disease",
    diseases: ["sle"],
    description: "Progression rate from CKD stage 3-4 (Damage) to ESKD on dialysis",
  },
  {
    id: "r_excess_death_eskd",
    kind: "rate",
    scope: "disease",
    diseases: ["sle"],
    description:
      "Absolute excess death rate on dialysis (deaths per patient-year in lupus-nephritis ESKD minus background); ESKD's death rate is background plus this",
  },
  {
    id: "f_eskd_smr",
    kind: "proportion",
    scope: "disease",
    diseases: ["sle"],
    description:
      "Share of the cohort behind smr_disease with ESKD (besides f_damage_smr with CKD 3-4): their deaths are removed from the all-patient SMR too",
  },
  {
    id: "c_dialysis",
    kind: "cost",
    scope: "disease",
    diseases: ["sle"],
    per: "per year",
    description: "ESKD on dialysis (in addition to the disease's SoC)",
  },
  {
    id: "u_dialysis",
    kind: "utility",
    scope: "disease",
    diseases: ["sle"],
    description: "Utility, ESKD on dialysis",
  },
  {
    id: "r_severe_flare_active",
    kind: "rate",
    scope: "disease",
    diseases: ["sle"],
    description: "Severe SLE flares (admission, IV pulse therapy) per year while SLE is active",
  },
  {
    id: "r_severe_flare_controlled",
    kind: "rate",
    scope: "disease",
    diseases: ["sle"],
    description: "Severe SLE flares per year while SLE is controlled",
  },
  {
    id: "c_severe_flare",
    kind: "cost",
    scope: "disease",
    diseases: ["sle"],
    per: "per flare",
    description:
      "Severe SLE flare: admission and IV methylprednisolone / cyclophosphamide (not in c_active, which is chronic activity without severe flares)",
  },
  {
    id: "u_severe_flare_loss",
    kind: "utility",
    scope: "disease",
    diseases: ["sle"],
    description: "QALY loss per severe SLE flare (below the active-disease utility, over the flare)",
  },

  // ANCA vasculitis: major relapses as events.
  {
    id: "r_major_relapse_active",
    kind: "rate",
    scope: "disease",
    diseases: ["aav"],
    description:
      "Further major relapses per year while AAV is active (each move Controlled -> Active is a major relapse too)",
  },
  {
    id: "c_major_relapse",
    kind: "cost",
    scope: "disease",
    diseases: ["aav"],
    per: "per relapse",
    description: "Major AAV relapse: rituximab re-induction course and the share admitted",
  },
  {
    id: "u_major_relapse_loss",
    kind: "utility",
    scope: "disease",
    diseases: ["aav"],
    description: "QALY loss per major AAV relapse",
  },

  // Myasthenia gravis: myasthenic crises as events within the SoC states.
  {
    id: "r_crisis_active",
    kind: "rate",
    scope: "disease",
    diseases: ["mg"],
    description: "Myasthenic crisis rate (respiratory failure, ICU) while MG is active",
  },
  {
    id: "r_crisis_controlled",
    kind: "rate",
    scope: "disease",
    diseases: ["mg"],
    description: "Myasthenic crisis rate while MG is controlled",
  },
  {
    id: "r_crisis_cohort",
    kind: "rate",
    scope: "disease",
    diseases: ["mg"],
    description:
      "Crisis rate in the cohort behind smr_disease (its crisis deaths are removed before each state's own are added)",
  },
  {
    id: "p_crisis_death",
    kind: "probability",
    scope: "disease",
    diseases: ["mg"],
    description: "Death in a myasthenic crisis",
  },
  {
    id: "c_crisis",
    kind: "cost",
    scope: "disease",
    diseases: ["mg"],
    per: "per crisis",
    description:
      "Myasthenic crisis beyond the exacerbation treatment in c_active: critical care, ventilation and extra bed-days",
  },
  {
    id: "u_crisis_loss",
    kind: "utility",
    scope: "disease",
    diseases: ["mg"],
    description: "QALY loss per myasthenic crisis",
  },

  // Multiple sclerosis: EDSS bands (0-5.5 relapsing in the damage-free states, Damage = SPMS at 6-7.5, EDSS 8-9.5).
  {
    id: "c_edss_free",
    kind: "cost",
    scope: "disease",
    diseases: ["ms"],
    per: "per year",
    description:
      "Disability care at EDSS 0-5.5 (the band mix of the damage-free states; health-care perspective, DMT excluded), also in remission",
  },
  {
    id: "p_dmt_spms",
    kind: "proportion",
    scope: "disease",
    diseases: ["ms"],
    description:
      "Share of SPMS (EDSS 6-7.5) patient-time still on the DMT with its monitoring and adverse events (the rest has stopped it)",
  },
  {
    id: "r_edss8",
    kind: "rate",
    scope: "disease",
    diseases: ["ms"],
    description: "Progression rate from EDSS 6-7.5 (SPMS) to EDSS 8-9.5",
  },
  {
    id: "c_edss8",
    kind: "cost",
    scope: "disease",
    diseases: ["ms"],
    per: "per year",
    description: "Care at EDSS 8-9.5 (health-care perspective; DMT stopped)",
  },
  {
    id: "u_edss8_loss",
    kind: "utility",
    scope: "disease",
    diseases: ["ms"],
    description:
      "Utility loss from EDSS 6-7.5 (u_damage) to EDSS 8-9.5 (the EDSS 8-9.5 utility is u_damage minus this)",
  },
  {
    id: "rr_death_free",
    kind: "ratio",
    scope: "disease",
    diseases: ["ms"],
    description:
      "Relative mortality at EDSS 0-5.5 (gradient only: scaled so the SMR cohort's mix reproduces smr_disease)",
  },
  {
    id: "rr_death_edss6",
    kind: "ratio",
    scope: "disease",
    diseases: ["ms"],
    description:
      "Relative mortality at EDSS 6-7.5 (gradient only: scaled so the SMR cohort's mix reproduces smr_disease)",
  },
  {
    id: "rr_death_edss8",
    kind: "ratio",
    scope: "disease",
    diseases: ["ms"],
    description:
      "Relative mortality at EDSS 8-9.5 (gradient only: scaled so the SMR cohort's mix reproduces smr_disease)",
  },
  {
    id: "f_edss8_smr",
    kind: "proportion",
    scope: "disease",
    diseases: ["ms"],
    description: "Share at EDSS 8-9.5 among the SMR cohort's patients at EDSS >= 6 (f_damage_smr)",
  },

  // Type 1 diabetes: insulin, CGM and pump on insulin; severe hypoglycaemia and DKA as events.
  {
    id: "c_cgm",
    kind: "cost",
    scope: "disease",
    diseases: ["t1d"],
    per: "per year",
    description: "Continuous glucose monitoring (sensors, transmitters) while on insulin; none in insulin independence",
  },
  {
    id: "c_pump",
    kind: "cost",
    scope: "disease",
    diseases: ["t1d"],
    per: "per year",
    description:
      "Insulin pump (CSII) per patient on insulin: the share using a pump times the pump and its consumables a year",
  },
  {
    id: "r_hypo_severe",
    kind: "rate",
    scope: "disease",
    diseases: ["t1d"],
    description: "Severe hypoglycaemia needing emergency medical treatment, per year on insulin",
  },
  {
    id: "p_hypo_death",
    kind: "probability",
    scope: "disease",
    diseases: ["t1d"],
    description: "Death in an emergency-treated severe hypoglycaemia",
  },
  {
    id: "c_hypo_severe",
    kind: "cost",
    scope: "disease",
    diseases: ["t1d"],
    per: "per event",
    description: "Emergency treatment of a severe hypoglycaemia (ambulance, emergency department, admission in some)",
  },
  {
    id: "u_hypo_loss",
    kind: "utility",
    scope: "disease",
    diseases: ["t1d"],
    description: "QALY loss per severe hypoglycaemia",
  },
  {
    id: "r_dka_controlled",
    kind: "rate",
    scope: "disease",
    diseases: ["t1d"],
    description: "Diabetic ketoacidosis admissions per year, controlled T1D",
  },
  {
    id: "r_dka_active",
    kind: "rate",
    scope: "disease",
    diseases: ["t1d"],
    description: "Diabetic ketoacidosis admissions per year, poorly controlled T1D",
  },
  {
    id: "p_dka_death",
    kind: "probability",
    scope: "disease",
    diseases: ["t1d"],
    description: "Death in a DKA admission",
  },
  {
    id: "c_dka",
    kind: "cost",
    scope: "disease",
    diseases: ["t1d"],
    per: "per admission",
    description: "Diabetic ketoacidosis admission",
  },
  {
    id: "u_dka_loss",
    kind: "utility",
    scope: "disease",
    diseases: ["t1d"],
    description: "QALY loss per DKA admission",
  },

  // --- CAR T: response and durability
  {
    id: "p_response",
    kind: "probability",
    scope: "platform",
    description: "Drug-free remission after an infusion (else back to active disease on standard of care)",
  },
  {
    id: "r_relapse",
    kind: "rate",
    scope: "platform",
    description:
      "Relapse rate in remission: Weibull scale (annual rate in the first year since infusion when the shape is 1)",
  },
  {
    id: "k_relapse",
    kind: "ratio",
    scope: "platform",
    description: "Weibull shape of the relapse hazard by time since infusion (< 1: falling hazard, 1: constant)",
  },
  {
    id: "m_relapse_horizon",
    kind: "months",
    scope: "model",
    description: "Months since infusion after which the relapse hazard stays constant (time-in-state limit)",
  },
  {
    id: "p_retreat",
    kind: "probability",
    scope: "platform",
    description:
      "Share of relapsing patients retreated (redosing for in-vivo CAR T); the rest return to standard of care",
  },

  {
    id: "rr_retreat_response",
    kind: "proportion",
    scope: "platform",
    description:
      "Response to a retreatment course relative to the first (p_retreat_response = rr_retreat_response × p_response; 1: the same)",
  },
  {
    id: "n_max_courses",
    kind: "count",
    scope: "platform",
    description:
      "Most courses a patient can receive, the first included (0: no cap); after the last allowed course a relapse returns to standard of care. Structural: each allowed course adds a set of remission tunnel states",
  },

  // --- CAR T: access and manufacturing
  {
    id: "d_vein_to_vein",
    kind: "days",
    scope: "platform",
    description: "Mean time from decision (apheresis) to infusion; 0 for products available at once",
    short: "Time from apheresis to infusion",
  },
  {
    id: "p_mfg_fail",
    kind: "probability",
    scope: "platform",
    description: "Manufacturing failure (no product released)",
  },
  {
    id: "p_remanufacture",
    kind: "probability",
    scope: "platform",
    description:
      "After a manufacturing failure, share who wait for a second manufacture (the rest fall back to standard of care)",
  },
  {
    id: "p_trm",
    kind: "probability",
    scope: "platform",
    description: "Treatment-related death within the infusion month",
  },

  // --- CAR T: episode costs
  {
    id: "c_price",
    kind: "cost",
    scope: "platform",
    per: "per infusion",
    description: "CAR T product price (list price unless stated)",
  },
  {
    id: "c_apheresis",
    kind: "cost",
    scope: "platform",
    per: "per patient starting treatment",
    description: "Leukapheresis and shipping (bespoke products only)",
  },
  {
    id: "c_bridging",
    kind: "cost",
    scope: "platform",
    per: "per year",
    description: "Bridging therapy while waiting for the product, in addition to standard of care",
  },
  {
    id: "c_lymphodepletion",
    kind: "cost",
    scope: "platform",
    per: "per infusion",
    description: "Lymphodepleting chemotherapy (fludarabine/cyclophosphamide)",
  },
  {
    id: "c_admission",
    kind: "cost",
    scope: "platform",
    per: "per infusion",
    description: "Infusion admission and post-infusion monitoring (excluding toxicity management)",
  },
  { id: "p_crs_severe", kind: "probability", scope: "platform", description: "Grade >= 3 cytokine release syndrome" },
  {
    id: "c_crs_severe",
    kind: "cost",
    scope: "platform",
    per: "per episode",
    description: "Management of grade >= 3 CRS (including ICU)",
    sameForPlatforms: true,
  },
  { id: "p_crs_mild", kind: "probability", scope: "platform", description: "Grade 1-2 cytokine release syndrome" },
  {
    id: "c_crs_mild",
    kind: "cost",
    scope: "platform",
    per: "per episode",
    description: "Management of grade 1-2 CRS",
    sameForPlatforms: true,
  },
  {
    id: "p_icans",
    kind: "probability",
    scope: "platform",
    description: "Immune effector cell-associated neurotoxicity (any grade)",
  },
  {
    id: "c_icans",
    kind: "cost",
    scope: "platform",
    per: "per episode",
    description: "Management of ICANS",
    sameForPlatforms: true,
  },
  { id: "p_tocilizumab", kind: "probability", scope: "platform", description: "Tocilizumab given" },
  {
    id: "c_tocilizumab",
    kind: "cost",
    scope: "platform",
    per: "per course",
    description: "Tocilizumab course",
    sameForPlatforms: true,
  },
  {
    id: "p_icu",
    kind: "probability",
    scope: "platform",
    description: "ICU admission (not already counted in severe CRS)",
  },
  {
    id: "c_icu",
    kind: "cost",
    scope: "platform",
    per: "per stay",
    description: "ICU stay",
    sameForComparators: true,
    sameForPlatforms: true,
  },
  {
    id: "m_bcell_aplasia",
    kind: "months",
    scope: "platform",
    description: "Duration of B-cell aplasia after infusion",
  },
  { id: "p_ivig", kind: "probability", scope: "platform", description: "IVIG replacement during B-cell aplasia" },
  {
    id: "c_ivig",
    kind: "cost",
    scope: "platform",
    per: "per year",
    description: "IVIG replacement while given",
    sameForComparators: true,
    sameForPlatforms: true,
  },
  {
    id: "c_infection",
    kind: "cost",
    scope: "platform",
    per: "per year",
    description: "Infections during B-cell aplasia (expected cost)",
    sameForPlatforms: true,
  },
  {
    id: "u_infusion_loss",
    kind: "utility",
    scope: "platform",
    description:
      "QALY loss of the infusion episode besides its toxicities (lymphodepletion, admission), per infusion; CRS, ICANS and the long-term safety events add their own (q_infusion_loss)",
  },
  // --- long-term safety of CAR T (issue [7] item 6): expected costs and QALY losses per infusion
  {
    id: "p_t_malignancy",
    kind: "probability",
    scope: "platform",
    description: "Secondary T-cell malignancy per infused patient (FDA boxed warning 2024)",
  },
  {
    id: "c_t_malignancy",
    kind: "cost",
    scope: "platform",
    per: "per case",
    description: "Treatment of a secondary T-cell malignancy (chemotherapy, admissions, transplant where used)",
    sameForPlatforms: true,
  },
  {
    id: "q_t_malignancy",
    kind: "years",
    scope: "platform",
    description: "QALYs lost per secondary T-cell malignancy (quality-adjusted life years, discounted)",
    sameForPlatforms: true,
  },
  {
    id: "p_cytopenia",
    kind: "probability",
    scope: "platform",
    description: "Prolonged cytopenia (grade >= 3 beyond day 30, needing growth factors or transfusions) per infusion",
  },
  {
    id: "c_cytopenia",
    kind: "cost",
    scope: "platform",
    per: "per case",
    description: "Management of prolonged cytopenia (G-CSF, transfusions, readmission)",
    sameForPlatforms: true,
  },
  {
    id: "q_cytopenia",
    kind: "utility",
    scope: "platform",
    description: "QALYs lost per case of prolonged cytopenia",
    sameForPlatforms: true,
  },
  {
    id: "p_hypogamma",
    kind: "probability",
    scope: "platform",
    description: "Hypogammaglobulinaemia needing immunoglobulin replacement beyond B-cell aplasia, per infusion",
  },
  {
    id: "y_hypogamma",
    kind: "years",
    scope: "platform",
    description: "Years of immunoglobulin replacement (at c_ivig a year) beyond B-cell aplasia, per case",
    sameForPlatforms: true,
  },
  {
    id: "p_fertility",
    kind: "probability",
    scope: "platform",
    description:
      "Share of infused patients who have fertility preservation (oocyte or sperm cryopreservation) before lymphodepletion (gonadal toxicity of cyclophosphamide/fludarabine)",
  },
  {
    id: "c_fertility",
    kind: "cost",
    scope: "platform",
    per: "per patient preserved",
    description: "Fertility preservation before lymphodepletion (cryopreservation and storage)",
    sameForPlatforms: true,
  },
  // --- disutilities of CAR T toxicities (Howell et al., Pharmacoecon Open 2022;6:367), one value for the model
  {
    id: "u_crs_mild",
    kind: "utility",
    scope: "model",
    description: "Utility decrement during grade 1-2 CRS",
  },
  {
    id: "u_crs_severe",
    kind: "utility",
    scope: "model",
    description: "Utility decrement during grade 3-4 CRS",
  },
  { id: "u_icans", kind: "utility", scope: "model", description: "Utility decrement during ICANS (any grade)" },
  { id: "d_crs", kind: "days", scope: "model", description: "Days with the CRS utility decrement" },
  { id: "d_icans", kind: "days", scope: "model", description: "Days with the ICANS utility decrement" },
  // --- age adjustment of health-state utilities (u_age_multiplier in src/cart/model.ts)
  {
    id: "f_utility_age",
    kind: "proportion",
    scope: "model",
    description:
      "Share of the general population's decline in EQ-5D with age applied to health-state utilities (1: multiplicative age adjustment by the EQ-5D-3L norms; 0: none)",
    short: "Age adjustment of utilities",
  },
  {
    id: "f_utility_cap",
    kind: "proportion",
    scope: "model",
    description:
      "Cap of health-state utilities at the general population's EQ-5D-3L of the same age and sex (1: capped at the norm; 0: no cap; between: a cap that far from full health towards the norm)",
    short: "Cap of utilities at population norms",
  },
];

/** Whether the model of `disease` has the parameter (see {@link ParameterDefinition.diseases}). */
export const definedFor = (def: ParameterDefinition, disease: string): boolean =>
  !def.diseases || def.diseases.includes(disease);

export const PARAMETER_INDEX: ReadonlyMap<string, ParameterDefinition> = new Map(PARAMETERS.map((p) => [p.id, p]));

/** A valid range: `min` and `max` inclusive, `text` for messages ("a number in [0, 1]"). */
export interface ValueRange {
  min: number;
  max: number;
  text: string;
}

const between = (min: number, max: number, what: string, unit = ""): ValueRange => ({
  min,
  max,
  text: `${what} in [${min}, ${max.toLocaleString("en-US")}]${unit ? " " + unit : ""}`,
});

/**
 * Valid range per unit kind. Every range is finite: a value the model cannot evaluate (an infinite
 * cost, a rate whose competing-risk formula overflows) is refused where it enters. The upper bounds
 * lie far above anything plausible, so they never refuse a real input:
 * - rates: 100 per year (a mean time to event of 3.7 days; monthly probabilities are already 1 - 1e-4);
 * - ratios (SMRs): 1000;
 * - costs: 1e9 per unit (in the preset's currency and price year);
 * - days: 3650 (10 years); months: 1440 (120 years, the longest horizon; m_relapse_horizon also sets
 *   how many time-in-state tunnel states the model expands, so it must stay bounded);
 * - counts: 1e6; years: [0, 120].
 * Utilities: [0, 1]; negative only where a source reports it (see {@link parameterRange}).
 */
export function rangeOf(kind: UnitKind): ValueRange {
  switch (kind) {
    case "probability":
    case "proportion":
      return between(0, 1, "a number");
    case "utility":
      return { min: 0, max: 1, text: "a utility in [0, 1] (negative only where the source reports it)" };
    case "rate":
      return between(0, 100, "a rate", "per year");
    case "cost":
      return between(0, 1e9, "a cost");
    case "days":
      return between(0, 3650, "a duration", "days");
    case "months":
      return between(0, 1440, "a duration", "months");
    case "count":
      return between(0, 1e6, "a count");
    case "ratio":
      return between(0, 1000, "a ratio");
    case "years":
      return between(0, 120, "an age or duration", "years");
  }
}

/**
 * Ranges narrower than their unit kind's. The Weibull shape k_relapse enters as
 * (t + 1/12)^k - t^k with t up to m_relapse_horizon / 12 years: above 10 it overflows to
 * Infinity - Infinity for long horizons, and shapes above 10 have no clinical reading.
 */
const NARROWER = new Map<string, ValueRange>([
  ["k_relapse", between(0, 10, "a Weibull shape")],
  // Each allowed course adds m_relapse_horizon tunnel states (src/cart/model.ts courseSets): at most 5 courses.
  ["n_max_courses", between(0, 5, "a number of courses (0: no cap)")],
]);

/**
 * The parameters a scenario may override, by the name the scenario uses: dictionary ids, and
 * platform parameters as `id` (autologous), `id__allogeneic`, `id__invivo`. A Map, so a name
 * inherited from JavaScript objects (`constructor`, `__proto__`, `toString`) is never found.
 */
export interface OverridableParameter {
  definition: ParameterDefinition;
  /** The platform of a platform parameter, null for the others. */
  platform: PlatformId | null;
}

export const OVERRIDABLE: ReadonlyMap<string, OverridableParameter> = new Map(
  PARAMETERS.flatMap((d): Array<[string, OverridableParameter]> =>
    d.scope === "platform"
      ? PLATFORMS.map((p) => [p === "autologous" ? d.id : `${d.id}__${p}`, { definition: d, platform: p }])
      : [[d.id, { definition: d, platform: null }]],
  ),
);

const BY_ID: ReadonlyMap<string, ParameterDefinition> = new Map(PARAMETERS.map((d) => [d.id, d]));
// A comparator's own value of a parameter: `id__<strategy>` (data/cart/comparators.csv names the
// strategies; the model builder refuses one the disease does not have, with the model's message).
const COMPARATOR_PARAMETER = /^([a-z][a-z0-9_]*?)__([a-z][a-z0-9_]*)$/;

/**
 * The overridable parameter a scenario name stands for: a name of {@link OVERRIDABLE}, or a
 * comparator strategy's value `id__<strategy>` (e.g. `c_admission__ahsct`), which has the range of
 * its dictionary id. Undefined for anything else (including `constructor`, `__proto__`).
 */
export function overridableEntry(name: string): OverridableParameter | undefined {
  const entry = OVERRIDABLE.get(name);
  if (entry) return entry;
  const m = COMPARATOR_PARAMETER.exec(name);
  if (!m || m[2] === "soc" || (PLATFORMS as readonly string[]).includes(m[2])) return undefined;
  const definition = BY_ID.get(m[1]);
  return definition ? { definition, platform: null } : undefined;
}

/**
 * The valid range of one parameter (a dictionary id or a scenario name such as `c_price__invivo`),
 * or undefined for an unknown name. `negativeUtility`: the source reports a utility below 0
 * (status "seen"), which allows [-1, 1].
 */
export function parameterRange(name: string, options: { negativeUtility?: boolean } = {}): ValueRange | undefined {
  const entry = overridableEntry(name);
  if (!entry) return undefined;
  const { kind, id } = entry.definition;
  const narrower = NARROWER.get(id);
  if (narrower) return narrower;
  if (kind === "utility" && options.negativeUtility) return { min: -1, max: 1, text: "a utility in [-1, 1]" };
  return rangeOf(kind);
}

/**
 * The unit of a model parameter for an axis title, from its dictionary kind: "per year" for a rate,
 * `money` (e.g. "USD 2025") and its basis for a cost, "probability", "utility" and so on. A platform
 * variant (`r_relapse__allogeneic`) has its base parameter's unit; an id the dictionary does not
 * list (a structural or user parameter) gets undefined, never a guess.
 */
export function unitLabel(id: string, money: string): string | undefined {
  const base = id.split("__")[0];
  const def = PARAMETER_INDEX.get(base);
  if (!def) return undefined;
  if (def.kind === "cost") return def.per ? `${money} ${def.per}` : money;
  if (def.kind === "rate") return "per year";
  return def.kind;
}

/**
 * A model parameter as a reader should see it: its dictionary description, with the strategy of a
 * variant in parentheses ("… (In-vivo CAR T)" for `r_relapse__invivo`; for `c_admission__ahsct` the
 * comparator's label from data/cart/comparators.csv when `comparators` lists it, "… (Autologous
 * haematopoietic stem cell transplantation)", else its id). The id itself for a name the dictionary
 * does not list (a structural or user parameter), never a guess. Pages show this where they would
 * otherwise print the id; tables of parameters keep the id beside it. `short`: a few words for
 * sentences and chart footers.
 */
export function parameterLabel(
  id: string,
  {
    short = false,
    comparators = [],
  }: { short?: boolean; comparators?: ReadonlyArray<{ strategy: string; label: string }> } = {},
): string {
  const [base, variant] = id.split("__");
  const def = PARAMETER_INDEX.get(base);
  if (!def) return id;
  // Short: the dictionary's few words, else the description before its first parenthesis or colon
  // ("Relapse rate in remission: Weibull scale (…)" → "Relapse rate in remission").
  const text = short ? (def.short ?? def.description.split(/ \(|: /)[0]) : def.description;
  if (variant === undefined) return text;
  const labels: Record<string, string> = STRATEGY_LABELS;
  if (Object.hasOwn(labels, variant)) return `${text} (${labels[variant]})`;
  const comparator = comparators.find((c) => c.strategy === variant);
  return `${text} ${inParentheses(comparator ? comparator.label : variant)}`;
}
