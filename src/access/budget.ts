/**
 * Budget impact and access (ISPOR budget-impact good practice, Sullivan et al. 2014): budget-holder
 * perspective, annual results, undiscounted unless a rate is given. The CAR T world is compared with
 * a world in which every eligible patient stays on standard of care; a patient given a slot in month
 * s adds, in calendar month s + r, the cohort model's per-patient difference (CAR T arm minus SoC arm,
 * eligible patient, undiscounted) of each cost component in month r since the start of treatment.
 * One-time costs (product, infusion episode) therefore fall in the month of the infusion, never
 * spread. Patients who wait or are not referred cost the same in both worlds (on SoC) and add 0.
 * Equations: docs/methods.md, "Access and budget impact".
 */
import { ModelError, Problems } from "../model/errors.js";
import { pow } from "../model/math.js";
import { CART_COST_VALUES } from "../cart/model.js";
import { PLATFORMS, STRATEGY_LABELS, type PlatformId } from "../cart/dictionary.js";
import type { CartAnalysis } from "../cart/analysis.js";
import type { Evidence } from "../cart/evidence.js";
import type { CapacitySetting } from "./queue.js";
import { accessModel, platformParam, RETREATMENT_VALUES, type AccessModel } from "./engine.js";
import {
  checkUptake,
  eligiblePopulation,
  uptakeAt,
  DEFAULT_UPTAKE,
  type AccessData,
  type EligiblePopulation,
  type ThresholdRow,
  type UptakeCurve,
} from "./population.js";
import {
  byYear,
  qalysLostToWaiting,
  runQueue,
  slotCapacity,
  waitQuantile,
  type AllocationRule,
  type QueueInput,
  type QueueResult,
} from "./queue.js";
import {
  checkPayment,
  describePayment,
  monthOfIndex,
  presentValue,
  productSchedule,
  type PaymentModel,
} from "./payment.js";
import { rangeProblem, type BudgetRangeKey } from "./ranges.js";

export interface BudgetOptions {
  platform: PlatformId;
  /** Budget horizon in years (1-15). */
  years: number;
  uptake?: UptakeCurve;
  /** Capacity of the chosen platform; missing fields come from data/access/capacity.csv. */
  capacity?: Partial<CapacitySetting>;
  rule?: AllocationRule;
  payment?: PaymentModel;
  /** Annual discount rate of the budget table (ISPOR: 0, undiscounted, by default). */
  discountRate?: number;
  /** Members of the payer for per-member-per-month figures (default 1,000,000). */
  members?: number;
  /** Annual cap on gross CAR T spend (product payments, episode, bridging, follow-up); null: none. */
  budgetCap?: number | null;
  /** Affordability threshold; default: the jurisdiction's row of data/access/thresholds.csv. */
  threshold?: { amount: number; year: number; kind: string; sourceId: string };
  /** Annual budget for the access comparison across platforms (default: the threshold amount). */
  accessBudget?: number;
  /**
   * The evidence tables' price index (data/cart/price-index.csv): inflates the threshold from its year
   * to the analysis's price year in its currency. Without it the threshold stays in its own year, and
   * the result says so (`threshold.inflation` null).
   */
  priceIndex?: Pick<Evidence, "priceIndex" | "unverified">;
}

export interface ComponentSeries {
  id: string;
  label: string;
  /** Per eligible patient by month since the slot. */
  perPatient: Float64Array;
  /** Part of gross CAR T spend (else an offset: a change in SoC and disease costs). */
  gross: boolean;
}

export interface YearRow {
  year: number;
  eligibleSoFar: number;
  referred: number;
  treated: number;
  treatedCumulative: number;
  waitingEnd: number;
  notReferredEnd: number;
  /** Left the eligible population (irreversible damage while waiting or not referred) and died (waiting or not referred), cumulative to the end of the year. */
  leftEligibilityCumulative: number;
  deadCumulative: number;
  waitMedianMonths: number | null;
  waitP90Months: number | null;
  diedWaiting: number;
  damagedWaiting: number;
  treatedUnlimited: number;
  /** QALYs lost to waiting (against unlimited capacity) by the waits that ended this year (qalysLostToWaiting in queue.ts; discounted to launch). */
  qalysLostToWaitingYear: number;
  /** The same, cumulative to the end of the year: the running sum of qalysLostToWaitingYear (never falls). */
  qalysLostToWaiting: number;
}

export interface BudgetRow {
  year: number;
  component: string;
  label: string;
  amount: number;
}

export interface BudgetYear {
  year: number;
  gross: number;
  /** Of which retreatment after relapse (product payments, apheresis, episode, bridging of the new course). */
  retreatment: number;
  offsets: number;
  net: number;
  cumulativeNet: number;
  discountedNet: number;
  pmpm: number;
  overThreshold: boolean;
}

export interface PaymentCashFlow {
  payment: string;
  label: string;
  /** Product payments net of rebates by year of the horizon, then after the horizon. */
  byYear: number[];
  /**
   * Payments for the patients given a slot within the horizon that fall due after it: first-course
   * infusions of slots in the last months (vein-to-vein time), instalments not yet due, retreatment
   * courses after relapse, and rebates (net).
   */
  afterHorizon: number;
  /** Of afterHorizon: for the first course (infusions after the horizon's end, later instalments, rebates). */
  afterHorizonFirstCourse: number;
  /** Of afterHorizon: for retreatment courses after relapse (their product payments net of rebates). */
  afterHorizonRetreatment: number;
  presentValue: number;
  total: number;
}

export interface ThresholdCheck {
  kind: string;
  /** The amount compared with the net budget impact: in `currency` at `priceYear` when inflated, else as published. */
  amount: number;
  /** The threshold's own year (its price year) and its amount then. */
  year: number;
  amountInItsYear: number;
  currency: string;
  /** The price year of `amount`: the analysis's price year when inflated, else `year`. */
  priceYear: number;
  /** Inflation from `year` to the analysis's price year with the currency's price index, or null (not inflated: the comparison is across price years when `year` differs from the analysis's). */
  inflation: { factor: number; indexFrom: number; indexTo: number; unverified: string[] } | null;
  /** False for a fixed cash threshold (thresholds.csv `uprated` = no), never inflated; true for an option's threshold. */
  uprated: boolean;
  sourceId: string;
  /** Average net budget impact per treated patient in each of the first 5 years after treatment. */
  perPatientAnnual: number;
  eligibleFiveYears: number;
  rows: Array<{
    price: number;
    label: string;
    perPatientAnnual: number;
    patientsPerYear: number;
    shareTreatable: number;
  }>;
}

/** The incremental analysis per eligible patient under a payment model (discounted at the preset's rates). */
export interface PaymentIncremental {
  payment: string;
  label: string;
  /** Present value of the product payments per eligible patient (net of rebates). */
  productPresentValue: number;
  incrementalCost: number;
  incrementalQalys: number;
  icer: number | null;
}

export interface PlatformAccess {
  platform: PlatformId;
  label: string;
  treatedByYear: number[];
  treated: number;
  spend: number;
  perHundredMillion: number;
  shareReached: number;
  qalysPerPatient: number;
  qalysBought: number;
  capacityPerYear: number;
}

export interface BudgetResult {
  disease: string;
  jurisdiction: string;
  platform: PlatformId;
  currency: string;
  priceYear: number;
  years: number;
  options: Required<Omit<BudgetOptions, "capacity" | "threshold" | "accessBudget" | "budgetCap" | "priceIndex">> & {
    capacity: CapacitySetting;
    budgetCap: number | null;
    accessBudget: number;
  };
  population: EligiblePopulation;
  queue: QueueResult;
  unlimited: QueueResult;
  yearRows: YearRow[];
  budgetRows: BudgetRow[];
  budgetYears: BudgetYear[];
  payments: PaymentCashFlow[];
  /** Incremental cost and ICER per eligible patient against SoC under each payment model. */
  incrementalByPayment: PaymentIncremental[];
  threshold: ThresholdCheck;
  access: PlatformAccess[];
  qalysPerPatient: number;
  assumptions: string[];
}

/** Periods a year: the access model's cycles are months (accessModel refuses any other length). */
const PER_YEAR = 12;

/** Adds a per-cycle series (index 0 = time 0, cycle k) into a series by month since the slot. */
function addByMonth(out: Float64Array, x: Float64Array, sign = 1): void {
  for (let k = 0; k < x.length; k++) out[monthOfIndex(k)] += sign * x[k];
}

/** Sum of per-patient series, as long as the longest. */
function sumSeries(xs: Float64Array[]): Float64Array {
  const out = new Float64Array(Math.max(0, ...xs.map((x) => x.length)));
  for (const x of xs) x.forEach((v, r) => (out[r] += v));
  return out;
}

/**
 * The budget lines per eligible patient by month since the slot, CAR T arm minus SoC arm: the
 * first-course product under the payment model, retreatment after relapse (its product payments under
 * the same payment model, apheresis, episode and bridging: one-time costs in the month of the new
 * course, ISPOR), outcomes-based rebates on every infusion, the first course's episode and bridging,
 * follow-up, and the change in every SoC and disease cost (offsets). Lines sum to the cohort model's
 * per-patient cost difference (the product through the payment model).
 */
function components(am: AccessModel, platform: PlatformId, payment: PaymentModel): ComponentSeries[] {
  const a = am.analysis;
  const cart = am.series[platform];
  const soc = am.series.soc;
  const first = cart.firstCourse;
  if (!first)
    throw new ModelError({
      where: `strategy ${platform}`,
      message: "no first-course series (not a CAR T platform of the access model)",
    });
  const full = scheduleFor(am, platform, payment, cart.costs.c_cart_product);
  const firstProduct = scheduleFor(am, platform, payment, first.c_cart_product);
  const reProduct = new Float64Array(cart.costs.c_cart_product.length);
  for (let k = 0; k < reProduct.length; k++) reProduct[k] = cart.costs.c_cart_product[k] - first.c_cart_product[k];
  const reCare = new Float64Array(cart.costs.c_cart_product.length);
  const out: ComponentSeries[] = [
    {
      id: "c_cart_product",
      label: "CAR T product, first course (payments)",
      perPatient: firstProduct.gross,
      gross: true,
    },
  ];
  const lines: ComponentSeries[] = [];
  for (const v of a.result.values) {
    if (v.kind !== "cost" || v.id === "c_cart_product") continue;
    const x = cart.costs[v.id],
      y = soc.costs[v.id];
    const per = new Float64Array(x.length);
    const oneTime = (RETREATMENT_VALUES as readonly string[]).includes(v.id);
    addByMonth(per, oneTime ? first[v.id] : x);
    addByMonth(per, y, -1);
    if (oneTime) {
      addByMonth(reCare, x);
      addByMonth(reCare, first[v.id], -1);
    }
    const gross = (CART_COST_VALUES as readonly string[]).includes(v.id);
    lines.push({
      id: v.id,
      label: gross ? (oneTime ? `${v.label}, first course` : v.label) : `${v.label} (change)`,
      perPatient: per,
      gross,
    });
  }
  out.push({
    id: "retreatment",
    label: "Retreatment after relapse (product payments, apheresis, episode, bridging)",
    perPatient: sumSeries([scheduleFor(am, platform, payment, reProduct).gross, reCare]),
    gross: true,
  });
  if (payment.kind === "outcomes")
    out.push({ id: "rebate", label: "Outcomes-based rebates", perPatient: full.rebate, gross: true });
  return [...out, ...lines];
}

/** Product payments per patient under a payment model, for a product series by cycle (the CAR T arm's by default). */
function scheduleFor(
  am: AccessModel,
  platform: PlatformId,
  payment: PaymentModel,
  product = am.series[platform].costs.c_cart_product,
) {
  const cart = am.series[platform];
  return productSchedule(payment, {
    product,
    alive: cart.alive,
    perYear: PER_YEAR,
    pResponse: am.value(platformParam("p_response", platform)),
    relapse: {
      rate: am.value(platformParam("r_relapse", platform)),
      shape: am.value(platformParam("k_relapse", platform)),
      limitYears: am.value("m_relapse_horizon") / 12,
    },
  });
}

/** Patients who can be given a slot per month on a platform (slotCapacity with the platform's failure and re-manufacture probabilities). */
function capacityFor(am: AccessModel, platform: PlatformId, c: CapacitySetting, periods: number): Float64Array {
  return slotCapacity(
    PER_YEAR,
    periods,
    c,
    am.value(platformParam("p_mfg_fail", platform)),
    am.value(platformParam("p_remanufacture", platform)),
  );
}

/** A budget-cap limiter: slots in month m only while every year's committed gross CAR T spend stays within the cap. */
function capLimiter(cap: number, perPatient: Float64Array, years: number) {
  const cum = new Float64Array(perPatient.length + 1);
  for (let r = 0; r < perPatient.length; r++) cum[r + 1] = cum[r] + perPatient[r];
  const committed = new Float64Array(years);
  const inYear = (m: number, y: number) => {
    const a = Math.max(0, y * PER_YEAR - m),
      b = Math.min(perPatient.length, (y + 1) * PER_YEAR - m);
    return b > a ? cum[b] - cum[a] : 0;
  };
  return {
    committed,
    max(m: number) {
      let n = Infinity;
      for (let y = Math.floor(m / PER_YEAR); y < years; y++) {
        const v = inYear(m, y);
        if (v > 0) n = Math.min(n, Math.max(0, cap - committed[y]) / v);
      }
      return n;
    },
    commit(m: number, n: number) {
      if (n > 0) for (let y = Math.floor(m / PER_YEAR); y < years; y++) committed[y] += n * inYear(m, y);
    },
  };
}

/** Adds n x schedule, shifted to month m, into `out` (months beyond out.length are returned as the overflow). */
function addShifted(out: Float64Array, m: number, n: number, schedule: Float64Array): number {
  const end = Math.min(schedule.length, out.length - m);
  for (let r = 0; r < end; r++) out[m + r] += n * schedule[r];
  let overflow = 0;
  for (let r = Math.max(0, end); r < schedule.length; r++) overflow += schedule[r];
  return n * overflow;
}

/**
 * Every problem of the budget options. `names` says where each option came from (the CLI passes
 * its flags, e.g. years: "--years"); without it, the option's own name.
 */
export function checkBudgetOptions(
  o: BudgetOptions,
  names: Partial<Record<keyof BudgetOptions, string>> = {},
): Problems {
  const p = new Problems();
  const n = (k: keyof BudgetOptions, otherwise: string) => names[k] ?? otherwise;
  if (!(PLATFORMS as readonly string[]).includes(o.platform))
    p.add(n("platform", "platform"), "unknown platform", o.platform, PLATFORMS.join(", "));
  // Every number against BUDGET_SETTING_RANGES, the table the page's boxes and links read: the CLI
  // ran --members 1e11 and an unbounded --capacity or --cap that a link refused.
  const inRange = (where: string, key: BudgetRangeKey, x: number | null | undefined) => {
    const why = x === undefined || x === null ? undefined : rangeProblem(key, x);
    if (why) p.add(where, why.message, x, why.expected);
  };
  inRange(n("years", "years (horizon)"), "years", o.years);
  if (o.uptake) checkUptake(o.uptake, n("uptake", "uptake"), p);
  for (const k of ["manufacturingPerYear", "centrePerYear", "growthPerYear"] as const)
    inRange(`${n("capacity", "capacity")} ${k}`, k, o.capacity?.[k]);
  if (o.payment) checkPayment(o.payment, n("payment", "payment"), p);
  inRange(n("discountRate", "discount rate"), "discount", o.discountRate);
  // A count of people: 1.5 members was accepted and divided the PMPM by 1.5.
  inRange(n("members", "members"), "members", o.members);
  inRange(n("budgetCap", "budget cap"), "cap", o.budgetCap);
  inRange(n("accessBudget", "access budget"), "accessBudget", o.accessBudget);
  if (o.rule !== undefined && o.rule !== "fcfs" && o.rule !== "severity")
    p.add(n("rule", "rule"), "unknown allocation rule", o.rule, "fcfs or severity");
  return p;
}

/** What every budget result assumes (its `assumptions`). */
const BUDGET_ASSUMPTIONS = [
  "Budget-holder perspective; annual amounts, undiscounted unless a discount rate is given (ISPOR 2014).",
  "Per-patient costs and QALYs are those of the cohort model for a patient starting treatment at the model's start age, with the same parameter values; the cohort model's vein-to-vein wait, manufacturing failure and re-manufacture apply after a slot is given.",
  "Waiting and not-referred patients move between controlled and active disease, accrue irreversible damage (and leave the eligible population) and die at the standard-of-care arm's rates for their own age: everyone enters at the model's start age (prevalent patients at launch, incident patients when they become eligible).",
  "Retreatment after relapse (a new product, apheresis, episode and bridging) is its own line, in the month the new course occurs; the product, episode and bridging lines are the first course's.",
  "QALYs lost to waiting, against unlimited capacity (a referred patient gets a slot at once): a patient who dies or accrues irreversible damage while waiting loses the whole incremental QALY gain of CAR T (per patient, discounted from treatment); a patient treated after a wait gets the same gain later, and loses its discounting over the wait; all discounted to launch at the outcomes rate. A patient still waiting counts when the wait ends; the cumulative figure is the running sum of the years' losses.",
];

/** The options with every default filled in: capacity and threshold from the jurisdiction's rows of the access data. */
function resolveOptions(
  data: AccessData,
  options: BudgetOptions,
  jurisdiction: string,
  preset: { currency: string; priceYear: number },
): BudgetResult["options"] {
  const { platform, years } = options;
  const capacity = accessCapacity(data, platform, jurisdiction, options);
  const threshold = thresholdSetting(data, options, jurisdiction, preset);
  return {
    platform,
    years,
    uptake: options.uptake ?? DEFAULT_UPTAKE,
    rule: options.rule ?? "fcfs",
    payment: options.payment ?? { kind: "upfront" },
    discountRate: options.discountRate ?? 0,
    members: options.members ?? 1_000_000,
    capacity,
    // 0 is no cap, as on the page and as every refusal's range says ("0 = no cap"): a cap of 0 gave
    // no patient a slot (capLimiter(0)) in the CLI and the library (review s37).
    budgetCap: options.budgetCap || null,
    accessBudget: options.accessBudget ?? accessBudgetOf(threshold),
  };
}

/**
 * The platform comparison's budget when none is given: the affordability threshold in the analysis's
 * price year to whole currency units (as the Access page's box shows it; the CLI used the unrounded
 * amount, so the page and `cartecon budget` differed by a fraction of a unit), else 10^8.
 */
const accessBudgetOf = (t: ThresholdSetting) => (Number.isFinite(t.amount) ? Math.round(t.amount) : 1e8);

/**
 * The default annual budget of the platform comparison for a jurisdiction, in the preset's currency
 * and price year: its affordability threshold inflated as runBudget inflates it (the Access page's
 * box showed the threshold in its own year, ICER's USD 777 million of 2022, under a USD 2025 caption).
 */
export function defaultAccessBudget(
  data: AccessData,
  jurisdiction: string,
  preset: { currency: string; priceYear: number },
  priceIndex?: BudgetOptions["priceIndex"],
): number {
  return accessBudgetOf(thresholdSetting(data, { platform: "autologous", years: 1, priceIndex }, jurisdiction, preset));
}

type ThresholdSetting = Omit<ThresholdCheck, "perPatientAnnual" | "eligibleFiveYears" | "rows">;

/**
 * The threshold in words with the currency and price year of each amount, e.g. "ICER potential budget
 * impact threshold: USD 777,000,000 a year in 2022 prices, USD 840,572,727 in 2025 prices (price
 * index 110 to 119)"; not inflated: "... a year in 2022 prices (not inflated: compared with amounts in
 * 2025 prices across price years)". `priceYear` is the analysis's.
 */
export function describeThreshold(t: ThresholdSetting, priceYear: number): string {
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  if (!Number.isFinite(t.amount)) return `${t.kind}: no affordability threshold`;
  const own = `${t.kind}: ${t.currency} ${n(t.amountInItsYear)} a year in ${t.year} prices`;
  if (t.inflation)
    return `${own}, ${t.currency} ${n(t.amount)} in ${t.priceYear} prices (inflated with the ${t.currency} price index of data/cart/price-index.csv, ${t.inflation.indexFrom} in ${t.year} to ${t.inflation.indexTo} in ${t.priceYear}${t.inflation.unverified.length ? `; ${t.inflation.unverified.join(", ")}` : ""})`;
  if (t.year === priceYear) return own;
  if (!t.uprated)
    return `${own} (a fixed amount in cash terms, not uprated: compared as it stands with amounts in ${priceYear} prices)`;
  return `${own} (not inflated: compared with amounts in ${priceYear} prices, across price years)`;
}

/**
 * The affordability threshold: the option (in the analysis's currency), else the jurisdiction's row of
 * thresholds.csv, else none (Infinity); inflated from its year to the analysis's price year with the
 * currency's price index when `options.priceIndex` is given and the currency is the analysis's:
 * amount = amount(year) x index(price year) / index(year).
 */
function thresholdSetting(
  data: AccessData,
  options: BudgetOptions,
  jurisdiction: string,
  to: { currency: string; priceYear: number },
): ThresholdSetting {
  const thrRow: ThresholdRow | undefined = data.thresholds.find((t) => t.jurisdiction === jurisdiction);
  const base = options.threshold
    ? { ...options.threshold, currency: to.currency, uprated: true }
    : thrRow
      ? {
          amount: thrRow.amount,
          year: thrRow.year,
          kind: thrRow.kind,
          sourceId: thrRow.sourceId,
          currency: thrRow.currency,
          uprated: thrRow.uprated,
        }
      : { amount: Infinity, year: NaN, kind: "none", sourceId: "", currency: to.currency, uprated: true };
  const same = { ...base, amountInItsYear: base.amount, priceYear: base.year, inflation: null };
  const ev = options.priceIndex;
  if (
    !ev ||
    !base.uprated ||
    !Number.isFinite(base.amount) ||
    base.currency !== to.currency ||
    base.year === to.priceYear
  )
    return same;
  const index = (y: number) => {
    const x = ev.priceIndex.get(base.currency)?.get(y);
    if (x === undefined)
      throw new ModelError({
        where: `affordability threshold (${base.kind})`,
        message: `no price index for ${base.currency} in ${y} to inflate the threshold to ${to.priceYear}`,
        value: `${base.currency} ${y}`,
        expected: "a row in data/cart/price-index.csv",
      });
    return x;
  };
  const indexFrom = index(base.year),
    indexTo = index(to.priceYear);
  const unverified = [base.year, to.priceYear].flatMap((y) => {
    const mark = ev.unverified?.priceIndex.get(`${base.currency}|${y}`);
    return mark ? [`price index ${base.currency} ${y} (${mark})`] : [];
  });
  const factor = indexTo / indexFrom;
  return {
    ...same,
    amount: base.amount * factor,
    priceYear: to.priceYear,
    inflation: { factor, indexFrom, indexTo, unverified },
  };
}

/** Runs the budget-impact and access analysis on a CAR T analysis (same engine and parameter values). */
export function runBudget(
  a: CartAnalysis,
  data: AccessData,
  options: BudgetOptions,
  am: AccessModel = accessModel(a),
): BudgetResult {
  checkBudgetOptions(options).throwIfAny("invalid budget options");
  const jurisdiction = a.preset.id;
  const { platform, years } = options;
  const periods = years * PER_YEAR;
  if (periods > am.nCycles)
    throw new ModelError({
      where: "years (horizon)",
      message: "the budget horizon is longer than the cohort model's",
      value: years,
      expected: `at most ${Math.floor(am.nCycles / PER_YEAR)} years`,
    });
  const pop = eligiblePopulation(data, a.disease, jurisdiction);
  const resolved = resolveOptions(data, options, jurisdiction, a.preset);
  const { uptake, capacity, payment, rule, budgetCap, accessBudget } = resolved;
  const threshold = thresholdSetting(data, options, jurisdiction, a.preset);

  // What every queue run of this budget shares; each run adds its capacity and limit. The uptake
  // series is a function of the setting and the periods, so the setting stands for it in cache keys.
  const base: QueueBase = {
    periods,
    perYear: PER_YEAR,
    prevalent: pop.prevalent,
    incident: new Float64Array(periods).fill(pop.incidentPerYear / PER_YEAR),
    uptake: Float64Array.from({ length: periods }, (_, m) => uptakeAt(uptake, m / PER_YEAR)),
    rule,
    dynamics: am.dynamics,
  };
  const baseKey = [pop.prevalent, pop.incidentPerYear, rule, periods, uptake];
  // The per-patient budget lines and payment schedules depend on the payment model, not on capacity: cached too.
  const comps = cached(am, ["components", platform, payment], () => components(am, platform, payment));
  // The budget cap limits gross spend before rebates (a rebate is paid back later, not budgeted ahead).
  const grossPerPatient = sumSeries(comps.filter((c) => c.gross && c.id !== "rebate").map((c) => c.perPatient));
  const queue = runQueue({
    ...base,
    capacity: capacityFor(am, platform, capacity, periods),
    limit: budgetCap === null ? undefined : capLimiter(budgetCap, grossPerPatient, years),
  });
  // Does not depend on capacity, payment or caps: cached by its own inputs (a capacity change on the page reuses it).
  const unlimited = cached(am, ["unlimited", ...baseKey], () =>
    runQueue({ ...base, capacity: new Float64Array(periods).fill(Infinity) }),
  );

  // QALYs: per patient, discounted from the start of treatment; gains of a slot in month m discounted to launch.
  const dQ = am.series[platform].qalys - am.series.soc.qalys;
  const yearRows = yearTable(queue, unlimited, pop, dQ, a.result.discount.outcomes, years);
  const { budgetRows, budgetYears } = budgetTable(queue, comps, resolved, threshold.amount);

  return {
    disease: a.disease,
    jurisdiction,
    platform,
    currency: a.preset.currency,
    priceYear: a.preset.priceYear,
    years,
    options: resolved,
    population: pop,
    queue,
    unlimited,
    yearRows,
    budgetRows,
    budgetYears,
    payments: paymentFlows(am, platform, queue, periods, a.result.discount.costs, payment),
    incrementalByPayment: cached(am, ["incremental", platform, a.result.discount.costs, payment], () =>
      paymentIncremental(am, platform, a.result.discount.costs, payment),
    ),
    threshold: thresholdFor(am, platform, comps, pop, threshold, a),
    access: PLATFORMS.map((p) => {
      const c = accessCapacity(data, p, jurisdiction, options);
      // Each platform's access run depends only on its own capacity (not on the chosen platform's
      // payment, cap or price path): cached, so a capacity change reruns the chosen platform's alone.
      return cached(am, ["access", p, c, accessBudget, ...baseKey], () =>
        platformAccess(am, p, c, pop, base, accessBudget),
      );
    }),
    qalysPerPatient: dQ,
    assumptions: [...BUDGET_ASSUMPTIONS],
  };
}

/** Budget impact by component and year (patients treated in month m add each component's per-patient series from m on), and per year its gross, offsets and net. */
function budgetTable(
  queue: QueueResult,
  comps: ComponentSeries[],
  o: BudgetResult["options"],
  thresholdAmount: number,
): { budgetRows: BudgetRow[]; budgetYears: BudgetYear[] } {
  const { years, discountRate, members } = o;
  const periods = years * PER_YEAR;
  const budgetRows: BudgetRow[] = [];
  const monthly = (schedule: Float64Array) => {
    const out = new Float64Array(periods);
    for (let m = 0; m < periods; m++) if (queue.treated[m] > 0) addShifted(out, m, queue.treated[m], schedule);
    return byYear(out, PER_YEAR);
  };
  const lines = comps.map((c) => ({ id: c.id, label: c.label, perYear: monthly(c.perPatient), gross: c.gross }));
  for (const l of lines)
    for (let y = 0; y < years; y++)
      budgetRows.push({ year: y + 1, component: l.id, label: l.label, amount: l.perYear[y] ?? 0 });
  let cum = 0;
  const budgetYears: BudgetYear[] = [];
  for (let y = 0; y < years; y++) {
    const gross = lines.filter((l) => l.gross).reduce((s, l) => s + (l.perYear[y] ?? 0), 0);
    const offsets = lines.filter((l) => !l.gross).reduce((s, l) => s + (l.perYear[y] ?? 0), 0);
    const net = gross + offsets;
    cum += net;
    // Mid-year discounting when a rate is given (ISPOR: optional).
    const retreatment = lines.find((l) => l.id === "retreatment")!.perYear[y] ?? 0;
    budgetYears.push({
      year: y + 1,
      gross,
      retreatment,
      offsets,
      net,
      cumulativeNet: cum,
      discountedNet: net * pow(1 + discountRate, -(y + 0.5)),
      pmpm: net / members / 12,
      overThreshold: net > thresholdAmount,
    });
  }
  return { budgetRows, budgetYears };
}

function yearTable(
  q: QueueResult,
  u: QueueResult,
  pop: EligiblePopulation,
  dQ: number,
  rO: number,
  years: number,
): YearRow[] {
  const rows: YearRow[] = [];
  let cumT = 0;
  let cumLost = 0;
  let eligible = pop.prevalent;
  const lostByMonth = qalysLostToWaiting(q, dQ, rO);
  for (let y = 0; y < years; y++) {
    const r = { referred: 0, treated: 0, died: 0, damaged: 0, unl: 0, lost: 0 };
    for (let m = y * PER_YEAR; m < (y + 1) * PER_YEAR; m++) {
      eligible += q.incident[m];
      r.referred += q.referred[m];
      r.treated += q.treated[m];
      r.died += q.diedWaiting[m];
      r.damaged += q.damagedWaiting[m];
      r.unl += u.treated[m];
      r.lost += lostByMonth[m];
    }
    cumT += r.treated;
    cumLost += r.lost;
    const end = (y + 1) * PER_YEAR - 1;
    rows.push({
      year: y + 1,
      eligibleSoFar: eligible,
      referred: r.referred,
      treated: r.treated,
      treatedCumulative: cumT,
      waitingEnd: q.waiting[end],
      notReferredEnd: q.notReferred[end],
      leftEligibilityCumulative: q.leftEligibility[end],
      deadCumulative: q.dead[end],
      waitMedianMonths: waitQuantile(q, y * PER_YEAR, (y + 1) * PER_YEAR, 0.5),
      waitP90Months: waitQuantile(q, y * PER_YEAR, (y + 1) * PER_YEAR, 0.9),
      diedWaiting: r.died,
      damagedWaiting: r.damaged,
      treatedUnlimited: r.unl,
      qalysLostToWaitingYear: r.lost,
      qalysLostToWaiting: cumLost,
    });
  }
  return rows;
}

function paymentModels(rate: number, chosen: PaymentModel): Array<{ id: string; label: string; p: PaymentModel }> {
  const fixed: Array<{ id: string; p: PaymentModel }> = [
    { id: "upfront", p: { kind: "upfront" } },
    { id: "instalments", p: { kind: "instalments", count: 5, rate, stopAtDeath: true } },
    { id: "outcomes", p: { kind: "outcomes", rebateShare: 0.5, years: 3 } },
  ];
  if (chosen.kind !== "upfront") fixed.push({ id: "chosen", p: chosen });
  // Labelled by describePayment, the words the page's and the CLI's settings line use for the same model.
  return fixed.map(({ id, p }) => ({ id, p, label: `${id === "chosen" ? "Chosen: " : ""}${describePayment(p)}` }));
}

/**
 * The incremental analysis under each payment model: the cohort model's discounted incremental cost
 * per eligible patient with the up-front product payments replaced by the model's payments, both
 * valued at the cost discount rate by month: dC(payment) = dC + PV(payment) - PV(up-front).
 */
function paymentIncremental(
  am: AccessModel,
  platform: PlatformId,
  rate: number,
  chosen: PaymentModel,
): PaymentIncremental[] {
  const dC = am.series[platform].cost - am.series.soc.cost;
  const dQ = am.series[platform].qalys - am.series.soc.qalys;
  const pvOf = (p: PaymentModel) => {
    const s = scheduleFor(am, platform, p);
    return presentValue(s.gross, rate, PER_YEAR) + presentValue(s.rebate, rate, PER_YEAR);
  };
  const up = pvOf({ kind: "upfront" });
  return paymentModels(rate, chosen).map(({ id, label, p }) => {
    const pv = id === "upfront" ? up : pvOf(p);
    const c = dC + pv - up;
    return {
      payment: id,
      label,
      productPresentValue: pv,
      incrementalCost: c,
      incrementalQalys: dQ,
      icer: dQ !== 0 ? c / dQ : null,
    };
  });
}

/** Product cash flows of the treated patients under each payment model (the chosen one and the standard alternatives). */
function paymentFlows(
  am: AccessModel,
  platform: PlatformId,
  q: QueueResult,
  periods: number,
  rate: number,
  chosen: PaymentModel,
): PaymentCashFlow[] {
  const models = paymentModels(rate, chosen);
  const cart = am.series[platform];
  const firstProduct = cart.firstCourse!.c_cart_product;
  const reProduct = cart.costs.c_cart_product.map((x, k) => x - firstProduct[k]);
  const net = (s: { gross: Float64Array; rebate: Float64Array }) => s.gross.map((x, r) => x + s.rebate[r]);
  return models.map(({ id, label, p }) => {
    const s = cached(am, ["schedule", platform, p], () => scheduleFor(am, platform, p));
    const flow = net(s);
    // Schedules are linear in the product series, so first course + retreatment = all courses (tested).
    const firstFlow = cached(am, ["schedule first", platform, p], () =>
      net(scheduleFor(am, platform, p, firstProduct)),
    );
    const reFlow = cached(am, ["schedule retreatment", platform, p], () =>
      net(scheduleFor(am, platform, p, reProduct)),
    );
    const inHorizon = new Float64Array(periods);
    const scratch = new Float64Array(periods);
    let after = 0,
      afterFirst = 0,
      afterRe = 0,
      starts = 0;
    for (let m = 0; m < periods; m++) {
      if (!(q.treated[m] > 0)) continue;
      after += addShifted(inHorizon, m, q.treated[m], flow);
      afterFirst += addShifted(scratch, m, q.treated[m], firstFlow);
      afterRe += addShifted(scratch, m, q.treated[m], reFlow);
      starts += q.treated[m] * pow(1 + rate, -m / PER_YEAR);
    }
    // (1 + r)^-((m + k) / 12) = (1 + r)^-(m / 12) (1 + r)^-(k / 12): one present value per schedule.
    const pv = starts * presentValue(flow, rate, PER_YEAR);
    const years = byYear(inHorizon, PER_YEAR);
    return {
      payment: id,
      label,
      byYear: years,
      afterHorizon: after,
      afterHorizonFirstCourse: afterFirst,
      afterHorizonRetreatment: afterRe,
      presentValue: pv,
      total: years.reduce((x, y) => x + y, 0) + after,
    };
  });
}

/**
 * ICER's potential budget impact check: the average net budget impact per treated patient over the
 * first 5 years after treatment (undiscounted) c; the eligible population over 5 years E
 * (prevalent + 5 years of incident); the patients treatable per year within the threshold T is T / c
 * and the share of eligible patients treatable is min(1, (T / c) / (E / 5)). At the current price and
 * at the prices that are cost-effective at the preset's thresholds per QALY (net cost linear in price).
 */
function thresholdFor(
  am: AccessModel,
  platform: PlatformId,
  comps: ComponentSeries[],
  pop: EligiblePopulation,
  thr: ThresholdSetting,
  a: CartAnalysis,
): ThresholdCheck {
  const five = 5 * PER_YEAR;
  let net = 0;
  // Payments before rebates: a rebate depends on outcomes years later.
  const lines = comps.filter((c) => c.id !== "rebate");
  for (let r = 0; r < five; r++) net += lines.reduce((s, c) => s + (c.perPatient[r] ?? 0), 0);
  const price = am.value(platformParam("c_price", platform));
  const cart = am.series[platform],
    soc = am.series.soc;
  let units5 = 0;
  for (let k = 0; k < cart.costs.c_cart_product.length; k++)
    if (monthOfIndex(k) < five) units5 += price > 0 ? cart.costs.c_cart_product[k] / price : 0;
  const E = pop.prevalent + 5 * pop.incidentPerYear;
  const dQ = cart.qalys - soc.qalys;
  const dC = cart.cost - soc.cost;
  // Discounted product units per patient: c_cart_product discounted / price (linear in price).
  const unitsD =
    price > 0
      ? a.result.strategies.find((s) => s.id === platform)!.values.c_cart_product.discounted /
        price /
        (1 - am.value("f_damage0"))
      : NaN;
  const row = (p: number, label: string) => {
    const c = (net + (p - price) * units5) / 5;
    const perYear = c > 0 ? thr.amount / c : Infinity;
    return {
      price: p,
      label,
      perPatientAnnual: c,
      patientsPerYear: perYear,
      shareTreatable: Math.min(1, perYear / (E / 5)),
    };
  };
  const rows = [row(price, "Current price")];
  for (const w of a.preset.wtp)
    if (unitsD > 0)
      rows.push(row(price + (w * dQ - dC) / unitsD, `Cost-effective at ${w.toLocaleString("en-US")} per QALY`));
  return {
    ...thr,
    perPatientAnnual: net / 5,
    eligibleFiveYears: E,
    rows,
  };
}

/**
 * Results computed from an access model and inputs named by `key`, kept per access model (a WeakMap:
 * dropped with the model). Hand-written memo: a page's slider change reruns runBudget with most inputs
 * unchanged. Bounded: cleared after 256 entries. Callers never mutate what it returns.
 */
const memo = new WeakMap<AccessModel, Map<string, unknown>>();
/**
 * Memoised per access model, keyed by the parts of what `f` depends on (numbers exactly, Infinity
 * and NaN included; objects such as a payment model or a capacity setting by their fields).
 */
function cached<T>(am: AccessModel, parts: unknown[], f: () => T): T {
  const key = JSON.stringify(parts, (_, v) => (typeof v === "number" ? String(v) : v));
  let m = memo.get(am);
  if (!m) memo.set(am, (m = new Map()));
  if (m.has(key)) return m.get(key) as T;
  if (m.size >= 256) m.clear();
  const v = f();
  m.set(key, v);
  return v;
}

/** A platform's capacity for the access comparison: the options' capacity for the chosen platform, else the jurisdiction's default (unlimited when none). */
function accessCapacity(
  data: AccessData,
  platform: PlatformId,
  jurisdiction: string,
  o: BudgetOptions,
): CapacitySetting {
  const row = data.capacity.find((r) => r.platform === platform && r.jurisdiction === jurisdiction);
  // The user's capacity (when set for this platform) overrides the data row field by field; a field
  // set nowhere is unlimited (no growth).
  const set = platform === o.platform ? o.capacity : undefined;
  return {
    manufacturingPerYear: set?.manufacturingPerYear ?? row?.manufacturingPerYear ?? Infinity,
    centrePerYear: set?.centrePerYear ?? row?.centrePerYear ?? Infinity,
    growthPerYear: set?.growthPerYear ?? row?.growthPerYear ?? 0,
  };
}

/** What every queue run of one budget shares (runBudget): all of the queue's input but capacity and limit. */
type QueueBase = Omit<QueueInput, "capacity" | "limit">;

function platformAccess(
  am: AccessModel,
  platform: PlatformId,
  c: CapacitySetting,
  pop: EligiblePopulation,
  base: QueueBase,
  budget: number,
): PlatformAccess {
  const gross = sumSeries(
    components(am, platform, { kind: "upfront" })
      .filter((x) => x.gross)
      .map((x) => x.perPatient),
  );
  const { periods } = base;
  const years = periods / PER_YEAR;
  const limiter = capLimiter(budget, gross, years);
  const cap = capacityFor(am, platform, c, periods);
  const q = runQueue({ ...base, capacity: cap, limit: limiter });
  const treatedByYear = byYear(q.treated, PER_YEAR);
  const treated = treatedByYear.reduce((x, y) => x + y, 0);
  const spend = limiter.committed.reduce((x, y) => x + y, 0);
  const dQ = am.series[platform].qalys - am.series.soc.qalys;
  return {
    platform,
    label: STRATEGY_LABELS[platform],
    treatedByYear,
    treated,
    spend,
    perHundredMillion: spend > 0 ? (treated / spend) * 1e8 : 0,
    shareReached: treated / (pop.prevalent + years * pop.incidentPerYear),
    qalysPerPatient: dQ,
    qalysBought: treated * dQ,
    capacityPerYear: byYear(cap, PER_YEAR)[0],
  };
}
