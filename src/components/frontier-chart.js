// The cost-effectiveness plane with the efficient frontier (issue [10], item 3).
import * as Plot from "@observablehq/plot";
import { moneyTick } from "./format.js";

const STATUS = {
  domain: ["reference", "frontier", "extendedly dominated", "dominated", "identical"],
  range: ["#111827", "#1f77b4", "#d97706", "#b91c1c", "#6b7280"],
};

/**
 * The words of each status, on the chart's legend and in the Incremental page's table alike (the
 * legend said "reference" and "frontier" where the table says "reference (cheapest)" and "on the frontier").
 * @type {Record<string, string>}
 */
export const STATUS_TEXT = {
  reference: "reference (cheapest)",
  frontier: "on the frontier",
  dominated: "dominated",
  "extendedly dominated": "extendedly dominated",
  identical: "identical",
};

/**
 * The status colours of the strategies in `rows` only, each keeping its colour.
 * @param {{status: string}[]} rows
 */
function statusesShown(rows) {
  const domain = STATUS.domain.filter((s) => rows.some((d) => d.status === s));
  return { domain, range: domain.map((s) => STATUS.range[STATUS.domain.indexOf(s)]) };
}

// Label text: 10 px; an upper bound of the mean glyph width of a sans-serif face at that size (px), so an
// estimated box is never narrower than the drawn text; lines 10 px apart (Plot's lineHeight 1).
const FONT_SIZE = 10;
const CHAR_PX = 6;
const LINE_PX = 10;
const DOT_R = 5;
const GAP = 8; // px between a dot's centre and its label

/**
 * Where a label may go around its dot, in order of preference: its text anchor, line anchor and offset (px).
 * @type {ReadonlyArray<{side: string, textAnchor: "start" | "end" | "middle", lineAnchor: "top" | "bottom" | "middle", dx: number, dy: number}>}
 */
const SIDES = [
  { side: "above", textAnchor: "middle", lineAnchor: "bottom", dx: 0, dy: -GAP },
  { side: "right", textAnchor: "start", lineAnchor: "middle", dx: GAP, dy: 0 },
  { side: "left", textAnchor: "end", lineAnchor: "middle", dx: -GAP, dy: 0 },
  { side: "below", textAnchor: "middle", lineAnchor: "top", dx: 0, dy: GAP },
  { side: "above-right", textAnchor: "start", lineAnchor: "bottom", dx: GAP / 2, dy: -GAP / 2 },
  { side: "above-left", textAnchor: "end", lineAnchor: "bottom", dx: -GAP / 2, dy: -GAP / 2 },
  { side: "below-right", textAnchor: "start", lineAnchor: "top", dx: GAP / 2, dy: GAP / 2 },
  { side: "below-left", textAnchor: "end", lineAnchor: "top", dx: -GAP / 2, dy: GAP / 2 },
];

/**
 * A label broken into lines of at most `max` characters at spaces (a longer word keeps its own line).
 * @param {string} text @param {number} max @returns {string[]}
 */
export function wrapLabel(text, max) {
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && next.length > max) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** @typedef {{x0: number, y0: number, x1: number, y1: number}} Box in px, y down */

/** @param {Box} a @param {Box} b */
const overlap = (a, b) =>
  Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));

/**
 * The box of a label of `lines` placed on `side` of a dot at (px, py).
 * @param {number} px @param {number} py @param {string[]} lines @param {(typeof SIDES)[number]} side @returns {Box}
 */
function labelBox(px, py, lines, side) {
  const w = Math.max(...lines.map((l) => l.length)) * CHAR_PX;
  const h = lines.length * LINE_PX + 2;
  const x = px + side.dx;
  const y = py + side.dy;
  const x0 = side.textAnchor === "start" ? x : side.textAnchor === "end" ? x - w : x - w / 2;
  const y0 = side.lineAnchor === "top" ? y : side.lineAnchor === "bottom" ? y - h : y - h / 2;
  return { x0, y0, x1: x0 + w, y1: y0 + h };
}

/**
 * A side for every dot's label, chosen greedily (dots in the order given) to keep labels inside the
 * frame and off each other and off the dots: for each dot the first side of SIDES with the least
 * area outside the frame (weighted most), then over other labels, then over dots.
 * @param {{px: number, py: number, lines: string[]}[]} points dot centres in px and their label lines
 * @param {Box} frame where labels may go (the plot's frame, inside the axes)
 * @returns {{side: (typeof SIDES)[number], box: Box}[]}
 */
export function placeLabels(points, frame) {
  /** @type {Box[]} */
  const dots = points.map(({ px, py }) => ({ x0: px - DOT_R, y0: py - DOT_R, x1: px + DOT_R, y1: py + DOT_R }));
  /** @type {Box[]} */
  const placed = [];
  return points.map(({ px, py, lines }) => {
    let best = { side: SIDES[0], box: labelBox(px, py, lines, SIDES[0]), score: Infinity };
    for (const side of SIDES) {
      const box = labelBox(px, py, lines, side);
      const area = (box.x1 - box.x0) * (box.y1 - box.y0);
      const outside = area - overlap(box, frame);
      const onLabels = placed.reduce((s, b) => s + overlap(box, b), 0);
      const onDots = dots.reduce((s, b) => s + overlap(box, b), 0);
      const score = 1000 * outside + 10 * onLabels + onDots;
      if (score < best.score) best = { side, box, score };
    }
    placed.push(best.box);
    return { side: best.side, box: best.box };
  });
}

/**
 * Every strategy at (effect, cost); the frontier joined in order of cost; each dot labelled with its
 * strategy, the labels placed inside the frame and clear of each other (placeLabels). The colour
 * legend gives the status.
 * @param {{label: string, cost: number, effect: number, status: string}[]} rows
 * @param {{width?: number, money?: string, effect?: string, height?: number}} [options] effect: "QALYs" or "evLYs"
 */
export function frontierChart(rows, { width = 640, money = "", effect = "QALYs", height = 380 } = {}) {
  const frontier = rows
    .filter((d) => d.status === "reference" || d.status === "frontier")
    .sort((a, b) => a.cost - b.cost);
  const [marginLeft, marginRight, marginTop, marginBottom] = [80, 20, 30, 40];
  // Explicit domains (no nice), so a value's pixel position is known here: the labels are placed before drawing.
  const pad = (/** @type {number[]} */ v, /** @type {number} */ share) => {
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    const d = hi - lo || Math.abs(hi) || 1;
    return [lo - share * d, hi + share * d];
  };
  const xDomain = pad(
    rows.map((d) => d.effect),
    0.12,
  );
  const yDomain = pad(
    rows.map((d) => d.cost),
    0.12,
  );
  const frame = { x0: marginLeft, y0: marginTop, x1: width - marginRight, y1: height - marginBottom };
  const px = (/** @type {number} */ v) =>
    frame.x0 + ((v - xDomain[0]) / (xDomain[1] - xDomain[0])) * (frame.x1 - frame.x0);
  const py = (/** @type {number} */ v) =>
    frame.y1 - ((v - yDomain[0]) / (yDomain[1] - yDomain[0])) * (frame.y1 - frame.y0);
  const maxChars = Math.max(12, Math.min(26, Math.floor((frame.x1 - frame.x0) / 2 / CHAR_PX)));
  const points = rows.map((d) => ({ px: px(d.effect), py: py(d.cost), lines: wrapLabel(d.label, maxChars) }));
  const placement = placeLabels(points, frame);
  const labelled = rows.map((d, i) => ({ ...d, text: points[i].lines.join("\n"), side: placement[i].side.side }));
  return Plot.plot({
    width,
    height,
    marginLeft,
    marginRight,
    marginTop,
    marginBottom,
    title: `Cost-effectiveness plane and efficient frontier (${effect}), per patient, discounted`,
    x: { label: `Discounted ${effect} per patient`, grid: true, domain: xDomain },
    y: { label: `Discounted cost per patient (${money})`, grid: true, tickFormat: moneyTick, domain: yDomain },
    // The legend lists the statuses on the chart (an "identical" swatch with no such point was read as a missing dot).
    color: { ...statusesShown(rows), legend: true, label: "Status", tickFormat: (s) => STATUS_TEXT[s] ?? s },
    marks: [
      Plot.line(frontier, { x: "effect", y: "cost", stroke: "#1f77b4", strokeWidth: 1.5 }),
      Plot.dot(rows, {
        x: "effect",
        y: "cost",
        fill: "status",
        r: DOT_R,
        tip: { format: { cost: ",.0f", effect: ".3f" } },
      }),
      ...SIDES.map(({ side, textAnchor, lineAnchor, dx, dy }) =>
        Plot.text(
          labelled.filter((d) => d.side === side),
          { x: "effect", y: "cost", text: "text", textAnchor, lineAnchor, dx, dy, fontSize: FONT_SIZE },
        ),
      ),
    ],
  });
}
