/**
 * The WebAssembly kernel (src/model/kernel/kernel.ts) computes exactly what the TypeScript loops compute:
 * every figure of every result is the same double, with the kernel on and off.
 */
import { afterEach, describe, expect, it } from "vitest";
import { compileModel, evaluate, type EvaluateOptions, type ModelSpec } from "../../src/model/index.js";
import { kernelAvailable, kernelBytes, kernelRuns, specialisedBytes, useKernel } from "../../src/model/kernel/kernel.js";
import { buildCartModel, PRESETS } from "../../src/cart/index.js";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";
import { cartShaped, sixState, stateResidence75 } from "../../bench/models.js";

afterEach(() => {
  useKernel(true);
});

/**
 * Evaluates with the kernel off, then on twice: the first run with the kernel uses its general
 * form, the second its form specialised to the model (compiled on the second run).
 */
function both(spec: ModelSpec, options: EvaluateOptions = {}) {
  const model = compileModel(spec);
  useKernel(false);
  const before = kernelRuns();
  const off = evaluate(model, options);
  expect(kernelRuns()).toEqual(before);
  useKernel(true);
  const on = evaluate(model, options);
  expect(kernelRuns()).toEqual({ all: before.all + 1, specialised: before.specialised });
  const special = evaluate(model, options);
  expect(kernelRuns()).toEqual({ all: before.all + 2, specialised: before.specialised + 1 });
  return { on, off, special };
}

/** A model whose transition value changes every cycle and whose costs and outcomes are discounted at different rates. */
function varyingTransitionValue(): ModelSpec {
  const spec = sixState({ cycles: 120 });
  spec.settings.discount = { costs: 0.05, outcomes: 0.015 };
  spec.parameters!.c_flare = "3000 * (1 + 0.01 * cycle)";
  spec.transitionValues!.push({ from: "Active", to: "Damage", values: { u: "-0.1" } });
  return spec;
}

describe("WebAssembly kernel", () => {
  it("is available here and small enough for synchronous compilation on a browser's main thread (< 4 KB)", () => {
    expect(kernelAvailable()).toBe(true);
    expect(kernelBytes().length).toBeLessThan(4096);
  });

  it("is not specialised for models too large to unroll (the general kernel runs them)", () => {
    const layout = {
      nE: 2, K: 4, colStart: [0, 1, 30_001], colSrc: new Array(30_001).fill(0), tFrom: [], tPos: [], sameRates: true,
      projRow: [], projState: [], gRows: 0, tRow: [], hRows: 0, hOn: false,
      at: { p: 0, sumU: 0, sumC: 0, sumO: 0, fU: 0, fC: 0, fO: 0, w: 0, wc: 0, wo: 0, dc: 0, dO: 0, projCoef: 0, G: 0, tCoef: 0, H: 0 },
    };
    expect(specialisedBytes(layout)).toBeNull();
    expect(specialisedBytes({ ...layout, colStart: [0, 1, 2], colSrc: [0, 1] })).toBeInstanceOf(Uint8Array);
  });

  const cases: Array<[string, () => ModelSpec, EvaluateOptions]> = [
    ["six-state, totals only", () => sixState(), { trace: false, perCycle: false }],
    ["six-state, trace and per-cycle series", () => sixState(), {}],
    ["six-state, one strategy (one lane, padded to four in the kernel)", () => sixState(), { strategies: ["better_drug"] }],
    ["six-state, 5 strategies (two groups of four lanes)", () => {
      const s = sixState({ cycles: 200 });
      s.strategies!.push({ id: "fifth", parameters: { trt_effect: 0.5, c_drug: 30000 } });
      return s;
    }, {}],
    ["transition value changing every cycle, different discount rates", varyingTransitionValue, {}],
    ["transition value changing every cycle, totals only", varyingTransitionValue, { trace: false, perCycle: false }],
    ["CAR T-shaped (120 tunnels)", cartShaped, {}],
    ["state residence, 75 tunnels", stateResidence75, { trace: false, perCycle: false }],
  ];
  for (const [name, spec, options] of cases) {
    it(`gives the same doubles on and off: ${name}`, () => {
      const { on, off, special } = both(spec(), options);
      expect(on).toEqual(off);
      expect(special).toEqual(off);
    });
  }

  it("gives the same doubles on and off for the CAR T model (SLE, US preset, two sexes)", { timeout: 120_000 }, () => {
    const { spec } = buildCartModel(loadEvidence(), "sle", PRESETS.us, loadLifeTable());
    const { on, off, special } = both(spec);
    expect(on).toEqual(off);
    expect(special).toEqual(off);
  });

  it("reports a probability that leaves [0, 1] in a later cycle with the same message on and off", () => {
    const spec = sixState({ cycles: 60 });
    spec.parameters!.p_flare = "age >= 42 ? 1.5 : 0.02";
    const model = compileModel(spec);
    const message = (on: boolean) => {
      useKernel(on);
      try {
        evaluate(model);
      } catch (e) {
        return (e as Error).message;
      }
      return "no error";
    };
    const off = message(false);
    expect(off).toMatch(/Controlled -> Active.*cycle 25.*probability outside \[0, 1\].*1\.5/s);
    expect(message(true)).toBe(off);
    expect(message(true)).toBe(off);
  });

  it("an evaluation started inside another (from onCycle) runs with the TypeScript loops and agrees", () => {
    const model = compileModel(sixState({ cycles: 24 }));
    const plain = evaluate(model, { trace: false, perCycle: false });
    let inner: ReturnType<typeof evaluate> | undefined;
    const outer = evaluate(model, {
      onCycle: (c) => {
        if (c.cycle === 5 && c.strategy === "soc") inner = evaluate(model, { trace: false, perCycle: false });
      },
    });
    expect(inner).toEqual(plain);
    const totals = (r: typeof plain) => r.strategies.map((s) => [s.cost, s.qalys, s.lifeYears, s.values, s.byTransition]);
    expect(totals(outer)).toEqual(totals(plain));
  });
});
