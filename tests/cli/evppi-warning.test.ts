/**
 * `cartecon evppi --n 50` warns on stderr that its EVPPI table is too imprecise to read, and how many
 * draws to use. Defect pinned (s30): it printed standard errors far above the estimates (e.g.
 * "0.00 ± 17019.16") without a word. The rule and the number of draws are tested by hand in
 * tests/uncertainty/evppi-warning.test.ts; here, that the CLI prints it, on stderr, and not on stdout.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { drawnTwoStateModel } from "../fixtures/two-state.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-evppi-warning-"));
const model = join(tmp, "model.json");
writeFileSync(model, JSON.stringify(drawnTwoStateModel()));

describe("cartecon evppi: a warning for too few draws", { timeout: 240_000 }, () => {
  it("--n 50: stderr says the EVPPI is imprecise, why, and to run again with at least --n 1000", () => {
    const r = runCli(["evppi", model, "--n", "50", "--no-progress"], { timeoutMs: 110_000 });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain("warning: the EVPPI from 50 draws is imprecise.");
    expect(r.err).toContain("Fewer than 1,000 draws are too few for the regression metamodel");
    const n = Number(r.err.match(/Run again with --n (\d+) or more/)?.[1]);
    expect(n).toBeGreaterThanOrEqual(1000);
    expect(n).toBeLessThanOrEqual(100_000);
    expect(r.out).not.toContain("is imprecise");
    expect(r.out).toContain("EVPPI per patient");
  });
});
