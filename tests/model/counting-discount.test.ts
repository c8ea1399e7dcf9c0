/**
 * Counting weights and discount factors checked value by value against their textbook definitions
 * (written out by hand here), including the edge cases the property tests rarely reach.
 */
import { describe, expect, it } from "vitest";
import {
  annuityDue,
  annuityImmediate,
  countWeights,
  cycleWeights,
  discountFactors,
  resolveMethod,
} from "../../src/model/index.js";

const pairs = (w: ReturnType<typeof cycleWeights>) =>
  Array.from({ length: w.alpha.length - 1 }, (_, i) => [w.alpha[i + 1], w.beta[i + 1]]);

describe("cycleWeights(method, T): per-cycle weights of the start and end counts", () => {
  it("beginning: (1, 0) in every cycle; end: (0, 1); index 0 unused (0)", () => {
    expect(pairs(cycleWeights("beginning", 3))).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
    expect(pairs(cycleWeights("end", 2))).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(cycleWeights("end", 2).alpha[0]).toBe(0);
    expect(cycleWeights("end", 2).beta[0]).toBe(0);
  });
  it("half-cycle: (1/2, 1/2) in every cycle", () => {
    expect(pairs(cycleWeights("half-cycle", 3))).toEqual([
      [0.5, 0.5],
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
  });
  it("simpson with T = 1 is the trapezoid (1/2, 1/2)", () => {
    expect(pairs(cycleWeights("simpson", 1))).toEqual([[0.5, 0.5]]);
  });
  it("simpson with T = 2: Simpson 1/3 on counts 0, 1, 2 split as (1/3, 2/3), (2/3, 1/3)", () => {
    expect(pairs(cycleWeights("simpson", 2))).toEqual([
      [1 / 3, 2 / 3],
      [2 / 3, 1 / 3],
    ]);
  });
  it("simpson with T = 3: Simpson 3/8 split as (3/8, 5/8), (1/2, 1/2), (5/8, 3/8); count weights 3/8, 9/8, 9/8, 3/8", () => {
    expect(pairs(cycleWeights("simpson", 3))).toEqual([
      [3 / 8, 5 / 8],
      [1 / 2, 1 / 2],
      [5 / 8, 3 / 8],
    ]);
    expect(Array.from(countWeights(cycleWeights("simpson", 3)))).toEqual([3 / 8, 9 / 8, 9 / 8, 3 / 8]);
  });
  it("simpson with T = 7: two 1/3 pairs on cycles 1-4, then the 3/8 rule on cycles 5-7", () => {
    const third = [
      [1 / 3, 2 / 3],
      [2 / 3, 1 / 3],
    ];
    expect(pairs(cycleWeights("simpson", 7))).toEqual([
      ...third,
      ...third,
      [3 / 8, 5 / 8],
      [1 / 2, 1 / 2],
      [5 / 8, 3 / 8],
    ]);
    // count weights: 1/3, 4/3, 2/3, 4/3, 1/3 + 3/8, 9/8, 9/8, 3/8
    const w = Array.from(countWeights(cycleWeights("simpson", 7)));
    const want = [1 / 3, 4 / 3, 2 / 3, 4 / 3, 1 / 3 + 3 / 8, 9 / 8, 9 / 8, 3 / 8];
    w.forEach((x, k) => expect(x).toBeCloseTo(want[k], 15));
  });
});

describe("discount factors and annuities", () => {
  it("discountFactors(r, L, n) = (1 + r)^(-k L) for k = 0..n", () => {
    const d = Array.from(discountFactors(0.1, 2, 2));
    expect(d.length).toBe(3);
    expect(d[0]).toBe(1);
    expect(d[1]).toBeCloseTo(1 / 1.21, 15);
    expect(d[2]).toBeCloseTo(1 / 1.4641, 15);
    expect(Array.from(discountFactors(0, 0.5, 3))).toEqual([1, 1, 1, 1]);
  });
  it("annuities at rate 0 are n, and at 10% over 2 years 1 + 1/1.1 (due) and 1/1.1 + 1/1.21 (immediate)", () => {
    expect(annuityDue(0, 5)).toBe(5);
    expect(annuityImmediate(0, 5)).toBe(5);
    expect(annuityDue(0.1, 2)).toBeCloseTo(1 + 1 / 1.1, 14);
    expect(annuityImmediate(0.1, 2)).toBeCloseTo(1 / 1.1 + 1 / 1.21, 14);
  });
});

describe("cycleWeights(method, T) and resolveMethod(name) refuse what they do not know", () => {
  it("cycleWeights names an unknown method and the four it takes, instead of returning half-cycle weights", () => {
    // Before: any name other than beginning, end and simpson fell through to (1/2, 1/2) weights.
    expect(() => cycleWeights("simpsons" as never, 4)).toThrow(
      'cycleWeights: unknown counting method "simpsons"; expected one of beginning, end, half-cycle, simpson',
    );
    expect(() => cycleWeights("custom", 4)).toThrow(/unknown counting method "custom"/);
  });
  it("cycleWeights names a number of cycles that is not a whole number >= 0", () => {
    expect(() => cycleWeights("end", 2.5)).toThrow("cycleWeights: nCycles must be a whole number >= 0, got 2.5");
    expect(() => cycleWeights("end", -1)).toThrow("got -1");
  });
  it("resolveMethod names settings.method, the value and every accepted name", () => {
    expect(resolveMethod("trapezoid")).toBe("half-cycle");
    expect(() => resolveMethod("midpoint")).toThrow(
      'settings.method: unknown counting method "midpoint"; expected one of beginning, beginning-of-cycle, end, end-of-cycle, half-cycle, trapezoid, life-table, simpson, simpson-1/3, custom',
    );
  });
});
