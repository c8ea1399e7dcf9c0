// Module Web Worker of the Uncertainty page: builds the CAR T model for one disease, draws every
// parameter (same seeded streams as `cartecon psa`), evaluates the draws in chunks and posts
// progress, so the page stays responsive; the page cancels by terminating the worker.
import { cartInputs, buildCartModel, lifeTableFor, PRESETS } from "../cart/index.js";
import { compileModel, specDistributions } from "../model/index.js";
import { psaDraws, evaluateDraws, drawsTable } from "../uncertainty/psa.js";
import { oneWay, twoWay } from "../uncertainty/dsa.js";
import { acceptability, decisionSummary, netBenefit, wtpGrid } from "../uncertainty/stats.js";
import { evppiRegression } from "../uncertainty/evppi.js";

// Draws per progress message: a multiple of the engine's batch size (8 draws per run).
const CHUNK = 16;

/**
 * Pearson correlation of x with the difference a − b.
 * @param {ArrayLike<number>} x
 * @param {ArrayLike<number>} a
 * @param {ArrayLike<number>} b
 */
function correlation(x, a, b) {
  const n = x.length;
  let mx = 0,
    my = 0;
  for (let k = 0; k < n; k++) ((mx += x[k]), (my += a[k] - b[k]));
  mx /= n;
  my /= n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let k = 0; k < n; k++) {
    const dx = x[k] - mx,
      dy = a[k] - b[k] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
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
      { seSamples: 50, seed },
    ),
  );
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
    if (kind === "parameters") {
      // Parameters the page offers: those with a range (two-way map) and those drawn (EVPPI groups).
      const ranged = Object.entries(built.spec.parameters ?? {})
        .filter(
          ([id, p]) =>
            typeof p === "object" && p.low !== undefined && p.high !== undefined && p.low < p.high && !fixed.has(id),
        )
        .map(([id]) => id);
      const drawn = specDistributions(built.spec, fixed).map((p) => p.id);
      self.postMessage({ kind: "parameters", ranged, drawn });
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
      self.postMessage({ kind: "twoway", a, b, rows: twoWay(model, a, b, options, event.data.steps ?? 11) });
      return;
    }
    if (kind === "dsa") {
      const ids = model.parameters.map((p) => p.id).filter((id) => !fixed.has(id));
      const t = oneWay(model, { wtp, strategy: "autologous", comparator: "soc" }, ids);
      self.postMessage({ kind: "dsa", ...t });
      return;
    }
    const draws = psaDraws(built.spec, { n, seed, exclude: Object.keys(built.structural) });
    const ids = [...draws.inputs.keys()];
    /** Drawn values of a parameter (every id comes from the draws' own keys). */
    const column = (/** @type {string} */ id) => /** @type {Float64Array} */ (draws.inputs.get(id));
    const cols = ids.map(column);
    const S = model.strategies.length;
    const costs = Array.from({ length: S }, () => new Float64Array(n));
    const effects = Array.from({ length: S }, () => new Float64Array(n));
    // Partial results (EVPI and CEAC on the draws so far) every 100 draws, or every 5% of a long run,
    // so the page can show a running answer.
    const every = Math.max(100, Math.ceil(n / 2000) * 100);
    const grid = wtpGrid(wtp * 3, 31);
    for (let a = 0; a < n; a += CHUNK) {
      const b = Math.min(n, a + CHUNK);
      const r = evaluateDraws(model, ids, cols, a, b, "qalys");
      r.costs.forEach((c, s) => costs[s].set(c, a));
      r.effects.forEach((e, s) => effects[s].set(e, a));
      let partial, ceac;
      if (Math.floor(b / every) > Math.floor(a / every) || b === n) {
        const sofar = {
          strategies: model.strategies.map((s) => s.id),
          costs: costs.map((c) => c.subarray(0, b)),
          effects: effects.map((e) => e.subarray(0, b)),
        };
        partial = decisionSummary(netBenefit(sofar, wtp)).evpi;
        ceac = acceptability(sofar, grid).curves;
      }
      self.postMessage({ kind: "progress", done: b, total: n, evpi: partial, ceac });
    }
    const outcomes = { strategies: model.strategies.map((s) => s.id), costs, effects };
    // EVPPI of the 12 parameters most correlated with net benefit, here rather than on the page's main thread.
    const nb = netBenefit(outcomes, wtp);
    const d = decisionSummary(nb);
    const target = nb[d.optimal === 0 ? 1 : d.optimal];
    const varying = ids.filter((_, j) => cols[j].some((x) => x !== cols[j][0]));
    const top = varying
      .map((id) => ({ id, c: Math.abs(correlation(column(id), target, nb[0])) }))
      .sort((a, b) => b.c - a.c)
      .slice(0, 12)
      .map((x) => x.id);
    const evppi = top.map((id) => evppiRegression([id], [column(id)], nb, { seSamples: 20 }));
    self.postMessage({
      kind: "done",
      outcomes,
      table: drawsTable(draws.inputs, outcomes),
      parameters: draws.parameters,
      evppi,
      seed,
      n,
    });
  } catch (error) {
    self.postMessage({ kind: "error", message: error instanceof Error ? error.message : String(error) });
  }
};
