/**
 * `cartecon dsa` flags that name parameters or choose the analysis. Defects found in s26:
 *   - `--two-way nosuch,rr_combo` and `--threshold nosuch` were reported at `parameters.nosuch`, as if
 *     the model file held it, with no "did you mean" (which `--set` has) and, for --two-way, "a
 *     parameter of the model" as what is accepted, though only parameters with low < high are.
 *   - `dsa --cart sle --two-way age_start,p_male` printed a grid whose every cell was the same: the
 *     start age and sex mix are read when the CAR T model is built, not by its formulas (one-way
 *     already skipped them).
 *   - `--two-way a,b --threshold c` ran the threshold alone; `--steps` without `--two-way` and
 *     `--bracket` without `--threshold` were ignored (exit 0); `--threshold p --out f.csv` wrote no file.
 * The HIV model (data/models/hiv-chancellor-1997.json) gives a one-way range (low < high) to rr_combo
 * alone; its strategies are mono and combo.
 */
import { describe, expect, it } from "vitest";
import { cartecon } from "../helpers/cli.js";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-dsa-flags-"));
// One spawn is killed at 100 s, inside the tests' 120 s, so a hung command fails with its output.
const HIV = "data/models/hiv-chancellor-1997.json";
const noStack = (err: string) => expect(err).not.toMatch(/^\s+at /m);

describe("cartecon dsa: a parameter named by --two-way or --threshold", () => {
  it(
    "an unknown --two-way member names the flag, the value and the parameters with a range",
    { timeout: 120_000 },
    () => {
      let r = cartecon("dsa", HIV, "--two-way", "nosuch,rr_combo");
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain(
        `${HIV}: --two-way: unknown parameter (got "nosuch"); expected one of rr_combo (the parameters with a numeric value and low < high)`,
      );
      expect(r.err).not.toContain("parameters.nosuch");
      // One letter from rr_combo: "did you mean", in the words --set uses.
      r = cartecon("dsa", HIV, "--two-way", "rr_combo,rr_comb");
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain(`--two-way: unknown parameter (did you mean rr_combo?) (got "rr_comb")`);
      // c_azt has a value but no low or high (the model file gives neither).
      r = cartecon("dsa", HIV, "--two-way", "c_azt,rr_combo");
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain(`--two-way: c_azt has no one-way range (low missing, high missing) (got "c_azt")`);
      expect(r.out).toBe("");
      noStack(r.err);
    },
  );
  it("an unknown --threshold parameter names the flag and the nearest id", { timeout: 120_000 }, () => {
    const r = cartecon("dsa", HIV, "--threshold", "rr_comb");
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(
      `${HIV}: --threshold: unknown parameter (did you mean rr_combo?) (got "rr_comb"); expected one of n_AA,`,
    );
    expect(r.err).not.toContain("parameters.rr_comb");
  });
  it(
    "a CAR T structural parameter (start age, sex mix) is refused, not gridded into identical cells",
    { timeout: 120_000 },
    () => {
      const r = cartecon("dsa", "--cart", "sle", "--two-way", "age_start,p_male", "--steps", "2");
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain(
        `--two-way: age_start is read when the model is built (start age, sex mix, tunnel limit), not by its formulas: varying it here changes nothing (got "age_start")`,
      );
      expect(r.out).toBe("");
    },
  );
  it(
    'a --two-way value that is not two different names is shown as typed (was ["rr_combo",null])',
    { timeout: 120_000 },
    () => {
      // A malformed option value: a usage error (exit 2) since s28-cli, was exit 1.
      const r = cartecon("dsa", HIV, "--two-way", "rr_combo");
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain(
        `option '--two-way <a,b>' argument 'rr_combo' is invalid. expected two different parameters separated by a comma (e.g. p_x,c_y), got "rr_combo"`,
      );
    },
  );
});

describe("cartecon dsa: one analysis per run", () => {
  const cases: Array<[string[], string]> = [
    [["--two-way", "rr_combo,c_dmA", "--threshold", "rr_combo"], "--two-way and --threshold are two analyses"],
    [["--steps", "5"], "--steps is the number of grid points of --two-way"],
    [["--bracket", "0,1"], "--bracket is the search range of --threshold"],
  ];
  for (const [args, message] of cases)
    it(`${args.join(" ")}: usage error (exit 2), nothing run`, { timeout: 120_000 }, () => {
      const r = cartecon("dsa", HIV, ...args);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain(`error: ${message}`);
      expect(r.out).toBe("");
    });
  it("--threshold with --out writes the threshold row (was no file, exit 0)", { timeout: 120_000 }, () => {
    const f = join(tmp, "threshold.csv");
    const r = cartecon("dsa", HIV, "--threshold", "rr_combo", "--bracket", "0.1,2", "--out", f);
    expect(r.code, r.err).toBe(0);
    const [head, row, end] = readFileSync(f, "utf8").split("\n");
    expect(head).toBe("parameter,strategy,threshold,decisionBelow,decisionAbove,inmbBelow,inmbAbove");
    expect(end).toBe("");
    const cells = row.split(",");
    expect(cells.slice(0, 2)).toEqual(["rr_combo", "combo"]);
    expect(cells.slice(3, 5)).toEqual(["combo", "mono"]); // a smaller relative risk favours combo
    // At the threshold the incremental NMB changes sign (the definition of a threshold), within the
    // bisection's 1e-10 of the bracket: here a fraction of a currency unit on either side.
    const [below, above] = cells.slice(5).map(Number);
    expect(below).toBeGreaterThanOrEqual(0);
    expect(above).toBeLessThanOrEqual(0);
    expect(Math.abs(below) + Math.abs(above)).toBeLessThan(1e-3);
    expect(Number(cells[2])).toBeGreaterThan(0.1);
    expect(Number(cells[2])).toBeLessThan(2);
  });
  it(
    "--threshold's text says which strategy's NMB it meets and gives the incremental NMB once (it printed the same figure for both sides)",
    { timeout: 120_000 },
    () => {
      const r = cartecon("dsa", HIV, "--threshold", "rr_combo", "--bracket", "0.1,2");
      expect(r.code, r.err).toBe(0);
      // Two strategies: the rival is the comparator, so at the threshold the incremental NMB is 0 (to the
      // cent, as the --out row above shows: within 1e-3 either side).
      expect(r.out).toMatch(
        /^threshold of rr_combo for combo: [0-9.]+: below it combo is optimal, above it mono; there combo's net monetary benefit equals mono's, and its incremental NMB against mono is 0\.00 GBP 1995\n$/,
      );
    },
  );
});
