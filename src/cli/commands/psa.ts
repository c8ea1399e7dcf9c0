/**
 * `cartecon psa`: probabilistic sensitivity analysis of a model file or the CAR T model. Draws are
 * made up front in this thread (per-parameter seeded streams), then evaluated here or in worker
 * threads (piscina) in chunks; results are assembled in draw order, so the draws CSV is
 * byte-identical for any --threads.
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import cliProgress from "cli-progress";
import { Piscina } from "piscina";
import {
  compileModel,
  effectOf,
  evaluate,
  implausibleResults,
  rowsToCsv,
  type CompiledModel,
} from "../../model/index.js";
import { ModelError } from "../../model/errors.js";
import type { WorkerResult } from "./psa-worker.js";
import {
  acceptability,
  baseVersusMean,
  checkDrawsColumns,
  decisionSummary,
  drawsColumnUnits,
  drawsCsv,
  evaluateDraws,
  netBenefit,
  orderReversals,
  psaDraws,
  wtpGrid,
  type PsaDraws,
  type PsaOutcomes,
} from "../../uncertainty/index.js";
import { readText } from "../../model/io/files.js";
import { orderedPairsOf } from "../../cart/distributions.js";
import { readCorrelationCsv } from "../../uncertainty/correlation.js";
import {
  baseVersusMeanText,
  decisionLead,
  decisionLeadWarning,
  pairedDifference,
} from "../../uncertainty/precision.js";
import { offCentre, rangeCoverage, specDistributions, type CorrelationSpec } from "../../model/dist/index.js";
import {
  loadTarget,
  moneyOf,
  naming,
  outWithMeta,
  targetMeta,
  writeOut,
  type Target,
  type TargetFlags,
} from "./target.js";
import { printOut, printErr, jsonForTerminal, oneLine } from "../format.js";

export interface PsaFlags extends DrawFlags {
  out?: string;
  ceac?: string;
  json?: boolean;
}

// A multiple of the engine's batch size (DEFAULT_BATCH_SIZE, 8 draws per run).
const CHUNK = 48;

/**
 * Evaluates every draw, in `threads` worker threads when > 1 (the count from `workerThreads`, used
 * as given); `tick(done)` after each chunk.
 * `worker`: the worker module to start (default: the one beside this module, see below); the
 * benchmark passes the compiled build/psa-worker.js so that it measures what `cartecon` runs.
 */
export async function evaluateAll(
  specJson: string,
  ids: string[],
  inputs: Float64Array[],
  effect: string,
  threads: number,
  tick: (done: number) => void,
  worker?: URL,
): Promise<PsaOutcomes["costs"][]> {
  const n = inputs[0].length;
  const spec = JSON.parse(specJson);
  const S = spec.strategies?.length ?? 1;
  const costs = Array.from({ length: S }, () => new Float64Array(n));
  const effects = Array.from({ length: S }, () => new Float64Array(n));
  if (threads <= 1) {
    const model = compileModel(spec);
    for (let a = 0; a < n; a += CHUNK) {
      const b = Math.min(n, a + CHUNK);
      const r = evaluateDraws(model, ids, inputs, a, b, { effect });
      r.costs.forEach((c, s) => costs[s].set(c, a));
      r.effects.forEach((e, s) => effects[s].set(e, a));
      tick(b);
    }
    return [costs, effects];
  }
  // The compiled CLI (build/cli.js) has its worker beside it (build/psa-worker.js); run from source
  // (tests importing src/), the worker is TypeScript and loads through tsx, which compiles the
  // engine in every worker (about 2 CPU-seconds each).
  const file =
    worker ?? new URL(import.meta.url.endsWith(".ts") ? "./psa-worker.ts" : "./psa-worker.js", import.meta.url);
  const fromSource = file.pathname.endsWith(".ts");
  const pool = new Piscina({
    filename: fileURLToPath(file),
    maxThreads: threads,
    minThreads: threads,
    execArgv: fromSource ? ["--import", "tsx"] : [],
  });
  let done = 0;
  try {
    const jobs: Promise<ModelError | undefined>[] = [];
    for (let a = 0; a < n; a += CHUNK) {
      const b = Math.min(n, a + CHUNK);
      jobs.push(
        pool
          .run({ specJson, ids, inputs: inputs.map((x) => x.slice(a, b)), effect, first: a })
          .then((r: WorkerResult) => {
            if ("problems" in r) return new ModelError(r.problems, undefined, r.total);
            r.costs.forEach((c, s) => costs[s].set(c, a));
            r.effects.forEach((e, s) => effects[s].set(e, a));
            done += b - a;
            tick(done);
            return undefined;
          }),
      );
    }
    // Every chunk settles before an input error is raised, and the one raised is the first chunk's
    // in draw order (as with one thread), not the first to finish.
    const failed = (await Promise.all(jobs)).find((e) => e !== undefined);
    if (failed) throw failed;
  } finally {
    await pool.destroy();
  }
  return [costs, effects];
}

/**
 * The worker threads for --threads T on `draws` draws, decided once (`runDraws` evaluates in this
 * many, the .meta.json and the summary line report it): at most the machine's CPU cores and the
 * 48-draw chunks. More threads than cores only share them, and each worker compiles the model
 * first: --threads 64 on 2 cores took 17 s for what 1 thread did in 2 s; a worker without a chunk
 * still starts and compiles the model (--threads 64 on 1,000 draws, 21 chunks, took 18 s against
 * 2 s on one thread). `note` says why fewer than asked; the draws are the same for any count.
 */
export function workerThreads(
  requested: number,
  draws: number,
  cores = availableParallelism(),
): { threads: number; note?: string } {
  const chunks = Math.ceil(draws / CHUNK);
  const threads = Math.min(requested, cores, chunks);
  if (threads === requested) return { threads };
  const why =
    chunks <= cores
      ? `${draws} draws make ${chunks} chunk(s) of ${CHUNK}, one per worker thread`
      : `more would share the ${cores} CPU core(s) and run slower`;
  return {
    threads,
    note: `note: --threads ${requested} on ${cores} CPU core(s) and ${draws} draws: using ${threads} thread(s) (${why}; the results are the same for any count)`,
  };
}

/**
 * The --correlation file, read and checked on its own (each problem names the file, row and
 * column): a correlation matrix whose parameters the target draws. Called before the run, so its
 * errors name the CSV file, not the model (they named the model file and the matrix's [i][j]
 * before). The drawn parameters are psaDraws' own (`specDistributions`); a distribution psa
 * refuses is reported here, naming the model file.
 */
export async function loadCorrelation(target: Target, flags: DrawFlags): Promise<CorrelationSpec | undefined> {
  if (!flags.correlation) return undefined;
  const drawn = await naming(target, () => specDistributions(target.spec, new Set(target.fixed)).map((p) => p.id));
  return readCorrelationCsv(readText(flags.correlation, "correlation matrix"), flags.correlation, drawn);
}

/** What psa and evppi share: --n, --seed, --threads, --correlation, --effect and the progress bar. */
export interface DrawFlags extends TargetFlags {
  n: number;
  seed: number;
  threads: number;
  effect?: string;
  progress: boolean;
  correlation?: string;
}

/**
 * The PSA of a target: draws (the model's correlations merged with --correlation), evaluated in
 * --threads threads with a progress bar on stderr. Returns the draws, the drawn parameters' ids, the
 * outcomes, the threads used, the base case's implausible results and the seconds taken. `checkIds(ids, strategies)` sees the drawn
 * parameters' ids and the strategies' ids before any evaluation, so a command can refuse its own
 * arguments (e.g. an unknown --parameters member, a parameter named like a column of psa's draws
 * table) before the work, not after.
 */
export async function runDraws(
  target: Target,
  flags: DrawFlags,
  checkIds?: (ids: string[], strategies: string[]) => void,
  correlation?: CorrelationSpec,
): Promise<{
  draws: PsaDraws;
  ids: string[];
  outcomes: PsaOutcomes;
  threads: number;
  seconds: number;
  implausible: string[];
  base: BaseCase["base"];
}> {
  const model = compileModel(target.spec); // validates before drawing
  const draws = psaDraws(target.spec, { n: flags.n, seed: flags.seed, exclude: target.fixed, correlation });
  const ids = [...draws.inputs.keys()];
  checkIds?.(
    ids,
    model.strategies.map((s) => s.id),
  );
  const { implausible, base } = baseCase(model, target.effect);
  for (const n of implausible) printErr(`note: base case: ${n}\n`);
  const { threads, note } = workerThreads(flags.threads, draws.n);
  if (note) printErr(note + "\n");
  const bar = flags.progress
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          noTTYOutput: true,
          notTTYSchedule: 1000,
          format: "PSA [{bar}] {value}/{total} draws | {eta_formatted} left",
          hideCursor: true,
        },
        cliProgress.Presets.legacy,
      )
    : null;
  bar?.start(draws.n, 0);
  const t0 = performance.now();
  try {
    const [costs, effects] = await evaluateAll(
      JSON.stringify(target.spec),
      ids,
      ids.map((id) => draws.inputs.get(id)!),
      target.effect,
      threads,
      (d) => bar?.update(d),
    );
    const outcomes = { strategies: model.strategies.map((s) => s.id), costs, effects };
    return { draws, ids, outcomes, threads, seconds: (performance.now() - t0) / 1000, implausible, base };
  } finally {
    bar?.stop();
  }
}

interface BaseCase {
  implausible: string[];
  /** Cost and effect per strategy with every parameter at its base value; null when the engine rejects it. */
  base: { costs: number[]; effects: number[] } | null;
}

/**
 * The deterministic result (one evaluation at the base values), set beside the PSA's means, and what
 * `evaluate` notes of it (QALYs above life years; every member starting dead: implausibleResults),
 * said before the draws: a PSA of such a model printed its zeros or its utilities above 1 without a
 * word. Not a check of the draws (a utility drawn above 1 is not noted); a base case that fails is
 * left to the draws, which name the draw and its parameters.
 */
function baseCase(model: CompiledModel, effect: string): BaseCase {
  try {
    const r = evaluate(model, { trace: false, perCycle: false });
    return {
      implausible: implausibleResults(r),
      base: {
        costs: r.strategies.map((s) => s.cost.discounted),
        effects: r.strategies.map((s) => effectOf(r, s, effect)),
      },
    };
  } catch (err) {
    if (err instanceof ModelError) return { implausible: [], base: null };
    throw err;
  }
}

/** What every .meta.json of draws starts with (psa, evppi): the tool, the model and the draws' number and seed. */
export function drawsMeta(target: Target, draws: PsaDraws) {
  return {
    ...targetMeta(target),
    draws: draws.n,
    seed: draws.seed,
  };
}

export async function runPsaCommand(file: string | undefined, flags: PsaFlags): Promise<void> {
  const target = loadTarget(file, flags, [...outWithMeta(flags.out), ["--ceac", flags.ceac]]);
  const correlation = await loadCorrelation(target, flags);
  // The draws table is made inside naming: a parameter named like one of its columns is named with the file.
  const { draws, outcomes, threads, seconds, csv, implausible, base } = await naming(target, async () => {
    // A parameter that would share a column of the draws table is refused before the draws are evaluated.
    const run = await runDraws(target, flags, flags.out ? checkDrawsColumns : undefined, correlation);
    return { ...run, csv: flags.out ? drawsCsv(run.draws.inputs, run.outcomes) : "" };
  });
  const nb = netBenefit(outcomes, target.wtp);
  const d = decisionSummary(nb);
  // How far the choice rests on Monte Carlo error: the optimal strategy's lead over the next best and
  // its standard error (the Uncertainty page shows the same warning).
  const lead = decisionLead(nb);
  // The deterministic result beside the PSA's means: a reader of the report sees both, and why they
  // choose differently when they do (the Uncertainty page shows the same).
  const versus = base ? baseVersusMean(outcomes, base, nb, target.wtp) : null;
  // Parameters drawn mostly outside their one-way range: the PSA's means can then differ from the
  // deterministic result for a reason the user should see (docs/uncertainty.md, "Distributions and ranges").
  const outsideRange = rangeCoverage(draws.parameters, target.spec);
  // Parameters whose distribution's mean is not their base value: a cause of that difference too.
  const shifted = offCentre(draws.parameters, target.spec);
  // The CAR T model's related parameters, drawn independently, out of their base values' order in
  // some draws (ORDERED_PARAMETERS, those of the disease): how often, so the reader can judge the draws.
  const reversals = target.cartInputs
    ? orderReversals((id) => draws.inputs.get(id), orderedPairsOf(target.cartInputs.disease))
    : undefined;
  const meta = {
    ...drawsMeta(target, draws),
    threads,
    threadsRequested: flags.threads,
    effect: target.effect,
    wtp: target.wtp,
    drawn: draws.parameters.map((p) => ({ id: p.id, distribution: p.distribution })),
    correlation: draws.correlation ?? null,
    outsideRange,
    offCentre: shifted,
    decisionLead: lead
      ? {
          optimal: outcomes.strategies[lead.optimal],
          runnerUp: outcomes.strategies[lead.runnerUp],
          lead: lead.lead,
          se: lead.se,
        }
      : null,
    baseCase: versus
      ? {
          optimal: outcomes.strategies[versus.baseOptimal],
          // Net benefit at the base values, the mean over the draws and its Monte Carlo SE, per strategy.
          strategies: versus.rows,
        }
      : null,
    ...(reversals ? { orderReversals: reversals } : {}),
    ...(implausible.length > 0 ? { implausible } : {}),
    fixed: target.fixed,
    columns: drawsColumnUnits(target.spec, [...draws.inputs.keys()], outcomes.strategies, target.effect),
    rng: "MT19937 per parameter, key [seed mod 2^32, floor(seed / 2^32), FNV-1a-32(id)] (docs/uncertainty.md)",
  };
  if (flags.out) {
    writeOut(flags.out, csv, `${draws.n} draws (inputs, cost and effect per strategy)`);
    writeOut(flags.out + ".meta.json", JSON.stringify(meta, null, 2) + "\n", "the seed and distributions of the draws");
  }
  if (flags.ceac) {
    const { curves } = acceptability(outcomes, wtpGrid(target.wtp * 3, 61));
    writeOut(
      flags.ceac,
      rowsToCsv(
        curves.map((c) => ({ ...c })),
        ["wtp", "strategy", "probability", "expectedLoss", "meanNb", "onFrontier"],
      ),
      "CEAC, CEAF and expected loss by WTP",
    );
  }
  const summary = outcomes.strategies.map((s, i) => ({
    strategy: s,
    meanCost: mean(outcomes.costs[i]),
    meanEffect: mean(outcomes.effects[i]),
    meanNmb: d.meanNb[i],
    probabilityBest: d.probabilityBest[i],
    expectedLoss: d.expectedLoss[i],
  }));
  // Whole units, or 3 significant digits below 100 (a lead of 0.4 read "0").
  const amount = (x: number) =>
    `${Math.abs(x) >= 100 ? x.toFixed(0) : String(Number(x.toPrecision(3)))} ${moneyOf(target)}`;
  const leadWarning =
    lead &&
    decisionLeadWarning(
      lead,
      (s) => oneLine(outcomes.strategies[s]),
      amount,
      (m) => `Run again with --n ${m} or more`,
    );
  if (leadWarning) printErr(leadWarning + "\n");
  if (flags.json) {
    printOut(
      jsonForTerminal({ ...meta, seconds, summary, evpiPerPatient: d.evpi, optimal: outcomes.strategies[d.optimal] }) +
        "\n",
    );
    return;
  }
  const lines = [
    `PSA of ${oneLine(target.label)}: ${draws.n} draws, seed ${draws.seed}, ${draws.parameters.length} parameters drawn, ${seconds.toFixed(2)} s on ${threads} thread(s)`,
    `At WTP ${target.wtp} ${moneyOf(target)} per unit of ${target.effect}; costs and NMB in ${moneyOf(target)}:`,
  ];
  summary.forEach((r, i) =>
    lines.push(
      `  ${r.strategy}: mean cost ${r.meanCost.toFixed(0)}, mean effect ${r.meanEffect.toFixed(4)}, mean NMB ${r.meanNmb.toFixed(0)}${
        versus ? ` (at base values ${versus.rows[i].baseNb.toFixed(0)})` : ""
      }, P(best) ${r.probabilityBest.toFixed(3)}`,
    ),
  );
  lines.push(
    `  optimal (highest mean NMB): ${outcomes.strategies[d.optimal]}; EVPI per patient ${d.evpi.toFixed(2)} ${moneyOf(target)}`,
  );
  if (versus) lines.push(...baseCaseLines(versus, nb, (k) => oneLine(outcomes.strategies[k]), amount, shifted));
  lines.push(...drawNotes(outsideRange, shifted, reversals ?? [], fixedValues(target)));
  printOut(lines.join("\n") + "\n");
}

/** The deterministic choice beside the PSA's and, when they differ, why (baseVersusMeanText). */
function baseCaseLines(
  versus: ReturnType<typeof baseVersusMean>,
  nb: readonly Float64Array[],
  name: (k: number) => string,
  amount: (x: number) => string,
  shifted: ReturnType<typeof offCentre>,
): string[] {
  const [b, m] = [versus.baseOptimal, versus.meanOptimal];
  const lines = [
    `  deterministic result (every parameter at its base value): ${name(b)}${b === m ? ", as the PSA" : ", not the PSA's choice"}`,
  ];
  if (b !== m)
    lines.push(
      `note: ${baseVersusMeanText({ baseName: name(b), meanName: name(m), gap: pairedDifference(nb, m, b), amount, offCentre: shifted.map((p) => p.id) })}`,
    );
  return lines;
}

/** The parameters a run keeps at their base value (the CAR T builder's structural inputs, whose rows give a distribution), as `id = value`. */
function fixedValues(target: Target): string[] {
  return target.fixed.map((id) => {
    const p = target.spec.parameters?.[id];
    return `${id} = ${typeof p === "object" && p !== null ? p.value : p}`;
  });
}

/** The notes on the draws after the summary: parameters drawn mostly outside their range or off their base value, order reversals. */
function drawNotes(
  outsideRange: ReturnType<typeof rangeCoverage>,
  shifted: ReturnType<typeof offCentre>,
  reversals: ReturnType<typeof orderReversals>,
  fixed: string[],
): string[] {
  const lines: string[] = [];
  if (fixed.length > 0)
    lines.push(
      `note: held at their base value, not drawn (the cohort modelled and the model's structure; docs/methods.md, "Probabilistic analysis inputs"): ${fixed.join(", ")}`,
    );
  if (outsideRange.length > 0) {
    lines.push(
      `note: ${outsideRange.length} drawn parameter(s) put more than 20% of their draws outside their one-way range (low–high), so the PSA's means can differ from the deterministic result (docs/uncertainty.md, "Distributions and ranges"):`,
    );
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    const num = (x: number) => String(Number(x.toPrecision(6)));
    for (const r of outsideRange)
      lines.push(`  ${r.id}: ${pct(r.below)} of draws below ${num(r.low)}, ${pct(r.above)} above ${num(r.high)}`);
  }
  if (shifted.length > 0) {
    lines.push(
      `note: ${shifted.length} drawn parameter(s) have a distribution whose mean is not their base value, so the PSA's means differ from the deterministic result even where the model is linear in them:`,
    );
    for (const p of shifted)
      lines.push(`  ${p.id}: base value ${p.value}, mean of its distribution ${Number(p.mean.toPrecision(6))}`);
  }
  const reversed = reversals.filter((r) => r.reversed > 0);
  if (reversed.length > 0) {
    lines.push(
      `note: drawn independently, related parameters leave the order of their base values in some draws (docs/methods.md, "Probabilistic analysis inputs"):`,
    );
    for (const r of reversed)
      lines.push(
        `  ${r.lower} above ${r.higher}: ${r.reversed} of ${r.n} draws (${((100 * r.reversed) / r.n).toFixed(1)}%)`,
      );
  }
  return lines;
}

const mean = (x: Float64Array) => x.reduce((a, b) => a + b, 0) / x.length;
