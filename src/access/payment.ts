/**
 * Payment models for the CAR T product: how the payer pays for the infusions the cohort model
 * predicts. All schedules are per eligible patient given a slot at month 0, by month since the slot.
 *
 * - Up-front: the product cost of each infusion is paid in the month of the infusion.
 * - Instalments: each infusion's price x is paid as `count` equal annual payments starting at the
 *   infusion (an annuity due): A = x i / ((1 + i) (1 - (1 + i)^-count)) at rate i > 0, A = x / count
 *   at i = 0. So the present value of the payments at rate i equals x. With `stopAtDeath`, the
 *   payment due j years after the infusion is made only for patients alive then: it is multiplied
 *   by S(k + 12 j) / S(k), the strategy's survival from the cohort model.
 * - Outcomes-based rebate: a share of the price is refunded for non-response (1 - p_response,
 *   refunded in the infusion month) and for relapse within `years` years after a response, refunded
 *   at the end of the year of relapse: p_response x (F(j) - F(j - 1)), F the cumulative relapse
 *   probability of the model's Weibull hazard (r_relapse, k_relapse, held after m_relapse_horizon).
 * - An annual budget cap is applied by budget.ts (it limits slots, see there).
 */
import { ModelError, Problems } from "../model/errors.js";
import { exp, pow } from "../model/math.js";
import { parseDecimal, whyNotDecimal } from "../model/io/number.js";
import { rangeProblem, type BudgetRangeKey } from "./ranges.js";

export type PaymentModel =
  | { kind: "upfront" }
  | { kind: "instalments"; count: number; rate: number; stopAtDeath: boolean }
  | { kind: "outcomes"; rebateShare: number; years: number };

/** The payment models by kind, as a selector names them (the Access page); describePayment says one in full. */
export const PAYMENT_KINDS: Readonly<Record<PaymentModel["kind"], string>> = {
  upfront: "Up-front",
  instalments: "Instalments",
  outcomes: "Outcomes-based rebate",
};

export function checkPayment(p: PaymentModel, where = "payment", problems = new Problems()): Problems {
  const inRange = (what: string, key: BudgetRangeKey, x: number) => {
    const why = rangeProblem(key, x);
    if (why) problems.add(`${where} ${what}`, why.message, x, why.expected);
  };
  if (p.kind === "instalments") {
    inRange("instalment count", "instalments", p.count);
    inRange("annuity rate", "annuityRate", p.rate);
  } else if (p.kind === "outcomes") {
    inRange("rebate share", "rebateShare", p.rebateShare);
    inRange("rebate years", "rebateYears", p.years);
  } else if (p.kind !== "upfront")
    problems.add(
      `${where}`,
      "unknown payment model",
      (p as { kind: string }).kind,
      Object.keys(PAYMENT_KINDS)
        .join(", ")
        .replace(/, (?=[^,]*$)/, " or "),
    );
  return problems;
}

/** Annual payment of an annuity due of `count` payments at rate `rate` whose present value is 1. */
export function annuityDuePayment(count: number, rate: number): number {
  if (rate === 0) return 1 / count;
  return rate / ((1 + rate) * (1 - pow(1 + rate, -count)));
}

/** Cumulative relapse probability F(t) after a response, t in years, from the model's Weibull hazard: H(t) = r t^k up to `limitYears` (= m_relapse_horizon / 12), then the hazard of the last tunnel cycle per cycle (docs/model-spec.md, time in state). */
export function relapseCdf(t: number, rate: number, shape: number, limitYears: number, cycleYears: number): number {
  const h = (y: number) => rate * pow(y, shape);
  let H: number;
  if (t <= limitYears) H = h(t);
  else {
    // The model's last tunnel (time in state = limit, yearsInState = h - L) repeats: r (h^k - (h - L)^k) per cycle.
    const perCycle = rate * (pow(limitYears, shape) - pow(Math.max(0, limitYears - cycleYears), shape));
    H = h(limitYears) + ((t - limitYears) / cycleYears) * perCycle;
  }
  return 1 - exp(-H);
}

export interface ProductContext {
  /** Undiscounted product cost per patient by cycle (index 0 = time 0, k = cycle k), from the cohort model. */
  product: Float64Array;
  /** Survival of the strategy's patients at times 0..T. */
  alive: Float64Array;
  /** Periods per year (12). */
  perYear: number;
  pResponse: number;
  relapse: { rate: number; shape: number; limitYears: number };
}

/** Month (since the slot) in which the value of series index k falls: index 0 at month 0, cycle k in month k - 1. */
export const monthOfIndex = (k: number) => (k === 0 ? 0 : k - 1);

/**
 * Payments for the product by month since the slot, split into gross payments and rebates (<= 0).
 * Length: the model's horizon plus the longest instalment or rebate period.
 */
export function productSchedule(p: PaymentModel, c: ProductContext): { gross: Float64Array; rebate: Float64Array } {
  checkPayment(p).throwIfAny("invalid payment model");
  const n = c.product.length;
  const extra = p.kind === "instalments" ? p.count * c.perYear : p.kind === "outcomes" ? (p.years + 1) * c.perYear : 0;
  const gross = new Float64Array(n + extra);
  const rebate = new Float64Array(n + extra);
  const S = (k: number) => c.alive[Math.min(k, c.alive.length - 1)];
  for (let k = 0; k < n; k++) {
    const x = c.product[k];
    if (x === 0) continue;
    const m = monthOfIndex(k);
    if (p.kind === "upfront") gross[m] += x;
    else if (p.kind === "instalments") {
      const a = x * annuityDuePayment(p.count, p.rate);
      for (let j = 0; j < p.count; j++) {
        const when = m + j * c.perYear;
        const survive = p.stopAtDeath && S(k) > 0 ? S(k + j * c.perYear) / S(k) : 1;
        gross[when] += a * survive;
      }
    } else {
      gross[m] += x;
      rebate[m] -= p.rebateShare * x * (1 - c.pResponse);
      const cycleYears = 1 / c.perYear;
      let prev = 0;
      for (let j = 1; j <= p.years; j++) {
        const F = relapseCdf(j, c.relapse.rate, c.relapse.shape, c.relapse.limitYears, cycleYears);
        rebate[m + j * c.perYear] -= p.rebateShare * x * c.pResponse * (F - prev);
        prev = F;
      }
    }
  }
  return { gross, rebate };
}

/** Present value at annual rate r of a monthly cash flow starting at month `start`: sum x_m (1 + r)^-((start + m) / perYear). */
export function presentValue(flow: Float64Array, r: number, perYear: number, start = 0): number {
  if (!(r >= 0))
    throw new ModelError({
      where: "discount rate",
      message: "out of range",
      value: r,
      expected: "an annual rate >= 0",
    });
  let pv = 0;
  for (let m = 0; m < flow.length; m++) if (flow[m] !== 0) pv += flow[m] * pow(1 + r, -(start + m) / perYear);
  return pv;
}

/** Reads a payment model from CLI or link text: `upfront`, `instalments:5,0.03,stop|continue`, `outcomes:0.5,3`. */
export function parsePayment(text: string, where = "payment"): PaymentModel {
  const t = text.trim();
  const bad = () =>
    new ModelError({
      where,
      message: "cannot read the payment model",
      value: text,
      expected: "upfront, instalments:COUNT,RATE,stop|continue or outcomes:SHARE,YEARS",
    });
  if (t === "upfront") return { kind: "upfront" };
  const m = /^(instalments|outcomes):(.*)$/.exec(t);
  if (!m) throw bad();
  const parts = m[2].split(",").map((s) => s.trim());
  // Each number named with why it is not one: "instalments:1e400,..." was "count ... (got NaN)".
  const dec = (s: string, name: string) => {
    const x = parseDecimal(s);
    if (x === undefined)
      throw new ModelError({
        where: `${where} ${name}`,
        message: whyNotDecimal(s),
        value: s,
        expected: `a number (${m[1] === "instalments" ? "instalments:COUNT,RATE,stop|continue" : "outcomes:SHARE,YEARS"})`,
      });
    return x;
  };
  let p: PaymentModel;
  if (m[1] === "instalments") {
    if (parts.length !== 3 || !["stop", "continue"].includes(parts[2])) throw bad();
    p = {
      kind: "instalments",
      count: dec(parts[0], "COUNT"),
      rate: dec(parts[1], "RATE"),
      stopAtDeath: parts[2] === "stop",
    };
  } else {
    if (parts.length !== 2 || parts.some((s) => s === "")) throw bad();
    p = { kind: "outcomes", rebateShare: dec(parts[0], "SHARE"), years: dec(parts[1], "YEARS") };
  }
  checkPayment(p, where).throwIfAny("invalid payment model");
  return p;
}

export function formatPayment(p: PaymentModel): string {
  if (p.kind === "upfront") return "upfront";
  if (p.kind === "instalments") return `instalments:${p.count},${p.rate},${p.stopAtDeath ? "stop" : "continue"}`;
  return `outcomes:${p.rebateShare},${p.years}`;
}

export function describePayment(p: PaymentModel): string {
  if (p.kind === "upfront") return "Up-front payment at infusion";
  if (p.kind === "instalments")
    return `${p.count} annual instalments at ${(p.rate * 100).toFixed(1)}%, ${p.stopAtDeath ? "stopping" : "continuing"} at death`;
  return `Outcomes-based: ${(p.rebateShare * 100).toFixed(0)}% refunded on non-response or relapse within ${p.years} years`;
}
