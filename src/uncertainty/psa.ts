/**
 * Probabilistic sensitivity analysis of any model specification: every parameter with a
 * distribution is drawn (src/model/dist), each draw is evaluated by the engine, and the draws
 * table holds the inputs and each strategy's discounted cost and effect. The draws are made once,
 * up front, from per-parameter streams; evaluation is then a pure function of each draw, so the
 * table is byte-identical however the draws are split into batches or threads.
 *
 * Draws are evaluated in batches: each batch's draws are extra lanes of one engine run
 * (`evaluateBatch`, src/model/run/batch.ts), whose results equal one `evaluate` per draw to the
 * last bit; see README "Performance" and docs/performance.md.
 */
import {
  BatchSetError,
  compileModel,
  correlationOfSpec,
  restrictCorrelation,
  DEFAULT_BATCH_SIZE,
  effectOf,
  evaluateBatch,
  ModelError,
  moneyLabel,
  Problems,
  toCsv,
  type CompiledModel,
  type ModelSpec,
  type Columns,
} from "../model/index.js";
import {
  drawParameters,
  mergeCorrelations,
  specDistributions,
  type CorrelationSpec,
  type ParameterDistribution,
} from "../model/dist/index.js";
import type { PsaOutcomes } from "./stats.js";

export interface PsaOptions {
  /** Number of draws (default 1,000; at most 100,000). */
  n?: number;
  seed: number;
  /** Effect: "qalys" (default), "lifeYears" or a value id. */
  effect?: string;
  /** Parameters kept at their base value (e.g. ones the model builder reads structurally). */
  exclude?: Iterable<string>;
  /** Correlations added to (and overriding) the model's own `correlations` block. */
  correlation?: CorrelationSpec;
}

export interface PsaDraws {
  seed: number;
  n: number;
  /** The drawn parameters, in specification order. */
  parameters: ParameterDistribution[];
  /** Drawn values per parameter id. */
  inputs: Map<string, Float64Array>;
  /** The correlation used: the model's `correlations` merged with the option's. */
  correlation?: CorrelationSpec;
}

import { DEFAULT_DRAWS, MAX_DRAWS } from "./limits.js";
export { MAX_DRAWS };

/** The parameter draws of a PSA (cheap: < 1% of the run). */
export function psaDraws(spec: ModelSpec, options: PsaOptions): PsaDraws {
  const n = options.n ?? DEFAULT_DRAWS;
  if (!(Number.isInteger(n) && n >= 1 && n <= MAX_DRAWS))
    throw new ModelError({
      where: "draws",
      message: "the number of draws must be a whole number",
      value: n,
      expected: `1 to ${MAX_DRAWS}`,
    });
  const parameters = specDistributions(spec, new Set(options.exclude ?? []));
  if (parameters.length === 0)
    throw new ModelError({
      where: "parameters",
      message: "no parameter has a distribution: nothing to draw",
      expected: 'parameters with "distribution" and low/high (docs/model-spec.md)',
    });
  // The model's own correlations among the parameters drawn here: a parameter the run fixes
  // (`exclude`, e.g. the page's "hold fixed") leaves its rows out; a block of a correlation matrix is one.
  const drawn = new Set(parameters.filter((p) => p.distribution.type !== "fixed").map((p) => p.id));
  const correlation = mergeCorrelations(
    restrictCorrelation(correlationOfSpec(spec.correlations), drawn),
    options.correlation,
  );
  return {
    seed: options.seed,
    n,
    parameters,
    correlation,
    inputs: drawParameters(parameters, n, options.seed, correlation),
  };
}

/**
 * Evaluates draws [start, end) of `draws` on `model`: costs and effects per strategy (length
 * end − start). A draw the engine rejects is reported with its number and drawn values. Options:
 * `effect` (default "qalys"); `onDraw(k)` after each draw k; `offset`, the draw number of `inputs`'
 * first element less one (a worker thread is given a chunk's slice of the inputs, whose element 0 is
 * draw `offset + 1` of the run). With no ids, one evaluation at the base values (end − start = 1).
 */
export function evaluateDraws(
  model: CompiledModel,
  ids: string[],
  inputs: ArrayLike<number>[],
  start: number,
  end: number,
  { effect = "qalys", onDraw, offset = 0 }: { effect?: string; onDraw?: (k: number) => void; offset?: number } = {},
): { costs: Float64Array[]; effects: Float64Array[] } {
  const S = model.strategies.length;
  const costs = Array.from({ length: S }, () => new Float64Array(end - start));
  const effects = Array.from({ length: S }, () => new Float64Array(end - start));
  const size = DEFAULT_BATCH_SIZE;
  for (let a = start; a < end; a += size) {
    const b = Math.min(end, a + size);
    const sets: Array<Record<string, number>> = [];
    for (let k = a; k < b; k++) {
      const parameters: Record<string, number> = {};
      for (let j = 0; j < ids.length; j++) parameters[ids[j]] = inputs[j][k];
      sets.push(parameters);
    }
    let results;
    try {
      results = evaluateBatch(model, sets, { trace: false, perCycle: false, batchSize: size });
    } catch (err) {
      if (!(err instanceof BatchSetError)) throw err;
      const k = offset + a + err.index;
      const values = ids.map((id) => `${id}=${sets[err.index][id]}`).join(", ");
      // The drawn values go in the message, whole: as a problem's value they were cut at 80
      // characters, which hid all but the first few parameters.
      throw new ModelError({
        where: `PSA draw ${k + 1}`,
        message: `the engine rejected this draw: ${err.error.message}; the draw's values: ${values}`,
        expected:
          "parameter distributions that keep every probability in [0, 1] (narrow the range or change the distribution of the parameters named above)",
      });
    }
    results.forEach((result, q) => {
      result.strategies.forEach((s, i) => {
        costs[i][a + q - start] = s.cost.discounted;
        effects[i][a + q - start] = effectOf(result, s, effect);
      });
      onDraw?.(a + q);
    });
  }
  return { costs, effects };
}

export interface PsaResult extends PsaDraws {
  outcomes: PsaOutcomes;
  effect: string;
}

/** A whole PSA in this thread (the CLI's --threads and the page's worker split `evaluateDraws`). */
export function runPsa(
  spec: ModelSpec,
  options: PsaOptions & { onProgress?: (done: number, total: number) => void },
): PsaResult {
  const model = compileModel(spec);
  const draws = psaDraws(spec, options);
  const ids = [...draws.inputs.keys()];
  const every = Math.max(1, Math.floor(draws.n / 100));
  const { costs, effects } = evaluateDraws(
    model,
    ids,
    ids.map((id) => draws.inputs.get(id)!),
    0,
    draws.n,
    {
      effect: options.effect,
      onDraw: (k) => {
        if ((k + 1) % every === 0 || k + 1 === draws.n) options.onProgress?.(k + 1, draws.n);
      },
    },
  );
  return {
    ...draws,
    effect: options.effect ?? "qalys",
    outcomes: { strategies: model.strategies.map((s) => s.id), costs, effects },
  };
}

/**
 * A drawn parameter named like another column of the draws table ("draw", cost_<strategy>,
 * effect_<strategy>) would share its column: one of the two would be lost from the file. Checked
 * by drawsTable, and by `psa --out` before any draw is evaluated (runDraws' checkIds).
 */
export function checkDrawsColumns(ids: string[], strategies: string[]): void {
  const problems = new Problems();
  const owner = new Map<string, string>([["draw", 'the column "draw" (the draw number)']]);
  for (const st of strategies) {
    owner.set(`cost_${st}`, `the column of strategy "${st}"'s cost`);
    owner.set(`effect_${st}`, `the column of strategy "${st}"'s effect`);
  }
  for (const id of ids)
    if (owner.has(id))
      problems.add(
        `parameters.${id}`,
        `the draws table would write this parameter in ${owner.get(id)}, and one of the two would be lost`,
        id,
        "a parameter id other than draw, cost_<strategy> and effect_<strategy> (rename the parameter or the strategy)",
      );
  problems.throwIfAny("draws table");
}

/** The draws table: draw number, every drawn parameter, then cost and effect per strategy. */
export function drawsTable(inputs: Map<string, Float64Array>, outcomes: PsaOutcomes): Columns {
  checkDrawsColumns([...inputs.keys()], outcomes.strategies);
  const n = outcomes.costs[0].length;
  const cols: Columns = { draw: Int32Array.from({ length: n }, (_, k) => k + 1) };
  for (const [id, v] of inputs) cols[id] = v;
  outcomes.strategies.forEach((s, i) => {
    cols[`cost_${s}`] = outcomes.costs[i];
    cols[`effect_${s}`] = outcomes.effects[i];
  });
  return cols;
}

/**
 * The unit of every column of the draws table, for its `.meta.json` (the CSV header keeps the bare
 * ids, so the file reads back as `cartecon voi --inputs`): a drawn parameter's `unit` from the
 * specification (null when it declares none), the costs in the model's currency and price year,
 * the effects in the unit of the chosen effect; both discounted, per member of the cohort.
 */
export function drawsColumnUnits(
  spec: ModelSpec,
  ids: string[],
  strategies: string[],
  effect = "qalys",
): Record<string, string | null> {
  const params = (spec.parameters ?? {}) as Record<string, unknown>;
  const unitOf = (id: string) => {
    const p = Object.hasOwn(params, id) ? params[id] : undefined;
    return p && typeof p === "object" && typeof (p as { unit?: unknown }).unit === "string"
      ? (p as { unit: string }).unit
      : null;
  };
  const s = spec.settings ?? {};
  const money = moneyLabel(s.currency, s.priceYear);
  const effectUnit = effect === "qalys" ? "QALYs" : effect === "lifeYears" ? "life years" : `value ${effect}`;
  const units: Record<string, string | null> = { draw: "draw number (1 to n)" };
  for (const id of ids) units[id] = unitOf(id);
  for (const st of strategies) {
    units[`cost_${st}`] = `${money}, discounted, per member of the cohort`;
    units[`effect_${st}`] = `${effectUnit}, discounted, per member of the cohort`;
  }
  return units;
}

/** The draws table as CSV text (the one writer the CLI and the page share). */
export function drawsCsv(inputs: Map<string, Float64Array>, outcomes: PsaOutcomes): string {
  return toCsv(drawsTable(inputs, outcomes));
}
