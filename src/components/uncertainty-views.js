// Charts of the Uncertainty page, in Plot's shape chart(data, {width, ...options}): CEAC/CEAF (and
// its light streaming preview), CE plane, tornado, EVPPI bars, expected loss, convergence, two-way map.
import * as Plot from "@observablehq/plot";
import { moneyTick, valueTick } from "./format.js";
import { shortLabel, strategyColor, wtpLineMarks } from "./charts.js";
import { svg } from "htl";
import { fitText, plotTextWidth } from "./text-width.js";

/** @typedef {{wtp: number, strategy: string, probability: number, onFrontier?: boolean}} CeacPoint */

/**
 * Room below a chart for the x tick labels and, under them, the axis label. With Plot's defaults
 * (marginBottom 30) the label sat on the rightmost tick labels ("300k" under "Willingness to pay…")
 * and at some widths ran off the SVG's lower edge (the CE plane's "Incremental QALYs vs …").
 */
const X_AXIS_BELOW = { marginBottom: 44 };
const X_LABEL_BELOW = { labelOffset: 38 };
/** Left margin for money ticks with a minus sign ("−800k" ran off the left edge at Plot's 40 px). */
const MONEY_LEFT = 52;

/**
 * The colour of each strategy, as on every page of the report (charts.js strategyColor: SoC and the
 * CAR T platforms their fixed colours, other comparators the next comparator colour in model order),
 * for charts whose data name the strategies: the legend lists those shown, in model order, and a
 * chart showing only some of them (the CE plane, the two-way map, the running preview) keeps each
 * one's colour.
 * @param {string[]} ids every strategy of the model, in model order
 * @param {string[]} names their names as the charts show them (same order)
 * @param {string[]} [shown] the names the chart shows (default: all)
 * @returns {{domain: string[], range: string[]}}
 */
export function strategyColors(ids, names, shown = names) {
  const { range } = strategyColor(ids.map((id, i) => ({ id, label: names[i] ?? id })));
  const domain = names.filter((n) => shown.includes(n));
  return { domain, range: domain.map((n) => range[names.indexOf(n)]) };
}

/**
 * The colour option of a chart of named rows: `colors` restricted to the strategies in `rows`, or
 * Plot's own scheme without them (uploaded samples of any model).
 * @param {{strategy: string}[]} rows
 * @param {{ids: string[], names: string[]} | undefined} palette
 */
function colorOf(rows, palette) {
  if (!palette) return { legend: true };
  const shown = [...new Set(rows.map((d) => d.strategy))];
  return { legend: true, ...strategyColors(palette.ids, palette.names, shown) };
}

/**
 * CEAC with the CEAF marked: rows {wtp, strategy, probability, onFrontier}.
 * @param {CeacPoint[]} curves
 * @param {{width?: number, currency?: string, legend?: boolean, height?: number, xLabel?: string, palette?: {ids: string[], names: string[]}}} [options]
 *   `xLabel`: the x axis's label when the effect is not QALYs in a known currency (uploaded samples);
 *   `palette`: the model's strategy ids and names, for the report's colours (strategyColors)
 */
export function ceacChart(
  curves,
  {
    width,
    currency = "",
    legend = true,
    height = 300,
    xLabel = `Willingness to pay per QALY (${currency})`,
    palette,
  } = {},
) {
  return Plot.plot({
    width,
    height,
    ...X_AXIS_BELOW,
    x: { label: xLabel, tickFormat: moneyTick, ...X_LABEL_BELOW },
    y: { label: "Probability cost-effective", domain: [0, 1] },
    color: { ...colorOf(curves, palette), legend },
    caption: "● on a curve: the frontier (CEAF), the strategy of highest mean net benefit at that willingness to pay.",
    marks: [
      Plot.line(curves, { x: "wtp", y: "probability", stroke: "strategy" }),
      Plot.dot(
        curves.filter((d) => d.onFrontier),
        {
          x: "wtp",
          y: "probability",
          r: 2.5,
          fill: "currentColor",
          title: () => "CEAF: strategy of highest mean net benefit",
        },
      ),
      Plot.ruleY([0]),
    ],
  });
}

/**
 * @typedef {object} PartialCeac the PSA worker's running CEAC (src/components/psa-worker.js)
 * @property {string[]} strategies the strategies' names, as the preview shows them
 * @property {string[]} [ids] their ids (for the report's colours)
 * @property {Float64Array} wtps
 * @property {Float64Array} probability strategy-major: probability[s * wtps.length + i]
 */

/** Least vertical distance between two strategy names at the right end of the preview, px (10 px text). */
const LABEL_GAP = 11;

/**
 * A light CEAC preview while a PSA runs: one polyline per strategy, probability 0–1 against WTP,
 * strategies named at the right end, in the colours of the finished charts (strategyColors). Built
 * once; `update(ceac)` only moves the polylines' points (a few attribute writes, no new nodes).
 * Hand-written SVG rather than Plot because it is redrawn on the main thread while draws stream in,
 * where each task must stay far below the 100 ms budget on a slow machine; the finished run shows
 * the full Plot chart (ceacChart).
 * @param {{width?: number, height?: number, currency?: string}} [options]
 * @returns {SVGSVGElement & {update: (ceac: PartialCeac) => void}}
 */
export function ceacPreview({ width = 640, height = 200, currency = "" } = {}) {
  const [left, right, top, bottom] = [40, 110, 22, 34];
  const y = (/** @type {number} */ p) => top + (height - top - bottom) * (1 - p);
  /** @type {SVGTextElement} */
  // Anchored at its end: centred, "300,000" ran under the name of a strategy whose curve ends at 0.
  const maxLabel = svg`<text x="${width - right}" y="${y(0) + 13}" font-size="10" text-anchor="end"></text>`;
  /** @type {SVGGElement} */
  const lines = svg`<g></g>`;
  const xTitle = `Willingness to pay per QALY (${currency}) →`;
  const root = /** @type {SVGSVGElement & {update: (ceac: PartialCeac) => void}} */ (
    // Plot's font (it sets font-family="system-ui, sans-serif" on its charts' SVG), not the page's serif.
    svg`<svg class="ceac-preview" width="${width}" height="${height}" font-family="system-ui, sans-serif" role="img" aria-label="CEAC of the draws so far: probability cost-effective by willingness to pay">
    <line x1="${left}" x2="${width - right}" y1="${y(0)}" y2="${y(0)}" stroke="currentColor"></line><line x1="${left}" x2="${left}" y1="${y(0)}" y2="${y(1)}" stroke="currentColor"></line>
    <text x="${left - 4}" y="${y(1) + 4}" font-size="10" text-anchor="end">1</text><text x="${left - 4}" y="${y(0)}" font-size="10" text-anchor="end">0</text>
    <text x="${left}" y="${y(0) + 13}" font-size="10" text-anchor="middle">0</text>
    <text class="y-title" x="${left - 36}" y="10" font-size="10">↑ Probability cost-effective</text>
    <text class="x-title" x="${width - right}" y="${height - 4}" font-size="10" text-anchor="end">${xTitle}</text>
    ${maxLabel}${lines}</svg>`
  );
  /** @type {{line: SVGPolylineElement, label: SVGTextElement}[]} */
  let marks = [];
  root.update = ({ strategies, ids, wtps, probability }) => {
    if (marks.length !== strategies.length) {
      const { domain, range } = strategyColors(ids ?? strategies, strategies);
      const color = (/** @type {string} */ s) => range[domain.indexOf(s)];
      marks = strategies.map((s) => ({
        line: svg`<polyline fill="none" stroke="${color(s)}" stroke-width="1.5"></polyline>`,
        // Short names ("Autologous", "SoC", "AHSCT") fit the right margin; the finished CEAC's legend has the full ones.
        label: svg`<text font-size="10" fill="${color(s)}">${shortLabel(s)}</text>`,
      }));
      lines.replaceChildren(...marks.flatMap((m) => [m.line, m.label]));
    }
    const k = wtps.length;
    const maxWtp = wtps[k - 1] || 1;
    const x = (/** @type {number} */ w) => left + ((width - left - right) * w) / maxWtp;
    maxLabel.textContent = Math.round(maxWtp).toLocaleString("en-US");
    marks.forEach(({ line, label }, s) => {
      let points = "";
      for (let i = 0; i < k; i++) points += `${x(wtps[i]).toFixed(1)},${y(probability[s * k + i]).toFixed(1)} `;
      line.setAttribute("points", points);
      label.setAttribute("x", String(x(wtps[k - 1]) + 4));
    });
    // End labels at their curves' last values, spread to at least LABEL_GAP px apart (curves that
    // end close together would print their names over each other).
    const ends = marks.map((_, s) => ({ s, y: y(probability[s * k + k - 1]) })).sort((p, q) => p.y - q.y);
    for (let i = 1; i < ends.length; i++) ends[i].y = Math.max(ends[i].y, ends[i - 1].y + LABEL_GAP);
    const over = ends.length ? ends[ends.length - 1].y - (height - 2) : 0;
    for (const e of ends) marks[e.s].label.setAttribute("y", String(e.y - Math.max(0, over)));
  };
  return root;
}

/**
 * Cost-effectiveness plane: rows {strategy, incrementalEffect, incrementalCost}. With `wtp`, the
 * threshold line (incremental cost = wtp × incremental QALYs, dashed, labelled): draws below it are
 * cost-effective at that threshold. The scales span the draws and the origin only; the line is
 * clipped to them, so a steep threshold does not flatten the cloud.
 * @param {{strategy: string, incrementalEffect: number, incrementalCost: number}[]} points
 * @param {{width?: number, currency?: string, comparator?: string, palette?: {ids: string[], names: string[]}, wtp?: number}} [options]
 */
export function cePlaneChart(points, { width, currency = "", comparator = "", palette, wtp } = {}) {
  // Extents by a loop: a spread of 100,000 draws × strategies overflows the call stack.
  let x0 = 0,
    x1 = 0,
    y0 = 0,
    y1 = 0;
  for (const p of points) {
    if (p.incrementalEffect < x0) x0 = p.incrementalEffect;
    if (p.incrementalEffect > x1) x1 = p.incrementalEffect;
    if (p.incrementalCost < y0) y0 = p.incrementalCost;
    if (p.incrementalCost > y1) y1 = p.incrementalCost;
  }
  const line = wtpLineMarks({ x0, x1, wtp, currency });
  return Plot.plot({
    width,
    height: 320,
    ...X_AXIS_BELOW,
    marginLeft: MONEY_LEFT,
    x: { label: `Incremental QALYs vs ${comparator}`, domain: [x0, x1], nice: true, ...X_LABEL_BELOW },
    y: {
      label: `Incremental cost vs ${comparator} (${currency})`,
      domain: [y0, y1],
      nice: true,
      tickFormat: moneyTick,
    },
    color: colorOf(points, palette),
    marks: [
      Plot.ruleX([0]),
      Plot.ruleY([0]),
      ...line,
      Plot.dot(points, { x: "incrementalEffect", y: "incrementalCost", stroke: "strategy", r: 1.5, opacity: 0.6 }),
    ],
  });
}

/** Height of a named row (tornado, EVPPI): an 11 px name in the upper half, its bar in the lower. */
const NAMED_ROW = 38;

/**
 * The y scale and name marks of a bar chart of named rows (tornado, EVPPI bars): each row's name on a
 * line of its own above its bar, across the plot's width. In a left margin (at most 40% of the width)
 * a 390 px chart held 20 characters, which cut "Relapse rate in remission (Off-the-shelf allogeneic
 * CAR T)" before the words that tell the platforms apart. A name wider than the plot (measured in
 * 11 px type, `fitText`) ends with "…"; the bar's title keeps it whole. `keys` are the rows' ids (unique),
 * `nameOf` their names. The band's inner padding of 0.5 leaves half of each row's 38 px for the
 * name; an outer padding of 0.25 makes the step exactly NAMED_ROW when the plot is NAMED_ROW × rows
 * high (`rowsHeight`).
 * @param {string[]} keys
 * @param {(key: string) => string} nameOf
 * @param {number} span the plot's width in px (the chart's less its margins)
 */
const namedRows = (keys, nameOf, span) => {
  const fit = (/** @type {string} */ d) => fitText(d, span, 11);
  return {
    y: { label: null, domain: keys, axis: null, paddingInner: 0.5, paddingOuter: 0.25 },
    names: Plot.text(keys, {
      y: (/** @type {string} */ k) => k,
      text: (/** @type {string} */ k) => fit(nameOf(k)),
      frameAnchor: "left",
      textAnchor: "start",
      dy: -NAMED_ROW / 2,
      fontSize: 11,
      // A white halo keeps a name legible where the tornado's base line crosses it (with a stroke,
      // Plot's text has no fill unless given one).
      fill: "currentColor",
      stroke: "white",
      strokeWidth: 3,
      paintOrder: "stroke",
    }),
  };
};

/** The height of a chart of `n` named rows with these top and bottom margins. */
const rowsHeight = (/** @type {number} */ n, /** @type {number} */ top, /** @type {number} */ bottom) =>
  NAMED_ROW * n + top + bottom;

/**
 * Ticks for a horizontal money axis `span` px long: Plot's one per 80 px, but at least 3, so a
 * narrow chart still shows a scale (a 390 px tornado showed "0" alone).
 * @param {number} span
 */
const moneyTicks = (span) => Math.max(3, Math.floor(span / 80));

/**
 * The width of a chart: the page's, but never below 300 px (Framework's width can be 0 for a moment
 * while a cell is laid out; Plot would then draw bars of negative width).
 */
const chartWidth = (/** @type {number | undefined} */ width) => Math.max(300, width ?? 640);

/** The tornado's legend: what each bar colour is. */
export const TORNADO_BOUNDS = ["Parameter at its low value", "Parameter at its high value"];

/**
 * Tornado: rows {parameter, inmbAtLow, inmbAtHigh}, sorted by swing; `base` the base-case INMB.
 * `name`: a parameter's name for the reader (its id by default); the name is drawn above its bars.
 * @param {{parameter: string, inmbAtLow: number, inmbAtHigh: number}[]} rows
 * @param {{width?: number, base: number, currency?: string, top?: number, caption?: string, name?: (id: string) => string}} options
 */
export function tornadoChart(rows, { width: w, base, currency = "", top = 15, caption, name = (id) => id }) {
  const width = chartWidth(w);
  const shown = rows.slice(0, top);
  // The legend says what a bar's colour means: a bare "low" / "high" was read as low or high INMB.
  const [low, high] = TORNADO_BOUNDS;
  const data = shown.flatMap((r) => [
    { parameter: r.parameter, bound: low, from: base, to: r.inmbAtLow },
    { parameter: r.parameter, bound: high, from: base, to: r.inmbAtHigh },
  ]);
  // Money ticks below may carry a minus sign: the left margin is theirs (MONEY_LEFT), not the names'.
  const marginTop = 30;
  const { y, names } = namedRows(
    shown.map((r) => r.parameter),
    name,
    width - MONEY_LEFT - 20,
  );
  return Plot.plot({
    width,
    height: rowsHeight(shown.length, marginTop, X_AXIS_BELOW.marginBottom),
    marginTop,
    marginLeft: MONEY_LEFT,
    ...X_AXIS_BELOW,
    x: {
      label: `Incremental net monetary benefit (${currency})`,
      tickFormat: moneyTick,
      ticks: moneyTicks(width - MONEY_LEFT - 20),
      ...X_LABEL_BELOW,
    },
    y,
    color: { legend: true, domain: TORNADO_BOUNDS },
    caption,
    marks: [
      Plot.barX(data, {
        y: "parameter",
        x1: "from",
        x2: "to",
        fill: "bound",
        title: (d) => (name(d.parameter) === d.parameter ? d.parameter : `${name(d.parameter)} (${d.parameter})`),
      }),
      Plot.ruleX([base]),
      names,
    ],
  });
}

/** @typedef {{parameters: string[], evppi: number, se?: number, method?: string}} EvppiRow */

/**
 * The label of an EVPPI row: a single parameter, or a group with its metamodel; `name` gives each
 * parameter's name (its id by default).
 * @param {EvppiRow} r
 * @param {(id: string) => string} [name]
 */
export const evppiLabel = (r, name = (id) => id) =>
  r.parameters.length === 1
    ? name(r.parameters[0])
    : `${r.parameters.map(name).join(" + ")} (${r.method === "gp" ? "GP" : "P-spline"})`;

/**
 * EVPPI bars with ±2 SE: single parameters and groups (groups in a second colour), each row's name
 * above its bar. `name`: a parameter's name for the reader (its id by default: uploaded samples).
 * @param {EvppiRow[]} rows
 * @param {{width?: number, currency?: string, name?: (id: string) => string}} [options]
 */
export function evppiChart(rows, { width: w, currency = "", name = (id) => id } = {}) {
  const width = chartWidth(w);
  const data = rows
    .map((r) => ({
      key: evppiLabel(r),
      label: evppiLabel(r, name),
      kind: r.parameters.length === 1 ? "parameter" : "group",
      evppi: r.evppi,
      // EVPPI is never negative (information cannot lose value in expectation), so the whisker
      // stops at 0: below it crossed the zero line into the parameter labels (at 390 px).
      lo: Math.max(0, r.evppi - 2 * (r.se ?? 0)),
      hi: r.evppi + 2 * (r.se ?? 0),
    }))
    .sort((a, b) => b.evppi - a.evppi);
  // The legend lists the kinds shown (a "group" swatch with no group was read as a missing bar).
  const kinds = ["parameter", "group"].filter((k) => data.some((d) => d.kind === k));
  const labelOf = new Map(data.map((d) => [d.key, d.label]));
  const marginLeft = 20;
  const marginTop = 30;
  const { y, names } = namedRows(
    data.map((d) => d.key),
    (k) => labelOf.get(k) ?? k,
    width - marginLeft - 20,
  );
  return Plot.plot({
    width,
    height: rowsHeight(data.length, marginTop, X_AXIS_BELOW.marginBottom),
    marginTop,
    marginLeft,
    ...X_AXIS_BELOW,
    x: {
      label: `EVPPI per patient (${currency}), ±2 SE (cut at 0)`,
      tickFormat: moneyTick,
      ticks: moneyTicks(width - marginLeft - 20),
      ...X_LABEL_BELOW,
    },
    y,
    color: {
      legend: true,
      domain: kinds,
      range: kinds.map((k) => (k === "parameter" ? "steelblue" : "#e08214")),
    },
    marks: [
      Plot.barX(data, {
        y: "key",
        x: "evppi",
        fill: "kind",
        title: (d) => (d.label === d.key ? d.key : `${d.label} (${d.key})`),
      }),
      Plot.ruleY(data, { y: "key", x1: "lo", x2: "hi" }),
      Plot.ruleX([0]),
      names,
    ],
  });
}

/**
 * Expected loss by WTP: rows {wtp, strategy, expectedLoss} (the net benefit given up, on average, by choosing each strategy).
 * @param {{wtp: number, strategy: string, expectedLoss: number}[]} curves
 * @param {{width?: number, currency?: string, xLabel?: string, yLabel?: string, palette?: {ids: string[], names: string[]}}} [options]
 *   `xLabel`, `yLabel`: the axes' labels when the effect is not QALYs in a known currency (uploaded samples)
 */
export function expectedLossChart(
  curves,
  {
    width,
    currency = "",
    xLabel = `Willingness to pay per QALY (${currency})`,
    yLabel = `Expected loss per patient (${currency})`,
    palette,
  } = {},
) {
  return Plot.plot({
    width,
    height: 280,
    ...X_AXIS_BELOW,
    marginLeft: MONEY_LEFT,
    x: { label: xLabel, tickFormat: moneyTick, ...X_LABEL_BELOW },
    y: { label: yLabel, tickFormat: moneyTick, zero: true },
    color: colorOf(curves, palette),
    marks: [Plot.line(curves, { x: "wtp", y: "expectedLoss", stroke: "strategy" }), Plot.ruleY([0])],
  });
}

/**
 * Running mean of incremental net benefit against the comparator as draws accumulate.
 * @param {{draws: number, strategy: string, meanIncrementalNb: number}[]} rows
 * @param {{width?: number, currency?: string, comparator?: string, palette?: {ids: string[], names: string[]}}} [options]
 */
export function convergenceChart(rows, { width, currency = "", comparator = "", palette } = {}) {
  return Plot.plot({
    width,
    height: 280,
    ...X_AXIS_BELOW,
    marginLeft: MONEY_LEFT,
    x: { label: "Draws", ...X_LABEL_BELOW },
    y: { label: `Running mean INB vs ${comparator} (${currency})`, tickFormat: moneyTick },
    color: colorOf(rows, palette),
    marks: [Plot.line(rows, { x: "draws", y: "meanIncrementalNb", stroke: "strategy" }), Plot.ruleY([0])],
  });
}

/**
 * Tick values of a band axis with rotated labels: every value if each band has room for its label
 * (about 36 px for "0.0200" at -30°), else every k-th, so labels never overlap on a narrow screen.
 * @param {unknown[]} values the cells' values along the axis (repeats allowed)
 * @param {number} span the axis length in px
 */
export function thinTicks(values, span) {
  const distinct = [...new Set(values)];
  const every = Math.max(1, Math.ceil((distinct.length * 36) / Math.max(1, span)));
  return distinct.filter((_, i) => i % every === 0);
}

/**
 * Two-way map: rows {[a], [b], optimal, inmb}; cells coloured by the optimal strategy (highest NMB)
 * or by the incremental NMB of autologous CAR T vs SoC (diverging around 0).
 * @param {Array<Record<string, any>>} rows
 * @param {{a: string, b: string, width?: number, currency?: string, fill?: "optimal" | "inmb", strategies?: string[], ids?: string[], units?: {a?: string | null, b?: string | null}, name?: (id: string) => string}} options
 *   `strategies`: every strategy of the model by name, and `ids` by id, so each keeps the colour it has in the other charts;
 *   `units`: each axis parameter's unit (null: none known, the id alone); `name`: a parameter's name
 *   for the axes and tips (its id by default; the id where the name and unit would not fit the width)
 */
export function twoWayChart(
  rows,
  { a, b, width: w, currency = "", fill = "optimal", strategies = [], ids = strategies, units = {}, name = (id) => id },
) {
  const width = chartWidth(w);
  // An axis label is one line (Plot does not wrap it): the name where it fits in Plot's 10 px
  // sans-serif, else the shorter id.
  const withUnit = (/** @type {string} */ id, /** @type {string | null | undefined} */ unit) => {
    const label = (/** @type {string} */ x) => (unit ? `${x} (${unit})` : x);
    return plotTextWidth(label(name(id))) <= width - 24 ? label(name(id)) : label(id);
  };
  const byInmb = fill === "inmb";
  return Plot.plot({
    width,
    height: Math.min(420, Math.max(240, width * 0.6)),
    marginLeft: 70,
    // Room for the y label above the cells.
    marginTop: 26,
    // Room for the rotated tick labels and the axis label below them. Plot sets a bottom label at the
    // SVG's lower edge, so its descenders (the underscore of r_relapse) were cut off: labelOffset
    // lifts it 8 px inside.
    marginBottom: 62,
    // Both labels run along the chart's width from an edge, with the arrow of rising values, as on the
    // report's other charts: centred, a long one ran past the SVG (at 390 px
    // "c_lymphodepletion__allogeneic (GBP 2024 per infusion)", about 280 px, upright beside cells
    // 150 px tall, and past the right edge below them).
    x: {
      label: withUnit(a, units.a),
      labelAnchor: "right",
      labelArrow: "right",
      labelOffset: 54,
      ticks: thinTicks(
        rows.map((d) => d[a]),
        width - 90,
      ),
      type: "band",
      tickFormat: valueTick,
      tickRotate: -30,
    },
    // Low values at the bottom, as on any map with a numeric y axis (a band scale puts its first value on top).
    y: {
      label: withUnit(b, units.b),
      labelAnchor: "top",
      labelArrow: "up",
      type: "band",
      reverse: true,
      tickFormat: valueTick,
    },
    color: byInmb
      ? { legend: true, type: "diverging", scheme: "RdBu", pivot: 0, label: `INMB autologous vs SoC (${currency})` }
      : {
          legend: true,
          label: "Optimal strategy",
          ...(strategies.length
            ? strategyColors(ids, strategies, [...new Set(rows.map((d) => d.optimal))])
            : { domain: [...new Set(rows.map((d) => d.optimal))] }),
        },
    marks: [
      Plot.cell(rows, {
        x: a,
        y: b,
        fill: byInmb ? "inmb" : "optimal",
        title: (d) =>
          `${name(a)} = ${d[a]}\n${name(b)} = ${d[b]}\noptimal: ${d.optimal}\nINMB autologous vs SoC: ${Math.round(d.inmb).toLocaleString("en-US")} ${currency}`,
      }),
    ],
  });
}
