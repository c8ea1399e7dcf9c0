// An .xlsx download of a page's tables (issue [10]): one sheet per table plus an "assumptions"
// sheet (src/cart/workbook.ts). exceljs (~1 MB) is imported only when the button is clicked, so
// pages load as fast as before; Framework bundles it from node_modules like the other libraries.
import { html } from "htl";
import { fillWorkbook } from "../cart/workbook.js";
import { columnsOf } from "./table.js";
import { saveBlob } from "./download.js";

/**
 * @typedef {object} WorkbookContent
 * @property {Array<{name: string, data: any}>} tables each table's sheet name and data (columns, rows or an arquero table)
 * @property {Record<string, unknown>} scenario what made the results (e.g. scenarioMetadata)
 * @property {any} parameters every parameter with its source (e.g. cartAssumptionTable)
 */

/** How long the "nothing to write" status stays beside the button. */
const EMPTY_NOTE_MS = 20_000;

/**
 * A button that writes `content()` (called on click; it may return a promise, e.g. to load data the
 * page does not hold) as an .xlsx file. While the file is being
 * written the button is disabled and its `data-state` is "writing"; then "done" or "failed". With
 * `whenEmpty`, a content without tables writes no file: the button's state is "empty" and the
 * message is said beside it (role="status"), e.g. what to compute first.
 * @param {() => WorkbookContent | Promise<WorkbookContent>} content
 * @param {{filename?: string, label?: string, whenEmpty?: string}} [options]
 * @returns {HTMLButtonElement | HTMLSpanElement} the button, or with `whenEmpty` a span holding it and its status
 */
export function downloadXlsx(
  content,
  { filename = "tables.xlsx", label = "Download all tables (Excel)", whenEmpty } = {},
) {
  /** @type {HTMLButtonElement} */
  const button = html`<button type="button" class="download-xlsx" aria-label=${`${label}: ${filename}`}>
    ${label}
  </button>`;
  /** @type {HTMLSpanElement | null} said beside the button when a click finds nothing to write */
  const status = whenEmpty ? html`<span class="xlsx-status muted" role="status"></span>` : null;
  button.onclick = async () => {
    button.disabled = true;
    button.dataset.state = "writing";
    try {
      const { tables, scenario, parameters } = await content();
      if (status) status.textContent = "";
      if (whenEmpty && status && tables.length === 0) {
        button.dataset.state = "empty";
        status.textContent = whenEmpty;
        // Cleared after a while: an analysis run meanwhile would make it untrue until the next click.
        setTimeout(() => {
          if (status.textContent === whenEmpty) status.textContent = "";
        }, EMPTY_NOTE_MS);
        return;
      }
      const mod = await import("exceljs");
      /** @type {any} */
      const ExcelJS = "Workbook" in mod ? mod : /** @type {any} */ (mod).default;
      const wb = new ExcelJS.Workbook();
      wb.creator = String(scenario.tool ?? "cartecon");
      fillWorkbook(
        wb,
        tables.map((t) => ({ name: t.name, columns: columnsOf(t.data) })),
        { scenario, parameters: columnsOf(parameters) },
      );
      const buffer = await wb.xlsx.writeBuffer();
      const blob = new Blob([buffer], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
      saveBlob(blob, filename);
      button.dataset.state = "done";
    } catch (e) {
      button.dataset.state = "failed";
      button.title = `The workbook could not be written: ${e instanceof Error ? e.message : String(e)}`;
      console.warn(button.title);
    } finally {
      button.disabled = false;
    }
  };
  return status ? html`<span class="xlsx-download">${button} ${status}</span>` : button;
}
