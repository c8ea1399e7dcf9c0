// The editable parameter table of the Parameters page. Its `value` is the set of overrides
// ({parameter: number}); it dispatches "input" when an edit, a reset or an upload changes it, so a
// page reads it with Generators.input(editor). A typed value out of its range is refused with a
// message next to its box and the value in force is put back; an upload with any problem changes
// nothing and lists the first 100 problems with the count of the rest.
import { checkParameterValue } from "../cart/check.js";
import { readParameterSetInSlices } from "../cart/scenario.js";
import { displayNumber, fmt } from "./format.js";

/** Uploads above this size are refused before reading (a complete parameter set is about 20 kB). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const CELL_LABELS = ["Default", "Low – high", "Distribution", "Unit", "Status", "Source"];

/**
 * `validate(overrides)`: optional; returns why a set of overrides cannot be evaluated (a string) or
 * null. An edit or upload it refuses is not applied.
 */
export function parameterEditor(views, { overrides = {}, platformLabels = {}, validate = () => null } = {}) {
  const root = document.createElement("div");
  root.className = "parameter-editor";
  let current = { ...overrides };
  root.value = { ...current };

  const emit = () => {
    root.value = { ...current };
    root.dispatchEvent(new Event("input", { bubbles: true }));
  };

  // toolbar: reset all, upload
  const bar = document.createElement("div");
  bar.className = "downloads";
  const resetAll = document.createElement("button");
  resetAll.type = "button";
  resetAll.textContent = "Reset all to defaults";
  const uploadLabel = document.createElement("label");
  uploadLabel.className = "upload";
  uploadLabel.textContent = "Upload a parameter CSV: ";
  const upload = document.createElement("input");
  upload.type = "file";
  upload.accept = ".csv,text/csv";
  upload.setAttribute("aria-label", "Upload a parameter CSV (the download of this page, edited)");
  uploadLabel.append(upload);
  bar.append(resetAll, uploadLabel);
  const messages = document.createElement("div");
  messages.setAttribute("role", "status");
  messages.className = "upload-messages";

  const wrap = document.createElement("div");
  wrap.className = "table-wrap";
  const table = document.createElement("table");
  table.className = "data-table";
  const caption = document.createElement("caption");
  caption.textContent = "Edited values are highlighted; costs are in the preset's currency and price year.";
  table.append(caption);
  const head = document.createElement("thead");
  head.innerHTML =
    "<tr><th scope=col>Parameter</th><th scope=col>Applies to</th><th scope=col class=num>Value</th><th scope=col class=num>Default</th><th scope=col class=num>Low – high</th><th scope=col>Distribution</th><th scope=col>Unit</th><th scope=col>Status</th><th scope=col>Source</th><th scope=col></th></tr>";
  table.append(head);
  const body = document.createElement("tbody");
  const rows = new Map();
  for (const v of views) {
    const tr = document.createElement("tr");
    tr.dataset.parameter = v.parameter;
    const name = document.createElement("th");
    name.scope = "row";
    name.innerHTML = `<code></code><div class="muted"></div>`;
    name.querySelector("code").textContent = v.id;
    name.querySelector("div").textContent = v.description;
    const applies = document.createElement("td");
    applies.textContent = v.strategy === "all" ? "all strategies" : (platformLabels[v.strategy] ?? v.strategy);
    const valueCell = document.createElement("td");
    valueCell.className = "num";
    valueCell.dataset.label = "Value";
    applies.dataset.label = "Applies to";
    // A text box, not type=number: a number box reports "" for "0,5" or "0x10", so the message
    // could not say what was typed and why it is refused.
    const input = document.createElement("input");
    input.type = "text";
    input.inputMode = "decimal";
    input.size = 10;
    input.value = displayNumber(current[v.parameter] ?? v.defaultValue);
    input.setAttribute("aria-label", `${v.id} (${applies.textContent})`);
    const error = document.createElement("div");
    error.className = "input-error";
    error.setAttribute("role", "alert");
    error.id = `error-${v.parameter}`;
    input.setAttribute("aria-describedby", error.id);
    valueCell.append(input, error);
    const cells = [
      v.defaultValue,
      v.low === null ? "" : `${fmt(v.low, v.low < 10 ? 3 : 0)} – ${fmt(v.high, v.high < 10 ? 3 : 0)}`,
      v.distribution,
      v.unit,
      v.status,
      v.sourceId,
    ];
    const tds = cells.map((c, i) => {
      const td = document.createElement("td");
      td.dataset.label = CELL_LABELS[i]; // shown before the value when rows stack on a phone (style.css)
      td.textContent = i === 0 ? fmt(c, Math.abs(c) < 10 ? 4 : 0) : String(c);
      if (i < 2) td.className = "num";
      if (i === 5) td.title = v.citation;
      return td;
    });
    const resetCell = document.createElement("td");
    const reset = document.createElement("button");
    reset.type = "button";
    reset.textContent = "Reset";
    reset.setAttribute("aria-label", `Reset ${v.id} (${applies.textContent}) to its default`);
    resetCell.append(reset);
    tr.append(name, applies, valueCell, ...tds, resetCell);
    body.append(tr);
    const mark = () => {
      const edited = Object.hasOwn(current, v.parameter);
      tr.classList.toggle("edited", edited);
      reset.disabled = !edited;
      input.value = displayNumber(current[v.parameter] ?? v.defaultValue);
    };
    const refuse = (message) => {
      error.textContent = `${message}. The value in force stays: ${displayNumber(current[v.parameter] ?? v.defaultValue)}.`;
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
      const next = { ...current };
      if (c.value === v.defaultValue) delete next[v.parameter];
      else next[v.parameter] = c.value;
      const why = validate(next);
      if (why)
        return refuse(
          `Refused ${JSON.stringify(typed.slice(0, 40))}: with ${v.parameter} = ${c.value} the model cannot be evaluated (${why})`,
        );
      clearError();
      current = next;
      mark();
      emit();
    });
    reset.addEventListener("click", () => {
      delete current[v.parameter];
      clearError();
      mark();
      emit();
    });
    rows.set(v.parameter, mark);
    mark();
  }
  table.append(body);
  wrap.append(table);

  const refresh = () => {
    for (const mark of rows.values()) mark();
  };
  resetAll.addEventListener("click", () => {
    current = {};
    refresh();
    messages.textContent = "All parameters reset to their defaults.";
    emit();
  });
  const problemList = (title, problems, total) => {
    const p = document.createElement("p");
    p.className = "upload-error";
    p.textContent = title;
    const ul = document.createElement("ul");
    ul.className = "upload-problems";
    for (const x of problems) {
      const li = document.createElement("li");
      li.textContent = x;
      ul.append(li);
    }
    messages.append(p, ul);
    if (total > problems.length) {
      const more = document.createElement("p");
      more.className = "upload-more";
      more.textContent = `… and ${total - problems.length} more problem${total - problems.length > 1 ? "s" : ""} (the first ${problems.length} are listed).`;
      messages.append(more);
    }
  };
  upload.addEventListener("change", async () => {
    const file = upload.files?.[0];
    if (!file) return;
    upload.value = "";
    messages.replaceChildren();
    if (file.size > MAX_UPLOAD_BYTES) {
      messages.textContent = `${file.name} was not read: ${fmt(file.size / 1048576, 1)} MB is above the limit of ${MAX_UPLOAD_BYTES / 1048576} MB for a parameter set (a complete set is about 20 kB); nothing was changed.`;
      return;
    }
    messages.textContent = `Reading ${file.name}…`;
    upload.disabled = true;
    try {
      const text = await file.text();
      // Read in slices that yield to the page, so a large file never freezes it.
      const {
        overrides: read,
        problems,
        total,
        rows: nRows,
        empty,
      } = await readParameterSetInSlices(text, file.name, views);
      messages.replaceChildren();
      if (empty) {
        messages.textContent = `${file.name} has a header row but no parameter rows: nothing was changed.`;
      } else if (total) {
        problemList(
          `${file.name} was not applied (${total} problem${total > 1 ? "s" : ""} in ${nRows} row${nRows === 1 ? "" : "s"}); the previous values stay in force:`,
          problems,
          total,
        );
      } else {
        const why = validate(read);
        if (why) {
          problemList(
            `${file.name} was not applied: the model cannot be evaluated with these values; the previous values stay in force:`,
            [why],
            1,
          );
        } else {
          current = read;
          refresh();
          for (const tr of body.querySelectorAll("tr.refused")) tr.classList.remove("refused");
          for (const e of body.querySelectorAll(".input-error")) e.textContent = "";
          const n = Object.keys(read).length;
          messages.textContent = `${file.name} applied: ${n} value${n === 1 ? "" : "s"} differ from the defaults; parameters not in the file take their defaults.`;
          emit();
        }
      }
    } finally {
      upload.disabled = false;
    }
  });

  root.append(bar, messages, wrap);
  return root;
}
