/**
 * Expected value of partial perfect information (EVPPI) from PSA samples, by regression
 * metamodel (Strong, Oakley & Brennan 2014, Med Decis Making 34:311) and, for single parameters,
 * by Strong & Oakley's (2013) non-parametric partition method.
 *
 * Regression: the incremental net benefit of each strategy against the first, INB_s, is regressed
 * on the parameters of interest φ; the fitted values ĝ_s(φ_k) estimate E[INB_s | φ_k], and
 *   EVPPI = mean_k max(0, ĝ_1(φ_k), …, ĝ_{S−1}(φ_k)) − max(0, mean_k ĝ_1(φ_k), …, mean_k ĝ_{S−1}(φ_k)).
 * The smoother is a penalised regression spline (P-spline: cubic B-splines on equally spaced knots
 * with a second-order difference penalty, Eilers & Marx 1996), the GAM-like choice of the R
 * packages voi and BCEA (mgcv `s()`, `te(..., bs = "cr")`). Each parameter enters through its
 * rank, scaled to (0, 1): E[INB | φ] = E[INB | rank(φ)] since the rank is a one-to-one function
 * of φ, and equally spaced knots on ranks put knots where the draws are; one unpenalised linear term
 * in each parameter's raw value keeps a long tail's trend (`design`). Groups of up to ~4
 * parameters use the tensor product of the margins' bases with one smoothing parameter for all
 * margins (mgcv's te() has one per margin: ours is the simpler isotropic case). The smoothing
 * parameter minimises GCV. Hand-written on ml-matrix (Cholesky solves) because no maintained
 * JavaScript GAM library exists; the normal equations are accumulated row by row over the few
 * non-zero basis functions per draw, so 10,000 draws cost milliseconds per parameter.
 *
 * Standard error: β is drawn from its Bayesian posterior N(β̂, σ̂² (XᵀX + λP)⁻¹) (as mgcv's Vp),
 * EVPPI recomputed for each draw, and the SD of those values reported (Strong et al. 2014, §2.4).
 */
import { CholeskyDecomposition, EigenvalueDecomposition, inverse, Matrix } from "ml-matrix";
import normalPkg from "@stdlib/random-base-normal";
import { ModelError } from "../model/errors.js";
import { uniformStream } from "../model/dist/rng.js";
import { gpFit, subsample, type GpOptions, type GpPosterior } from "./evppi-gp.js";

export interface EvppiResult {
  parameters: string[];
  evppi: number;
  /** Standard error of the estimate (P-spline or GP posterior simulation), when requested. */
  se?: number;
  /** "constant": a column with one value in every draw, EVPPI 0 by definition (not estimated; voiReport). */
  method: "pspline" | "tensor-pspline" | "gp" | "strong-oakley" | "constant";
  /** Effective degrees of freedom of the fit (regression), per strategy after the first. */
  edf?: number[];
  /** Share of the variance of each INB explained by the parameters (regression). */
  rSquared?: number[];
}

export interface EvppiOptions {
  /** Posterior draws for the standard error (0: no SE). Default 50. */
  seSamples?: number;
  /** Seed of the posterior draws for the standard error (and of the GP subsample). Default EVPPI_SE_SEED (1). */
  seed?: number;
  /**
   * Metamodel: "auto" (default) uses P-splines for groups of up to 4 parameters and a Gaussian
   * process (src/uncertainty/evppi-gp.ts) for larger groups; "pspline" (1 to 5 parameters) or
   * "gp" (any group size) force one.
   */
  method?: "auto" | "pspline" | "gp";
  /** Subsample caps of the Gaussian process (defaults 200 draws for hyperparameters, 2,000 for the fit). */
  gp?: GpOptions;
}

/**
 * Seed of the standard errors' posterior draws (and of a Gaussian process's subsamples) when
 * EvppiOptions gives none: the CLI and the report give none, so it is the same in every run, whatever
 * the PSA's own seed; an EVPPI table is reproducible from its draws alone.
 */
export const EVPPI_SE_SEED = 1;

/** Largest group the P-spline tensor product takes by default (3^4 = 81 columns); larger: GP. */
export const MAX_SPLINE_GROUP = 4;

/** Basis functions per margin for a group of d parameters (cols = k^d): 10, 6×6, 4×4×4, 3^4. */
const MARGIN_SIZE = [0, 10, 6, 4, 3];

/** Scaled ranks in (0, 1), ties sharing their average rank: (first + last)/2 + 0.5, over n. */
export function scaledRanks(x: ArrayLike<number>): Float64Array {
  // The same column is ranked once for its single EVPPI and again for each group holding it.
  const known = typeof x === "object" ? rankCache.get(x as object) : undefined;
  if (known) return known;
  const r = ranksOf(x);
  rankCache.set(x as object, r);
  return r;
}

const rankCache = new WeakMap<object, Float64Array>();

function ranksOf(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const sorted = Float64Array.from(x).sort(); // typed-array sort: numeric, and fast
  const r = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const v = x[k];
    let lo = 0;
    let hi = n; // first index with sorted[i] >= v
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    let last = lo;
    while (last + 1 < n && sorted[last + 1] === v) last++;
    r[k] = ((lo + last) / 2 + 0.5) / n;
  }
  return r;
}

/**
 * B-spline basis of `degree` on [0, 1] with K = nseg + degree functions on equally spaced knots
 * (extended beyond [0, 1]): writes the degree + 1 non-zero values at t into `val` and returns the
 * index of the first. Cox–de Boor recursion (Piegl & Tiller, The NURBS Book, algorithm A2.2) with
 * knot i at (i − degree)·h, so in segment units left(j) = u + j − 1 and right(j) = j − u.
 */
export function bspline(t: number, nseg: number, degree: number, val: Float64Array): number {
  const x = t * nseg;
  const seg = Math.min(nseg - 1, Math.max(0, Math.floor(x)));
  const u = x - seg;
  val[0] = 1;
  for (let j = 1; j <= degree; j++) {
    let saved = 0;
    for (let r = 0; r < j; r++) {
      const right = r + 1 - u; // right(r + 1)
      const left = u + j - r - 1; // left(j − r)
      const temp = val[r] / (right + left);
      val[r] = saved + right * temp;
      saved = left * temp;
    }
    val[j] = saved;
  }
  return seg;
}

function differencePenalty(k: number): Matrix {
  // Second differences D (k−2 × k); P = DᵀD.
  const D = Matrix.zeros(Math.max(1, k - 2), k);
  for (let i = 0; i < k - 2; i++) {
    D.set(i, i, 1);
    D.set(i, i + 1, -2);
    D.set(i, i + 2, 1);
  }
  return D.transpose().mmul(D);
}

/** Sparse tensor-product design: for each draw, `nnz` column indices and values. */
interface Design {
  p: number;
  nnz: number;
  cols: Int32Array;
  vals: Float64Array;
  penalty: Matrix;
  /** Columns of the spline basis (the first `splineColumns`; the raw-value linear terms follow). */
  splineColumns: number;
}

/**
 * (x − mean) / SD: a parameter's raw value on a unit scale (constant columns are refused before).
 * Divided by the largest |x| first, so values near the largest double neither overflow the sum nor
 * the squares; an SD that underflows to 0 leaves a column of zeros (its coefficient is then 0).
 */
function standardized(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  let top = 0;
  for (let k = 0; k < n; k++) top = Math.max(top, Math.abs(x[k]));
  const u = Float64Array.from(x, (v) => v / (top || 1));
  let mean = 0;
  for (let k = 0; k < n; k++) mean += u[k];
  mean /= n;
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (u[k] - mean) ** 2;
  const sd = Math.sqrt(ss / n);
  return u.map((v) => (sd > 0 ? (v - mean) / sd : 0));
}

/**
 * The tensor-product B-spline basis on the group's scaled ranks, then one unpenalised linear term in
 * each parameter's raw (standardised) value. The rank basis puts knots where the draws are, but a
 * parameter with a long right tail (a log-normal relative risk, a gamma cost) has its largest values,
 * where the decision may change, squeezed into the last few per cent of ranks, where a spline of 10
 * functions is nearly flat; the raw linear term keeps what a function linear in the value does there
 * (HIV model rr_combo, 100,000 draws: 4.4 ± 0.5 on ranks alone against 7.5 by Strong & Oakley's
 * method; tests/uncertainty/evppi-skewed.test.ts). mgcv's `s(x, bs = "cr")` on the raw value has the
 * same linear functions in its penalty's null space, as SAVI's and voi's Gaussian process has a
 * linear mean in the raw inputs.
 */
function design(ranks: Float64Array[], raw: Float64Array[]): Design {
  const d = ranks.length;
  const n = ranks[0].length;
  const K = MARGIN_SIZE[d] ?? 3;
  const degree = Math.min(3, K - 1);
  const nseg = K - degree;
  const local = degree + 1;
  const splineNnz = local ** d;
  const nnz = splineNnz + d;
  const splineColumns = K ** d;
  const p = splineColumns + d;
  const cols = new Int32Array(n * nnz);
  const vals = new Float64Array(n * nnz);
  const v = Array.from({ length: d }, () => new Float64Array(local));
  const first = new Int32Array(d);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < d; j++) first[j] = bspline(ranks[j][k], nseg, degree, v[j]);
    for (let m = 0; m < splineNnz; m++) {
      let col = 0;
      let val = 1;
      let rest = m;
      for (let j = 0; j < d; j++) {
        const o = rest % local;
        rest = (rest - o) / local;
        col = col * K + first[j] + o;
        val *= v[j][o];
      }
      cols[k * nnz + m] = col;
      vals[k * nnz + m] = val;
    }
    for (let j = 0; j < d; j++) {
      cols[k * nnz + splineNnz + j] = splineColumns + j;
      vals[k * nnz + splineNnz + j] = raw[j][k];
    }
  }
  // Isotropic tensor penalty: Σ_j I ⊗ … ⊗ P_j ⊗ … ⊗ I, zero on the raw linear terms.
  const P1 = differencePenalty(K);
  let spline = Matrix.zeros(splineColumns, splineColumns);
  for (let j = 0; j < d; j++) {
    let term = new Matrix([[1]]);
    for (let i = 0; i < d; i++) term = term.kroneckerProduct(i === j ? P1 : Matrix.eye(K));
    spline = spline.add(term);
  }
  const penalty = Matrix.zeros(p, p);
  penalty.setSubMatrix(spline, 0, 0);
  return { p, nnz, cols, vals, penalty, splineColumns };
}

function fitted(D: Design, beta: ArrayLike<number>, out: Float64Array): Float64Array {
  const { nnz, cols, vals } = D;
  for (let k = 0; k < out.length; k++) {
    let s = 0;
    for (let m = k * nnz, e = m + nnz; m < e; m++) s += vals[m] * beta[cols[m]];
    out[k] = s;
  }
  return out;
}

/** Checks the PSA samples: equal lengths, finite numbers, parameters not constant. */
function checkInputs(names: string[], inputs: ArrayLike<number>[], nb: ArrayLike<number>[]): void {
  const n = nb[0]?.length ?? 0;
  if (nb.length < 2)
    throw new ModelError({ where: "net benefit", message: "EVPPI needs at least two strategies", value: nb.length });
  for (let s = 0; s < nb.length; s++)
    if (nb[s].length !== n)
      throw new ModelError({
        where: `net benefit column ${s + 1}`,
        message: "columns differ in length",
        value: nb[s].length,
        expected: `${n} draws`,
      });
  inputs.forEach((x, j) => {
    if (x.length !== n)
      throw new ModelError({
        where: `parameter ${names[j]}`,
        message: "the inputs and the net benefits have different numbers of draws",
        value: x.length,
        expected: `${n}`,
      });
    let same = true;
    for (let k = 1; k < n && same; k++) same = x[k] === x[0];
    if (same)
      throw new ModelError({
        where: `parameter ${names[j]}`,
        message: "the column is constant: it carries no uncertainty to learn about",
        value: x[0],
        expected: "a parameter that varies across draws",
      });
  });
}

/**
 * The penalised fit for every smoothing parameter at once (Demmler–Reinsch): with
 * XᵀX + εI = L Lᵀ and L⁻¹ P L⁻ᵀ = U diag(s) Uᵀ, T = L⁻ᵀ U gives XᵀX + λP ≈ T⁻ᵀ (I + λ diag(s)) T⁻¹,
 * so for b̃ = Tᵀ Xᵀy: β(λ) = T (b̃ / (1 + λs)), edf = Σ 1/(1 + λs), and
 * RSS = yᵀy − Σ b̃²·(2/(1 + λs) − 1/(1 + λs)²). Each λ then costs O(p), not a p×p solve.
 */
interface Smoother {
  T: Matrix;
  s: Float64Array;
  /** Scale of λ: tr(XᵀX)/tr(P) over the spline columns, so the grid is the same for any basis size. */
  scale: number;
}

function smoother(D: Design, xtx: Float64Array): Smoother {
  const p = D.p;
  const XtX = new Matrix(p, p);
  let tr = 0;
  for (let i = 0; i < p; i++) tr += xtx[i * p + i];
  // A ridge of 1e-9 of the mean diagonal keeps XᵀX invertible when a tensor cell has no draws.
  const eps = (1e-9 * tr) / p;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) XtX.set(i, j, xtx[i * p + j] + (i === j ? eps : 0));
  const chol = new CholeskyDecomposition(XtX);
  if (!chol.isPositiveDefinite())
    throw new ModelError({
      where: "EVPPI regression",
      message: "the design is singular (are two parameters of the group identical?)",
      value: p,
    });
  const Linv = inverse(chol.lowerTriangularMatrix);
  const M = Linv.mmul(D.penalty).mmul(Linv.transpose());
  const evd = new EigenvalueDecomposition(M, { assumeSymmetric: true });
  const T = Linv.transpose().mmul(evd.eigenvectorMatrix);
  const s = Float64Array.from(evd.realEigenvalues, (x) => Math.max(0, x));
  let trSpline = 0;
  for (let i = 0; i < D.splineColumns; i++) trSpline += xtx[i * p + i];
  return { T, s, scale: trSpline / Math.max(1e-300, D.penalty.trace()) };
}

/** XᵀX from each draw's non-zero basis values (upper triangle, then mirrored). */
function crossProduct(D: Design, n: number): Float64Array {
  const { p, nnz, cols, vals } = D;
  const xtx = new Float64Array(p * p);
  for (let k = 0; k < n; k++) {
    const o = k * nnz;
    for (let a = 0; a < nnz; a++) {
      const ca = cols[o + a];
      const va = vals[o + a];
      const row = ca * p;
      for (let b = 0; b < nnz; b++) {
        const cb = cols[o + b];
        if (cb >= ca) xtx[row + cb] += va * vals[o + b];
      }
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) xtx[i * p + j] = xtx[j * p + i];
  return xtx;
}

/** EVPPI of the group `names` (columns `inputs`) by P-spline regression; `nb[s]` are net benefits per strategy. */
export function evppiRegression(
  names: string[],
  inputs: ArrayLike<number>[],
  nb: ArrayLike<number>[],
  options: EvppiOptions = {},
): EvppiResult {
  checkInputs(names, inputs, nb);
  // Net benefits near the largest double (1e300, finite and accepted) overflowed the squares of the
  // fit and gave EVPPI estimates unrelated to those of the same samples in smaller units; below
  // 1e-150 the squares underflow. Such samples are fitted divided by a power of two (exact, so the
  // estimate is the scaled one's to the last bit) and the results multiplied back.
  let top = 0;
  for (const col of nb) for (let k = 0; k < col.length; k++) top = Math.max(top, Math.abs(col[k]));
  if (top > 1e150 || (top > 0 && top < 1e-150)) {
    const scale = 2 ** Math.floor(Math.log2(top));
    const r = evppiRegression(
      names,
      inputs,
      nb.map((col) => Float64Array.from(col, (x) => x / scale)),
      options,
    );
    return { ...r, evppi: r.evppi * scale, ...(r.se === undefined ? {} : { se: r.se * scale }) };
  }
  const method = options.method ?? "auto";
  if (method === "gp" || (method === "auto" && inputs.length > MAX_SPLINE_GROUP))
    return evppiGp(names, inputs, nb, options);
  if (inputs.length < 1 || inputs.length > 5)
    throw new ModelError({
      where: `group ${names.join(",")}`,
      message: "regression EVPPI takes groups of 1 to 5 parameters",
      value: inputs.length,
    });
  const n = nb[0].length;
  const D = design(inputs.map(scaledRanks), inputs.map(standardized));
  const xtx = crossProduct(D, n);
  const sm = smoother(D, xtx);
  const S = nb.length;
  const fits: Fit[] = [];
  const r2: number[] = [];
  for (let s = 1; s < S; s++) {
    const y = incrementalNb(nb, s);
    const fit = fitSmooth(D, sm, y);
    r2.push(rSquared(y, fit.rss));
    fits.push(fit);
  }
  const g = fits.map((f) => fitted(D, f.beta, new Float64Array(n)));
  // The fitted conditional means can overshoot by noise; the estimate never exceeds the EVPI of the same draws.
  const evppi = Math.min(evppiOfFitted(g), evpiOf(nb));
  const result: EvppiResult = {
    parameters: names,
    evppi,
    method: inputs.length === 1 ? "pspline" : "tensor-pspline",
    edf: fits.map((f) => f.edf),
    rSquared: r2,
  };
  const M = options.seSamples ?? 50;
  if (M > 1) result.se = posteriorSe(D, sm, fits, M, options.seed ?? EVPPI_SE_SEED, names.join(","));
  return result;
}

/** The incremental net benefit of strategy s against the first, per draw: what both metamodels regress. */
function incrementalNb(nb: ArrayLike<number>[], s: number): Float64Array {
  return Float64Array.from({ length: nb[0].length }, (_, k) => nb[s][k] - nb[0][k]);
}

/** R² of a fit of y with residual sum of squares rss: 1 − rss / TSS, 0 when y does not vary. */
function rSquared(y: Float64Array, rss: number): number {
  let mean = 0;
  for (let k = 0; k < y.length; k++) mean += y[k];
  mean /= y.length;
  let tss = 0;
  for (let k = 0; k < y.length; k++) tss += (y[k] - mean) ** 2;
  return tss > 0 ? 1 - rss / tss : 0;
}

/**
 * EVPPI of a group by Gaussian-process regression of each INB on the group's scaled ranks, with a
 * standard error from the GP posterior of the fitted means (evppi-gp.ts explains it).
 */
function evppiGp(
  names: string[],
  inputs: ArrayLike<number>[],
  nb: ArrayLike<number>[],
  options: EvppiOptions,
): EvppiResult {
  if (inputs.length < 1)
    throw new ModelError({ where: "EVPPI group", message: "a group needs at least one parameter", value: 0 });
  const n = nb[0].length;
  const id = names.join(",");
  const ranks = inputs.map(scaledRanks);
  const raw = inputs.map(standardized);
  const M = options.seSamples ?? 50;
  const seed = options.seed ?? EVPPI_SE_SEED;
  const points = M > 1 ? subsample(n, Math.min(n, options.gp?.sePoints ?? 200), seed, `se:${id}`) : undefined;
  const g: Float64Array[] = [];
  const r2: number[] = [];
  const posteriors: GpPosterior[] = [];
  for (let s = 1; s < nb.length; s++) {
    const y = incrementalNb(nb, s);
    const fit = gpFit(ranks, y, { seed, ...options.gp }, `${id}:${s}`, points, raw);
    let rss = 0;
    for (let k = 0; k < n; k++) rss += (y[k] - fit.fitted[k]) ** 2;
    r2.push(rSquared(y, rss));
    g.push(fit.fitted);
    if (fit.posterior) posteriors.push(fit.posterior);
  }
  const result: EvppiResult = {
    parameters: names,
    evppi: Math.min(evppiOfFitted(g), evpiOf(nb)),
    method: "gp",
    rSquared: r2,
  };
  if (points && posteriors.length === g.length) result.se = gpPosteriorSe(posteriors, M, seed, id);
  return result;
}

/** SD over M draws f_s ~ N(μ_s, L_s L_sᵀ) at the posterior points of mean max(0, f_s) − max(0, mean f_s). */
function gpPosteriorSe(posteriors: GpPosterior[], M: number, seed: number, id: string): number {
  const P = posteriors[0].points.length;
  const randn = normalPkg.factory(0, 1, { prng: uniformStream(seed, `evppi-gp-se:${id}`) });
  const f = posteriors.map(() => new Float64Array(P));
  const z = new Float64Array(P);
  const values: number[] = [];
  for (let m = 0; m < M; m++) {
    posteriors.forEach((post, s) => {
      for (let c = 0; c < P; c++) z[c] = randn();
      for (let a = 0; a < P; a++) {
        let v = post.mean[a];
        for (let b = 0; b <= a; b++) v += post.factor[a * P + b] * z[b];
        f[s][a] = v;
      }
    });
    values.push(evppiOfFitted(f));
  }
  return sampleSd(values);
}

/**
 * Sample SD (n − 1) of the posterior EVPPI values, computed on the values divided by the largest
 * magnitude and scaled back: squares of net benefits near 1e300 (finite, and accepted) overflowed
 * to an SE of Infinity.
 */
function sampleSd(values: readonly number[]): number {
  const top = values.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  if (!(top > 0) || !Number.isFinite(top)) return top === 0 ? 0 : NaN;
  const u = values.map((v) => v / top);
  const mean = u.reduce((a, v) => a + v, 0) / u.length;
  return top * Math.sqrt(u.reduce((a, v) => a + (v - mean) ** 2, 0) / (u.length - 1));
}

interface Fit {
  beta: Float64Array;
  /** b̃ shrunk: the coefficients in the Demmler–Reinsch basis, and 1/(1 + λs). */
  shrink: Float64Array;
  edf: number;
  rss: number;
  sigma2: number;
}

/** EVPI of net benefits nb[s][k]: mean over draws of the best NB minus the best mean NB. */
function evpiOf(nb: ArrayLike<number>[]): number {
  const n = nb[0].length;
  let meanMax = 0;
  const means = new Float64Array(nb.length);
  for (let k = 0; k < n; k++) {
    let m = -Infinity;
    for (let s = 0; s < nb.length; s++) {
      means[s] += nb[s][k];
      if (nb[s][k] > m) m = nb[s][k];
    }
    meanMax += m;
  }
  return Math.max(0, meanMax / n - Math.max(...means) / n);
}

/**
 * EVPPI from fitted conditional means g_s(φ_k) of each INB_s: mean_k max(0, g_s(k)) − max(0, mean_k
 * g_s(k)), the incremental form of voi's `mean(apply(fit, 1, max)) − max(colMeans(fit))`. The
 * baseline is the fit's own mean, not the data's mean INB: a spline's fitted values average to the
 * data's mean (its basis sums to 1), but a Gaussian process's need not, and the difference went
 * straight into the estimate (HIV model, c_ccA, 10,000 draws: 25.5 when no fitted value changed the
 * decision, where the EVPPI is 0). For a posterior draw of the fitted values the same baseline keeps
 * the intercept's noise out of the SE (SAVI's `sampled.baseline`, Strong et al. 2014 §2.4): on
 * SAVI's 1,000-draw Brennan sample a parameter with EVPPI 0 got an SE of 50–80 (£) the other way.
 */
function evppiOfFitted(g: Float64Array[]): number {
  const n = g[0].length;
  let meanMax = 0;
  for (let k = 0; k < n; k++) {
    let m = 0;
    for (const col of g) if (col[k] > m) m = col[k];
    meanMax += m;
  }
  const means = g.map((col) => col.reduce((a, v) => a + v, 0) / n);
  return Math.max(0, meanMax / n - Math.max(0, ...means));
}

/** The GCV-optimal fit of y over λ = scale·10^e, e = −6, −5.75, …, 4. */
function fitSmooth(D: Design, sm: Smoother, y: Float64Array): Fit {
  const { p, nnz, cols, vals } = D;
  const n = y.length;
  const xty = new Float64Array(p);
  let yty = 0;
  for (let k = 0; k < n; k++) {
    yty += y[k] * y[k];
    for (let m = k * nnz, e = m + nnz; m < e; m++) xty[cols[m]] += vals[m] * y[k];
  }
  const bt = new Float64Array(p); // b̃ = Tᵀ Xᵀy
  for (let i = 0; i < p; i++) {
    let t = 0;
    for (let j = 0; j < p; j++) t += sm.T.get(j, i) * xty[j];
    bt[i] = t;
  }
  let best = { gcv: Infinity, lambda: 0, edf: 0, rss: 0 };
  for (let e = -6; e <= 4.0001; e += 0.25) {
    const lambda = sm.scale * 10 ** e;
    let edf = 0;
    let fitted = 0;
    for (let i = 0; i < p; i++) {
      const w = 1 / (1 + lambda * sm.s[i]);
      edf += w;
      fitted += bt[i] * bt[i] * (2 * w - w * w);
    }
    const rss = Math.max(0, yty - fitted);
    const gcv = (n * rss) / (n - edf) ** 2;
    if (gcv < best.gcv) best = { gcv, lambda, edf, rss };
  }
  const shrink = Float64Array.from(sm.s, (x) => 1 / (1 + best.lambda * x));
  const beta = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let t = 0;
    for (let j = 0; j < p; j++) t += sm.T.get(i, j) * bt[j] * shrink[j];
    beta[i] = t;
  }
  return { beta, shrink, edf: best.edf, rss: best.rss, sigma2: best.rss / Math.max(1, n - best.edf) };
}

/** SD of EVPPI over draws of β from N(β̂, σ² (XᵀX + λP)⁻¹) = β̂ + σ T diag(√shrink) z. */
function posteriorSe(D: Design, sm: Smoother, fits: Fit[], M: number, seed: number, id: string): number {
  const n = D.cols.length / D.nnz;
  const p = D.p;
  const randn = normalPkg.factory(0, 1, { prng: uniformStream(seed, `evppi-se:${id}`) });
  const g = fits.map(() => new Float64Array(n));
  const values: number[] = [];
  const z = new Float64Array(p);
  const b = new Float64Array(p);
  for (let m = 0; m < M; m++) {
    fits.forEach((f, s) => {
      const sd = Math.sqrt(f.sigma2);
      for (let j = 0; j < p; j++) z[j] = randn() * Math.sqrt(f.shrink[j]);
      for (let i = 0; i < p; i++) {
        let t = 0;
        for (let j = 0; j < p; j++) t += sm.T.get(i, j) * z[j];
        b[i] = f.beta[i] + sd * t;
      }
      fitted(D, b, g[s]);
    });
    values.push(evppiOfFitted(g));
  }
  return sampleSd(values);
}

/**
 * Strong & Oakley (2013) non-parametric EVPPI for one parameter: draws sorted by the parameter and
 * cut into `bins` groups of equal size; within each group the conditional expected NB is the group
 * mean. EVPPI = mean over groups of max_s(group mean NB_s) − max_s(mean NB_s). It is biased upward
 * by within-group noise (more bins: less smoothing bias, more noise); default √n bins.
 */
export function evppiStrongOakley(
  name: string,
  x: ArrayLike<number>,
  nb: ArrayLike<number>[],
  bins?: number,
): EvppiResult {
  checkInputs([name], [x], nb);
  const n = x.length;
  const B = Math.max(1, Math.min(n, bins ?? Math.round(Math.sqrt(n))));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  let sumMax = 0;
  const total = new Float64Array(nb.length);
  for (let b = 0; b < B; b++) {
    const lo = Math.floor((b * n) / B);
    const hi = Math.floor(((b + 1) * n) / B);
    const sums = new Float64Array(nb.length);
    for (let i = lo; i < hi; i++) for (let s = 0; s < nb.length; s++) sums[s] += nb[s][order[i]];
    let m = -Infinity;
    for (let s = 0; s < nb.length; s++) {
      total[s] += sums[s];
      m = Math.max(m, sums[s] / (hi - lo));
    }
    sumMax += m * (hi - lo);
  }
  const evppi = Math.max(0, sumMax / n - Math.max(...Array.from(total, (t) => t / n)));
  return { parameters: [name], evppi: Math.min(evppi, evpiOf(nb)), method: "strong-oakley" };
}
