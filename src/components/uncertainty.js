// Views of the Uncertainty page: the PSA runner (module worker, progress, cancel) and charts.
import * as Plot from "@observablehq/plot";
import { html, svg } from "htl";

/**
 * Starts a PSA in a module worker; `onProgress(done, total)`, resolves with the worker's result.
 * Returns {promise, cancel}. Framework bundles the worker from this literal relative path.
 */
export function startPsa(message, onProgress) {
  const worker = new Worker(import.meta.resolve("./psa-worker.js"), { type: "module" });
  let cancel;
  const promise = new Promise((resolve, reject) => {
    cancel = () => {
      worker.terminate();
      reject(new Error("cancelled"));
    };
    worker.onmessage = ({ data }) => {
      if (data.kind === "progress") onProgress?.(data.done, data.total, data.evpi, data.ceac);
      else if (data.kind === "error") reject(new Error(data.message));
      else {
        resolve(data);
        worker.terminate();
      }
    };
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage(message);
  });
  return { promise, cancel };
}

/** CEAC with the CEAF marked: rows {wtp, strategy, probability, onFrontier}. */
export function ceacChart(curves, { width, currency = "", legend = true, height = 300 } = {}) {
  return Plot.plot({
    width,
    height,
    x: { label: `Willingness to pay per QALY (${currency})`, tickFormat: "s" },
    y: { label: "Probability cost-effective", domain: [0, 1] },
    color: { legend },
    marks: [
      Plot.line(curves, { x: "wtp", y: "probability", stroke: "strategy" }),
      Plot.dot(
        curves.filter((d) => d.onFrontier),
        {
          x: "wtp",
          y: "probability",
          r: 2.5,
          fill: "currentColor",
          title: () => "CEAF: strategy of highest mean net benefit",
        },
      ),
      Plot.ruleY([0]),
    ],
  });
}

/**
 * A light CEAC preview while a PSA runs: one polyline per strategy, probability 0–1 against WTP,
 * strategies named at the right end. Hand-written SVG rather than Plot because it is redrawn while
 * draws stream in, on the main thread, where each redraw must stay far below the 100 ms task budget
 * on a slow machine; the finished run shows the full Plot chart (ceacChart).
 */
export function ceacPreview(curves, { width = 640, height = 180 } = {}) {
  const strategies = [...new Set(curves.map((d) => d.strategy))];
  const maxWtp = Math.max(...curves.map((d) => d.wtp)) || 1;
  const left = 40,
    right = 110,
    top = 8,
    bottom = 20;
  const x = (w) => left + ((width - left - right) * w) / maxWtp;
  const y = (p) => top + (height - top - bottom) * (1 - p);
  const colors = ["#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5"];
  const lines = strategies.map((s, i) => {
    const pts = curves.filter((d) => d.strategy === s);
    const last = pts[pts.length - 1];
    return svg`<polyline fill="none" stroke="${colors[i % colors.length]}" stroke-width="1.5" points="${pts.map((d) => `${x(d.wtp).toFixed(1)},${y(d.probability).toFixed(1)}`).join(" ")}"></polyline><text x="${x(last.wtp) + 4}" y="${y(last.probability)}" font-size="10" fill="${colors[i % colors.length]}">${s}</text>`;
  });
  return svg`<svg class="ceac-preview" width="${width}" height="${height}" role="img" aria-label="CEAC of the draws so far: probability cost-effective by willingness to pay">
    <line x1="${left}" x2="${width - right}" y1="${y(0)}" y2="${y(0)}" stroke="currentColor"></line><line x1="${left}" x2="${left}" y1="${y(0)}" y2="${y(1)}" stroke="currentColor"></line>
    <text x="${left - 4}" y="${y(1) + 4}" font-size="10" text-anchor="end">1</text><text x="${left - 4}" y="${y(0)}" font-size="10" text-anchor="end">0</text>
    <text x="${width - right}" y="${height - 4}" font-size="10" text-anchor="end">WTP ${Math.round(maxWtp).toLocaleString("en-US")}</text>${lines}</svg>`;
}

/** Cost-effectiveness plane: rows {strategy, incrementalEffect, incrementalCost}. */
export function cePlaneChart(points, { width, currency = "", comparator = "" } = {}) {
  return Plot.plot({
    width,
    height: 320,
    x: { label: `Incremental QALYs vs ${comparator}` },
    y: { label: `Incremental cost vs ${comparator} (${currency})`, tickFormat: "s" },
    color: { legend: true },
    marks: [
      Plot.ruleX([0]),
      Plot.ruleY([0]),
      Plot.dot(points, { x: "incrementalEffect", y: "incrementalCost", stroke: "strategy", r: 1.5, opacity: 0.6 }),
    ],
  });
}

/** Tornado: rows {parameter, inmbAtLow, inmbAtHigh}, sorted by swing; `base` the base-case INMB. */
export function tornadoChart(rows, { width, base, currency = "", top = 15 } = {}) {
  const data = rows.slice(0, top).flatMap((r) => [
    { parameter: r.parameter, bound: "low", from: base, to: r.inmbAtLow },
    { parameter: r.parameter, bound: "high", from: base, to: r.inmbAtHigh },
  ]);
  return Plot.plot({
    width,
    height: 24 * Math.min(top, rows.length) + 60,
    marginLeft: 190,
    x: { label: `Incremental net monetary benefit (${currency})`, tickFormat: "s" },
    y: { label: null, domain: rows.slice(0, top).map((r) => r.parameter) },
    color: { legend: true, domain: ["low", "high"] },
    marks: [Plot.barX(data, { y: "parameter", x1: "from", x2: "to", fill: "bound" }), Plot.ruleX([base])],
  });
}

/** EVPPI bars: rows {parameters, evppi, se}. */
export function evppiChart(rows, { width, currency = "" } = {}) {
  const data = rows
    .map((r) => ({
      label: r.parameters.join(" + "),
      evppi: r.evppi,
      lo: r.evppi - 2 * (r.se ?? 0),
      hi: r.evppi + 2 * (r.se ?? 0),
    }))
    .sort((a, b) => b.evppi - a.evppi);
  return Plot.plot({
    width,
    height: 22 * data.length + 60,
    marginLeft: 190,
    x: { label: `EVPPI per patient (${currency})`, tickFormat: "s" },
    y: { label: null, domain: data.map((d) => d.label) },
    marks: [
      Plot.barX(data, { y: "label", x: "evppi", fill: "steelblue" }),
      Plot.ruleY(data, { y: "label", x1: "lo", x2: "hi" }),
      Plot.ruleX([0]),
    ],
  });
}

/** Expected loss by WTP: rows {wtp, strategy, expectedLoss} (the net benefit given up, on average, by choosing each strategy). */
export function expectedLossChart(curves, { width, currency = "" } = {}) {
  return Plot.plot({
    width,
    height: 280,
    x: { label: `Willingness to pay per QALY (${currency})`, tickFormat: "s" },
    y: { label: `Expected loss per patient (${currency})`, tickFormat: "s", zero: true },
    color: { legend: true },
    marks: [Plot.line(curves, { x: "wtp", y: "expectedLoss", stroke: "strategy" }), Plot.ruleY([0])],
  });
}

/** Running mean of incremental net benefit against the comparator as draws accumulate: rows {draws, strategy, meanIncrementalNb}. */
export function convergenceChart(rows, { width, currency = "", comparator = "" } = {}) {
  return Plot.plot({
    width,
    height: 280,
    x: { label: "Draws" },
    y: { label: `Running mean incremental net benefit vs ${comparator} (${currency})`, tickFormat: "s" },
    color: { legend: true },
    marks: [Plot.line(rows, { x: "draws", y: "meanIncrementalNb", stroke: "strategy" }), Plot.ruleY([0])],
  });
}

export const progressBar = () => html`<progress value="0" max="1" style="width: 100%"></progress>`;

import { acceptability, cePlane, decisionSummary, netBenefit, runningMeans, wtpGrid } from "../uncertainty/stats.js";
import { evppiRegression } from "../uncertainty/evppi.js";
import { readVoiSamples } from "../uncertainty/samples.js";
import { parseDecimal } from "../model/io/number.js";
import { downloadCsv } from "./download.js";

/**
 * The PSA panel: run/cancel buttons, a progress bar, then CEAC/CEAF, CE plane, EVPI, EVPPI bars and
 * the draws download (same CSV as `cartecon psa --cart <disease> --n --seed --out`).
 */
export function psaPanel({ inputs, disease, preset, n, seed, wtp, currency, width }) {
  const bar = progressBar();
  const status = html`<span class="psa-status">Not run yet.</span>`;
  const results = html`<div class="psa-results"></div>`;
  const live = html`<div class="psa-live"></div>`;
  const run = html`<button type="button">Run PSA (${n} draws, seed ${seed})</button>`;
  const cancel = html`<button type="button" disabled>Cancel</button>`;
  let job = null;
  run.onclick = async () => {
    run.disabled = true;
    cancel.disabled = false;
    results.replaceChildren();
    status.textContent = "Running…";
    const t0 = performance.now();
    let evpi = "";
    let lastLive = -Infinity;
    job = startPsa({ kind: "psa", inputs, disease, preset, n, seed, wtp }, (done, total, partialEvpi, ceac) => {
      bar.value = done / total;
      if (partialEvpi !== undefined)
        evpi = `; EVPI per patient so far ${Math.round(partialEvpi).toLocaleString("en-US")} ${currency}`;
      status.textContent = `${done} / ${total} draws${evpi}`;
      // The CEAC of the draws so far, redrawn as they stream in: at most once a second, in an
      // animation frame, as a light preview (the final chart is Plot's), to keep main-thread tasks short.
      if (ceac && performance.now() - lastLive > 1000) {
        lastLive = performance.now();
        requestAnimationFrame(() =>
          live.replaceChildren(html`<h3>CEAC so far (${done} draws)</h3>`, ceacPreview(ceac, { width })),
        );
      }
    });
    try {
      const r = await job.promise;
      status.textContent = `${n} draws in ${((performance.now() - t0) / 1000).toFixed(1)} s (seed ${seed}).`;
      live.replaceChildren();
      results.replaceChildren(...renderPsa(r, { disease, preset, wtp, currency, width }));
    } catch (e) {
      status.textContent = e.message === "cancelled" ? "Cancelled." : `Error: ${e.message}`;
      bar.value = 0;
    } finally {
      run.disabled = false;
      cancel.disabled = true;
    }
  };
  cancel.onclick = () => job?.cancel();
  return html`<div class="psa-panel">${run} ${cancel} ${status}${bar}${live}${results}</div>`;
}

function renderPsa(r, { disease, preset, wtp, currency, width }) {
  const { outcomes, table, seed, n } = r;
  const { curves, evpi } = acceptability(outcomes, wtpGrid(wtp * 3, 31));
  const nb = netBenefit(outcomes, wtp);
  const d = decisionSummary(nb);
  const evppi = r.evppi;
  const meta = () => ({
    tool: "cartecon report",
    analysis: "PSA",
    disease,
    preset,
    draws: n,
    seed,
    wtp,
    currency,
    parameters: r.parameters,
  });
  const comparator = outcomes.strategies[0];
  // About 200 points per strategy, whatever the number of draws.
  const convergence = runningMeans(nb, 0, Math.max(1, Math.ceil(n / 200))).map((p) => ({
    draws: p.draws,
    strategy: outcomes.strategies[p.strategy],
    meanIncrementalNb: p.meanIncrementalNb,
  }));
  return [
    html`<p>
      At ${wtp.toLocaleString("en-US")} ${currency} per QALY: optimal (highest mean net benefit)
      <b>${outcomes.strategies[d.optimal]}</b>; EVPI per patient
      <b>${Math.round(d.evpi).toLocaleString("en-US")} ${currency}</b>.
    </p>`,
    downloadCsv(() => table, {
      filename: `psa-${disease}-${preset}-seed${seed}-n${n}.csv`,
      meta,
      label: "Download draws (CSV)",
    }),
    html`<h3>Cost-effectiveness acceptability curve and frontier</h3>`,
    ceacChart(curves, { width, currency }),
    downloadCsv(() => curves, { filename: `ceac-${disease}-seed${seed}.csv`, meta }),
    html`<h3>Expected loss</h3>`,
    expectedLossChart(curves, { width, currency }),
    html`<h3>
      Convergence: running mean of incremental net benefit at ${wtp.toLocaleString("en-US")} ${currency} per QALY
    </h3>`,
    convergenceChart(convergence, { width, currency, comparator }),
    downloadCsv(() => convergence, {
      filename: `convergence-${disease}-seed${seed}.csv`,
      meta,
      label: "Download running means (CSV)",
    }),
    html`<h3>Cost-effectiveness plane</h3>`,
    cePlaneChart(cePlane(outcomes), { width, currency, comparator: outcomes.strategies[0] }),
    html`<h3>EVPPI (12 parameters most correlated with net benefit)</h3>`,
    evppiChart(evppi, { width, currency }),
    downloadCsv(() => evppi.map((e) => ({ parameters: e.parameters.join("+"), evppi: e.evppi, se: e.se })), {
      filename: `evppi-${disease}-seed${seed}.csv`,
      meta,
    }),
    downloadCsv(() => evpi, { filename: `evpi-${disease}-seed${seed}.csv`, meta, label: "Download EVPI by WTP (CSV)" }),
  ];
}

/**
 * VOI from uploaded PSA samples (SAVI's job, in the page): an inputs CSV and either a net-benefit
 * CSV or a costs CSV and an effects CSV (one column per strategy) with a WTP.
 */
export function voiPanel({ width }) {
  const file = () => html`<input type="file" accept=".csv,text/csv" />`;
  const inputsFile = file();
  const nbFile = file();
  const costsFile = file();
  const effectsFile = file();
  const wtpInput = html`<input type="number" min="0" step="any" value="100000" aria-label="WTP per unit of effect" />`;
  const out = html`<div class="voi-results"></div>`;
  const go = html`<button type="button">Compute EVPI and EVPPI</button>`;
  const read = async (f) => [f.files[0].name, await f.files[0].text()];
  go.onclick = async () => {
    try {
      if (!inputsFile.files[0]) throw new Error("choose the inputs file");
      const withNb = nbFile.files[0] !== undefined;
      if (!withNb && !(costsFile.files[0] && effectsFile.files[0]))
        throw new Error("choose a net-benefit file, or both a costs and an effects file");
      const wtp = parseDecimal(wtpInput.value);
      if (!withNb && !(wtp !== undefined && wtp >= 0)) throw new Error(`WTP "${wtpInput.value}" is not a number >= 0`);
      const samples = readVoiSamples(
        withNb
          ? { inputs: await read(inputsFile), nb: await read(nbFile) }
          : { inputs: await read(inputsFile), costs: await read(costsFile), effects: await read(effectsFile) },
      );
      const nb = samples.nb(wtp ?? 0);
      const d = decisionSummary(nb);
      const rows = samples.inputs.columns.map((c, j) =>
        evppiRegression([c], [samples.inputs.values[j]], nb, { seSamples: 20 }),
      );
      const views = [
        html`<p>
          ${samples.inputs.rows} draws, strategies ${samples.strategies.join(", ")}; EVPI per patient
          <b>${d.evpi.toFixed(2)}</b>${withNb ? "" : ` at WTP ${wtp}`}.
        </p>`,
        evppiChart(rows, { width }),
        downloadCsv(() => rows.map((e) => ({ parameters: e.parameters.join("+"), evppi: e.evppi, se: e.se })), {
          filename: "evppi-uploaded.csv",
        }),
      ];
      if (samples.outcomes) {
        const { curves } = acceptability(samples.outcomes, wtpGrid(Math.max(wtp, 1) * 3, 31));
        views.push(
          html`<h3>CEAC of the uploaded samples</h3>`,
          ceacChart(curves, { width }),
          downloadCsv(() => curves, { filename: "ceac-uploaded.csv" }),
        );
      }
      out.replaceChildren(...views);
    } catch (e) {
      out.replaceChildren(html`<p class="error">${e.message}</p>`);
    }
  };
  return html`<div>
    <label>PSA inputs (one row per draw, one column per parameter) ${inputsFile}</label><br /><label
      >Net benefit (one column per strategy) ${nbFile}</label
    ><br />or <label>Costs (one column per strategy) ${costsFile}</label>
    <label>Effects (same columns) ${effectsFile}</label> <label>WTP per unit of effect ${wtpInput}</label
    ><br />${go}${out}
  </div>`;
}

/** Two-way map: rows {[a], [b], optimal, inmb}; cells coloured by the optimal strategy (highest NMB), INMB in the tooltip. */
export function twoWayChart(rows, { a, b, width, currency = "" } = {}) {
  return Plot.plot({
    width,
    height: 360,
    marginLeft: 70,
    x: { label: a, type: "band", tickFormat: (d) => Number(d).toPrecision(3) },
    y: { label: b, type: "band", tickFormat: (d) => Number(d).toPrecision(3) },
    color: { legend: true, label: "Optimal strategy" },
    marks: [
      Plot.cell(rows, {
        x: a,
        y: b,
        fill: "optimal",
        title: (d) =>
          `${a} = ${d[a]}\n${b} = ${d[b]}\noptimal: ${d.optimal}\nINMB autologous vs SoC: ${Math.round(d.inmb).toLocaleString("en-US")} ${currency}`,
      }),
    ],
  });
}

/** Two-way sensitivity map of the CAR T model (the two parameters of widest one-way swing), computed in the worker. */
export function twoWayPanel({ inputs, disease, preset, wtp, currency, width }) {
  const out = html`<div class="twoway-results"></div>`;
  const go = html`<button type="button">Compute two-way map</button>`;
  go.onclick = () => {
    go.disabled = true;
    out.replaceChildren(html`<p>Computing (one-way swings, then an 11 × 11 grid)…</p>`);
    const worker = new Worker(import.meta.resolve("./psa-worker.js"), { type: "module" });
    worker.onmessage = ({ data }) => {
      worker.terminate();
      go.disabled = false;
      if (data.kind === "error") return out.replaceChildren(html`<p class="error">${data.message}</p>`);
      out.replaceChildren(
        html`<p>
          Optimal strategy at ${wtp.toLocaleString("en-US")} ${currency} per QALY over the ranges of
          <b>${data.a}</b> and <b>${data.b}</b> (the two widest one-way swings), other parameters at base.
        </p>`,
        twoWayChart(data.rows, { a: data.a, b: data.b, width, currency }),
        downloadCsv(() => data.rows, {
          filename: `twoway-${disease}-${preset}-${data.a}-${data.b}.csv`,
          meta: () => ({ disease, preset, wtp, currency, seed: null, parameters: [data.a, data.b] }),
          label: "Download two-way grid (CSV)",
        }),
      );
    };
    worker.postMessage({ kind: "twoway", inputs, disease, preset, wtp });
  };
  return html`<div class="twoway-panel">${go}${out}</div>`;
}

/** One-way sensitivity of the CAR T model (autologous vs SoC), computed in the worker. */
export function tornadoPanel({ inputs, disease, preset, wtp, currency, width }) {
  const out = html`<div></div>`;
  const go = html`<button type="button">Compute tornado (autologous vs standard of care)</button>`;
  go.onclick = async () => {
    go.disabled = true;
    out.replaceChildren(html`<p>Computing (two runs per parameter)…</p>`);
    const worker = new Worker(import.meta.resolve("./psa-worker.js"), { type: "module" });
    worker.onmessage = ({ data }) => {
      worker.terminate();
      go.disabled = false;
      if (data.kind === "error") return out.replaceChildren(html`<p class="error">${data.message}</p>`);
      out.replaceChildren(
        tornadoChart(data.rows, { width, base: data.baseInmb, currency }),
        downloadCsv(() => data.rows, {
          filename: `tornado-${disease}-${preset}.csv`,
          meta: () => ({ disease, preset, wtp, currency, seed: null }),
        }),
      );
    };
    worker.postMessage({ kind: "dsa", inputs, disease, preset, wtp });
  };
  return html`<div>${go}${out}</div>`;
}
