/**
 * `cartecon voi` refuses outcomes given two ways before it reads a file. Defect (s28): `voi --nb
 * nb.csv --wtp 20000` printed "note: no inputs file: the EVPPI was not computed ..." and then the
 * refusal, exit 1; `--nb` with `--costs` was told "--costs/--effects need --wtp"; no outcomes, costs
 * without --wtp, and --parameters or --out without --inputs were exit 1, as if a file were wrong. A refused command
 * prints its error alone: these are usage errors (exit 2, docs/cli.md), and a run that voiReport
 * refuses after the files are read prints no note above its error either. Expected texts are
 * written by hand from the options typed.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cartecon } from "../helpers/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-voi-clash-"));
const file = (name: string, text: string) => {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
};
// Two draws, two strategies: no inputs file, so readVoiSamples has its "no inputs file" note to give.
const nb = file("nb.csv", "A,B\n0,1\n0,-1\n");
const costs = file("costs.csv", "A,B\n1,2\n1,3\n");
const WTP_WITH_NB =
  "error: --wtp: a net-benefit table already holds the net benefit at the willingness to pay it was computed with: a WTP cannot change it (got 20000); expected no --wtp with --nb, or costs and effects tables (--costs, --effects) with --wtp\n";

describe("cartecon voi: outcomes given two ways", { timeout: 120_000 }, () => {
  it("--nb with --wtp prints the refusal alone (no note), exit 2", () => {
    const r = cartecon("voi", "--nb", nb, "--wtp", "20000");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe(WTP_WITH_NB);
  });

  it("--nb with --wtp is refused before the file is read (a missing --nb file is not reached)", () => {
    const r = cartecon("voi", "--nb", join(tmp, "missing.csv"), "--wtp", "20000");
    expect(r.code).toBe(2);
    expect(r.err).toBe(WTP_WITH_NB);
  });

  it("--nb with --costs (or --costs and --effects) says both were given, not that --wtp is missing", () => {
    let r = cartecon("voi", "--nb", nb, "--costs", costs);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe(
      "error: --nb with --costs: the outcomes are given two ways; give either the net-benefit table (--nb) or the costs and effects tables (--costs, --effects, with --wtp), not both\n",
    );
    r = cartecon("voi", "--nb", nb, "--costs", costs, "--effects", costs, "--wtp", "3");
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "error: --nb with --costs and --effects: the outcomes are given two ways; give either the net-benefit table (--nb) or the costs and effects tables (--costs, --effects, with --wtp), not both\n",
    );
  });

  it("a group that voiReport refuses after the files are read: the error alone, none of the files' notes", () => {
    // Column a is 1 in both draws: readVoiSamples notes it as constant; the group a,b is then refused.
    const inputs = file("inputs.csv", "a,b\n1,2\n1,3\n");
    const r = cartecon("voi", "--inputs", inputs, "--nb", nb, "--parameters", "a,b");
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `error: --parameters group 1 (a,b): "a" is 1 in every draw of ${inputs}: a constant parameter has no value of information (its EVPPI is 0) (got "a"); expected parameters that vary across draws: drop it from the group\n`,
    );
  });

  it("a run that succeeds still prints the files' notes", () => {
    const r = cartecon("voi", "--nb", nb);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^note: no inputs file: the EVPPI was not computed/);
  });
});

describe(
  "cartecon voi: options that need another are usage errors (exit 2), before any file is read",
  { timeout: 120_000 },
  () => {
    const missing = join(tmp, "missing.csv");
    it("no outcomes, or costs without effects", () => {
      for (const args of [
        ["--inputs", missing],
        ["--costs", missing, "--wtp", "2"],
      ]) {
        const r = cartecon("voi", ...args);
        expect(r.code).toBe(2);
        expect(r.out).toBe("");
        expect(r.err).toBe("error: options: give --nb nb.csv, or --costs c.csv with --effects e.csv and --wtp\n");
      }
    });
    it("costs and effects without --wtp", () => {
      const r = cartecon("voi", "--costs", missing, "--effects", missing);
      expect(r.code).toBe(2);
      expect(r.err).toBe("error: --wtp: --costs/--effects need --wtp (the net benefit is effect × wtp − cost)\n");
    });
    it("--parameters or --out without --inputs", () => {
      let r = cartecon("voi", "--nb", missing, "--parameters", "a,b");
      expect(r.code).toBe(2);
      expect(r.err).toBe(
        'error: --parameters: EVPPI groups need --inputs (the EVPPI regresses the net benefit on the parameters\' draws) (got "a,b"); expected --inputs params.csv, or no --parameters (the EVPI and CEAC need no inputs)\n',
      );
      const out = join(tmp, "evppi.csv");
      r = cartecon("voi", "--nb", missing, "--out", out);
      expect(r.code).toBe(2);
      expect(r.err).toBe(
        `error: --out: the EVPPI table needs --inputs (without it only the EVPI and CEAC are computed) (got "${out}"); expected --inputs params.csv, or no --out (the EVPI prints to stdout; --json adds the CEAC)\n`,
      );
    });
  },
);
