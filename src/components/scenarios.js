// Named scenarios kept in the browser (issue [10], item 2): a list of scenario files (the same JSON
// as the Export button writes and `cartecon cart --scenario` reads) under one localStorage key.
// Each entry is read back through readScenarioFile, so a stale or edited entry is dropped with its
// reason, never used unchecked.
import { html } from "htl";
import { readScenarioFile, scenarioFileText } from "../cart/scenario-file.js";
import { MAX_COMPARED, encodeComparison } from "../cart/compare.js";
import { encodeScenario } from "../cart/scenario.js";
import { decodeText } from "../model/io/text.js";

export const SAVED_KEY = "cartecon-saved-scenarios";

/** @typedef {import("../cart/scenario-file.js").NamedScenario} NamedScenario */

/**
 * The saved scenarios that still read, why the others were not shown, and those others' stored texts
 * (`unread`: kept in storage as they are, never erased by a save).
 * @param {readonly string[]} diseases
 * @returns {{saved: NamedScenario[], problems: string[], unread: string[]}}
 */
export function savedScenarios(diseases) {
  /** @type {unknown} */
  let list = [];
  try {
    list = JSON.parse(globalThis.localStorage?.getItem(SAVED_KEY) ?? "[]");
  } catch {
    return { saved: [], problems: ["the saved scenarios in this browser are unreadable and were ignored"], unread: [] };
  }
  /** @type {NamedScenario[]} */
  const saved = [];
  /** @type {string[]} */
  const problems = [];
  /** @type {string[]} the stored texts that do not read (another version's, a damaged one), kept as they are */
  const unread = [];
  for (const [i, text] of (Array.isArray(list) ? list : []).entries()) {
    try {
      saved.push(readScenarioFile(String(text), `saved scenario ${i + 1}`, diseases));
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
      unread.push(String(text));
    }
  }
  return { saved, problems, unread };
}

/**
 * Writes the saved list: the scenarios that read, then the texts that did not, unchanged (saving or
 * forgetting one scenario rewrote the list from the readable ones and erased the others).
 * @param {NamedScenario[]} saved
 * @param {string[]} unread
 */
function writeSaved(saved, unread) {
  localStorage.setItem(SAVED_KEY, JSON.stringify([...saved.map(scenarioFileText), ...unread]));
}

/**
 * Saves (or replaces, by name) a named scenario; returns the list as stored.
 * @param {NamedScenario} named
 * @param {readonly string[]} diseases
 */
export function storeScenario(named, diseases) {
  const { saved, unread } = savedScenarios(diseases);
  const next = [...saved.filter((s) => s.name !== named.name), named];
  writeSaved(next, unread);
  return next;
}

/**
 * Removes a saved scenario by name.
 * @param {string} name
 * @param {readonly string[]} diseases
 */
export function forgetScenario(name, diseases) {
  const { saved, unread } = savedScenarios(diseases);
  const next = saved.filter((s) => s.name !== name);
  writeSaved(next, unread);
  return next;
}

/**
 * Opens the explorer on a scenario: its link in the address bar (and the shared storage), then a
 * reload, so every input starts from it exactly as from a shared link.
 * @param {import("../cart/scenario.js").Scenario | null} scenario null: the defaults
 * @param {string} storageKey where the pages keep the current scenario (state.js STORAGE_KEY)
 */
export function applyScenario(scenario, storageKey) {
  const text = scenario ? encodeScenario(scenario) : "";
  try {
    localStorage.setItem(storageKey, text);
  } catch {
    // storage unavailable: the link still carries it
  }
  location.hash = text;
  location.reload();
}

/**
 * The link of the Compare page for these scenarios (2 to 4), with the page's data stamp (DATA_STAMP),
 * so the Compare page opened from it later says when the report's data have changed since.
 * @param {NamedScenario[]} list
 * @param {string} [stamp] the page's data stamp (`inputs.stamp`)
 */
export function comparisonLink(list, stamp) {
  return `./compare.html#${encodeComparison(list.slice(0, MAX_COMPARED), stamp)}`;
}

/**
 * The explorer's scenario panel: name and save the current scenario, export it as JSON, import a
 * file, reset to the defaults, and go to the comparison. `current()` returns the scenario on screen.
 * @param {() => import("../cart/scenario.js").Scenario} current
 * @param {{diseases: readonly string[], storageKey: string, stamp?: string}} page the diseases, state.js
 *   STORAGE_KEY (state.js is not yet type-annotated, so it is passed in) and the data stamp its links carry
 */
export function scenarioPanel(current, { diseases, storageKey, stamp }) {
  /** @type {HTMLInputElement} */
  const name = html`<input
    type="text"
    id="scenario-name"
    maxlength="80"
    placeholder="e.g. MS, in vivo at 60k"
    aria-label="Scenario name"
  />`;
  /** @type {HTMLSpanElement} */
  const message = html`<span class="scenario-message" role="status"></span>`;
  /** @type {HTMLUListElement} */
  const list = html`<ul class="saved-scenarios"></ul>`;
  /** @param {string} text @param {boolean} [bad] */
  const say = (text, bad = false) => {
    message.textContent = text;
    message.classList.toggle("upload-error", bad);
  };
  const draw = () => {
    const { saved, problems } = savedScenarios(diseases);
    list.replaceChildren(
      ...saved.map(
        (s) =>
          html`<li data-name=${s.name}>
            <button type="button" class="link-button" onclick=${() => applyScenario(s.scenario, storageKey)}>
              ${s.name}
            </button>
            <span class="muted">${s.scenario.disease}, ${s.scenario.preset}</span>
            <button
              type="button"
              aria-label=${`Delete saved scenario ${s.name}`}
              onclick=${() => (forgetScenario(s.name, diseases), draw())}
            >
              ×
            </button>
          </li>`,
      ),
      ...problems.map((p) => html`<li class="upload-problems">${p}</li>`),
    );
    compare.href = comparisonLink(saved.slice(-MAX_COMPARED), stamp);
    compare.hidden = saved.length < 2;
  };
  const save = () => {
    const n = name.value.trim();
    if (!n) return say("Give the scenario a name first.", true);
    storeScenario({ name: n, scenario: current() }, diseases);
    say(`Saved “${n}” in this browser.`);
    draw();
  };
  const exportJson = () => {
    const n = name.value.trim() || "scenario";
    const blob = new Blob([scenarioFileText({ name: n, scenario: current() })], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    /** @type {HTMLAnchorElement} */
    const a = html`<a href=${url} download=${`${n.replace(/[^\w.-]+/g, "-")}.scenario.json`}></a>`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  /** @type {HTMLInputElement} */
  const file = html`<input type="file" accept=".json,application/json" aria-label="Import a scenario file (JSON)" />`;
  file.onchange = async () => {
    const f = file.files?.[0];
    if (!f) return;
    try {
      const named = readScenarioFile(
        decodeText(new Uint8Array(await f.arrayBuffer()), f.name, "the scenario file"),
        f.name,
        diseases,
      );
      storeScenario(named, diseases);
      applyScenario(named.scenario, storageKey);
    } catch (e) {
      say(e instanceof Error ? e.message : String(e), true);
    }
  };
  /** @type {HTMLAnchorElement} */
  const compare = html`<a class="compare-link" href="./compare.html">Compare saved scenarios</a>`;
  const panel = html`<details class="card scenario-panel" id="scenario-panel">
    <summary>Scenarios: save, export, import, reset, compare</summary>
    <p>
      ${name} <button type="button" onclick=${save}>Save in this browser</button>
      <button type="button" onclick=${exportJson}>Export JSON</button> <label class="upload">Import JSON ${file}</label>
      <button type="button" onclick=${() => applyScenario(null, storageKey)}>Reset to defaults</button>
    </p>
    <p>${message}</p>
    ${list}
    <p>${compare}</p>
    <p class="muted">A scenario file runs in the command line too: <code>cartecon cart --scenario FILE</code>.</p>
  </details>`;
  draw();
  return panel;
}
