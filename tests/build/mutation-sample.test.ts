import { describe, expect, it } from "vitest";
import {
  listMutants,
  mutateRange,
  sampleIndices,
  stratifiedScore,
  tally,
  type SampledMutant,
} from "../../tools/mutation-sample.js";

// tools/mutation-sample.ts estimates the mutation score of src/model from a seeded random sample of
// its mutants (README, "Mutation testing"). These tests pin its estimator, its sampler and the
// ranges it hands to Stryker.

describe("mutation-sample tool", () => {
  it("stratifiedScore: a hand-computed two-stratum estimate", () => {
    // Lines (d detected, v valid, n mutants): (2,2,2), (1,2,3), (3,3,3); 3 of K = 10 lines, N_S = 100.
    // p_S = 6/7 = 0.857143; v̄ = 7/3; residuals d − p_S·v: 0.285714, −0.714286, 0.428571, squares
    // summing to 0.775510; var_S = (1 − 3/10)·0.775510 / (3·2·(7/3)²) = 0.016618, se_S = 0.128911.
    // Multi-line: 3 of 4 valid detected, 5 of M = 50 sampled: p_M = 0.75,
    // var_M = (1 − 5/50)·0.75·0.25/3 = 0.05625, se_M = 0.237171.
    // Weights: N_S·7/8 = 87.5, M·4/5 = 40, W_S = 87.5/127.5 = 0.686275;
    // p = 0.686275·0.857143 + 0.313725·0.75 = 0.823529; se = sqrt(W_S²·var_S + W_M²·var_M) = 0.115598.
    const est = stratifiedScore(
      {
        clusters: [
          { detected: 2, valid: 2, mutants: 2 },
          { detected: 1, valid: 2, mutants: 3 },
          { detected: 3, valid: 3, mutants: 3 },
        ],
        populationClusters: 10,
        populationMutants: 100,
      },
      { detected: 3, valid: 4, sampled: 5, populationMutants: 50 },
    );
    expect(est.pS).toBeCloseTo(0.857143, 6);
    expect(est.seS).toBeCloseTo(0.128911, 6);
    expect(est.pM).toBe(0.75);
    expect(est.seM).toBeCloseTo(0.237171, 6);
    expect(est.wS).toBeCloseTo(0.686275, 6);
    expect(est.p).toBeCloseTo(0.823529, 6);
    expect(est.se).toBeCloseTo(0.115598, 5);
    expect(() =>
      stratifiedScore(
        { clusters: [{ detected: 1, valid: 1, mutants: 1 }], populationClusters: 5, populationMutants: 9 },
        { detected: 0, valid: 0, sampled: 0, populationMutants: 0 },
      ),
    ).toThrow(RangeError);
  });

  it("tally: killed and timed out are detected; survived and no coverage are valid but not detected; the rest leave", () => {
    expect(tally(["Killed", "Timeout", "Survived", "NoCoverage", "Ignored", "CompileError", "RuntimeError"])).toEqual({
      detected: 2,
      valid: 4,
    });
  });

  it("sampleIndices: k distinct sorted indices, the same for a seed, another for another seed", () => {
    const a = sampleIndices(9417, 600, 20261205);
    expect(a).toHaveLength(600);
    expect(new Set(a).size).toBe(600);
    expect(a.every((i, j) => Number.isInteger(i) && i >= 0 && i < 9417 && (j === 0 || a[j - 1] < i))).toBe(true);
    expect(sampleIndices(9417, 600, 20261205)).toEqual(a);
    expect(sampleIndices(9417, 600, 20261206)).not.toEqual(a);
    expect(sampleIndices(5, 5, 1)).toEqual([0, 1, 2, 3, 4]);
    expect(() => sampleIndices(5, 6, 1)).toThrow(RangeError);
    expect(() => sampleIndices(5, 0, 1)).toThrow(RangeError);
  });

  it("sampleIndices: each index equally likely (one of 4, 4,000 seeds, every count within 5 SE of 1,000)", () => {
    const counts = [0, 0, 0, 0];
    for (let seed = 0; seed < 4000; seed++) counts[sampleIndices(4, 1, seed)[0]]++;
    // Binomial(4000, 1/4): SE = sqrt(4000 · 0.25 · 0.75) = 27.39.
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(5 * 27.39);
  });

  it("mutateRange: Stryker's mutate syntax (1-based lines, 0-based columns) for an instrumenter location", () => {
    const m: SampledMutant = {
      file: "src/x.ts",
      mutatorName: "ArithmeticOperator",
      replacement: "1 - rate",
      start: { line: 10, column: 13 },
      end: { line: 10, column: 21 },
    };
    expect(mutateRange(m)).toBe("src/x.ts:11:13-11:21");
  });

  it("a mutant's own range selects it and nothing outside it; a whole line's range selects exactly the one-line mutants on it", async () => {
    const file = "src/model/run/discount.ts";
    const all = await listMutants([file]);
    expect(all.length).toBeGreaterThan(20);
    const key = (m: SampledMutant) => JSON.stringify(m);
    for (const m of all) {
      const selected = await listMutants([file], new Map([[file, [m]]]));
      expect(selected.map(key)).toContain(key(m));
      // Everything selected lies inside m's location.
      for (const s of selected) {
        expect(s.start.line > m.start.line || (s.start.line === m.start.line && s.start.column >= m.start.column)).toBe(
          true,
        );
        expect(s.end.line < m.end.line || (s.end.line === m.end.line && s.end.column <= m.end.column)).toBe(true);
      }
    }
    // A line range "file:L-L" becomes columns 0 to MAX_SAFE_INTEGER of line L (Stryker's ProjectReader).
    for (const line of new Set(all.map((m) => m.start.line))) {
      const whole: SampledMutant = {
        ...all[0],
        start: { line, column: 0 },
        end: { line, column: Number.MAX_SAFE_INTEGER },
      };
      const selected = await listMutants([file], new Map([[file, [whole]]]));
      const expected = all.filter((m) => m.start.line === line && m.end.line === line);
      expect(selected.map(key).sort()).toEqual(expected.map(key).sort());
    }
  }, 120_000);
});
