// A plain, accessible HTML table of column-oriented data (or an arquero table): caption, header
// row, numbers right-aligned; it scrolls sideways inside its box on narrow screens.
import {html} from "htl";

/** @typedef {Record<string, ArrayLike<unknown>>} Columns column name -> values, all of one length */

/**
 * Column-oriented data from an arquero table, an array of row objects, or columns as given.
 * @param {any} data an arquero table (has columnNames()), an array of row objects, or Columns
 * @returns {Columns}
 */
export function columnsOf(data) {
  if (typeof data.columnNames === "function") return Object.fromEntries(data.columnNames().map((/** @type {string} */ c) => [c, data.array(c)]));
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
 * @property {Record<string, (x: any, i: number) => string>} [format] column -> display text of a value (files keep full precision)
 * @property {string} [caption]
 */

/**
 * dataTable(data, {columns, header, format, caption}): data is column-oriented, rows, or an arquero table.
 * @param {any} data
 * @param {DataTableOptions} [options]
 * @returns {HTMLDivElement}
 */
export function dataTable(data, {columns, header = {}, format = {}, caption} = {}) {
  const cols = columnsOf(data);
  const names = columns ?? Object.keys(cols);
  const n = names.length ? cols[names[0]].length : 0;
  const numeric = names.map((c) => Array.from(cols[c]).some((x) => typeof x === "number"));
  const num = (/** @type {number} */ j) => (numeric[j] ? "num" : null);
  /** @param {string} c @param {number} i */
  const text = (c, i) => {
    const x = cols[c][i];
    return format[c] ? format[c](x, i) : x === null || x === undefined ? "" : String(x);
  };
  const rows = Array.from({length: n}, (_, i) =>
    html`<tr>${names.map((c, j) => (j === 0 ? html`<th scope="row" class=${num(j)}>${text(c, i)}</th>` : html`<td class=${num(j)}>${text(c, i)}</td>`))}</tr>`
  );
  return html`<div class="table-wrap"><table class="data-table">${caption ? html`<caption>${caption}</caption>` : null}<thead><tr>${names.map(
    (c, j) => html`<th scope="col" class=${num(j)}>${header[c] ?? c}</th>`
  )}</tr></thead><tbody>${rows}</tbody></table></div>`;
}
