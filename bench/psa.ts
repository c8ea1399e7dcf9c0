/**
 * PSA benchmarks (JSON lines with draws per second): the real CAR T model for one disease with
 * every parameter drawn, on 1 and 2 threads; a 5-state, 2-strategy, 60-annual-cycle model.
 * Draws run in batches through `evaluateBatch` (see docs/performance.md, "Uncertainty
 * analyses" for what limits them).
 */
import { loadavg } from "node:os";
import type { ModelSpec } from "../src/model/index.js";
import { psaDraws, runPsa } from "../src/uncertainty/psa.js";
import { evaluateAll } from "../src/cli/commands/psa.js";
import { buildCartModel, PRESETS } from "../src/cart/index.js";
import { loadEvidence, loadLifeTable } from "../src/cart/load.js";

/** Five states (Well, Mild, Severe, Post-event, Dead), two strategies, 60 annual cycles; 12 drawn parameters. */
export function fiveState(): ModelSpec {
  const g = (value: number, low: number, high: number, distribution: string) => ({ value, low, high, distribution });
  return {
    name: "five-state PSA benchmark",
    settings: {
      cycleLength: { years: 1 },
      horizon: { cycles: 60 },
      discount: { costs: 0.035, outcomes: 0.035 },
      method: "half-cycle",
    },
    parameters: {
      p_mild: g(0.1, 0.06, 0.15, "beta"),
      p_severe: g(0.05, 0.03, 0.08, "beta"),
      p_event: g(0.04, 0.02, 0.07, "beta"),
      p_die: g(0.02, 0.01, 0.03, "beta"),
      hr_trt: g(0.7, 0.5, 0.95, "lognormal"),
      c_mild: g(1500, 1000, 2200, "gamma"),
      c_severe: g(6000, 4000, 9000, "gamma"),
      c_event: g(20000, 12000, 30000, "gamma"),
      c_trt: g(2500, 2000, 3000, "gamma"),
      u_mild: g(0.8, 0.7, 0.88, "beta"),
      u_severe: g(0.6, 0.45, 0.72, "beta"),
      u_post: g(0.5, 0.35, 0.65, "beta"),
      trt: 0,
    },
    values: [
      { id: "cost", kind: "cost", per: "year" },
      { id: "qaly", kind: "utility", per: "year" },
    ],
    states: [
      { id: "Well", values: { cost: "trt * c_trt", qaly: 1 } },
      { id: "Mild", values: { cost: "c_mild + trt * c_trt", qaly: "u_mild" } },
      { id: "Severe", values: { cost: "c_severe + trt * c_trt", qaly: "u_severe" } },
      { id: "Post", values: { cost: "c_event", qaly: "u_post" } },
      { id: "Dead", dead: true },
    ],
    transitions: {
      Well: { Well: "C", Mild: "p_mild * (trt ? hr_trt : 1)", Dead: "p_die" },
      Mild: { Mild: "C", Severe: "p_severe * (trt ? hr_trt : 1)", Dead: "p_die" },
      Severe: { Severe: "C", Post: "p_event", Dead: "2 * p_die" },
      Post: { Post: "C", Dead: "3 * p_die" },
      Dead: { Dead: 1 },
    },
    init: { Well: 1 },
    strategies: [{ id: "usual" }, { id: "treat", parameters: { trt: 1 } }],
  } as unknown as ModelSpec;
}

/** Median of 5 timed runs after 2 warm-up runs (the first runs pay for JIT compilation). */
export function fiveStateBench(n = 1000): Record<string, unknown> {
  const times: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    runPsa(fiveState(), { n, seed: r + 1 });
    if (r >= 2) times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  const s = times[2];
  return {
    case: `PSA: five-state, 2 strategies, 60 annual cycles, 12 parameters drawn, ${n} draws, 1 thread (median of 5 runs after 2 warm-up runs)`,
    draws: n,
    seconds: Number(s.toFixed(3)),
    secondsRange: [Number(times[0].toFixed(3)), Number(times[4].toFixed(3))],
    drawsPerSecond: Math.round(n / s),
    goal: "1,000 draws < 0.1 s",
  };
}

export async function cartPsaBench(n: number, threads: number, disease = "sle"): Promise<Record<string, unknown>> {
  const built = buildCartModel(loadEvidence(), disease, PRESETS.us, loadLifeTable());
  const draws = psaDraws(built.spec, { n, seed: 1, exclude: Object.keys(built.structural) });
  const ids = [...draws.inputs.keys()];
  const strategies = built.spec.strategies?.length ?? 1;
  const cohorts = built.spec.cohorts?.length ?? 1;
  // CPU time of the whole process: getrusage(RUSAGE_SELF) counts every thread, worker threads included
  // (their start-up too: each loads the engine and compiles the model). The workers are the compiled
  // build/psa-worker.js that `cartecon psa --threads` starts (`npm run bench` builds it first), not
  // the TypeScript source, which tsx would compile again in every worker.
  const worker = new URL("../build/psa-worker.js", import.meta.url);
  const timed = async (m: number) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await evaluateAll(
      JSON.stringify(built.spec),
      ids,
      ids.map((id) => draws.inputs.get(id)!.subarray(0, m)),
      "qalys",
      threads,
      () => {},
      worker,
    );
    const cu = process.cpuUsage(c0);
    return { s: (performance.now() - t0) / 1000, cpu: (cu.user + cu.system) / 1e6 };
  };
  const { s, cpu } = await timed(n);
  // With worker threads, a second run of 2 chunks per thread separates the start-up from the work per draw.
  let startup: Record<string, number> = {};
  if (threads > 1 && n > 96 * threads) {
    const small = await timed(96 * threads);
    const perDraw = (cpu - small.cpu) / (n - 96 * threads);
    const start = Math.max(0, small.cpu - 96 * threads * perDraw);
    startup = {
      startupCpuSeconds: Number(start.toFixed(2)),
      marginalCpuMsPerDraw: Number((1000 * perDraw).toFixed(2)),
      projected10000SecondsIdleAfterStartup: Number(((10000 * perDraw) / threads).toFixed(1)),
    };
  }
  return {
    case: `PSA: CAR T model, ${disease}, ${strategies} strategies x ${cohorts} sexes, lifetime monthly cycles, time-in-state tunnels, ${draws.parameters.length} parameters drawn, ${n} draws, ${threads} thread(s)`,
    draws: n,
    threads,
    seconds: Number(s.toFixed(2)),
    cpuSeconds: Number(cpu.toFixed(2)),
    drawsPerSecond: Number((n / s).toFixed(1)),
    drawsPerCpuSecond: Number((n / cpu).toFixed(1)),
    cpuMsPerDraw: Number(((1000 * cpu) / n).toFixed(2)),
    projected10000Seconds: Number(((10000 * s) / n).toFixed(1)),
    // What 10,000 draws would take with `threads` cores to itself: CPU time per draw × 10,000 / threads.
    projected10000SecondsIdle: Number(((10000 * cpu) / n / threads).toFixed(1)),
    ...startup,
    loadAverage: Number(loadavg()[0].toFixed(1)),
    goal: threads === 1 ? "10,000 draws < 10 s" : "10,000 draws < 6 s",
  };
}
