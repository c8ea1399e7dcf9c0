/**
 * Drawing parameter sets: each parameter from its own seeded stream (rng.ts), optionally
 * correlated through a Gaussian copula. Draw k of parameter p is always the k-th number of p's
 * stream, so the same (seed, id, n) gives the same column whatever else is drawn.
 *
 * Gaussian copula: the uniforms u_i of the correlated parameters become standard normals
 * z_i = Φ⁻¹(u_i), are mixed as z' = L z with L the Cholesky factor of the correlation matrix R,
 * and mapped back u'_i = Φ(z'_i) before each parameter's quantile function. Parameters joined by a
 * correlation of exactly ±1 take their first one's z' (or −z'): L is then the factor of R over the
 * first parameter of each such set (perfectClasses), the others' own streams unused. R is a correlation on
 * the normal scale: after the mapping the rank (Spearman) correlation is (6/π)·asin(ρ/2), slightly
 * smaller in magnitude than ρ (heemod's users met this); {@link normalFromRank} converts a target
 * rank correlation to the ρ to enter. Pearson correlation of the drawn values depends further on
 * the marginals.
 */
import { CholeskyDecomposition, Matrix } from "ml-matrix";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { ModelError, Problems } from "../errors.js";
import { uniformStream } from "./rng.js";
import betaPkg from "@stdlib/random-base-beta";
import gammaPkg from "@stdlib/random-base-gamma";
import normalPkg from "@stdlib/random-base-normal";
import exp from "@stdlib/math-base-special-exp";
import { checkDistribution, quantile, type Distribution } from "./distributions.js";

export interface ParameterDistribution {
  id: string;
  distribution: Distribution;
  /** For a Dirichlet: the parameter ids of its components, in the order of `alpha`. */
  components?: string[];
}

export interface CorrelationSpec {
  /** Parameter ids (univariate distributions), in the order of the matrix rows. */
  ids: string[];
  /** Correlations on the normal scale: symmetric, unit diagonal, positive definite apart from entries of exactly ±1 (checkCorrelationMatrix). */
  matrix: number[][];
}

/** The normal-scale correlation ρ whose rank correlation after the copula is `rank`: ρ = 2 sin(π·rank/6). */
export function normalFromRank(rank: number): number {
  return 2 * Math.sin((Math.PI * rank) / 6);
}

/** The rank (Spearman) correlation a normal-scale correlation ρ gives: (6/π) asin(ρ/2). */
export function rankFromNormal(rho: number): number {
  return (6 / Math.PI) * Math.asin(rho / 2);
}

/**
 * Parameters joined by a correlation of exactly 1 or −1 move together: they take one normal z
 * (the first listed of them draws it; the others take z or −z), so their quantiles are the same
 * (or mirrored) in every draw. `classes[i]` is the index of i's first such partner (i itself if
 * none) and `signs[i]` its sign against it.
 */
interface PerfectClasses {
  classes: number[];
  signs: number[];
  /** The first parameter of each class, in order: the rows of the matrix that is factorised. */
  leaders: number[];
}

function perfectClasses(m: number[][]): PerfectClasses {
  const k = m.length;
  const classes = Array.from({ length: k }, (_, i) => i);
  const signs = new Array<number>(k).fill(1);
  for (let i = 0; i < k; i++) {
    if (classes[i] !== i) continue;
    for (let j = i + 1; j < k; j++)
      if (classes[j] === j && Math.abs(m[i][j]) === 1) {
        classes[j] = i;
        signs[j] = m[i][j];
      }
  }
  return { classes, signs, leaders: classes.flatMap((c, i) => (c === i ? [i] : [])) };
}

/**
 * Adds a named problem for every way `matrix` fails to be a correlation matrix over `ids`: not
 * square, an entry outside [-1, 1] or not a number, a diagonal other than 1, asymmetry, and — when
 * the entries are otherwise valid — not a valid correlation. A correlation of exactly ±1 is allowed
 * (the two parameters take the same quantile, or mirrored ones: rank correlation ±1); then each
 * partner's correlations with the others must be its leader's times the sign (else the matrix is not
 * positive semi-definite: named). The matrix of the leaders must be positive definite: the problem
 * names the first parameter (row) at which the Cholesky factorisation of the leading block fails,
 * i.e. whose correlations contradict the rows before it. `where` prefixes every path:
 * `correlations.matrix` gives `correlations.matrix[1][0]`.
 */
export function checkCorrelationMatrix(ids: string[], matrix: unknown, where: string, problems: Problems): void {
  checkedClasses(ids, matrix, where, problems);
}

/** checkCorrelationMatrix, returning the matrix's perfect classes when it adds no problem (else undefined). */
function checkedClasses(ids: string[], matrix: unknown, where: string, problems: Problems): PerfectClasses | undefined {
  const k = ids.length;
  const label = (i: number, j: number) => `${where}[${i}][${j}] (${ids[i]}, ${ids[j]})`;
  if (!Array.isArray(matrix) || matrix.length !== k || matrix.some((r) => !Array.isArray(r) || r.length !== k)) {
    problems.add(
      where,
      `the matrix must be ${k} × ${k} (one row and column per parameter: ${ids.join(", ")})`,
      Array.isArray(matrix) ? matrix.map((r) => (Array.isArray(r) ? r.length : typeof r)) : matrix,
      `${k} rows of ${k} numbers`,
    );
    return undefined;
  }
  const m = matrix as unknown[][];
  const before = problems.size;
  for (let i = 0; i < k; i++) {
    if (m[i][i] !== 1) problems.add(label(i, i), "the diagonal must be 1", m[i][i], "1");
    for (let j = 0; j < k; j++) {
      if (j === i) continue;
      const x = m[i][j];
      if (typeof x !== "number" || !(x >= -1 && x <= 1))
        problems.add(label(i, j), "not a correlation", x, "a number in [-1, 1]");
      else if (j < i && x !== m[j][i])
        problems.add(label(i, j), "the matrix must be symmetric", [x, m[j][i]], `equal to ${label(j, i)}`);
    }
  }
  if (problems.size > before) return undefined;
  const r = m as number[][];
  const perfect = perfectClasses(r);
  const { classes, signs, leaders } = perfect;
  // A partner of a correlation ±1 is its leader (or its mirror): its correlation with every other
  // parameter must be the leader's times the sign, to the rounding of a typed number.
  for (let i = 0; i < k; i++) {
    const a = classes[i];
    if (a === i) continue;
    for (let j = 0; j < k; j++) {
      if (j === i || j === a) continue;
      const want = signs[i] * r[a][j];
      // A tolerance, not equality, for decimals typed in two rows (a spreadsheet may print 17 digits in
      // one and 15 in the other); a correlation of ±1 itself is matched exactly.
      if (Math.abs(r[i][j] - want) > 1e-12) {
        problems.add(
          label(i, j),
          `${ids[i]} has correlation ${signs[i]} with ${ids[a]}, so it moves with it: its correlation with ${ids[j]} must be ${ids[a]}'s${signs[i] < 0 ? " with the sign changed" : ""}`,
          r[i][j],
          `${want}`,
        );
        return undefined;
      }
    }
  }
  // The first leading block that is not positive definite names the row whose correlations
  // contradict the ones above it (k is small: a few parameters, so k factorisations are cheap).
  for (let n = 2; n <= leaders.length; n++) {
    const rows = leaders.slice(0, n);
    const block = new Matrix(rows.map((i) => rows.map((j) => r[i][j])));
    if (!new CholeskyDecomposition(block).isPositiveDefinite()) {
      const last = rows[n - 1];
      problems.add(
        `${where}[${last}] (${ids[last]})`,
        `the correlation matrix is not positive definite: the correlations of ${ids[last]} contradict those of ${rows
          .slice(0, n - 1)
          .map((i) => ids[i])
          .join(", ")}`,
        rows.map((j) => r[last][j]),
        "a positive-definite matrix (e.g. lower the largest correlations below 1)",
      );
      return undefined;
    }
  }
  return perfect;
}

/** The lower Cholesky factor of a correlation matrix's leaders (below), after checking it (named problems). */
export function correlationFactor(c: CorrelationSpec): Matrix {
  return factorise(c).L;
}

/** correlationFactor's `L`, with the perfect classes it was built from (computed once, in the check). */
function factorise(c: CorrelationSpec): PerfectClasses & { L: Matrix } {
  const problems = new Problems();
  const perfect = checkedClasses(c.ids, c.matrix, "correlation", problems);
  problems.throwIfAny("invalid correlation matrix");
  // Defined here: checkedClasses returns undefined only after adding a problem, and throwIfAny threw.
  const { leaders } = perfect!;
  const L = new CholeskyDecomposition(new Matrix(leaders.map((i) => leaders.map((j) => c.matrix[i][j]))))
    .lowerTriangularMatrix;
  return { ...perfect!, L };
}

/**
 * The correlation over `ids` only (rows and columns of the others dropped), or undefined when fewer
 * than two remain: a principal block of a correlation matrix is one, so nothing needs checking again.
 */
export function restrictCorrelation(
  c: CorrelationSpec | undefined,
  keep: ReadonlySet<string>,
): CorrelationSpec | undefined {
  if (!c) return undefined;
  const at = c.ids.flatMap((id, i) => (keep.has(id) ? [i] : []));
  if (at.length < 2) return undefined;
  return { ids: at.map((i) => c.ids[i]), matrix: at.map((i) => at.map((j) => c.matrix[i][j])) };
}

/**
 * One correlation over the union of the parameters of `base` and `extra`: entries of `extra`
 * override those of `base` (so `cartecon psa --correlation FILE` overrides or extends the model's
 * `correlations`), pairs named by neither are 0.
 */
export function mergeCorrelations(base?: CorrelationSpec, extra?: CorrelationSpec): CorrelationSpec | undefined {
  if (!base) return extra;
  if (!extra) return base;
  const ids = [...base.ids, ...extra.ids.filter((id) => !base.ids.includes(id))];
  const matrix: number[][] = ids.map((_, i) => ids.map((_, j) => (i === j ? 1 : 0)));
  for (const c of [base, extra])
    c.ids.forEach((a, i) =>
      c.ids.forEach((b, j) => {
        if (i !== j) matrix[ids.indexOf(a)][ids.indexOf(b)] = c.matrix[i][j];
      }),
    );
  return { ids, matrix };
}

/**
 * `n` draws of every parameter. Returns one column per parameter id (Dirichlet: one per component).
 */
export function drawParameters(
  params: ParameterDistribution[],
  n: number,
  seed: number,
  correlation?: CorrelationSpec,
): Map<string, Float64Array> {
  if (!(Number.isInteger(n) && n >= 1))
    throw new ModelError({ where: "draws", message: "the number of draws must be a whole number >= 1", value: n });
  for (const p of params) checkDistribution(p.distribution, `parameter ${p.id}`);
  const byId = new Map(params.map((p) => [p.id, p]));
  const correlated = new Set(correlation?.ids ?? []);
  const uniforms = new Map<string, Float64Array>();
  const out = new Map<string, Float64Array>();
  for (const p of params) {
    const d = p.distribution;
    if (d.type === "fixed") {
      out.set(p.id, new Float64Array(n).fill(d.value));
    } else if (d.type === "dirichlet") {
      drawDirichletColumns(p, d.alpha, n, seed, out);
    } else if (correlated.has(p.id)) {
      const next = uniformStream(seed, p.id);
      const u = new Float64Array(n);
      for (let k = 0; k < n; k++) u[k] = next();
      uniforms.set(p.id, u);
    } else {
      const draw = sampler(d, uniformStream(seed, p.id));
      const col = new Float64Array(n);
      for (let k = 0; k < n; k++) col[k] = draw();
      out.set(p.id, col);
    }
  }
  if (correlation) correlate(correlation, uniforms, byId, n);
  for (const [id, u] of uniforms) {
    const d = byId.get(id)!.distribution;
    const col = new Float64Array(n);
    for (let k = 0; k < n; k++) col[k] = quantile(d, u[k]);
    out.set(id, col);
  }
  // In the order given (the draws table's column order).
  const ordered = new Map<string, Float64Array>();
  for (const p of params)
    for (const id of p.distribution.type === "dirichlet" ? componentIds(p) : [p.id]) ordered.set(id, out.get(id)!);
  return ordered;
}

/**
 * A sampler for an independent parameter driven by its own stream. Beta, gamma and normal use
 * @stdlib's samplers (Marsaglia–Tsang gamma, Jöhnk/Cheng beta, improved ziggurat normal: a few µs
 * a draw, against ~0.1 ms for an inverted beta CDF); the others invert their CDF in closed form.
 * Correlated parameters are drawn by inversion instead (the copula needs the uniforms).
 */
function sampler(d: Exclude<Distribution, { type: "fixed" | "dirichlet" }>, next: () => number): () => number {
  switch (d.type) {
    case "beta":
      return betaPkg.factory(d.alpha, d.beta, { prng: next });
    case "gamma":
      return gammaPkg.factory(d.shape, 1 / d.scale, { prng: next });
    case "normal":
      return normalPkg.factory(d.mean, d.sd, { prng: next });
    case "lognormal": {
      const z = normalPkg.factory(d.meanlog, d.sdlog, { prng: next });
      return () => exp(z());
    }
    default:
      return () => quantile(d, next());
  }
}

const componentIds = (p: ParameterDistribution): string[] =>
  p.components ?? (p.distribution as { alpha: number[] }).alpha.map((_, j) => `${p.id}[${j + 1}]`);

/** Dirichlet draws: independent Gamma(α_j, 1) from the parameter's stream, normalised to sum 1. */
function drawDirichletColumns(
  p: ParameterDistribution,
  alpha: number[],
  n: number,
  seed: number,
  out: Map<string, Float64Array>,
): void {
  const comps = componentIds(p);
  if (comps.length !== alpha.length)
    throw new ModelError({
      where: `parameter ${p.id}`,
      message: "a Dirichlet needs one component id per count",
      value: comps.length,
      expected: `${alpha.length}`,
    });
  const next = uniformStream(seed, p.id);
  const gammas = alpha.map((a) => gammaPkg.factory(a, 1, { prng: next }));
  const cols = comps.map(() => new Float64Array(n));
  const v = new Float64Array(alpha.length);
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (let j = 0; j < alpha.length; j++) sum += v[j] = gammas[j]();
    for (let j = 0; j < alpha.length; j++) cols[j][k] = v[j] / sum;
  }
  comps.forEach((c, j) => out.set(c, cols[j]));
}

function correlate(
  c: CorrelationSpec,
  uniforms: Map<string, Float64Array>,
  byId: Map<string, ParameterDistribution>,
  n: number,
): void {
  for (const id of c.ids) {
    const p = byId.get(id);
    if (!p)
      throw new ModelError({ where: "correlation", message: "a correlated parameter has no distribution", value: id });
    if (!uniforms.has(id))
      throw new ModelError({
        where: "correlation",
        message: "only univariate, non-fixed parameters can be correlated",
        value: `${id}: ${p.distribution.type}`,
      });
  }
  const { L, classes, signs, leaders } = factorise(c);
  const k = leaders.length;
  // leaderRow[p]: the row of z (and of L) of leader p.
  const leaderRow = new Map(leaders.map((p, row) => [p, row]));
  const cols = c.ids.map((id) => uniforms.get(id)!);
  const z = new Float64Array(k);
  for (let d = 0; d < n; d++) {
    for (let i = 0; i < k; i++) z[i] = normalQuantile(cols[leaders[i]][d], 0, 1);
    for (let i = k - 1; i >= 0; i--) {
      let s = 0;
      for (let j = 0; j <= i; j++) s += L.get(i, j) * z[j];
      z[i] = s;
    }
    // Leaders first (a partner reads its leader's mixed z), each uniform kept inside (0, 1): Φ(s)
    // can round to 0 or 1 in the tails.
    for (let i = 0; i < k; i++) cols[leaders[i]][d] = insideUnit(normalCdf(z[i], 0, 1));
    for (let i = 0; i < cols.length; i++) {
      if (classes[i] === i) continue;
      const lead = cols[classes[i]][d];
      // The same quantile, bit for bit; a mirror takes Φ(−z) = 1 − Φ(z), computed as Φ(−z).
      cols[i][d] = signs[i] > 0 ? lead : insideUnit(normalCdf(-z[leaderRow.get(classes[i])!], 0, 1));
    }
  }
}

const insideUnit = (u: number): number => Math.min(1 - 2 ** -53, Math.max(2 ** -1074, u));
