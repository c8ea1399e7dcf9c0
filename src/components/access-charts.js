// Charts of the access and budget-impact results, in Plot's shape: chart(data, {width, ...options}).
// Every axis says its unit; money carries currency and price year.
import * as Plot from "@observablehq/plot";
import { displayNumber, moneyTick, X_AXIS_BELOW, X_LABEL_BELOW } from "./format.js";
import { STRATEGY_COLORS } from "./charts.js";

/** @typedef {typeof import("../access/tables.js")} Tables */
/** @typedef {ReturnType<Tables["accessYearTable"]>[number]} PatientYear a row of accessYearTable */
/** @typedef {ReturnType<Tables["budgetComponentTable"]>[number]} BudgetComponent a row of budgetComponentTable */
/** @typedef {ReturnType<Tables["budgetYearTable"]>[number]} BudgetYear a row of budgetYearTable */
/** @typedef {ReturnType<Tables["paymentTable"]>[number]} PaymentRow a row of paymentTable */
/** @typedef {ReturnType<Tables["platformAccessTable"]>[number]} PlatformAccess a row of platformAccessTable */
/** @typedef {{year: number, series: string, value: number | null}} LongRow */
/** @typedef {{width?: number, height?: number}} Size width and height in px */

/**
 * One line per series over the years after launch, the shape the patient, queue, wait and payment
 * charts share. `long`: rows {year, series, value}; `series`: the legend's order and, when given,
 * `colors` its colours (else Plot's scheme); `y`: the y axis (its label states the unit).
 * @param {LongRow[]} long
 * @param {{width?: number, height: number, title: string, y: Record<string, unknown>, legend: string, series: string[], colors?: string[], tip?: string, marginLeft?: number}} options
 */
function yearLines(long, { width, height, title, y, legend, series, colors, tip = ",.0f", marginLeft = 70 }) {
  const years = new Set(long.map((d) => d.year)).size;
  // Every value 0 (no one waits, nothing paid): Plot's domain would be [0, 0], drawn with ticks such as
  // "0.000000"; a unit domain shows the zero line on a readable axis.
  const allZero = long.length > 0 && long.every((d) => d.value === 0);
  return Plot.plot({
    width,
    height,
    marginLeft,
    ...X_AXIS_BELOW,
    title,
    x: { label: "Year after launch", tickFormat: "d", ticks: years, ...X_LABEL_BELOW },
    y: { grid: true, zero: true, tickFormat: moneyTick, ...y, ...(allZero ? { domain: [0, 1] } : {}) },
    color: { legend: true, label: legend, domain: series, ...(colors ? { range: colors } : {}) },
    marks: [
      Plot.line(long, {
        x: "year",
        y: "value",
        stroke: "series",
        strokeWidth: 2,
        marker: "dot",
        tip: { format: { value: tip } },
      }),
      Plot.ruleY([0]),
    ],
  });
}

/**
 * Rows by year to long form: one row per (year, series) with the series' value; nulls are left out.
 * @param {PatientYear[]} rows
 * @param {ReadonlyArray<readonly [string, keyof PatientYear, string]>} series [label, column, colour]
 * @returns {LongRow[]}
 */
function byYear(rows, series) {
  return rows
    .flatMap((r) =>
      series.map(([label, column]) => ({
        year: r.year,
        series: label,
        value: /** @type {number | null} */ (r[column]),
      })),
    )
    .filter((d) => d.value !== null);
}

/** @type {ReadonlyArray<readonly [string, keyof PatientYear, string]>} */
const TREATED = /** @type {const} */ ([
  ["Eligible so far (prevalent + incident)", "eligible_so_far", "#6b7280"],
  ["Treated, cumulative", "treated_cumulative", "#1f77b4"],
  ["Treated with unlimited capacity, cumulative", "treated_unlimited_cumulative", "#9ecae1"],
]);

/**
 * Patients by year: eligible so far, treated (cumulative) under the scenario and with unlimited capacity.
 * @param {PatientYear[]} rows
 * @param {Size} [options]
 */
export function treatedChart(rows, { width, height = 280 } = {}) {
  return yearLines(byYear(rows, TREATED), {
    width,
    height,
    title: "Treated vs eligible over time",
    y: { label: "Patients" },
    legend: "Series",
    series: TREATED.map((s) => s[0]),
    colors: TREATED.map((s) => s[2]),
  });
}

/** @type {ReadonlyArray<readonly [string, keyof PatientYear, string]>} */
const QUEUE = /** @type {const} */ ([
  ["Waiting at year end", "waiting_end_of_year", "#7f7f7f"],
  ["Irreversible damage while waiting (in the year)", "damaged_waiting", "#ff7f0e"],
  ["Died while waiting (in the year)", "died_waiting", "#d62728"],
]);

/**
 * The queue: patients waiting at the end of each year, and deaths and damage while waiting.
 * @param {PatientYear[]} rows
 * @param {Size} [options]
 */
export function queueChart(rows, { width, height = 260 } = {}) {
  return yearLines(byYear(rows, QUEUE), {
    width,
    height,
    title: "Queue: patients waiting, and harm while waiting",
    y: { label: "Patients" },
    legend: "Series",
    series: QUEUE.map((s) => s[0]),
    colors: QUEUE.map((s) => s[2]),
    tip: ",.1f",
  });
}

/** @type {ReadonlyArray<readonly [string, keyof PatientYear, string]>} */
const WAITS = /** @type {const} */ ([
  ["Median wait", "wait_median_months", "#d62728"],
  ["90th-percentile wait", "wait_p90_months", "#ff9896"],
]);

/**
 * Waits of the patients given a slot each year: median and 90th percentile, in months.
 * @param {PatientYear[]} rows
 * @param {Size} [options]
 */
export function waitChart(rows, { width, height = 220 } = {}) {
  return yearLines(byYear(rows, WAITS), {
    width,
    height,
    title: "Wait from referral to a treatment slot",
    // Months as plain numbers: with no wait at all (domain [0, 0]) Plot's default wrote "0.000000".
    y: { label: "Wait (months)", tickFormat: displayNumber },
    legend: "Wait",
    series: WAITS.map((s) => s[0]),
    colors: WAITS.map((s) => s[2]),
    tip: ",.0f",
  });
}

/**
 * Budget impact by component and year (stacked bars; offsets below zero) with the net as a line.
 * @param {BudgetComponent[]} components
 * @param {BudgetYear[]} years
 * @param {Size & {money?: string, threshold?: number | null}} [options] money: "USD 2025"; threshold: annual affordability threshold
 */
export function budgetChart(components, years, { width, money, threshold = null, height = 340 } = {}) {
  return Plot.plot({
    width,
    height,
    marginLeft: 80,
    ...X_AXIS_BELOW,
    title: "Budget impact by component per year (undiscounted unless stated)",
    // The net line and the threshold are not in the colour legend: the subtitle names them.
    subtitle: `Bars: components (offsets below zero); black line: net budget impact${threshold !== null && Number.isFinite(threshold) ? "; dashed red: affordability threshold" : ""}`,
    x: { label: "Year after launch", tickFormat: "d", ticks: years.length, ...X_LABEL_BELOW },
    y: { label: `Annual amount (${money})`, grid: true, tickFormat: moneyTick },
    color: { legend: true, label: "Component", scheme: "tableau10" },
    marks: [
      Plot.rectY(
        components.filter((d) => d.amount !== 0),
        Plot.stackY({
          x1: (d) => d.year - 0.38,
          x2: (d) => d.year + 0.38,
          y: "amount",
          fill: "label",
          tip: { format: { amount: ",.0f" } },
        }),
      ),
      Plot.line(years, { x: "year", y: "net_budget_impact", stroke: "black", strokeWidth: 2 }),
      Plot.dot(years, {
        x: "year",
        y: "net_budget_impact",
        fill: "black",
        r: 3,
        tip: { format: { net_budget_impact: ",.0f" } },
      }),
      ...(threshold !== null && Number.isFinite(threshold)
        ? [
            Plot.ruleY([threshold], { stroke: "#d62728", strokeDasharray: "5,3" }),
            // Named on the line where there is room, with a white halo where it crosses a bar. Under
            // 400 px (a phone; the 1280 px page gives the chart 414) it lay over the last bars (review
            // s37), and the subtitle names it already.
            ...(width === undefined || width >= 400
              ? [
                  Plot.text([threshold], {
                    y: (d) => d,
                    x: years.length,
                    text: () => "affordability threshold",
                    textAnchor: "end",
                    dy: -6,
                    fill: "#d62728",
                    stroke: "white",
                    strokeWidth: 3,
                    fontSize: 10,
                  }),
                ]
              : []),
          ]
        : []),
      Plot.ruleY([0]),
    ],
  });
}

/**
 * Product cash flow by payment model and year (the payer's payments net of rebates).
 * @param {PaymentRow[]} rows
 * @param {Size & {money?: string}} [options]
 */
export function paymentChart(rows, { width, money, height = 280 } = {}) {
  const long = rows
    .filter((r) => r.year !== "after horizon")
    .map((r) => ({ year: Number(r.year), series: r.label, value: r.amount }));
  return yearLines(long, {
    width,
    height,
    marginLeft: 80,
    title: "Cash flow for the product by payment model",
    y: { label: `Payments for the product (${money})` },
    legend: "Payment model",
    series: [...new Set(long.map((d) => d.series))],
  });
}

/**
 * Access under a budget: patients treated per 100 million of gross spend per platform, labelled
 * with the share of the eligible population reached and the QALYs bought.
 * @param {PlatformAccess[]} rows
 * @param {Size & {money?: string}} [options]
 */
export function accessChart(rows, { width, money, height = 220 } = {}) {
  const fmt = (/** @type {number} */ x, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d });
  // The share reached and the QALYs bought are the second line of each platform's axis label: written
  // over the bars they ran past the chart's edge when the bars were short (a phone's width).
  const axisLabel = (/** @type {PlatformAccess} */ d) =>
    `${d.label}\n${fmt(100 * d.share_of_eligible_reached, 1)}% reached · ${fmt(d.qalys_bought)} QALYs`;
  return Plot.plot({
    // Never narrower than its 170 px of platform labels plus room for the bars: a container measured
    // mid-layout (a few dozen px) would otherwise give bars of negative width.
    width: width === undefined ? undefined : Math.max(width, 300),
    height,
    marginLeft: 170,
    marginRight: 20,
    marginBottom: 40,
    title: "What a budget buys, by platform",
    subtitle:
      "Patients treated per 100 million of CAR T spend; beside each platform, the share of eligible patients reached and the QALYs bought",
    // Short enough for a phone's width (the longer label ran past the chart's left edge at 390 px).
    x: { label: `Patients per 100 million ${money ?? ""}`.trim(), grid: true, zero: true, labelOffset: 34 },
    y: { label: null },
    color: { domain: Object.keys(STRATEGY_COLORS), range: Object.values(STRATEGY_COLORS) },
    marks: [
      Plot.barX(rows, {
        y: axisLabel,
        x: "treated_per_100_million",
        fill: "platform",
        sort: { y: null },
        tip: { format: { treated_per_100_million: ",.1f" } },
      }),
      Plot.ruleX([0]),
    ],
  });
}
