// Download buttons: the CSV is built only when the button is clicked, by the same writer as the
// CLI (src/model/io/csv.ts), so a page download is byte-identical to `cartecon` output for the same
// assumptions. The assumptions that made it go in a companion JSON file.
import {html} from "htl";
import {toCsv} from "../model/io/csv.js";
import {columnsOf} from "./table.js";

/**
 * Saves a Blob as a file through a temporary link.
 * @param {Blob} blob
 * @param {string} filename
 */
function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  /** @type {HTMLAnchorElement} */
  const a = html`<a href=${url} download=${filename}>`;
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
  saveBlob(new Blob([text], {type}), filename);
}

/**
 * A CSV download with its assumptions: `columns()` returns column-oriented data, rows or an
 * arquero table; `meta()` the assumptions; both are called on click.
 * @param {() => any} columns
 * @param {{filename?: string, meta?: () => unknown, label?: string}} [options]
 * @returns {HTMLSpanElement}
 */
export function downloadCsv(columns, {filename = "table.csv", meta, label = "Download CSV"} = {}) {
  const csv = html`<button type="button" aria-label=${`${label}: ${filename}`} onclick=${() =>
    save(toCsv(columnsOf(columns())), filename, "text/csv;charset=utf-8")}>${label}</button>`;
  const json = meta
    ? html`<button type="button" aria-label=${`Assumptions behind ${filename}`} onclick=${() =>
        save(JSON.stringify(meta(), null, 2) + "\n", filename.replace(/\.csv$/, "") + ".meta.json", "application/json")}>Assumptions (JSON)</button>`
    : null;
  return html`<span class="downloads">${csv}${json}</span>`;
}

/** @param {Element} el */
const area = (el) => {
  const r = el.getBoundingClientRect();
  return r.width * r.height;
};

/**
 * SVG and PNG downloads of the chart (an SVG element or a figure containing one).
 * @param {Element} chart
 * @param {{filename?: string}} [options]
 * @returns {HTMLSpanElement}
 */
export function downloadChart(chart, {filename = "chart"} = {}) {
  const svgOf = () => {
    // The chart's own SVG is the largest one (Plot draws legend swatches as small SVGs too).
    const svg = chart.tagName.toLowerCase() === "svg" ? chart : [...chart.querySelectorAll("svg")].sort((a, b) => area(b) - area(a))[0];
    const copy = /** @type {Element} */ (svg.cloneNode(true));
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    return {svg, text: new XMLSerializer().serializeToString(copy)};
  };
  const png = () => {
    const {svg, text} = svgOf();
    const {width, height} = svg.getBoundingClientRect();
    const img = new Image();
    img.onload = () => {
      // Drawn at twice the size on screen, on white (PNG has no page background behind it).
      /** @type {HTMLCanvasElement} */
      const canvas = html`<canvas width=${Math.ceil(width * 2)} height=${Math.ceil(height * 2)}>`;
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
  return html`<span class="downloads"><button type="button" aria-label=${`Download ${filename} as SVG`} onclick=${() =>
    save(svgOf().text, `${filename}.svg`, "image/svg+xml")}>SVG</button><button type="button" aria-label=${`Download ${filename} as PNG`} onclick=${png}>PNG</button></span>`;
}
