/**
 * A circle of parameter definitions closed by a strategy's own value was named at the base parameter
 * ("parameters.p_HS: ... p_HS -> p_HS" for a strategy `trt` with p_HS = "p_HS*hr", whose base value
 * 0.1 has no formula), without the strategy (session 35 review). Now named at the override.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileModel, type ModelSpec } from "../../src/model/index.js";

const base = (): ModelSpec => JSON.parse(readFileSync("data/models/darth-sick-sicker-time-independent.json", "utf8"));
const message = (spec: ModelSpec) => {
  try {
    compileModel(spec);
  } catch (e) {
    return (e as Error).message;
  }
  return "";
};

describe("circular parameters closed by an override", () => {
  it("a strategy's value of a parameter that uses the parameter itself is named at the strategy", () => {
    const spec = base();
    const s = spec.strategies![1] as { id: string; parameters?: Record<string, unknown> };
    s.parameters = { ...(s.parameters ?? {}), c_H: "c_H * 2" };
    expect(message(spec)).toContain(
      "strategies[1].parameters.c_H: parameters refer to each other in a circle: c_H -> c_H (a strategy's or cohort's own c_H cannot use c_H itself",
    );
  });

  it("a circle through a strategy's value and a base formula is named at the strategy", () => {
    const spec = base();
    (spec.parameters as Record<string, unknown>).c_H = "1000 * k_circle";
    (spec.parameters as Record<string, unknown>).k_circle = 2;
    const s = spec.strategies![1] as { parameters?: Record<string, unknown> };
    s.parameters = { ...(s.parameters ?? {}), k_circle: "c_H / 1000" };
    const m = message(spec);
    expect(m).toContain("strategies[1].parameters.k_circle: parameters refer to each other in a circle:");
    expect(m).not.toContain("cannot use");
  });

  it("an override in a branch the search left is not named for a circle elsewhere", () => {
    // k_a -> k_c -> k_d (strategy 1's own k_d = k_z * 2: a finished branch), then k_a -> k_b -> k_a.
    const spec = base();
    Object.assign(spec.parameters as Record<string, unknown>, {
      k_a: "k_c + k_b",
      k_c: "k_d + 1",
      k_d: 5,
      k_z: 3,
      k_b: "k_a + 1",
    });
    const s = spec.strategies![1] as { parameters?: Record<string, unknown> };
    s.parameters = { ...(s.parameters ?? {}), k_d: "k_z * 2" };
    const m = message(spec);
    expect(m).toMatch(/parameters\.k_(a|b): parameters refer to each other in a circle: k_(a|b) -> k_(a|b) -> k_(a|b)/);
    expect(m).not.toContain("strategies[1]");
  });

  it("a circle among base parameters is still named at the base parameter", () => {
    const spec = base();
    (spec.parameters as Record<string, unknown>).c_H = "c_S1 + 1";
    (spec.parameters as Record<string, unknown>).c_S1 = "c_H + 1";
    expect(message(spec)).toMatch(/parameters\.c_(H|S1): parameters refer to each other in a circle/);
  });
});
