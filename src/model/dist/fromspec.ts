/**
 * The distributions a model specification declares: a parameter with a numeric value and a
 * `distribution` is drawn in a PSA; a formula with a distribution other than "fixed" is refused
 * (it would never be drawn). Forms read (docs/uncertainty.md):
 *   "distribution": "gamma" with `low`/`high`  → quantile matching to the 95% interval (fromInterval)
 *   "distribution": {"type": "beta", "mean": m, "se": s}    → method of moments (fromMeanSe)
 *   "distribution": {"type": "beta", "alpha": a, "beta": b} (and the other families' own parameters)
 *   "distribution": "fixed", or no distribution             → not drawn
 */
import { ModelError, type Problem } from "../errors.js";
import type { ModelSpec, ParameterSpec } from "../spec/spec.js";
import {
  fromInterval,
  fromMeanSe,
  checkDistribution,
  ImpossibleMomentsError,
  massOutside,
  moments,
  type Distribution,
  type DistributionName,
} from "./distributions.js";
import type { ParameterDistribution } from "./sample.js";

const num = (x: unknown): number | undefined => (typeof x === "number" && Number.isFinite(x) ? x : undefined);

/**
 * The fields a distribution object may give besides `type`, family by family: the family's own
 * parameters (one of these sets, exactly), or `{mean, se}` (method of moments), or none (the 95%
 * interval `low`/`high` of the parameter). Any other combination is refused by name: a field that
 * is not read must not be ignored silently (`{"type": "beta", "alpha": 2}` used to fall back to
 * low/high without a word).
 */
const OWN_FIELDS: Partial<Record<DistributionName, string[][]>> = {
  beta: [["alpha", "beta"]],
  gamma: [
    ["shape", "scale"],
    ["shape", "rate"],
  ],
  normal: [["mean", "sd"]],
  lognormal: [["meanlog", "sdlog"]],
  uniform: [["min", "max"]],
  triangular: [["min", "mode", "max"]],
};

/**
 * Every field a distribution object may carry besides `type`: the families' own parameters and
 * `{mean, se}`. The model file's schema (spec/schema.ts) is built from this list, so `validate`
 * refuses exactly the fields a PSA would not read.
 */
export const DISTRIBUTION_FIELDS: readonly string[] = [
  ...new Set(["mean", "se", ...Object.values(OWN_FIELDS).flatMap((sets) => sets.flat())]),
];

const forms = (type: DistributionName) =>
  [...(OWN_FIELDS[type] ?? []).map((f) => `{${f.join(", ")}}`), "{mean, se}", "low and high on the parameter"].join(
    ", ",
  );

/** The distribution of parameter `id`, or null if it is fixed for a PSA. */
export function distributionOf(id: string, p: ParameterSpec | number | string): Distribution | null {
  if (typeof p !== "object" || p === null || p.distribution === undefined) return null;
  const where = `parameters.${id}.distribution`;
  const d = p.distribution;
  const type = (typeof d === "string" ? d : d.type) as DistributionName;
  if (type === "fixed") return null;
  // A formula is computed from other parameters each run; a distribution on it would never be drawn.
  if (typeof p.value !== "number")
    throw new ImpossibleMomentsError(
      where,
      "a parameter given by a formula is not drawn",
      { value: p.value, distribution: d },
      `a numeric value, or "distribution": "fixed"`,
    );
  if (typeof d === "object") {
    const o = d as Record<string, unknown>;
    const fields = Object.keys(o).filter((k) => k !== "type");
    // A field that is given is read as given: "0.3" or null is refused, not replaced by the value.
    for (const k of fields)
      if (num(o[k]) === undefined)
        throw new ImpossibleMomentsError(where, `${k} is not a finite number`, o, `${k}: a finite number`);
    if (fields.length > 0) {
      if (fields.includes("se")) {
        const extra = fields.filter((k) => k !== "mean" && k !== "se");
        if (extra.length > 0)
          throw new ImpossibleMomentsError(
            where,
            `fields not read with {mean, se}: ${extra.join(", ")}`,
            o,
            forms(type),
          );
        const se = num(o.se);
        if (se === 0)
          throw new ImpossibleMomentsError(
            where,
            `a ${type} distribution with SE 0 has nothing to draw`,
            o,
            `SE > 0, or "distribution": "fixed" to hold the parameter at its value`,
          );
        return fromMeanSe(type, num(o.mean) ?? p.value, se ?? NaN, where);
      }
      const form = (OWN_FIELDS[type] ?? []).find(
        (f) => f.length === fields.length && f.every((k) => fields.includes(k)),
      );
      if (!form)
        throw new ImpossibleMomentsError(
          where,
          `a ${type} distribution is not given by the fields ${fields.join(", ")}`,
          o,
          forms(type),
        );
      // Checked before scale = 1/rate, and shown as the user wrote it (rate 0 was reported as "scale is not a finite number").
      if (type === "gamma" && form.includes("rate")) {
        const shape = o.shape as number;
        const rate = o.rate as number;
        if (!(rate > 0 && shape > 0))
          throw new ImpossibleMomentsError(where, "a gamma needs shape > 0 and rate > 0", o, "shape > 0, rate > 0");
        // scale = 1/rate and the mean shape/rate must be doubles: rate 1e-320 makes both infinite.
        const least = Math.max(1, shape) / Number.MAX_VALUE;
        if (!(Number.isFinite(1 / rate) && Number.isFinite(shape / rate)))
          throw new ImpossibleMomentsError(
            `${where}.rate`,
            `rate ${rate} is too small: the gamma's scale 1/rate and mean shape/rate would be larger than any number (${Number.MAX_VALUE})`,
            rate,
            `rate > ${least} (for shape ${shape})`,
          );
      }
      if (type === "gamma" && form.includes("scale")) {
        const shape = o.shape as number;
        const scale = o.scale as number;
        if (shape > 0 && scale > 0 && !Number.isFinite(shape * scale))
          throw new ImpossibleMomentsError(
            where,
            `the gamma's mean shape × scale = ${shape} × ${scale} is larger than any number (${Number.MAX_VALUE})`,
            o,
            `shape × scale < ${Number.MAX_VALUE}`,
          );
      }
      return checkDistribution(explicitParameters(type, o), where);
    }
  }
  if (p.low === undefined || p.high === undefined) {
    throw new ModelError({
      where: `parameters.${id}`,
      message: `a ${type} distribution needs low and high (a 95% interval) on the parameter, or its own parameters in the distribution`,
      value: { low: p.low ?? "missing", high: p.high ?? "missing" },
      expected: forms(type),
    });
  }
  if (p.low === p.high)
    throw new ImpossibleMomentsError(
      `parameters.${id}`,
      `low = high: a ${type} distribution over a zero-width interval has nothing to draw`,
      { low: p.low, high: p.high },
      `low < high, or "distribution": "fixed" to hold the parameter at its value`,
    );
  return fromInterval(type, p.value, p.low, p.high, where);
}

/** The family's own parameters, read from a distribution object whose fields are one of OWN_FIELDS. */
function explicitParameters(type: DistributionName, o: Record<string, unknown>): Distribution {
  const g = (k: string) => (num(o[k]) ?? NaN) as number;
  switch (type) {
    case "beta":
      return { type, alpha: g("alpha"), beta: g("beta") };
    case "gamma":
      return { type, shape: g("shape"), scale: o.rate !== undefined ? 1 / g("rate") : g("scale") };
    case "normal":
      return { type, mean: g("mean"), sd: g("sd") };
    case "lognormal":
      return { type, meanlog: g("meanlog"), sdlog: g("sdlog") };
    case "uniform":
      return { type, min: g("min"), max: g("max") };
    case "triangular":
      return { type, min: g("min"), mode: g("mode"), max: g("max") };
    default:
      throw new RangeError(`no own parameters for ${type}`);
  }
}

/**
 * Every problem of the specification's distributions, parameter by parameter (distributionOf
 * stops at the first): what `psa` and `evppi` would refuse. `validate` prints them as a note, since
 * the deterministic model is valid without them. Returns the problems and the number of
 * parameters a PSA would draw.
 */
export function distributionProblems(spec: ModelSpec): { problems: Problem[]; drawn: number } {
  const problems: Problem[] = [];
  let drawn = 0;
  for (const [id, p] of Object.entries(spec.parameters ?? {})) {
    try {
      if (distributionOf(id, p)) drawn++;
    } catch (err) {
      if (!(err instanceof ModelError)) throw err;
      problems.push(...err.problems);
    }
  }
  return { problems, drawn };
}

/** Every drawn parameter of a specification, in the specification's order; `exclude` stays fixed. */
export function specDistributions(spec: ModelSpec, exclude: ReadonlySet<string> = new Set()): ParameterDistribution[] {
  const out: ParameterDistribution[] = [];
  for (const [id, p] of Object.entries(spec.parameters ?? {})) {
    if (exclude.has(id)) continue;
    const d = distributionOf(id, p);
    if (d) out.push({ id, distribution: d });
  }
  return out;
}

/** A drawn parameter whose distribution puts much of its mass outside its one-way range (`rangeCoverage`). */
export interface RangeCoverage {
  id: string;
  low: number;
  high: number;
  /** Probability of a draw below `low` and above `high`. */
  below: number;
  above: number;
}

/**
 * The drawn parameters whose distribution gives more than `share` (default 20%) of its draws below the
 * parameter's one-way `low` or above its `high` (both given). A range read as a 95% interval puts
 * 2.5% beyond each end; far more means the PSA explores values the one-way analysis calls
 * implausible, typically when the range is lopsided around the value and the distribution was fitted
 * by its mean and the interval's width (a gamma rate with value 0.05 and range 0.02–0.3 has shape
 * 0.39 and draws half its values below 0.02). Results then differ between the PSA's mean and the deterministic run for
 * a reason the user should see: `cartecon psa` prints and records these.
 */
export function rangeCoverage(drawn: readonly ParameterDistribution[], spec: ModelSpec, share = 0.2): RangeCoverage[] {
  const out: RangeCoverage[] = [];
  for (const { id, distribution } of drawn) {
    const p = spec.parameters?.[id];
    if (
      typeof p !== "object" ||
      p === null ||
      typeof p.low !== "number" ||
      typeof p.high !== "number" ||
      distribution.type === "dirichlet"
    )
      continue;
    const { below, above } = massOutside(distribution, p.low, p.high);
    if (below > share || above > share) out.push({ id, low: p.low, high: p.high, below, above });
  }
  // The most lopsided first.
  return out.sort((a, b) => Math.max(b.below, b.above) - Math.max(a.below, a.above));
}

/** A drawn parameter whose distribution's mean is not its base value (`offCentre`). */
export interface OffCentre {
  id: string;
  value: number;
  mean: number;
}

/**
 * The drawn parameters whose distribution has a mean other than the parameter's base value (by more
 * than 1e-9 of the larger of 1 and |value|): a distribution given by its own parameters (a gamma's
 * shape and scale) rather than fitted to the value. Their PSA mean then differs from the
 * deterministic result even in a model linear in them, which `cartecon psa` says beside the base
 * case. Fits from the value and a standard error, and beta and gamma fits from a range, keep the
 * value as their mean; the normal and log-normal from a range are centred on the range, the triangular
 * has its mode at the value (distributions.ts): those are named here when their mean is not the value; a Dirichlet's components are not compared (a parameter given by a formula is never drawn).
 */
export function offCentre(drawn: readonly ParameterDistribution[], spec: ModelSpec): OffCentre[] {
  const out: OffCentre[] = [];
  for (const { id, distribution } of drawn) {
    const p = spec.parameters?.[id];
    const value = typeof p === "number" ? p : typeof p === "object" && p !== null ? p.value : undefined;
    if (typeof value !== "number" || distribution.type === "dirichlet") continue;
    const { mean } = moments(distribution);
    if (Math.abs(mean - value) > 1e-9 * Math.max(1, Math.abs(value))) out.push({ id, value, mean });
  }
  return out;
}
