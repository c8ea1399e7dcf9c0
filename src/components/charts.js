// Charts of the CAR T results, in Plot's shape: chart(data, {width, ...options}). Every axis says
// its unit; money carries currency and price year.
import * as Plot from "@observablehq/plot";

export const STRATEGY_COLORS = {
  soc: "#6b7280",
  autologous: "#1f77b4",
  allogeneic: "#ff7f0e",
  invivo: "#2ca02c"
};
const color = {domain: Object.keys(STRATEGY_COLORS), range: Object.values(STRATEGY_COLORS), legend: true, label: "Strategy"};

/**
 * Cumulative discounted cost per patient over time; the crossover (cost-parity year) marked.
 * @param {{years: number, cumulative_cost: number, strategy: string}[]} rows
 * @param {{width?: number, money?: string, parity?: {strategy: string, year: number | null}[], height?: number}} [options] money: "USD 2025"
 * @returns {ReturnType<typeof Plot.plot>}
 */
export function cumulativeCostChart(rows, {width, money, parity = [], height = 320} = {}) {
  return Plot.plot({
    width,
    height,
    marginLeft: 80,
    title: "Cumulative discounted cost per patient",
    x: {label: "Years from the treatment decision", grid: true},
    y: {label: `Cumulative discounted cost (${money})`, grid: true, zero: true, tickFormat: "~s"},
    color,
    marks: [
      Plot.ruleY([0]),
      Plot.line(rows, {x: "years", y: "cumulative_cost", stroke: "strategy", strokeWidth: 2, tip: {format: {cumulative_cost: ",.0f"}}}),
      Plot.ruleX(parity.filter((d) => d.year !== null), {x: "year", stroke: "strategy", strokeDasharray: "4,3"}),
      Plot.text(parity.filter((d) => d.year !== null), {x: "year", y: 0, text: (d) => `parity ${d.strategy}: ${Number(d.year).toFixed(1)} y`, rotate: -90, dx: -4, textAnchor: "start", fill: "strategy", fontSize: 10})
    ]
  });
}

/**
 * Discounted cost per patient by component, one bar per strategy.
 * @param {{label: string, cost: number, component_label: string}[]} rows
 * @param {{width?: number, money?: string, height?: number}} [options]
 * @returns {ReturnType<typeof Plot.plot>}
 */
export function componentChart(rows, {width, money, height = 260} = {}) {
  return Plot.plot({
    width,
    height,
    marginLeft: 190,
    title: "Discounted cost per patient by component",
    x: {label: `Discounted cost (${money})`, grid: true, tickFormat: "~s"},
    y: {label: null},
    color: {legend: true, label: "Component", scheme: "tableau10"},
    marks: [Plot.barX(rows, {y: "label", x: "cost", fill: "component_label", tip: {format: {cost: ",.0f"}}, sort: {y: null}}), Plot.ruleX([0])]
  });
}

/**
 * Discounted QALYs and life years per patient.
 * @param {{label: string, value: number, strategy: string, measure: string}[]} rows
 * @param {{width?: number, height?: number}} [options]
 * @returns {ReturnType<typeof Plot.plot>}
 */
export function outcomesChart(rows, {width, height = 220} = {}) {
  return Plot.plot({
    width,
    height,
    marginLeft: 190,
    marginRight: 70, // room for the facet labels (Life years, QALYs)
    title: "Discounted QALYs and life years per patient",
    x: {label: "Per patient (discounted)", grid: true},
    y: {label: null},
    fy: {label: null},
    color,
    marks: [Plot.barX(rows, {y: "label", x: "value", fill: "strategy", fy: "measure", tip: {format: {value: ".3f"}}, sort: {y: null}}), Plot.ruleX([0])]
  });
}
