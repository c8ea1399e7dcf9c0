/**
 * PSAs of the published models in data/models/ with the distributions their publications give
 * (each parameter's `source` quotes the text they come from). Two kinds of check:
 *
 * 1. Every drawn parameter's sample mean and variance are within 3 Monte Carlo standard errors of
 *    its distribution's mean and variance, computed here in closed form from the PUBLISHED
 *    parameters (gamma shape × scale and shape × scale², beta α / (α + β) and αβ / ((α + β)²(α + β
 *    + 1)), lognormal exp(μ + σ²/2) and (e^σ² − 1) e^(2μ + σ²), a mean and SE as given, Dirichlet
 *    component i as Beta(α_i, α₀ − α_i)) — not from the engine's fitted distribution objects.
 * 2. Where the publication reports PSA results, ours agree within Monte Carlo error. Our draws are
 *    not the publication's draws (other generator, other seed), so only means can agree, and only
 *    to within the Monte Carlo error of both: |ours − published| < 3 √(SE_ours² + SE_published²)
 *    when the published draws are available (HIV), or, where a publication reports only which
 *    strategy has the highest expected net benefit over a range of WTP (DARTH), the same strategy
 *    wins at WTPs inside that range, by a margin of more than 3 SE of the paired difference (so the
 *    check is not a coin flip near a switch point).
 *
 * Runs: 2,000 draws, fixed seeds.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { distributionOf, type ModelSpec, type ParameterSpec } from "../../src/model/index.js";
import { drawsCsv, runPsa, type PsaResult } from "../../src/uncertainty/psa.js";

const N = 2000;

function loadModel(file: string): ModelSpec {
  return JSON.parse(readFileSync(`data/models/${file}`, "utf8")) as ModelSpec;
}

function mean(x: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < x.length; k++) m += x[k];
  return m / x.length;
}

/** Standard error of the mean: sample SD / √n. */
function se(x: ArrayLike<number>): number {
  const m = mean(x);
  let v = 0;
  for (let k = 0; k < x.length; k++) v += (x[k] - m) ** 2;
  return Math.sqrt(v / (x.length - 1) / x.length);
}

/** A distribution's mean and variance, in closed form from its published parameters. */
interface Moments {
  mean: number;
  variance: number;
}

/**
 * The sample mean within 3 SE (sample SD / √n) of `m.mean`, and the sample variance s² within 3 SE
 * of `m.variance`, SE(s²) = √((m₄ − s⁴) / n) with m₄ the sample fourth central moment (no normality
 * assumed). Both, because two distributions can share a mean (gamma(576, 20.8) and gamma(73.5,
 * 163.3) both have a mean near 12,000).
 */
function expectMoments(x: ArrayLike<number>, m: Moments, label: string): void {
  const n = x.length;
  const mu = mean(x);
  let s2 = 0;
  let m4 = 0;
  for (let k = 0; k < n; k++) {
    s2 += (x[k] - mu) ** 2;
    m4 += (x[k] - mu) ** 4;
  }
  s2 /= n - 1;
  m4 /= n;
  const seMean = Math.sqrt(s2 / n);
  const seVar = Math.sqrt((m4 - s2 ** 2) / n);
  expect(seMean, `${label}: SE`).toBeGreaterThan(0);
  expect(Math.abs(mu - m.mean), `${label}: mean ${mu} vs ${m.mean} (3 SE = ${3 * seMean})`).toBeLessThan(3 * seMean);
  expect(Math.abs(s2 - m.variance), `${label}: variance ${s2} vs ${m.variance} (3 SE = ${3 * seVar})`).toBeLessThan(
    3 * seVar,
  );
}

function column(inputs: Map<string, Float64Array>, id: string): Float64Array {
  const c = inputs.get(id);
  if (!c) throw new Error(`parameter ${id} was not drawn`);
  return c;
}

/** Closed-form moments from the published parameters. */
const gammaShapeRate = (shape: number, rate: number): Moments => ({ mean: shape / rate, variance: shape / rate ** 2 });
const gammaShapeScale = (shape: number, scale: number): Moments => ({
  mean: shape * scale,
  variance: shape * scale ** 2,
});
const betaAB = (a: number, b: number): Moments => ({
  mean: a / (a + b),
  variance: (a * b) / ((a + b) ** 2 * (a + b + 1)),
});
const lognormal = (meanlog: number, sdlog: number): Moments => ({
  mean: Math.exp(meanlog + sdlog ** 2 / 2),
  variance: (Math.exp(sdlog ** 2) - 1) * Math.exp(2 * meanlog + sdlog ** 2),
});
/** A mean and its standard error (the forms fitted by method of moments, and LN7). */
const meanSe = (m: number, s: number): Moments => ({ mean: m, variance: s ** 2 });

// Alarid-Escudero et al. 2023 (both tutorials), parameter tables and generate_psa_params().
const DARTH_COMMON: Record<string, Moments> = {
  r_HS1: gammaShapeRate(30, 200),
  r_S1H: gammaShapeRate(60, 120),
  r_S1S2: gammaShapeRate(84, 800),
  hr_S1: lognormal(Math.log(3), 0.01),
  hr_S2: lognormal(Math.log(10), 0.02),
  hr_S1S2_trtB: lognormal(Math.log(0.6), 0.02),
  c_H: gammaShapeScale(100, 20),
  c_S1: gammaShapeScale(177.8, 22.5),
  c_S2: gammaShapeScale(225, 66.7),
  c_trtA: gammaShapeScale(73.5, 163.3),
  c_trtB: gammaShapeScale(86.2, 150.8),
  u_H: betaAB(200, 3),
  u_S1: betaAB(130, 45),
  u_S2: betaAB(230, 230),
  u_trtA: betaAB(300, 15),
};

type Outcomes = { strategies: string[]; costs: Float64Array[]; effects: Float64Array[] };

/** Net monetary benefit wtp × effect − cost of each strategy, draw by draw. */
function nmbByStrategy(outcomes: Outcomes, wtp: number): Float64Array[] {
  return outcomes.strategies.map((_, s) => outcomes.costs[s].map((c, k) => wtp * outcomes.effects[s][k] - c));
}

/** The strategy with the highest mean NMB at `wtp`, and its margin over each other one in paired SEs. */
function optimum(outcomes: Outcomes, wtp: number) {
  const nmb = nmbByStrategy(outcomes, wtp);
  const means = nmb.map(mean);
  const best = means.indexOf(Math.max(...means));
  const margins = nmb
    .map((x, s) =>
      s === best ? Infinity : mean(x.map((v, k) => nmb[best][k] - v)) / se(x.map((v, k) => nmb[best][k] - v)),
    )
    .filter((z) => z !== Infinity);
  return { best: outcomes.strategies[best], smallestMarginInSe: Math.min(...margins) };
}

/**
 * At each [wtp, strategy] of a published CEAF, `strategy` has the highest mean NMB, by more than
 * 3 SE of the paired difference to every other strategy (not a coin flip near a switch point).
 */
function expectOptimalAt(outcomes: Outcomes, cases: Array<[number, string]>): void {
  for (const [wtp, strategy] of cases) {
    const o = optimum(outcomes, wtp);
    expect(o.best, `optimal at ${wtp}`).toBe(strategy);
    expect(o.smallestMarginInSe, `margin at ${wtp}`).toBeGreaterThan(3);
  }
}

describe("PSA of the DARTH Sick-Sicker model, time-independent (Alarid-Escudero et al. 2023, introductory tutorial)", () => {
  const spec = loadModel("darth-sick-sicker-time-independent.json");
  let psa: PsaResult;
  beforeAll(() => {
    psa = runPsa(spec, { n: N, seed: 2023 });
  }, 120_000);

  it("draws the 16 parameters of the tutorial's generate_psa_params(), mean and variance within 3 SE of the closed form", () => {
    const expected = { ...DARTH_COMMON, r_HD: gammaShapeRate(20, 10000) };
    expect(psa.parameters.map((p) => p.id).sort()).toEqual(Object.keys(expected).sort());
    for (const [id, m] of Object.entries(expected)) expectMoments(column(psa.inputs, id), m, id);
  }, 120_000);

  it("highest expected NMB: SoC below USD 80,000/QALY, B from 80,000 to 120,000, AB from 120,000 (published CEAF)", () => {
    // Published: "At WTP thresholds less than $80,000 per QALY gained, strategy SoC has both the highest
    // probability of being cost-effective and the highest expected NMB. This switches to strategy B for
    // WTP thresholds between $80,000 and $120,000 per QALY gained and to strategy AB for WTP thresholds
    // greater than or equal to $120,000". Checked at WTPs away from the switch points.
    expectOptimalAt(psa.outcomes, [
      [50_000, "SoC"],
      [70_000, "SoC"],
      [90_000, "B"],
      [100_000, "B"],
      [130_000, "AB"],
      [150_000, "AB"],
    ]);
  }, 120_000);

  it("the same seed gives the same draws CSV", () => {
    const a = runPsa(spec, { n: 100, seed: 9 });
    const b = runPsa(spec, { n: 100, seed: 9 });
    expect(drawsCsv(a.inputs, a.outcomes)).toBe(drawsCsv(b.inputs, b.outcomes));
  }, 120_000);
});

describe("PSA of the DARTH Sick-Sicker model, age-dependent (Alarid-Escudero et al. 2023, time-dependent tutorial)", () => {
  const spec = loadModel("darth-sick-sicker-age-dependent.json");
  let psa: PsaResult;
  beforeAll(() => {
    psa = runPsa(spec, { n: N, seed: 2023 });
  }, 120_000);

  it("draws the 18 parameters of the tutorial's generate_psa_params(), mean and variance within 3 SE of the closed form", () => {
    // Background mortality is the US 2015 life table, not drawn (nor in the tutorial).
    const expected = {
      ...DARTH_COMMON,
      du_HS1: betaAB(11, 1088),
      ic_HS1: gammaShapeScale(25, 40),
      ic_D: gammaShapeScale(100, 20),
    };
    expect(psa.parameters.map((p) => p.id).sort()).toEqual(Object.keys(expected).sort());
    for (const [id, m] of Object.entries(expected)) expectMoments(column(psa.inputs, id), m, id);
  }, 120_000);

  it("highest expected NMB: SoC below USD 70,000/QALY, B from 70,000 to 105,000, AB from 105,000 (published CEAF)", () => {
    // Published: "At WTP thresholds less than $70,000 per QALY, SoC is the strategy with the highest
    // probability of being cost-effective and the highest expected NMB. Strategy B has [...] the highest
    // expected NMB for WTP thresholds greater than $70,000 and lower than $105,000 per QALY. Strategy AB
    // has the highest expected NMB for WTP thresholds greater than or equal to $105,000".
    expectOptimalAt(psa.outcomes, [
      [50_000, "SoC"],
      [60_000, "SoC"],
      [80_000, "B"],
      [90_000, "B"],
      [115_000, "AB"],
      [130_000, "AB"],
    ]);
  }, 120_000);
});

describe("PSA EVPI at USD 100,000/QALY, age-dependent Sick-Sicker (time-dependent tutorial)", () => {
  it("EVPI = mean of max NMB − max of mean NMB agrees with the published USD 7,836 within 3 combined SE", () => {
    // Published: "At a WTP threshold of $100,000 per QALY, the EVPI is highest at $7,836" (1,000 runs).
    // SE of ours: the SE of the mean per-draw opportunity loss max_s NMB_s − NMB_best (the choice of
    // the best strategy is treated as fixed); the published SE is not reported, so it is taken as
    // ours × √(2000 / 1000), the same spread over half the runs.
    const psa = runPsa(loadModel("darth-sick-sicker-age-dependent.json"), { n: N, seed: 2023 });
    const wtp = 100_000;
    const nmb = nmbByStrategy(psa.outcomes, wtp);
    const means = nmb.map(mean);
    const best = means.indexOf(Math.max(...means));
    const loss = nmb[best].map((_, k) => Math.max(...nmb.map((x) => x[k])) - nmb[best][k]);
    const evpi = mean(loss);
    const tol = 3 * Math.hypot(se(loss), se(loss) * Math.sqrt(2));
    expect(Math.abs(evpi - 7836), `EVPI ${evpi} (tol ${tol})`).toBeLessThan(tol);
  }, 120_000);
});

describe("PSA restricted life expectancy of SoC, age-dependent Sick-Sicker (time-dependent tutorial)", () => {
  it("mean LE = Σ S(t), t = 0..75, agrees with the published 40.8 years within 3 combined SE plus rounding", () => {
    // Published: "restricted life expectancy le_SoC is 40.8 (95% credible interval: [38.4, 43.6])
    // cycles", the mean of 1,000 PSA runs, le_SoC <- sum(v_S_SoC) over rows t = 0..75. Ours: the
    // undiscounted life years of the model (method "beginning": one count per row t = 0..75).
    // Published SE: SD ≈ (43.6 − 38.4) / (2 × 1.96) = 1.327 from the interval, / √1000 = 0.042;
    // the figure is rounded to 0.1, so 0.05 is added to the tolerance.
    const spec = loadModel("darth-sick-sicker-age-dependent.json");
    spec.settings.discount = { costs: 0.03, outcomes: 0 };
    const psa = runPsa(spec, { n: N, seed: 2023, effect: "lifeYears" });
    const le = psa.outcomes.effects[psa.outcomes.strategies.indexOf("SoC")];
    const sePublished = (43.6 - 38.4) / (2 * 1.959964) / Math.sqrt(1000);
    const tol = 3 * Math.hypot(se(le), sePublished) + 0.05;
    expect(Math.abs(mean(le) - 40.8), `mean LE ${mean(le)} (tol ${tol})`).toBeLessThan(tol);
  }, 120_000);
});

describe("PSA of the HIV model (Chancellor 1997; Briggs et al. 2006 Exercise 4.7)", () => {
  const spec = loadModel("hiv-chancellor-1997.json");
  let psa: PsaResult;
  beforeAll(() => {
    psa = runPsa(spec, { n: N, seed: 47 });
  }, 120_000);
  // Exercise 4.7's transition counts (the Dirichlet's α), one per observed move.
  const COUNTS: Record<string, number> = {
    n_AA: 1251,
    n_AB: 350,
    n_AC: 116,
    n_AD: 17,
    n_BB: 731,
    n_BC: 512,
    n_BD: 15,
    n_CC: 1312,
    n_CD: 437,
  };

  it("draws the counts, costs and relative risk of Exercise 4.7, mean and variance within 3 SE of the closed form", () => {
    // Gamma(shape = count, scale = 1): mean = variance = count.
    for (const [id, n] of Object.entries(COUNTS)) expectMoments(column(psa.inputs, id), gammaShapeScale(n, 1), id);
    // Gamma(shape 1, scale = the published cost): SE = mean.
    const costs = { c_dmA: 1701, c_dmB: 1774, c_dmC: 6948, c_ccA: 1055, c_ccB: 1278, c_ccC: 2059 };
    for (const [id, m] of Object.entries(costs)) expectMoments(column(psa.inputs, id), gammaShapeScale(1, m), id);
    // LN7: mean 0.509 and SD (0.710 − 0.365) / (2 × 1.96) on the natural scale.
    expectMoments(column(psa.inputs, "rr_combo"), meanSe(0.509, (0.71 - 0.365) / 3.92), "rr_combo");
    expect(psa.parameters.length).toBe(9 + 6 + 1);
  }, 120_000);

  it("each row's transition probabilities are Dirichlet(counts): mean and variance of each within 3 SE", () => {
    const rows = [
      ["n_AA", "n_AB", "n_AC", "n_AD"],
      ["n_BB", "n_BC", "n_BD"],
      ["n_CC", "n_CD"],
    ];
    for (const row of rows) {
      const draws = row.map((id) => column(psa.inputs, id));
      const sumAlpha = row.reduce((s, id) => s + COUNTS[id], 0);
      row.forEach((id, j) => {
        const p = draws[j].map((x, k) => x / draws.reduce((s, c) => s + c[k], 0));
        // Dirichlet marginal: Beta(α_i, α₀ − α_i).
        expectMoments(p, betaAB(COUNTS[id], sumAlpha - COUNTS[id]), `p(${id})`);
      });
    }
  }, 120_000);

  it("rr_combo is rdecision's LN7 reading of Exercise 4.7: natural-scale mean 0.509, SD 0.0880 (sdlog 0.1716, median 0.5016)", () => {
    // rdecision (commit 50f22e5, tests/testthat/test-model-AZT.R; at 1.3.0 vignettes/SM01-HIV.Rmd):
    // LogNormModVar(p1 = 0.509, p2 = (0.710 − 0.365)/(2 · 1.96), "LN7"), LN7 = mean and SD on the
    // natural scale. By hand: SD = 0.0880102; σ² = ln(1 + (0.0880102/0.509)²) = 0.0294590, σ = 0.1716362;
    // μ = ln 0.509 − σ²/2 = −0.6900368, median e^μ = 0.5015576. (The log-scale reading would be
    // μ = ln 0.509 = −0.6753, σ = (ln 0.71 − ln 0.365)/3.92 = 0.1697.)
    const d = distributionOf("rr_combo", spec.parameters!.rr_combo as ParameterSpec) as {
      type: string;
      meanlog: number;
      sdlog: number;
    };
    expect(d.type).toBe("lognormal");
    expect(d.sdlog).toBeCloseTo(0.1716362, 6);
    expect(d.meanlog).toBeCloseTo(-0.6900368, 6);
    expect(Math.exp(d.meanlog)).toBeCloseTo(0.5015576, 6);
  });

  it("mean costs, half-cycle-corrected life years and their paired increments agree with the book's 1,000 Exercise 4.7 runs within 3 combined SE", () => {
    // The book's Exercise 4.7 solution spreadsheet, run 1,000 times (rdecision, tools/BriggsEx47.csv,
    // the source of its data set BriggsEx47): means and SEs (sample SD / √1000) of its columns:
    //   Mono LYs 8.4880 (SE 0.0065), Mono Cost 45,924.07 (613.03),
    //   Comb LYs 9.4126 (0.0084), Comb Cost 51,758.74 (594.86).
    // The book half-cycle corrects the life years but not the costs (Exercise 2.5), so costs come
    // from the model as shipped (counts at the end of each cycle) and life years from the same draws
    // (same seed, same parameters) counted with the half-cycle method.
    const published = {
      mono: { ly: [8.488, 0.0065], cost: [45924.07, 613.03] },
      combo: { ly: [9.4126, 0.0084], cost: [51758.74, 594.86] },
    } as const;
    const hc = JSON.parse(JSON.stringify(spec)) as ModelSpec;
    hc.settings.method = "half-cycle";
    const lyRun = runPsa(hc, { n: N, seed: 47, effect: "lifeYears" });
    for (const [id, x] of psa.inputs) expect(Array.from(column(lyRun.inputs, id)), id).toEqual(Array.from(x));
    // Paired increments, combo − mono, draw by draw (the absolute means below have SEs of ~GBP 600, so they
    // cannot see an error in the treatment effect that the paired difference can). The same CSV's
    // columns Diff incCost and Diff LYG: means 5,834.69 (SE 56.80) and 0.9247 (SE 0.0055), SE = sample
    // SD / √1000; our SE is that of our own paired draws.
    const mono = psa.outcomes.strategies.indexOf("mono");
    const combo = psa.outcomes.strategies.indexOf("combo");
    const dCost = psa.outcomes.costs[combo].map((c, k) => c - psa.outcomes.costs[mono][k]);
    const dLy = lyRun.outcomes.effects[combo].map((e, k) => e - lyRun.outcomes.effects[mono][k]);
    const tolDCost = 3 * Math.hypot(se(dCost), 56.7955);
    const tolDLy = 3 * Math.hypot(se(dLy), 0.0054939);
    expect(Math.abs(mean(dCost) - 5834.6856), `incremental cost ${mean(dCost)} (tol ${tolDCost})`).toBeLessThan(
      tolDCost,
    );
    expect(Math.abs(mean(dLy) - 0.9246235), `life years gained ${mean(dLy)} (tol ${tolDLy})`).toBeLessThan(tolDLy);
    for (const [i, id] of psa.outcomes.strategies.entries()) {
      const p = published[id as "mono" | "combo"];
      const cost = psa.outcomes.costs[i];
      const ly = lyRun.outcomes.effects[i];
      const tolCost = 3 * Math.hypot(se(cost), p.cost[1]);
      const tolLy = 3 * Math.hypot(se(ly), p.ly[1]);
      expect(Math.abs(mean(cost) - p.cost[0]), `${id} cost ${mean(cost)} (tol ${tolCost})`).toBeLessThan(tolCost);
      expect(Math.abs(mean(ly) - p.ly[0]), `${id} life years ${mean(ly)} (tol ${tolLy})`).toBeLessThan(tolLy);
    }
  }, 120_000);
});

describe("PSA of the THR model (Briggs et al. 2006 chapter 4, as coded in the LSHTM DM4HEE course)", () => {
  const spec = loadModel("briggs-thr-exercise-3-5.json");
  let psa: PsaResult;
  beforeAll(() => {
    psa = runPsa(spec, { n: N, seed: 35 });
  }, 120_000);

  it("draws the course's beta, gamma and normal parameters, mean and variance within 3 SE of the closed form", () => {
    const expected: Record<string, Moments> = {
      omrPTHR: betaAB(2, 98),
      omrRTHR: betaAB(2, 98),
      rrr: betaAB(4, 96),
      c_revisionTHR: meanSe(5294, 1487), // gamma by method of moments
      u_successP: meanSe(0.85, 0.03), // beta by method of moments
      u_revisionTHR: meanSe(0.3, 0.03),
      u_successR: meanSe(0.75, 0.04),
      // Multivariate normal: the regression coefficients (hazardfunction.csv; the model's values
      // carry heemod's transcription, one digit more for lngamma and ageC), variances cov55's diagonal.
      lngamma: { mean: 0.3740968, variance: 0.00225151199001 },
      cons: { mean: -5.490935, variance: 0.043219083664 },
      ageC: { mean: -0.0367022, variance: 0.00002715660544 },
      maleC: { mean: 0.768536, variance: 0.011895392356 },
      lnrrNP1: { mean: -1.344474, variance: 0.14636860414225 },
    };
    expect(psa.parameters.map((p) => p.id).sort()).toEqual(Object.keys(expected).sort());
    for (const [id, m] of Object.entries(expected)) expectMoments(column(psa.inputs, id), m, id);
  }, 120_000);

  it("the regression coefficients have the course's cov55 covariances, within 3 SE of the sample covariance", () => {
    // cov55.csv (lower triangle): cov(cons, age) = -0.000783, cov(lngamma, cons) = -0.005691,
    // cov(cons, male) = -0.007247, var(NP1) = 0.14636860414225. For normal data the sample covariance
    // s_ij has variance (σ_ij² + σ_ii σ_jj) / (n − 1).
    const cases: Array<[string, string, number, number, number]> = [
      ["cons", "ageC", -0.000783, 0.043219083664, 0.00002715660544],
      ["lngamma", "cons", -0.005691, 0.00225151199001, 0.043219083664],
      ["cons", "maleC", -0.007247, 0.043219083664, 0.011895392356],
      ["lnrrNP1", "lnrrNP1", 0.14636860414225, 0.14636860414225, 0.14636860414225],
    ];
    for (const [a, b, cov, va, vb] of cases) {
      const x = column(psa.inputs, a);
      const y = column(psa.inputs, b);
      const mx = mean(x);
      const my = mean(y);
      let s = 0;
      for (let k = 0; k < N; k++) s += (x[k] - mx) * (y[k] - my);
      s /= N - 1;
      const sd = Math.sqrt((cov ** 2 + va * vb) / (N - 1));
      expect(Math.abs(s - cov), `cov(${a}, ${b}) = ${s} vs ${cov} (3 SE = ${3 * sd})`).toBeLessThan(3 * sd);
    }
  }, 120_000);
});
