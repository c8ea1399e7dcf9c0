// Download buttons: the CSV is built only when the button is clicked, by the same writer as the
// CLI (src/model/io/csv.ts), so a page download is byte-identical to `cartecon` output for the same
// assumptions. The assumptions that made it go in a companion JSON file.
import { html, svg } from "htl";
import { toCsv } from "../model/io/csv.js";
import { columnsOf } from "./table.js";

/**
 * Saves a Blob as a file through a temporary link.
 * @param {Blob} blob
 * @param {string} filename
 */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  /** @type {HTMLAnchorElement} */
  const a = html`<a href=${url} download=${filename}></a>`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * @param {string} text
 * @param {string} filename
 * @param {string} type MIME type
 */
function save(text, filename, type) {
  saveBlob(new Blob([text], { type }), filename);
}

/** Ids of download notes: a button's aria-describedby names its note. */
let noteCount = 0;

/**
 * A CSV download with its assumptions: `columns()` returns column-oriented data, rows or an
 * arquero table; `meta()` the assumptions; both are called on click. `note`, shown beside the
 * buttons and read with the CSV button, says what the file holds when that differs from the table
 * beside it (e.g. both presets, of which the table shows one).
 * @param {() => any} columns
 * @param {{filename?: string, meta?: () => unknown, label?: string, note?: string}} [options]
 * @returns {HTMLSpanElement}
 */
export function downloadCsv(columns, { filename = "table.csv", meta, label = "Download CSV", note } = {}) {
  const noteId = note ? `download-note-${++noteCount}` : null;
  const csv = html`<button
    type="button"
    aria-label=${`${label}: ${filename}`}
    aria-describedby=${noteId}
    onclick=${() => save(toCsv(columnsOf(columns())), filename, "text/csv;charset=utf-8")}
  >
    ${label}
  </button>`;
  const json = meta
    ? html`<button
        type="button"
        aria-label=${`Assumptions behind ${filename}`}
        onclick=${() =>
          save(
            JSON.stringify(meta(), null, 2) + "\n",
            filename.replace(/\.csv$/, "") + ".meta.json",
            "application/json",
          )}
      >
        Assumptions (JSON)
      </button>`
    : null;
  const said = note ? html`<small class="download-note" id=${noteId}>${note}</small>` : null;
  return html`<span class="downloads">${csv}${json}${said}</span>`;
}

/** @param {Element} el */
const area = (el) => {
  const r = el.getBoundingClientRect();
  return r.width * r.height;
};

const SVG_NS = "http://www.w3.org/2000/svg";
const FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";

/** Text width in px, measured with a canvas in the page's fonts. */
function measure(/** @type {string} */ text, /** @type {number} */ size, bold = false) {
  const ctx = (measure.ctx ??= /** @type {HTMLCanvasElement} */ (html`<canvas></canvas>`).getContext("2d"));
  if (!ctx) return text.length * size * 0.6;
  ctx.font = `${bold ? "600 " : ""}${size}px ${FONT}`;
  return ctx.measureText(text).width;
}
/** @type {CanvasRenderingContext2D | null | undefined} */
measure.ctx = undefined;

/** Words of `text` broken into lines no wider than `width` px. */
function wrap(/** @type {string} */ text, /** @type {number} */ width, /** @type {number} */ size, bold = false) {
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next, size, bold) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * An SVG element ("svg", "text" or "rect") with these attributes (and text), built with htl.
 * @param {"svg" | "text" | "rect"} name @param {Record<string, string | number>} attrs @param {string} [text]
 * @returns {Element}
 */
function svgEl(name, attrs, text) {
  if (name === "text") return svg`<text ${attrs}>${text ?? ""}</text>`;
  if (name === "rect") return svg`<rect ${attrs}></rect>`;
  return svg`<svg ${attrs}></svg>`;
}

/**
 * One SVG that stands alone: the chart's title, its legends (Plot's swatches and the report's own),
 * the chart with its axis labels (units, currency and price year), and the scenario that made it,
 * on white. `chart` is a Plot figure or SVG; `scenario` one or more lines of text.
 * @param {Element} chart
 * @param {{scenario?: string}} [options]
 * @returns {SVGSVGElement}
 */
export function standaloneSvg(chart, { scenario = "" } = {}) {
  const svgs = chart.tagName.toLowerCase() === "svg" ? [chart] : [...chart.querySelectorAll("svg")];
  // The chart's own SVG is the largest one (legend swatches are small SVGs).
  const main = /** @type {SVGSVGElement} */ (svgs.sort((a, b) => area(b) - area(a))[0]);
  const width = Math.ceil(Number(main.getAttribute("width")) || main.getBoundingClientRect().width);
  const height = Math.ceil(Number(main.getAttribute("height")) || main.getBoundingClientRect().height);
  const pad = 12;
  const out = /** @type {SVGSVGElement} */ (
    /** @type {unknown} */ (svgEl("svg", { xmlns: SVG_NS, "font-family": FONT }))
  );
  const parts = [];
  let y = pad;
  const textLines = (
    /** @type {string} */ text,
    /** @type {number} */ size,
    /** @type {Record<string, string | number>} */ attrs,
    bold = false,
  ) => {
    for (const line of wrap(text, width - 2 * pad, size, bold)) {
      y += size * 1.25;
      parts.push(svgEl("text", { x: pad, y: y - size * 0.25, "font-size": size, ...attrs }, line));
    }
  };
  const title = chart.querySelector?.("h2")?.textContent?.trim();
  if (title) textLines(title, 16, { "font-weight": 600, class: "chart-title" }, true);
  const subtitle = chart.querySelector?.("h3")?.textContent?.trim();
  if (subtitle) textLines(subtitle, 12, { fill: "#4b5563" });
  // Legend items: Plot's swatches (class "plot-…-swatch") and ours (class "legend-swatch").
  const items =
    chart === main
      ? []
      : [...chart.querySelectorAll('[class$="-swatch"], .legend-swatch')].filter((el) => el.querySelector("svg"));
  if (items.length) {
    y += 6;
    let x = pad;
    const size = 11;
    for (const item of items) {
      const label = item.textContent?.trim() ?? "";
      const w = 15 + 5 + measure(label, size) + 14;
      if (x > pad && x + w > width - pad) {
        x = pad;
        y += 20;
      }
      const swatch = /** @type {Element} */ (item.querySelector("svg")?.cloneNode(true));
      swatch.setAttribute("x", String(x));
      swatch.setAttribute("y", String(y));
      swatch.setAttribute("width", "15");
      swatch.setAttribute("height", "15");
      swatch.setAttribute("overflow", "visible");
      parts.push(swatch, svgEl("text", { x: x + 20, y: y + 12, "font-size": size, fill: "#111827" }, label));
      x += w;
    }
    y += 24;
  }
  const copy = /** @type {Element} */ (main.cloneNode(true));
  copy.setAttribute("x", "0");
  copy.setAttribute("y", String(y));
  copy.setAttribute("width", String(width));
  copy.setAttribute("height", String(height));
  if (!copy.getAttribute("viewBox")) copy.setAttribute("viewBox", `0 0 ${width} ${height}`);
  parts.push(copy);
  y += height;
  for (const line of scenario.split("\n").filter(Boolean))
    textLines(line, 10, { fill: "#374151", class: "scenario-line" });
  y += pad;
  out.setAttribute("width", String(width));
  out.setAttribute("height", String(Math.ceil(y)));
  out.setAttribute("viewBox", `0 0 ${width} ${Math.ceil(y)}`);
  out.append(svgEl("rect", { width: "100%", height: "100%", fill: "white" }), ...parts);
  return out;
}

/**
 * SVG and PNG downloads of a chart (a Plot figure or SVG) that stand alone: title, legend, axes
 * with units, and the scenario line (see standaloneSvg). `scenario()` is called on click.
 * @param {Element} chart
 * @param {{filename?: string, scenario?: () => string}} [options]
 * @returns {HTMLSpanElement}
 */
export function downloadChart(chart, { filename = "chart", scenario = () => "" } = {}) {
  // A sized() container holds the current figure as its child: look it up on click.
  const svgOf = () => {
    const figure = chart.querySelector?.("figure") ?? chart;
    const svg = standaloneSvg(figure, { scenario: scenario() });
    return { svg, text: new XMLSerializer().serializeToString(svg) };
  };
  const png = () => {
    const { svg, text } = svgOf();
    const width = Number(svg.getAttribute("width"));
    const height = Number(svg.getAttribute("height"));
    const img = new Image();
    img.onload = () => {
      // Drawn at twice the size, on white (the SVG carries its own white background).
      /** @type {HTMLCanvasElement} */
      const canvas = html`<canvas width=${width * 2} height=${height * 2}></canvas>`;
      const ctx = canvas.getContext("2d");
      if (!ctx) return;
      ctx.fillStyle = "white";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.scale(2, 2);
      ctx.drawImage(img, 0, 0, width, height);
      canvas.toBlob((blob) => {
        if (blob) saveBlob(blob, `${filename}.png`);
      });
    };
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  };
  return html`<span class="downloads"
    ><button
      type="button"
      aria-label=${`Download ${filename} as SVG`}
      onclick=${() => save(svgOf().text, `${filename}.svg`, "image/svg+xml")}
    >
      SVG</button
    ><button type="button" aria-label=${`Download ${filename} as PNG`} onclick=${png}>PNG</button></span
  >`;
}
