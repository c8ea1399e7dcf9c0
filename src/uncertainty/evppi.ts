/**
 * Expected value of partial perfect information (EVPPI) from PSA samples, by regression
 * metamodel (Strong, Oakley & Brennan 2014, Med Decis Making 34:311) and, for single parameters,
 * by Strong & Oakley's (2013) non-parametric partition method.
 *
 * Regression: the incremental net benefit of each strategy against the first, INB_s, is regressed
 * on the parameters of interest φ; the fitted values ĝ_s(φ_k) estimate E[INB_s | φ_k], and
 *   EVPPI = mean_k max(0, ĝ_1(φ_k), …, ĝ_{S−1}(φ_k)) − max(0, mean INB_1, …, mean INB_{S−1}).
 * The smoother is a penalised regression spline (P-spline: cubic B-splines on equally spaced knots
 * with a second-order difference penalty, Eilers & Marx 1996), the GAM-like choice of the R
 * packages voi and BCEA (mgcv `s()`, `te(..., bs = "cr")`). Each parameter enters through its
 * rank, scaled to (0, 1): E[INB | φ] = E[INB | rank(φ)] since the rank is a one-to-one function
 * of φ, and equally spaced knots on ranks put knots where the draws are. Groups of up to ~4
 * parameters use the tensor product of the margins' bases with one smoothing parameter for all
 * margins (mgcv's te() has one per margin: ours is the simpler isotropic case). The smoothing
 * parameter minimises GCV. Hand-written on ml-matrix (Cholesky solves) because no maintained
 * JavaScript GAM library exists; the normal equations are accumulated row by row over the few
 * non-zero basis functions per draw, so 10,000 draws cost milliseconds per parameter.
 *
 * Standard error: β is drawn from its Bayesian posterior N(β̂, σ̂² (XᵀX + λP)⁻¹) (as mgcv's Vp),
 * EVPPI recomputed for each draw, and the SD of those values reported (Strong et al. 2014, §2.4).
 */
import { CholeskyDecomposition, Matrix } from "ml-matrix";
import normalPkg from "@stdlib/random-base-normal";
import { ModelError } from "../model/errors.js";
import { uniformStream } from "../model/dist/rng.js";

export interface EvppiResult {
  parameters: string[];
  evppi: number;
  /** Standard error of the estimate (regression), when requested. */
  se?: number;
  method: "pspline" | "tensor-pspline" | "strong-oakley";
  /** Effective degrees of freedom of the fit (regression), per strategy after the first. */
  edf?: number[];
  /** Share of the variance of each INB explained by the parameters (regression). */
  rSquared?: number[];
}

export interface EvppiOptions {
  /** Posterior draws for the standard error (0: no SE). Default 50. */
  seSamples?: number;
  /** Seed of the posterior draws for the standard error. Default 1. */
  seed?: number;
}

/** Basis functions per margin for a group of d parameters (cols = k^d): 10, 6×6, 4×4×4, 3^4. */
const MARGIN_SIZE = [0, 10, 6, 4, 3];

/** Scaled ranks in (0, 1), ties sharing their average rank. */
export function scaledRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1]] === x[idx[i]]) j++;
    const avg = (i + j) / 2;
    for (let k = i; k <= j; k++) r[idx[k]] = (avg + 0.5) / n;
    i = j + 1;
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
}

function design(ranks: Float64Array[]): Design {
  const d = ranks.length;
  const n = ranks[0].length;
  const K = MARGIN_SIZE[d] ?? 3;
  const degree = Math.min(3, K - 1);
  const nseg = K - degree;
  const local = degree + 1;
  const nnz = local ** d;
  const p = K ** d;
  const cols = new Int32Array(n * nnz);
  const vals = new Float64Array(n * nnz);
  const v = Array.from({ length: d }, () => new Float64Array(local));
  const first = new Int32Array(d);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < d; j++) first[j] = bspline(ranks[j][k], nseg, degree, v[j]);
    for (let m = 0; m < nnz; m++) {
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
  }
  // Isotropic tensor penalty: Σ_j I ⊗ … ⊗ P_j ⊗ … ⊗ I.
  const P1 = differencePenalty(K);
  let penalty = Matrix.zeros(p, p);
  for (let j = 0; j < d; j++) {
    let term = new Matrix([[1]]);
    for (let i = 0; i < d; i++) term = term.kroneckerProduct(i === j ? P1 : Matrix.eye(K));
    penalty = penalty.add(term);
  }
  return { p, nnz, cols, vals, penalty };
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
  if (nb.length < 2) throw new ModelError({ where: "net benefit", message: "EVPPI needs at least two strategies", value: nb.length });
  for (let s = 0; s < nb.length; s++) if (nb[s].length !== n) throw new ModelError({ where: `net benefit column ${s + 1}`, message: "columns differ in length", value: nb[s].length, expected: `${n} draws` });
  inputs.forEach((x, j) => {
    if (x.length !== n) throw new ModelError({ where: `parameter ${names[j]}`, message: "the inputs and the net benefits have different numbers of draws", value: x.length, expected: `${n}` });
    let same = true;
    for (let k = 1; k < n && same; k++) same = x[k] === x[0];
    if (same) throw new ModelError({ where: `parameter ${names[j]}`, message: "the column is constant: it carries no uncertainty to learn about", value: x[0], expected: "a parameter that varies across draws" });
  });
}

/** EVPPI of the group `names` (columns `inputs`) by P-spline regression; `nb[s]` are net benefits per strategy. */
export function evppiRegression(names: string[], inputs: ArrayLike<number>[], nb: ArrayLike<number>[], options: EvppiOptions = {}): EvppiResult {
  checkInputs(names, inputs, nb);
  if (inputs.length < 1 || inputs.length > 5) throw new ModelError({ where: `group ${names.join(",")}`, message: "regression EVPPI takes groups of 1 to 5 parameters", value: inputs.length });
  const n = nb[0].length;
  const D = design(inputs.map(scaledRanks));
  const { p, nnz, cols, vals } = D;
  // XᵀX, accumulated over each draw's non-zero basis values (upper triangle, mirrored below).
  const xtx = new Float64Array(p * p);
  for (let k = 0; k < n; k++) {
    const o = k * nnz;
    for (let a = 0; a < nnz; a++) {
      const ca = cols[o + a] * p;
      const va = vals[o + a];
      for (let b = 0; b < nnz; b++) xtx[ca + cols[o + b]] += va * vals[o + b];
    }
  }
  const XtX = new Matrix(p, p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) XtX.set(i, j, xtx[i * p + j]);
  const scale = XtX.trace() / Math.max(1e-300, D.penalty.trace());

  const S = nb.length;
  const g: Float64Array[] = [];
  const betas: Array<{ beta: Matrix; chol: CholeskyDecomposition; sigma2: number }> = [];
  const edf: number[] = [];
  const r2: number[] = [];
  const meanInb: number[] = [];
  for (let s = 1; s < S; s++) {
    const y = new Float64Array(n);
    let mean = 0;
    for (let k = 0; k < n; k++) mean += y[k] = nb[s][k] - nb[0][k];
    mean /= n;
    meanInb.push(mean);
    const best = fitSmooth(D, XtX, y, scale);
    edf.push(best.edf);
    let tss = 0;
    for (let k = 0; k < n; k++) tss += (y[k] - mean) ** 2;
    r2.push(tss > 0 ? 1 - best.rss / tss : 0);
    g.push(fitted(D, best.beta.to1DArray(), new Float64Array(n)));
    betas.push({ beta: best.beta, chol: best.chol, sigma2: best.rss / Math.max(1, n - best.edf) });
  }
  const evppi = evppiFromFitted(g, meanInb);
  const result: EvppiResult = { parameters: names, evppi, method: inputs.length === 1 ? "pspline" : "tensor-pspline", edf, rSquared: r2 };
  const M = options.seSamples ?? 50;
  if (M > 1) result.se = posteriorSe(D, betas, meanInb, M, options.seed ?? 1, names.join(","));
  return result;
}

/** mean_k max(0, g_s(k)) − max(0, mean INB_s): the incremental form of mean max − max mean. */
function evppiFromFitted(g: Float64Array[], meanInb: number[]): number {
  const n = g[0].length;
  let meanMax = 0;
  for (let k = 0; k < n; k++) {
    let m = 0;
    for (const col of g) if (col[k] > m) m = col[k];
    meanMax += m;
  }
  return Math.max(0, meanMax / n - Math.max(0, ...meanInb));
}

/** The GCV-optimal penalised fit of y over a grid of smoothing parameters λ·scale, 10^−6 … 10^4. */
function fitSmooth(D: Design, XtX: Matrix, y: Float64Array, scale: number): { beta: Matrix; chol: CholeskyDecomposition; edf: number; rss: number } {
  const { p, nnz, cols, vals } = D;
  const n = y.length;
  const xty = new Float64Array(p);
  let yty = 0;
  for (let k = 0; k < n; k++) {
    yty += y[k] * y[k];
    for (let m = k * nnz, e = m + nnz; m < e; m++) xty[cols[m]] += vals[m] * y[k];
  }
  const Xty = Matrix.columnVector(Array.from(xty));
  let best: { beta: Matrix; chol: CholeskyDecomposition; edf: number; rss: number; gcv: number } | null = null;
  for (let e = -6; e <= 4; e += 0.5) {
    // ml-matrix's add/mul work in place: copy first.
    const A = XtX.clone().add(D.penalty.clone().mul(scale * 10 ** e));
    const chol = new CholeskyDecomposition(A);
    if (!chol.isPositiveDefinite()) continue;
    const beta = chol.solve(Xty);
    const edf = chol.solve(XtX).trace();
    const bXty = beta.transpose().mmul(Xty).get(0, 0);
    const bXtXb = beta.transpose().mmul(XtX).mmul(beta).get(0, 0);
    const rss = Math.max(0, yty - 2 * bXty + bXtXb);
    const gcv = (n * rss) / (n - edf) ** 2;
    if (!best || gcv < best.gcv) best = { beta, chol, edf, rss, gcv };
  }
  if (!best) throw new ModelError({ where: "EVPPI regression", message: "the smoother could not be fitted (singular design)", value: p });
  return best;
}

/** SD of EVPPI over draws of β from its posterior N(β̂, σ² A⁻¹): β = β̂ + σ L⁻ᵀ z with A = L Lᵀ. */
function posteriorSe(D: Design, fits: Array<{ beta: Matrix; chol: CholeskyDecomposition; sigma2: number }>, meanInb: number[], M: number, seed: number, id: string): number {
  const n = D.cols.length / D.nnz;
  const randn = normalPkg.factory(0, 1, { prng: uniformStream(seed, `evppi-se:${id}`) });
  const g = fits.map(() => new Float64Array(n));
  const values: number[] = [];
  const Lt = fits.map((f) => f.chol.lowerTriangularMatrix.transpose());
  for (let m = 0; m < M; m++) {
    fits.forEach((f, s) => {
      const z = Matrix.columnVector(Array.from({ length: D.p }, () => randn()));
      // Solve Lᵀ w = z (back substitution): w ~ N(0, A⁻¹).
      const w = new Float64Array(D.p);
      for (let i = D.p - 1; i >= 0; i--) {
        let t = z.get(i, 0);
        for (let j = i + 1; j < D.p; j++) t -= Lt[s].get(i, j) * w[j];
        w[i] = t / Lt[s].get(i, i);
      }
      const sd = Math.sqrt(f.sigma2);
      const b = f.beta.to1DArray().map((x, i) => x + sd * w[i]);
      fitted(D, b, g[s]);
    });
    values.push(evppiFromFitted(g, meanInb));
  }
  const mean = values.reduce((a, b) => a + b, 0) / M;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (M - 1));
}

/**
 * Strong & Oakley (2013) non-parametric EVPPI for one parameter: draws sorted by the parameter and
 * cut into `bins` groups of equal size; within each group the conditional expected NB is the group
 * mean. EVPPI = mean over groups of max_s(group mean NB_s) − max_s(mean NB_s). It is biased upward
 * by within-group noise (more bins: less smoothing bias, more noise); default √n bins.
 */
export function evppiStrongOakley(name: string, x: ArrayLike<number>, nb: ArrayLike<number>[], bins?: number): EvppiResult {
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
  return { parameters: [name], evppi: Math.max(0, sumMax / n - Math.max(...Array.from(total, (t) => t / n))), method: "strong-oakley" };
}
