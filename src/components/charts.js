// Charts of the CAR T results, in Plot's shape: chart(data, {width, ...options}). Every axis says
// its unit; money carries currency and price year. Legends and tips show labels, never strategy ids.
import * as Plot from "@observablehq/plot";
import { moneyTick, X_AXIS_BELOW, X_LABEL_BELOW } from "./format.js";
import { html, svg } from "htl";

export const STRATEGY_COLORS = {
  soc: "#6b7280",
  autologous: "#1f77b4",
  allogeneic: "#ff7f0e",
  invivo: "#2ca02c",
};
// Non-CAR T comparators (issue [7]) take these in the order a disease lists them.
const COMPARATOR_COLORS = ["#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];

/**
 * An ordinal colour scale over strategies: fixed colours for SoC and the CAR T platforms, the rest
 * from COMPARATOR_COLORS; the legend shows each strategy's label.
 * @param {{id: string, label: string}[]} strategies in display order
 */
export function strategyColor(strategies) {
  let k = 0;
  const range = strategies.map(
    (s) =>
      STRATEGY_COLORS[/** @type {keyof typeof STRATEGY_COLORS} */ (s.id)] ??
      COMPARATOR_COLORS[k++ % COMPARATOR_COLORS.length],
  );
  const labels = new Map(strategies.map((s) => [s.id, s.label]));
  return {
    domain: strategies.map((s) => s.id),
    range,
    legend: true,
    label: "Strategy",
    tickFormat: (/** @type {string} */ id) => labels.get(id) ?? id,
  };
}

/** Strategies in the order they first appear in rows ({strategy, label}). */
function strategiesOf(
  /** @type {{strategy: string, label?: string}[]} */ rows,
  /** @type {Record<string, string>} */ labels = {},
) {
  const seen = new Map();
  for (const r of rows) if (!seen.has(r.strategy)) seen.set(r.strategy, r.label ?? labels[r.strategy] ?? r.strategy);
  return [...seen].map(([id, label]) => ({ id, label }));
}

/**
 * Cumulative discounted cost per patient over time; the crossover (cost-parity year) of each
 * strategy marked by a dashed rule and a label. Labels stack downwards from the top of the plot in
 * the order of their year, so close years never overlap; a label sits left of its rule in the right
 * half of the plot so it stays inside the chart.
 * @param {{years: number, cumulative_cost: number, strategy: string, label?: string}[]} rows
 * @param {{width?: number, money?: string, parity?: {strategy: string, year: number | null}[], height?: number, labels?: Record<string, string>}} [options] money: "USD 2025"; labels: strategy id -> label
 * @returns {ReturnType<typeof Plot.plot>}
 */
export function cumulativeCostChart(rows, { width = 640, money, parity = [], height = 320, labels = {} } = {}) {
  const strategies = strategiesOf(rows, labels);
  const name = new Map(strategies.map((s) => [s.id, s.label]));
  const maxYears = Math.max(...rows.map((r) => r.years));
  const maxCost = Math.max(...rows.map((r) => r.cumulative_cost));
  const narrow = width < 600;
  const marks = parity
    .filter((d) => d.year !== null)
    .sort((a, b) => Number(a.year) - Number(b.year))
    .map((d, i) => ({
      ...d,
      text: `${narrow ? shortLabel(name.get(d.strategy) ?? d.strategy) : (name.get(d.strategy) ?? d.strategy)}: parity at ${Number(d.year).toFixed(1)} y`,
      y: maxCost * (1 - 0.09 * i),
      right: Number(d.year) > maxYears / 2,
    }));
  return Plot.plot({
    width,
    height,
    marginLeft: 60,
    marginRight: 20,
    ...X_AXIS_BELOW,
    title: "Cumulative discounted cost per patient",
    x: { label: "Years from the treatment decision", grid: true, ...X_LABEL_BELOW },
    y: { label: `Cumulative discounted cost (${money})`, grid: true, zero: true, tickFormat: moneyTick },
    color: strategyColor(strategies),
    marks: [
      Plot.ruleY([0]),
      Plot.line(rows, {
        x: "years",
        y: "cumulative_cost",
        stroke: "strategy",
        strokeWidth: 2,
        tip: { format: { cumulative_cost: ",.0f", stroke: (id) => name.get(id) ?? id } },
      }),
      Plot.ruleX(marks, { x: "year", stroke: "strategy", strokeDasharray: "4,3" }),
      Plot.text(
        marks.filter((d) => !d.right),
        {
          x: "year",
          y: "y",
          text: "text",
          dx: 4,
          textAnchor: "start",
          fill: "strategy",
          fontSize: 10,
          stroke: "white",
          strokeWidth: 3,
          paintOrder: "stroke",
          className: "parity-label",
        },
      ),
      Plot.text(
        marks.filter((d) => d.right),
        {
          x: "year",
          y: "y",
          text: "text",
          dx: -4,
          textAnchor: "end",
          fill: "strategy",
          fontSize: 10,
          stroke: "white",
          strokeWidth: 3,
          paintOrder: "stroke",
          className: "parity-label",
        },
      ),
    ],
  });
}

/**
 * A short name for narrow charts: "Bespoke autologous CAR T" -> "Autologous", "Lifelong standard of
 * care" -> "SoC", a long comparator name -> its initials ("AHSCT"), else the name without its
 * parenthesis.
 */
export function shortLabel(/** @type {string} */ label) {
  const cart = /(autologous|allogeneic|in-vivo) CAR T/i.exec(label);
  if (cart) return cart[1][0].toUpperCase() + cart[1].slice(1);
  if (/standard of care/i.test(label)) return "SoC";
  const bare = label.replace(/\s*\(.*\)\s*/, "").trim();
  return bare.length > 24
    ? bare
        .split(/\s+/)
        .map((w) => w[0].toUpperCase())
        .join("")
    : bare;
}

/**
 * Discounted cost per patient by component, one bar per strategy.
 * @param {{label: string, cost: number, component_label: string}[]} rows
 * @param {{width?: number, money?: string, height?: number}} [options]
 * @returns {ReturnType<typeof Plot.plot>}
 */
export function componentChart(rows, { width = 640, money, height = 260 } = {}) {
  const narrow = width < 600;
  return Plot.plot({
    width,
    height,
    marginLeft: narrow ? 80 : 190, // on a phone, short strategy names (shortLabel)
    marginRight: 20,
    ...X_AXIS_BELOW,
    title: "Discounted cost per patient by component",
    x: { label: `Discounted cost (${money})`, grid: true, tickFormat: moneyTick, ...X_LABEL_BELOW },
    y: { label: null, tickFormat: narrow ? shortLabel : undefined },
    color: { legend: true, label: "Component", scheme: "tableau10" },
    marks: [
      Plot.barX(rows, {
        y: "label",
        x: "cost",
        fill: "component_label",
        tip: { format: { cost: ",.0f" } },
        sort: { y: null },
      }),
      Plot.ruleX([0]),
    ],
  });
}

/**
 * Discounted QALYs and life years per patient.
 * @param {{label: string, value: number, strategy: string, measure: string}[]} rows
 * @param {{width?: number, height?: number}} [options]
 * @returns {ReturnType<typeof Plot.plot>}
 */
export function outcomesChart(rows, { width = 640, height = 220 } = {}) {
  const narrow = width < 600;
  return Plot.plot({
    width,
    height,
    marginLeft: narrow ? 80 : 190, // on a phone, short strategy names (shortLabel)
    marginRight: 70, // room for the facet labels (Life years, QALYs)
    ...X_AXIS_BELOW,
    title: "Discounted QALYs and life years per patient",
    x: { label: "Per patient (discounted QALYs or life years)", grid: true, ...X_LABEL_BELOW },
    y: { label: null, tickFormat: narrow ? shortLabel : undefined },
    fy: { label: null },
    color: strategyColor(strategiesOf(rows)),
    marks: [
      Plot.barX(rows, {
        y: "label",
        x: "value",
        fill: "strategy",
        fy: "measure",
        tip: { format: { value: ".3f", fill: false } },
        sort: { y: null },
      }),
      Plot.ruleX([0]),
    ],
  });
}

export const THRESHOLD_KINDS = ["cost-neutral price", "cost-effective price", "default price"];

/**
 * Threshold product prices per infusion: the cost-neutral price (filled dot), the cost-effective
 * price (open dot) and the default price (cross) of every platform in every disease. Three marks,
 * one per kind: mapping fill "none" through a colour scale would drop the open dots. Plot's symbol
 * legend cannot tell a filled from an open circle, so the legend is drawn here (swatches in the
 * markup Plot uses, so chart exports pick it up).
 * @param {{disease: string, strategy: string, neutral: number, effective: number, current: number}[]} rows
 * @param {{width?: number, money?: string, wtp?: number, labels?: Record<string, string>, height?: number}} [options] money: "USD 2025"; wtp: per QALY, for the legend
 */
export function thresholdChart(rows, { width = 640, money = "", wtp, labels = {}, height = 520 } = {}) {
  const narrow = width < 600;
  const platforms = [...new Set(rows.map((r) => r.strategy))];
  const fyLabel = (/** @type {string} */ d) => (narrow ? shortLabel(labels[d] ?? d) : (labels[d] ?? d));
  // Tips name the disease, platform and kind in words (not the ids of the scales).
  const tip = (/** @type {string} */ kind) => ({
    channels: {
      Disease: "disease",
      Platform: (/** @type {any} */ d) => labels[d.strategy] ?? d.strategy,
      Kind: () => kind,
    },
    tip: { format: { x: ",.0f", y: false, fy: false, stroke: false, fill: false, symbol: false } },
  });
  const figure = Plot.plot({
    width,
    height,
    marginLeft: narrow ? 110 : 140,
    marginRight: narrow ? 80 : 200,
    ...X_AXIS_BELOW,
    title: `Threshold product prices per infusion (${money})`,
    x: { label: `Price per infusion (${money})`, grid: true, tickFormat: moneyTick, ...X_LABEL_BELOW },
    y: { label: null },
    fy: { label: null, domain: platforms, tickFormat: fyLabel },
    color: strategyColor(platforms.map((id) => ({ id, label: labels[id] ?? id }))),
    marks: [
      Plot.ruleX([0]),
      // The open ring is a little larger and drawn first, so a filled dot at the same price shows inside it.
      Plot.dot(rows, {
        x: "effective",
        y: "disease",
        fy: "strategy",
        fill: "white",
        stroke: "strategy",
        strokeWidth: 1.5,
        r: 6,
        symbol: "circle",
        className: "mark-effective",
        ...tip(THRESHOLD_KINDS[1]),
      }),
      Plot.dot(rows, {
        x: "neutral",
        y: "disease",
        fy: "strategy",
        fill: "strategy",
        stroke: "strategy",
        r: 4,
        symbol: "circle",
        className: "mark-neutral",
        ...tip(THRESHOLD_KINDS[0]),
      }),
      Plot.dot(rows, {
        x: "current",
        y: "disease",
        fy: "strategy",
        stroke: "black",
        strokeWidth: 1.5,
        r: 5,
        symbol: "times",
        className: "mark-default",
        ...tip(THRESHOLD_KINDS[2]),
      }),
    ],
  });
  const swatch = (/** @type {string} */ shape, /** @type {string} */ text) =>
    html`<span class="legend-swatch"
      ><svg width="15" height="15" viewBox="-8 -8 16 16" aria-hidden="true">${svgShape(shape)}</svg>${text}</span
    >`;
  const legend = html`<div class="chart-legend" aria-label="Legend">
    ${[
      swatch("filled", "cost-neutral price (costs the same as SoC)"),
      swatch("open", `cost-effective price${wtp === undefined ? "" : ` at ${wtp.toLocaleString("en-US")} per QALY`}`),
      swatch("times", "default price"),
    ]}
  </div>`;
  // Plot returns a figure when the chart has a title: the legend goes under the title.
  const title = figure.querySelector("h2");
  if (title) title.after(legend);
  return figure;
}

/** A legend symbol in a 16 × 16 box centred on 0: a filled or open circle, or a cross. */
function svgShape(/** @type {string} */ shape) {
  return shape === "times"
    ? svg`<path d="M-4.5,-4.5L4.5,4.5M4.5,-4.5L-4.5,4.5" stroke="black" stroke-width="1.5"></path>`
    : svg`<circle r="5" stroke="#374151" stroke-width="1.5" fill=${shape === "filled" ? "#374151" : "white"}></circle>`;
}
