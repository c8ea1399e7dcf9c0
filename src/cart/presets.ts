/**
 * Jurisdiction presets: a preset changes defaults (currency, price year, discount rates,
 * willingness-to-pay thresholds, perspective, reported measures), never the model structure.
 */
import { ModelError } from "../model/errors.js";
import { convertCost, type Currency, type Evidence } from "./evidence.js";
import { ENGLAND_NORMS, US_NORMS, type PopulationNorms } from "./norms.js";

export interface Preset {
  id: string;
  label: string;
  perspective: string;
  currency: Currency;
  priceYear: number;
  discount: { costs: number; outcomes: number };
  /** Alternative discount rates reported as a scenario (e.g. NICE's 1.5% for long-term benefits). */
  discountScenario?: { costs: number; outcomes: number; note: string };
  /** Thresholds per QALY; the first is the default for net monetary benefit and threshold prices. */
  wtp: number[];
  /** Report cost per equal-value life year gained (ICER). */
  evLYG: boolean;
  /** Offer the NICE severity modifier from QALY shortfall. */
  severityModifier: boolean;
  /**
   * ICER's cap on the comparator arm's annual health-care cost per patient (Chapman et al. 2021),
   * used by the cap scenario, in the currency it is set in; in another currency it is converted at
   * the preset's price year (offsetCapIn).
   */
  offsetCap: { amount: number; currency: Currency };
  /** The background life table of this jurisdiction (file in data/lifetables/, source id in data/cart/sources.csv). */
  lifeTable: { file: string; label: string; sourceId: string };
  /** The general population's utility by age and sex: the age adjustment and cap of health-state utilities. */
  utilityNorms: PopulationNorms;
  source: string;
}

export const PRESETS: Record<string, Preset> = {
  us: {
    id: "us",
    label: "United States (ICER)",
    perspective: "health-care sector",
    currency: "USD",
    priceYear: 2025,
    discount: { costs: 0.03, outcomes: 0.03 },
    wtp: [100000, 150000],
    evLYG: true,
    severityModifier: false,
    offsetCap: { amount: 150000, currency: "USD" },
    lifeTable: {
      file: "data/lifetables/us-2015-all-cause-mortality.csv",
      label: "US 2015 all-cause mortality (darthpack)",
      sourceId: "DARTH_LIFETABLE",
    },
    utilityNorms: US_NORMS,
    source:
      "ICER 2023 Value Assessment Framework: health-care sector perspective, 3% for costs and outcomes, $100,000-$150,000 per QALY and per evLYG; cost-offset cap of $150,000 per year and 50/50 shared-savings scenarios for single or short-term therapies.",
  },
  uk: {
    id: "uk",
    label: "United Kingdom (NICE)",
    perspective: "NHS and personal social services",
    currency: "GBP",
    priceYear: 2024,
    discount: { costs: 0.035, outcomes: 0.035 },
    discountScenario: {
      costs: 0.015,
      outcomes: 0.015,
      note: "NICE 1.5% scenario for treatments with long-term benefits",
    },
    wtp: [25000, 35000],
    evLYG: false,
    severityModifier: true,
    offsetCap: { amount: 150000, currency: "USD" }, // ICER's cap, converted to GBP by offsetCapIn
    lifeTable: {
      file: "data/lifetables/uk-ons-2018-2020-mx.csv",
      label: "ONS National Life Tables, UK, 2018-2020 (mx)",
      sourceId: "ONS_LT2020",
    },
    utilityNorms: ENGLAND_NORMS,
    source:
      "NICE health technology evaluations manual: NHS and PSS perspective, 3.5% for costs and outcomes (1.5% scenario); threshold GBP 25,000-35,000 per QALY from April 2026; severity modifier by QALY shortfall.",
  },
};

/**
 * The preset's annual offset cap in its own currency: the cap's amount converted at the preset's
 * price year with the exchange rates of the evidence tables (data/cart/exchange-rates.csv).
 */
export function offsetCapIn(preset: Preset, evidence: Evidence): number {
  const { amount, currency } = preset.offsetCap;
  if (currency === preset.currency) return amount;
  const at = { year: preset.priceYear };
  return convertCost(
    evidence,
    amount,
    { currency, ...at },
    { currency: preset.currency, ...at },
    `preset ${preset.id}, offset cap`,
  ).value;
}

/**
 * The preset with this id, or undefined: own properties only, so `constructor`, `__proto__` or
 * `toString` typed in a link, the browser's storage or `--preset` is an unknown preset.
 */
export function presetById(id: string): Preset | undefined {
  return Object.hasOwn(PRESETS, id) ? PRESETS[id] : undefined;
}

/** The preset ids, for messages and menus. */
export const PRESET_IDS: readonly string[] = Object.keys(PRESETS);

/** The preset with this id; an unknown id (own properties only, as presetById) is a ModelError naming `where`. */
export function requirePreset(id: string, where: string): Preset {
  const preset = presetById(id);
  if (!preset)
    throw new ModelError({ where, message: `unknown preset "${id}"`, value: id, expected: PRESET_IDS.join(", ") });
  return preset;
}
