/**
 * Benchmarks: one JSON line per case with measured figures (not pass/fail).
 * An "evaluation" runs every strategy of the model once, from parameter values to discounted totals.
 */
import { compileModel, evaluate, type EvaluateOptions, type ModelSpec } from "../src/model/index.js";
import { sixState } from "../tests/helpers/models.js";

interface Case {
  name: string;
  spec: ModelSpec;
  options: EvaluateOptions;
  goal?: string;
}

function measure(c: Case, seconds = 2): Record<string, unknown> {
  const t0 = performance.now();
  const model = compileModel(c.spec);
  const compileMs = performance.now() - t0;
  // Warm up the JIT, then time whole evaluations until `seconds` have passed.
  for (let i = 0; i < 50; i++) evaluate(model, c.options);
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < seconds * 1000) {
    for (let i = 0; i < 20; i++) evaluate(model, c.options);
    n += 20;
    now = performance.now();
  }
  const elapsed = (now - start) / 1000;
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
    evaluationsPerSecond: Math.round(n / elapsed),
    msPerEvaluation: Number(((elapsed * 1000) / n).toFixed(4)),
    nsPerStateCycle: Number(((elapsed * 1e9) / (n * model.strategies.length * model.nCycles * model.nExpanded)).toFixed(2)),
    compileMs: Number(compileMs.toFixed(2)),
    peakRssMB: Number((mem.rss / 2 ** 20).toFixed(1)),
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
];

const only = process.argv[2];
for (const c of cases) {
  if (only && !c.name.includes(only)) continue;
  console.log(JSON.stringify(measure(c)));
}
