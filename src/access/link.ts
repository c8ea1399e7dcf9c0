/**
 * Budget settings in a shared link. The CAR T scenario (disease, preset, platform, parameter values)
 * lives in the URL fragment (src/components/state.js); the access page's own settings go in the
 * query string (`?years=10&capacity=1200,2400,0.2&...`), which the fragment writer keeps. Invalid
 * values are reported and left at their defaults (a stale link must not break the page).
 */
import { parseDecimal, wholeDecimalText, whyNotDecimal } from "../model/io/number.js";
import { GIVEN_TWICE, NOT_DECODED, linkEntries, shortText } from "../model/io/query.js";
import { ModelError } from "../model/errors.js";
import { formatUptake, parseUptake, type UptakeCurve } from "./population.js";
import { formatPayment, parsePayment, type PaymentModel } from "./payment.js";
import type { AllocationRule, CapacitySetting } from "./index.js";
import { BUDGET_SETTING_RANGES, rangeText } from "./ranges.js";

export { BUDGET_SETTING_RANGES };

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

export type BudgetSettingKey = keyof typeof BUDGET_SETTING_RANGES;

/**
 * Whether `text` (typed or from a link) is a valid value of the budget setting `key`: its number, or
 * why not, naming the setting, the text and the range expected. Decimal points only ("0,5" is refused).
 */
export function checkBudgetSetting(
  key: BudgetSettingKey,
  text: string,
): { ok: true; value: number } | { ok: false; message: string } {
  const r: { min: number; max: number; integer?: boolean; unlimited?: boolean } = BUDGET_SETTING_RANGES[key];
  const expected = `expected ${rangeText(key)}`;
  if (r.unlimited && text.trim().toLowerCase() === "unlimited") return { ok: true, value: Infinity };
  const x = parseDecimal(text);
  if (x === undefined)
    return { ok: false, message: `${key}: ${whyNotDecimal(text)} (got ${JSON.stringify(text)}); ${expected}` };
  if (x < r.min || x > r.max) return { ok: false, message: `${key}: out of range (got ${x}); ${expected}` };
  if (r.integer && (!Number.isInteger(x) || !wholeDecimalText(text)))
    return {
      ok: false,
      message: `${key}: not a whole number (got ${wholeDecimalText(text) ? x : text.trim()}); ${expected}`,
    };
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

/**
 * Reads the settings of a link's query string. Every value goes through the checks the page's boxes
 * use (checkBudgetSetting, and checkUptake/checkPayment through parseUptake/parsePayment, with the
 * bounds of BUDGET_SETTING_RANGES); what cannot be used is left at its default and named in
 * `problems` (the key, the value, why and the range expected), never rounded, clamped or dropped
 * without a word. A key given twice keeps its first value, as the scenario's fragment does
 * (decodeScenario); a `+` is a plus sign (`1e+5`), not the space a form would make of it.
 */
export function decodeBudgetSettings(search: string): { settings: BudgetSettings; problems: string[] } {
  const s: BudgetSettings = { ...DEFAULT_BUDGET_SETTINGS, capacity: {} };
  const problems: string[] = [];
  // The message starts with the link's own text, then why and the range: "members=1.5: not a whole
  // number (got 1.5); ...", "capacity=-1,5: manufacturingPerYear: out of range (got -1); ...".
  const checked = (key: BudgetSettingKey, link: string, v: string): number | null => {
    const c = checkBudgetSetting(key, v);
    if (c.ok) return c.value;
    problems.push(`${link}: ${c.message.slice(key.length + 2)}`);
    return null;
  };
  const parsed = (k: string, v: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      problems.push(`${k}=${v}: ${e instanceof ModelError ? e.message : String(e)}`);
    }
  };
  for (const { key: k, value: v, kind } of linkEntries(search, "plus")) {
    if (kind !== "first") problems.push(`${k}=${v}: ${kind === "again" ? GIVEN_TWICE : NOT_DECODED}`);
    else if (k === "capacity") {
      const c = readCapacity(v);
      s.capacity = c.capacity;
      for (const p of c.problems) problems.push(`capacity=${v}: ${p.part ? `${p.part}: ` : ""}${p.message}`);
    } else if (k === "uptake") parsed(k, v, () => (s.uptake = parseUptake(v, "uptake")));
    else if (k === "rule")
      v === "fcfs" || v === "severity" ? (s.rule = v) : problems.push(`rule=${v}: expected fcfs or severity`);
    else if (k === "payment") parsed(k, v, () => (s.payment = parsePayment(v, "payment")));
    else if (k === "years") s.years = checked("years", `${k}=${v}`, v) ?? s.years;
    else if (k === "cap") s.budgetCap = checked("cap", `${k}=${v}`, v);
    else if (k === "accessBudget") s.accessBudget = checked("accessBudget", `${k}=${v}`, v);
    else if (k === "members") s.members = checked("members", `${k}=${v}`, v) ?? s.members;
    else if (k === "discount") s.discountRate = checked("discount", `${k}=${v}`, v) ?? s.discountRate;
    else
      problems.push(
        `${shortText(k)}: not a budget setting; expected years, capacity, uptake, rule, payment, cap, accessBudget, members or discount`,
      );
  }
  return { settings: s, problems };
}

/**
 * Capacity as the Access page's link and `cartecon budget --capacity` write it:
 * `MANUFACTURING[,CENTRE[,GROWTH]]` (patients per year, an annual growth), an empty part keeping its
 * default, or `unlimited` alone for unlimited manufacturing and centres. Each part through
 * checkBudgetSetting; a fourth part is refused, not dropped (a decimal comma in the growth was read
 * as growth 0). One reader for both: the CLI read `unlimited` as both limits and the link as
 * manufacturing only, and the CLI refused an empty part the link reads as the default.
 */
export function readCapacity(text: string): {
  capacity: Partial<CapacitySetting>;
  /** Each problem, with the part it is about (manufacturingPerYear, ...) when it is about one. */
  problems: { part?: string; message: string }[];
} {
  const capacity: Partial<CapacitySetting> = {};
  if (/^\s*unlimited\s*$/i.test(text))
    return { capacity: { manufacturingPerYear: Infinity, centrePerYear: Infinity }, problems: [] };
  const parts = text.split(",");
  if (parts.length > 3)
    return {
      capacity,
      problems: [
        {
          message: `${parts.length} values; expected at most 3, MANUFACTURING,CENTRE,GROWTH (a decimal comma? write 0.2, not 0,2)`,
        },
      ],
    };
  const problems: { part?: string; message: string }[] = [];
  const keys = ["manufacturingPerYear", "centrePerYear", "growthPerYear"] as const;
  parts.forEach((p, i) => {
    if (p.trim() === "") return;
    const c = checkBudgetSetting(keys[i], p);
    if (c.ok) capacity[keys[i]] = c.value;
    else problems.push({ part: keys[i], message: c.message.slice(keys[i].length + 2) });
  });
  return { capacity, problems };
}
