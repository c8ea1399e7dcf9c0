/**
 * Budget settings in a shared link. The CAR T scenario (disease, preset, platform, parameter values)
 * lives in the URL fragment (src/components/state.js); the access page's own settings go in the
 * query string (`?years=10&capacity=1200,2400,0.2&...`), which the fragment writer keeps. Invalid
 * values are reported and left at their defaults (a stale link must not break the page).
 */
import { parseDecimal, whyNotDecimal } from "../model/io/number.js";
import { ModelError } from "../model/errors.js";
import { formatUptake, parseUptake, type UptakeCurve } from "./population.js";
import { formatPayment, parsePayment, type PaymentModel } from "./payment.js";
import type { AllocationRule, CapacitySetting } from "./index.js";

export interface BudgetSettings {
  years: number;
  capacity: Partial<CapacitySetting>;
  uptake: UptakeCurve | null;
  rule: AllocationRule;
  payment: PaymentModel;
  budgetCap: number | null;
  accessBudget: number | null;
  members: number;
  discountRate: number;
}

export const DEFAULT_BUDGET_SETTINGS: BudgetSettings = {
  years: 10,
  capacity: {},
  uptake: null,
  rule: "fcfs",
  payment: { kind: "upfront" },
  budgetCap: null,
  accessBudget: null,
  members: 1_000_000,
  discountRate: 0,
};

const numText = (x: number) => (x === Infinity ? "unlimited" : String(x));

/**
 * What each numeric budget setting may be, in a link (`decodeBudgetSettings`) and typed into the Access
 * page's boxes (`checkBudgetSetting`): one table, so a value a link carries is one the page can show.
 * `unlimited`: the word "unlimited" stands for Infinity (capacities).
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
  instalments: { min: 1, max: 100, integer: true, what: "a whole number of annual payments" },
  annuityRate: { min: 0, max: 1, what: "an annual rate" },
  rebateShare: { min: 0, max: 1, what: "a share of the price" },
  rebateYears: { min: 1, max: 100, integer: true, what: "a whole number of years" },
} as const satisfies Record<string, { min: number; max: number; integer?: boolean; unlimited?: boolean; what: string }>;

export type BudgetSettingKey = keyof typeof BUDGET_SETTING_RANGES;

/**
 * Whether `text` (typed or from a link) is a valid value of the budget setting `key`: its number, or
 * why not, naming the setting, the text and the range expected. Decimal points only ("0,5" is refused).
 */
export function checkBudgetSetting(
  key: BudgetSettingKey,
  text: string,
): { ok: true; value: number } | { ok: false; message: string } {
  const r: { min: number; max: number; integer?: boolean; unlimited?: boolean; what: string } =
    BUDGET_SETTING_RANGES[key];
  const expected = `expected ${r.what} in [${r.min}, ${r.max}]`;
  if (r.unlimited && text.trim().toLowerCase() === "unlimited") return { ok: true, value: Infinity };
  const x = parseDecimal(text);
  if (x === undefined)
    return { ok: false, message: `${key}: ${whyNotDecimal(text)} (got ${JSON.stringify(text)}); ${expected}` };
  if (x < r.min || x > r.max) return { ok: false, message: `${key}: out of range (got ${x}); ${expected}` };
  if (r.integer && !Number.isInteger(x))
    return { ok: false, message: `${key}: not a whole number (got ${x}); ${expected}` };
  return { ok: true, value: x };
}

/** The query string of the settings: only what differs from the defaults. */
export function encodeBudgetSettings(s: BudgetSettings): string {
  const q = new URLSearchParams();
  const d = DEFAULT_BUDGET_SETTINGS;
  if (s.years !== d.years) q.set("years", String(s.years));
  const c = s.capacity;
  if (c.manufacturingPerYear !== undefined || c.centrePerYear !== undefined || c.growthPerYear !== undefined) {
    q.set(
      "capacity",
      [c.manufacturingPerYear, c.centrePerYear, c.growthPerYear]
        .map((x) => (x === undefined ? "" : numText(x)))
        .join(","),
    );
  }
  if (s.uptake) q.set("uptake", formatUptake(s.uptake));
  if (s.rule !== d.rule) q.set("rule", s.rule);
  if (s.payment.kind !== "upfront") q.set("payment", formatPayment(s.payment));
  if (s.budgetCap !== null) q.set("cap", String(s.budgetCap));
  if (s.accessBudget !== null) q.set("accessBudget", String(s.accessBudget));
  if (s.members !== d.members) q.set("members", String(s.members));
  if (s.discountRate !== d.discountRate) q.set("discount", String(s.discountRate));
  return q.toString();
}

export function decodeBudgetSettings(search: string): { settings: BudgetSettings; problems: string[] } {
  const s: BudgetSettings = { ...DEFAULT_BUDGET_SETTINGS, capacity: {} };
  const problems: string[] = [];
  const R = BUDGET_SETTING_RANGES;
  const num = (k: string, v: string, min: number, max: number): number | null => {
    const x = parseDecimal(v);
    if (x === undefined || x < min || x > max) {
      problems.push(`${k}=${v}: expected a number in [${min}, ${max}]`);
      return null;
    }
    return x;
  };
  const parsed = (k: string, v: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      problems.push(`${k}=${v}: ${e instanceof ModelError ? e.message : String(e)}`);
    }
  };
  for (const [k, v] of new URLSearchParams(search.replace(/^\?/, ""))) {
    if (k === "years") {
      const x = num(k, v, R.years.min, R.years.max);
      if (x !== null && Number.isInteger(x)) s.years = x;
      else if (x !== null) problems.push(`years=${v}: expected a whole number of years`);
    } else if (k === "capacity") {
      const parts = v.split(",");
      const keys = ["manufacturingPerYear", "centrePerYear", "growthPerYear"] as const;
      parts.slice(0, 3).forEach((p, i) => {
        if (p === "") return;
        if (i < 2 && p === "unlimited") s.capacity[keys[i]] = Infinity;
        else {
          const x = num(`capacity ${keys[i]}`, p, R[keys[i]].min, R[keys[i]].max);
          if (x !== null) s.capacity[keys[i]] = x;
        }
      });
    } else if (k === "uptake") parsed(k, v, () => (s.uptake = parseUptake(v, "uptake")));
    else if (k === "rule")
      v === "fcfs" || v === "severity" ? (s.rule = v) : problems.push(`rule=${v}: expected fcfs or severity`);
    else if (k === "payment") parsed(k, v, () => (s.payment = parsePayment(v, "payment")));
    else if (k === "cap") s.budgetCap = num(k, v, R.cap.min, R.cap.max);
    else if (k === "accessBudget") s.accessBudget = num(k, v, R.accessBudget.min, R.accessBudget.max);
    else if (k === "members") {
      const x = num(k, v, R.members.min, R.members.max);
      if (x !== null && Number.isInteger(x)) s.members = x;
      else if (x !== null) problems.push(`members=${v}: expected a whole number of members`);
    } else if (k === "discount") s.discountRate = num(k, v, R.discount.min, R.discount.max) ?? 0;
    else problems.push(`${k}: not a budget setting`);
  }
  return { settings: s, problems };
}
