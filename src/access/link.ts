/**
 * Budget settings in a shared link. The CAR T scenario (disease, preset, platform, parameter values)
 * lives in the URL fragment (src/components/state.js); the access page's own settings go in the
 * query string (`?years=10&capacity=1200,2400,0.2&...`), which the fragment writer keeps. Invalid
 * values are reported and left at their defaults (a stale link must not break the page).
 */
import { parseDecimal } from "../model/io/number.js";
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
      const x = num(k, v, 1, 15);
      if (x !== null && Number.isInteger(x)) s.years = x;
      else if (x !== null) problems.push(`years=${v}: expected a whole number of years`);
    } else if (k === "capacity") {
      const parts = v.split(",");
      const keys = ["manufacturingPerYear", "centrePerYear", "growthPerYear"] as const;
      parts.slice(0, 3).forEach((p, i) => {
        if (p === "") return;
        if (i < 2 && p === "unlimited") s.capacity[keys[i]] = Infinity;
        else {
          const x = num(`capacity ${keys[i]}`, p, i < 2 ? 0 : -1, i < 2 ? 1e9 : 10);
          if (x !== null) s.capacity[keys[i]] = x;
        }
      });
    } else if (k === "uptake") parsed(k, v, () => (s.uptake = parseUptake(v, "uptake")));
    else if (k === "rule")
      v === "fcfs" || v === "severity" ? (s.rule = v) : problems.push(`rule=${v}: expected fcfs or severity`);
    else if (k === "payment") parsed(k, v, () => (s.payment = parsePayment(v, "payment")));
    else if (k === "cap") s.budgetCap = num(k, v, 0, 1e15);
    else if (k === "accessBudget") s.accessBudget = num(k, v, 1, 1e15);
    else if (k === "members") s.members = num(k, v, 1, 1e10) ?? DEFAULT_BUDGET_SETTINGS.members;
    else if (k === "discount") s.discountRate = num(k, v, 0, 1) ?? 0;
    else problems.push(`${k}: not a budget setting`);
  }
  return { settings: s, problems };
}
