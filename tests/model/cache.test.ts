/** compileCached: specifications that differ only in numeric parameter values share a compiled model and give what compiling each would. */
import { describe, expect, it } from "vitest";
import { compileCached, compileModel, evaluate, type ModelSpec } from "../../src/model/index.js";
import { sixState } from "../../bench/models.js";

const withValues = (values: Record<string, number | { value: number; unit?: string }>): ModelSpec => {
  const spec = sixState({ cycles: 60 });
  Object.assign(spec.parameters!, values);
  return spec;
};
const sameResults = (a: ReturnType<typeof evaluate>, b: ReturnType<typeof evaluate>) =>
  expect({ ...a, parameters: {} }).toEqual({ ...b, parameters: {} });

describe("compileCached", () => {
  it("reuses the compiled model when only numeric values change, and computes what compiling the specification gives", () => {
    const a = compileCached(withValues({ r_flare: 0.31 }));
    const spec = withValues({ r_flare: 0.45, c_drug: { value: 15000, unit: "USD/year" } });
    const b = compileCached(spec);
    expect(b.model).toBe(a.model);
    expect(b.parameters).toEqual({ r_flare: 0.45, c_drug: 15000 });
    sameResults(evaluate(b.model, { parameters: b.parameters }), evaluate(compileModel(spec)));
  });

  it("compiles anew when a formula or the structure changes", () => {
    const a = compileCached(withValues({}));
    const spec = withValues({});
    spec.parameters!.p_flare = "rateToProb(r_flare * trt_effect * 1.1, cycleLength)";
    const b = compileCached(spec);
    expect(b.model).not.toBe(a.model);
    sameResults(evaluate(b.model, { parameters: b.parameters }), evaluate(compileModel(spec)));
  });

  it("reports a malformed specification as compiling does", () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
      return "no error";
    };
    expect(message(() => compileCached(null as unknown as ModelSpec))).toBe(message(() => compileModel(null)));
    const bad = withValues({});
    (bad.parameters as Record<string, unknown>).r_flare = null;
    expect(message(() => compileCached(bad))).toBe(message(() => compileModel(bad)));
    expect(message(() => compileCached(bad))).toMatch(/^ModelError: .*parameters\.r_flare/s);
  });

  it("checks the values as compiling would, on a cached structure too", () => {
    compileCached(withValues({ p_cure: { value: 0.01, unit: "probability" } }));
    expect(() => compileCached(withValues({ p_cure: { value: 1.5, unit: "probability" } }))).toThrow(
      /parameters\.p_cure\.value: a probability must be in \[0, 1\]/,
    );
  });
});
