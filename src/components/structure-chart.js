// Structure diagram of one disease's model as a from × to grid (Plot): a filled cell is a possible
// move in one cycle. Drawn from the states and transitions of the built model
// (src/data/structures.json.ts, src/cart/structure-graph.ts), so it cannot drift from the model.
import * as Plot from "@observablehq/plot";
import { plotTextWidth } from "./text-width.js";

/**
 * @param {{disease: string, label: string, states: {id: string, label: string}[], transitions: {from: string, to: string}[], stays: string[]}} structure
 * @param {{width?: number}} [options]
 * @returns {ReturnType<typeof Plot.plot>}
 */
export function structureChart(structure, { width } = {}) {
  const order = structure.states.map((s) => s.id);
  const n = order.length;
  const cell = Math.max(22, Math.min(40, ((width ?? 640) - 150) / n));
  // Column names stand upright (rotated a quarter turn): each takes one cell's width (>= 22 px, more
  // than a 10 px font's line), so neighbours cannot overlap as they did at -35°. The top margin holds
  // the longest name (measured in Plot's 10 px type) and the axis label above it.
  const marginTop = 36 + Math.max(...order.map((id) => plotTextWidth(id)));
  return Plot.plot({
    width: 150 + cell * n + 20,
    height: marginTop + 10 + cell * n,
    marginLeft: 150,
    marginTop,
    marginBottom: 10,
    x: { domain: order, axis: "top", label: "to (next cycle)", tickRotate: -90 },
    y: { domain: order, label: "from" },
    marks: [
      Plot.cell(
        order.flatMap((from) => order.map((to) => ({ from, to }))),
        {
          x: "to",
          y: "from",
          fill: "var(--theme-background-alt)",
          stroke: "var(--theme-foreground-faintest)",
          inset: 0.5,
        },
      ),
      Plot.cell(structure.stays, {
        x: (d) => d,
        y: (d) => d,
        fill: "#d9d9d9",
        inset: 0.5,
        title: (d) => `${d}: stays`,
      }),
      Plot.cell(structure.transitions, {
        x: "to",
        y: "from",
        fill: "#2166ac",
        inset: 0.5,
        title: (d) => `${d.from} → ${d.to}`,
      }),
    ],
    ariaLabel: `Possible transitions between the health states of the ${structure.label} model`,
  });
}
