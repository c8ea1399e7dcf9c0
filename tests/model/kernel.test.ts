/**
 * The WebAssembly kernel (src/model/kernel/kernel.wat, assembled into kernel-wasm.ts) computes
 * exactly what the TypeScript loops compute: every figure of every result is the same double with
 * `kernel: "wasm"` and `kernel: "js"`. And the committed bytes are what the .wat assembles to.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileModel, evaluate, type EvaluateOptions, type ModelSpec } from "../../src/model/index.js";
import { kernelAvailable, kernelBytes, kernelRuns } from "../../src/model/kernel/kernel.js";
import { buildCartModel, PRESETS } from "../../src/cart/index.js";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";
import { cartShaped, sixState, stateResidence75 } from "../../bench/models.js";
import { assembleKernel, KERNEL_TS, KERNEL_WAT, kernelModuleText } from "../../tools/build-kernel.js";

/** Evaluates with the TypeScript loops, then twice with the kernel (the second run reuses the first's arrays). */
function both(spec: ModelSpec, options: EvaluateOptions = {}) {
  const model = compileModel(spec);
  const before = kernelRuns();
  const off = evaluate(model, { ...options, kernel: "js" });
  expect(kernelRuns()).toBe(before);
  const on = evaluate(model, { ...options, kernel: "wasm" });
  const again = evaluate(model, options);
  expect(kernelRuns()).toBe(before + 2);
  return { on, off, again };
}

/** A model whose transition value changes every cycle and whose costs and outcomes are discounted at different rates. */
function varyingTransitionValue(): ModelSpec {
  const spec = sixState({ cycles: 120 });
  spec.settings.discount = { costs: 0.05, outcomes: 0.015 };
  spec.parameters!.c_flare = "3000 * (1 + 0.01 * cycle)";
  spec.transitionValues!.push({ from: "Active", to: "Damage", values: { u: "-0.1" } });
  return spec;
}

/**
 * State values and a transition value that change every cycle, costs and outcomes discounted at
 * different rates, half-cycle counting: with totals only the kernel sums them (dynflows, varying)
 * while the cycles run in batches; with per-cycle series the TypeScript adds them cycle by cycle.
 */
function varyingValues(): ModelSpec {
  const spec = varyingTransitionValue();
  spec.parameters!.c_drug = "12000 * (1 + 0.002 * cycle)";
  spec.parameters!.u_active = "0.6 - 0.0002 * cycle";
  // A transition value discounted at the outcome rate that changes every cycle too.
  spec.transitionValues![spec.transitionValues!.length - 1].values = { u: "-0.1 * (1 + 0.001 * cycle)" };
  return spec;
}

/**
 * A state with 75 tunnels whose values change with age, one value for all its tunnels (as the CAR T
 * model's age-adjusted remission utility): the kernel weighs the tunnels' summed counts.
 */
function tunnelStateVaryingValue(): ModelSpec {
  const spec = stateResidence75();
  spec.states[1].values = { c: "c_S * (1 + 0.01 * floor(age - 25))", u: "u_S * (1 - 0.004 * floor(age - 25))" };
  return spec;
}

/** The totals of a result: what the kernel's sums feed. */
const totalsOf = (r: ReturnType<typeof evaluate>) =>
  r.strategies.map((s) => [s.cost, s.qalys, s.lifeYears, s.values, s.byTransition, s.byState]);

describe("WebAssembly kernel", { timeout: 60_000 }, () => {
  it("is available here and small enough for synchronous compilation on a browser's main thread (< 4 KB)", () => {
    expect(kernelAvailable()).toBe(true);
    expect(kernelBytes().length).toBeLessThan(4096);
  });

  it("kernel-wasm.ts is exactly what kernel.wat assembles to (the .wat is the source of truth)", async () => {
    const bytes = await assembleKernel(readFileSync(KERNEL_WAT, "utf8"));
    expect(Buffer.from(kernelBytes()).equals(Buffer.from(bytes))).toBe(true);
    expect(readFileSync(KERNEL_TS, "utf8")).toBe(kernelModuleText(bytes));
  }, 60_000);

  it("evaluate rejects an unknown kernel choice, naming the option", () => {
    const model = compileModel(sixState({ cycles: 12 }));
    expect(() => evaluate(model, { kernel: "gpu" as "js" })).toThrow(/kernel.*unknown kernel.*"wasm" or "js"/s);
  });

  const cases: Array<[string, () => ModelSpec, EvaluateOptions]> = [
    ["six-state, totals only", () => sixState(), { trace: false, perCycle: false }],
    ["six-state, trace and per-cycle series", () => sixState(), {}],
    [
      "six-state, one strategy (one lane, padded to four in the kernel)",
      () => sixState(),
      { strategies: ["better_drug"] },
    ],
    [
      "six-state, 5 strategies (two groups of four lanes)",
      () => {
        const s = sixState({ cycles: 200 });
        s.strategies!.push({ id: "fifth", parameters: { trt_effect: 0.5, c_drug: 30000 } });
        return s;
      },
      {},
    ],
    ["transition value changing every cycle, different discount rates", varyingTransitionValue, {}],
    ["transition value changing every cycle, totals only", varyingTransitionValue, { trace: false, perCycle: false }],
    [
      "state values and a transition value changing every cycle, totals only",
      varyingValues,
      { trace: false, perCycle: false },
    ],
    ["CAR T-shaped (120 tunnels)", cartShaped, {}],
    ["state residence, 75 tunnels", stateResidence75, { trace: false, perCycle: false }],
    [
      "a tunnel state's values changing with age (summed counts of its 75 tunnels), totals only",
      tunnelStateVaryingValue,
      { trace: false, perCycle: false },
    ],
  ];
  for (const [name, spec, options] of cases) {
    it(`gives the same doubles on and off: ${name}`, () => {
      const { on, off, again } = both(spec(), options);
      expect(on).toEqual(off);
      expect(again).toEqual(off);
    }, 60_000);
  }

  it("gives the same doubles on and off for the CAR T model (SLE, US preset, two sexes)", () => {
    const { spec } = buildCartModel(loadEvidence(), "sle", PRESETS.us, loadLifeTable());
    const { on, off, again } = both(spec);
    expect(on).toEqual(off);
    expect(again).toEqual(off);
  }, 120_000);

  it("gives the same doubles on and off for the CAR T model with totals only (values that change between cycles summed in the kernel)", () => {
    const { spec } = buildCartModel(loadEvidence(), "sle", PRESETS.us, loadLifeTable());
    const { on, off, again } = both(spec, { trace: false, perCycle: false });
    expect(on).toEqual(off);
    expect(again).toEqual(off);
  }, 120_000);

  it("gives the same totals with per-cycle series (values added cycle by cycle) and without (summed in the kernel)", () => {
    for (const spec of [
      varyingValues(),
      tunnelStateVaryingValue(),
      buildCartModel(loadEvidence(), "sle", PRESETS.us, loadLifeTable()).spec,
    ]) {
      const model = compileModel(spec);
      const series = evaluate(model, {});
      const totals = evaluate(model, { trace: false, perCycle: false });
      expect(totalsOf(totals)).toEqual(totalsOf(series));
    }
  }, 120_000);

  it("reports a probability that leaves [0, 1] in a later cycle with the same message on and off", () => {
    const spec = sixState({ cycles: 60 });
    spec.parameters!.p_flare = "age >= 42 ? 1.5 : 0.02";
    const model = compileModel(spec);
    const message = (on: boolean) => {
      try {
        evaluate(model, { kernel: on ? "wasm" : "js" });
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

  // The kernel's `settle` is the fast path of the one row rule (src/model/run/settle.ts): when it
  // finds a failing row, the TypeScript check reports it, so both kernels give the same message.
  const rowRuleCases: Array<[string, ModelSpec["transitions"], RegExp]> = [
    [
      "probabilities other than the complement summing to more than 1 in cycle 3",
      { A: { A: "C", B: "cycle >= 3 ? 0.7 : 0.1", D: "cycle >= 3 ? 0.5 : 0.1" }, B: { B: "C", D: 0.1 }, D: { D: 1 } },
      /transitions from A \[strategy "base", cycle 3\].*sum to more than 1.*1\.2/s,
    ],
    [
      "a row without complement that stops summing to 1 in cycle 4",
      { A: { A: "C", B: 0.1 }, B: { B: "cycle >= 4 ? 0.8 : 0.9", D: 0.1 }, D: { D: 1 } },
      /transitions from B \[strategy "base", cycle 4\].*does not sum to 1.*0\.9/s,
    ],
    [
      "a probability below 0 in cycle 2 (0.2 - 0.15 × 2 = -0.1)",
      { A: { A: "C", B: "0.2 - 0.15 * cycle" }, B: { B: "C", D: 0.1 }, D: { D: 1 } },
      /transition A -> B \[strategy "base", cycle 2\].*probability outside \[0, 1\].*-0\.(1|0999)/s,
    ],
  ];
  for (const [name, transitions, expected] of rowRuleCases) {
    it(`reports ${name} with the same message with either kernel`, () => {
      const spec: ModelSpec = {
        name: "row rule",
        settings: {
          cycleLength: { years: 1 },
          horizon: { cycles: 6 },
          discount: { costs: 0, outcomes: 0 },
          method: "end",
        },
        states: [{ id: "A" }, { id: "B" }, { id: "D", dead: true }],
        values: [{ id: "c", kind: "cost" }],
        transitions,
        init: { A: 1 },
      } as ModelSpec;
      const model = compileModel(spec);
      const message = (kernel: "wasm" | "js") => {
        try {
          evaluate(model, { kernel });
        } catch (e) {
          return (e as Error).message;
        }
        return "no error";
      };
      expect(message("js")).toMatch(expected);
      expect(message("wasm")).toBe(message("js"));
    }, 60_000);
  }

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
    const totals = (r: typeof plain) =>
      r.strategies.map((s) => [s.cost, s.qalys, s.lifeYears, s.values, s.byTransition]);
    expect(totals(outer)).toEqual(totals(plain));
  });
});
