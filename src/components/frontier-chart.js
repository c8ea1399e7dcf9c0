// The cost-effectiveness plane with the efficient frontier (issue [10], item 3).
import * as Plot from "@observablehq/plot";
import { moneyTick } from "./format.js";

const STATUS = {
  domain: ["reference", "frontier", "extendedly dominated", "dominated", "identical"],
  range: ["#111827", "#1f77b4", "#d97706", "#b91c1c", "#6b7280"],
};

/**
 * Every strategy at (effect, cost); the frontier joined in order of cost; each dot labelled with its strategy and status.
 * @param {{label: string, cost: number, effect: number, status: string}[]} rows
 * @param {{width?: number, money?: string, effect?: string, height?: number}} [options] effect: "QALYs" or "evLYs"
 */
export function frontierChart(rows, { width, money = "", effect = "QALYs", height = 380 } = {}) {
  const frontier = rows
    .filter((d) => d.status === "reference" || d.status === "frontier")
    .sort((a, b) => a.cost - b.cost);
  return Plot.plot({
    width,
    height,
    marginLeft: 80,
    marginRight: 20,
    title: `Cost-effectiveness plane and efficient frontier (${effect}), per patient, discounted`,
    x: { label: `Discounted ${effect} per patient`, grid: true },
    y: { label: `Discounted cost per patient (${money})`, grid: true, tickFormat: moneyTick },
    color: { ...STATUS, legend: true, label: "Status" },
    marks: [
      Plot.line(frontier, { x: "effect", y: "cost", stroke: "#1f77b4", strokeWidth: 1.5 }),
      Plot.dot(rows, {
        x: "effect",
        y: "cost",
        fill: "status",
        r: 5,
        tip: { format: { cost: ",.0f", effect: ".3f" } },
      }),
      Plot.text(rows, { x: "effect", y: "cost", text: "label", dy: -9, fontSize: 10, lineWidth: 14 }),
    ],
  });
}
