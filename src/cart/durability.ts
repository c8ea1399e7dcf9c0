/**
 * Durability of remission as uncertain as the data (issue [7]): exact Poisson bounds for a relapse
 * rate from observed patient-years, the Weibull relapse curve entered as the share still in
 * drug-free remission at 2 and 5 years, and structural durability scenarios (mixture cure; benefit
 * limited to a number of years) that the model builder, the CLI and the explorer share.
 */
import { gammaQuantile } from "../model/dist/gamma-quantile.js";
import { ModelError } from "../model/errors.js";
import { exp, log, pow } from "../model/math.js";

/** Structural durability scenario of the remission state (documented in docs/methods.md). */
export type DurabilityScenario =
  /** Base case: Weibull relapse hazard by time since infusion, held constant after m_relapse_horizon months. */
  | { kind: "weibull" }
  /** Mixture cure: a fraction of responders never relapse (state Cured); the rest follow the Weibull hazard. */
  | { kind: "cure"; cureFraction: number }
  /** Benefit limited to `years`: everyone still in remission relapses at that time since infusion. */
  | { kind: "limited"; years: number };

export const DEFAULT_DURABILITY: DurabilityScenario = { kind: "weibull" };
/** Cure fraction used by `--durability-scenario cure` unless another is given (an assumption: half of responders). */
export const DEFAULT_CURE_FRACTION = 0.5;

/** The scenarios offered in the CLI (`--durability-scenario`) and the explorer, by id. */
export const DURABILITY_SCENARIOS: Record<
  string,
  { label: string; make: (cureFraction?: number) => DurabilityScenario }
> = {
  weibull: { label: "Weibull relapse hazard (base case)", make: () => ({ kind: "weibull" }) },
  cure: {
    label: "Mixture cure: a fraction of responders never relapse",
    make: (f = DEFAULT_CURE_FRACTION) => ({ kind: "cure", cureFraction: f }),
  },
  "limited-5": { label: "Benefit limited to 5 years after infusion", make: () => ({ kind: "limited", years: 5 }) },
  "limited-10": { label: "Benefit limited to 10 years after infusion", make: () => ({ kind: "limited", years: 10 }) },
};

export function durabilityScenario(id: string, cureFraction?: number): DurabilityScenario {
  // Own keys only: `constructor` is an unknown scenario, not Object's constructor.
  const s = Object.hasOwn(DURABILITY_SCENARIOS, id) ? DURABILITY_SCENARIOS[id] : undefined;
  if (!s)
    throw new ModelError({
      where: "--durability-scenario",
      message: `unknown durability scenario "${id}"`,
      value: id,
      expected: Object.keys(DURABILITY_SCENARIOS).join(", "),
    });
  if (cureFraction !== undefined && !(cureFraction >= 0 && cureFraction <= 1))
    throw new ModelError({
      where: "--cure-fraction",
      message: "not a fraction",
      value: cureFraction,
      expected: "a number in [0, 1]",
    });
  return s.make(cureFraction);
}

/**
 * The scenario in words for readers (no parameter ids). `holdMonths`: the months since infusion after
 * which the base case's hazard stays constant (the model's m_relapse_horizon), named when given.
 */
export function durabilityLabel(d: DurabilityScenario, holdMonths?: number): string {
  if (d.kind === "cure")
    return `Mixture cure: ${d.cureFraction} of responders never relapse; the rest follow the Weibull relapse hazard`;
  if (d.kind === "limited") return `Benefit limited to ${d.years} years after infusion (Weibull hazard until then)`;
  const after = holdMonths === undefined ? "the time-in-state limit" : `${holdMonths} months`;
  return `Weibull relapse hazard by time since infusion, constant after ${after} (base case)`;
}

/**
 * Exact (Garwood) confidence bounds for a Poisson rate from `events` in `personYears`: the lower
 * bound solves P(X >= k; λ·PY) = α/2, the upper P(X <= k; λ·PY) = α/2 (one-sided: α). Equivalent to
 * the chi-square form χ²(α/2; 2k)/(2 PY) and χ²(1 − α/2; 2k + 2)/(2 PY), computed as gamma quantiles
 * (χ²(p; 2a)/2 is the Gamma(a, 1) quantile) (src/model/dist/gamma-quantile.ts; Garwood 1936; Ulm 1990, Am J Epidemiol 131:373).
 */
export function poissonRateInterval(
  events: number,
  personYears: number,
  level = 0.95,
  sides: 1 | 2 = 2,
): { lower: number; upper: number; rate: number } {
  if (!(Number.isInteger(events) && events >= 0))
    throw new ModelError({ where: "events", message: "not a count", value: events, expected: "a whole number >= 0" });
  if (!(personYears > 0))
    throw new ModelError({
      where: "personYears",
      message: "not positive",
      value: personYears,
      expected: "a number > 0",
    });
  // level 1 would ask for an infinite upper bound
  if (!(level > 0 && level < 1))
    throw new ModelError({
      where: "level",
      message: "not a confidence level",
      value: level,
      expected: "a number strictly between 0 and 1",
    });
  const alpha = sides === 2 ? (1 - level) / 2 : 1 - level;
  const upper = gammaQuantile(1 - alpha, events + 1) / personYears;
  const lower = events === 0 ? 0 : gammaQuantile(alpha, events) / personYears;
  return { lower, upper, rate: events / personYears };
}

/** Share still in remission t years after infusion (relapse only) under the Weibull cumulative hazard r·t^k. */
export function weibullShare(r: number, k: number, t: number): number {
  return exp(-r * pow(t, k));
}

/** The Weibull scale that keeps the share in remission at `t` years fixed for a given shape k. */
export function weibullScaleForShare(share: number, t: number, k: number): number {
  if (!(share > 0 && share < 1))
    throw new ModelError({
      where: "share in remission",
      message: "not a share strictly between 0 and 1",
      value: share,
      expected: "0 < share < 1",
    });
  return -log(share) / pow(t, k);
}

/** Weibull scale and shape from the shares still in drug-free remission at 2 and 5 years (s5 < s2). */
export function weibullFromShares(s2: number, s5: number): { r: number; k: number } {
  if (!(s5 > 0 && s5 < s2 && s2 < 1))
    throw new ModelError({
      where: "shares in remission",
      message: "expected 0 < share at 5 years < share at 2 years < 1",
      value: `${s2}, ${s5}`,
    });
  const k = log(log(s5) / log(s2)) / log(5 / 2);
  return { r: -log(s2) / pow(2, k), k };
}
