// Download buttons: the CSV is built only when the button is clicked, by the same writer as the
// CLI (src/model/csv.ts), so a page download is byte-identical to `cartecon` output for the same
// assumptions. The assumptions that made it go in a companion JSON file.
import {toCsv} from "../model/io/csv.js";
import {columnsOf} from "./table.js";

function save(text, filename, type) {
  const url = URL.createObjectURL(new Blob([text], {type}));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A CSV download with its assumptions: `columns()` returns column-oriented data, rows or an
 * arquero table; `meta()` the assumptions; both are called on click.
 */
export function downloadCsv(columns, {filename = "table.csv", meta, label = "Download CSV"} = {}) {
  const wrap = document.createElement("span");
  wrap.className = "downloads";
  const csv = document.createElement("button");
  csv.type = "button";
  csv.textContent = label;
  csv.setAttribute("aria-label", `${label}: ${filename}`);
  csv.onclick = () => {
    save(toCsv(columnsOf(columns())), filename, "text/csv;charset=utf-8");
  };
  wrap.append(csv);
  if (meta) {
    const json = document.createElement("button");
    json.type = "button";
    json.textContent = "Assumptions (JSON)";
    json.setAttribute("aria-label", `Assumptions behind ${filename}`);
    json.onclick = () => save(JSON.stringify(meta(), null, 2) + "\n", filename.replace(/\.csv$/, "") + ".meta.json", "application/json");
    wrap.append(json);
  }
  return wrap;
}

const area = (el) => {
  const r = el.getBoundingClientRect();
  return r.width * r.height;
};

/** SVG and PNG downloads of the chart (an SVG element or a figure containing one). */
export function downloadChart(chart, {filename = "chart"} = {}) {
  const wrap = document.createElement("span");
  wrap.className = "downloads";
  const svgOf = () => {
    // The chart's own SVG is the largest one (Plot draws legend swatches as small SVGs too).
    const svg = chart.tagName?.toLowerCase() === "svg" ? chart : [...chart.querySelectorAll("svg")].sort((a, b) => area(b) - area(a))[0];
    const copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    return {svg, text: new XMLSerializer().serializeToString(copy)};
  };
  const svgButton = document.createElement("button");
  svgButton.type = "button";
  svgButton.textContent = "SVG";
  svgButton.setAttribute("aria-label", `Download ${filename} as SVG`);
  svgButton.onclick = () => save(svgOf().text, `${filename}.svg`, "image/svg+xml");
  const pngButton = document.createElement("button");
  pngButton.type = "button";
  pngButton.textContent = "PNG";
  pngButton.setAttribute("aria-label", `Download ${filename} as PNG`);
  pngButton.onclick = () => {
    const {svg, text} = svgOf();
    const {width, height} = svg.getBoundingClientRect();
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = Math.ceil(width * 2);
      canvas.height = Math.ceil(height * 2);
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "white";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.scale(2, 2);
      ctx.drawImage(img, 0, 0, width, height);
      canvas.toBlob((blob) => {
        const url = URL.createObjectURL(blob);
        const a = document.createElement("a");
        a.href = url;
        a.download = `${filename}.png`;
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      });
    };
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  };
  wrap.append(svgButton, pngButton);
  return wrap;
}
