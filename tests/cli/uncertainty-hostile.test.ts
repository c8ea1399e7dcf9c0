/**
 * `cartecon psa|dsa|evppi` on hostile options and model files, as a user runs them: each either
 * works or fails with exit 1 or 2, a message naming the file/option, the value and what was
 * expected, and no stack trace. Defects these tests pin (s22):
 *   - psa/dsa/evppi took the effect "qalys" whatever the model's settings.effect said: the HIV
 *     model (settings.effect "lifeYears", no utilities) printed "mean effect 0.0000" per strategy
 *     and a decision at 10,000 per QALY of nothing; `evaluate` used settings.effect.
 *   - an --out (or --ceac) that is a folder, or an empty --out, failed only after every draw was
 *     evaluated (EISDIR), or was ignored silently ("").
 *   - errors found while drawing or evaluating did not name the model file.
 *   - the draws' .meta.json lacked the columns' units, the tool version and the model settings.
 */
import { describe, expect, it } from "vitest";
import { cartecon } from "../helpers/cli.js";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { csvParse } from "d3-dsv";
import type { ModelSpec } from "../../src/model/index.js";
import { psaDraws as draws } from "../../src/uncertainty/psa.js";
import { workerThreads } from "../../src/cli/commands/psa.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-hostile-"));
// Each test runs for up to 120 s per spawn it makes (240 s for two); one spawn is killed at 100 s,
// inside that, so a hung command fails its test with the spawn's output, not vitest's timeout.
// (The spawn's 240 s inside tests of 60 s made vitest give up first, without the command's stderr.)
const HIV = "data/models/hiv-chancellor-1997.json";
const hiv = (): ModelSpec => JSON.parse(readFileSync(HIV, "utf8"));
const write = (name: string, spec: unknown) => {
  const f = join(tmp, name);
  writeFileSync(f, JSON.stringify(spec));
  return f;
};
const noStack = (err: string) => expect(err).not.toMatch(/^\s+at /m);
/**
 * The HIV model with rr_combo its only drawn parameter (the counts and the medical and community
 * costs held at their values), as these tests were written for: the shipped model also draws
 * Exercise 4.7's Dirichlet counts and gamma costs (tests/validation/published-psa.test.ts).
 */
const hivRrOnly = (): ModelSpec => {
  const s = hiv() as unknown as { parameters: Record<string, Record<string, unknown>> };
  for (const [id, p] of Object.entries(s.parameters))
    if (id !== "rr_combo" && typeof p === "object" && p.distribution !== undefined) delete p.distribution;
  return s as unknown as ModelSpec;
};
const HIV_RR = write("hiv-rr-only.json", hivRrOnly());

describe("cartecon psa/dsa/evppi: the effect", () => {
  it("defaults to the model's settings.effect, as evaluate does (HIV model: life years)", () => {
    const r = cartecon("psa", HIV_RR, "--n", "20", "--json", "--no-progress");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.effect).toBe("lifeYears");
    // rr_combo, the one drawn parameter, acts on combination therapy only, so monotherapy's life
    // years are the same in every draw: 7.9912066 undiscounted = discounted (outcomes discounted at
    // 0%), the published value (Briggs, Claxton & Sculpher 2006, Exercise 2.5; heemod's dmhee test).
    expect(j.summary[0].strategy).toBe("mono");
    expect(j.summary[0].meanEffect).toBeCloseTo(7.9912066, 6);
  }, 120_000);
  it("--effect still overrides it", () => {
    const r = cartecon("dsa", HIV, "--effect", "qalys", "--json");
    expect(r.code, r.err).toBe(0);
    // The HIV model declares no utilities: QALYs are 0, so INMB at rr's bounds is −Δcost only.
    const rows = JSON.parse(r.out).rows as Array<{ parameter: string; incrementalEffectAtLow: number }>;
    expect(rows.map((x) => x.parameter)).toEqual(["rr_combo"]); // the loop below is not empty
    for (const row of rows) expect(row.incrementalEffectAtLow).toBe(0);
  }, 120_000);
});

describe("cartecon psa/dsa/evppi: output files are checked before any draw", () => {
  const folder = join(tmp, "a-folder");
  mkdirSync(folder, { recursive: true });
  const cases: Array<[string, string[], RegExp]> = [
    ["psa --out <folder>", ["psa", HIV, "--out", folder], /--out: is a folder, not a file/],
    ["psa --ceac <folder>", ["psa", HIV, "--ceac", folder], /--ceac: is a folder, not a file/],
    ["evppi --out <folder>", ["evppi", HIV, "--out", folder], /--out: is a folder, not a file/],
    ["dsa --out <folder>", ["dsa", HIV, "--out", folder], /--out: is a folder, not a file/],
    [
      "psa --out in a missing folder",
      ["psa", HIV, "--out", join(tmp, "missing", "d.csv")],
      /--out: the folder .*missing does not exist/,
    ],
  ];
  for (const [name, args, message] of cases)
    it(`${name}: exit 1, named, nothing evaluated`, () => {
      const r = cartecon(...args, ...(args[0] === "dsa" ? [] : ["--n", "50", "--no-progress"]));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.out).toBe(""); // no summary: the run never started
      noStack(r.err);
    }, 120_000);
  it("psa --out whose .meta.json companion is a folder: refused before the draws", () => {
    mkdirSync(join(tmp, "d.csv.meta.json"), { recursive: true });
    const r = cartecon("psa", HIV, "--n", "50", "--out", join(tmp, "d.csv"), "--no-progress");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--out \(\.meta\.json\): is a folder/);
  }, 120_000);
});

describe("cartecon psa/dsa on hostile model files: named errors, exit 1, no stack trace", () => {
  const withRr = (rr: unknown) => {
    const s = hiv() as unknown as { parameters: Record<string, unknown> };
    s.parameters.rr_combo = { unit: "relative risk", ...(rr as object) };
    return s;
  };
  const cases: Array<[string, unknown, RegExp]> = [
    ["beta alpha -1", { value: 0.509, distribution: { type: "beta", alpha: -1, beta: 2 } }, /a beta needs alpha > 0/],
    ["normal sd -1", { value: 0.509, distribution: { type: "normal", mean: 0.5, sd: -1 } }, /a normal needs sd > 0/],
    [
      "triangular mode outside",
      { value: 0.509, distribution: { type: "triangular", min: 0.6, mode: 0.509, max: 0.7 } },
      /min <= mode <= max/,
    ],
    ["low = high", { value: 0.509, low: 0.509, high: 0.509, distribution: "lognormal" }, /low = high/],
  ];
  for (const [name, rr, message] of cases)
    it(`psa: ${name}`, () => {
      const f = write(`${name.replace(/\W+/g, "-")}.json`, withRr(rr));
      const r = cartecon("psa", f, "--n", "50", "--no-progress");
      expect(r.code).toBe(1);
      expect(r.err).toContain(`${f}: parameters.rr_combo`);
      expect(r.err).toMatch(message);
      noStack(r.err);
    }, 120_000);
  it("dsa: a high bound that pushes a probability above 1 names the file, parameter and bound", () => {
    // rr_combo = 6 multiplies p_AB = 350/1734 = 0.2018... to 1.21 > 1 (Chancellor's counts).
    const f = write("rr-high.json", withRr({ value: 0.509, low: 0.365, high: 6, distribution: "lognormal" }));
    const r = cartecon("dsa", f);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `${f}: parameters.rr_combo: the model cannot be evaluated with rr_combo at its high value 6`,
    );
    noStack(r.err);
  }, 120_000);
  it("dsa --threshold with a bracket of one number is refused", () => {
    const r = cartecon("dsa", HIV, "--threshold", "rr_combo", "--bracket", "1");
    // A malformed option value: a usage error (exit 2) since s28-cli, was exit 1.
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /--bracket <lo,hi>' argument '1' is invalid\. expected two numbers lo,hi \(e\.g\. 0\.1,0\.9\), got "1"/,
    );
  }, 120_000);
});

describe("cartecon psa --out: the draws file reads back", () => {
  it("every number round-trips to the same double, and .meta.json has the seed, units and settings", () => {
    const out = join(tmp, "hiv-draws.csv");
    const r = cartecon("psa", HIV_RR, "--n", "200", "--seed", "20261205", "--out", out, "--no-progress");
    expect(r.code, r.err).toBe(0);
    const rows = csvParse(readFileSync(out, "utf8"));
    // The reference: the same draws made in this process (the seed contract, docs/uncertainty.md).
    const d = draws(hivRrOnly(), { n: 200, seed: 20261205 });
    const rr = d.inputs.get("rr_combo")!;
    expect(rows.length).toBe(200); // --n 200: the loops below are not empty
    rows.forEach((row, k) => expect(Object.is(Number(row.rr_combo), rr[k])).toBe(true));
    // Every cell is the shortest text of its double (String(x)): nothing rounded on the way out.
    for (const row of rows) for (const c of rows.columns) expect(String(Number(row[c]))).toBe(row[c]);
    const meta = JSON.parse(readFileSync(out + ".meta.json", "utf8"));
    expect(meta.seed).toBe(20261205);
    expect(meta.columns).toEqual({
      draw: "draw number (1 to n)",
      rr_combo: "relative risk",
      cost_mono: "GBP 1995, discounted, per member of the cohort",
      effect_mono: "life years, discounted, per member of the cohort",
      cost_combo: "GBP 1995, discounted, per member of the cohort",
      effect_combo: "life years, discounted, per member of the cohort",
    });
    expect(Object.keys(meta.columns)).toEqual(rows.columns);
    expect(meta.settings.discount).toEqual({ costs: 0.06, outcomes: 0 });
    expect(meta.tool).toMatch(/^cartecon \d/);
  }, 120_000);
});

describe("cartecon psa --correlation: problems named by the CSV file's row and column", () => {
  // Three drawn parameters: rr_combo (the model's own), c_azt and c_dmA (given ranges here).
  const spec = () => {
    const s = hivRrOnly() as unknown as { parameters: Record<string, unknown> };
    s.parameters.c_azt = { value: 2278, low: 2000, high: 2500, distribution: "gamma", unit: "GBP/year" };
    s.parameters.c_dmA = { value: 1701, low: 1500, high: 1900, distribution: "gamma", unit: "GBP/year" };
    return s;
  };
  const csv = (name: string, text: string) => {
    const f = join(tmp, name);
    writeFileSync(f, text);
    return f;
  };
  const cases: Array<[string, string, RegExp]> = [
    [
      "not symmetric",
      "parameter,rr_combo,c_azt\nrr_combo,1,0.5\nc_azt,0.3,1\n",
      /asym\.csv row 3 column rr_combo: the matrix must be symmetric \(got \[0\.3,0\.5\]\); expected equal to .*asym\.csv row 2 column c_azt/,
    ],
    [
      "an unknown parameter",
      "parameter,rr_combo,zzz\nrr_combo,1,0.5\nzzz,0.5,1\n",
      /unknown\.csv row 1 column 3: not a parameter the PSA draws .* \(got "zzz"\); expected one of rr_combo, c_azt/,
    ],
    [
      "a fixed parameter",
      "parameter,rr_combo,c_lam\nrr_combo,1,0.5\nc_lam,0.5,1\n",
      /fixed\.csv row 1 column 3: not a parameter the PSA draws .* \(got "c_lam"\)/,
    ],
    [
      "|r| > 1",
      "parameter,rr_combo,c_azt\nrr_combo,1,1.5\nc_azt,1.5,1\n",
      /gt1\.csv row 2 column c_azt: not a correlation \(got 1\.5\)/,
    ],
    [
      "not positive definite (c_dmA correlated 0.9 with both others, which are correlated −0.9)",
      "parameter,rr_combo,c_azt,c_dmA\nrr_combo,1,-0.9,0.9\nc_azt,-0.9,1,0.9\nc_dmA,0.9,0.9,1\n",
      /notpd\.csv row 4 \(c_dmA\): the correlation matrix is not positive definite/,
    ],
    [
      "r = 1 between two parameters whose correlations with a third differ (singular, not semi-definite)",
      "parameter,rr_combo,c_azt,c_dmA\nrr_combo,1,1,0.5\nc_azt,1,1,0.2\nc_dmA,0.5,0.2,1\n",
      /perfect\.csv row 3 column c_dmA: c_azt has correlation 1 with rr_combo, so it moves with it: its correlation with c_dmA must be rr_combo's \(got 0\.2\); expected 0\.5/,
    ],
  ];
  const names = ["asym", "unknown", "fixed", "gt1", "notpd", "perfect"];
  cases.forEach(([name, text, message], i) =>
    it(`${name}: exit 1, the file's row and column`, () => {
      const m = write(`corr-model-${i}.json`, spec());
      const r = cartecon("psa", m, "--n", "20", "--correlation", csv(`${names[i]}.csv`, text), "--no-progress");
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.err).not.toContain(m); // the problem is in the CSV file, not the model
      noStack(r.err);
    }, 120_000),
  );
  it("a distribution psa refuses, with --correlation: the model's problem, naming the model file", () => {
    // The correlation's parameters are the ones psaDraws draws (specDistributions), so the SE 0
    // that no draw can use is the model's problem, said with the model file's name as when drawing.
    const s = spec() as { parameters: Record<string, Record<string, unknown>> };
    s.parameters.c_azt.distribution = { type: "gamma", mean: 2278, se: 0 };
    const m = write("corr-model-se0.json", s);
    const c = csv("se0.csv", "parameter,rr_combo,c_azt\nrr_combo,1,0.5\nc_azt,0.5,1\n");
    const r = cartecon("psa", m, "--n", "20", "--correlation", c, "--no-progress");
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `${m}: parameters.c_azt.distribution: a gamma distribution with SE 0 has nothing to draw (got {"type":"gamma","mean":2278,"se":0})`,
    );
    noStack(r.err);
  }, 120_000);
});

describe("cartecon psa --threads beyond the CPU cores and the chunks", () => {
  it("uses at most the cores and the chunks, says so on stderr, and writes the same draws as --threads 1", () => {
    const cores = availableParallelism();
    const a = join(tmp, "t1.csv");
    const b = join(tmp, "t64.csv");
    expect(cartecon("psa", HIV, "--n", "100", "--seed", "5", "--out", a, "--no-progress").code).toBe(0);
    const r = cartecon("psa", HIV, "--n", "100", "--seed", "5", "--threads", "64", "--out", b, "--no-progress");
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(b, "utf8")).toBe(readFileSync(a, "utf8"));
    const meta = JSON.parse(readFileSync(b + ".meta.json", "utf8"));
    expect(meta.threadsRequested).toBe(64);
    // 100 draws are ceil(100 / 48) = 3 chunks of 48: 3 workers at most, fewer on fewer cores
    // (a 64-core machine uses 3, not 64).
    const used = Math.min(3, cores);
    expect(meta.threads).toBe(used);
    expect(r.err).toContain(`note: --threads 64 on ${cores} CPU core(s) and 100 draws: using ${used} thread(s)`);
  }, 240_000);
  it("--n 20 --threads 2 runs, records and says 1 thread: 20 draws make one chunk of 48", () => {
    const out = join(tmp, "t2-n20.csv");
    const r = cartecon("psa", HIV, "--n", "20", "--threads", "2", "--out", out, "--no-progress");
    expect(r.code, r.err).toBe(0);
    const meta = JSON.parse(readFileSync(out + ".meta.json", "utf8"));
    expect(meta.threads).toBe(1);
    expect(meta.threadsRequested).toBe(2);
    expect(r.out).toMatch(/^PSA of .*: 20 draws, .* s on 1 thread\(s\)$/m);
    expect(r.err).toMatch(/using 1 thread\(s\) \(20 draws make 1 chunk\(s\) of 48/);
  }, 120_000);
  it("workerThreads(requested, draws, cores) is the least of the three (chunks of 48 draws)", () => {
    // 100 draws: ceil(100 / 48) = 3 chunks; 1,000 draws: ceil(1000 / 48) = 21; 48 draws: 1; 49: 2.
    expect(workerThreads(64, 100, 64)).toEqual({ threads: 3, note: expect.stringContaining("3 chunk(s) of 48") });
    expect(workerThreads(64, 1000, 2).threads).toBe(2);
    expect(workerThreads(64, 1000, 2).note).toContain("more would share the 2 CPU core(s)");
    expect(workerThreads(2, 48, 8)).toEqual({ threads: 1, note: expect.any(String) });
    expect(workerThreads(2, 49, 8)).toEqual({ threads: 2 });
    expect(workerThreads(1, 100_000, 1)).toEqual({ threads: 1 });
  });
});

describe("cartecon evppi --discount", () => {
  it("refuses a rate above 1 (3.5 meant as 3.5% was read as 350% a year): usage error, exit 2", () => {
    const r = cartecon("evppi", HIV, "--n", "50", "--population", "1000", "--discount", "3.5", "--no-progress");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/expected an annual rate in \[0, 1\] \(0\.035 for 3\.5%\), got "3\.5"/);
  }, 120_000);
});

describe("cartecon validate and the PSA distributions", () => {
  it("says OK for the deterministic model and lists, as a note, each distribution psa would refuse", () => {
    const s = hiv() as unknown as { parameters: Record<string, unknown> };
    s.parameters.rr_combo = { value: 0.509, unit: "relative risk", distribution: { type: "beta", alpha: -1, beta: 2 } };
    s.parameters.c_azt = { value: 2278, low: 2278, high: 2278, distribution: "gamma", unit: "GBP/year" };
    const f = write("validate-dists.json", s);
    const r = cartecon("validate", f);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^OK: /);
    expect(r.err).toContain(`note: ${f}: psa and evppi will refuse 2 distribution(s)`);
    expect(r.err).toContain("parameters.rr_combo.distribution: a beta needs alpha > 0 and beta > 0");
    expect(r.err).toContain("parameters.c_azt: low = high");
  }, 120_000);
  it("prints no note for a model whose distributions all fit (HIV: the Exercise 4.7 counts, costs and relative risk)", () => {
    const r = cartecon("validate", HIV);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
  }, 120_000);
});

describe("cartecon dsa: parameters without a one-way range", () => {
  it("a model with no range at all (DARTH Sick-Sicker: the tutorial gives none) is refused naming every numeric parameter", () => {
    // Earlier it printed an empty tornado, exit 0; then "no parameter has a numeric value with
    // low < high: nothing to vary", naming none.
    // Expected list read off data/models/darth-sick-sicker-time-independent.json: its 19 parameters
    // with a numeric value, in file order; all but n_cycles_darth, trtA and trtB have a distribution.
    const f = "data/models/darth-sick-sicker-time-independent.json";
    const r = cartecon("dsa", f);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain(
      `${f}: parameters: no parameter has a one-way range (a numeric value with "low" < "high"): nothing to vary. ` +
        "Without one: n_cycles_darth, r_HS1, r_S1H, r_S1S2, r_HD, hr_S1, hr_S2, hr_S1S2_trtB, trtA, trtB, " +
        "c_H, c_S1, c_S2, c_trtA, c_trtB, u_H, u_S1, u_S2, u_trtA (19 parameters; 16 drawn in a PSA)",
    );
    noStack(r.err);
  }, 120_000);
  it("a model with some ranges runs, names the drawn parameters it did not vary on stderr, and all of them in --json", () => {
    // data/models/hiv-chancellor-1997.json: only rr_combo has low and high; read off the file, the
    // 19 others with a numeric value are the nine counts n_AA..n_CD and the six medical and community
    // costs (all with a distribution), combo, combo_years, c_azt and c_lam (none).
    const r = cartecon("dsa", HIV, "--json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as {
      rows: Array<{ parameter: string }>;
      notVaried: Array<{ id: string; drawn: boolean }>;
    };
    expect(j.rows.map((x) => x.parameter)).toEqual(["rr_combo"]);
    expect(j.notVaried.map((u) => u.id)).toEqual([
      ...["n_AA", "n_AB", "n_AC", "n_AD", "n_BB", "n_BC", "n_BD", "n_CC", "n_CD"],
      ...["combo", "combo_years", "c_azt", "c_lam", "c_dmA", "c_dmB", "c_dmC", "c_ccA", "c_ccB", "c_ccC"],
    ]);
    expect(j.notVaried.filter((u) => u.drawn).length).toBe(15);
    // The note on stderr names only the 15 a PSA draws: the counts, then the six costs.
    expect(r.err).toContain(
      "note: drawn in a PSA but not varied here, no one-way range (low < high): " +
        "n_AA, n_AB, n_AC, n_AD, n_BB, n_BC, n_BD, n_CC, n_CD, c_dmA, c_dmB, c_dmC, c_ccA, c_ccB, c_ccC " +
        "(15 parameters; 15 drawn in a PSA)",
    );
  }, 120_000);
});
