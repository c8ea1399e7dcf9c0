// Panels of the Uncertainty page: the PSA runner (module worker, progress, cancel) with EVPPI per
// parameter and per user-defined group, the tornado, the two-way map over two chosen parameters,
// VOI from uploaded samples, and one Excel workbook of every table the page has computed.
// Results are kept for the session by scenario, so a panel re-created when an input changes (a new
// group, another fill of the map) shows them again without re-running the model.
import { html } from "htl";
import {
  acceptability,
  baseVersusMean,
  cePlane,
  decisionSummary,
  netBenefit,
  runningMeans,
  wtpGrid,
} from "../uncertainty/stats.js";
import { parseDecimal, whyNotDecimal } from "../model/io/number.js";
import { joinGroup, parseGroupLines } from "../uncertainty/groups.js";
import {
  decimalsFor,
  decisionLead,
  decisionLeadWarning,
  evppiPrecisionWarning,
  pairedDifference,
} from "../uncertainty/precision.js";
import { checkWholeNumber } from "../uncertainty/scenario.js";
import { orderReversals } from "../uncertainty/order.js";
import { orderedPairsOf } from "../cart/distributions.js";
import { baseVersusMeanText, orderReversalText } from "./words.js";
import { checkedRange } from "./checked-range.js";
import { PRESETS } from "../cart/presets.js";
import { DISEASE_SHORT_LABELS } from "../cart/dictionary.js";
import { parameterNamer } from "./parameter-names.js";
import { downloadCsv } from "./download.js";
import { downloadXlsx } from "./xlsx.js";
import { shortLabel } from "./charts.js";
import { dataTable } from "./table.js";
import {
  ceacChart,
  ceacPreview,
  cePlaneChart,
  convergenceChart,
  evppiChart,
  expectedLossChart,
  tornadoChart,
  twoWayChart,
} from "./uncertainty-views.js";

/** @typedef {import("../uncertainty/stats.js").PsaOutcomes} PsaOutcomes */
/** @typedef {import("../uncertainty/evppi.js").EvppiResult} EvppiResult */
/** @typedef {import("../model/dist/sample.js").ParameterDistribution} ParameterDistribution */
/** @typedef {import("./parameter-names.js").ParameterNaming} ParameterNaming */
/**
 * @typedef {object} PsaDone the worker's finished PSA
 * @property {PsaOutcomes} outcomes
 * @property {{costs: number[], effects: number[]}} [base] each strategy's cost and QALYs with every parameter at its base value
 * @property {string[]} labels the strategies' names, in the order of outcomes.strategies
 * @property {Record<string, ArrayLike<number>>} table the draws table (draw, parameters, cost_ and effect_ per strategy)
 * @property {ParameterDistribution[]} parameters
 * @property {EvppiResult[]} evppi EVPPI of every drawn parameter that varies, largest first
 * @property {number} seed
 * @property {number} n
 * @property {ParameterNaming} naming what names the parameters (parameterNamer)
 */
/** @typedef {{disease: string, preset: string, wtp: number, currency: string, width?: number, stamp?: string}} PageContext stamp: the report's data stamp, named in every download's assumptions */

/**
 * The currency and price year of a preset's money, as separate fields of a download's assumptions
 * (as every other page writes them: "currency": "USD", "priceYear": 2025).
 * @param {string} preset
 */
const money = (preset) => ({
  currency: PRESETS[preset]?.currency ?? null,
  priceYear: PRESETS[preset]?.priceYear ?? null,
});

/** A table the page has computed, for the Excel download; `key` says for which scenario. */
/** @type {Map<string, {key: string, data: any}>} */
const pageTables = new Map();
/** @type {Map<string, PsaDone>} finished PSAs of this session by disease|preset|n|seed */
const psaCache = new Map();
/**
 * PSAs running now, by the same key: a panel re-created while one runs (the EVPPI groups arrive or
 * change, the window is resized, a phone turned) follows that run instead of losing it; progress
 * goes to the newest panel. A panel for other draws, seed, disease or preset cancels it (psaNote).
 * @type {Map<string, {promise: Promise<PsaDone>, cancel: () => boolean, t0: number, onProgress: (p: any) => void, label: string}>}
 */
const psaRunning = new Map();
/** What the PSA panel says about runs cancelled because the page's inputs changed, until the next run. */
let psaNote = "";
/** @type {Map<string, EvppiResult>} group EVPPI by PSA key and group */
const groupCache = new Map();
/** @type {Map<string, {a: string, b: string, strategies?: string[], labels?: string[], units?: {a?: string | null, b?: string | null}, rows: Array<Record<string, any>>}>} two-way grids by scenario */
const twoWayCache = new Map();
/** @type {Map<string, {rows: Array<Record<string, any>>, baseInmb: number}>} one-way results by disease|preset|wtp */
const tornadoCache = new Map();
/** Whether the user has asked for a two-way map in this session (then a new choice recomputes it at once). */
let twoWayWanted = false;

/**
 * The computations in flight of one kind of panel, at most one per key: a panel re-created while
 * its computation runs (a resized window, a re-rendered page, data arriving) joins it instead of
 * starting another, and the newest panel shows the result; `cancelOthers` cancels (terminates the
 * worker of) every computation for a key the page no longer shows.
 * @template T
 */
function inFlight() {
  /** @type {Map<string, {promise: Promise<T>, cancel: () => boolean, label: string}>} */
  const running = new Map();
  return {
    /** @param {string} key */
    get: (key) => running.get(key),
    /**
     * The computation of `key`: the one in flight, else the one `start` starts.
     * @param {string} key
     * @param {string} label the settings it is for, in words (for a "cancelled" note)
     * @param {() => {promise: Promise<T>, cancel: () => boolean}} start
     */
    join(key, label, start) {
      const now = running.get(key);
      if (now) return now;
      const run = { ...start(), label };
      running.set(key, run);
      const forget = () => {
        if (running.get(key) === run) running.delete(key);
      };
      run.promise.then(forget, forget);
      return run;
    },
    /**
     * Cancels every computation for a key other than `key`; returns the labels of those cancelled
     * (one that had already finished is kept, not cancelled).
     * @param {string} key
     */
    cancelOthers(key) {
      /** @type {string[]} */
      const cancelled = [];
      for (const [k, run] of running)
        if (k !== key && run.cancel()) {
          running.delete(k);
          cancelled.push(run.label);
        }
      return cancelled;
    },
  };
}

/**
 * The page's settings in words, for notes: "SLE / lupus nephritis, United States (ICER), 1000 draws, seed 1".
 * @param {string} disease
 * @param {string} preset
 * @param {string[]} [more]
 */
const settingsLabel = (disease, preset, more = []) =>
  [DISEASE_SHORT_LABELS[disease] ?? disease, PRESETS[preset]?.label ?? preset, ...more].join(", ");

/**
 * The report's data stamp in the page's cart-inputs.json (DATA_STAMP), if it has one.
 * @param {unknown} inputs
 * @returns {string | undefined}
 */
const stampOf = (inputs) => /** @type {{stamp?: string} | null} */ (inputs)?.stamp;

/**
 * What every one-way and two-way CSV says about its scenario (no draws, hence no seed).
 * @param {{disease: string, preset: string, wtp: number, stamp?: string}} s
 */
const deterministicMeta = ({ disease, preset, wtp, stamp }) => ({
  disease,
  preset,
  wtp,
  ...money(preset),
  dataStamp: stamp ?? null,
  seed: null,
});

/**
 * The newest panel of each kind (the one the page shows) with its key and how it shows a computation.
 * A click can reach a panel in the instant it is being replaced (the page re-renders it when its width
 * or groups change): the computation it starts is then shown by the newest panel of the same key,
 * which would otherwise stay idle while the replaced panel, no longer in the page, shows the result.
 * @type {Record<"psa" | "twoway" | "dsa", {key: string, show: (...args: any[]) => any} | undefined>}
 */
const newest = { psa: undefined, twoway: undefined, dsa: undefined };

/**
 * The function that shows a computation of `key` started from a panel: the newest panel's when it
 * is for the same key (this panel may be being replaced), else this panel's own.
 * @template {(...args: any[]) => any} F
 * @param {"psa" | "twoway" | "dsa"} kind
 * @param {string} key
 * @param {F} own
 * @returns {F}
 */
const shownBy = (kind, key, own) => {
  const n = newest[kind];
  return /** @type {F} */ (n && n.key === key ? n.show : own);
};

/** @type {ReturnType<typeof inFlight<any>>} two-way grids computing, by the twoWayCache key */
const twoWayRuns = inFlight();
/** @type {ReturnType<typeof inFlight<any>>} tornadoes computing, by the tornadoCache key */
const tornadoRuns = inFlight();
/** What the tornado panel says about a computation cancelled because the inputs changed. */
let tornadoNote = "";

/**
 * Sends `message` to a module `worker` and settles with its final message; `onProgress` receives
 * the streamed ones ({kind: "progress"} and {kind: "summary"}). Returns {promise, cancel}; cancel
 * terminates the worker and rejects with Error("cancelled"), and returns whether there was anything
 * to cancel (false once the worker has answered: a finished result is never thrown away).
 * @param {Worker} worker
 * @param {Record<string, unknown>} message
 * @param {(data: any) => void} [onProgress]
 * @returns {{promise: Promise<any>, cancel: () => boolean}}
 */
function runWorker(worker, message, onProgress) {
  /** @type {() => boolean} */
  let cancel = () => false;
  let settled = false;
  const promise = new Promise((resolve, reject) => {
    cancel = () => {
      if (settled) return false;
      settled = true;
      worker.terminate();
      reject(new Error("cancelled"));
      return true;
    };
    worker.onmessage = ({ data }) => {
      if (settled) return;
      if (data.kind === "progress" || data.kind === "summary") return onProgress?.(data);
      settled = true;
      worker.terminate();
      if (data.kind === "error") reject(new Error(data.message));
      else resolve(data);
    };
    worker.onerror = (e) => {
      if (settled) return;
      settled = true;
      worker.terminate();
      reject(new Error(e.message));
    };
    worker.postMessage(message);
  });
  return { promise, cancel };
}

/**
 * Starts the PSA worker (Framework bundles it from this literal relative path) with `message`;
 * `onProgress` receives progress messages. Returns {promise, cancel}.
 * @param {Record<string, unknown>} message
 * @param {(data: any) => void} [onProgress]
 */
export function startWorker(message, onProgress) {
  // One User Timing mark per worker started, by kind ("psa", "twoway", "dsa", …): the browser tests
  // count computations with performance.getEntriesByName("cartecon:worker:twoway").
  performance.mark(`cartecon:worker:${message.kind}`);
  return runWorker(new Worker(import.meta.resolve("./psa-worker.js"), { type: "module" }), message, onProgress);
}

/**
 * Runs `message` in the worker (or joins the run of `key` already in flight in `runs`), keeps its
 * result in `cache`, and shows it with `show` if `out` is still on the page (a panel replaced
 * meanwhile draws nothing: the newest one shows the result); a cancelled or failed run is said in
 * `out`. `go` (the panel's button) is disabled while it runs. Two-way map and tornado panels.
 * @param {{runs: ReturnType<typeof inFlight<any>>, cache: Map<string, any>, key: string, label: string,
 *   message: Record<string, unknown>, out: HTMLElement, go: HTMLButtonElement, show: (data: any) => void}} o
 */
async function showWorkerResult({ runs, cache, key, label, message, out, go, show }) {
  const run = runs.join(key, label, () => {
    const w = startWorker(message);
    return {
      promise: w.promise.then((data) => {
        cache.set(key, data);
        return data;
      }),
      cancel: w.cancel,
    };
  });
  try {
    const data = await run.promise;
    if (out.isConnected) show(data);
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    out.replaceChildren(
      text === "cancelled" ? html`<p>Cancelled: the inputs changed.</p>` : html`<p class="error">${text}</p>`,
    );
  } finally {
    go.disabled = false;
  }
}

/**
 * Starts the upload VOI worker (src/components/voi-worker.js) with the chosen files.
 * @param {{files: Record<string, File>, wtp?: number, groups?: string[][]}} message
 * @param {(data: any) => void} [onProgress]
 */
function startVoiWorker(message, onProgress) {
  return runWorker(new Worker(import.meta.resolve("./voi-worker.js"), { type: "module" }), message, onProgress);
}

/**
 * Coalesces frequent updates (worker progress): `update(x)` keeps the latest x and `apply`s it in
 * an animation frame at most once every `ms` ms; `flush()` drops what is pending. Keeps each
 * main-thread task small however fast messages arrive.
 * @template T
 * @param {(x: T) => void} apply
 * @param {number} [ms]
 */
function coalesce(apply, ms = 250) {
  /** @type {{x: T} | null} */
  let pending = null;
  let timer = 0;
  let last = -Infinity;
  const fire = () => {
    timer = 0;
    last = performance.now();
    requestAnimationFrame(() => {
      if (pending === null) return;
      const { x } = pending;
      pending = null;
      apply(x);
    });
  };
  return {
    /** @param {T} x */
    update(x) {
      const wait = last + ms - performance.now();
      pending = { x };
      if (timer) return;
      // Messages paced by the worker arrive at most every `ms`: straight to the next frame then,
      // without a timer task in between.
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    flush() {
      clearTimeout(timer);
      timer = 0;
      pending = null;
    },
  };
}

/**
 * Appends the nodes that `parts` build to `container`, one part per task (so a finished run's
 * many Plot charts do not make one long main-thread task); stops if `alive()` turns false (the
 * container was given other content meanwhile).
 * @param {HTMLElement} container
 * @param {Array<() => Node | string>} parts
 * @param {() => boolean} [alive]
 */
async function appendInTasks(container, parts, alive = () => true) {
  for (const part of parts) {
    if (!alive()) return;
    container.append(part());
    await new Promise((ok) => setTimeout(ok, 0));
  }
}

/**
 * A text box for the PSA's draws, seed or grid size: a typed entry counts only if checkWholeNumber
 * accepts it (the link's rule); otherwise a message next to the box names the entry and the range,
 * and the value in force stays (Inputs.number kept showing a refused "0" or "1e9" while the run
 * silently used the previous number).
 * @param {"n" | "seed" | "steps"} key
 * @param {string} label
 * @param {number} value
 */
export function wholeNumberBox(key, label, value) {
  return checkedRange([0, 1], {
    label,
    value,
    slider: false,
    format: String,
    check: (t) => {
      const c = checkWholeNumber(key, t);
      return c.ok ? null : c.message;
    },
    parse: (t) => {
      const c = checkWholeNumber(key, t);
      return c.ok ? c.value : NaN;
    },
  });
}

/**
 * The parameters the page offers for the disease: `ranged` (low < high: two-way map) and `drawn`
 * (with a distribution: EVPPI groups), and `naming`, what names them (parameterNamer).
 * @param {unknown} inputs
 * @param {string} disease
 * @param {string} preset
 * @returns {Promise<{ranged: string[], drawn: string[], naming: ParameterNaming}>}
 */
export function modelParameters(inputs, disease, preset) {
  return startWorker({ kind: "parameters", inputs, disease, preset }).promise;
}

/**
 * The namer of a worker's answer (its `naming`); without one, a parameter's short label.
 * @param {ParameterNaming | undefined} naming
 */
const namerOf = (naming) => parameterNamer(naming?.ids ?? [], naming?.comparators);

/**
 * An editor of EVPPI parameter groups: a multi-select of the drawn parameters, "Add group", and the
 * groups so far, each with a remove button. Parameters are listed by the reader's name
 * (`name`, as the page's other views name them: parameterNamer), their ids in a tooltip (title) and in small type beside each group; its value is
 * the list of groups of ids (string[][]), which the page's link carries; it emits "input" on every
 * change, so Framework's view() reads it like any input.
 * @param {string[]} drawn
 * @param {string[][]} [initial]
 * @param {{name?: (id: string) => string}} [options] name: a parameter's name (parameterNamer of drawn by default)
 * @returns {HTMLElement & {value: string[][]}}
 */
export function groupsEditor(drawn, initial = [], { name = parameterNamer(drawn) } = {}) {
  /** @type {HTMLSelectElement} */
  const select = html`<select multiple size="6" aria-label="Parameters of a new group">
    ${drawn.map((id) => html`<option value=${id} title=${id}>${name(id)}</option>`)}
  </select>`;
  /** @type {HTMLButtonElement} */
  const add = html`<button type="button">Add group</button>`;
  /** @type {HTMLUListElement} */
  const list = html`<ul class="evppi-groups"></ul>`;
  const note = html`<small></small>`;
  /** @type {HTMLElement & {value: string[][]}} */
  const form = html`<div class="groups-editor">
    <span>EVPPI groups: choose two or more parameters (Ctrl/⌘-click), then</span> ${add}<br />${select}${note}${list}
  </div>`;
  form.value = initial.filter((g) => g.every((id) => drawn.includes(id)));
  const render = () =>
    list.replaceChildren(
      ...form.value.map((g, i) => {
        /** @type {HTMLButtonElement} */
        const remove = html`<button type="button" aria-label=${`Remove group ${g.map(name).join(" + ")}`}>
          Remove
        </button>`;
        remove.onclick = () => {
          form.value = form.value.filter((_, j) => j !== i);
          changed();
        };
        return html`<li>
          <span class="group" title=${g.join(" + ")}>${g.map(name).join(" + ")}</span>
          <small class="group-ids">(${g.join(", ")})</small> ${remove}
        </li>`;
      }),
    );
  const changed = () => {
    render();
    form.dispatchEvent(new Event("input", { bubbles: true }));
  };
  add.onclick = () => {
    const g = Array.from(select.selectedOptions, (o) => o.value);
    const same = form.value.some((h) => h.length === g.length && h.every((id) => g.includes(id)));
    note.textContent = g.length < 2 ? " Choose at least two parameters." : same ? " That group is already listed." : "";
    if (g.length < 2 || same) return;
    form.value = [...form.value, g];
    for (const o of select.selectedOptions) o.selected = false;
    changed();
  };
  render();
  return form;
}

/**
 * A PSA running for other inputs (disease, preset, draws, seed) than `key` is no longer the page's:
 * it is cancelled, and the panel says so (psaNote) until the next run (it kept running unseen before).
 * @param {string} key
 */
function cancelOtherPsas(key) {
  /** @type {string[]} */
  const cancelled = [];
  for (const [k, r] of psaRunning)
    if (k !== key && r.cancel()) {
      psaRunning.delete(k);
      cancelled.push(r.label);
    }
  if (cancelled.length)
    psaNote = `The PSA for ${cancelled.join("; ")} was cancelled because the inputs changed. Run it again for the settings above, or go back to those settings and run it there.`;
}

/**
 * The PSAs finished in this session for other inputs than `key`, listed: returning to their settings
 * shows them again.
 * @param {string} key
 */
function earlierPsas(key) {
  const earlier = [...psaCache.keys()]
    .filter((k) => k !== key)
    .map((k) => {
      const [d, p, kn, ks] = k.split("|");
      return settingsLabel(d, p, [`${kn} draws`, `seed ${ks}`]);
    });
  return earlier.length
    ? html`<p class="psa-earlier">
        <small>Also run in this session, shown again when the inputs return to them: ${earlier.join("; ")}.</small>
      </p>`
    : "";
}

/**
 * The PSA panel: run/cancel buttons, a progress bar, then CEAC/CEAF, CE plane, EVPI, EVPPI of every
 * drawn parameter (the top 12 as bars, all on request) and the user's groups, and the downloads (the
 * draws CSV is the same as `cartecon psa --cart <disease> --n --seed --out`).
 * @param {PageContext & {inputs: unknown, n: number, seed: number, groups?: string[][]}} options
 */
export function psaPanel({ inputs, disease, preset, n, seed, wtp, currency, width, groups = [] }) {
  /** @type {HTMLProgressElement} */
  const bar = html`<progress value="0" max="1" style="width: 100%"></progress>`;
  const status = html`<span class="psa-status">Not run yet.</span>`;
  const results = html`<div class="psa-results"></div>`;
  const live = html`<div class="psa-live"></div>`;
  /** @type {HTMLButtonElement} */
  const run = html`<button type="button">Run PSA (${n} draws, seed ${seed})</button>`;
  /** @type {HTMLButtonElement} */
  const cancel = html`<button type="button" disabled>Cancel</button>`;
  const key = [disease, preset, n, seed].join("|");
  const label = settingsLabel(disease, preset, [`${n} draws`, `seed ${seed}`]);
  const context = { disease, preset, wtp, currency, width, stamp: stampOf(inputs) };
  cancelOtherPsas(key);
  const note = html`<p class="psa-note" role="status"></p>`;
  const showNote = () => {
    note.textContent = psaNote;
    note.hidden = !psaNote;
  };
  showNote();
  const kept = earlierPsas(key);
  /** @type {{promise: Promise<any>, cancel: () => void} | null} */
  let job = null;
  let shown = 0;
  const cached = psaCache.get(key);
  if (cached) {
    bar.value = 1;
    status.textContent = `${n} draws (seed ${seed}), run earlier in this session.`;
    results.replaceChildren(...renderPsa(cached, groups, context).map((part) => part()));
  }
  // The running view: status, bar and the CEAC of the draws so far, updated at most every 500 ms
  // in an animation frame, the preview by moving its polylines (see tools/longtasks.ts).
  // The live box is shown, at its final size, when a run starts, so nothing moves when the first
  // partial result arrives: no page-wide layout during the run. It is hidden when the run ends
  // (finished, cancelled or failed): after it the finished CEAC below says more, and before a run it
  // was an empty chart.
  const liveTitle = html`<h3>CEAC of the draws so far (drawn here while a PSA runs)</h3>`;
  const preview = ceacPreview({ width: Math.max(300, Math.min(width ?? 640, 900)), currency });
  live.append(liveTitle, preview);
  live.hidden = true;
  const progress = coalesce((/** @type {any} */ p) => {
    bar.value = p.done / p.total;
    const evpi =
      p.evpi === undefined ? "" : `; EVPI per patient so far ${Math.round(p.evpi).toLocaleString("en-US")} ${currency}`;
    status.textContent = p.evppiTotal
      ? `${p.total} draws done; EVPPI ${p.evppiDone} / ${p.evppiTotal} parameters`
      : `${p.done} / ${p.total} draws${evpi}`;
    if (p.ceac) {
      liveTitle.textContent = `CEAC so far (${p.done} draws)`;
      preview.update(p.ceac);
    }
  }, 400); // below the worker's 500 ms pace, so each message goes straight to the next frame
  /** Shows the run `running` in this panel: progress, then its results (if the panel is still in the page). */
  const follow = async (/** @type {NonNullable<ReturnType<typeof psaRunning.get>>} */ running) => {
    run.disabled = true;
    cancel.disabled = false;
    results.replaceChildren();
    status.textContent = "Running…";
    live.hidden = false;
    const mine = ++shown;
    running.onProgress = progress.update;
    job = running;
    try {
      const r = await running.promise;
      progress.flush();
      bar.value = 1;
      status.textContent = `${n} draws in ${((performance.now() - running.t0) / 1000).toFixed(1)} s (seed ${seed}).`;
      // A panel replaced meanwhile (a newer one follows the run) draws nothing.
      await appendInTasks(results, renderPsa(r, groups, context), () => shown === mine && results.isConnected);
    } catch (e) {
      progress.flush();
      const message = e instanceof Error ? e.message : String(e);
      status.textContent = message === "cancelled" ? "Cancelled." : `Error: ${message}`;
      bar.value = 0;
    } finally {
      live.hidden = true;
      run.disabled = false;
      cancel.disabled = true;
    }
  };
  run.onclick = () => {
    psaNote = "";
    showNote();
    /** @type {NonNullable<ReturnType<typeof psaRunning.get>>} */
    const running = {
      promise: Promise.resolve(/** @type {any} */ (null)),
      cancel: () => false,
      t0: performance.now(),
      onProgress: progress.update,
      label,
    };
    const w = startWorker({ kind: "psa", inputs, disease, preset, n, seed, wtp }, (p) => running.onProgress(p));
    running.cancel = w.cancel;
    running.promise = w.promise.then((/** @type {PsaDone} */ r) => {
      psaCache.set(key, r);
      return r;
    });
    const forget = () => {
      if (psaRunning.get(key) === running) psaRunning.delete(key);
    };
    running.promise.then(forget, forget);
    psaRunning.set(key, running);
    shownBy("psa", key, follow)(running);
  };
  newest.psa = { key, show: follow };
  const running = psaRunning.get(key);
  if (!cached && running) follow(running);
  cancel.onclick = () => job?.cancel();
  return html`<div class="psa-panel">
    <div class="psa-progress">${run} ${cancel} ${status}${bar}</div>
    ${note}${kept} ${live}${results}
  </div>`;
}

/**
 * How firm the PSA's choice is: a warning when the optimal strategy's lead over the next best is less
 * than twice its Monte Carlo standard error (another seed may choose the other), and the deterministic
 * result beside the PSA's means, with a sentence when the two choose different strategies (the
 * page showed the PSA's choice alone; the Explorer's, at the base values, could differ without a word).
 * @param {PsaDone} r
 * @param {Float64Array[]} nb net benefit per strategy and draw at `wtp`
 * @param {{wtp: number, currency: string, name: (id: string) => string}} c
 */
function decisionPrecision(r, nb, { wtp, currency, name }) {
  const ids = r.outcomes.strategies;
  const whole = (/** @type {number} */ x) => Math.round(x).toLocaleString("en-US");
  // Whole units, or 3 significant digits below 100 (a lead of 0.4 read "0").
  const amount = (/** @type {number} */ x) =>
    `${Math.abs(x) >= 100 ? whole(x) : x.toLocaleString("en-US", { maximumSignificantDigits: 3 })} ${currency}`;
  const lead = decisionLead(nb);
  const warning =
    lead &&
    decisionLeadWarning(
      lead,
      (s) => name(ids[s]),
      amount,
      (m) => `Run the PSA again with ${m.toLocaleString("en-US")} draws or more`,
    );
  const parts = [];
  if (warning)
    parts.push(html`<p class="note decision-warning"><b>Not settled:</b> ${warning.replace(/^warning: /, "")}</p>`);
  if (r.base) {
    const b = baseVersusMean(r.outcomes, r.base, nb, wtp);
    const rows = b.rows.map((row) => ({ ...row, strategy: name(row.strategy) }));
    const differ = b.baseOptimal !== b.meanOptimal;
    parts.push(
      html`<details class="base-versus-mean" open=${differ}>
        <summary>
          Deterministic result:
          ${name(ids[b.baseOptimal])}${differ ? html`, <b>not the PSA's choice</b>` : ", as the PSA"}
        </summary>
        ${
          differ
            ? html`<p>
                ${baseVersusMeanText({
                  baseName: name(ids[b.baseOptimal]),
                  meanName: name(ids[b.meanOptimal]),
                  gap: pairedDifference(nb, b.meanOptimal, b.baseOptimal),
                  amount,
                })}
              </p>`
            : ""
        }
        ${dataTable(rows, {
          columns: ["strategy", "baseNb", "meanNb", "meanNbSe"],
          // The currency in the headers and caption, not in every cell (a phone's columns held two lines each).
          header: {
            strategy: "Strategy",
            baseNb: `Net benefit at base values (${currency})`,
            meanNb: `Mean net benefit, PSA (${currency})`,
            // Each mean's own error: two strategies' means are compared by their paired error, above.
            meanNbSe: `Monte Carlo SE of the mean (${currency})`,
          },
          format: { baseNb: whole, meanNb: whole, meanNbSe: (x) => (Number.isFinite(x) ? whole(x) : "–") },
          caption: `Per patient, at ${wtp.toLocaleString("en-US")} ${currency} per QALY (QALYs × WTP − cost, discounted), ${r.n.toLocaleString("en-US")} draws, seed ${r.seed}.`,
        })}
      </details>`,
    );
  }
  return parts.length ? html`<div class="decision-precision">${parts}</div>` : "";
}

/**
 * The views of a finished PSA, as functions that build them (the caller spreads them over tasks);
 * group EVPPI follows from a worker (or this session's cache).
 * @param {PsaDone} r
 * @param {string[][]} groups
 * @param {PageContext} context
 * @returns {Array<() => Node | string>}
 */
function renderPsa(r, groups, { disease, preset, wtp, currency, width, stamp: data }) {
  const { outcomes, table, seed, n } = r;
  const { curves, evpi } = acceptability(outcomes, wtpGrid(wtp * 3, 31));
  // Charts and legends name the strategies; the CSVs keep their ids (the keys of the draws' columns).
  const name = strategyNamer(outcomes.strategies, r.labels);
  /** @type {<T extends {strategy: string}>(rows: T[]) => T[]} */
  const named = (rows) => rows.map((d) => ({ ...d, strategy: name(d.strategy) }));
  // The report's colour of each strategy (charts.js), the same as on the other pages.
  const palette = { ids: outcomes.strategies, names: outcomes.strategies.map(name) };
  const nb = netBenefit(outcomes, wtp);
  const d = decisionSummary(nb);
  // How often the independent draws put related parameters out of their base values' order (as the
  // CLI's psa note and .meta.json): the draws table has a column per drawn parameter.
  const reversals = orderReversals((id) => (Object.hasOwn(table, id) ? table[id] : undefined), orderedPairsOf(disease));
  // The CSVs' own columns of the scenario (as the explorer's CSVs have them); the draws CSV has none,
  // being byte-identical to `cartecon psa --out`: its companion JSON has them.
  const { currency: currencyCode, priceYear } = money(preset);
  /** @type {<T extends object>(row: T) => T & {disease: string, preset: string, currency: string | null, price_year: number | null}} */
  const stamp = (row) => ({ ...row, disease, preset, currency: currencyCode, price_year: priceYear });
  const meta = () => ({
    tool: "cartecon report",
    analysis: "PSA",
    disease,
    preset,
    draws: n,
    seed,
    wtp,
    ...money(preset),
    effect: "QALYs (discounted); costs discounted, per patient",
    groups: groups.map((g) => g.join("+")),
    parameters: r.parameters,
    orderReversals: reversals,
    dataStamp: data ?? null,
  });
  // Axis labels name the comparator briefly ("SoC"), so they fit a phone's width.
  const comparator = shortLabel(name(outcomes.strategies[0]));
  // About 200 points per strategy, whatever the number of draws.
  const convergence = runningMeans(nb, 0, Math.max(1, Math.ceil(n / 200))).map((p) => ({
    draws: p.draws,
    strategy: outcomes.strategies[p.strategy],
    meanIncrementalNb: p.meanIncrementalNb,
  }));
  const key = [disease, preset, n, seed].join("|");
  // The draws file's naming: a UK run of the same disease and seed saves under other names than a US one.
  const fileName = (/** @type {string} */ what) => `${what}-${disease}-${preset}-seed${seed}-n${n}.csv`;
  for (const [name, data] of /** @type {[string, any][]} */ ([
    ["draws", table],
    ["ceac", curves],
    ["evpi-wtp", evpi],
    ["convergence", convergence],
  ]))
    pageTables.set(name, { key, data });
  const evppiView = html`<div class="evppi-view"></div>`;
  return [
    () =>
      html`<p>
        At ${wtp.toLocaleString("en-US")} ${currency} per QALY: optimal (highest mean net benefit)
        <b>${name(outcomes.strategies[d.optimal])}</b>; EVPI per patient
        <b>${Math.round(d.evpi).toLocaleString("en-US")} ${currency}</b>.
      </p>`,
    () => decisionPrecision(r, nb, { wtp, currency, name }),
    () => {
      const { lead, items } = orderReversalText(reversals);
      return lead
        ? html`<div class="order-reversals">
            <p>${lead}</p>
            ${
              items.length
                ? html`<ul>
                    ${items.map((t) => html`<li>${t}</li>`)}
                  </ul>`
                : ""
            }
          </div>`
        : "";
    },
    () =>
      downloadCsv(() => table, {
        filename: `psa-${disease}-${preset}-seed${seed}-n${n}.csv`,
        meta,
        label: "Download draws (CSV)",
      }),
    () => html`<h3>Cost-effectiveness acceptability curve and frontier</h3>`,
    () => ceacChart(named(curves), { width, currency, palette }),
    () => downloadCsv(() => curves.map(stamp), { filename: fileName("ceac"), meta }),
    () => html`<h3>Expected loss</h3>`,
    () => expectedLossChart(named(curves), { width, currency, palette }),
    () =>
      html`<h3>
        Convergence: running mean of incremental net benefit at ${wtp.toLocaleString("en-US")} ${currency} per QALY
      </h3>`,
    () => convergenceChart(named(convergence), { width, currency, comparator, palette }),
    () =>
      downloadCsv(() => convergence.map(stamp), {
        filename: fileName("convergence"),
        meta,
        label: "Download running means (CSV)",
      }),
    () => html`<h3>Cost-effectiveness plane</h3>`,
    () => cePlaneChart(named(cePlane(outcomes)), { width, currency, comparator, palette, wtp }),
    () => {
      showEvppi(evppiView, r, groups, nb, { width, currency, meta, key, fileName, stamp });
      return evppiView;
    },
    () =>
      downloadCsv(() => evpi.map(stamp), {
        filename: fileName("evpi"),
        meta,
        label: "Download EVPI by WTP (CSV)",
      }),
  ];
}

/**
 * The name of a strategy id for charts: its label from the model (`labels`, in the order of
 * `ids`), or the id itself when the model gives none.
 * @param {string[]} ids
 * @param {string[] | undefined} labels
 * @returns {(id: string) => string}
 */
export function strategyNamer(ids, labels) {
  const byId = new Map(ids.map((id, i) => [id, labels?.[i] ?? id]));
  return (id) => byId.get(id) ?? id;
}

/** Bars shown before "Show all": the single parameters of largest EVPPI. */
const EVPPI_TOP = 12;

/**
 * EVPPI rows for a CSV: every single parameter (largest first) and then every group.
 * @param {EvppiResult[]} singles
 * @param {EvppiResult[]} groups
 */
const evppiCsvRows = (singles, groups) =>
  [...[...singles].sort((a, b) => b.evppi - a.evppi), ...groups].map((e) => ({
    parameters: joinGroup(e.parameters),
    kind: e.parameters.length === 1 ? "parameter" : "group",
    evppi: e.evppi,
    se: e.se ?? null,
    method: e.method,
  }));

/**
 * EVPPI bars: the `top` single parameters of largest EVPPI and every group, with a button that
 * shows all the single parameters (and back).
 * @param {EvppiResult[]} singles
 * @param {EvppiResult[]} groups
 * @param {{width?: number, currency?: string, top?: number, name?: (id: string) => string}} options `name`: a parameter's name on the chart (its id by default)
 */
function evppiBars(singles, groups, { width, currency, top = EVPPI_TOP, name }) {
  const sorted = [...singles].sort((a, b) => b.evppi - a.evppi);
  const holder = html`<div class="evppi-bars"></div>`;
  /** @type {HTMLButtonElement} */
  const toggle = html`<button type="button" class="evppi-show-all"></button>`;
  let all = false;
  const render = () => {
    toggle.textContent = all ? `Show the top ${top} parameters` : `Show all ${sorted.length} parameters`;
    holder.replaceChildren(
      evppiChart([...(all ? sorted : sorted.slice(0, top)), ...groups], { width, currency, name }),
      sorted.length > top ? toggle : "",
    );
  };
  toggle.onclick = () => {
    all = !all;
    render();
  };
  render();
  return holder;
}

/**
 * EVPPI of every single parameter (from the PSA's worker) and of each group (a worker of its own,
 * or this session's cache): bars (top 12, all on request), a table with method and SE, the CSV.
 * @param {HTMLElement} view
 * @param {PsaDone} r
 * @param {string[][]} groups
 * @param {Float64Array[]} nb
 * @param {{currency: string, width?: number, meta: () => object, key: string, fileName: (what: string) => string, stamp: (row: object) => object}} c
 */
function showEvppi(view, r, groups, nb, { currency, width, meta, key, fileName, stamp }) {
  const evpi = decisionSummary(nb).evpi;
  const name = namerOf(r.naming);
  /** @param {EvppiResult[]} rows */
  const draw = (rows, pending = "") => {
    const csvRows = () => evppiCsvRows(r.evppi, rows);
    // The CLI's warning (cartecon evppi) in the page's words: too few draws, or estimates that cannot
    // be told from 0 yet might matter.
    const warning = evppiPrecisionWarning(
      [...r.evppi, ...rows],
      evpi,
      r.n,
      (m) => `Run the PSA again with ${m.toLocaleString("en-US")} draws or more`,
    );
    pageTables.set("evppi", { key, data: csvRows() });
    view.replaceChildren(
      html`<h3>
        EVPPI of all ${r.evppi.length} drawn parameters (largest ${Math.min(EVPPI_TOP, r.evppi.length)}
        shown)${groups.length ? ", and groups" : ""}
      </h3>`,
      warning ? html`<p class="note evppi-warning"><b>Imprecise:</b> ${warning.replace(/^warning: /, "")}</p>` : "",
      evppiBars(r.evppi, rows, { width, currency, name }),
      pending ? html`<p class="evppi-pending">${pending}</p>` : "",
      rows.length ? evppiTable(rows, currency, name) : "",
      downloadCsv(() => csvRows().map(stamp), { filename: fileName("evppi"), meta, label: "Download EVPPI (CSV)" }),
    );
  };
  const id = (/** @type {string[]} */ g) => `${key}|${g.join(",")}`;
  const known = groups.filter((g) => groupCache.has(id(g)));
  const missing = groups.filter((g) => !groupCache.has(id(g)));
  const have = () =>
    groups.flatMap((g) => (groupCache.has(id(g)) ? [/** @type {EvppiResult} */ (groupCache.get(id(g)))] : []));
  if (missing.length === 0) return draw(have());
  draw(
    known.map((g) => /** @type {EvppiResult} */ (groupCache.get(id(g)))),
    `Computing EVPPI of ${missing.length} group(s)…`,
  );
  const columns = Object.fromEntries(missing.flat().map((p) => [p, Float64Array.from(r.table[p])]));
  startWorker({ kind: "evppi", groups: missing, columns, nb, seed: r.seed })
    .promise.then((/** @type {{rows: EvppiResult[]}} */ data) => {
      data.rows.forEach((e, i) => groupCache.set(id(missing[i]), e));
      draw(have());
    })
    .catch((e) => draw(have(), `Group EVPPI failed: ${e instanceof Error ? e.message : String(e)}`));
}

/**
 * The groups' EVPPI with method and standard error, each group by its parameters' names (`name`; ids by
 * default, as an upload's columns), the ids in the cell's title.
 * @param {EvppiResult[]} rows
 * @param {string} currency
 * @param {(id: string) => string} [name]
 */
function evppiTable(rows, currency, name = (/** @type {string} */ id) => id) {
  // Whole units, or 3 significant digits of the largest EVPPI below 100 (uploaded samples in QALYs read 0).
  const largest = Math.max(...rows.map((e) => Math.abs(e.evppi)));
  const decimals = largest >= 100 ? 0 : decimalsFor(largest);
  const fmt = (/** @type {number} */ x) => x.toLocaleString("en-US", { maximumFractionDigits: decimals });
  return html`<table class="evppi-groups-table">
    <thead>
      <tr>
        <th>Group</th>
        <th>EVPPI per patient (${currency})</th>
        <th>SE</th>
        <th>Method</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (e) =>
          html`<tr>
            <td title=${e.parameters.join(" + ")}>${e.parameters.map(name).join(" + ")}</td>
            <td>${fmt(e.evppi)}</td>
            <td>${e.se === undefined ? "–" : fmt(e.se)}</td>
            <td>${e.method === "gp" ? "Gaussian process" : "P-spline (GAM-like)"}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/**
 * Two-way sensitivity map of the CAR T model over two chosen parameters (or, left on "auto", the
 * two of widest one-way swing), on a steps × steps grid, computed in the worker. Once a map has
 * been asked for, a new choice recomputes it at once; a change of fill only redraws.
 * @param {PageContext & {inputs: unknown, a?: string, b?: string, steps?: number, fill?: "optimal" | "inmb"}} options
 */
export function twoWayPanel({
  inputs,
  disease,
  preset,
  wtp,
  currency,
  width,
  a = "",
  b = "",
  steps = 11,
  fill = "optimal",
}) {
  const out = html`<div class="twoway-results"></div>`;
  /** @type {HTMLButtonElement} */
  const go = html`<button type="button">Compute two-way map</button>`;
  const key = [disease, preset, wtp, a, b, steps].join("|");
  /** @param {{a: string, b: string, base?: {a: number | null, b: number | null}, strategies?: string[], labels?: string[], units?: {a?: string | null, b?: string | null}, rows: Array<Record<string, any>>, naming?: ParameterNaming}} data */
  const show = (data) => {
    // The map's legend names the strategies and its axes the parameters; the CSV keeps their ids.
    const name = strategyNamer(data.strategies ?? [], data.labels);
    const parameterName = namerOf(data.naming);
    pageTables.set("two-way", { key: [disease, preset].join("|"), data: data.rows });
    out.replaceChildren(
      html`<p>
        ${fill === "inmb" ? "Incremental net monetary benefit of autologous CAR T vs SoC" : "Optimal strategy"} at
        ${wtp.toLocaleString("en-US")} ${currency} per QALY over the ranges of
        <b>${parameterName(data.a)}</b> (${data.a}) and <b>${parameterName(data.b)}</b> (${data.b}) (${steps} × ${steps}
        grid${a && b ? "" : "; unchosen parameters: the widest one-way swings"}), other parameters at base.
        ${baseCaseText(data)}
      </p>`,
      twoWayChart(
        data.rows.map((d) => ({ ...d, optimal: name(d.optimal) })),
        {
          a: data.a,
          b: data.b,
          width,
          currency,
          fill,
          strategies: data.strategies?.map(name),
          ids: data.strategies,
          units: data.units,
          name: parameterName,
        },
      ),
      downloadCsv(() => data.rows, {
        filename: `twoway-${disease}-${preset}-${data.a}-${data.b}.csv`,
        meta: () => ({
          ...deterministicMeta({ disease, preset, wtp, stamp: stampOf(inputs) }),
          parameters: [data.a, data.b],
          baseValues: data.base ? { [data.a]: data.base.a, [data.b]: data.base.b } : null,
          steps,
          otherParameters: "base values of the disease and preset",
          comparison: "autologous CAR T vs SoC (inmb); optimal: highest net monetary benefit",
        }),
        label: "Download two-way grid (CSV)",
      }),
    );
  };
  // A grid for other inputs still computing is no longer wanted: its worker is stopped.
  twoWayRuns.cancelOthers(key);
  /** Shows the computation of this panel's key (joining the one in flight, if any) when it ends. */
  const compute = async () => {
    twoWayWanted = true;
    go.disabled = true;
    out.replaceChildren(html`<p>Computing (${a && b ? "" : "one-way swings, then "}a ${steps} × ${steps} grid)…</p>`);
    await showWorkerResult({
      runs: twoWayRuns,
      cache: twoWayCache,
      key,
      label: settingsLabel(disease, preset, [`${a || "auto"} × ${b || "auto"}`]),
      message: { kind: "twoway", inputs, disease, preset, wtp, a, b, steps },
      out,
      go,
      show,
    });
  };
  go.onclick = () => shownBy("twoway", key, compute)();
  newest.twoway = { key, show: compute };
  const cached = twoWayCache.get(key);
  if (cached) show(cached);
  else if (twoWayWanted || twoWayRuns.get(key)) compute();
  return html`<div class="twoway-panel">${go}${out}</div>`;
}

/**
 * Where the base case lies on a two-way map: "Base case: r_relapse = 0.05 (per year), k = 1.2." (the
 * grid runs from each parameter's low to its high value, so it need not hold the base values); ""
 * without them. Values to 6 significant digits.
 * @param {{a: string, b: string, base?: {a: number | null, b: number | null}, units?: {a?: string | null, b?: string | null}}} data
 */
export function baseCaseText({ a, b, base, units = {} }) {
  if (!base || base.a === null || base.b === null) return "";
  const value = (/** @type {number} */ x, /** @type {string | null | undefined} */ unit) =>
    `${x.toLocaleString("en-US", { maximumSignificantDigits: 6 })}${unit ? ` (${unit})` : ""}`;
  return `Base case: ${a} = ${value(base.a, units.a)}, ${b} = ${value(base.b, units.b)}.`;
}

/**
 * One-way sensitivity of the CAR T model (autologous vs SoC), computed in the worker.
 * @param {PageContext & {inputs: unknown}} options
 */
export function tornadoPanel({ inputs, disease, preset, wtp, currency, width }) {
  const out = html`<div class="tornado-results"></div>`;
  /** @type {HTMLButtonElement} */
  const go = html`<button type="button">Compute tornado (autologous vs standard of care)</button>`;
  const key = [disease, preset, wtp].join("|");
  /** @param {{rows: Array<Record<string, any>>, baseInmb: number, heldNote?: string, naming?: ParameterNaming}} data */
  const show = (data) => {
    pageTables.set("tornado", { key: [disease, preset].join("|"), data: data.rows });
    // The ends the model holds (a cap): a short bar is then the model's doing, not the input's.
    const held = data.heldNote ? html`<p class="muted tornado-held">${data.heldNote}</p>` : "";
    out.replaceChildren(
      tornadoChart(/** @type {any} */ (data.rows), {
        width,
        name: namerOf(data.naming),
        base: data.baseInmb,
        currency,
        caption: `Autologous CAR T vs standard of care at ${wtp.toLocaleString("en-US")} ${currency} per QALY: each parameter at its low and at its high value, the others at base; the line is the base case (${Math.round(data.baseInmb).toLocaleString("en-US")} ${currency}).`,
      }),
      held,
      downloadCsv(() => data.rows, {
        filename: `tornado-${disease}-${preset}.csv`,
        meta: () => ({
          ...deterministicMeta({ disease, preset, wtp, stamp: stampOf(inputs) }),
          comparison: "autologous CAR T vs SoC; each parameter at its low and high value, the others at base",
          ...(data.heldNote ? { held: data.heldNote } : {}),
        }),
      }),
    );
  };
  // A tornado for another disease or preset still computing is no longer wanted: stopped, and said.
  const cancelled = tornadoRuns.cancelOthers(key);
  if (cancelled.length)
    tornadoNote = `The tornado for ${cancelled.join("; ")} was cancelled because the inputs changed.`;
  // Said until the next computation, whatever this panel shows.
  const note = html`<p class="tornado-note" role="status">${tornadoNote}</p>`;
  note.hidden = !tornadoNote;
  /** Shows the computation of this panel's key (joining the one in flight, if any) when it ends. */
  const compute = async () => {
    tornadoNote = "";
    note.hidden = true;
    go.disabled = true;
    out.replaceChildren(html`<p>Computing (two runs per parameter)…</p>`);
    await showWorkerResult({
      runs: tornadoRuns,
      cache: tornadoCache,
      key,
      label: settingsLabel(disease, preset),
      message: { kind: "dsa", inputs, disease, preset, wtp },
      out,
      go,
      show,
    });
  };
  go.onclick = () => shownBy("dsa", key, compute)();
  newest.dsa = { key, show: compute };
  // Kept for the session: a panel re-created when the page's width changes (a resized window, a
  // rotated phone) shows the result again, or joins the computation still running, instead of losing it.
  const cached = tornadoCache.get(key);
  if (cached) show(cached);
  else if (tornadoRuns.get(key)) compute();
  return html`<div>${go}${note}${out}</div>`;
}

/**
 * One .xlsx of every table the page has computed for this disease and preset (the PSA's for this
 * number of draws and seed), with an assumptions sheet: the scenario, seed, and each drawn
 * parameter's distribution.
 * @param {PageContext & {n: number, seed: number, groups: string[][], a?: string, b?: string, steps?: number}} s
 */
export function workbookButton({ disease, preset, n, seed, wtp, currency, groups, a, b, steps, stamp }) {
  const psaKey = [disease, preset, n, seed].join("|");
  const dsaKey = [disease, preset].join("|");
  return downloadXlsx(
    () => {
      const tables = [...pageTables]
        .filter(([, t]) => t.key === psaKey || t.key === dsaKey)
        .map(([name, t]) => ({ name, data: t.data }));
      const psa = psaCache.get(psaKey);
      const parameters = (psa?.parameters ?? []).map((p) => ({
        parameter: p.id,
        distribution: p.distribution.type,
        definition: JSON.stringify(p.distribution),
      }));
      return {
        tables,
        scenario: {
          tool: "cartecon report",
          page: "uncertainty",
          disease,
          preset,
          draws: n,
          seed,
          wtp,
          ...money(preset),
          evppiGroups: groups.map((g) => g.join("+")).join("; "),
          twoWay: `${a || "auto"} × ${b || "auto"}, ${steps ?? 11} steps`,
          tablesIncluded: tables.map((t) => t.name).join(", "),
          rng: "MT19937 per parameter, key [seed mod 2^32, floor(seed / 2^32), FNV-1a-32(id)] (docs/uncertainty.md)",
          dataStamp: stamp ?? null,
        },
        parameters: parameters.length ? parameters : [{ parameter: "(run the PSA to list the drawn parameters)" }],
      };
    },
    {
      filename: `uncertainty-${disease}-${preset}-seed${seed}-n${n}.xlsx`,
      // Before any analysis the workbook held the assumptions alone (review s37).
      whenEmpty:
        "Nothing computed yet for these settings: run the PSA, the tornado or the two-way map above; the workbook then holds their tables.",
    },
  );
}

/**
 * Reads the page's EVPPI groups field: one group per line, each line the names as one CSV record
 * (`a,b`, `"cost, drug",p_x`), the rule of `cartecon voi --parameters` (src/uncertainty/groups.ts).
 * @param {string} text
 * @returns {string[][]}
 */
export function parseGroups(text) {
  return parseGroupLines(text, "EVPPI groups");
}

/**
 * VOI from uploaded PSA samples (SAVI's job, in the page): either a net-benefit CSV or a costs CSV
 * and an effects CSV (one column per strategy) with a WTP, an optional inputs CSV and optional
 * groups. The files are read and analysed in a module worker (src/components/voi-worker.js, the code
 * of `cartecon voi`), with progress and cancel: the EVPI, the decision at the WTP (CEAC, CEAF and
 * expected loss there) and, with costs and effects, the CEAC, CEAF and expected loss over WTP; with
 * an inputs file the EVPPI of every input column (top 12 as bars, all on request and in the CSV) and
 * each group. Without one, as `cartecon voi` without `--inputs`, the EVPPI part says it needs it.
 * @param {{width?: number}} options
 */
export function voiPanel({ width }) {
  const file = (/** @type {string} */ role) =>
    /** @type {HTMLInputElement} */ (html`<input type="file" accept=".csv,text/csv" data-role=${role} />`);
  const inputsFile = file("inputs");
  const nbFile = file("nb");
  const costsFile = file("costs");
  const effectsFile = file("effects");
  /** @type {HTMLInputElement} */
  // A text box, so the error quotes what was typed (a number box hands "abc" or "1,5" over as "").
  const wtpInput = html`<input type="text" inputmode="decimal" value="100000" aria-label="WTP per unit of effect" />`;
  /** @type {HTMLTextAreaElement} */
  const groupsInput = html`<textarea
    rows="3"
    cols="40"
    placeholder=${'a,b\nc,d,e\n"cost, drug",p_x'}
    aria-label="EVPPI groups (parameters separated by commas, one group per line)"
  ></textarea>`;
  const out = html`<div class="voi-results"></div>`;
  /** @type {HTMLButtonElement} */
  const go = html`<button type="button">Compute EVPI and EVPPI</button>`;
  /** @type {HTMLButtonElement} */
  const cancel = html`<button type="button" disabled>Cancel</button>`;
  /** @type {HTMLProgressElement} */
  const bar = html`<progress value="0" max="1" style="width: 100%"></progress>`;
  const status = html`<span class="voi-status"></span>`;
  const chosen = (/** @type {HTMLInputElement} */ f) => f.files?.[0];
  /** @type {{promise: Promise<any>, cancel: () => void} | null} */
  let job = null;
  const progress = coalesce((/** @type {{done: number, total: number}} */ p) => {
    bar.value = p.done / p.total;
    status.textContent = `EVPPI ${p.done} / ${p.total} (parameters, then groups)…`;
  });
  go.onclick = async () => {
    out.replaceChildren();
    bar.value = 0;
    try {
      const inputs = chosen(inputsFile);
      const nb = chosen(nbFile);
      const costs = chosen(costsFile);
      const effects = chosen(effectsFile);
      if (!nb && !(costs && effects)) throw new Error("choose a net-benefit file, or both a costs and an effects file");
      const wtp = nb ? undefined : parseDecimal(wtpInput.value);
      if (!nb && !(wtp !== undefined && wtp >= 0))
        throw new Error(
          `WTP per unit of effect: ${wtp === undefined ? whyNotDecimal(wtpInput.value) : "negative"} (got ${JSON.stringify(wtpInput.value)}); expected a number >= 0`,
        );
      const groups = parseGroups(groupsInput.value);
      /** @type {Record<string, File>} */
      // Every chosen file goes to the reader, which refuses a net-benefit file chosen beside costs or effects.
      const files = {
        ...(inputs ? { inputs } : {}),
        ...(nb ? { nb } : {}),
        ...(costs ? { costs } : {}),
        ...(effects ? { effects } : {}),
      };
      go.disabled = true;
      cancel.disabled = false;
      status.textContent = "Reading the files…";
      const summary = html`<p class="voi-summary"></p>`;
      out.replaceChildren(summary);
      job = startVoiWorker({ files, wtp, groups }, (data) => {
        if (data.kind === "summary") summary.replaceChildren(...voiSummary(data.summary));
        else progress.update(data);
      });
      /** @type {{report: import("../uncertainty/voi.js").VoiReport}} */
      const { report } = await job.promise;
      progress.flush();
      bar.value = 1;
      const constant = report.evppi.filter((e) => e.method === "constant").length;
      status.textContent = inputs
        ? `Done: EVPPI of ${report.evppi.length - groups.length} parameters${constant ? ` (${constant} constant: 0 by definition)` : ""} and ${groups.length} group(s).`
        : `Done: EVPI${report.ceac ? ", CEAC, CEAF" : ""} and expected loss; no EVPPI (no inputs file).`;
      await appendInTasks(out, voiViews(report, { width, files, groups }));
    } catch (e) {
      progress.flush();
      const message = e instanceof Error ? e.message : String(e);
      status.textContent = message === "cancelled" ? "Cancelled." : "";
      if (message !== "cancelled") out.replaceChildren(html`<p class="error">${message}</p>`);
    } finally {
      go.disabled = false;
      cancel.disabled = true;
    }
  };
  cancel.onclick = () => job?.cancel();
  return html`<div class="voi-panel">
    <label class="voi-field"
      >PSA inputs, for the EVPPI (optional; one row per draw, one column per parameter) ${inputsFile}</label
    >
    <label class="voi-field">Net benefit (one column per strategy, one row per draw) ${nbFile}</label>
    <p class="voi-or">or costs and effects with a willingness to pay:</p>
    <label class="voi-field">Costs (one column per strategy) ${costsFile}</label>
    <label class="voi-field">Effects (same columns) ${effectsFile}</label>
    <label class="voi-field">WTP per unit of effect ${wtpInput}</label>
    <label class="voi-field"
      >EVPPI groups (optional; parameters separated by commas, one group per line; a name holding a comma in double
      quotes: "cost, drug",p_x) ${groupsInput}</label
    >
    <div class="voi-progress">${go} ${cancel} ${status}${bar}</div>
    ${out}
  </div>`;
}

/**
 * The EVPI sentence of uploaded samples.
 * @param {Omit<import("../uncertainty/voi.js").VoiReport, "evppi" | "ceac">} s
 */
function voiSummary(s) {
  return [
    `${s.draws} draws, strategies ${s.strategies.join(", ")}; EVPI per patient `,
    html`<b>${s.evpi.toFixed(decimalsFor(s.evpi))}</b>`,
    `${s.wtp === null ? "" : ` at WTP ${s.wtp}`}; optimal (highest mean net benefit) ${s.optimal}.`,
    ...(s.notes ?? []).map((n) => html`<span class="voi-note">Note: ${n}</span>`),
  ];
}

/**
 * The views of a finished upload VOI (built one per task by the caller): EVPPI bars and table with the
 * EVPPI CSV (every parameter and group, with the files, WTP and SE settings as its assumptions) or,
 * without an inputs file, a sentence saying the EVPPI needs one; the decision at the WTP (table and
 * CSV); with costs and effects the CEAC with the CEAF, the expected loss and their CSV.
 * @param {import("../uncertainty/voi.js").VoiReport} report
 * @param {{width?: number, files: Record<string, File>, groups: string[][]}} c
 * @returns {Array<() => Node | string>}
 */
function voiViews(report, { width, files, groups }) {
  const evppi = files.inputs !== undefined;
  const groupRows = report.evppi.slice(report.evppi.length - groups.length);
  const meta = () => ({
    tool: "cartecon report",
    analysis: "VOI of uploaded PSA samples (as cartecon voi)",
    files: Object.fromEntries(Object.entries(files).map(([role, f]) => [role, f?.name ?? null])),
    draws: report.draws,
    strategies: report.strategies,
    notes: report.notes,
    wtp: report.wtp,
    evpi: report.evpi,
    groups: groups.map(joinGroup),
    // Only the EVPPI draws random numbers (its standard errors); nothing else is random.
    seSamples: evppi ? 50 : null,
    seed: evppi ? 1 : null,
    method: evppi
      ? "P-spline regression per parameter; groups: P-splines up to 4 parameters, a Gaussian process beyond"
      : "no EVPPI (no inputs file); EVPI, CEAC, CEAF and expected loss from the outcome files alone",
  });
  const singleRows = report.evppi.slice(0, report.evppi.length - groups.length);
  // Uploaded samples carry no currency: amounts are in the units of the net-benefit (or costs) file.
  const units = "net-benefit units";
  /** @type {Array<() => Node | string>} */
  const views = evppi
    ? [
        () => html`<h3>EVPPI of all ${singleRows.length} parameters${groups.length ? " and the groups" : ""}</h3>`,
        () => evppiBars(singleRows, groupRows, { width, currency: units }),
        () => (groupRows.length ? evppiTable(groupRows, units) : ""),
        () =>
          downloadCsv(() => evppiCsvRows(singleRows, groupRows), {
            filename: "evppi-uploaded.csv",
            meta,
            label: "Download EVPPI (CSV)",
          }),
      ]
    : [
        () => html`<h3>EVPPI</h3>`,
        () =>
          html`<p class="voi-no-evppi">
            Not computed: the EVPPI needs the PSA inputs file (one row per draw, in the same order as the outcome files,
            one column per parameter), on which it regresses the net benefit. Choose it above to add the EVPPI of every
            parameter and group.
          </p>`,
      ];
  // To 3 significant digits of the column's largest amount (net health benefits in QALYs read 0 at 2 decimals).
  const digits = (/** @type {number} */ ref) => (/** @type {number} */ x) =>
    x.toLocaleString("en-US", { maximumFractionDigits: decimalsFor(ref) });
  const nbFmt = digits(Math.max(...report.decision.map((r) => Math.abs(r.meanNb))));
  const lossFmt = digits(report.evpi);
  views.push(
    () =>
      html`<h3>
        Decision ${report.wtp === null ? "at the net-benefit file's willingness to pay" : `at WTP ${report.wtp}`}
      </h3>`,
    () =>
      // Four columns, so the table fits a phone's width; the optimal row is marked (bold) and named in the caption.
      dataTable(report.decision, {
        columns: ["strategy", "meanNb", "probabilityBest", "expectedLoss"],
        header: {
          strategy: "Strategy",
          meanNb: "Mean net benefit",
          probabilityBest: "Probability best",
          expectedLoss: "Expected loss",
        },
        format: { meanNb: nbFmt, expectedLoss: lossFmt, probabilityBest: (x) => x.toFixed(3) },
        rowClass: (i) => (report.decision[i].optimal ? "voi-optimal" : null),
        caption: `Per patient, in ${units}. Probability best: the CEAC at this WTP. Optimal (highest mean net benefit, the CEAF's strategy; its expected loss is the EVPI): ${report.optimal}.`,
      }),
    () =>
      downloadCsv(() => report.decision, {
        filename: "decision-uploaded.csv",
        meta,
        label: "Download decision table (CSV)",
      }),
  );
  const ceac = report.ceac;
  if (ceac) {
    // The long label ran off the left edge of a phone-wide chart.
    const xLabel =
      width !== undefined && width < 640
        ? "WTP per unit of effect (costs file's money units)"
        : "Willingness to pay per unit of effect (in the costs file's money units)";
    views.push(
      () => html`<h3>CEAC of the uploaded samples</h3>`,
      () => ceacChart(ceac, { width, xLabel }),
      () => html`<h3>Expected loss of the uploaded samples</h3>`,
      () =>
        expectedLossChart(ceac, {
          width,
          xLabel,
          yLabel: "Expected loss per patient (in the costs file's money units)",
        }),
      () => downloadCsv(() => ceac, { filename: "ceac-uploaded.csv", meta }),
    );
  }
  return views;
}
