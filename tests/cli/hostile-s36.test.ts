/**
 * Left from the session 35 review, pinned here:
 * - psa and evppi of a model whose cohort starts dead printed means of 0 and an EVPI of 0, exit 0,
 *   without the note `evaluate` gives; a utility of 1.5 gave more QALYs than life years in every draw
 *   without a word. Both are now said before the draws ("note: base case: ...") and kept as
 *   `implausible` in the .meta.json (and evppi's --json).
 * - a model name or currency holding a line break forged a line of evaluate's and psa's output
 *   ("THR\nFAKE LINE: all good"); now written \n on its own line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cartecon } from "../helpers/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-hostile-s36-"));
const T = 120_000;
// Briggs' THR model: 5 states, 2 strategies, 12 parameters with distributions.
const thr = () => JSON.parse(readFileSync("data/models/briggs-thr-exercise-3-5.json", "utf8"));
const modelFile = (name: string, spec: unknown) => {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(spec));
  return path;
};

describe("psa and evppi: a base case no cohort model can mean is said before the draws", () => {
  it("the published model gives no note", { timeout: T }, () => {
    const r = cartecon("psa", modelFile("thr.json", thr()), "--n", "20", "--no-progress");
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain("note: base case");
  });

  it("a cohort that starts dead: a note on stderr and `implausible` in the .meta.json", { timeout: T }, () => {
    const spec = thr();
    spec.init = { Death: 1 };
    const file = modelFile("dead.json", spec);
    const out = join(tmp, "dead.csv");
    const r = cartecon("psa", file, "--n", "20", "--no-progress", "--out", out);
    expect(r.code, r.err).toBe(0);
    const note = "no strategy has any life years: every member of the cohort starts in a dead state (see init)";
    expect(r.err).toContain(`note: base case: ${note}`);
    expect(JSON.parse(readFileSync(out + ".meta.json", "utf8")).implausible).toEqual([note]);
    const e = cartecon("evppi", file, "--n", "20", "--no-progress", "--json");
    expect(e.code, e.err).toBe(0);
    expect(e.err).toContain(`note: base case: ${note}`);
    expect(JSON.parse(e.out).implausible).toEqual([note]);
  });

  it("a utility of 1.5 (QALYs above life years) is named per strategy", { timeout: T }, () => {
    const spec = thr();
    spec.parameters.u_successP = 1.5;
    const r = cartecon("psa", modelFile("u15.json", spec), "--n", "20", "--no-progress", "--json");
    expect(r.code, r.err).toBe(0);
    const implausible: string[] = JSON.parse(r.out).implausible;
    expect(implausible.map((n) => n.split(":")[0])).toEqual(["strategy standard", "strategy np1"]);
    for (const n of implausible) {
      expect(n).toMatch(/QALYs in [\d.]+ life years \(undiscounted\): a utility above 1/);
      expect(r.err).toContain(`note: base case: ${n}`);
    }
  });
});

describe("a line break in a model's name or currency stays on its line", () => {
  it("evaluate and psa write it as \\n", { timeout: T }, () => {
    const spec = thr();
    spec.name = "THR\nFAKE LINE: all good";
    spec.settings.currency = "GBP\nFAKE";
    const file = modelFile("forged.json", spec);
    for (const r of [cartecon("evaluate", file), cartecon("psa", file, "--n", "20", "--no-progress")]) {
      expect(r.code, r.err).toBe(0);
      const lines = r.out.split("\n");
      expect(lines.some((l) => l.startsWith("FAKE"))).toBe(false);
      expect(r.out).toContain("GBP\\nFAKE");
    }
    expect(cartecon("evaluate", file).out.split("\n")[0]).toBe("THR\\nFAKE LINE: all good");
  });
});
