// Module Web Worker of the Uncertainty page: builds the CAR T model for one disease, draws every
// parameter (same seeded streams as `cartecon psa`), evaluates the draws in chunks and posts
// progress (at most every 500 ms, with the running EVPI and CEAC), then the EVPPI of every drawn
// parameter, so the page stays responsive; the page cancels by terminating the worker.
import { cartInputs, buildCartModel, heldEndsNote, lifeTableFor, PRESETS, unitLabel } from "../cart/index.js";
import { compileModel, rangeCoverage, specDistributions } from "../model/index.js";
import { psaDraws, evaluateDraws, drawsTable } from "../uncertainty/psa.js";
import { heldEnds, oneWay, twoWay } from "../uncertainty/dsa.js";
import { decisionSummary, netBenefit, wtpGrid } from "../uncertainty/stats.js";
import { evppiRegression } from "../uncertainty/evppi.js";
import { comparatorList } from "./parameter-names.js";

// Draws per engine call: a multiple of the engine's batch size (8 draws per run).
const CHUNK = 16;
// Least time between two progress messages, ms: each message is a task on the page's main thread
// (and a re-render), so they are paced by time, not by draws (tools/longtasks.ts measured why).
const PROGRESS_MS = 500;
/** Posterior draws for each EVPPI's standard error (`cartecon evppi --se-samples` default). */
const EVPPI_SE_SAMPLES = 50;

/**
 * Posts the running EVPI and CEAC of the first `done` draws: the CEAC as one Float64Array of
 * probabilities (strategy-major, one value per WTP of `grid`), transferred rather than copied, so
 * the page deserialises a few bytes instead of an array of objects.
 * @param {{strategies: string[], labels: string[], costs: Float64Array[], effects: Float64Array[]}} all
 *   `labels`: the strategies' names, which the preview shows
 * @param {number} done
 * @param {number} total
 * @param {number} wtp
 * @param {Float64Array} grid
 */
function postPartial({ strategies, labels, costs, effects }, done, total, wtp, grid) {
  const sofar = {
    strategies,
    costs: costs.map((c) => c.subarray(0, done)),
    effects: effects.map((e) => e.subarray(0, done)),
  };
  const evpi = decisionSummary(netBenefit(sofar, wtp)).evpi;
  const probability = new Float64Array(strategies.length * grid.length);
  grid.forEach((w, i) =>
    decisionSummary(netBenefit(sofar, w)).probabilityBest.forEach((p, s) => (probability[s * grid.length + i] = p)),
  );
  const wtps = Float64Array.from(grid);
  self.postMessage(
    { kind: "progress", done, total, evpi, ceac: { strategies: labels, ids: strategies, wtps, probability } },
    {
      transfer: [probability.buffer, wtps.buffer],
    },
  );
}

/**
 * EVPPI of each group on the draws of a finished PSA: P-splines up to 4 parameters, a Gaussian
 * process beyond (evppiRegression's "auto"), each with its standard error.
 * @param {{groups: string[][], columns: Record<string, Float64Array>, nb: Float64Array[], seed: number}} m
 */
function groupEvppi({ groups, columns, nb, seed }) {
  return groups.map((g) =>
    evppiRegression(
      g,
      g.map((id) => columns[id]),
      nb,
      { seSamples: EVPPI_SE_SAMPLES, seed },
    ),
  );
}

/**
 * The parameters the page offers: `ranged` (low < high: the tornado and the two-way map) and `drawn`
 * (with a distribution: EVPPI), and what names them (parameterNamer), sent with every answer so each
 * view names a parameter as the others do; `outsideRange`, the drawn parameters whose distribution puts
 * more than 20% of its draws outside their one-way range (rangeCoverage, as `cartecon psa` notes them).
 * @param {import("../model/index.js").ModelSpec} spec
 * @param {Set<string>} fixed the CAR T builder's structural inputs, which no formula reads
 * @returns {{ranged: string[], drawn: string[], naming: import("./parameter-names.js").ParameterNaming, outsideRange: import("../model/index.js").RangeCoverage[]}}
 */
function offeredParameters(spec, fixed) {
  const ranged = Object.entries(spec.parameters ?? {})
    .filter(
      ([id, p]) =>
        typeof p === "object" && p.low !== undefined && p.high !== undefined && p.low < p.high && !fixed.has(id),
    )
    .map(([id]) => id);
  const distributions = specDistributions(spec, fixed);
  const drawn = distributions.map((p) => p.id);
  const strategies = spec.strategies ?? [];
  const comparators = comparatorList(
    strategies.map((s) => s.id),
    strategies.map((s) => s.label),
  );
  return {
    ranged,
    drawn,
    naming: { ids: [...new Set([...ranged, ...drawn])], comparators },
    outsideRange: rangeCoverage(distributions, spec),
  };
}

/**
 * The tornado of autologous CAR T against SoC over the parameters not fixed by the model's structure, with
 * the note on the ends the model holds (utilities above the population norms), said under the chart.
 * @param {ReturnType<typeof compileModel>} model
 * @param {import("../model/index.js").ModelSpec} spec
 * @param {Set<string>} fixed
 * @param {number} wtp
 * @param {unknown} naming
 */
function tornadoMessage(model, spec, fixed, wtp, naming) {
  const pair = { wtp, strategy: "autologous", comparator: "soc" };
  const t = oneWay(
    model,
    pair,
    model.parameters.map((p) => p.id).filter((id) => !fixed.has(id)),
  );
  const heldNote = heldEndsNote(heldEnds(model, pair, t), spec);
  return { kind: "dsa", ...t, heldNote, naming };
}

self.onmessage = (event) => {
  const { kind, inputs, disease, preset, n, seed, wtp } = event.data;
  try {
    if (kind === "evppi") {
      self.postMessage({ kind: "evppi", rows: groupEvppi(event.data) });
      return;
    }
    // The preset's own life table (UK: ONS 2018–2020), as the CLI and the other pages use.
    const { evidence, lifeTables } = cartInputs(inputs);
    const built = buildCartModel(evidence, disease, PRESETS[preset], lifeTableFor(lifeTables, preset));
    const fixed = new Set(Object.keys(built.structural));
    const offered = offeredParameters(built.spec, fixed);
    if (kind === "parameters") {
      self.postMessage({ kind: "parameters", ...offered });
      return;
    }
    const model = compileModel(built.spec);
    if (kind === "twoway") {
      // The chosen parameters, or the two of widest one-way swing (autologous vs SoC), on a steps × steps grid.
      const options = { wtp, strategy: "autologous", comparator: "soc" };
      let { a, b } = event.data;
      if (!a || !b) {
        const ids = model.parameters.map((p) => p.id).filter((id) => !fixed.has(id));
        const widest = oneWay(model, options, ids)
          .rows.map((r) => r.parameter)
          .filter((id) => id !== a && id !== b);
        a ||= widest.shift();
        b ||= widest.shift();
      }
      const strategies = model.strategies.map((s) => s.id);
      const labels = model.strategies.map((s) => s.label);
      const rows = twoWay(model, a, b, options, event.data.steps ?? 11);
      // Axis units from the dictionary: costs in the preset's currency and price year.
      const money = `${PRESETS[preset].currency} ${PRESETS[preset].priceYear}`;
      const units = { a: unitLabel(a, money) ?? null, b: unitLabel(b, money) ?? null };
      // The base values of the two parameters, which the page names beside the map (the grid need not hold them).
      const valueOf = (/** @type {string} */ id) => model.parameters.find((p) => p.id === id)?.value ?? null;
      const base = { a: valueOf(a), b: valueOf(b) };
      self.postMessage({ kind: "twoway", a, b, base, units, strategies, labels, rows, naming: offered.naming });
      return;
    }
    if (kind === "dsa") {
      self.postMessage(tornadoMessage(model, built.spec, fixed, wtp, offered.naming));
      return;
    }
    // The deterministic result of the same model (every parameter at its base value), shown beside
    // the PSA's means: one evaluation.
    let baseRun;
    try {
      baseRun = evaluateDraws(model, [], [], 0, 1);
    } catch (e) {
      // evaluateDraws names a draw ("PSA draw 1"); this is the base case, before any draw.
      throw new Error(`the model at its base values: ${e instanceof Error ? e.message : String(e)}`);
    }
    const base = { costs: baseRun.costs.map((c) => c[0]), effects: baseRun.effects.map((e) => e[0]) };
    const draws = psaDraws(built.spec, { n, seed, exclude: Object.keys(built.structural) });
    const ids = [...draws.inputs.keys()];
    /** Drawn values of a parameter (every id comes from the draws' own keys). */
    const column = (/** @type {string} */ id) => /** @type {Float64Array} */ (draws.inputs.get(id));
    const cols = ids.map(column);
    const S = model.strategies.length;
    const costs = Array.from({ length: S }, () => new Float64Array(n));
    const effects = Array.from({ length: S }, () => new Float64Array(n));
    const strategies = model.strategies.map((s) => s.id);
    // The strategies' names for charts and legends (ids stay the keys of the data and the CSVs).
    const labels = model.strategies.map((s) => s.label);
    const grid = Float64Array.from(wtpGrid(wtp * 3, 31));
    let last = -Infinity;
    for (let a = 0; a < n; a += CHUNK) {
      const b = Math.min(n, a + CHUNK);
      const r = evaluateDraws(model, ids, cols, a, b);
      r.costs.forEach((c, s) => costs[s].set(c, a));
      r.effects.forEach((e, s) => effects[s].set(e, a));
      if (performance.now() - last >= PROGRESS_MS || b === n) {
        last = performance.now();
        postPartial({ strategies, labels, costs, effects }, b, n, wtp, grid);
      }
    }
    const outcomes = { strategies, costs, effects };
    const nb = netBenefit(outcomes, wtp);
    // EVPPI of every drawn parameter that varies (a zero-width interval carries no information),
    // here rather than on the page's main thread, largest first; progress as they are computed.
    const varying = ids.filter((_, j) => cols[j].some((x) => x !== cols[j][0]));
    /** @type {import("../uncertainty/evppi.js").EvppiResult[]} */
    const evppi = [];
    if (event.data.evppi !== false)
      varying.forEach((id, j) => {
        evppi.push(evppiRegression([id], [column(id)], nb, { seSamples: EVPPI_SE_SAMPLES, seed }));
        if (performance.now() - last >= PROGRESS_MS || j === varying.length - 1) {
          last = performance.now();
          self.postMessage({ kind: "progress", done: n, total: n, evppiDone: j + 1, evppiTotal: varying.length });
        }
      });
    evppi.sort((x, y) => y.evppi - x.evppi);
    const table = drawsTable(draws.inputs, outcomes);
    // The columns' buffers are moved, not copied, to the page (each once: outcomes and table share them).
    const buffers = new Set(Object.values(table).map((c) => /** @type {Float64Array} */ (c).buffer));
    self.postMessage(
      {
        kind: "done",
        outcomes,
        base,
        labels,
        table,
        parameters: draws.parameters,
        evppi,
        seed,
        n,
        naming: offered.naming,
      },
      { transfer: [...buffers] },
    );
  } catch (error) {
    self.postMessage({ kind: "error", message: error instanceof Error ? error.message : String(error) });
  }
};
