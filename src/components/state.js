// The scenario shared by the report's pages: kept in the URL fragment (so a link reproduces it on
// any static host) and in localStorage (so it follows the reader from page to page).
import {DEFAULT_SCENARIO, decodeScenario, encodeScenario} from "../cart/scenario.js";

const KEY = "cartecon-scenario";

/** The scenario of this page load and any problems with the link it came from. */
export function loadScenario(diseases) {
  const hash = typeof location !== "undefined" ? location.hash.replace(/^#/, "") : "";
  if (hash) {
    const {scenario, problems} = decodeScenario(hash, diseases);
    return {scenario, problems, from: "link"};
  }
  try {
    const stored = localStorage.getItem(KEY);
    if (stored) {
      const {scenario, problems} = decodeScenario(stored, diseases);
      if (!problems.length) return {scenario, problems: [], from: "storage"};
    }
  } catch {
    // storage unavailable (private mode, file://): defaults
  }
  return {scenario: {...DEFAULT_SCENARIO, overrides: {}}, problems: [], from: "defaults"};
}

/** Records the scenario in the URL fragment and in localStorage. */
export function saveScenario(scenario) {
  const text = encodeScenario(scenario);
  const url = `${location.pathname}${location.search}${text ? `#${text}` : ""}`;
  history.replaceState(null, "", url);
  try {
    localStorage.setItem(KEY, text);
  } catch {
    // storage unavailable: the URL still carries the scenario
  }
  return text;
}

/** A notice for a bad or stale link: what was ignored, and that defaults are in force for it. */
export function linkNotice(problems) {
  if (!problems.length) return document.createTextNode("");
  const div = document.createElement("div");
  div.className = "note notice-link";
  div.setAttribute("role", "status");
  const p = document.createElement("p");
  p.textContent = "Some settings in this link could not be used and were left at their defaults:";
  const ul = document.createElement("ul");
  for (const x of problems) {
    const li = document.createElement("li");
    li.textContent = x;
    ul.append(li);
  }
  div.append(p, ul);
  return div;
}
