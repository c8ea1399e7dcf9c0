import { beforeAll, describe, expect, it } from "vitest";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";
import { PRESETS, runCart, type CartAnalysis } from "../../src/cart/index.js";
import { loadAccessData } from "../../src/access/load.js";
import { accessModel, runBudget, type AccessData, type BudgetOptions } from "../../src/access/index.js";

// runBudget keeps the capacity-independent runs (unlimited-capacity queue, other platforms' access,
// budget lines and payment schedules)
// per access model. Independent reference: the same options on a fresh access model (nothing cached).
let a: CartAnalysis, data: AccessData;
beforeAll(() => {
  a = runCart(loadEvidence(), "sle", PRESETS.us, loadLifeTable());
  data = loadAccessData();
}, 120_000);

const opts = (mfg: number, extra: Partial<BudgetOptions> = {}): BudgetOptions => ({
  platform: "autologous",
  years: 10,
  capacity: { manufacturingPerYear: mfg, centrePerYear: 500, growthPerYear: 0.1 },
  ...extra,
});

describe("runBudget reuses capacity-independent runs without changing any number", { timeout: 120_000 }, () => {
  it("gives after a sequence of changes on one access model exactly what a fresh access model gives", () => {
    const am = accessModel(a);
    const sequence: BudgetOptions[] = [
      opts(300),
      opts(450),
      opts(450, { rule: "severity" }),
      opts(450, { uptake: { shape: "constant", level: 0.4 } }),
      opts(450, { accessBudget: 5e7 }),
      opts(450, { payment: { kind: "instalments", count: 5, rate: 0.05, stopAtDeath: true } }),
      opts(450, { payment: { kind: "instalments", count: 4, rate: 0.05, stopAtDeath: true } }),
      opts(450, { payment: { kind: "outcomes", rebateShare: 0.5, years: 3 } }),
      opts(450, { platform: "allogeneic" }),
      opts(300),
    ];
    for (const o of sequence) runBudget(a, data, o, am);
    for (const o of sequence) expect(runBudget(a, data, o, am)).toEqual(runBudget(a, data, o, accessModel(a)));
  });

  it("keeps data sets apart: a different population gives the fresh model's unlimited queue and access rows", () => {
    const am = accessModel(a);
    runBudget(a, data, opts(300), am);
    const row = { ...data.population.find((r) => r.disease === "sle" && r.jurisdiction === "us")!, population: 1e5 };
    const other: AccessData = { ...data, population: [row] };
    const fresh = runBudget(a, other, opts(300), accessModel(a));
    const reused = runBudget(a, other, opts(300), am);
    expect(reused.unlimited).toEqual(fresh.unlimited);
    expect(reused.access).toEqual(fresh.access);
  });
});
