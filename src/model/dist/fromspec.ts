/**
 * The distributions a model specification declares: a parameter with a numeric value and a
 * `distribution` is drawn in a PSA. Forms read (docs/uncertainty.md):
 *   "distribution": "gamma" with `low`/`high`  → quantile matching to the 95% interval (fromInterval)
 *   "distribution": {"type": "beta", "mean": m, "se": s}    → method of moments (fromMeanSe)
 *   "distribution": {"type": "beta", "alpha": a, "beta": b} (and the other families' own parameters)
 *   "distribution": "fixed", or no distribution             → not drawn
 */
import { ModelError } from "../errors.js";
import type { ModelSpec, ParameterSpec } from "../spec/spec.js";
import { fromInterval, fromMeanSe, type Distribution, type DistributionName } from "./distributions.js";
import type { ParameterDistribution } from "./sample.js";

const num = (x: unknown): number | undefined => (typeof x === "number" && Number.isFinite(x) ? x : undefined);

/** The distribution of parameter `id`, or null if it is fixed for a PSA. */
export function distributionOf(id: string, p: ParameterSpec | number | string): Distribution | null {
  if (typeof p !== "object" || typeof p.value !== "number" || p.distribution === undefined) return null;
  const where = `parameters.${id}.distribution`;
  const d = p.distribution;
  const type = (typeof d === "string" ? d : d.type) as DistributionName;
  if (type === "fixed") return null;
  if (typeof d === "object") {
    const o = d as Record<string, unknown>;
    const mean = num(o.mean) ?? p.value;
    if (num(o.se) !== undefined)
      return fromMeanSe(type, mean, num(o.se)!, where, {
        lower: num(o.lower) ?? -Infinity,
        upper: num(o.upper) ?? Infinity,
      });
    const own = explicitParameters(type, o);
    if (own) return own;
  }
  if (p.low === undefined || p.high === undefined) {
    throw new ModelError({
      where: `parameters.${id}`,
      message: `a ${type} distribution needs low and high (a 95% interval) or {mean, se}`,
      value: { low: p.low, high: p.high },
    });
  }
  const bounds =
    typeof d === "object"
      ? {
          lower: num((d as Record<string, unknown>).lower) ?? -Infinity,
          upper: num((d as Record<string, unknown>).upper) ?? Infinity,
        }
      : undefined;
  return fromInterval(type, p.value, p.low, p.high, where, bounds);
}

function explicitParameters(type: DistributionName, o: Record<string, unknown>): Distribution | null {
  const has = (...k: string[]) => k.every((x) => num(o[x]) !== undefined);
  const g = (k: string) => o[k] as number;
  switch (type) {
    case "beta":
      return has("alpha", "beta") ? { type, alpha: g("alpha"), beta: g("beta") } : null;
    case "gamma":
      return has("shape", "scale") ? { type, shape: g("shape"), scale: g("scale") } : null;
    case "normal":
      return has("mean", "sd") ? { type, mean: g("mean"), sd: g("sd") } : null;
    case "lognormal":
      return has("meanlog", "sdlog") ? { type, meanlog: g("meanlog"), sdlog: g("sdlog") } : null;
    case "uniform":
      return has("min", "max") ? { type, min: g("min"), max: g("max") } : null;
    case "triangular":
      return has("min", "mode", "max") ? { type, min: g("min"), mode: g("mode"), max: g("max") } : null;
    default:
      return null;
  }
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
