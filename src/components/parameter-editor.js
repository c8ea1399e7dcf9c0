// The editable parameter table of the Parameters page. Its `value` is the set of overrides
// ({parameter: number}); it dispatches "input" when an edit, a reset or an upload changes it, so a
// page reads it with Generators.input(editor). An upload with any problem changes nothing and lists
// every problem.
import {readParameterSet} from "../cart/scenario.js";
import {fmt} from "./format.js";

export function parameterEditor(views, {overrides = {}, platformLabels = {}} = {}) {
  const root = document.createElement("div");
  root.className = "parameter-editor";
  let current = {...overrides};
  root.value = {...current};

  const emit = () => {
    root.value = {...current};
    root.dispatchEvent(new Event("input", {bubbles: true}));
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
  head.innerHTML = "<tr><th scope=col>Parameter</th><th scope=col>Applies to</th><th scope=col class=num>Value</th><th scope=col class=num>Default</th><th scope=col class=num>Low – high</th><th scope=col>Distribution</th><th scope=col>Unit</th><th scope=col>Status</th><th scope=col>Source</th><th scope=col></th></tr>";
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
    applies.textContent = v.strategy === "all" ? "all strategies" : platformLabels[v.strategy] ?? v.strategy;
    const valueCell = document.createElement("td");
    valueCell.className = "num";
    const input = document.createElement("input");
    input.type = "number";
    input.step = "any";
    input.value = String(current[v.parameter] ?? v.defaultValue);
    input.setAttribute("aria-label", `${v.id} (${applies.textContent})`);
    valueCell.append(input);
    const cells = [v.defaultValue, v.low === null ? "" : `${fmt(v.low, v.low < 10 ? 3 : 0)} – ${fmt(v.high, v.high < 10 ? 3 : 0)}`, v.distribution, v.unit, v.status, v.sourceId];
    const tds = cells.map((c, i) => {
      const td = document.createElement("td");
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
      const edited = v.parameter in current;
      tr.classList.toggle("edited", edited);
      reset.disabled = !edited;
      input.value = String(current[v.parameter] ?? v.defaultValue);
    };
    input.addEventListener("change", () => {
      const x = Number(input.value);
      if (input.value.trim() === "" || !Number.isFinite(x)) {
        input.setCustomValidity("a number");
        input.reportValidity();
        return;
      }
      input.setCustomValidity("");
      if (x === v.defaultValue) delete current[v.parameter];
      else current[v.parameter] = x;
      mark();
      emit();
    });
    reset.addEventListener("click", () => {
      delete current[v.parameter];
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
  upload.addEventListener("change", async () => {
    const file = upload.files?.[0];
    if (!file) return;
    const text = await file.text();
    const {overrides: read, problems} = readParameterSet(text, file.name, views);
    messages.replaceChildren();
    if (problems.length) {
      const p = document.createElement("p");
      p.className = "upload-error";
      p.textContent = `${file.name} was not applied (${problems.length} problem${problems.length > 1 ? "s" : ""}); the previous values stay in force:`;
      const ul = document.createElement("ul");
      ul.className = "upload-problems";
      for (const x of problems) {
        const li = document.createElement("li");
        li.textContent = x;
        ul.append(li);
      }
      messages.append(p, ul);
    } else {
      current = read;
      refresh();
      messages.textContent = `${file.name} applied: ${Object.keys(read).length} value${Object.keys(read).length === 1 ? "" : "s"} differ from the defaults.`;
      emit();
    }
    upload.value = "";
  });

  root.append(bar, messages, wrap);
  return root;
}
