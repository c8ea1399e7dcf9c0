/**
 * Benchmark of a 10-year budget-impact run with the queue for one disease (SLE, US preset, bespoke
 * CAR T, default capacity, uptake and payment): what the Access & budget page recomputes when a
 * slider moves. Goal: under 50 ms. Three figures: the budget run on a given CAR T analysis (queue,
 * unlimited-capacity queue, budget table, payment models, threshold check, access for 3 platforms);
 * plus the three engine evaluations it needs (accessModel); plus the CAR T analysis itself.
 */
import { loadEvidence, loadLifeTable } from "../src/cart/load.js";
import { PRESETS, runCart } from "../src/cart/index.js";
import { loadAccessData } from "../src/access/load.js";
import { accessModel, runBudget } from "../src/access/index.js";

function median(f: () => void, rounds = 15): { medianMs: number; minMs: number; maxMs: number } {
  for (let i = 0; i < 3; i++) f();
  const t: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const s = performance.now();
    f();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return {
    medianMs: Number(t[Math.floor(t.length / 2)].toFixed(2)),
    minMs: Number(t[0].toFixed(2)),
    maxMs: Number(t[t.length - 1].toFixed(2)),
  };
}

export function benchBudget(): void {
  const evidence = loadEvidence();
  const lifeTable = loadLifeTable();
  const data = loadAccessData();
  const a = runCart(evidence, "sle", PRESETS.us, lifeTable);
  const am = accessModel(a);
  const options = { platform: "autologous" as const, years: 10 };
  let round = 0;
  const cases: Array<[string, () => void]> = [
    [
      "budget run after a capacity change, 10 years, queue + budget + payments + threshold + access for 3 platforms (given the engine series)",
      // A capacity change each round, as on the page: runBudget reuses what does not depend on
      // capacity (unlimited-capacity queue, the other platforms' access, payment schedules) per access model.
      () => void runBudget(a, data, { ...options, capacity: { manufacturingPerYear: 400 + 10 * (round++ % 50) } }, am),
    ],
    [
      "the same plus the engine evaluations it needs (eligible cohort; SoC probabilities by cycle; first course without retreatment)",
      () => void runBudget(a, data, options, accessModel(a)),
    ],
    [
      "the same plus the CAR T analysis (a slider change on the page)",
      () => {
        const b = runCart(evidence, "sle", PRESETS.us, lifeTable, { overrides: { c_price: 450000 } });
        runBudget(b, data, options, accessModel(b));
      },
    ],
  ];
  for (const [name, f] of cases)
    console.log(
      JSON.stringify({
        case: name,
        disease: "sle",
        preset: "us",
        ...median(f),
        goal: name.startsWith("budget run") ? "< 50 ms" : undefined,
      }),
    );
}
