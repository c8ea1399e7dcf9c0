// The scenario shared by the report's pages: kept in the URL fragment (so a link reproduces it on
// any static host) and in localStorage (so it follows the reader from page to page). Neither may
// break a page: whatever cannot be used is named in a notice and the rest loads.
import {DEFAULT_SCENARIO, decodeScenario, encodeScenario, evaluableScenario} from "../cart/scenario.js";

export const STORAGE_KEY = "cartecon-scenario";

function readStorage() {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? "";
  } catch {
    return ""; // storage unavailable (private mode, file://, blocked): defaults
  }
}

/**
 * The scenario of this page load: from the link's fragment if it has one, else from the browser's
 * storage, else the defaults. `problems` names every setting that was dropped (the first 100;
 * `total` counts all). With `inputs` ({evidence, lifeTables} from cartInputs: one life table per
 * preset; or {evidence, lifeTable}: one table for every preset), a scenario whose settings pass their
 * checks one by one but cannot be evaluated together is reduced to one that can, naming what was
 * dropped (see evaluableScenario).
 */
export function loadScenario(diseases, inputs) {
  const hash = typeof location !== "undefined" ? location.hash.replace(/^#/, "") : "";
  const stored = hash ? "" : readStorage();
  const from = hash ? "link" : stored ? "storage" : "defaults";
  let {scenario, problems, total} = from === "defaults" ? {scenario: {...DEFAULT_SCENARIO, overrides: {}}, problems: [], total: 0} : decodeScenario(hash || stored, diseases);
  if (inputs) {
    const repaired = evaluableScenario(inputs.evidence, inputs.lifeTables ?? inputs.lifeTable, scenario);
    scenario = repaired.scenario;
    problems = [...problems, ...repaired.problems];
    total += repaired.problems.length;
  }
  return {scenario, problems, total, from};
}

/** Records the scenario in the URL fragment and in localStorage. */
export function saveScenario(scenario) {
  const text = encodeScenario(scenario);
  const url = `${location.pathname}${location.search}${text ? `#${text}` : ""}`;
  history.replaceState(null, "", url);
  try {
    localStorage.setItem(STORAGE_KEY, text);
  } catch {
    // storage unavailable or full: the URL still carries the scenario
  }
  return text;
}

/**
 * A notice for a bad or stale link or stored scenario: what was dropped, and that defaults are in
 * force for it. `loaded` is the result of loadScenario.
 */
export function linkNotice(problems, {from = "link", total = problems.length} = {}) {
  if (!problems.length) return document.createTextNode("");
  const div = document.createElement("div");
  div.className = "note notice-link";
  div.dataset.from = from;
  div.setAttribute("role", "status");
  const p = document.createElement("p");
  p.textContent =
    from === "storage"
      ? "Some settings saved in this browser from an earlier visit could not be used; they were dropped and their defaults are in force:"
      : "Some settings in this link could not be used; they were dropped and their defaults are in force:";
  const ul = document.createElement("ul");
  for (const x of problems) {
    const li = document.createElement("li");
    li.textContent = x;
    ul.append(li);
  }
  div.append(p, ul);
  if (total > problems.length) {
    const more = document.createElement("p");
    more.textContent = `… and ${total - problems.length} more (the first ${problems.length} are listed).`;
    div.append(more);
  }
  return div;
}
