import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { exp, log, log10, pow } from "../../src/model/math.js";

/** Distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const buf = new DataView(new ArrayBuffer(16));
  buf.setFloat64(0, a);
  buf.setFloat64(8, b);
  return Number(buf.getBigInt64(0) - buf.getBigInt64(8) < 0n ? buf.getBigInt64(8) - buf.getBigInt64(0) : buf.getBigInt64(0) - buf.getBigInt64(8));
}

describe("deterministic elementary functions", () => {
  it("exp(x) is within 1 ulp of Math.exp over the double range (seeded)", () => {
    fc.assert(fc.property(fc.double({ min: -745, max: 709.7, noNaN: true }), (x) => ulps(exp(x), Math.exp(x)) <= 1), { seed: 1, numRuns: 20000 });
  });
  it("log(x) is within 1 ulp of Math.log for positive x, subnormals included (seeded)", () => {
    fc.assert(fc.property(fc.double({ min: Number.MIN_VALUE, max: 1e308, noNaN: true }), (x) => ulps(log(x), Math.log(x)) <= 1), { seed: 2, numRuns: 20000 });
    fc.assert(fc.property(fc.double({ min: 0.5, max: 2, noNaN: true }), (x) => Math.abs(log(x) - Math.log(x)) <= 2 ** -52 * Math.max(Math.abs(Math.log(x)), 2 ** -40)), { seed: 3, numRuns: 20000 });
  });
  it("pow(x, y) is within (|y ln x| + 2) ulp of Math.pow, as documented (seeded)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), (x, y) => {
        const a = pow(x, y);
        const b = Math.pow(x, y);
        if (b === 0 || !Number.isFinite(b) || b < 1e-300) return a === b || Math.abs(a - b) <= 1e-300;
        return Math.abs(a - b) / b <= (Math.abs(y * Math.log(x)) + 2) * 2 ** -52;
      }),
      { seed: 4, numRuns: 20000 },
    );
  });
  it("pow is accurate to 1e-15 for discount factors and Weibull hazards", () => {
    for (let k = 0; k <= 1320; k++) expect(Math.abs(pow(1.035, -k / 12) / Math.pow(1.035, -k / 12) - 1)).toBeLessThan(1e-15);
    for (let t = 0; t <= 120; t++) expect(Math.abs(pow(t / 12 + 1 / 12, 0.7) / Math.pow(t / 12 + 1 / 12, 0.7) - 1)).toBeLessThan(1e-15);
  });
  it("handles the special values like Math", () => {
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
    expect(pow(2, 10)).toBe(1024);
    expect(pow(-2, 3)).toBe(-8);
    expect(pow(-2, 0.5)).toBeNaN();
    expect(pow(0, 2)).toBe(0);
    expect(pow(0, -1)).toBe(Infinity);
    expect(pow(5, 0)).toBe(1);
    expect(pow(1.035, -40)).toBeCloseTo(Math.pow(1.035, -40), 15);
    expect(log10(1000)).toBeCloseTo(3, 15);
  });
});
