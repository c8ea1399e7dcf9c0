// Charts of the Methods and Validation pages, in Plot's shape: chart(data, {width, ...options}).
import * as Plot from "@observablehq/plot";
import { X_AXIS_BELOW, X_LABEL_BELOW } from "./format.js";

export const STATUS_COLORS = { seen: "#1b7837", calculated: "#7fbf7b", assumption: "#d95f02" };
/** @type {Record<string, string>} */
const STATUS_LABELS = { seen: "Seen in a source", calculated: "Calculated from seen values", assumption: "Assumption" };

/**
 * Share of the inputs a CAR T arm reads, by evidence status, per disease (bars) and platform
 * (facets). `rows`: the `inputs` rows of data/evidence-status.json for one preset.
 * @param {Array<{disease_short: string, platform_short: string, total: number} & Record<"seen" | "calculated" | "assumption", number>>} rows
 * @param {{width?: number, preset?: string}} [options]
 * @returns {ReturnType<typeof Plot.plot>}
 */
export function evidenceStatusChart(rows, { width, preset = "" } = {}) {
  const long = rows.flatMap((r) =>
    /** @type {const} */ (["seen", "calculated", "assumption"]).map((status) => ({
      disease: r.disease_short,
      platform: r.platform_short,
      status,
      share: (100 * r[status]) / r.total,
      count: r[status],
      total: r.total,
    })),
  );
  const narrow = width !== undefined && width < 560;
  return Plot.plot({
    width,
    height: 90 + 3 * (narrow ? 150 : 135),
    marginLeft: narrow ? 120 : 150,
    marginRight: narrow ? 68 : 80,
    ...X_AXIS_BELOW,
    title: `Model inputs by evidence status, per disease and CAR T platform${preset ? ` (${preset} preset)` : ""}`,
    x: { label: "Share of the model's inputs (%)", domain: [0, 100], grid: true, ...X_LABEL_BELOW },
    y: { label: null },
    fy: { label: null, domain: ["Autologous", "Allogeneic", "In vivo"], axis: "right" },
    color: {
      legend: true,
      domain: Object.keys(STATUS_COLORS),
      range: Object.values(STATUS_COLORS),
      tickFormat: (s) => STATUS_LABELS[s],
      label: "Status",
    },
    marks: [
      Plot.barX(long, {
        x: "share",
        y: "disease",
        fy: "platform",
        fill: "status",
        order: ["seen", "calculated", "assumption"],
        sort: { y: null },
        title: (d) => `${d.disease}, ${d.platform}: ${d.count} of ${d.total} inputs ${d.status}`,
      }),
      Plot.ruleX([0, 100]),
    ],
  });
}

/**
 * How close each validation check came to its tolerance: |computed - expected| / tolerance on a log
 * scale, per model; a check passes below 1. Ratios below `floor` (e.g. exact agreement) are drawn
 * at the floor.
 * @param {{label: string, check: string, pass: boolean, difference: number | null, tolerance: number | null}[]} checks
 * @param {{width?: number, floor?: number}} [options]
 * @returns {ReturnType<typeof Plot.plot>}
 */
export function checkMarginChart(checks, { width, floor = 1e-8 } = {}) {
  const rows = checks
    .filter((c) => c.difference !== null && c.tolerance)
    .map((c) => ({
      model: c.label,
      ratio: Math.max(Number(c.difference) / Number(c.tolerance), floor),
      raw: Number(c.difference) / Number(c.tolerance),
      check: c.check,
      pass: c.pass,
    }));
  const models = [...new Set(checks.map((c) => c.label))];
  const narrow = width !== undefined && width < 560;
  return Plot.plot({
    width,
    height: 74 + models.length * 34,
    marginLeft: narrow ? 130 : 160,
    marginRight: 20,
    ...X_AXIS_BELOW,
    title: "How close each check came to its tolerance",
    x: {
      type: "log",
      domain: [floor, 2],
      label: narrow
        ? "|difference| ÷ tolerance (log; pass < 1)"
        : "|computed − expected| ÷ tolerance (log scale; a check passes below 1)",
      ...X_LABEL_BELOW,
      grid: true,
      ticks: narrow ? 3 : 6,
      tickFormat: (x) => (x >= 1 ? String(x) : `1e${Math.round(Math.log10(x))}`),
    },
    y: { label: null, domain: models, axis: null },
    color: { domain: [true, false], range: ["#15803d", "#b91c1c"] },
    marks: [
      // Model names wrapped to the margin less tick and padding (lineWidth in ems of the 10 px axis
      // font): the longest ran past the left edge ("DARTH state-residence, constant rate" read
      // "state-residence, constant rate").
      Plot.axisY({ label: null, lineWidth: ((narrow ? 130 : 160) - 12) / 10 }),
      Plot.ruleX([1], { stroke: "#b91c1c", strokeDasharray: "4,3" }),
      Plot.dot(rows, {
        x: "ratio",
        y: "model",
        stroke: "pass",
        r: 4,
        title: (d) => `${d.model}: ${d.check}: ${d.raw.toExponential(1)} of the tolerance`,
      }),
    ],
  });
}
