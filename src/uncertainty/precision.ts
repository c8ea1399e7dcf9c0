/**
 * When an EVPPI table is too imprecise to read: the warning `cartecon evppi` and `voi` print on
 * stderr and the Uncertainty page shows under its EVPPI. A module of its own (no regression code), so
 * the page's main bundle can word the warning without loading the metamodels.
 */
import { formatName } from "./groups.js";
import type { EvppiResult } from "./evppi.js";
import { DEFAULT_DRAWS, MAX_DRAWS } from "./limits.js";
import { columnMeans } from "./stats.js";

/**
 * Fewest PSA draws for an EVPPI table without a warning. A project rule, not a published threshold:
 * it is `cartecon psa`'s default --n, and the regression metamodel fits 10 spline columns per
 * parameter (81 for a group of 4), which fewer draws over-fit, biasing every EVPPI upward (the
 * standard errors do not show that bias).
 */
export const MIN_EVPPI_DRAWS = DEFAULT_DRAWS;

/** Most draws `--n` takes (psa, evppi); a suggestion never asks for more. */
const MAX_SUGGESTED_DRAWS = MAX_DRAWS;

/**
 * Share of the EVPI below which an EVPPI is negligible either way: a row whose estimate + 2 SE stays
 * under it is not flagged when its SE exceeds its estimate (a parameter that hardly matters to the
 * decision keeps SE > estimate at any number of draws).
 */
const NEGLIGIBLE_SHARE = 0.05;

/**
 * A warning for an EVPPI table too imprecise to read, or null: when `draws` < MIN_EVPPI_DRAWS, or
 * when some EVPPI's standard error exceeds its estimate while estimate + 2 SE is at least 5% of the
 * EVPI (it cannot be told from 0, yet might matter). It says what that means and how many draws to
 * use: enough, with SE ∝ 1/√draws, that no flagged row would be flagged again (its SE at most its
 * estimate, or estimate + 2 SE under 5% of the EVPI), more than `draws`, at least MIN_EVPPI_DRAWS,
 * rounded up to a thousand, at most 100,000. `rerun(n)` words the advice for the command (e.g. "run
 * again with --n 4000 or more").
 */
export function evppiPrecisionWarning(
  rows: readonly EvppiResult[],
  evpi: number,
  draws: number,
  rerun: (n: number) => string,
): string | null {
  const flagged = rows.filter(
    (r) => r.se !== undefined && r.se > r.evppi && evpi > 0 && r.evppi + 2 * r.se >= NEGLIGIBLE_SHARE * evpi,
  );
  const few = draws < MIN_EVPPI_DRAWS;
  if (!few && flagged.length === 0) return null;
  let needed = MIN_EVPPI_DRAWS;
  // The SE below which a row is no longer flagged: its estimate, or (5% of EVPI − estimate) / 2. Measured
  // against 2.5% of the EVPI instead, a row flagged with an SE already under that asked for the draws it had.
  for (const r of flagged) {
    const target = Math.max(r.evppi, (NEGLIGIBLE_SHARE * evpi - r.evppi) / 2);
    needed = Math.max(needed, draws * (r.se! / target) ** 2, draws + 1);
  }
  const suggest = Math.min(MAX_SUGGESTED_DRAWS, Math.ceil(needed / 1000) * 1000);
  // Names as one line each: a CSV header holding a line break split the warning (the CLI prints it).
  const shown = flagged
    .slice(0, 5)
    .map((r) =>
      r.parameters
        .map((p) => formatName(p).replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t"))
        .join(" + "),
    );
  const parts = [`warning: the EVPPI from ${draws.toLocaleString("en-US")} draws is imprecise.`];
  if (flagged.length > 0)
    parts.push(
      flagged.length === 1
        ? `1 of ${rows.length} estimates is smaller than its standard error and could still be 5% of the EVPI or more (${shown[0]}): it cannot be told from 0 or ranked against the others.`
        : `${flagged.length} of ${rows.length} estimates are smaller than their standard error and could still be 5% of the EVPI or more (${shown.join(", ")}${flagged.length > shown.length ? ", …" : ""}): they cannot be told from 0 or ranked against each other.`,
    );
  if (few)
    parts.push(
      `Fewer than ${MIN_EVPPI_DRAWS.toLocaleString("en-US")} draws are too few for the regression metamodel: it over-fits, which biases every EVPPI upward (the standard errors do not show this).`,
    );
  parts.push(
    `${rerun(suggest)} (standard errors shrink as 1/√draws${suggest === MAX_SUGGESTED_DRAWS && needed > MAX_SUGGESTED_DRAWS ? `; more than ${MAX_SUGGESTED_DRAWS.toLocaleString("en-US")} would be needed to settle every flagged row` : ""}).`,
  );
  return parts.join(" ");
}

/** The optimal strategy's lead in mean net benefit over its closest rival, with its Monte Carlo standard error. */
export interface DecisionLead {
  /** Index of the strategy with the highest mean net benefit (decisionSummary's `optimal`). */
  optimal: number;
  /**
   * Index of its closest rival: the other strategy whose mean net benefit is fewest standard errors
   * below the optimal's (with three or more strategies, not always the second highest mean: a rival
   * with a smaller gap measured less precisely can be closer).
   */
  runnerUp: number;
  /** Mean net benefit of `optimal` minus that of `runnerUp` (≥ 0). */
  lead: number;
  /**
   * Monte Carlo standard error of `lead`: the sample standard deviation (n − 1) of the paired
   * per-draw differences over √n. Paired, since both strategies are evaluated on the same draws.
   */
  se: number;
  draws: number;
}

/**
 * The difference in mean net benefit of strategies i and j over the same draws (i minus j) and its
 * paired Monte Carlo standard error (sample SD of the per-draw differences, n − 1, over √n; NaN for
 * one draw).
 */
export function pairedDifference(nb: readonly ArrayLike<number>[], i: number, j: number): { lead: number; se: number } {
  const n = nb[i].length;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += nb[i][k] - nb[j][k];
  const lead = sum / n;
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (nb[i][k] - nb[j][k] - lead) ** 2;
  return { lead, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN };
}

/**
 * How far the PSA's choice rests on Monte Carlo error: the optimal strategy (highest mean net benefit,
 * the first of equal means), its closest rival in standard errors (lead / SE smallest; a rival that
 * never differs, SE 0, is never closest unless all are so, then the highest mean), the lead and its
 * standard error. Null with one strategy or fewer than two draws (no standard error).
 */
export function decisionLead(nb: readonly Float64Array[]): DecisionLead | null {
  const n = nb[0]?.length ?? 0;
  if (nb.length < 2 || n < 2) return null;
  const means = columnMeans(nb);
  const optimal = means.reduce((best, m, s) => (m > means[best] ? s : best), 0);
  let closest: { runnerUp: number; lead: number; se: number; z: number } | null = null;
  for (let s = 0; s < nb.length; s++) {
    if (s === optimal) continue;
    const d = pairedDifference(nb, optimal, s);
    const z = d.se > 0 ? d.lead / d.se : Infinity;
    // Fewest standard errors behind; among equals (e.g. all SE 0), the higher mean.
    if (!closest || z < closest.z || (z === closest.z && means[s] > means[closest.runnerUp]))
      closest = { runnerUp: s, lead: d.lead, se: d.se, z };
  }
  const { runnerUp, lead, se } = closest!;
  return { optimal, runnerUp, lead, se, draws: n };
}

/**
 * A warning when the PSA's choice could be Monte Carlo error: the optimal strategy's lead over its
 * closest rival is less than twice its standard error, so another seed may choose the other. Below
 * MAX_DRAWS it suggests the draws that would put the lead at 3 standard errors were it as large as now
 * (SE ∝ 1/√draws), rounded up to a thousand, at most MAX_DRAWS; at MAX_DRAWS it says no run of this
 * tool can settle it. `name(s)` names a strategy; `money(x)` words an amount; `rerun(n)` words the
 * advice (e.g. "Run again with --n 4000 or more"). Null when the lead is at least 2 SE.
 */
export function decisionLeadWarning(
  d: DecisionLead,
  name: (s: number) => string,
  money: (x: number) => string,
  rerun: (n: number) => string,
): string | null {
  if (!(d.se > 0) || d.lead >= 2 * d.se) return null;
  const needed = d.lead > 0 ? d.draws * ((3 * d.se) / d.lead) ** 2 : Infinity;
  const suggest = Math.min(MAX_SUGGESTED_DRAWS, Math.max(d.draws + 1, Math.ceil(needed / 1000) * 1000));
  const most = MAX_SUGGESTED_DRAWS.toLocaleString("en-US");
  const advice =
    d.draws >= MAX_SUGGESTED_DRAWS
      ? `${most} draws, the most a run takes, cannot settle it: the two are close to equal in expected net benefit at this threshold.`
      : `${rerun(suggest)} (the standard error shrinks as 1/√draws${
          needed > MAX_SUGGESTED_DRAWS ? `; at this lead more than ${most} draws would be needed` : ""
        }).`;
  return (
    `warning: the choice of ${name(d.optimal)} over ${name(d.runnerUp)} from ${d.draws.toLocaleString("en-US")} draws ` +
    `could be Monte Carlo error: its lead in mean net benefit, ${money(d.lead)} per patient, is less than twice ` +
    `its standard error (${money(d.se)}), so another seed may choose ${name(d.runnerUp)}. ${advice}`
  );
}

/**
 * Why the deterministic result (every parameter at its base value) and the PSA's mean choose different
 * strategies, or "" when they agree. `gap` is the PSA's mean net benefit of its choice minus that of
 * the deterministic choice, with its paired Monte Carlo SE (pairedDifference). Beyond 2 SE the cause
 * is the model's non-linearity; within 2 SE it may be chance alone (the page said "non-linear" for a
 * 40-draw run whose gap was noise). `offCentre`: the drawn parameters whose distribution's mean is not
 * their base value (offCentre in model/dist): then the gap has that cause too, even in a linear model.
 * The Uncertainty page and `cartecon psa` say it in these words.
 */
export function baseVersusMeanText({
  baseName,
  meanName,
  gap,
  amount,
  offCentre = [],
}: {
  baseName: string;
  meanName: string;
  gap: { lead: number; se: number };
  amount: (x: number) => string;
  offCentre?: readonly string[];
}): string {
  if (baseName === meanName) return "";
  const measured = Number.isFinite(gap.se);
  const first =
    `With every parameter at its base value the model chooses ${baseName}; the mean over the draws chooses ` +
    `${meanName}, by ${amount(gap.lead)} per patient` +
    (measured ? ` (Monte Carlo standard error ${amount(gap.se)}).` : " (one draw: no standard error).");
  const tail =
    "a long-tailed input moves the mean (the drawn parameters with many draws outside their one-way range are " +
    "named with the PSA, when there are any). The decision under uncertainty uses the mean over the draws.";
  const many = offCentre.length > 1;
  if (measured && gap.lead >= 2 * gap.se)
    return offCentre.length > 0
      ? `${first} That is more than twice its standard error, so it is not chance: ${many ? "drawn parameters have" : "a drawn parameter has"} a distribution whose mean is not ${many ? "their" : "its"} base value (${offCentre.join(", ")}), and a model not linear in its parameters has a mean over the draws other than its value at the mean values; ${tail}`
      : `${first} That is more than twice its standard error, so it is not chance: the model is not linear in its parameters, so its mean over the draws is not its value at the mean values; ${tail}`;
  return `${first} That is ${measured ? "less than twice its standard error" : "unmeasured"}: the two choices may differ by chance alone; more draws will tell.`;
}

/**
 * Decimals that show an amount of the size of `ref` to at least 3 significant digits, and never fewer
 * than 2: a net health benefit in QALYs (an EVPI of 0.000476) printed as 0.00 at 2 decimals. The CLI's `voi` text and the page's uploaded-samples views.
 */
export function decimalsFor(ref: number): number {
  if (!(Number.isFinite(ref) && ref !== 0)) return 2;
  return Math.min(12, Math.max(2, 2 - Math.floor(Math.log10(Math.abs(ref)))));
}
