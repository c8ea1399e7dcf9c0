// Charts of the Compare page (issue [10], item 2): scenarios overlaid, each chart titled, with a
// legend naming the scenarios and axes with units (money with currency and price year).
import * as Plot from "@observablehq/plot";
import { moneyTick, X_AXIS_BELOW, X_LABEL_BELOW } from "./format.js";

/**
 * The frame both charts share: a title, a money y axis, the scenarios as the colour legend.
 * @param {{width?: number, height: number, title: string, x: Record<string, unknown>, y: Record<string, unknown>, marks: any[], symbol?: Record<string, unknown>}} options
 */
function scenarioPlot({ width, height, title, x, y, marks, symbol }) {
  return Plot.plot({
    width,
    height,
    marginLeft: 80,
    ...X_AXIS_BELOW,
    title,
    x: { grid: true, ...X_LABEL_BELOW, ...x },
    y: { grid: true, tickFormat: moneyTick, ...y },
    color: { legend: true, label: "Scenario" },
    ...(symbol ? { symbol } : {}),
    marks: [Plot.ruleY([0]), ...marks],
  });
}

/**
 * Cost-effectiveness plane: every CAR T platform of every scenario against that scenario's SoC.
 * @param {{name: string, label: string, incremental_qalys: number, incremental_cost: number}[]} rows
 * @param {{width?: number, money?: string, height?: number}} [options] money: "USD 2025", or "mixed currencies"
 */
export function comparePlane(rows, { width, money = "", height = 340 } = {}) {
  return scenarioPlot({
    width,
    height,
    title: "Incremental cost and QALYs against lifelong standard of care, per patient",
    // Inset: the extreme points' symbols (r = 5) sit inside the axes, not on the frame's edge.
    x: { label: "Incremental QALYs (discounted)", inset: 12 },
    y: { label: `Incremental cost (${money}, discounted)`, inset: 12 },
    symbol: { legend: true, label: "Strategy" },
    marks: [
      Plot.ruleX([0]),
      Plot.dot(rows, {
        x: "incremental_qalys",
        y: "incremental_cost",
        stroke: "name",
        symbol: "label",
        r: 5,
        strokeWidth: 2,
        tip: { format: { incremental_cost: ",.0f", incremental_qalys: ".3f" } },
      }),
    ],
  });
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
