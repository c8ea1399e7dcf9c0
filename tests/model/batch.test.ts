/**
 * evaluateBatch (src/model/run/batch.ts) and the vector evaluation of tunnel groups
 * (src/model/run/vector.ts): both must give exactly the doubles of the reference path — one
 * `evaluate` per parameter set, and tunnel-by-tunnel scalar closures. Compared bit for bit
 * (Object.is on every number of the results, per-cycle series and trace included).
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  BatchSetError,
  compileModel,
  evaluate,
  evaluateBatch,
  ModelError,
  type ModelResult,
  type ModelSpec,
} from "../../src/model/index.js";
import { isVectorGroup, useVectorTunnels } from "../../src/model/run/formulas.js";
import { programFor } from "../../src/model/compile/compile.js";
import { buildCartModel, PRESETS } from "../../src/cart/index.js";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";
import { psaDraws } from "../../src/uncertainty/psa.js";
import { loadSpec } from "../validation/published.js";

/** Every number of a result with its path, so a mismatch names where it is. */
function numbers(x: unknown, path = "", out: Array<[string, number]> = []): Array<[string, number]> {
  if (typeof x === "number") out.push([path, x]);
  else if (x instanceof Float64Array) x.forEach((v, i) => out.push([`${path}[${i}]`, v]));
  else if (Array.isArray(x)) x.forEach((v, i) => numbers(v, `${path}[${i}]`, out));
  else if (x && typeof x === "object") for (const [k, v] of Object.entries(x)) numbers(v, `${path}.${k}`, out);
  return out;
}

/** The first number that differs in bits (Object.is), or null. */
function firstDifference(a: ModelResult, b: ModelResult): string | null {
  const x = numbers(a);
  const y = numbers(b);
  if (x.length !== y.length) return `${x.length} numbers vs ${y.length}`;
  for (let i = 0; i < x.length; i++) {
    if (x[i][0] !== y[i][0]) return `${x[i][0]} vs ${y[i][0]}`;
    if (!Object.is(x[i][1], y[i][1])) return `${x[i][0]}: ${x[i][1]} vs ${y[i][1]}`;
  }
  return null;
}

const cart = buildCartModel(loadEvidence(), "sle", PRESETS.us, loadLifeTable());
const cartModel = compileModel(cart.spec);
/** Seeded PSA draws of the CAR T model (every parameter with a distribution), as parameter sets. */
function cartSets(n: number, seed: number): Array<Record<string, number>> {
  const d = psaDraws(cart.spec, { n, seed, exclude: Object.keys(cart.structural) });
  return Array.from({ length: n }, (_, k) => Object.fromEntries([...d.inputs].map(([id, v]) => [id, v[k]])));
}

afterEach(() => useVectorTunnels(true));

describe("evaluateBatch(model, sets) equals one evaluate per set to the last bit", () => {
  it("on the CAR T model (SLE, US, 5 strategies x 2 sexes, 780 monthly cycles, 60 remission tunnels), with trace and per-cycle series", () => {
    const sets = cartSets(5, 11);
    const batch = evaluateBatch(cartModel, sets, { batchSize: 3 });
    expect(batch.length).toBe(5);
    sets.forEach((s, i) =>
      expect(firstDifference(batch[i], evaluate(cartModel, { parameters: s })), `set ${i + 1}`).toBeNull(),
    );
  }, 120_000);

  it("on the CAR T model with totals only, whatever the batch size (1, 4, 9) and kernel (WebAssembly or JavaScript)", () => {
    const sets = cartSets(9, 3);
    const ref = sets.map((s) => evaluate(cartModel, { parameters: s, trace: false, perCycle: false }));
    for (const batchSize of [1, 4, 9]) {
      for (const kernel of ["wasm", "js"] as const) {
        const batch = evaluateBatch(cartModel, sets, { batchSize, kernel, trace: false, perCycle: false });
        batch.forEach((r, i) =>
          expect(firstDifference(r, ref[i]), `batch ${batchSize}, ${kernel}, set ${i + 1}`).toBeNull(),
        );
      }
    }
  }, 120_000);

  // Published models (data/models/): each parameter set scales the numeric base values by a fixed factor.
  for (const file of [
    "darth-sick-sicker-age-dependent.json",
    "darth-sick-sicker-state-residence.json",
    "darth-sick-sicker-time-independent.json",
    "hiv-chancellor-1997.json",
    "briggs-thr-exercise-3-5.json",
  ]) {
    it(`on the published model ${file}`, () => {
      const spec = loadSpec(file);
      const model = compileModel(spec);
      const numeric = model.parameters.filter((p) => typeof p.value === "number" && p.value !== 0);
      const factors = [1, 0.9, 1.05, 0.97];
      const sets = factors.map((f, i) =>
        Object.fromEntries(numeric.filter((_, j) => (i + j) % 3 !== 0).map((p) => [p.id, (p.value as number) * f])),
      );
      const batch = evaluateBatch(model, sets, { batchSize: 3 });
      sets.forEach((s, i) =>
        expect(firstDifference(batch[i], evaluate(model, { parameters: s })), `set ${i + 1}`).toBeNull(),
      );
    });
  }
});

describe("evaluateBatch errors", () => {
  it("names the parameter set the engine rejects (set 3 of 4, a probability above 1)", () => {
    const spec = loadSpec("hiv-chancellor-1997.json");
    const model = compileModel(spec);
    // p_AB (a formula of counts) replaced by 7: the row A sums to more than 1.
    const sets: Array<Record<string, number>> = [{}, {}, { p_AB: 7 }, {}];
    let err: unknown;
    try {
      evaluateBatch(model, sets, { batchSize: 4 });
    } catch (e) {
      err = e;
    }
    // Only if the engine rejects the value on its own (evaluate) must the batch name set 3.
    let single: unknown = null;
    try {
      evaluate(model, { parameters: sets[2] });
    } catch (e) {
      single = e;
    }
    expect(single).toBeInstanceOf(ModelError);
    expect(err).toBeInstanceOf(BatchSetError);
    expect((err as BatchSetError).index).toBe(2);
    expect((err as BatchSetError).message).toContain("parameter set 3");
  });

  it("rejects unknown parameters and non-finite values, naming the set", () => {
    expect(() => evaluateBatch(cartModel, [{}, { nope: 1 }])).toThrow(/parameter set 2: parameter nope/);
    expect(() => evaluateBatch(cartModel, [{ c_price: Number.NaN }])).toThrow(
      /parameter set 1: parameter c_price.*not a finite number/,
    );
    expect(() => evaluateBatch(cartModel, [{}], { batchSize: 0 })).toThrow(/batch size/);
  });
});

/** One time-in-state state S (limit 6) whose formulas use every operation and function the vector evaluator handles. */
function tunnelModel(): ModelSpec {
  return {
    name: "tunnel operations",
    settings: {
      cycleLength: { months: 6 },
      horizon: { cycles: 30 },
      startAge: 40,
      discount: { costs: 0.03, outcomes: 0.015 },
      method: "half-cycle",
    },
    tables: { lt: { key: "age", columns: { age: [40, 45, 50, 55], q: [0.01, 0.012, 0.015, 0.02] } } },
    parameters: {
      r_base: 0.2,
      k_shape: 1.3,
      c_s: 100,
      h_t: "r_base * ((yearsInState + cycleLength) ^ k_shape - yearsInState ^ k_shape) + (timeInState >= 4 && age > 45 ? 0.05 : 0)",
      g_t: "h_t > 0 ? (1 - exp(-h_t)) / h_t : 1",
      p_out:
        'min(0.9, max(0, rateToProb(h_t, 1) * g_t + lookup("lt", "q", age + yearsInState) - (!(timeInState == 2) ? 0 : 0.001)))',
    },
    values: [
      { id: "cost", kind: "cost", per: "year" },
      { id: "qaly", kind: "utility", per: "year" },
    ],
    states: [
      { id: "A", values: { cost: 10, qaly: 0.9 } },
      {
        id: "S",
        timeInState: { limit: 6 },
        values: {
          cost: "c_s * (timeInState < 3 || cycle > 20 ? 2 : sqrt(timeInState)) + log(1 + yearsInState, 2)",
          qaly: "0.7 - 0.01 * abs(-timeInState) + if(timeInState != 5, 0, 0.02)",
        },
      },
      { id: "D", dead: true },
    ],
    transitions: {
      A: { A: "C", S: 0.1, D: 'lookup("lt", "q", age)' },
      S: {
        S: "C",
        A: "p_out * 0.5",
        D: "p_out * 0.5 + 0.001 * floor(timeInState / 2) + pow(0.5, timeInState + 6) - ceil(0.2) * 0 + round(0.4)",
      },
      D: { D: 1 },
    },
    init: { A: 1 },
    strategies: [{ id: "base" }, { id: "fast", parameters: { r_base: 0.35 } }],
  } as unknown as ModelSpec;
}

describe("tunnel groups evaluated for all tunnels at once", () => {
  it("give the same doubles as tunnel-by-tunnel evaluation (every operator, built-in function and lookup)", () => {
    const model = compileModel(tunnelModel());
    const sets: Array<Record<string, number>> = [{}, { r_base: 0.5, k_shape: 0.8 }, { c_s: 250 }];
    // Every tunnel group of both strategies has a vector form (else this would compare the scalar path with itself).
    const groups = [0, 1].flatMap((si) => {
      const prog = programFor(model, si, 0, new Set());
      return [...prog.constTunnelGroups, ...prog.cycleTunnelGroups];
    });
    expect(groups.length).toBeGreaterThanOrEqual(2);
    for (const g of groups) expect(isVectorGroup(model, g)).toBe(true);
    const vector = evaluateBatch(model, sets);
    useVectorTunnels(false);
    const scalar = sets.map((s) => evaluate(model, { parameters: s }));
    sets.forEach((_, i) => expect(firstDifference(vector[i], scalar[i]), `set ${i + 1}`).toBeNull());
    // The model does exercise tunnels: S is entered and its costs accrue.
    expect(scalar[0].strategies[0].byState.find((b) => b.state === "S")!.values.cost.discounted).toBeGreaterThan(0);
  });

  it("on the CAR T model, give the same doubles as tunnel-by-tunnel evaluation", () => {
    const [set] = cartSets(1, 5);
    const vector = evaluate(cartModel, { parameters: set });
    useVectorTunnels(false);
    expect(firstDifference(vector, evaluate(cartModel, { parameters: set }))).toBeNull();
  }, 60_000);

  it("report a value that is not finite with the tunnel it occurs in, as tunnel-by-tunnel evaluation does", () => {
    const spec = tunnelModel();
    (spec.parameters as Record<string, unknown>).g_t = "h_t > 0.3 ? log(-1) : 1";
    const model = compileModel(spec);
    expect(() => evaluate(model, { parameters: { r_base: 0.5 } })).toThrow(/time in state \d/);
  });
});

describe("states a lane cannot reach", () => {
  /** B is entered only when reach = 1; its row is invalid from cycle 6 (a probability of 1.5). */
  const spec = (): ModelSpec =>
    ({
      name: "unreachable",
      settings: { cycleLength: 1, horizon: { cycles: 10 }, discount: { costs: 0, outcomes: 0 }, method: "end" },
      parameters: { reach: 0 },
      values: [{ id: "qaly", kind: "utility", per: "year" }],
      states: [
        { id: "A", values: { qaly: 1 } },
        { id: "B", values: { qaly: 0.5 } },
        { id: "D", dead: true },
      ],
      transitions: { A: { A: "C", B: "0.1 * reach", D: 0.05 }, B: { B: "C", D: "cycle > 5 ? 1.5 : 0.1" }, D: { D: 1 } },
      init: { A: 1 },
      strategies: [{ id: "never" }, { id: "enters", parameters: { reach: 1 } }],
    }) as unknown as ModelSpec;

  it("are not evaluated or checked: a lane that never enters B runs although B's row is invalid from cycle 6", () => {
    const model = compileModel(spec());
    const r = evaluate(model, { strategies: ["never"] });
    // A alone with p(death) 0.05, counted at the end of cycles 1..10: sum of 0.95^t = 0.95 (1 - 0.95^10) / 0.05.
    expect(r.strategies[0].qalys.undiscounted).toBeCloseTo((0.95 * (1 - 0.95 ** 10)) / 0.05, 12);
    expect(() => evaluate(model, { strategies: ["enters"] })).toThrow(/transition B -> D.*cycle 6/);
  });

  it("are evaluated and checked when onCycle asks for every cycle's full matrix", () => {
    const model = compileModel(spec());
    expect(() => evaluate(model, { strategies: ["never"], onCycle: () => {} })).toThrow(/transition B -> D.*cycle 6/);
  });
});
