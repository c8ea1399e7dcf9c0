// Charts of the CAR T results, in Plot's shape: chart(data, {width, ...options}). Every axis says
// its unit; money carries currency and price year. Legends and tips show labels, never strategy ids.
import * as Plot from "@observablehq/plot";
import { moneyTick, X_AXIS_BELOW, X_LABEL_BELOW } from "./format.js";
import { html, svg } from "htl";
import { plotTextWidth } from "./text-width.js";

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
 * Where the cost-parity labels of a cumulative cost chart go: one row each, in the order of their
 * year, in a band above the highest curve, so no curve, rule or other label crosses one. Returns the
 * y domain (the band's headroom added above `maxCost`), each label's y (data units, the middle of its
 * row) and the top of the rules (the band's bottom edge).
 * @param {number} maxCost the highest cumulative cost of any curve
 * @param {number} count how many labels
 * @param {number} frameHeight the plot's frame height in px
 * @param {number} [rowPx] px per label row
 * @returns {{domain: [number, number], rows: number[], ruleTop: number}}
 */
export function parityBand(maxCost, count, frameHeight, rowPx = 14) {
  if (count === 0) return { domain: [0, maxCost], rows: [], ruleTop: maxCost };
  // A band of count rows plus 6 px of air over the curves: its share of the frame, and the top of the
  // domain that gives it that share (band / frame = (top − maxCost) / top).
  const share = Math.min(0.6, (count * rowPx + 6) / frameHeight);
  const top = maxCost / (1 - share);
  const unit = top / frameHeight; // data units per px
  return {
    domain: [0, top],
    rows: Array.from({ length: count }, (_, i) => top - (i + 0.5) * rowPx * unit),
    ruleTop: maxCost + 3 * unit,
  };
}

/**
 * Round tick values 0, step, 2·step, … up to `max`, the step 1, 2 or 5 × 10^k giving about `count`
 * ticks: ticksUpTo(1.45e6, 7) -> 0, 200k, …, 1.4M.
 * @param {number} max @param {number} count @returns {number[]}
 */
export function ticksUpTo(max, count) {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  // The candidate step whose tick count is nearest `count` (like d3's ticks, not identical: d3 compares
  // the step's error against thresholds, so it can pick another step, e.g. 2 where this picks 5).
  const step = [1, 2, 5, 10]
    .map((m) => m * pow)
    .reduce((a, b) => (Math.abs(max / b - count) < Math.abs(max / a - count) ? b : a));
  return Array.from({ length: Math.floor(max / step + 1e-9) + 1 }, (_, i) => i * step);
}

/**
 * Cumulative discounted cost per patient over time; the crossover (cost-parity year) of each
 * strategy marked by a dashed rule and a label. The labels sit in a band above the curves (one row
 * each, in the order of their year: parityBand), so no curve crosses one; a label sits left of its
 * rule in the right half of the plot so it stays inside the chart.
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
  const [marginTop, marginBottom] = [20, X_AXIS_BELOW.marginBottom];
  const shown = parity.filter((d) => d.year !== null).sort((a, b) => Number(a.year) - Number(b.year));
  const band = parityBand(maxCost, shown.length, height - marginTop - marginBottom);
  const marks = shown.map((d, i) => ({
    ...d,
    text: `${narrow ? shortLabel(name.get(d.strategy) ?? d.strategy) : (name.get(d.strategy) ?? d.strategy)}: parity at ${Number(d.year).toFixed(1)} y`,
    y: band.rows[i],
    right: Number(d.year) > maxYears / 2,
  }));
  /** @param {boolean} right */
  const labelMarks = (right) =>
    Plot.text(
      marks.filter((d) => d.right === right),
      {
        x: "year",
        y: "y",
        text: "text",
        dx: right ? 3 : -3,
        textAnchor: right ? "end" : "start",
        fill: "strategy",
        fontSize: 10,
        stroke: "white",
        strokeWidth: 3,
        paintOrder: "stroke",
        className: "parity-label",
      },
    );
  return Plot.plot({
    width,
    height,
    marginTop,
    marginLeft: 60,
    marginRight: 20,
    marginBottom,
    title: "Cumulative discounted cost per patient",
    x: { label: "Years from the treatment decision", grid: true, ...X_LABEL_BELOW },
    // Explicit domain, not nice: the band's rows are computed in px of this domain.
    y: {
      label: `Cumulative discounted cost (${money})`,
      grid: true,
      domain: band.domain,
      nice: false,
      tickFormat: moneyTick,
      // Ticks up to the curves only: the band holds labels, not values.
      ticks: ticksUpTo(maxCost, narrow ? 5 : 7),
    },
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
      // Each rule runs from 0 up to the band (the label above it carries its colour and starts at its x).
      Plot.ruleX(marks, { x: "year", y1: 0, y2: band.ruleTop, stroke: "strategy", strokeDasharray: "4,3" }),
      labelMarks(false),
      labelMarks(true),
    ],
  });
}

/**
 * The threshold line of a cost-effectiveness plane, incremental cost = wtp × incremental QALYs from
 * x0 to x1 (dashed, clipped to the frame), labelled in the top-left corner: points below it are
 * cost-effective at that threshold. No marks when wtp is not a finite number or x1 <= x0. The chart
 * must set its y domain from its points: the line's own ends would otherwise stretch the scale.
 * @param {{x0: number, x1: number, wtp?: number | null, currency?: string}} line
 */
export function wtpLineMarks({ x0, x1, wtp, currency = "" }) {
  if (wtp === undefined || wtp === null || !Number.isFinite(wtp) || !(x1 > x0)) return [];
  return [
    Plot.line(
      [
        [x0, wtp * x0],
        [x1, wtp * x1],
      ],
      { stroke: "#666", strokeDasharray: "4,3", clip: true },
    ),
    Plot.text([`WTP ${wtp.toLocaleString("en-US")} ${currency} per QALY`], {
      frameAnchor: "top-left",
      dx: 4,
      dy: 4,
      fill: "#666",
      fontSize: 10,
    }),
  ];
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
/** The field of thresholdChart's rows that holds each of THRESHOLD_KINDS. */
const THRESHOLD_FIELDS = ["neutral", "effective", "current"];
/** A tip's widest line in ems (Plot's default, 20, cut "Cost-effective price per infusion (GBP 2024) 43,136" after "(GBP"). */
const TIP_EMS = 40;

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
  // Tips name the disease, platform and kind in words (not the ids of the scales), and the price under
  // the axis' whole label: Plot names x by the axis label and cuts a line past 20 ems ("…").
  const price = `Price per infusion (${money})`;
  const tip = (/** @type {string} */ kind) => ({
    channels: {
      [price]: THRESHOLD_FIELDS[THRESHOLD_KINDS.indexOf(kind)],
      Disease: "disease",
      Platform: (/** @type {any} */ d) => labels[d.strategy] ?? d.strategy,
      Kind: () => kind,
    },
    tip: {
      lineWidth: TIP_EMS,
      format: { [price]: ",.0f", x: false, y: false, fy: false, stroke: false, fill: false, symbol: false },
    },
  });
  const figure = Plot.plot({
    width,
    height,
    marginLeft: narrow ? 120 : 140, // 120: "SLE / lupus nephritis" and its tick (110 cut its "S" at 390 px)
    marginRight: narrow ? 80 : 200,
    ...X_AXIS_BELOW,
    title: `Threshold product prices per infusion (${money})`,
    // Inset: a dot at the lowest price sits inside the frame, off the y axis' tick marks and labels.
    // On a phone the plot is about 130 px wide: Plot's default (one tick per 80 px) left "0" alone, four
    // ticks overlapped ("0 200k400k600k"); one per 60 px, at least two (review s37).
    x: {
      label: `Price per infusion (${money})`,
      grid: true,
      tickFormat: moneyTick,
      inset: 12,
      ...(narrow ? { ticks: Math.max(2, Math.floor((width - 200) / 60)) } : {}),
      ...X_LABEL_BELOW,
    },
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

/**
 * The cost-effective price per infusion of every platform in every disease, one dot per platform in
 * the report's platform colours (strategyColor), one row per disease; dots of near-equal prices
 * (type 1 diabetes: allogeneic and in-vivo CAR T about 1,100 apart) are stacked within their row by
 * Plot's dodgeY transform, never drawn over one another. The x axis is inset so a dot at the lowest
 * price stays off the rows' labels.
 * @param {{disease: string, platform: string, cost_effective_price: number}[]} rows
 * @param {{width?: number, height?: number, money?: string, title?: string, labels?: Record<string, string>, diseaseLabels?: Record<string, string>}} [options]
 *   money: "GBP 2024"; labels: platform id -> name; diseaseLabels: disease id -> short name
 */
export function costEffectivePriceChart(
  rows,
  { width = 640, height = 340, money = "", title, labels = {}, diseaseLabels = {} } = {},
) {
  const platforms = [...new Set(rows.map((r) => r.platform))];
  const price = `Cost-effective price per infusion (${money})`;
  return Plot.plot({
    width,
    height,
    ...X_AXIS_BELOW,
    marginLeft: width < 600 ? 110 : 150,
    title,
    x: {
      label: price,
      grid: true,
      tickFormat: moneyTick,
      inset: 10,
      ...X_LABEL_BELOW,
    },
    // One facet row per disease: dodgeY stacks a row's dots around the row's middle.
    fy: {
      label: null,
      axis: "left",
      padding: 0,
      tickFormat: (/** @type {string} */ d) => diseaseLabels[d] ?? d,
    },
    color: strategyColor(platforms.map((id) => ({ id, label: labels[id] ?? id }))),
    marks: [
      Plot.ruleX([0]), // drawn in every row; rows without padding join it into one line
      Plot.dot(
        rows,
        Plot.dodgeY(
          { anchor: "middle", padding: 1.5 },
          {
            x: "cost_effective_price",
            fy: "disease",
            fill: "platform",
            r: 5,
            // The tip names the disease, not the facet's id, and the price under the axis' whole label
            // in a line wide enough for it (Plot's 20 ems cut it to "Cost-effective price per infusion (GBP…").
            channels: {
              [price]: "cost_effective_price",
              Disease: (/** @type {{disease: string}} */ r) => diseaseLabels[r.disease] ?? r.disease,
            },
            tip: {
              lineWidth: TIP_EMS,
              format: { [price]: ",.0f", x: false, fill: (/** @type {string} */ id) => labels[id] ?? id, fy: false },
            },
          },
        ),
      ),
    ],
  });
}

/**
 * The radius of parityScanChart's "no parity" triangles: 5 px, or less when the scan's points are
 * closer, so neighbours keep at least `gapPx` between their outlines. Plot's triangle of radius r has
 * the area of a circle of radius r (d3's symbolTriangle), so its base is r·√(4π/√3) ≈ 2.69 r wide;
 * the stroke adds its width. Never under 2.5 px, still visible.
 * @param {number[]} xs the scan's x values (any order)
 * @param {number} plotPx px between the x scale's first and last value
 * @param {{strokeWidth?: number, gapPx?: number}} [options]
 */
export function noParityRadius(xs, plotPx, { strokeWidth = 1.5, gapPx = 3 } = {}) {
  const sorted = [...new Set(xs)].sort((a, b) => a - b);
  const span = sorted[sorted.length - 1] - sorted[0];
  if (sorted.length < 2 || !(span > 0)) return 5;
  const step = Math.min(...sorted.slice(1).map((x, i) => x - sorted[i]));
  const stepPx = (step / span) * plotPx;
  const baseFactor = Math.sqrt((4 * Math.PI) / Math.sqrt(3));
  return Math.max(2.5, Math.min(5, (stepPx - strokeWidth - gapPx) / baseFactor));
}

// The payback target's name is set in Plot's 10 px sans-serif (its width: plotTextWidth); its box is
// 12 px high with the baseline 9.5 px below its top.
const TARGET_LINE_PX = 12;

/**
 * The line of parityScanChart in pixels: its segments between consecutive rates that both reach
 * parity (a lone point as a segment of length 0), as [x1, y1, x2, y2].
 * @param {{x: number, parity_year: number | null}[]} rows
 * @param {{x: (v: number) => number, y: (v: number) => number}} scales
 * @returns {[number, number, number, number][]}
 */
function linePoints(rows, scales) {
  const sorted = [...rows].sort((a, b) => a.x - b.x);
  /** @type {[number, number, number, number][]} */
  const segments = [];
  sorted.forEach((d, i) => {
    if (d.parity_year === null) return;
    const next = sorted[i + 1];
    const [x1, y1] = [scales.x(d.x), scales.y(d.parity_year)];
    if (next && next.parity_year !== null) segments.push([x1, y1, scales.x(next.x), scales.y(next.parity_year)]);
    else if (!(sorted[i - 1] && sorted[i - 1].parity_year !== null)) segments.push([x1, y1, x1, y1]);
  });
  return segments;
}

/**
 * Whether the segment [x1, y1, x2, y2] meets the box (Liang–Barsky clipping).
 * @param {[number, number, number, number]} segment
 * @param {{left: number, right: number, top: number, bottom: number}} box
 */
function segmentMeetsBox([x1, y1, x2, y2], box) {
  let [t0, t1] = [0, 1];
  const [dx, dy] = [x2 - x1, y2 - y1];
  for (const [p, q] of [
    [-dx, x1 - box.left],
    [dx, box.right - x1],
    [-dy, y1 - box.top],
    [dy, box.bottom - y1],
  ]) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

/**
 * Where a rule's label (w × h px) goes: above the rule at y px at the left end of the frame, else above
 * at the right end, below at the left, below at the right, else the leftmost place above and then
 * below the rule (in 2 px steps) that no segment of the line (in px, with `clear` px around it for its
 * dots and stroke) meets; null when there is none (the line crosses the rule's whole length near it).
 * @param {[number, number, number, number][]} segments
 * @param {{y: number, left: number, right: number, w: number, h: number, inset?: number, gap?: number, clear?: number}} frame
 *   left, right: the frame's ends; inset: from them; gap: between the rule and the label
 * @returns {{x: number, baseline: number, anchor: "start" | "end", box: {left: number, right: number, top: number, bottom: number}} | null}
 */
export function targetLabelPlace(segments, { y, left, right, w, h, inset = 4, gap = 3, clear = 3 }) {
  const [first, last] = [left + inset, right - inset - w]; // the label's left edge, start to end
  if (last < first) return null;
  /** @type {[boolean, number][]} above, left edge */
  const tries = [
    [true, first],
    [true, last],
    [false, first],
    [false, last],
  ];
  for (const above of [true, false]) for (let x = first + 2; x < last; x += 2) tries.push([above, x]);
  for (const [above, x] of tries) {
    const top = above ? y - gap - h : y + gap;
    const box = { left: x, right: x + w, top, bottom: top + h };
    const grown = { left: x - clear, right: x + w + clear, top: top - clear, bottom: top + h + clear };
    if (segments.some((s) => segmentMeetsBox(s, grown))) continue;
    // Anchored at the end it is nearer, so a label measured a little wide or narrow keeps its end.
    const end = x === last && x !== first;
    return { x: end ? x + w : x, baseline: top + 0.79 * h, anchor: end ? "end" : "start", box };
  }
  return null;
}

/**
 * A Plot mark (a render function) drawing `text` beside the rule at `target` years where
 * targetLabelPlace finds room clear of the line through `rows`, and nothing where it finds none;
 * `placed` hears which, while Plot draws.
 * @param {{x: number, parity_year: number | null}[]} rows
 * @param {number} target
 * @param {string} text
 * @param {(placed: boolean) => void} placed
 */
function targetLabelMark(rows, target, text, placed) {
  return (/** @type {any} */ _index, /** @type {any} */ scales, /** @type {any} */ _values, /** @type {any} */ dim) => {
    const place = targetLabelPlace(linePoints(rows, scales), {
      y: scales.y(target),
      left: dim.marginLeft,
      right: dim.width - dim.marginRight,
      w: plotTextWidth(text),
      h: TARGET_LINE_PX,
    });
    placed(place !== null);
    return place
      ? svg`<g class="payback-target-label" fill="#b91c1c" font-size="10"><text x=${place.x} y=${place.baseline} text-anchor=${place.anchor}>${text}</text></g>`
      : null;
  };
}

/**
 * Cost-parity year against a scanned input (the Durability page): the years of the points that reach
 * parity on a numeric axis, and the points that do not reach it within the model's horizon as open
 * triangles in a grey band above that axis' last tick, under their own legend entry and without a
 * value on the axis, so they are never read as a year; a dashed rule at the payback target; with
 * `base`, a dotted vertical rule at the scanned input's base value, named in the legend (the scan
 * showed no base case).
 * @param {{x: number, parity_year: number | null}[]} rows
 * @param {{width?: number, height?: number, target?: number, title?: string, xLabel?: string, base?: {x: number, label: string}}} [options] target: years
 */
export function parityScanChart(
  rows,
  { width = 640, height = 320, target, title = "Cost-parity year", xLabel = "", base } = {},
) {
  const reached = rows.filter((d) => d.parity_year !== null);
  const none = rows.filter((d) => d.parity_year === null);
  const topYear = Math.max(target ?? 0, ...reached.map((d) => Number(d.parity_year)), 1);
  const ticks = ticksUpTo(topYear, 6);
  // The numeric axis ends at the first tick at or above every year shown; the band sits above it.
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : topYear;
  const axisTop = ticks[ticks.length - 1] >= topYear ? ticks[ticks.length - 1] : ticks[ticks.length - 1] + step;
  const band = none.length ? { y1: axisTop + 0.08 * axisTop, y2: axisTop + 0.26 * axisTop } : null;
  const yNone = band ? (band.y1 + band.y2) / 2 : axisTop;
  const [marginLeft, marginRight, inset] = [60, 20, 8];
  const noneR = noParityRadius(
    rows.map((d) => d.x),
    width - marginLeft - marginRight - 2 * inset,
  );
  const targetText = `pay back within ${target} years`;
  let targetOnChart = false; // set while Plot draws: false when no place beside the rule is clear of the line
  const figure = Plot.plot({
    width,
    height,
    marginLeft,
    marginRight,
    ...X_AXIS_BELOW,
    title,
    x: { label: xLabel, inset, ...X_LABEL_BELOW },
    y: {
      label: "Cost parity with SoC (years from treatment)",
      grid: true,
      domain: [0, band ? band.y2 : axisTop],
      nice: false,
      ticks: [...ticks.filter((t) => t <= axisTop), ...(ticks.includes(axisTop) ? [] : [axisTop])],
    },
    marks: [
      band ? Plot.rectY([band], { y1: "y1", y2: "y2", fill: "#f3f4f6" }) : null,
      // The band's name in the axis' place (the legend says it in full), clear of the points in the band.
      band
        ? Plot.text(["no parity"], {
            y: yNone,
            frameAnchor: "left",
            textAnchor: "end",
            dx: -9,
            fontSize: 10,
            fill: "#4b5563",
            className: "no-parity-band-label",
          })
        : null,
      target === undefined ? null : Plot.ruleY([target], { stroke: "#b91c1c", strokeDasharray: "4,3" }),
      base ? Plot.ruleX([base.x], { stroke: "#6b7280", strokeDasharray: "1,3", strokeWidth: 1.5 }) : null,
      // The target's name beside its rule where the line leaves room (at 390 px the line crossed it at
      // the left end above the rule), else in the legend.
      target === undefined ? null : targetLabelMark(rows, target, targetText, (placed) => (targetOnChart = placed)),
      // Every point in x order, "no parity" as NaN: Plot breaks a line at NaN, so the line never
      // joins two years across rates that reach no parity (the triangles in the band stand there).
      Plot.line(rows, { x: "x", y: (d) => d.parity_year ?? NaN, sort: "x" }),
      Plot.dot(reached, {
        x: "x",
        y: "parity_year",
        fill: "currentColor",
        tip: { format: { y: ".1f" } },
        className: "parity-reached",
      }),
      Plot.dot(none, {
        x: "x",
        y: () => yNone,
        symbol: "triangle",
        r: noneR, // smaller at 390 px, where the scan's steps are about 11 px apart
        fill: "white",
        stroke: "currentColor",
        strokeWidth: 1.5,
        channels: { "Cost parity": () => "not within the horizon" },
        tip: { format: { y: false } },
        className: "parity-none",
      }),
    ],
  });
  const legend = html`<div class="chart-legend" aria-label="Legend">
    <span class="legend-swatch"
      ><svg width="15" height="15" viewBox="-8 -8 16 16" aria-hidden="true">
        <circle r="3.5" fill="#374151"></circle></svg
      >year of cost parity</span
    >
    ${
      none.length
        ? html`<span class="legend-swatch"
            ><svg width="15" height="15" viewBox="-8 -8 16 16" aria-hidden="true">
              <path d="M0,-5.5L5,3.5L-5,3.5Z" fill="white" stroke="#374151" stroke-width="1.5"></path></svg
            >no cost parity within the horizon (grey band: not a year)</span
          >`
        : null
    }
    ${
      target !== undefined && !targetOnChart
        ? html`<span class="legend-swatch payback-target-legend"
            ><svg width="15" height="15" viewBox="-8 -8 16 16" aria-hidden="true">
              <path d="M-7,0H7" stroke="#b91c1c" stroke-dasharray="4,3" stroke-width="1.5"></path></svg
            >${targetText}</span
          >`
        : null
    }
    ${
      base
        ? html`<span class="legend-swatch base-case-legend"
            ><svg width="15" height="15" viewBox="-8 -8 16 16" aria-hidden="true">
              <path d="M0,-7V7" stroke="#6b7280" stroke-dasharray="1,3" stroke-width="1.5"></path></svg
            >${base.label}</span
          >`
        : null
    }
  </div>`;
  // Plot returns a figure (the chart has a title): the legend goes under the title.
  figure.querySelector("h2")?.after(legend);
  return figure;
}
