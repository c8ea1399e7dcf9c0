// A plain, accessible HTML table of column-oriented data (or an arquero table): caption, header
// row, numbers right-aligned; it scrolls sideways inside its box on narrow screens and then says so.
import { html } from "htl";
import { icerLabel } from "../cart/icer.js";
import { displayNumber, fmt } from "./format.js";

/** @typedef {Record<string, ArrayLike<unknown>>} Columns column name -> values, all of one length */

/**
 * Column-oriented data from an arquero table, an array of row objects, or columns as given.
 * @param {any} data an arquero table (has columnNames()), an array of row objects, or Columns
 * @returns {Columns}
 */
export function columnsOf(data) {
  if (typeof data.columnNames === "function")
    return Object.fromEntries(data.columnNames().map((/** @type {string} */ c) => [c, data.array(c)]));
  if (Array.isArray(data)) {
    const names = data.length ? Object.keys(data[0]) : [];
    return Object.fromEntries(names.map((c) => [c, data.map((r) => r[c])]));
  }
  return data;
}

/**
 * @typedef {object} DataTableOptions
 * @property {string[]} [columns] which columns to show, in order (default: all)
 * @property {Record<string, string>} [header] column -> heading (default: the column's name)
 * @property {Record<string, CellFormat>} [format] column -> display text (or a node, e.g. a link) of a value (files keep full precision)
 * @property {string} [caption]
 * @property {(i: number) => string | null} [rowClass] class of row i (e.g. to mark cost-saving rows)
 * @property {Record<string, "left" | "right">} [align] column -> alignment of its cells and heading;
 *   otherwise a column is right-aligned when its format is a numberFormat (an ICER column reading
 *   "dominated" in every row: icerFormat) or any of its values is a number
 */

/**
 * @typedef {((x: any, i: number) => string | Node) & {numeric?: boolean}} CellFormat the display of
 *   row i's value `x`; `numeric`: a column of numbers, whatever its cells read (numberFormat)
 */

/**
 * `f` as the format of a column of numbers: dataTable right-aligns the column even where every cell
 * reads as words ("dominated", "not within horizon"), as it does a column holding a number.
 * @param {(x: any, i: number) => string | Node} f
 * @returns {CellFormat}
 */
export function numberFormat(f) {
  return Object.assign((/** @type {any} */ x, /** @type {number} */ i) => f(x, i), { numeric: true });
}

/**
 * The format of an ICER column: row i's increments (the columns `cost` and `effect` of `data`, the
 * table's data as dataTable takes it) in the words of icer.ts: the ratio (fmt, no decimals),
 * "dominant", "dominated" or "saves … per QALY lost", never a negative ratio; blank where a row has no
 * increments (SoC's own). A column of numbers (numberFormat): right-aligned whatever its rows read.
 * @param {any} data an arquero table, an array of row objects, or Columns
 * @param {{cost?: string, effect?: string, dominant?: string}} [options] `dominant`: the words for a
 *   dominant row (the Scenario explorer's "dominant †" with a footnote of the durability it assumes)
 * @returns {CellFormat}
 */
export function icerFormat(
  data,
  { cost = "incremental_cost", effect = "incremental_qalys", dominant = "dominant" } = {},
) {
  const cols = columnsOf(data);
  const rows = Object.values(cols)[0]?.length ?? 0;
  // A table without rows (arquero's from([]) has no columns either) has nothing to format.
  for (const c of [cost, effect])
    if (rows > 0 && !cols[c])
      throw new Error(`icerFormat: the table has no column "${c}" (columns: ${Object.keys(cols).join(", ")})`);
  return numberFormat((_, i) => {
    const [dC, dQ] = [cols[cost][i], cols[effect][i]];
    if (dC == null || dQ == null) return "";
    const text = icerLabel(/** @type {number} */ (dC), /** @type {number} */ (dQ), (y) => fmt(y, 0));
    return text === "dominant" ? dominant : text;
  });
}

/**
 * dataTable(data, {columns, header, format, caption}): data is column-oriented, rows, or an arquero table.
 * @param {any} data
 * @param {DataTableOptions} [options]
 * @returns {HTMLDivElement}
 */
export function dataTable(data, { columns, header = {}, format = {}, caption, rowClass, align = {} } = {}) {
  const cols = columnsOf(data);
  const names = columns ?? Object.keys(cols);
  const n = names.length ? cols[names[0]].length : 0;
  const numeric = names.map((c) =>
    align[c]
      ? align[c] === "right"
      : format[c]?.numeric === true || Array.from(cols[c]).some((x) => typeof x === "number"),
  );
  const num = (/** @type {number} */ j) => (numeric[j] ? "num" : null);
  /** @param {string} c @param {number} i */
  const text = (c, i) => {
    const x = cols[c][i];
    // Numbers without a format of their own are rounded for display (files keep full precision).
    return format[c]
      ? format[c](x, i)
      : x === null || x === undefined
        ? ""
        : typeof x === "number"
          ? displayNumber(x)
          : String(x);
  };
  // DOM API here, not htl, because (measured): htl parses each template as HTML, and one template per
  // cell cost the Explorer about a tenth of its update time (its state table alone has ~500 cells).
  const rows = Array.from({ length: n }, (_, i) => {
    const tr = document.createElement("tr");
    const cls = rowClass ? rowClass(i) : null;
    if (cls != null) tr.className = cls;
    names.forEach((c, j) => {
      const cell = document.createElement(j === 0 ? "th" : "td");
      if (j === 0) cell.setAttribute("scope", "row");
      if (numeric[j]) cell.className = "num";
      appendContent(cell, text(c, i));
      tr.append(cell);
    });
    return tr;
  });
  const table = html`<table class="data-table">
    ${
      caption
        ? html`<caption class="visually-hidden">
            ${caption}
          </caption>`
        : null
    }
    <thead>
      <tr>
        ${names.map((c, j) => html`<th scope="col" class=${num(j)}>${header[c] ?? c}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
  return scrollBox(table, caption);
}

/**
 * Appends what an htl template would show for `x`: nothing for null, undefined or false, each item of
 * an array, a node as is, anything else as text.
 * @param {Element} el
 * @param {unknown} x
 */
function appendContent(el, x) {
  if (x === null || x === undefined || x === false) return;
  if (Array.isArray(x)) for (const y of x) appendContent(el, y);
  else el.append(x instanceof Node ? x : String(x));
}

/** @type {WeakMap<Element, {box: HTMLDivElement, table: HTMLElement}>} observed element -> its box and table */
const boxes = new WeakMap();

/**
 * Whether each box's table is wider than the box. Measured without forcing layouts: tables off screen
 * (skipped by content-visibility: auto) are not measured until they are shown, and one observer reads
 * every size before writing any class. (Reading each table's width from its own observer laid out
 * every skipped table and the page again: four forced layouts per Explorer update, a fifth of its time.)
 * The table's own width, not the box's scrollWidth: a box whose content is skipped reports no overflow.
 */
const boxObserver = new ResizeObserver((entries) => {
  /** @type {Set<HTMLDivElement>} */
  const seen = new Set();
  /** @type {[HTMLDivElement, boolean][]} */
  const scrolls = [];
  for (const entry of entries) {
    // A removed table is reported once more (its size becomes 0): forget it, so it can be collected.
    const b = boxes.get(entry.target);
    if (!entry.target.isConnected) {
      boxObserver.unobserve(entry.target);
      if (b) for (const el of [b.table, b.table.parentElement]) if (el) boxObserver.unobserve(el);
      continue;
    }
    const wrap = b?.table.parentElement;
    if (!b || !wrap || seen.has(b.box)) continue;
    // A table off screen is not laid out (content-visibility: auto) and reading its width would lay
    // it out now; it is measured when it scrolls into view, which changes its size and reports it here.
    if (b.table.checkVisibility?.({ contentVisibilityAuto: true }) === false) continue;
    seen.add(b.box);
    scrolls.push([b.box, b.table.offsetWidth > wrap.clientWidth + 1]);
  }
  for (const [box, on] of scrolls) box.classList.toggle("scrolls", on);
});

/**
 * A table in a box that scrolls sideways when the table is wider than the page, and then says so.
 * The caption sits above the box at the page's width, so currency and price year are never cut off
 * (screen readers get it from the table's own visually hidden <caption>).
 * @param {HTMLElement} table
 * @param {string} [caption]
 * @returns {HTMLDivElement}
 */
export function scrollBox(table, caption) {
  /** @type {HTMLDivElement} */
  const wrap = html`<div class="table-wrap" tabindex="0" role="region" aria-label=${caption ?? "Table"}>${table}</div>`;
  /** @type {HTMLParagraphElement} */
  const hint = html`<p class="scroll-hint" aria-hidden="true">Table wider than the screen: scroll sideways ⇆</p>`;
  /** @type {HTMLDivElement} */
  const box = html`<div class="table-box">
    ${caption ? html`<p class="table-caption" aria-hidden="true">${caption}</p>` : null}${hint}${wrap}
  </div>`;
  boxes.set(wrap, { box, table });
  boxes.set(table, { box, table });
  // The table as well as its box: a table below the fold is laid out only when it scrolls into view
  // (content-visibility: auto), which changes the table's size but maybe not the box's.
  boxObserver.observe(wrap);
  boxObserver.observe(table);
  return box;
}

/**
 * A source's DOI or address as a link: "doi:10.1056/x" -> a link to the DOI resolver, "https://…" or
 * a bare "host/path" -> that address; anything else ("NA", "not recorded") stays text.
 * @param {string | null | undefined} text
 * @returns {string | HTMLAnchorElement}
 */
export function sourceLink(text) {
  const t = (text ?? "").trim();
  const doi = /^doi:\s*(10\.\S+)$/i.exec(t);
  const href = doi
    ? `https://doi.org/${doi[1]}`
    : /^https?:\/\//i.test(t)
      ? t
      : /^[a-z0-9-]+(\.[a-z0-9-]+)+\/\S*$/i.test(t)
        ? `https://${t}`
        : null;
  return href ? html`<a href=${href} rel="noopener" target="_blank">${t}</a>` : t;
}
