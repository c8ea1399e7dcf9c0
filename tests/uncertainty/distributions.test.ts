import { describe, expect, it } from "vitest";
import {
  drawParameters,
  fnv1a32,
  fromInterval,
  fromMeanSe,
  ImpossibleMomentsError,
  moments,
  quantile,
  rankFromNormal,
  normalFromRank,
  uniformStream,
  correlationFactor,
  dirichletFromCounts,
  empirical,
  ModelError,
  toCsv,
  type Distribution,
} from "../../src/model/index.js";
import { ranks, spearman } from "../helpers/ranks.js";

describe("fromMeanSe (method of moments)", () => {
  const cases: Array<[Parameters<typeof fromMeanSe>[0], number, number]> = [
    ["beta", 0.3, 0.05],
    ["gamma", 1200, 300],
    ["lognormal", 2.5, 0.8],
    ["normal", -4, 2],
    ["uniform", 10, 1],
    ["triangular", 10, 1],
  ];
  for (const [type, m, se] of cases) {
    it(`fromMeanSe(${type}, ${m}, ${se}) has mean ${m} and variance ${se}²`, () => {
      const mo = moments(fromMeanSe(type, m, se));
      expect(mo.mean).toBeCloseTo(m, 9);
      expect(mo.variance / (se * se)).toBeCloseTo(1, 9);
    });
  }
  it("beta alpha, beta match the textbook formulas (Briggs et al. 2006, eq. 4.3)", () => {
    // m = 0.3, s = 0.05: k = 0.21 / 0.0025 − 1 = 83; α = 24.9, β = 58.1
    const d = fromMeanSe("beta", 0.3, 0.05) as Extract<Distribution, { type: "beta" }>;
    expect(d.alpha).toBeCloseTo(24.9, 9);
    expect(d.beta).toBeCloseTo(58.1, 9);
  });
  it("a beta with variance >= m(1 − m) is a named error", () => {
    expect(() => fromMeanSe("beta", 0.5, 0.5)).toThrow(ImpossibleMomentsError);
    expect(() => fromMeanSe("beta", 0.5, 0.5)).toThrow(/variance < mean·\(1 − mean\)/);
    expect(() => fromMeanSe("beta", 1.2, 0.1)).toThrow(ImpossibleMomentsError);
    expect(() => fromMeanSe("gamma", -1, 0.1)).toThrow(ImpossibleMomentsError);
    expect(() => fromMeanSe("lognormal", 0, 0.1)).toThrow(ImpossibleMomentsError);
  });
  it("an impossible moment is a ModelError naming the parameter", () => {
    try {
      fromMeanSe("beta", 0.5, 0.6, "parameters.p_x");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ModelError);
      expect((e as Error).message).toContain("parameters.p_x");
    }
  });
});

describe("fromInterval (quantile matching)", () => {
  it("normal and log-normal put exactly 2.5% below low and above high", () => {
    for (const type of ["normal", "lognormal"] as const) {
      const d = fromInterval(type, 2, 1, 4);
      const lo = type === "normal" ? 1 : 1;
      expect(quantile(d, 0.025)).toBeCloseTo(lo, 9);
      expect(quantile(d, 0.975)).toBeCloseTo(4, 9);
    }
  });
  it("beta and gamma keep the base value as mean and match the interval width", () => {
    const b = fromInterval("beta", 0.58, 0.3, 0.9);
    expect(moments(b).mean).toBeCloseTo(0.58, 12);
    expect(quantile(b, 0.975) - quantile(b, 0.025)).toBeCloseTo(0.6, 8);
    const g = fromInterval("gamma", 0.05, 0.02, 0.15);
    expect(moments(g).mean).toBeCloseTo(0.05, 12);
    expect(quantile(g, 0.975) - quantile(g, 0.025)).toBeCloseTo(0.13, 8);
  });
  it("uniform and triangular take the interval as their support", () => {
    expect(fromInterval("uniform", 2, 1, 4)).toEqual({ type: "uniform", min: 1, max: 4 });
    expect(fromInterval("triangular", 2, 1, 4)).toEqual({ type: "triangular", min: 1, mode: 2, max: 4 });
  });
  it("a base value outside [low, high] is a named error", () => {
    expect(() => fromInterval("gamma", 5, 1, 4, "parameters.r_x")).toThrow(
      /parameters\.r_x.*base value must lie in \[low, high\]/,
    );
  });
});

describe("draws", () => {
  const targets: Array<[string, Distribution]> = [
    ["beta", fromMeanSe("beta", 0.3, 0.05)],
    ["gamma", fromMeanSe("gamma", 1200, 300)],
    ["lognormal", fromMeanSe("lognormal", 2.5, 0.8)],
    ["normal", fromMeanSe("normal", -4, 2)],
    ["uniform", fromMeanSe("uniform", 10, 1)],
    ["triangular", { type: "triangular", min: 0, mode: 1, max: 5 }],
    ["truncnormal", { type: "truncnormal", mean: 0, sd: 1, lower: -0.5, upper: 2 }],
    ["empirical", empirical([1, 2, 2, 7, 11])],
  ];
  const n = 100_000;
  for (const [name, d] of targets) {
    it(`the mean of ${n} ${name} draws lies within 3 standard errors of the distribution's mean`, () => {
      const x = drawParameters([{ id: "x", distribution: d }], n, 20261204).get("x")!;
      let s = 0;
      for (const v of x) s += v;
      const { mean, variance } = moments(d);
      expect(Math.abs(s / n - mean)).toBeLessThan(3 * Math.sqrt(variance / n));
    }, 60_000);
  }
  it("Dirichlet components sum to 1 and have means α_i / Σα", () => {
    const d = dirichletFromCounts([10, 30, 60]);
    const cols = drawParameters([{ id: "p", distribution: d, components: ["a", "b", "c"] }], 20_000, 7);
    const a = cols.get("a")!,
      b = cols.get("b")!,
      c = cols.get("c")!;
    let ma = 0;
    for (let k = 0; k < a.length; k++) {
      expect(a[k] + b[k] + c[k]).toBeCloseTo(1, 12);
      ma += a[k];
    }
    // Var(a) = α_a(Σα − α_a) / (Σα²(Σα + 1)) = 10·90/(10000·101)
    const se = Math.sqrt((10 * 90) / (10000 * 101) / a.length);
    expect(Math.abs(ma / a.length - 0.1)).toBeLessThan(3 * se);
  }, 60_000);
  it("the same seed gives a byte-identical draws CSV; another seed does not", () => {
    const params = [
      { id: "p_a", distribution: fromMeanSe("beta", 0.3, 0.05) },
      { id: "c_b", distribution: fromMeanSe("gamma", 1000, 200) },
    ];
    const csv = (seed: number) => toCsv(Object.fromEntries(drawParameters(params, 500, seed)));
    expect(csv(99)).toBe(csv(99));
    expect(csv(99)).not.toBe(csv(100));
  });
  it("adding a parameter does not change the draws of the others", () => {
    const a = { id: "p_a", distribution: fromMeanSe("beta", 0.3, 0.05) };
    const b = { id: "c_b", distribution: fromMeanSe("gamma", 1000, 200) };
    const one = drawParameters([a], 200, 5).get("p_a")!;
    const two = drawParameters([b, a], 200, 5).get("p_a")!;
    expect(Array.from(two)).toEqual(Array.from(one));
  });
  it("uniform streams are the documented MT19937 keys: FNV-1a ids, and one (seed, id) always gives the same stream", () => {
    // Published FNV-1a 32-bit test vectors (Fowler, Noll & Vo, IETF draft-eastlake-fnv, section 8).
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
    const u = uniformStream(1, "x");
    const v = uniformStream(1, "x");
    expect(u()).toBe(v());
  });
});

describe("Gaussian copula", () => {
  it("a non-positive-definite correlation matrix is rejected", () => {
    const m = [
      [1, 0.9, -0.9],
      [0.9, 1, 0.9],
      [-0.9, 0.9, 1],
    ];
    expect(() => correlationFactor({ ids: ["a", "b", "c"], matrix: m })).toThrow(/not positive definite/);
    expect(() =>
      correlationFactor({
        ids: ["a", "b"],
        matrix: [
          [1, 0.5],
          [0.4, 1],
        ],
      }),
    ).toThrow(/symmetric/);
  });
  it("draws have the rank correlation (6/π) asin(ρ/2) of the normal-scale ρ", () => {
    const rho = 0.7;
    const params = [
      { id: "a", distribution: fromMeanSe("gamma", 10, 3) },
      { id: "b", distribution: fromMeanSe("beta", 0.4, 0.1) },
    ];
    const n = 20_000;
    const cols = drawParameters(params, n, 11, {
      ids: ["a", "b"],
      matrix: [
        [1, rho],
        [rho, 1],
      ],
    });
    // Spearman's rho has SE about (1 − ρs²)/√n ≈ 0.004 here; 0.02 is 5 SE.
    expect(Math.abs(spearman(cols.get("a")!, cols.get("b")!) - rankFromNormal(rho))).toBeLessThan(0.02);
    expect(normalFromRank(rankFromNormal(0.7))).toBeCloseTo(0.7, 12);
  }, 60_000);

  it("a correlation of 1 gives one quantile (identical ranks), −1 mirrored ranks; the rest as before", () => {
    const params = [
      { id: "a", distribution: fromMeanSe("gamma", 10, 3) },
      { id: "b", distribution: fromMeanSe("beta", 0.4, 0.1) },
      { id: "c", distribution: fromMeanSe("lognormal", 2, 0.5) },
      { id: "d", distribution: fromMeanSe("normal", 0, 1) },
    ];
    const n = 2000;
    // b moves with a (ρ = 1), c against a (ρ = −1, so ρ(b, c) = −1), d at 0.5 with a, hence 0.5
    // with b and −0.5 with c (a partner's correlations are its leader's times the sign).
    const matrix = [
      [1, 1, -1, 0.5],
      [1, 1, -1, 0.5],
      [-1, -1, 1, -0.5],
      [0.5, 0.5, -0.5, 1],
    ];
    const cols = drawParameters(params, n, 5, { ids: ["a", "b", "c", "d"], matrix });
    const [ra, rb, rc] = ["a", "b", "c"].map((id) => ranks(cols.get(id)!));
    for (let k = 0; k < n; k++) {
      expect(rb[k]).toBe(ra[k]);
      expect(rc[k]).toBe(n - 1 - ra[k]);
    }
    // d against a: Spearman's (6/π) asin(0.25) = 0.4826; SE about (1 − 0.48²)/√2000 ≈ 0.017, so 0.07 is 4 SE.
    expect(Math.abs(spearman(cols.get("a")!, cols.get("d")!) - (6 / Math.PI) * Math.asin(0.25))).toBeLessThan(0.07);
    // a and d on their own (no perfect partner) are drawn exactly as without b and c: the copula
    // mixes only the first parameter of each perfectly correlated set.
    const alone = drawParameters([params[0], params[3]], n, 5, {
      ids: ["a", "d"],
      matrix: [
        [1, 0.5],
        [0.5, 1],
      ],
    });
    expect(Array.from(alone.get("a")!)).toEqual(Array.from(cols.get("a")!));
    expect(Array.from(alone.get("d")!)).toEqual(Array.from(cols.get("d")!));
  }, 60_000);

  it("a partner of ρ = 1 whose other correlations differ from its leader's is named (the matrix is not semi-definite)", () => {
    // [[1, 1, 0.5], [1, 1, 0.2], [0.5, 0.2, 1]]: the 2 × 2 block of rows 1-2 forces x_b = x_a, so ρ(b, c)
    // must be ρ(a, c) = 0.5; the determinant is −(0.5 − 0.2)² = −0.09 < 0.
    expect(() =>
      correlationFactor({
        ids: ["a", "b", "c"],
        matrix: [
          [1, 1, 0.5],
          [1, 1, 0.2],
          [0.5, 0.2, 1],
        ],
      }),
    ).toThrow(
      /\[1\]\[2\] \(b, c\): b has correlation 1 with a, so it moves with it: its correlation with c must be a's \(got 0\.2\); expected 0\.5/,
    );
  });
});
