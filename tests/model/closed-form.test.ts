import { describe, expect, it } from "vitest";
import {
  annuityDue,
  annuityImmediate,
  compileModel,
  countWeights,
  cycleWeights,
  discountFactor,
  discountFactors,
  evaluate,
} from "../../src/model/index.js";
import { aliveDead, sonnenbergBeck } from "../../bench/models.js";

describe("discounting", () => {
  it("discountFactor(rate, t) is 1 at t = 0 and (1 + r)^-t otherwise", () => {
    expect(discountFactor(0.035, 0)).toBe(1);
    expect(discountFactor(0.035, 1)).toBeCloseTo(1 / 1.035, 15);
    expect(discountFactor(0.035, 10)).toBeCloseTo(0.7089188137, 10);
    expect(discountFactor(0.03, 0.5)).toBeCloseTo(1 / Math.sqrt(1.03), 15);
  });
  it("discountFactors(rate, cycleYears, n) is 1.035^-(k/12) at every monthly count k", () => {
    const d = discountFactors(0.035, 1 / 12, 24);
    expect(d.length).toBe(25);
    // (1 + r)^-t written out here, not through discountFactor; 1.035^-1 = 0.9661836 at k = 12, 1.035^-2 at k = 24.
    for (let k = 0; k <= 24; k++) expect(d[k]).toBeCloseTo(Math.pow(1.035, -k / 12), 15);
    expect(d[12]).toBeCloseTo(0.9661836, 7);
  });
  it("annuityDue(rate, n) equals the sum of n annual factors from year 0", () => {
    // Sum of 1.035^-k for k = 0..39, written out here; closed form (1 - 1.035^-40) / (1 - 1/1.035) = 22.1024999.
    let sum = 0;
    for (let k = 0; k < 40; k++) sum += Math.pow(1.035, -k);
    expect(sum).toBeCloseTo((1 - Math.pow(1.035, -40)) / (1 - 1 / 1.035), 12);
    expect(annuityDue(0.035, 40)).toBeCloseTo(sum, 12);
    // 1 paid yearly for 10 years at 3.5%, first payment now: (1 - 1.035^-10) / (1 - 1/1.035) = 8.6076865
    expect(annuityDue(0.035, 10)).toBeCloseTo(8.6076865, 7);
    expect(annuityDue(0, 7)).toBe(7);
  });
  it("annuityImmediate(rate, n) is annuityDue shifted by one year", () => {
    // First payment after one year: (1 - 1.035^-40) / 0.035, the annuity-immediate closed form.
    expect(annuityImmediate(0.035, 40)).toBeCloseTo((1 - Math.pow(1.035, -40)) / 0.035, 12);
    expect(annuityImmediate(0.06, 20)).toBeCloseTo(11.4699212, 7);
  });
});

describe("counting weights", () => {
  it("every method's weights sum to one per cycle", () => {
    for (const m of ["beginning", "end", "half-cycle", "simpson"] as const) {
      for (const T of [1, 2, 3, 5, 40, 41]) {
        const w = countWeights(cycleWeights(m, T));
        expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(T, 12);
      }
    }
  });
  it("Simpson 1/3 with an even number of cycles gives count weights 1/3, 4/3, 2/3, ..., 4/3, 1/3", () => {
    const w = Array.from(countWeights(cycleWeights("simpson", 4)));
    [1 / 3, 4 / 3, 2 / 3, 4 / 3, 1 / 3].forEach((x, i) => expect(w[i]).toBeCloseTo(x, 14));
  });
  it("Simpson with an odd number of cycles ends with the 3/8 rule", () => {
    const w = Array.from(countWeights(cycleWeights("simpson", 5)));
    // 1/3 rule on counts 0..2, 3/8 rule on counts 2..5
    [1 / 3, 4 / 3, 1 / 3 + 3 / 8, 9 / 8, 9 / 8, 3 / 8].forEach((x, i) => expect(w[i]).toBeCloseTo(x, 14));
  });
  it("Simpson integrates a cubic exactly over an odd number of cycles", () => {
    const f = (x: number) => 2 + x - 0.3 * x * x + 0.05 * x ** 3;
    const T = 7;
    const w = countWeights(cycleWeights("simpson", T));
    let s = 0;
    for (let k = 0; k <= T; k++) s += w[k] * f(k);
    const F = (x: number) => 2 * x + (x * x) / 2 - 0.1 * x ** 3 + 0.0125 * x ** 4;
    expect(s).toBeCloseTo(F(T) - F(0), 10);
  });
});

describe("alive/dead, p = 0.05, r = 3.5%, 40 cycles", () => {
  const ly = (method: string) => evaluate(compileModel(aliveDead({ method }))).strategies[0].lifeYears;
  it("discounted life years match the geometric-series closed forms", () => {
    expect(ly("beginning").discounted).toBeCloseTo(11.78124, 5);
    expect(ly("end").discounted).toBeCloseTo(10.8137, 5);
    expect(ly("half-cycle").discounted).toBeCloseTo(11.29747, 5);
    expect(ly("simpson").discounted).toBeCloseTo(11.29056, 5);
  });
  it("undiscounted life years (beginning of cycle) are 17.42976", () => {
    expect(ly("beginning").undiscounted).toBeCloseTo(17.42976, 5);
  });
  it("equal the exact sums to 1e-12", () => {
    const q = 0.95 / 1.035;
    const exactBeginning = (1 - q ** 40) / (1 - q);
    expect(ly("beginning").discounted).toBeCloseTo(exactBeginning, 12);
    expect(ly("end").discounted).toBeCloseTo(exactBeginning - 1 + q ** 40, 12);
    expect(ly("half-cycle").discounted).toBeCloseTo(exactBeginning - 0.5 + q ** 40 / 2, 12);
    expect(ly("beginning").undiscounted).toBeCloseTo((1 - 0.95 ** 40) / 0.05, 12);
  });
  it("costs are the annual cost times the life years", () => {
    const s = evaluate(compileModel(aliveDead({ method: "half-cycle" }))).strategies[0];
    expect(s.cost.discounted).toBeCloseTo(1000 * s.lifeYears.discounted, 8);
  });
});

describe("Sonnenberg & Beck three-state chain, run to convergence", () => {
  const q = (method: string) => evaluate(compileModel(sonnenbergBeck(method))).strategies[0].qalys.undiscounted;
  it("gives 3.375 QALYs counting at the beginning of each cycle", () => expect(q("beginning")).toBeCloseTo(3.375, 9));
  it("gives 2.375 QALYs counting at the end of each cycle", () => expect(q("end")).toBeCloseTo(2.375, 9));
  it("gives 2.875 QALYs with the half-cycle correction", () => expect(q("half-cycle")).toBeCloseTo(2.875, 9));
});
