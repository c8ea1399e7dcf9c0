// The model specification's `correlations` block (docs/model-spec.md): PSA draws reproduce the
// declared normal-scale correlations, and the block is validated with named errors.
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { describe, expect, it } from "vitest";
import { compileModel, mergeCorrelations, type ModelSpec } from "../../src/model/index.js";
import { psaDraws } from "../../src/uncertainty/psa.js";
import { twoStateModel } from "../fixtures/two-state.js";

const parameters = {
  p_die: { value: 0.1, low: 0.05, high: 0.2, distribution: "beta" },
  c_alive: { value: 1200, low: 800, high: 1700, distribution: "gamma" },
  c_start: { value: 5000, low: 3000, high: 7000, distribution: "normal" },
  u_alive: { value: 0.8, low: 0.7, high: 0.88, distribution: "beta" },
};
const withCorrelations = (correlations: unknown): ModelSpec =>
  ({ ...twoStateModel(parameters), correlations }) as unknown as ModelSpec;

/**
 * Pearson correlation of the van der Waerden normal scores Φ⁻¹(rank/(n+1)) of x and y: a
 * consistent estimator of the normal-scale (copula) correlation whatever the marginals, computed
 * from ranks only (not from the copula code under test).
 */
function normalScoreCorrelation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  const scores = (v: Float64Array) => {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a] - v[b]);
    const z = new Float64Array(n);
    order.forEach((i, r) => (z[i] = normalQuantile((r + 1) / (n + 1), 0, 1)));
    return z;
  };
  const zx = scores(x);
  const zy = scores(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    sxy += zx[k] * zy[k];
    sxx += zx[k] ** 2;
    syy += zy[k] ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

const problemsOf = (spec: ModelSpec): string => {
  try {
    compileModel(spec);
    return "";
  } catch (e) {
    return (e as Error).message;
  }
};

describe("correlations in the model specification", () => {
  const n = 20_000;
  const spec = withCorrelations({
    parameters: ["c_alive", "u_alive", "p_die"],
    matrix: [
      [1, 0.6, -0.3],
      [0.6, 1, 0],
      [-0.3, 0, 1],
    ],
  });

  it("PSA draws reproduce the declared normal-scale correlations within 3 standard errors", () => {
    const d = psaDraws(spec, { n, seed: 11 });
    const col = (id: string) => d.inputs.get(id)!;
    // Sampling SE of a correlation estimate: (1 − ρ²)/√n (Fisher): 0.0045 for ρ = 0.6, 0.0064 for
    // ρ = −0.3 and 0.0071 for ρ = 0 at n = 20,000; the tolerance is 3 SE of each.
    const se = (rho: number) => (1 - rho * rho) / Math.sqrt(n);
    for (const [a, b, rho] of [
      ["c_alive", "u_alive", 0.6],
      ["c_alive", "p_die", -0.3],
      ["u_alive", "p_die", 0],
      ["c_start", "c_alive", 0], // not in the block: independent
    ] as const)
      expect(Math.abs(normalScoreCorrelation(col(a), col(b)) - rho), `${a} × ${b}`).toBeLessThan(3 * se(rho));
    expect(d.correlation?.ids).toEqual(["c_alive", "u_alive", "p_die"]);
  }, 120_000);

  it("pairs give the same draws as the equivalent matrix", () => {
    const pairs = withCorrelations({
      pairs: [
        { parameters: ["c_alive", "u_alive"], rho: 0.6 },
        { parameters: ["p_die", "c_alive"], rho: -0.3 },
        { parameters: ["u_alive", "p_die"], rho: 0 },
      ],
    });
    const a = psaDraws(spec, { n: 500, seed: 3 });
    const b = psaDraws(pairs, { n: 500, seed: 3 });
    for (const id of Object.keys(parameters))
      expect(Array.from(b.inputs.get(id)!)).toEqual(Array.from(a.inputs.get(id)!));
  });

  it("an option's correlation (cartecon psa --correlation) overrides and extends the model's", () => {
    const merged = mergeCorrelations(
      {
        ids: ["a", "b"],
        matrix: [
          [1, 0.5],
          [0.5, 1],
        ],
      },
      {
        ids: ["b", "c"],
        matrix: [
          [1, -0.2],
          [-0.2, 1],
        ],
      },
    );
    expect(merged).toEqual({
      ids: ["a", "b", "c"],
      matrix: [
        [1, 0.5, 0],
        [0.5, 1, -0.2],
        [0, -0.2, 1],
      ],
    });
    const over = mergeCorrelations(
      {
        ids: ["a", "b"],
        matrix: [
          [1, 0.5],
          [0.5, 1],
        ],
      },
      {
        ids: ["b", "a"],
        matrix: [
          [1, 0.1],
          [0.1, 1],
        ],
      },
    );
    expect(over!.matrix[0][1]).toBe(0.1);
    const d = psaDraws(spec, {
      n: 10,
      seed: 1,
      correlation: {
        ids: ["c_start", "c_alive"],
        matrix: [
          [1, 0.4],
          [0.4, 1],
        ],
      },
    });
    expect(d.correlation!.ids).toEqual(["c_alive", "u_alive", "p_die", "c_start"]);
    expect(d.correlation!.matrix[0][3]).toBe(0.4);
    expect(d.correlation!.matrix[0][1]).toBe(0.6);
  });

  it("an asymmetric matrix names the entry", () => {
    const msg = problemsOf(
      withCorrelations({
        parameters: ["c_alive", "u_alive"],
        matrix: [
          [1, 0.5],
          [0.4, 1],
        ],
      }),
    );
    expect(msg).toMatch(/correlations\.matrix\[1\]\[0\] \(u_alive, c_alive\).*symmetric/);
  });
  it("a diagonal other than 1 and an entry outside [-1, 1] name their entries", () => {
    const msg = problemsOf(
      withCorrelations({
        parameters: ["c_alive", "u_alive"],
        matrix: [
          [0.9, 1.5],
          [1.5, 1],
        ],
      }),
    );
    expect(msg).toMatch(/correlations\.matrix\[0\]\[0\] \(c_alive, c_alive\).*diagonal must be 1/);
    expect(msg).toMatch(/correlations\.matrix\[0\]\[1\] \(c_alive, u_alive\).*not a correlation/);
  });
  it("a matrix that is not square is named with its expected size", () => {
    expect(problemsOf(withCorrelations({ parameters: ["c_alive", "u_alive"], matrix: [[1, 0.5]] }))).toMatch(
      /correlations\.matrix.*must be 2 × 2/,
    );
  });
  it("a matrix that is not positive definite names the parameter whose correlations contradict the others", () => {
    // ρ(a,b) = ρ(a,c) = 0.9 force b and c to be positively correlated; −0.9 contradicts that
    // (determinant 1 − 3·0.81 − 2·0.729 < 0).
    const msg = problemsOf(
      withCorrelations({
        parameters: ["c_alive", "u_alive", "p_die"],
        matrix: [
          [1, 0.9, 0.9],
          [0.9, 1, -0.9],
          [0.9, -0.9, 1],
        ],
      }),
    );
    expect(msg).toMatch(
      /correlations\.matrix\[2\] \(p_die\).*not positive definite.*p_die contradict those of c_alive, u_alive/,
    );
  });
  it("an unknown parameter, a parameter without a distribution and a bad pair are named", () => {
    const msg = problemsOf(
      withCorrelations({
        parameters: ["c_alive", "c_alvie"],
        matrix: [
          [1, 0.2],
          [0.2, 1],
        ],
        pairs: [{ parameters: ["treat", "u_alive"], rho: 2 }],
      }),
    );
    expect(msg).toMatch(/correlations\.parameters\[1\].*not a declared parameter/);
    expect(msg).toMatch(/correlations\.pairs\[0\]\.parameters\[0\].*treat has no distribution/);
    expect(msg).toMatch(/correlations\.pairs\[0\]\.rho.*not a correlation/);
  });
  it("an unknown field in the block is named", () => {
    expect(problemsOf(withCorrelations({ pairs: [], rhos: [] }))).toMatch(/correlations\.rhos.*unknown field/);
  });
});
