/**
 * When an EVPPI table is too imprecise to read: the warning `cartecon evppi` and `voi` print on
 * stderr and the Uncertainty page shows under its EVPPI. A module of its own (no regression code), so
 * the page's main bundle can word the warning without loading the metamodels.
 */
import { formatName } from "./groups.js";
import type { EvppiResult } from "./evppi.js";
import { DEFAULT_DRAWS, MAX_DRAWS } from "./limits.js";

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
