// Charts of the Compare page (issue [10], item 2): scenarios overlaid, each chart titled, with a
// legend naming the scenarios and axes with units (money with currency and price year).
import * as Plot from "@observablehq/plot";
import { moneyTick, X_AXIS_BELOW, X_LABEL_BELOW } from "./format.js";
import { wtpLineMarks } from "./charts.js";

/**
 * The frame both charts share: a title, a money y axis, the scenarios as the colour legend.
 * @param {{width?: number, height: number, title: string, x: Record<string, unknown>, y: Record<string, unknown>, marks: any[], symbol?: Record<string, unknown>, caption?: string}} options
 */
function scenarioPlot({ width, height, title, x, y, marks, symbol, caption }) {
  return Plot.plot({
    width,
    height,
    marginLeft: 80,
    ...X_AXIS_BELOW,
    title,
    caption,
    x: { grid: true, ...X_LABEL_BELOW, ...x },
    y: { grid: true, tickFormat: moneyTick, ...y },
    color: { legend: true, label: "Scenario" },
    ...(symbol ? { symbol } : {}),
    marks: [Plot.ruleY([0]), ...marks],
  });
}

const SIDE_PX = 10; // px between the centres of coincident points drawn side by side
// Two points of the plane coincide when both differences are below these (one dot would hide the
// other at any size the page draws): 0.0001 QALYs, the 4th decimal the tables show, and 1 money unit.
export const COINCIDENT_QALYS = 1e-4;
export const COINCIDENT_COST = 1;

/**
 * Points of the plane that coincide (incremental QALYs less than COINCIDENT_QALYS apart and cost
 * less than COINCIDENT_COST apart, or a chain of such points), each with its horizontal offset in px
 * so all show side by side, centred on the true point; and the groups of coincident points, for the
 * chart's note. Differences, not rounded keys: -0.00001 and 0.00001 QALYs are one point (toFixed(4)
 * wrote them "-0.0000" and "0.0000"), and so are 1.00004 and 1.00006 (either side of a rounding step).
 * @template {{name: string, label: string, incremental_qalys: number, incremental_cost: number}} R
 * @param {R[]} rows
 * @returns {{rows: (R & {offset: number})[], groups: R[][]}}
 */
export function spreadCoincident(rows) {
  const near = (/** @type {R} */ a, /** @type {R} */ b) =>
    Math.abs(a.incremental_qalys - b.incremental_qalys) < COINCIDENT_QALYS &&
    Math.abs(a.incremental_cost - b.incremental_cost) < COINCIDENT_COST;
  // Groups in the order of their first row, rows in input order; a row near rows of two groups joins them.
  /** @type {R[][]} */
  let groups = [];
  for (const r of rows) {
    const joined = groups.filter((g) => g.some((x) => near(x, r)));
    const merged = [...joined.flat(), r];
    const first = joined.length ? groups.indexOf(joined[0]) : groups.length;
    groups = groups.filter((g) => !joined.includes(g));
    groups.splice(first, 0, merged);
  }
  const order = new Map(rows.map((r, i) => [r, i]));
  for (const g of groups) g.sort((a, b) => Number(order.get(a)) - Number(order.get(b)));
  const offset = new Map();
  for (const g of groups) g.forEach((r, k) => offset.set(r, (k - (g.length - 1) / 2) * SIDE_PX));
  return {
    rows: rows.map((r) => ({ ...r, offset: offset.get(r) })),
    groups: groups.filter((g) => g.length > 1),
  };
}

/**
 * The note under the plane naming the points drawn side by side: "Same point, drawn side by side:
 * In-vivo CAR T in A = B." One clause per group; "" when no points coincide.
 * @param {{name: string, label: string}[][]} groups
 */
export function coincidentNote(groups) {
  if (!groups.length) return "";
  const clause = (/** @type {{name: string, label: string}[]} */ g) => {
    const labels = [...new Set(g.map((r) => r.label))];
    const names = [...new Set(g.map((r) => r.name))];
    // One strategy in several scenarios, or several strategies of one scenario, or any mix.
    if (labels.length === 1) return `${labels[0]} in ${names.join(" = ")}`;
    if (names.length === 1) return `${labels.join(" = ")} in ${names[0]}`;
    return g.map((r) => `${r.label} (${r.name})`).join(" = ");
  };
  return `Same point, drawn side by side: ${groups.map(clause).join("; ")}.`;
}

/**
 * Cost-effectiveness plane: every CAR T platform of every scenario against that scenario's SoC.
 * Points that coincide (a platform a scenario does not change) are drawn side by side and named in
 * the chart's note (spreadCoincident), so none hides another.
 * @param {{name: string, label: string, incremental_qalys: number, incremental_cost: number}[]} rows
 * With `wtp` (every scenario's threshold, when they share one and a currency), the threshold line:
 * points below it are cost-effective at that threshold; the scales then span the points and the
 * origin, and the line is clipped to them.
 * @param {{width?: number, money?: string, height?: number, wtp?: number | null}} [options] money: "USD 2025", or "mixed currencies"
 */
export function comparePlane(rows, { width, money = "", height = 340, wtp = null } = {}) {
  const spread = spreadCoincident(rows);
  const xs = [0, ...rows.map((r) => r.incremental_qalys)];
  const ys = [0, ...rows.map((r) => r.incremental_cost)];
  const x0 = Math.min(...xs),
    x1 = Math.max(...xs);
  const line = wtpLineMarks({ x0, x1, wtp, currency: money });
  // With the line, the scales are the points' and the origin's (the line's ends would stretch them).
  const domains = line.length
    ? { x: { domain: [x0, x1], nice: true }, y: { domain: [Math.min(...ys), Math.max(...ys)], nice: true } }
    : { x: {}, y: {} };
  const offsets = [...new Set(spread.rows.map((r) => r.offset))];
  const note = coincidentNote(spread.groups);
  const figure = scenarioPlot({
    width,
    height,
    title: "Incremental cost and QALYs against lifelong standard of care, per patient",
    // Inset: the extreme points' symbols (r = 5) sit inside the axes, not on the frame's edge.
    x: { label: "Incremental QALYs (discounted)", inset: 12 + SIDE_PX, ...domains.x },
    y: { label: `Incremental cost (${money}, discounted)`, inset: 12, ...domains.y },
    symbol: { legend: true, label: "Strategy" },
    marks: [
      Plot.ruleX([0]),
      ...line,
      // One mark per offset: Plot's dx is a constant of a mark, not a channel.
      ...offsets.map((dx) =>
        Plot.dot(
          spread.rows.filter((r) => r.offset === dx),
          {
            x: "incremental_qalys",
            y: "incremental_cost",
            dx,
            stroke: "name",
            symbol: "label",
            r: 5,
            strokeWidth: 2,
            className: dx === 0 ? "plane-point" : "plane-point plane-point-spread",
            tip: { format: { incremental_cost: ",.0f", incremental_qalys: ".3f" } },
          },
        ),
      ),
    ],
    caption: note || undefined,
  });
  // A note the reader needs, not a caption: set as the page's other notes (.muted), style.css.
  figure.querySelector?.("figcaption")?.classList.add("chart-note");
  return figure;
}

/**
 * Cumulative discounted cost of each scenario's CAR T platform (solid) and SoC (dashed).
 * @param {{name: string, series: string, kind: string, years: number, cumulative_cost: number}[]} rows
 * @param {{width?: number, money?: string, height?: number}} [options]
 */
export function compareCumulative(rows, { width, money = "", height = 320 } = {}) {
  // One line per scenario and series: the platforms solid (with tips), SoC thinner and dashed.
  const lines = (/** @type {boolean} */ soc) =>
    Plot.line(
      rows.filter((d) => (d.kind === "soc") === soc),
      {
        x: "years",
        y: "cumulative_cost",
        stroke: "name",
        z: "series",
        ...(soc
          ? { strokeWidth: 1.5, strokeDasharray: "5,3" }
          : { strokeWidth: 2, tip: { format: { cumulative_cost: ",.0f" } } }),
      },
    );
  return scenarioPlot({
    width,
    height,
    title: "Cumulative discounted cost per patient: CAR T platform (solid) and standard of care (dashed)",
    x: { label: "Years from the treatment decision" },
    y: { label: `Cumulative discounted cost (${money})`, zero: true },
    marks: [lines(false), lines(true)],
  });
}
