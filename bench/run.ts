/**
 * Benchmarks: one JSON line per case with measured figures (not pass/fail).
 * An "evaluation" runs every strategy of the model once, from parameter values to discounted totals.
 */
import { compileModel, evaluate, type EvaluateOptions, type ModelSpec } from "../src/model/index.js";
import { cartShaped, sixState, stateResidence75 } from "./models.js";
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
  for (let r = 0; r < rounds; r++) {
    let k = 0;
    const start = performance.now();
    let now = start;
    while (now - start < roundSeconds * 1000) {
      for (let i = 0; i < 10; i++) evaluate(model, c.options);
      k += 10;
      now = performance.now();
    }
    rates.push(k / ((now - start) / 1000));
    n += k;
    elapsed += (now - start) / 1000;
  }
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

const only = process.argv[2];
for (const c of cases) {
  if (only && !c.name.includes(only)) continue;
  console.log(JSON.stringify(measure(c)));
}
if (!only || "budget".includes(only) || only === "budget") benchBudget();
