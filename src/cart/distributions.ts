/**
 * Distributions for probabilistic sensitivity analysis (issue [8] draws from them): one per
 * parameter row, with its mean equal to the base value. The row's low-high range is read as a 95%
 * interval (seen rows: the range the evidence gives, a reported interval or the spread between
 * sources or classes, as each row's note says; assumption rows: a deliberately wide range), so
 * SE = (high - low) / (2 × 1.959964). Method of moments:
 * - beta (probabilities, proportions, utilities): α = m (m(1 - m)/SE² - 1), β = (1 - m)(m(1 - m)/SE² - 1),
 *   with SE² capped at 0.9 m(1 - m) so that α, β > 0;
 * - gamma (costs, rates, durations): shape m²/SE², scale SE²/m;
 * - lognormal (ratios; and costs, rates, small probabilities and utility decrements whose range is lopsided
 *   around the value, where a gamma or beta by mean and SE would draw 20-58% of its values below `low`:
 *   docs/methods.md, "Probabilistic analysis inputs"): σ = ln(high/low) / (2 × 1.959964), μ = ln m - σ²/2
 *   (so the mean is m, not the median);
 * - normal (ages): mean m, SD SE;
 * - fixed: no uncertainty drawn (a structural value, or a value on the bound of its support such as
 *   0 days' wait, where only a point mass has mean 0; or a list price whose range is a discount or another
 *   price, not uncertainty about the value).
 * No parameter is a multinomial split with more than two outcomes (each split is a probability and its
 * complement), so no Dirichlet is needed; a split into three or more would be one.
 */
import { ModelError } from "../model/errors.js";
import { exp, log } from "../model/math.js";
import type { ParameterSpec } from "../model/spec/spec.js";

export type PsaKind = "beta" | "gamma" | "lognormal" | "normal" | "fixed";

export interface PsaDistribution {
  kind: PsaKind;
  mean: number;
  se: number;
  params: Record<string, number>;
  reason: string;
}

const Z975 = 1.959963984540054;

export function psaDistribution(
  row: { value: number; low: number | null; high: number | null; distribution: string; status?: string },
  where = "parameter",
): PsaDistribution {
  const m = row.value;
  if (row.distribution === "fixed" || row.low === null || row.high === null)
    return {
      kind: "fixed",
      mean: m,
      se: 0,
      params: { value: m },
      reason: "fixed: structural or on the bound of its support",
    };
  const se = (row.high - row.low) / (2 * Z975);
  // "evidence range", not "reported interval": a seen row's range is not always a published 95% interval
  // (u_controlled for MG spans the neighbouring classes' means); the method reads every range as one.
  const interval = `${row.status === "seen" ? "evidence" : "assumed"} range ${row.low}-${row.high} read as a 95% interval`;
  const bad = (why: string) =>
    new ModelError({
      where,
      message: `no ${row.distribution} distribution with mean ${m}: ${why}`,
      value: m,
      expected: "a value strictly inside the distribution's support",
    });
  switch (row.distribution) {
    case "beta": {
      if (!(m > 0 && m < 1)) throw bad("a beta mean must lie strictly between 0 and 1");
      const v = Math.min(se * se, 0.9 * m * (1 - m));
      const c = (m * (1 - m)) / v - 1;
      return {
        kind: "beta",
        mean: m,
        se: Math.sqrt(v),
        params: { alpha: m * c, beta: (1 - m) * c },
        reason: `beta by method of moments from the ${interval}`,
      };
    }
    case "gamma": {
      if (!(m > 0)) throw bad("a gamma mean must be positive");
      return {
        kind: "gamma",
        mean: m,
        se,
        params: { shape: (m * m) / (se * se), scale: (se * se) / m },
        reason: `gamma by method of moments from the ${interval}`,
      };
    }
    case "lognormal": {
      if (!(m > 0 && row.low > 0)) throw bad("a log-normal needs a positive mean and lower bound");
      const sigma = log(row.high / row.low) / (2 * Z975);
      return {
        kind: "lognormal",
        mean: m,
        se: m * Math.sqrt(exp(sigma * sigma) - 1),
        params: { mu: log(m) - (sigma * sigma) / 2, sigma },
        reason: `log-normal, σ from the ${interval} on the log scale, μ set so that the mean is the base value`,
      };
    }
    case "normal":
      return { kind: "normal", mean: m, se, params: { mean: m, sd: se }, reason: `normal from the ${interval}` };
    default:
      throw bad(`distribution "${row.distribution}" is not used for PSA (use beta, gamma, lognormal, normal or fixed)`);
  }
}

/**
 * The distribution the CAR T model file gives a parameter: the fit above as the family's own parameters,
 * so that the PSA draws what this module documents (mean = base value for every family) rather than
 * the engine's interval rules for a bare name (`fromInterval`: a log-normal centred on the interval's
 * geometric midpoint, whose mean is not the base value). `value`, `low` and `high` are the row's, in
 * the preset's currency; without a range (an override moved the value out of it) the row's name is
 * kept as it is.
 */
export function psaSpecDistribution(
  row: { distribution: string; status?: string },
  value: number,
  low: number | undefined,
  high: number | undefined,
  where: string,
): ParameterSpec["distribution"] {
  // No range, a zero-width one (the engine refuses it for a drawn family, naming the parameter, as it
  // did before this), or fixed: the row's name as it is.
  if (low === undefined || high === undefined || low === high || row.distribution === "fixed")
    return row.distribution as ParameterSpec["distribution"];
  let d: PsaDistribution;
  try {
    d = psaDistribution({ value, low, high, distribution: row.distribution, status: row.status }, where);
  } catch (err) {
    // A row a user edited so that no distribution of its family fits (a beta of mean 1): the model still
    // builds and runs deterministically; a PSA refuses the name as before, naming the parameter.
    if (err instanceof ModelError) return row.distribution as ParameterSpec["distribution"];
    throw err;
  }
  const p = d.params;
  switch (d.kind) {
    case "fixed":
      return "fixed";
    case "beta":
      return { type: "beta", alpha: p.alpha, beta: p.beta };
    case "gamma":
      return { type: "gamma", shape: p.shape, scale: p.scale };
    case "lognormal":
      return { type: "lognormal", meanlog: p.mu, sdlog: p.sigma };
    case "normal":
      return { type: "normal", mean: p.mean, sd: p.sd };
  }
}

/**
 * Parameters whose values are defined from one another. The PSA draws them independently (the model
 * file has no `correlations` block): one shared quantile would fix ratios their ranges do not have
 * and all but remove the uncertainty of the utility gains (docs/methods.md, "Probabilistic analysis
 * inputs"); the structural fixes (a drawn ratio, utility decrements) are open.
 * `data/cart/correlations/utilities-one-quantile.csv` draws the utilities at one quantile as a scenario.
 */
export const CORRELATED_PARAMETERS: Array<{ parameters: string[]; reason: string }> = [
  {
    parameters: ["p_response", "p_response__allogeneic", "p_response__invivo"],
    reason: "platform response is defined as a multiple of the autologous response (0.85× and 0.8×)",
  },
  {
    parameters: ["r_relapse", "r_relapse__allogeneic", "r_relapse__invivo"],
    reason: "platform relapse rates are defined as multiples of the autologous rate (2× and 4×)",
  },
  {
    parameters: ["c_price", "c_price__allogeneic", "c_price__invivo"],
    reason: "UK prices of the hypothetical products are the autologous proxy scaled by the ratio of the US assumptions",
  },
  {
    parameters: ["u_active", "u_controlled", "u_remission"],
    reason: "health-state utilities of one disease should stay ordered",
  },
];

/** Two parameters whose base values have `lower` ≤ `higher` (src/uncertainty/order.ts's OrderedPair). */
interface OrderedPair {
  lower: string;
  higher: string;
  /** The diseases whose models have the pair (every disease when absent). */
  diseases?: readonly string[];
}

/**
 * Pairs of drawn parameters whose base values are ordered (lower ≤ higher; a test checks them against
 * data/cart for each disease and preset): in every disease the utilities of active, damaged, controlled
 * and remitted disease, the rates of irreversible damage in remission, controlled and active disease,
 * and the platforms' response (autologous ≥ allogeneic ≥ in-vivo) and relapse rate (autologous ≤
 * allogeneic ≤ in-vivo); in SLE the utility of CKD 3–4 above active disease and of a transplant above
 * dialysis (u_transplant is u_dialysis + 0.11 in data/cart); in AAV of a transplant above dialysis,
 * there u_damage (u_transplant is u_damage + 0.11). Drawn independently (CORRELATED_PARAMETERS),
 * some draws reverse them; `orderReversals` (src/uncertainty/order.ts) counts how many, and the CLI's
 * psa and the Uncertainty page report it. Prices are left out: their order is an assumption about the
 * market, not a definition.
 */
export const ORDERED_PARAMETERS: readonly OrderedPair[] = [
  { lower: "u_active", higher: "u_controlled" },
  { lower: "u_controlled", higher: "u_remission" },
  { lower: "u_damage", higher: "u_controlled" },
  { lower: "u_active", higher: "u_damage", diseases: ["sle"] },
  { lower: "u_dialysis", higher: "u_transplant", diseases: ["sle"] },
  { lower: "u_damage", higher: "u_transplant", diseases: ["aav"] },
  { lower: "r_damage_remission", higher: "r_damage_controlled" },
  { lower: "r_damage_controlled", higher: "r_damage_active" },
  { lower: "p_response__allogeneic", higher: "p_response" },
  { lower: "p_response__invivo", higher: "p_response__allogeneic" },
  { lower: "r_relapse", higher: "r_relapse__allogeneic" },
  { lower: "r_relapse__allogeneic", higher: "r_relapse__invivo" },
];

/** The ordered pairs of one disease's model: the pairs of every disease and its own. */
export const orderedPairsOf = (disease: string): OrderedPair[] =>
  ORDERED_PARAMETERS.filter((p) => !p.diseases || p.diseases.includes(disease));
