/**
 * Benchmarks: one JSON line per case with measured figures (not pass/fail).
 * An "evaluation" runs every strategy of the model once, from parameter values to discounted totals.
 * Usage: npm run bench [-- filter]. Without a filter the cases run with the WebAssembly kernel;
 * `npm run bench -- "kernel: js"` runs them with the TypeScript loops.
 */
import { spawnSync } from "node:child_process";
import {
  compileModel,
  DEFAULT_BATCH_SIZE,
  evaluate,
  type EvaluateOptions,
  type ModelSpec,
} from "../src/model/index.js";
import { buildCartModel, PRESETS } from "../src/cart/index.js";
import { rangeCoverage, specDistributions } from "../src/model/dist/index.js";
import { loadEvidence, loadLifeTable } from "../src/cart/load.js";
import { cartShaped, sixState, stateResidence75 } from "./models.js";
import { cartPsaBench, fiveStateBench } from "./psa.js";
import { evppiBench } from "./evppi.js";
import { propagationFloor } from "./floor.js";
import { chainFloor } from "./chain-floor.js";
import { benchBudget } from "./budget.js";

interface Case {
  name: string;
  spec: ModelSpec;
  options: EvaluateOptions;
  goal?: string;
}

/** Evaluations per second over rounds of about `roundSeconds`; the median is robust to a busy neighbour. */
function measure(c: Case, rounds = 7, roundSeconds = 0.5): Record<string, unknown> {
  const t0 = performance.now();
  const model = compileModel(c.spec);
  const compileMs = performance.now() - t0;
  // Warm up the JIT, then time whole evaluations in rounds.
  for (let i = 0; i < 100; i++) evaluate(model, c.options);
  const rates: number[] = [];
  let n = 0;
  let elapsed = 0;
  const cpu0 = process.cpuUsage();
  let best = Infinity; // ms per evaluation in the fastest batch of 10
  for (let r = 0; r < rounds; r++) {
    let k = 0;
    const start = performance.now();
    let now = start;
    while (now - start < roundSeconds * 1000) {
      const t = now;
      for (let i = 0; i < 10; i++) evaluate(model, c.options);
      k += 10;
      now = performance.now();
      best = Math.min(best, (now - t) / 10);
    }
    rates.push(k / ((now - start) / 1000));
    n += k;
    elapsed += (now - start) / 1000;
  }
  const cpu = process.cpuUsage(cpu0);
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)];
  const mem = process.memoryUsage();
  return {
    case: c.name,
    states: model.states.length,
    expandedStates: model.nExpanded,
    nonZeroTransitions: model.entryTo.length,
    cycles: model.nCycles,
    strategies: model.strategies.length,
    evaluations: n,
    seconds: Number(elapsed.toFixed(3)),
    evaluationsPerSecond: Math.round(median),
    evaluationsPerSecondRange: [Math.round(rates[0]), Math.round(rates[rates.length - 1])],
    msPerEvaluation: Number((1000 / median).toFixed(4)),
    // CPU time of this process per evaluation: less sensitive than wall time to other processes on a shared machine.
    evaluationsPerCpuSecond: Math.round(n / ((cpu.user + cpu.system) / 1e6)),
    // The fastest batch of 10 evaluations: closest to what the machine does when nothing else runs.
    evaluationsPerSecondBestBatch: Math.round(1000 / best),
    kernel: c.options.kernel ?? "wasm",
    nsPerStateCycle: Number((1e9 / (median * model.strategies.length * model.nCycles * model.nExpanded)).toFixed(2)),
    compileMs: Number(compileMs.toFixed(2)),
    peakRssMB: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
    rssMB: Number((mem.rss / 2 ** 20).toFixed(1)),
    heapUsedMB: Number((mem.heapUsed / 2 ** 20).toFixed(1)),
    goal: c.goal,
  };
}

const cases: Case[] = [
  {
    name: "six-state, age-dependent mortality, 720 monthly cycles, 4 strategies (totals only)",
    spec: sixState(),
    options: { trace: false, perCycle: false },
    goal: ">= 5000 evaluations/s on one thread",
  },
  {
    name: "six-state, age-dependent mortality, 720 monthly cycles, 4 strategies (with trace and per-cycle series)",
    spec: sixState(),
    options: {},
  },
  {
    name: "CAR T-shaped: remission with relapse hazard by month since infusion (120 tunnels), 720 monthly cycles, 4 strategies (totals only)",
    spec: cartShaped(),
    options: { trace: false, perCycle: false },
    goal: ">= 200 evaluations/s, peak memory < 200 MB",
  },
  {
    name: "CAR T-shaped, with trace and per-cycle series (what the report pages ask for)",
    spec: cartShaped(),
    options: {},
  },
  {
    name: "state residence: Weibull hazard by time in Sick, 75 tunnels, 75 annual cycles, 4 strategies (totals only)",
    spec: stateResidence75(),
    options: { trace: false, perCycle: false },
    goal: ">= 2000 evaluations/s",
  },
];

/** Wall-clock milliseconds of one run of `node <args>` from spawn to exit. */
function spawnMs(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: "ignore" });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${r.status}`);
  return performance.now() - t0;
}

/** CLI start-up: medians of `spawns` runs of `node bin/cartecon.js --help` and of a bare `node -e 0`, interleaved so a busy neighbour slows both alike. */
function cliStart(spawns = 21): Record<string, unknown> {
  const cli: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < spawns; i++) {
    cli.push(spawnMs(["bin/cartecon.js", "--help"]));
    bare.push(spawnMs(["-e", "0"]));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    case: "CLI start: node bin/cartecon.js --help vs node -e 0",
    spawns,
    cliMs: Number(median(cli).toFixed(1)),
    bareNodeMs: Number(median(bare).toFixed(1)),
    ratio: Number((median(cli) / median(bare)).toFixed(2)),
    goal: "cliMs <= 3 x bareNodeMs",
  };
}
// The report's CAR T model for one disease (SLE, US preset, two sexes as cohorts), as the Scenario explorer evaluates it.
const cart = buildCartModel(loadEvidence(), "sle", PRESETS.us, loadLifeTable()).spec;
cases.push(
  { name: "CAR T model (report): SLE, US preset, 2 sexes, with per-cycle series", spec: cart, options: {} },
  {
    name: "CAR T model (report): SLE, US preset, 2 sexes, totals only",
    spec: cart,
    options: { trace: false, perCycle: false },
  },
);
// The same cases with the TypeScript loops: what the kernel gains (`npm run bench -- js` runs only these).
for (const c of [...cases])
  cases.push({ ...c, name: `${c.name} [kernel: js]`, options: { ...c.options, kernel: "js" }, goal: undefined });

const only = process.argv[2];
for (const c of cases) {
  if (only ? !c.name.includes(only) : c.name.endsWith("[kernel: js]")) continue;
  console.log(JSON.stringify(measure(c)));
}
if (!only || "CLI start".includes(only)) console.log(JSON.stringify(cliStart()));

// Uncertainty: PSA draws per second and EVPPI time (BENCH_CART_DRAWS sets the CAR T draws, default 200).
if (!only || "PSA".includes(only)) {
  console.log(JSON.stringify(fiveStateBench(1000)));
  // What the CAR T draws cannot go below: the exact propagation of the model's structure alone.
  console.log(JSON.stringify(propagationFloor(cart, "CAR T model, SLE, US preset, 2 sexes", DEFAULT_BATCH_SIZE)));
  // ... and the least arithmetic of its remission tunnel chain (one exp a tunnel, in one tight loop).
  console.log(JSON.stringify(chainFloor()));
  const n = Number(process.env.BENCH_CART_DRAWS ?? 200);
  for (const threads of [1, 2]) console.log(JSON.stringify(await cartPsaBench(n, threads)));
}
if (!only || "EVPPI".includes(only)) {
  console.log(JSON.stringify(evppiBench(0)));
  console.log(JSON.stringify(evppiBench(50)));
}
if (!only || "budget".includes(only) || only === "budget") benchBudget();
// The PSA's check of each drawn parameter's mass outside its one-way range (`cartecon psa` runs it once).
if (!only || "range check".includes(only)) {
  const drawn = specDistributions(cart);
  const ms: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    rangeCoverage(drawn, cart);
    ms.push(performance.now() - t0);
  }
  const families: Record<string, number> = {};
  for (const p of drawn) families[p.distribution.type] = (families[p.distribution.type] ?? 0) + 1;
  const sorted = [...ms].sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      case: "range check: rangeCoverage of the CAR T model (SLE, US preset)",
      drawn: drawn.length,
      families,
      firstMs: Number(ms[0].toFixed(1)),
      medianMs: Number(sorted[3].toFixed(1)),
    }),
  );
}
