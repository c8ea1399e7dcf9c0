// The editable parameter table of the Parameters page. Its `value` is the set of overrides
// ({parameter: number}); it dispatches "input" when an edit, a reset or an upload changes it, so a
// page reads it with Generators.input(editor). A typed value out of its range is refused with a
// message next to its box and the value in force is put back; an upload with any problem changes
// nothing and lists the first 100 problems with the count of the rest.
import { checkParameterValue } from "../cart/check.js";
import { readParameterSetInSlices } from "../cart/scenario.js";
import { html } from "htl";
import { decodeText } from "../model/io/text.js";
import { displayNumber, fmt, groupedNumber } from "./format.js";
import { appliesTo } from "./words.js";
import { scrollBox } from "./table.js";

/**
 * `text` as nodes with a line-break opportunity (<wbr>) after each underscore and slash: parameter and
 * source ids, and descriptions naming "(fludarabine/cyclophosphamide)", which otherwise set the width
 * of their column.
 * @param {string} text
 * @returns {Array<string | HTMLElement>}
 */
function breakable(text) {
  return String(text)
    .split(/(?<=[_/])/)
    .flatMap((part, i) => (i === 0 ? [part] : [html`<wbr />`, part]));
}

/** Uploads above this size are refused before reading (a complete parameter set is about 20 kB). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const CELL_LABELS = ["Default", "Low – high", "Distribution", "Unit", "Status", "Source"];

/** @typedef {import("../cart/scenario.js").ParameterView} ParameterView */
/** @typedef {Record<string, number>} Overrides parameter -> value in force, for the edited ones only */
/** @typedef {(overrides: Overrides) => string | null} Validate why a set of overrides cannot be evaluated, or null */
/** @typedef {HTMLDivElement & {value: Overrides}} EditorElement */

/**
 * What the rows share with the editor: the overrides in force (read and replaced) and the checks.
 * @typedef {object} EditorState
 * @property {() => Overrides} get
 * @property {(next: Overrides) => void} set
 * @property {() => void} emit dispatches "input" with the overrides in force
 * @property {Validate} validate
 */

/**
 * One row: the parameter, what it applies to, its value box (checked on change), its provenance
 * and a reset button. `mark()` shows the value in force and whether it is edited.
 * @param {ParameterView} v
 * @param {string} applies
 * @param {EditorState} state
 * @returns {{tr: HTMLTableRowElement, mark: () => void, clearError: () => void}}
 */
function parameterRow(v, applies, state) {
  const errorId = `error-${v.parameter}`;
  // A text box, not type=number: a number box reports "" for "0,5" or "0x10", so the message
  // could not say what was typed and why it is refused.
  /** @type {HTMLInputElement} */
  const input = html`<input
    type="text"
    inputmode="decimal"
    size="10"
    aria-label=${`${v.id} (${applies})`}
    aria-describedby=${errorId}
  />`;
  /** @type {HTMLDivElement} */
  const error = html`<div class="input-error" role="alert" id=${errorId}></div>`;
  /** @type {HTMLButtonElement} */
  const reset = html`<button type="button" aria-label=${`Reset ${v.id} (${applies}) to its default`}>Reset</button>`;
  const cells = [
    // Six significant digits, as typed: fixed decimals showed 28.5 as "29" and 0.00005 as "0.0001" (review s37).
    groupedNumber(v.defaultValue),
    v.low === null || v.high === null ? "" : `${groupedNumber(v.low)} – ${groupedNumber(v.high)}`,
    v.distribution,
    v.unit,
    v.status,
    v.sourceId,
  ];
  // data-label: shown before the value when rows stack on a phone (style.css).
  const cell = (/** @type {string} */ text, /** @type {number} */ i) => {
    /** @type {HTMLTableCellElement} */
    const td = html`<td>${text}</td>`;
    td.dataset.label = CELL_LABELS[i];
    if (i < 2) td.className = "num";
    if (i === 5) {
      // Source ids are long words (OPTUM_LN2023_SMR): they may break after an underscore (and, in the
      // narrow column that lets the table fit a 1280 px screen, anywhere: style.css).
      td.className = "source";
      td.title = v.citation;
      td.replaceChildren(...breakable(text));
    }
    return td;
  };
  /** @type {HTMLTableRowElement} */
  const tr = html`<tr data-parameter=${v.parameter}>
    <th scope="row">
      <code>${breakable(v.id)}</code>
      <div class="muted">${breakable(v.description)}</div>
    </th>
    <td data-label="Applies to">${applies}</td>
    <td class="num" data-label="Value">${input}${error}</td>
    ${cells.map(cell)}
    <td>${reset}</td>
  </tr>`;
  const inForce = () => state.get()[v.parameter] ?? v.defaultValue;
  const mark = () => {
    const edited = Object.hasOwn(state.get(), v.parameter);
    tr.classList.toggle("edited", edited);
    reset.disabled = !edited;
    input.value = displayNumber(inForce());
  };
  const refuse = (/** @type {string} */ message) => {
    error.textContent = `${message}. The value in force stays: ${displayNumber(inForce())}.`;
    tr.classList.add("refused");
    input.setAttribute("aria-invalid", "true");
    mark();
  };
  const clearError = () => {
    error.textContent = "";
    tr.classList.remove("refused");
    input.removeAttribute("aria-invalid");
  };
  input.addEventListener("change", () => {
    const typed = input.value;
    const c = checkParameterValue(v.parameter, typed, { where: v.parameter, negativeUtility: v.status === "seen" });
    // c.message is "<where>: <what> (got <value>); expected <range>", with where = the parameter.
    if (!c.ok)
      return refuse(`Refused ${JSON.stringify(typed.slice(0, 40))}: ${c.message.slice(v.parameter.length + 2)}`);
    const next = { ...state.get() };
    if (c.value === v.defaultValue) delete next[v.parameter];
    else next[v.parameter] = c.value;
    const why = state.validate(next);
    if (why)
      return refuse(
        `Refused ${JSON.stringify(typed.slice(0, 40))}: with ${v.parameter} = ${c.value} the model cannot be evaluated (${why})`,
      );
    clearError();
    state.set(next);
    mark();
    state.emit();
  });
  reset.addEventListener("click", () => {
    const next = { ...state.get() };
    delete next[v.parameter];
    state.set(next);
    clearError();
    mark();
    state.emit();
  });
  mark();
  return { tr, mark, clearError };
}

/**
 * The problems of a refused upload: a title, the first problems listed, and the count of the rest.
 * @param {string} title
 * @param {string[]} problems
 * @param {number} total
 * @returns {Node[]}
 */
function problemList(title, problems, total) {
  const more = total - problems.length;
  return [
    html`<p class="upload-error">${title}</p>`,
    html`<ul class="upload-problems">
      ${problems.map((x) => html`<li>${x}</li>`)}
    </ul>`,
    ...(more > 0
      ? [
          html`<p class="upload-more">
            … and ${more} more problem${more > 1 ? "s" : ""} (the first ${problems.length} are listed).
          </p>`,
        ]
      : []),
  ];
}

/**
 * Reads an uploaded parameter set and applies it only when it has no problem and the model can be
 * evaluated with it; `messages` says what happened.
 * @param {File} file
 * @param {ParameterView[]} views
 * @param {EditorState} state
 * @param {HTMLElement} messages
 * @param {() => void} refresh shows the values in force in every row and clears their errors
 */
async function applyUpload(file, views, state, messages, refresh) {
  messages.replaceChildren();
  if (file.size > MAX_UPLOAD_BYTES) {
    messages.textContent = `${file.name} was not read: ${fmt(file.size / 1048576, 1)} MB is above the limit of ${MAX_UPLOAD_BYTES / 1048576} MB for a parameter set (a complete set is about 20 kB); nothing was changed.`;
    return;
  }
  messages.textContent = `Reading ${file.name}…`;
  /** @type {string} */
  let text;
  try {
    // UTF-8 only, as the CLI reads it: a Windows-1252 export, UTF-16 or a workbook is named, not garbled.
    text = decodeText(new Uint8Array(await file.arrayBuffer()), file.name, "the parameter set");
  } catch (e) {
    messages.textContent = `${e instanceof Error ? e.message : String(e)}. Nothing was changed.`;
    return;
  }
  // Read in slices that yield to the page, so a large file never freezes it.
  const { overrides: read, problems, total, rows, empty } = await readParameterSetInSlices(text, file.name, views);
  messages.replaceChildren();
  if (empty) {
    messages.textContent = `${file.name} has a header row but no parameter rows: nothing was changed.`;
  } else if (total || !read) {
    messages.append(
      ...problemList(
        `${file.name} was not applied (${total} problem${total > 1 ? "s" : ""} in ${rows} row${rows === 1 ? "" : "s"}); the previous values stay in force:`,
        problems,
        total,
      ),
    );
  } else {
    const why = state.validate(read);
    if (why) {
      messages.append(
        ...problemList(
          `${file.name} was not applied: the model cannot be evaluated with these values; the previous values stay in force:`,
          [why],
          1,
        ),
      );
    } else {
      state.set(read);
      refresh();
      const n = Object.keys(read).length;
      messages.textContent = `${file.name} applied: ${n} value${n === 1 ? "" : "s"} differ from the defaults; parameters not in the file take their defaults.`;
      state.emit();
    }
  }
}

/**
 * The editor. `validate(overrides)`: optional; returns why a set of overrides cannot be evaluated
 * (a string) or null. An edit or upload it refuses is not applied.
 * @param {ParameterView[]} views
 * @param {{overrides?: Overrides, platformLabels?: Record<string, string>, validate?: Validate}} [options]
 * @returns {EditorElement}
 */
export function parameterEditor(views, { overrides = {}, platformLabels = {}, validate = () => null } = {}) {
  const root = /** @type {EditorElement} */ (html`<div class="parameter-editor"></div>`);
  let current = { ...overrides };
  root.value = { ...current };
  /** @type {EditorState} */
  const state = {
    get: () => current,
    set: (next) => (current = { ...next }),
    emit: () => {
      root.value = { ...current };
      root.dispatchEvent(new Event("input", { bubbles: true }));
    },
    validate,
  };
  /** @type {HTMLButtonElement} */
  const resetAll = html`<button type="button">Reset all to defaults</button>`;
  /** @type {HTMLInputElement} */
  const upload = html`<input
    type="file"
    accept=".csv,text/csv"
    aria-label="Upload a parameter CSV (the download of this page, edited)"
  />`;
  /** @type {HTMLDivElement} */
  const messages = html`<div role="status" class="upload-messages"></div>`;
  const rows = views.map((v) => parameterRow(v, appliesTo(v, platformLabels), state));
  const refresh = () => {
    for (const r of rows) {
      r.clearError();
      r.mark();
    }
  };
  resetAll.addEventListener("click", () => {
    current = {};
    for (const r of rows) r.mark();
    messages.textContent = "All parameters reset to their defaults.";
    state.emit();
  });
  upload.addEventListener("change", async () => {
    const file = upload.files?.[0];
    if (!file) return;
    upload.value = "";
    upload.disabled = true;
    try {
      await applyUpload(file, views, state, messages, refresh);
    } finally {
      upload.disabled = false;
    }
  });
  root.append(
    html`<div class="downloads">${resetAll}<label class="upload">Upload a parameter CSV: ${upload}</label></div>`,
    messages,
    // In the project's scroll box: a table wider than the page scrolls sideways and says so.
    scrollBox(
      html`<table class="data-table">
        <caption>
          Edited values are highlighted; costs are in the preset's currency and price year.
        </caption>
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col">Applies to</th>
            <th scope="col" class="num">Value</th>
            <th scope="col" class="num">Default</th>
            <th scope="col" class="num">Low – high</th>
            <th scope="col">Distribution</th>
            <th scope="col">Unit</th>
            <th scope="col">Status</th>
            <th scope="col">Source</th>
            <th scope="col"></th>
          </tr>
        </thead>
        <tbody>
          ${rows.map((r) => r.tr)}
        </tbody>
      </table>`,
    ),
  );
  return root;
}
