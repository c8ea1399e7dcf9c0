// Charts of the access and budget-impact results, in Plot's shape: chart(data, {width, ...options}).
// Every axis says its unit; money carries currency and price year.
import * as Plot from "@observablehq/plot";
import {STRATEGY_COLORS} from "./charts.js";

/** Patients by year: eligible so far, treated (cumulative) under the scenario and with unlimited capacity. */
export function treatedChart(rows, {width, height = 280} = {}) {
  const long = rows.flatMap((r) => [
    {year: r.year, series: "Eligible so far (prevalent + incident)", patients: r.eligible_so_far},
    {year: r.year, series: "Treated, cumulative", patients: r.treated_cumulative},
    {year: r.year, series: "Treated with unlimited capacity, cumulative", patients: r.treated_unlimited_cumulative}
  ]);
  return Plot.plot({
    width,
    height,
    marginLeft: 70,
    title: "Treated vs eligible over time",
    x: {label: "Year after launch", tickFormat: "d", ticks: rows.length},
    y: {label: "Patients", grid: true, zero: true, tickFormat: "~s"},
    color: {legend: true, label: "Series", domain: ["Eligible so far (prevalent + incident)", "Treated, cumulative", "Treated with unlimited capacity, cumulative"], range: ["#6b7280", "#1f77b4", "#9ecae1"]},
    marks: [Plot.line(long, {x: "year", y: "patients", stroke: "series", strokeWidth: 2, marker: "dot", tip: {format: {patients: ",.0f"}}}), Plot.ruleY([0])]
  });
}

/** The queue: patients waiting at the end of each year, and deaths and damage while waiting. */
export function queueChart(rows, {width, height = 260} = {}) {
  const long = rows.flatMap((r) => [
    {year: r.year, measure: "Waiting at year end", patients: r.waiting_end_of_year},
    {year: r.year, measure: "Irreversible damage while waiting (in the year)", patients: r.damaged_waiting},
    {year: r.year, measure: "Died while waiting (in the year)", patients: r.died_waiting}
  ]);
  return Plot.plot({
    width,
    height,
    marginLeft: 70,
    title: "Queue: patients waiting, and harm while waiting",
    x: {label: "Year after launch", tickFormat: "d", ticks: rows.length},
    y: {label: "Patients", grid: true, zero: true, tickFormat: "~s"},
    color: {legend: true, label: "Series", domain: long.slice(0, 3).map((d) => d.measure), range: ["#7f7f7f", "#ff7f0e", "#d62728"]},
    marks: [Plot.line(long, {x: "year", y: "patients", stroke: "measure", strokeWidth: 2, marker: "dot", tip: {format: {patients: ",.1f"}}}), Plot.ruleY([0])]
  });
}

/** Waits of the patients given a slot each year: median and 90th percentile, in months. */
export function waitChart(rows, {width, height = 220} = {}) {
  const long = rows.flatMap((r) => [
    {year: r.year, measure: "Median wait", months: r.wait_median_months},
    {year: r.year, measure: "90th-percentile wait", months: r.wait_p90_months}
  ]).filter((d) => d.months !== null);
  return Plot.plot({
    width,
    height,
    marginLeft: 70,
    title: "Wait from referral to a treatment slot",
    x: {label: "Year after launch", tickFormat: "d", ticks: rows.length},
    y: {label: "Wait (months)", grid: true, zero: true},
    color: {legend: true, label: "Wait", domain: ["Median wait", "90th-percentile wait"], range: ["#d62728", "#ff9896"]},
    marks: [Plot.line(long, {x: "year", y: "months", stroke: "measure", strokeWidth: 2, marker: "dot", tip: true}), Plot.ruleY([0])]
  });
}

/** Budget impact by component and year (stacked bars; offsets below zero) with the net as a line. */
export function budgetChart(components, years, {width, money, threshold = null, height = 340} = {}) {
  return Plot.plot({
    width,
    height,
    marginLeft: 80,
    title: "Budget impact by component per year (undiscounted unless stated)",
    x: {label: "Year after launch", tickFormat: "d", ticks: years.length},
    y: {label: `Annual amount (${money})`, grid: true, tickFormat: "~s"},
    color: {legend: true, label: "Component", scheme: "tableau10"},
    marks: [
      Plot.rectY(components.filter((d) => d.amount !== 0), Plot.stackY({x1: (d) => d.year - 0.38, x2: (d) => d.year + 0.38, y: "amount", fill: "label", tip: {format: {amount: ",.0f"}}})),
      Plot.line(years, {x: "year", y: "net_budget_impact", stroke: "black", strokeWidth: 2}),
      Plot.dot(years, {x: "year", y: "net_budget_impact", fill: "black", r: 3, tip: {format: {net_budget_impact: ",.0f"}}}),
      ...(threshold !== null && Number.isFinite(threshold) ? [Plot.ruleY([threshold], {stroke: "#d62728", strokeDasharray: "5,3"}), Plot.text([threshold], {y: (d) => d, x: years.length, text: () => "affordability threshold", textAnchor: "end", dy: -6, fill: "#d62728", fontSize: 10})] : []),
      Plot.ruleY([0])
    ]
  });
}

/** Product cash flow by payment model and year (the payer's payments net of rebates). */
export function paymentChart(rows, {width, money, height = 280} = {}) {
  const data = rows.filter((r) => r.year !== "after horizon").map((r) => ({...r, year: Number(r.year)}));
  return Plot.plot({
    width,
    height,
    marginLeft: 80,
    title: "Cash flow for the product by payment model",
    x: {label: "Year after launch", tickFormat: "d"},
    y: {label: `Payments for the product (${money})`, grid: true, zero: true, tickFormat: "~s"},
    color: {legend: true, label: "Payment model"},
    marks: [Plot.line(data, {x: "year", y: "amount", stroke: "label", strokeWidth: 2, marker: "dot", tip: {format: {amount: ",.0f"}}}), Plot.ruleY([0])]
  });
}

/** Access under a budget: patients treated per 100 million of gross spend per platform, labelled with the share of the eligible population reached and the QALYs bought. */
export function accessChart(rows, {width, money, height = 220} = {}) {
  const fmt = (x, d = 0) => x.toLocaleString("en-US", {maximumFractionDigits: d});
  return Plot.plot({
    width,
    height,
    marginLeft: 190,
    marginRight: 20,
    title: "What a budget buys, by platform",
    x: {label: `Patients treated per 100 million ${money ?? ""} of CAR T spend`.trim(), grid: true, zero: true},
    y: {label: null},
    color: {domain: Object.keys(STRATEGY_COLORS), range: Object.values(STRATEGY_COLORS)},
    marks: [
      Plot.barX(rows, {y: "label", x: "treated_per_100_million", fill: "platform", sort: {y: null}, tip: {format: {treated_per_100_million: ",.1f"}}}),
      Plot.text(rows, {y: "label", x: 0, text: (d) => `${fmt(100 * d.share_of_eligible_reached, 1)}% reached · ${fmt(d.qalys_bought)} QALYs`, textAnchor: "start", dx: 4, fill: "white", stroke: "black", strokeWidth: 2, paintOrder: "stroke", fontSize: 10}),
      Plot.ruleX([0])
    ]
  });
}
