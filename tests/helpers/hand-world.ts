/**
 * The shared part of the "hand worlds" in which tests/cart/{analysis-hand,safety,courses}.test.ts
 * compute expected values by hand: parameter overrides that switch off every mechanism those
 * calculations leave out, so that a cohort's path through the CAR T model can be followed cycle by
 * cycle in a comment. Each test adds its own values on top (prices, utilities, relapse, ...).
 *
 * It imports nothing from src/cart: the names below are the parameter ids of src/cart/dictionary.ts,
 * and a model built with an id it does not know refuses it (so a renamed parameter fails loudly).
 */

/**
 * What a hand world switches off, mechanism by mechanism: `disease` parameters hold one value for the
 * model, `platform` parameters one per platform. Each is zeroed for the reason given.
 */
const OFF = {
  // No irreversible damage at baseline and none acquired: damage states stay empty, so their costs,
  // utilities and death rates never enter a hand calculation. Damage's excess death rate is zeroed
  // too, so that no shipped number is read.
  damage: {
    disease: {
      f_damage0: 0,
      r_damage_controlled: 0,
      r_damage_active: 0,
      r_damage_remission: 0,
      r_excess_death_damage: 0,
    },
  },
  // No moves between Controlled and Active on standard of care: the SoC arm stays where it starts.
  socCourse: { disease: { r_flare: 0, r_control: 0 } },
  // No CRS or ICANS utility decrements (days x decrement / 365.25): the infusion's only QALY loss is
  // u_infusion_loss, which a test sets itself.
  toxicityUtility: { disease: { u_crs_mild: 0, u_crs_severe: 0, u_icans: 0, d_crs: 0, d_icans: 0 } },
  // No retreatment: a relapse returns to standard of care.
  retreatment: { platform: { p_retreat: 0 } },
  // A straight path to infusion: no vein-to-vein wait (infusion in the first cycle), no manufacturing
  // failure or second manufacture, no treatment-related death.
  infusionPath: { platform: { d_vein_to_vein: 0, p_mfg_fail: 0, p_remanufacture: 0, p_trm: 0 } },
  // No episode costs beside the product and apheresis (which each test prices itself).
  episodeCosts: { platform: { c_bridging: 0, c_lymphodepletion: 0, c_admission: 0 } },
  // No CRS, ICANS, tocilizumab or ICU stay, and no cost for them.
  toxicity: {
    platform: {
      p_crs_severe: 0,
      c_crs_severe: 0,
      p_crs_mild: 0,
      c_crs_mild: 0,
      p_icans: 0,
      c_icans: 0,
      p_tocilizumab: 0,
      c_tocilizumab: 0,
      p_icu: 0,
      c_icu: 0,
    },
  },
  // No B-cell aplasia: no IVIG or infections during remission follow-up.
  bcellAplasia: { platform: { m_bcell_aplasia: 0, p_ivig: 0, c_ivig: 0, c_infection: 0 } },
  // No long-term safety events (T-cell malignancy, prolonged cytopenia, immunoglobulin beyond B-cell
  // aplasia, fertility preservation): their expected cost and QALY loss would join every infusion.
  safetyEvents: {
    platform: {
      p_t_malignancy: 0,
      c_t_malignancy: 0,
      q_t_malignancy: 0,
      p_cytopenia: 0,
      c_cytopenia: 0,
      q_cytopenia: 0,
      p_hypogamma: 0,
      y_hypogamma: 0,
      p_fertility: 0,
      c_fertility: 0,
    },
  },
  // No age adjustment of health-state utilities (f_utility_age, src/cart/model.ts u_age_multiplier) and
  // no cap at the population norms (f_utility_cap, u_utility_cap): a state's utility is the same in
  // every cycle, so a QALY total is utility x time.
  ageUtility: { disease: { f_utility_age: 0, f_utility_cap: 0 } },
} satisfies Record<string, { disease?: Record<string, number>; platform?: Record<string, number> }>;

export type Mechanism = keyof typeof OFF;
const EVERY_MECHANISM = Object.keys(OFF) as Mechanism[];

export interface HandWorld {
  /**
   * The strategies that take each platform-level value: "autologous" as the bare id, every other
   * platform (or a one-time comparator that states platform parameters) as `id__<strategy>`.
   */
  platforms: readonly string[];
  /** The mechanisms switched off; default: all of them. */
  off?: readonly Mechanism[];
  /** The test's own platform-level values, set alike for every strategy in `platforms`. */
  platform?: Record<string, number>;
  /**
   * The test's own values, applied last. One whose id is platform-level (switched off here or given
   * in `platform`) is set for every strategy in `platforms`; any other is set once.
   */
  values?: Record<string, number>;
}

/** Overrides of a hand world: the mechanisms `off` switched off, then the test's own values. */
export function handWorld({
  platforms,
  off = EVERY_MECHANISM,
  platform = {},
  values = {},
}: HandWorld): Record<string, number> {
  const groups: { disease?: Record<string, number>; platform?: Record<string, number> }[] = off.map((m) => OFF[m]);
  const platformLevel: Record<string, number> = Object.assign({}, ...groups.map((g) => g.platform), platform);
  const out: Record<string, number> = Object.assign({}, ...groups.map((g) => g.disease));
  for (const [id, v] of Object.entries({ ...platformLevel, ...values })) {
    if (id in platformLevel) Object.assign(out, perPlatform({ [id]: v }, platforms));
    else out[id] = v;
  }
  return out;
}

/** The CAR T platforms: every other strategy in `platforms` is a one-time comparator. */
const CART_PLATFORMS = ["autologous", "allogeneic", "invivo"];
/**
 * Platform parameters that are the same quantity for a one-time comparator as for CAR T (unit costs,
 * `sameForComparators` in src/cart/dictionary.ts): a comparator has no id__<comparator> of them and
 * reads the bare (autologous) id, so it takes the autologous value.
 */
const SAME_FOR_COMPARATORS = ["c_icu", "c_ivig"];
/**
 * Platform parameters that are the same quantity on every CAR T platform (unit costs of a resource,
 * consequences of an event; `sameForPlatforms` in src/cart/dictionary.ts): data/cart/parameters-platforms.csv
 * gives the autologous row only, so no platform has id__<platform> of them; all read the bare id.
 */
export const SAME_FOR_PLATFORM_COSTS = [
  "c_crs_severe",
  "c_crs_mild",
  "c_icans",
  "c_tocilizumab",
  "c_icu",
  "c_ivig",
  "c_infection",
  "c_t_malignancy",
  "c_cytopenia",
  "c_fertility",
];
/** Consequences of an event (no currency), the same on every platform. */
export const SAME_FOR_PLATFORM_CONSEQUENCES = ["q_t_malignancy", "q_cytopenia", "y_hypogamma"];
export const SAME_FOR_PLATFORMS = [...SAME_FOR_PLATFORM_COSTS, ...SAME_FOR_PLATFORM_CONSEQUENCES];

/**
 * `values` set alike for every strategy in `platforms` ("autologous" as the bare id, others as
 * id__<strategy>, except the parameters a strategy reads from the bare id).
 */
export function perPlatform(values: Record<string, number>, platforms: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, v] of Object.entries(values))
    for (const s of platforms) {
      if (!CART_PLATFORMS.includes(s) && SAME_FOR_COMPARATORS.includes(id)) continue;
      if (s !== "autologous" && CART_PLATFORMS.includes(s) && SAME_FOR_PLATFORMS.includes(id)) continue;
      out[s === "autologous" ? id : `${id}__${s}`] = v;
    }
  return out;
}
