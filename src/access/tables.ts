/** Result tables of the budget-impact and access analysis (rows for arquero, the CSV writer and the CLI). */
import type { BudgetResult } from "./budget.js";
import { formatUptake } from "./population.js";
import { formatPayment } from "./payment.js";
import { icerColumns } from "../cart/icer.js";

/** Patients by year: eligible, referred, treated, waiting, waits, damage and deaths while waiting, QALYs lost to waiting. */
export function accessYearTable(r: BudgetResult) {
  let unlimited = 0;
  return r.yearRows.map((y) => ({
    disease: r.disease,
    jurisdiction: r.jurisdiction,
    platform: r.platform,
    year: y.year,
    eligible_so_far: y.eligibleSoFar,
    referred: y.referred,
    treated: y.treated,
    treated_cumulative: y.treatedCumulative,
    treated_unlimited_capacity: y.treatedUnlimited,
    treated_unlimited_cumulative: (unlimited += y.treatedUnlimited),
    waiting_end_of_year: y.waitingEnd,
    on_soc_not_referred_end_of_year: y.notReferredEnd,
    left_eligibility_cumulative: y.leftEligibilityCumulative,
    dead_cumulative: y.deadCumulative,
    wait_median_months: y.waitMedianMonths,
    wait_p90_months: y.waitP90Months,
    died_waiting: y.diedWaiting,
    damaged_waiting: y.damagedWaiting,
    qalys_lost_to_waiting: y.qalysLostToWaitingYear,
    qalys_lost_to_waiting_cumulative: y.qalysLostToWaiting,
  }));
}

/** Budget impact by year and component (long form), in the preset's currency and price year. */
export function budgetComponentTable(r: BudgetResult) {
  return r.budgetRows.map((b) => ({
    year: b.year,
    component: b.component,
    label: b.label,
    amount: b.amount,
    currency: r.currency,
    price_year: r.priceYear,
  }));
}

/** Budget impact by year: gross CAR T spend (of which retreatment), offsets, net, cumulative, discounted, per member per month, threshold flag. */
export function budgetYearTable(r: BudgetResult) {
  return r.budgetYears.map((b) => ({
    year: b.year,
    gross_cart_spend: b.gross,
    retreatment: b.retreatment,
    offsets: b.offsets,
    net_budget_impact: b.net,
    cumulative_net: b.cumulativeNet,
    discounted_net: b.discountedNet,
    pmpm: b.pmpm,
    over_threshold: b.overThreshold,
    currency: r.currency,
    price_year: r.priceYear,
  }));
}

/**
 * Product cash flow by payment model and year, with present values. The last row per model is after
 * the horizon: payments for patients given a slot within the horizon that fall due later, split into
 * the first course (infusions after the horizon's end, later instalments, rebates) and retreatment
 * courses after relapse.
 */
export function paymentTable(r: BudgetResult) {
  return r.payments.flatMap((p) => [
    ...p.byYear.map((x, i) => ({
      payment: p.payment,
      label: p.label,
      year: String(i + 1),
      amount: x,
      after_horizon_first_course: null as number | null,
      after_horizon_retreatment: null as number | null,
      present_value: p.presentValue,
      total: p.total,
      currency: r.currency,
      price_year: r.priceYear,
    })),
    {
      payment: p.payment,
      label: p.label,
      year: "after horizon",
      amount: p.afterHorizon,
      after_horizon_first_course: p.afterHorizonFirstCourse,
      after_horizon_retreatment: p.afterHorizonRetreatment,
      present_value: p.presentValue,
      total: p.total,
      currency: r.currency,
      price_year: r.priceYear,
    },
  ]);
}

/** Incremental cost per eligible patient against SoC under each payment model (discounted), with the ICER. */
export function paymentIncrementalTable(r: BudgetResult) {
  return r.incrementalByPayment.map((x) => ({
    platform: r.platform,
    payment: x.payment,
    label: x.label,
    product_present_value: x.productPresentValue,
    incremental_cost: x.incrementalCost,
    incremental_qalys: x.incrementalQalys,
    // The ratio only where it is an ICER; icer_status says dominant, dominated, ... (icer.ts).
    ...icerColumns(x.incrementalCost, x.incrementalQalys),
    currency: r.currency,
    price_year: r.priceYear,
  }));
}

/** Patients treated per platform and year under the access budget (long form). */
export function platformYearTable(r: BudgetResult) {
  return r.access.flatMap((a) =>
    a.treatedByYear.map((t, i) => ({
      platform: a.platform,
      label: a.label,
      year: i + 1,
      treated: t,
      annual_budget: r.options.accessBudget,
      currency: r.currency,
      price_year: r.priceYear,
    })),
  );
}

/** Affordability threshold check: share of eligible patients treatable within the threshold at each price. */
export function thresholdTable(r: BudgetResult) {
  return r.threshold.rows.map((x) => ({
    threshold: r.threshold.kind,
    threshold_amount: r.threshold.amount,
    threshold_price_year: r.threshold.priceYear,
    threshold_currency: r.threshold.currency,
    threshold_year: r.threshold.year,
    threshold_amount_in_its_year: r.threshold.amountInItsYear,
    threshold_inflation_factor: r.threshold.inflation?.factor ?? null,
    source_id: r.threshold.sourceId,
    price: x.price,
    price_label: x.label,
    net_per_patient_per_year_5y: x.perPatientAnnual,
    patients_per_year_within_threshold: x.patientsPerYear,
    share_of_eligible_treatable: x.shareTreatable,
    currency: r.currency,
    price_year: r.priceYear,
  }));
}

/** Access under a budget: per platform, patients treated, per 100 million, share reached, QALYs bought. */
export function platformAccessTable(r: BudgetResult) {
  return r.access.map((a) => ({
    platform: a.platform,
    label: a.label,
    annual_budget: r.options.accessBudget,
    capacity_year1: a.capacityPerYear,
    treated: a.treated,
    spend: a.spend,
    treated_per_100_million: a.perHundredMillion,
    share_of_eligible_reached: a.shareReached,
    qalys_per_patient: a.qalysPerPatient,
    qalys_bought: a.qalysBought,
    years: r.years,
    currency: r.currency,
    price_year: r.priceYear,
  }));
}

/**
 * What made a budget result: written next to every download. `link` is the page's address; `data`
 * the data stamp (DATA_STAMP) of the data read, so a download says which data it came from.
 */
export function budgetMetadata(
  r: BudgetResult,
  version: string,
  { link = "", data }: { link?: string; data?: string } = {},
) {
  return {
    tool: `cartecon ${version}`,
    analysis: "budget impact and access",
    disease: r.disease,
    jurisdiction: r.jurisdiction,
    platform: r.platform,
    currency: r.currency,
    priceYear: r.priceYear,
    years: r.years,
    uptake: formatUptake(r.options.uptake),
    capacity: r.options.capacity,
    rule: r.options.rule,
    payment: formatPayment(r.options.payment),
    discountRate: r.options.discountRate,
    members: r.options.members,
    budgetCap: r.options.budgetCap,
    accessBudget: r.options.accessBudget,
    population: {
      prevalent: r.population.prevalent,
      incidentPerYear: r.population.incidentPerYear,
      source: r.population.row.sourceId,
      status: r.population.row.status,
    },
    threshold: {
      kind: r.threshold.kind,
      amount: r.threshold.amount,
      priceYear: r.threshold.priceYear,
      currency: r.threshold.currency,
      year: r.threshold.year,
      amountInItsYear: r.threshold.amountInItsYear,
      inflation: r.threshold.inflation,
      source: r.threshold.sourceId,
    },
    assumptions: r.assumptions,
    link,
    dataStamp: data ?? null,
    seed: null,
    note: "Deterministic expected counts (no random draws). Population, capacity and most CAR T inputs are assumptions (data/access/, data/cart/).",
  };
}
