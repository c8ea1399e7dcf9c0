// Module Web Worker of the Uncertainty page: builds the CAR T model for one disease, draws every
// parameter (same seeded streams as `cartecon psa`), evaluates the draws in chunks and posts
// progress, so the page stays responsive; the page cancels by terminating the worker.
import {cartInputs, buildCartModel, PRESETS} from "../cart/index.js";
import {compileModel} from "../model/index.js";
import {psaDraws, evaluateDraws, drawsTable} from "../uncertainty/psa.js";
import {oneWay} from "../uncertainty/dsa.js";

const CHUNK = 10;

self.onmessage = (event) => {
  const {kind, inputs, disease, preset, n, seed, wtp} = event.data;
  try {
    const {evidence, lifeTable} = cartInputs(inputs);
    const built = buildCartModel(evidence, disease, PRESETS[preset], lifeTable);
    const model = compileModel(built.spec);
    if (kind === "dsa") {
      const fixed = new Set(Object.keys(built.structural));
      const ids = model.parameters.map((p) => p.id).filter((id) => !fixed.has(id));
      const t = oneWay(model, {wtp, strategy: "autologous", comparator: "soc"}, ids);
      self.postMessage({kind: "dsa", ...t});
      return;
    }
    const draws = psaDraws(built.spec, {n, seed, exclude: Object.keys(built.structural)});
    const ids = [...draws.inputs.keys()];
    const cols = ids.map((id) => draws.inputs.get(id));
    const S = model.strategies.length;
    const costs = Array.from({length: S}, () => new Float64Array(n));
    const effects = Array.from({length: S}, () => new Float64Array(n));
    for (let a = 0; a < n; a += CHUNK) {
      const b = Math.min(n, a + CHUNK);
      const r = evaluateDraws(model, ids, cols, a, b, "qalys");
      r.costs.forEach((c, s) => costs[s].set(c, a));
      r.effects.forEach((e, s) => effects[s].set(e, a));
      self.postMessage({kind: "progress", done: b, total: n});
    }
    const outcomes = {strategies: model.strategies.map((s) => s.id), costs, effects};
    self.postMessage({kind: "done", outcomes, table: drawsTable(draws.inputs, outcomes), parameters: draws.parameters, seed, n});
  } catch (error) {
    self.postMessage({kind: "error", message: error.message});
  }
};
