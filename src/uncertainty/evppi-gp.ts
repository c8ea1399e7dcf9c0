/**
 * EVPPI for groups of many parameters by Gaussian-process regression (Strong, Oakley & Brennan
 * 2014, Med Decis Making 34:311, §2.3): each incremental net benefit INB_s is modelled as
 *   INB_s(φ) = h(φ)ᵀβ + f(φ) + ε,  f ~ GP(0, σf² exp(−Σ_j ((φ_j − φ'_j)/ℓ_j)²)),  ε ~ N(0, σn²),
 * a linear mean in the parameters' raw values (h = (1, standardised φ), as SAVI's and voi's GP) and a
 * squared-exponential covariance with one length-scale per input. The hyperparameters
 * (log ℓ_j, log σf², log σn²) maximise the log marginal likelihood by Nelder–Mead on a small
 * subsample; β (generalised least squares) and the posterior mean f̂ = K(φ, Φ_m)(K_m + σn² I)⁻¹
 * (y_m − H_m β) from a larger subsample are then evaluated at every draw, and EVPPI is computed
 * from the fitted values as for splines (evppi.ts `evppiOfFitted`).
 *
 * The covariance's inputs are scaled ranks in (0, 1) (as in the spline method: E[INB | φ] =
 * E[INB | rank φ]), so one length-scale grid suits every parameter whatever its unit; the linear
 * mean on the raw values keeps a long tail's trend (evppi.ts `design`). The outcome is centred and
 * scaled by its SD before fitting.
 *
 * Cost: the fit is O(m³) (Cholesky of an m × m matrix); ml-matrix does a 1,000 × 1,000 Cholesky in
 * ~1–4 s on the (shared, 2-core) project machine, so the defaults cap the hyperparameter search at
 * 200 draws (at most 30·(d+2) likelihood evaluations) and the posterior mean at 2,000 draws (SAVI
 * caps at 7,500 with compiled linear algebra; in JavaScript that would take minutes per strategy).
 * Measured on the 5-parameter test group (true EVPPI 1,268 on those draws): fit on 1,000 draws
 * gave 1,176, on 2,000 draws 1,259 (the GP oversmooths noisy INB when fitted on few draws, so
 * the estimate is biased down; 1,091 and 1,212 with a constant mean); a larger hyperparameter
 * subsample (400) changed little (constant mean). Both caps are options.
 * Nelder–Mead is hand-written (~40 lines) because no maintained optimiser is among the project's
 * dependencies; the decompositions are ml-matrix's.
 *
 * Standard error (the GP analogue of mgcv's and voi's simulation from the posterior of the fitted
 * values): at `sePoints` draws P (a seeded subsample, default 200), the posterior of f given the
 * fit subsample F is Gaussian with mean H_P β + K_PF A⁻¹ (y − H_F β), A = K_FF + σn² I, and covariance
 *   Σ = K_PP − K_PF A⁻¹ K_FP + R (H_Fᵀ A⁻¹ H_F)⁻¹ Rᵀ = K_PP − VᵀV + R Q⁻¹ Rᵀ,
 *   V = L⁻¹ K_FP (L the Cholesky factor of A), R = H_P − K_PF A⁻¹ H_F, Q = H_Fᵀ A⁻¹ H_F
 * (Rasmussen & Williams 2006, Gaussian Processes for Machine Learning, eqs. 2.24 and 2.42, algorithm
 * 2.1; the last term is the linear mean's uncertainty). evppi.ts draws f_s ~ N(μ_s, Σ_s) for every
 * strategy, recomputes mean_P max(0, f_s) − max(0, mean_P f_s) and reports the SD of those values.
 * The hyperparameters are held at their fitted values (as mgcv holds λ), so the SE understates the
 * uncertainty a little. Cost: the forward solve is
 * |F|²·|P|/2 multiply-adds (2,000 fit draws × 200 points: 0.4·10⁹, about a second).
 */
import { CholeskyDecomposition, inverse, Matrix, solve } from "ml-matrix";
import { sampleWithoutReplacement, uniformStream } from "../model/dist/rng.js";
// exp and log of src/model/math.ts (stdlib, same bits in every engine): the page's upload worker must
// give `cartecon voi`'s numbers to the last digit, and Math.exp differs between Node and Chromium.
import { exp, log } from "../model/math.js";

export interface GpOptions {
  /** Draws used to fit the hyperparameters (marginal likelihood). Default 200. */
  hyperDraws?: number;
  /** Draws used for the posterior mean (one Cholesky of this size per strategy). Default 2,000. */
  fitDraws?: number;
  /** Seed of the subsample choice. Default 1. */
  seed?: number;
  /** Draws at which the posterior is simulated for the standard error (0: none). Default 200. */
  sePoints?: number;
}

/** The posterior of f at the draws `points`, in the outcome's units (for the standard error). */
export interface GpPosterior {
  points: Int32Array;
  mean: Float64Array;
  /** Lower Cholesky factor of the posterior covariance at `points` (row-major |P| × |P|). */
  factor: Float64Array;
}

export interface GpFit {
  /** Posterior mean of INB at every draw. */
  fitted: Float64Array;
  /** Length-scales on the scaled-rank scale, per input. */
  lengthScales: number[];
  /** Share of the variance of the subsample explained: σf² / (σf² + σn²). */
  signalShare: number;
  /** The posterior at the standard-error points, when `points` were given to gpFit. */
  posterior?: GpPosterior;
}

/** Squared-exponential covariance of rows a and b of the scaled inputs `x` (column-major per input). */
function kernel(x: Float64Array[], a: number, b: number, invL2: number[], sf2: number): number {
  let s = 0;
  for (let j = 0; j < x.length; j++) {
    const d = x[j][a] - x[j][b];
    s += d * d * invL2[j];
  }
  return sf2 * exp(-s);
}

/** K(Φ_idx, Φ_idx) + σn² I for the draws `idx`. */
function gram(x: Float64Array[], idx: Int32Array, invL2: number[], sf2: number, sn2: number): Matrix {
  const m = idx.length;
  const K = new Matrix(m, m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < i; j++) {
      const v = kernel(x, idx[i], idx[j], invL2, sf2);
      K.set(i, j, v);
      K.set(j, i, v);
    }
    K.set(i, i, sf2 + sn2);
  }
  return K;
}

/** Log marginal likelihood −½ yᵀK⁻¹y − Σ log L_ii − (m/2) log 2π at θ = (log ℓ_1..d, log σf², log σn²). */
function logLik(x: Float64Array[], idx: Int32Array, y: Matrix, theta: number[]): number {
  const d = x.length;
  const invL2 = theta.slice(0, d).map((t) => exp(-2 * t));
  const chol = new CholeskyDecomposition(gram(x, idx, invL2, exp(theta[d]), exp(theta[d + 1])));
  if (!chol.isPositiveDefinite()) return -Infinity;
  const alpha = chol.solve(y);
  const L = chol.lowerTriangularMatrix;
  let ll = 0;
  for (let i = 0; i < idx.length; i++) ll -= 0.5 * y.get(i, 0) * alpha.get(i, 0) + log(L.get(i, i));
  return ll - 0.5 * idx.length * log(2 * Math.PI);
}

/** Nelder–Mead minimisation of f from x0 with initial steps `step` (standard coefficients 1, 2, ½, ½). */
export function nelderMead(f: (x: number[]) => number, x0: number[], step: number, maxEval: number): number[] {
  const n = x0.length;
  let simplex = [x0, ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + step : v)))].map((p) => ({ p, v: f(p) }));
  let evals = n + 1;
  const comb = (a: number[], b: number[], t: number) => a.map((v, i) => v + t * (b[i] - v));
  while (evals < maxEval) {
    simplex.sort((a, b) => a.v - b.v);
    if (Math.abs(simplex[n].v - simplex[0].v) < 1e-6 * (1 + Math.abs(simplex[0].v))) break;
    const centroid = x0.map((_, i) => simplex.slice(0, n).reduce((s, q) => s + q.p[i], 0) / n);
    const worst = simplex[n];
    const r = comb(centroid, worst.p, -1);
    const vr = f(r);
    evals++;
    if (vr < simplex[0].v) {
      const e = comb(centroid, worst.p, -2);
      const ve = f(e);
      evals++;
      simplex[n] = ve < vr ? { p: e, v: ve } : { p: r, v: vr };
    } else if (vr < simplex[n - 1].v) {
      simplex[n] = { p: r, v: vr };
    } else {
      const c = comb(centroid, worst.p, 0.5);
      const vc = f(c);
      evals++;
      if (vc < worst.v) simplex[n] = { p: c, v: vc };
      else {
        simplex = simplex.map((q, i) => (i === 0 ? q : { p: comb(simplex[0].p, q.p, 0.5), v: NaN }));
        for (let i = 1; i <= n; i++) simplex[i].v = f(simplex[i].p);
        evals += n;
      }
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return simplex[0].p;
}

/** A seeded subsample of m of the n draws without replacement (partial Fisher–Yates). */
export function subsample(n: number, m: number, seed: number, id: string): Int32Array {
  return sampleWithoutReplacement(n, m, uniformStream(seed, `evppi-gp:${id}`));
}

/**
 * GP posterior mean of y at every draw of the scaled inputs `x` (each in (0, 1)); with `points`,
 * also the posterior (mean and covariance factor) at those draws. The mean function is linear,
 * h(φ)ᵀβ with h = (1, linear_1, …, linear_q) (the parameters' standardised raw values: evppi.ts
 * `design` says why), β by generalised least squares given the covariance (the "universal kriging"
 * form of SAVI's and voi's GP, Strong, Oakley & Brennan 2014, §2.3); the hyperparameters are fitted
 * to the residuals of an ordinary least-squares fit of that mean on their subsample.
 */
export function gpFit(
  x: Float64Array[],
  y: Float64Array,
  options: GpOptions = {},
  id = "",
  points?: Int32Array,
  linear: Float64Array[] = [],
): GpFit {
  const n = y.length;
  const d = x.length;
  let mean = 0;
  for (let k = 0; k < n; k++) mean += y[k];
  mean /= n;
  let sd = 0;
  for (let k = 0; k < n; k++) sd += (y[k] - mean) ** 2;
  sd = Math.sqrt(sd / Math.max(1, n - 1)) || 1;
  const fitIdx = subsample(n, options.fitDraws ?? 2000, options.seed ?? 1, id);
  const hypIdx = fitIdx.slice(0, Math.min(fitIdx.length, options.hyperDraws ?? 200));
  const z = (idx: Int32Array) => new Matrix(Array.from(idx, (k) => [(y[k] - mean) / sd]));
  // The linear terms need draws to be estimated: at least 10 fit draws per coefficient, else the mean
  // is a constant (a group of 250 parameters on 600 draws).
  const terms = fitIdx.length >= 10 * (linear.length + 1) ? linear : [];
  const h = (k: number) => [1, ...terms.map((c) => c[k])];
  const H = (idx: Int32Array) => new Matrix(Array.from(idx, h));
  // Least squares by SVD (a minimum-norm solution if two parameters of the group are identical).
  const ols = solve(H(fitIdx), z(fitIdx), true);
  const hypResidual = z(hypIdx).sub(H(hypIdx).mmul(ols));
  // Start: length-scale 0.5 on the rank scale, signal and noise variances ½ each of the unit variance.
  const theta0 = [...Array(d).fill(log(0.5)), log(0.5), log(0.5)];
  // Bounds by penalty: log ℓ in [log 0.01, log 100], variances in [1e-6, 10] (outside: −∞ likelihood).
  const within = (t: number[]) =>
    t.slice(0, d).every((v) => v > -4.6 && v < 4.6) && t.slice(d).every((v) => v > -13.8 && v < 2.3);
  const theta = nelderMead((t) => (within(t) ? -logLik(x, hypIdx, hypResidual, t) : Infinity), theta0, 1, 30 * (d + 2));
  const invL2 = theta.slice(0, d).map((t) => exp(-2 * t));
  const sf2 = exp(theta[d]);
  const sn2 = exp(theta[d + 1]);
  const chol = new CholeskyDecomposition(gram(x, fitIdx, invL2, sf2, sn2));
  // β = (H_Fᵀ A⁻¹ H_F)⁻¹ H_Fᵀ A⁻¹ y_F, A = K_FF + σn² I; α = A⁻¹ (y_F − H_F β). A ridge of 1e-7 as voi's.
  const HF = H(fitIdx);
  const AinvY = chol.solve(z(fitIdx));
  const AinvH = chol.solve(HF);
  const q = HF.columns;
  const Q = HF.transpose().mmul(AinvH).add(Matrix.eye(q).mul(1e-7));
  const beta = solve(Q, HF.transpose().mmul(AinvY), true).getColumn(0);
  const alpha = AinvY.sub(AinvH.mmul(Matrix.columnVector(beta))).getColumn(0);
  const fitted = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = beta[0];
    for (let j = 0; j < terms.length; j++) s += beta[j + 1] * terms[j][k];
    for (let i = 0; i < fitIdx.length; i++) s += kernel(x, k, fitIdx[i], invL2, sf2) * alpha[i];
    fitted[k] = mean + sd * s;
  }
  const fit: GpFit = { fitted, lengthScales: theta.slice(0, d).map(exp), signalShare: sf2 / (sf2 + sn2) };
  if (points && points.length > 0) {
    // The mean's uncertainty adds R Q⁻¹ Rᵀ, R = H_P − K_PF A⁻¹ H_F (Rasmussen & Williams 2006, eq. 2.42).
    const R = H(points);
    for (let c = 0; c < points.length; c++)
      for (let i = 0; i < fitIdx.length; i++) {
        const kv = kernel(x, points[c], fitIdx[i], invL2, sf2);
        for (let j = 0; j < q; j++) R.set(c, j, R.get(c, j) - kv * AinvH.get(i, j));
      }
    const meanCov = R.mmul(inverse(Q)).mmul(R.transpose());
    const factor = posteriorFactor(x, fitIdx, points, chol.lowerTriangularMatrix, invL2, sf2, sd, meanCov);
    fit.posterior = { points, mean: Float64Array.from(points, (k) => fitted[k]), factor };
  }
  return fit;
}

/**
 * Cholesky factor of the posterior covariance Σ = K_PP − VᵀV + `meanCov` at `points` (V = L⁻¹ K_FP), scaled by
 * the outcome's SD² back to its units. Forward substitution written out row by row over all |P|
 * columns at once (contiguous inner loop); ml-matrix's solve would also run the back substitution.
 */
function posteriorFactor(
  x: Float64Array[],
  fitIdx: Int32Array,
  points: Int32Array,
  L: Matrix,
  invL2: number[],
  sf2: number,
  sd: number,
  meanCov: Matrix,
): Float64Array {
  const m = fitIdx.length;
  const P = points.length;
  const V = new Float64Array(m * P);
  for (let i = 0; i < m; i++) {
    const row = V.subarray(i * P, (i + 1) * P);
    for (let c = 0; c < P; c++) row[c] = kernel(x, fitIdx[i], points[c], invL2, sf2);
    const Li = L.getRow(i);
    for (let j = 0; j < i; j++) {
      const l = Li[j];
      if (l === 0) continue;
      const o = j * P;
      for (let c = 0; c < P; c++) row[c] -= l * V[o + c];
    }
    const inv = 1 / Li[i];
    for (let c = 0; c < P; c++) row[c] *= inv;
  }
  const S = new Matrix(P, P);
  for (let a = 0; a < P; a++)
    for (let b = 0; b <= a; b++) {
      let v = kernel(x, points[a], points[b], invL2, sf2) + meanCov.get(a, b);
      for (let i = 0; i < m; i++) v -= V[i * P + a] * V[i * P + b];
      // A jitter of 1e-10 σf² on the diagonal: Σ is positive semi-definite but rounding can make it indefinite.
      const s = (v + (a === b ? 1e-10 * sf2 : 0)) * sd * sd;
      S.set(a, b, s);
      S.set(b, a, s);
    }
  const chol = new CholeskyDecomposition(S);
  const Ls = chol.isPositiveDefinite() ? chol.lowerTriangularMatrix : diagonalRoot(S);
  const out = new Float64Array(P * P);
  for (let a = 0; a < P; a++) for (let b = 0; b <= a; b++) out[a * P + b] = Ls.get(a, b);
  return out;
}

/** diag(√max(0, Σ_ii)): the fallback factor when rounding leaves Σ indefinite (correlations dropped). */
function diagonalRoot(S: Matrix): Matrix {
  const D = new Matrix(S.rows, S.rows);
  for (let i = 0; i < S.rows; i++) D.set(i, i, Math.sqrt(Math.max(0, S.get(i, i))));
  return D;
}
