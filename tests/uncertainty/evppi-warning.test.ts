/**
 * evppiPrecisionWarning(rows, evpi, draws, rerun): the warning `cartecon evppi` and `voi` print on
 * stderr when the EVPPI table is too imprecise to read. Defect pinned (s30): `evppi --n 50` printed
 * standard errors far above the estimates with no word about them.
 *
 * Rule (src/uncertainty/precision.ts): a row is flagged when SE > estimate and estimate + 2 SE ≥ 5% of
 * the EVPI; the table is flagged when a row is, or when draws < 1,000. Draws suggested:
 * draws × (SE / max(estimate, (5% of EVPI − estimate) / 2))² (the draws at which the row is no longer
 * flagged), more than draws, at least 1,000, rounded up to a thousand, at most 100,000.
 */
import { describe, expect, it } from "vitest";
import { evppiPrecisionWarning, MIN_EVPPI_DRAWS } from "../../src/uncertainty/voi.js";
import type { EvppiResult } from "../../src/uncertainty/evppi.js";

const row = (name: string, evppi: number, se?: number): EvppiResult => ({
  parameters: [name],
  evppi,
  ...(se === undefined ? {} : { se }),
  method: "pspline",
});
const rerun = (n: number) => `Run again with --n ${n} or more`;

describe("evppiPrecisionWarning", () => {
  it("evppiPrecisionWarning(rows, evpi, draws) is null when every SE is below its estimate or the row is negligible either way", () => {
    // a: 50 ± 2, precise. b: 1 ± 1.5, SE above the estimate but 1 + 2 × 1.5 = 4 < 5% of 100.
    expect(evppiPrecisionWarning([row("a", 50, 2), row("b", 1, 1.5)], 100, 5000, rerun)).toBeNull();
  });

  it("evppiPrecisionWarning flags a row whose SE exceeds its estimate and could reach 5% of the EVPI, with the draws to use", () => {
    // c: 3 ± 4, 3 + 8 = 11 ≥ 5. Draws: 5000 × (4 / max(3, 2.5))² = 5000 × 16/9 = 8,888.9 → 9,000.
    const w = evppiPrecisionWarning([row("a", 50, 2), row("c", 3, 4)], 100, 5000, rerun);
    expect(w).toBe(
      "warning: the EVPPI from 5,000 draws is imprecise. 1 of 2 estimates is smaller than its standard error" +
        " and could still be 5% of the EVPI or more (c): it cannot be told from 0 or ranked against the others." +
        " Run again with --n 9000 or more (standard errors shrink as 1/√draws).",
    );
  });

  it("evppiPrecisionWarning measures an estimate of 0 against 2.5% of the EVPI", () => {
    // d: 0 ± 10 at 2,000 draws, EVPI 100: 2000 × (10 / 2.5)² = 32,000.
    expect(evppiPrecisionWarning([row("d", 0, 10)], 100, 2000, rerun)).toContain("Run again with --n 32000 or more");
  });

  it("evppiPrecisionWarning asks for more draws than it has when a flagged SE is already under 2.5% of the EVPI (s33)", () => {
    // f: 1.6 ± 1.8 at 2,000 draws, EVPI 100: flagged (1.8 > 1.6 and 1.6 + 3.6 = 5.2 ≥ 5). It stops
    // being flagged once 1.6 + 2 SE < 5, SE < 1.7: 2000 × (1.8 / 1.7)² = 2,242.2 → 3,000 (at 3,000
    // draws SE = 1.8 × √(2/3) = 1.47 and 1.6 + 2.94 = 4.54 < 5). Measured against 2.5 (2.5% of the
    // EVPI) it was 2000 × (1.8 / 2.5)² = 1,036.8 → 2,000: the draws the samples already had (seen on
    // a 2,000-draw voi run, r_x: 57.85 ± 66.49 of an EVPI of 3,624.10).
    expect(evppiPrecisionWarning([row("f", 1.6, 1.8)], 100, 2000, rerun)).toContain("Run again with --n 3000 or more");
  });

  it("evppiPrecisionWarning asks for more draws than it has for a row flagged at the boundary", () => {
    // g: 1 ± 2 at 2,000 draws, EVPI 100: 1 + 4 = 5 ≥ 5, flagged; SE must fall below 2 (= (5 − 1) / 2):
    // any number above 2,000, rounded up to a thousand: 3,000.
    expect(evppiPrecisionWarning([row("g", 1, 2)], 100, 2000, rerun)).toContain("Run again with --n 3000 or more");
  });

  it("evppiPrecisionWarning warns below 1,000 draws even when no SE exceeds its estimate, and asks for 1,000", () => {
    expect(MIN_EVPPI_DRAWS).toBe(1000);
    const w = evppiPrecisionWarning([row("a", 50, 2)], 100, 200, rerun)!;
    expect(w).toContain("the EVPPI from 200 draws is imprecise");
    expect(w).toContain("Fewer than 1,000 draws are too few for the regression metamodel");
    expect(w).not.toContain("smaller than their standard error");
    expect(w).toContain("Run again with --n 1000 or more");
  });

  it("evppiPrecisionWarning never asks for more than 100,000 draws, and says when that is not enough", () => {
    // 0 ± 100 at 2,000 draws, EVPI 100: 2000 × (100 / 2.5)² = 3,200,000.
    const w = evppiPrecisionWarning([row("e", 0, 100)], 100, 2000, rerun)!;
    expect(w).toContain("Run again with --n 100000 or more");
    expect(w).toContain("more than 100,000 would be needed");
  });

  it("evppiPrecisionWarning names at most 5 flagged rows, then an ellipsis; groups as a + b", () => {
    const rows = [
      ...["p1", "p2", "p3", "p4", "p5", "p6"].map((p) => row(p, 1, 20)),
      { ...row("x", 1, 20), parameters: ["x", "y"] },
    ];
    const w = evppiPrecisionWarning(rows, 100, 5000, rerun)!;
    expect(w).toContain("7 of 7 estimates");
    expect(w).toContain("(p1, p2, p3, p4, p5, …)");
    expect(evppiPrecisionWarning([{ ...row("x", 1, 20), parameters: ["x", "y"] }], 100, 5000, rerun)).toContain(
      "(x + y)",
    );
  });

  it("evppiPrecisionWarning is null without standard errors at 1,000 draws or more, and with an EVPI of 0", () => {
    expect(evppiPrecisionWarning([row("a", 0)], 100, 1000, rerun)).toBeNull();
    expect(evppiPrecisionWarning([row("a", 0, 3)], 0, 1000, rerun)).toBeNull();
  });
});
