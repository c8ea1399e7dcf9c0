// The scenario shared by the report's pages: kept in the URL fragment (so a link reproduces it on
// any static host) and in localStorage (so it follows the reader from page to page). Neither may
// break a page: whatever cannot be used is named in a notice and the rest loads.
import { html } from "htl";
import { DEFAULT_SCENARIO, dataChanged, decodeScenario, encodeScenario, evaluableScenario } from "../cart/scenario.js";

/** @typedef {import("../cart/scenario.js").Scenario} Scenario */
/** @typedef {import("../cart/evidence.js").Evidence} Evidence */
/** @typedef {import("../model/index.js").TableSpec} TableSpec */

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
 * @param {readonly string[]} diseases disease ids a scenario may name
 * `otherData` says when the link or stored scenario was made from other data than the page's
 * (its data stamp differs from `inputs.stamp`: dataChanged).
 * @param {{evidence: Evidence, lifeTables?: Parameters<typeof evaluableScenario>[1], lifeTable?: TableSpec, stamp?: string}} [inputs]
 * @returns {{scenario: Scenario, problems: string[], total: number, from: "link" | "storage" | "defaults", otherData: string | null}}
 */
export function loadScenario(diseases, inputs) {
  const hash = typeof location !== "undefined" ? location.hash.replace(/^#/, "") : "";
  const stored = hash ? "" : readStorage();
  const from = hash ? "link" : stored ? "storage" : "defaults";
  /** @type {import("../cart/scenario.js").DecodedScenario} */
  const decoded =
    from === "defaults"
      ? { scenario: { ...DEFAULT_SCENARIO, overrides: {} }, problems: [], total: 0 }
      : decodeScenario(hash || stored, diseases);
  let { scenario, problems, total } = decoded;
  const otherData = dataChanged(
    decoded.data,
    inputs?.stamp,
    from === "storage" ? "The scenario saved in this browser" : "This link",
  );
  if (inputs) {
    const lifeTables = /** @type {Parameters<typeof evaluableScenario>[1]} */ (inputs.lifeTables ?? inputs.lifeTable);
    const repaired = evaluableScenario(inputs.evidence, lifeTables, scenario);
    scenario = repaired.scenario;
    problems = [...problems, ...repaired.problems];
    total += repaired.problems.length;
  }
  // A stored scenario with settings that were dropped, or from other data, is stored again without
  // them and with this page's stamp, so the notice is shown once, not on every page of every visit
  // (pages that never save would repeat it).
  if (from === "storage" && (total > 0 || otherData))
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, encodeScenario(scenario, inputs?.stamp ?? decoded.data));
    } catch {
      // storage unavailable or full: the notice shows again next time
    }
  return { scenario, problems, total, from, otherData };
}

/**
 * Records the scenario in the URL fragment and in localStorage, with the page's data stamp
 * (`inputs.stamp` of cartInputs), so the link says which data it was made from.
 * @param {Scenario} scenario
 * @param {string} [stamp] the page's data stamp
 * @returns {string} the encoded fragment
 */
export function saveScenario(scenario, stamp) {
  const text = encodeScenario(scenario, stamp);
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
 * @param {string[]} problems what was dropped (the first 100)
 * @param {{from?: string, total?: number, otherData?: string | null}} [options] where the scenario came
 *   from; how many problems in all; that it was made from other data (loadScenario's otherData)
 * @returns {Node} an empty text node when nothing was dropped and the data are the same
 */
export function linkNotice(problems, { from = "link", total = problems.length, otherData = null } = {}) {
  const data = otherData ? html`<p class="notice-data">${otherData}</p>` : null;
  if (!problems.length)
    return data
      ? html`<div class="note notice-link" data-from=${from} role="status">${data}</div>`
      : document.createTextNode("");
  const intro =
    from === "storage"
      ? "Some settings saved in this browser from an earlier visit could not be used; they were dropped and their defaults are in force:"
      : "Some settings in this link could not be used; they were dropped and their defaults are in force:";
  const more =
    total > problems.length
      ? html`<p>${`… and ${total - problems.length} more (the first ${problems.length} are listed).`}</p>`
      : null;
  return html`<div class="note notice-link" data-from=${from} role="status">
    ${data}
    <p>${intro}</p>
    <ul>
      ${problems.map((x) => html`<li>${x}</li>`)}
    </ul>
    ${more}
  </div>`;
}

export const EDITS_KEY = "cartecon-parameter-edits";

/**
 * Parameter edits kept per disease and preset ("sle|us" -> {parameter: value}) in localStorage, so
 * that switching disease on the Parameters page never discards edits. Only plain finite numbers are
 * read back; the page still checks them (evaluableScenario) before use.
 * @returns {Record<string, Record<string, number>>}
 */
export function readKeptEdits() {
  try {
    const parsed = JSON.parse(globalThis.localStorage?.getItem(EDITS_KEY) ?? "{}");
    /** @type {Record<string, Record<string, number>>} */
    const out = {};
    if (parsed && typeof parsed === "object")
      for (const [key, edits] of Object.entries(parsed)) {
        if (!/^[a-z0-9_-]+\|[a-z0-9_-]+$/i.test(key) || !edits || typeof edits !== "object") continue;
        const clean = Object.fromEntries(
          Object.entries(edits).filter(([, v]) => typeof v === "number" && Number.isFinite(v)),
        );
        if (Object.keys(clean).length) out[key] = clean;
      }
    return out;
  } catch {
    return {}; // unreadable or unavailable storage: nothing kept
  }
}

/** The stored form of the kept edits: empty sets dropped. */
const keptText = (/** @type {Record<string, Record<string, number>>} */ kept) =>
  JSON.stringify(Object.fromEntries(Object.entries(kept).filter(([, e]) => Object.keys(e).length)));

/**
 * Writes `text` as the kept edits; false when the storage refused it.
 * @param {string} text
 * @param {Pick<Storage, "setItem"> | undefined} storage localStorage when not given (read here: it
 *   throws when blocked)
 */
function storeKept(text, storage) {
  try {
    (storage ?? localStorage).setItem(EDITS_KEY, text);
    return true;
  } catch {
    return false; // storage unavailable or full: edits are kept for this visit only
  }
}

/**
 * Records the edits of every disease and preset (see readKeptEdits); empty sets are dropped.
 * @param {Record<string, Record<string, number>>} kept
 */
export function writeKeptEdits(kept) {
  storeKept(keptText(kept), undefined);
}

/**
 * A writeKeptEdits for a page that calls it on every recomputation (the Scenario explorer): it writes
 * only when the edits differ from those it last wrote (compared as stored, so a new but equal object
 * is no change). Returns whether it wrote; a refused write is tried again on the next call.
 * @param {Pick<Storage, "setItem">} [storage] localStorage when not given
 * @returns {(kept: Record<string, Record<string, number>>) => boolean}
 */
export function keptEditsWriter(storage) {
  /** @type {string | null} */
  let last = null;
  return (kept) => {
    const text = keptText(kept);
    if (text === last || !storeKept(text, storage)) return false;
    last = text;
    return true;
  };
}
