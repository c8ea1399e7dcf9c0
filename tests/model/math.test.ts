import { describe, expect, it } from "vitest";
import { exp, log, log10, pow } from "../../src/model/math.js";
import { loadMathReference, type ReferenceColumn } from "../helpers/math-reference.js";

const reference = loadMathReference();
type Column = ReferenceColumn;

const bits = new DataView(new ArrayBuffer(8));
/** The spacing of doubles at r: 2^(e − 52) for |r| in [2^e, 2^(e+1)), 2^-1074 below 2^-1022. */
function ulp(r: number): number {
  const a = Math.abs(r);
  if (a < 2 ** -1022) return 2 ** -1074;
  bits.setFloat64(0, a);
  return 2 ** (((bits.getUint32(0) >>> 20) & 0x7ff) - 1023 - 52);
}

/** Largest error in ulps of `f` over a reference column, and the input where it occurs. */
function worst(column: Column, f: (x: number, y: number) => number): { ulps: number; at: string } {
  let ulps = 0;
  let at = "";
  for (let i = 0; i < column.x.length; i++) {
    const y = column.y?.[i] ?? NaN;
    const e = Math.abs((f(column.x[i], y) - column.r[i]) / ulp(column.r[i]) - column.d[i]);
    if (!(e <= ulps)) [ulps, at] = [e, column.y ? `x = ${column.x[i]}, y = ${y}` : `x = ${column.x[i]}`];
  }
  return { ulps, at };
}

describe("deterministic elementary functions against a 50-digit reference", () => {
  it("the reference has at least 20,000 inputs per function", () => {
    for (const c of [reference.exp, reference.ln, reference.log10, reference.pow]) {
      expect(c.x.length).toBeGreaterThanOrEqual(20_000);
      expect(c.r.length).toBe(c.x.length);
      expect(c.d.length).toBe(c.x.length);
    }
    expect(reference.pow.y!.length).toBe(reference.pow.x.length);
  });
  it("exp(x) is within 1 ulp on 20,000 inputs (whole range, subnormal results included)", () => {
    expect(worst(reference.exp, exp).ulps).toBeLessThanOrEqual(1);
  });
  it("log(x) is within 1 ulp on 20,000 inputs (subnormal to the largest double)", () => {
    expect(worst(reference.ln, log).ulps).toBeLessThanOrEqual(1);
  });
  it("log10(x) is within 1 ulp on 20,000 inputs", () => {
    expect(worst(reference.log10, log10).ulps).toBeLessThanOrEqual(1);
  });
  it("pow(x, y) is within 1 ulp on 20,000 inputs (discount factors, Weibull terms, negative bases, y = 3, 4, -0.5)", () => {
    const w = worst(reference.pow, pow);
    expect(w.ulps, w.at).toBeLessThanOrEqual(1);
  });
  it("pow(x, y) is within 1 ulp for y = 3, 4 and -0.5, which @stdlib answers by plain products and 1/√x", () => {
    const c = reference.pow;
    const pick = (y: number): Column => {
      const i = c.y!.flatMap((v, k) => (v === y ? [k] : []));
      return { x: i.map((k) => c.x[k]), y: i.map((k) => c.y![k]), r: i.map((k) => c.r[k]), d: i.map((k) => c.d[k]) };
    };
    for (const y of [3, 4, -0.5]) {
      const column = pick(y);
      expect(column.x.length).toBeGreaterThan(500);
      const w = worst(column, pow);
      expect(w.ulps, w.at).toBeLessThanOrEqual(1);
    }
  });
  it("handles the special values like Math.exp, Math.log and Math.pow, except pow(NaN, 0)", () => {
    expect(exp(0)).toBe(1);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(1000)).toBe(Infinity);
    expect(exp(-1000)).toBe(0);
    expect(exp(NaN)).toBeNaN();
    expect(log(1)).toBe(0);
    expect(log(0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log10(1000)).toBe(3);
    expect(pow(2, 10)).toBe(1024);
    expect(pow(-2, 3)).toBe(-8);
    expect(pow(-2, 4)).toBe(16);
    expect(pow(4, -0.5)).toBe(0.5);
    expect(pow(-2, 0.5)).toBeNaN();
    expect(pow(0, 2)).toBe(0);
    expect(pow(0, -1)).toBe(Infinity);
    expect(pow(0, -0.5)).toBe(Infinity);
    expect(pow(1e300, 3)).toBe(Infinity);
    expect(pow(1e-300, 4)).toBe(0);
    expect(pow(5, 0)).toBe(1);
    expect(pow(1, NaN)).toBeNaN(); // as Math.pow (ECMA-262), unlike C's pow
    expect(pow(NaN, 0)).toBeNaN(); // unlike Math.pow (1): a missing value is not silently turned into 1
  });
});
