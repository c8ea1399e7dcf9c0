/**
 * What each numeric budget setting may be: one table for the Access page's boxes and its link
 * (checkBudgetSetting, decodeBudgetSettings in link.ts) and for the uptake curves and payment models
 * of `cartecon budget` (checkUptake in population.ts, checkPayment in payment.ts), so a value one
 * accepts is one the others accept. A bound keeps a run finite: 10^6 instalments took 77 s on the
 * page's main thread.
 */
export const BUDGET_SETTING_RANGES = {
  years: { min: 1, max: 15, integer: true, what: "a whole number of years" },
  manufacturingPerYear: { min: 0, max: 1e9, unlimited: true, what: "patients per year (or unlimited)" },
  centrePerYear: { min: 0, max: 1e9, unlimited: true, what: "patients per year (or unlimited)" },
  growthPerYear: { min: -1, max: 10, what: "an annual growth" },
  cap: { min: 0, max: 1e15, what: "an amount per year (0 = no cap)" },
  accessBudget: { min: 1, max: 1e15, what: "an amount per year" },
  members: { min: 1, max: 1e10, integer: true, what: "a whole number of members" },
  discount: { min: 0, max: 1, what: "an annual rate" },
  uptakeLevel: { min: 0, max: 1, what: "a share" },
  uptakeTiming: { min: 0, max: 100, what: "years" },
  // No box on the page: a link's or the CLI's logistic steepness (default 1.2 a year).
  uptakeSlope: { min: 0.01, max: 100, what: "a steepness per year" },
  instalments: { min: 1, max: 100, integer: true, what: "a whole number of annual payments" },
  annuityRate: { min: 0, max: 1, what: "an annual rate" },
  rebateShare: { min: 0, max: 1, what: "a share of the price" },
  rebateYears: { min: 1, max: 100, integer: true, what: "a whole number of years" },
} as const satisfies Record<string, { min: number; max: number; integer?: boolean; unlimited?: boolean; what: string }>;

export type BudgetRangeKey = keyof typeof BUDGET_SETTING_RANGES;

/**
 * Why the number `x` is not a value of the setting `key` (out of range, NaN included, or not a whole
 * number where one is expected), with the range expected; undefined when it is one (Infinity is one
 * of a setting that may be unlimited). The one numeric check of the table for options given as
 * numbers (checkBudgetOptions, checkPayment, checkUptake); checkBudgetSetting reads typed text.
 */
export function rangeProblem(key: BudgetRangeKey, x: number): { message: string; expected: string } | undefined {
  const r: { min: number; max: number; integer?: boolean; unlimited?: boolean } = BUDGET_SETTING_RANGES[key];
  const expected = rangeText(key);
  if (r.unlimited && x === Infinity) return undefined;
  if (!(x >= r.min && x <= r.max)) return { message: "out of range", expected };
  if (r.integer && !Number.isInteger(x)) return { message: "not a whole number", expected };
  return undefined;
}

/** What a value of the setting `key` is and its range, as every refusal says it: "an annual rate in [0, 1]". */
export function rangeText(key: BudgetRangeKey): string {
  const r = BUDGET_SETTING_RANGES[key];
  return `${r.what} in [${r.min}, ${r.max}]`;
}
