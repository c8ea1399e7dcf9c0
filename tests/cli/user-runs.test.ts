/**
 * `cartecon` run as a user runs it (s28-cli): what psa, dsa, evppi, cart and validate print, what
 * they write and how they fail.
 * Defects these tests pin:
 *   - (more below, at each describe)
 *   - a draw the engine rejects (a probability outside [0, 1]) was exit 1 naming the draw with one
 *     thread, but with `--threads 2` exit 3, "internal error (please report it)" and a stack trace:
 *     the worker thread's ModelError reached the main thread as a plain Error. A worker also
 *     numbered the draws of its chunk from 1, and the error raised was the chunk that failed first
 *     in time, not in draw order.
 *   - the drawn values in that message were cut at 80 characters ("c_a=100.3, c_extra_0=7.2, ...
 *     (283 characters)"), so with ten drawn parameters the one that broke the draw (p_x, last)
 *     was not shown, though the message asks to change "the parameters named above".
 */
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { CLI_BIN, cartecon, runCli } from "../helpers/cli.js";
import type { ModelSpec } from "../../src/model/index.js";
import { psaDraws } from "../../src/uncertainty/psa.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-psa-user-"));
const write = (name: string, spec: unknown) => {
  const f = join(tmp, name);
  writeFileSync(f, JSON.stringify(spec));
  return f;
};

/**
 * Two states; the probability of leaving A is p_x, drawn from a normal (mean 0.5, sd 0.25): a draw
 * outside [0, 1] is 2 × P(Z > 2) = 4.6% of draws (standard normal table), so 480 draws (10 chunks of
 * 48) hold several, in more than one chunk, and the engine rejects the first of them.
 */
const failing = write("draw-fails.json", {
  name: "a draw fails",
  settings: {
    cycleLength: { years: 1 },
    horizon: { cycles: 5 },
    discount: { costs: 0.03, outcomes: 0.03 },
    method: "end",
    currency: "EUR",
    priceYear: 2020,
  },
  parameters: {
    p_x: { value: 0.5, low: 0.1, high: 0.9, distribution: { type: "normal", mean: 0.5, sd: 0.25 } },
    c_a: { value: 100, low: 50, high: 150, distribution: { type: "gamma", mean: 100, se: 20 } },
    k: { value: 0 },
  },
  states: [
    { id: "A", values: { c: "c_a + 100 * k", q: 1 } },
    { id: "B", dead: true },
  ],
  values: [
    { id: "c", kind: "cost" },
    { id: "q", kind: "utility" },
  ],
  transitions: { A: { A: "C", B: "p_x" }, B: { B: 1 } },
  init: { A: 1 },
  strategies: [{ id: "s1" }, { id: "s2", parameters: { k: 1 } }],
});

/**
 * The first draw (1-based) whose p_x lies outside [0, 1], found from the drawn inputs alone (no
 * evaluation); with seed 5 it lies beyond the first chunk of 48 draws.
 */
const firstBadDraw = (seed: number): number => {
  const d = psaDraws(JSON.parse(readFileSync(failing, "utf8")) as ModelSpec, { n: 480, seed });
  const p = d.inputs.get("p_x")!;
  return p.findIndex((x) => x < 0 || x > 1) + 1;
};

describe("cartecon psa: a draw the engine rejects", () => {
  it("is exit 1 naming the draw and its parameters with one thread", () => {
    const out = join(tmp, "one.csv");
    const bad = firstBadDraw(5);
    expect(bad).toBeGreaterThan(48);
    const r = cartecon("psa", failing, "--n", "480", "--seed", "5", "--no-progress", "--out", out);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toMatch(
      new RegExp(`^error: .*draw-fails\\.json: PSA draw ${bad}: the engine rejected this draw: .*p_x=`, "m"),
    );
    expect(r.err).not.toMatch(/^\s+at /m);
    expect(readdirSync(tmp).filter((f) => f.startsWith("one."))).toEqual([]);
  }, 120_000);
  it.skipIf(availableParallelism() < 2)(
    "is the same exit 1 and message with --threads 2 (was exit 3, an internal error with a stack trace)",
    () => {
      const one = cartecon("psa", failing, "--n", "480", "--seed", "5", "--no-progress");
      const out = join(tmp, "two.csv");
      const two = cartecon(
        "psa",
        failing,
        "--n",
        "480",
        "--seed",
        "5",
        "--no-progress",
        "--threads",
        "2",
        "--out",
        out,
      );
      expect(one.code, one.err).toBe(1);
      expect(two.code, two.err).toBe(1);
      // The expected text is the one-thread run's: the first rejected draw in draw order, whichever
      // worker finished first.
      expect(two.err).toBe(one.err);
      expect(two.err).toContain(`PSA draw ${firstBadDraw(5)}:`);
      expect(readdirSync(tmp).filter((f) => f.startsWith("two."))).toEqual([]);
    },
    120_000,
  );
});

describe("cartecon psa: the rejected draw's values", () => {
  it("are all named, however many parameters are drawn", () => {
    const spec = JSON.parse(readFileSync(failing, "utf8")) as { parameters: Record<string, unknown> };
    const { p_x, ...rest } = spec.parameters;
    const params: Record<string, unknown> = { ...rest };
    for (let i = 0; i < 8; i++)
      params[`c_extra_${i}`] = { value: 10, low: 5, high: 15, distribution: { type: "gamma", mean: 10, se: 2 } };
    params.p_x = p_x; // last, after ten others
    const many = write("draw-fails-many.json", { ...spec, parameters: params });
    const r = cartecon("psa", many, "--n", "480", "--seed", "5", "--no-progress");
    expect(r.code, r.err).toBe(1);
    // The expected value: the first p_x outside [0, 1], from the drawn inputs alone.
    const d = psaDraws(JSON.parse(readFileSync(many, "utf8")) as ModelSpec, { n: 480, seed: 5 });
    const px = d.inputs.get("p_x")!;
    const k = px.findIndex((x) => x < 0 || x > 1);
    expect(r.err).toContain(`PSA draw ${k + 1}:`);
    expect(r.err).toContain(`p_x=${px[k]}`);
    expect(r.err).toContain(`c_extra_7=${d.inputs.get("c_extra_7")![k]}`);
    expect(r.err).not.toContain("characters)");
  }, 120_000);
});

/**
 * The uncertainty commands' text output says what currency and price year their costs and net
 * benefits are in, as `evaluate` does ("cost (GBP 1995, disc.)"): psa, dsa and evppi printed
 * "mean cost 41209" and "At WTP 10000" with no unit (the HIV model's settings: GBP, 1995).
 */
describe("cartecon psa/dsa/evppi text: currency and price year", () => {
  const HIV = "data/models/hiv-chancellor-1997.json";
  it("psa names them in its WTP line", () => {
    const r = cartecon("psa", HIV, "--n", "20", "--no-progress");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("At WTP 10000 GBP 1995 per unit of lifeYears; costs and NMB in GBP 1995:");
    expect(r.out).toMatch(/^  optimal \(highest mean NMB\): \w+; EVPI per patient [\d.,]+ GBP 1995$/m);
  }, 120_000);
  it("dsa names them in its one-way header", () => {
    const r = cartecon("dsa", HIV);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^One-way sensitivity of .* at WTP 10000 GBP 1995 per unit of lifeYears: .* \(GBP 1995\)/m);
  }, 120_000);
  it("evppi names them, and with --population prints the population EVPI and EVPPI it writes to --out", () => {
    const out = join(tmp, "evppi-pop.csv");
    const r = cartecon("evppi", HIV, "--n", "100", "--no-progress", "--population", "1000", "--out", out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/WTP 10000 GBP 1995 per unit of lifeYears; .*EVPI per patient [\d.,]+ GBP 1995/);
    // The population figure printed is the one in the CSV (per patient × population factor).
    const j = JSON.parse(cartecon("evppi", HIV, "--n", "100", "--no-progress", "--population", "1000", "--json").out);
    // Whole units with thousands separators (en-US), as the text prints every amount.
    const whole = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 0 });
    expect(r.out).toContain(`population EVPI ${whole(j.populationEvpi)} GBP 1995`);
    const csv = readFileSync(out, "utf8").trim().split("\n");
    const rr = csv.find((l) => l.startsWith("rr_combo,"))!.split(",");
    // The table's row: name, EVPPI, SE, method, then the population EVPPI last.
    expect(r.out).toMatch(new RegExp(`^\\s+rr_combo\\s.*\\s${whole(Number(rr[4]))}$`, "m"));
  }, 240_000);
});

describe("cartecon dsa --two-way --json", () => {
  it("prints the grid as JSON, as docs/cli.md says (it printed the CSV)", () => {
    const r = cartecon("dsa", failing, "--two-way", "p_x,c_a", "--steps", "2", "--json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.parameters).toEqual(["p_x", "c_a"]);
    expect(Object.keys(j.rows[0])).toEqual(["p_x", "c_a", "optimal", "inmb", "nmb_s1", "nmb_s2"]);
    // 2 steps: each parameter at its low and high (p_x 0.1–0.9, c_a 50–150 in the model above).
    expect(j.rows.map((x: Record<string, number>) => [x.p_x, x.c_a])).toEqual([
      [0.1, 50],
      [0.1, 150],
      [0.9, 50],
      [0.9, 150],
    ]);
  }, 120_000);
});

/**
 * An output that cannot be written whole (disk full, a file-size limit) left a truncated file
 * that looked like a result: `psa --out draws.csv` under a 20 KiB limit left 20,480 bytes of
 * draws.csv (a header and the first rows, the last cut mid-number) and exit 1. Each output is now
 * written to a hidden temporary file beside it and renamed when whole. A file-size limit (bash's
 * `ulimit -f`, in 1024-byte blocks) makes the write fail at a known size without timing.
 */
describe("cartecon: an output that cannot be written whole", () => {
  const underLimit = (blocks: number, args: string[], cwd: string) => {
    const r = spawnSync("bash", ["-c", `ulimit -f ${blocks}; exec "$0" "$@"`, process.execPath, CLI_BIN, ...args], {
      encoding: "utf8",
      cwd,
      timeout: 100_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  it("leaves no file, not a truncated one (psa --out under a 20 KiB file-size limit)", () => {
    const dir = mkdtempSync(join(tmp, "limit-"));
    const model = join(process.cwd(), "data/models/hiv-chancellor-1997.json");
    const r = underLimit(20, ["psa", model, "--n", "2000", "--no-progress", "--out", "draws.csv"], dir);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toMatch(/draws\.csv: cannot write 2000 draws .*EFBIG/);
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);
  it("leaves an existing file as it was (evaluate --trace over an older trace)", () => {
    const dir = mkdtempSync(join(tmp, "limit-"));
    writeFileSync(join(dir, "trace.csv"), "older trace\n");
    const model = join(process.cwd(), "data/models/darth-sick-sicker-age-dependent.json");
    const r = underLimit(8, ["evaluate", model, "--trace", "trace.csv"], dir);
    expect(r.code, r.err).toBe(1);
    expect(readFileSync(join(dir, "trace.csv"), "utf8")).toBe("older trace\n");
    expect(readdirSync(dir)).toEqual(["trace.csv"]);
  }, 120_000);
  it("is written whole when it fits, through a symbolic link to the file it names", () => {
    const dir = mkdtempSync(join(tmp, "limit-"));
    const real = join(dir, "real.csv");
    writeFileSync(real, "");
    symlinkSync(real, join(dir, "link.csv"));
    const r = cartecon("evaluate", "data/models/hiv-chancellor-1997.json", "--out", join(dir, "link.csv"));
    expect(r.code, r.err).toBe(0);
    expect(lstatSync(join(dir, "link.csv")).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toMatch(/^strategy,label,cost_discounted,/);
    expect(readdirSync(dir).sort()).toEqual(["link.csv", "link.csv.meta.json", "real.csv"]);
  }, 120_000);
});

describe("cartecon psa: Ctrl-C", () => {
  it("stops the run at once and writes nothing (SIGINT once the progress bar shows, --threads 2)", async () => {
    const dir = mkdtempSync(join(tmp, "sigint-"));
    const child = spawn(
      process.execPath,
      [CLI_BIN, "psa", "--cart", "sle", "--n", "20000", "--threads", "2", "--out", "draws.csv", "--ceac", "ceac.csv"],
      { cwd: dir },
    );
    let err = "";
    let sent = false;
    const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
      child.on("exit", (code, signal) => done({ code, signal })),
    );
    child.stderr.on("data", (b: Buffer) => {
      err += b.toString();
      // The bar has appeared: the draws are being evaluated.
      if (!sent && /PSA \[/.test(err)) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    const { code, signal } = await exited;
    expect(sent, err).toBe(true);
    expect(code === 130 || signal === "SIGINT", `${code} ${signal} ${err}`).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);
});

/**
 * `--set` naming one parameter twice: `evaluate` refused it (exit 2), `cart` took the last value
 * without a word (`--set p_male=0.5 --set p_male=0.6` ran with 0.6, exit 0).
 */
describe("--set naming a parameter twice", () => {
  it("is a usage error for cart, naming both values, as for evaluate", () => {
    const r = cartecon("cart", "--disease", "sle", "--set", "p_male=0.5", "--set", "p_male=0.6");
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain('p_male is set twice, "0.5" and "0.6": give it once');
    expect(r.out).toBe("");
    const e = cartecon(
      "evaluate",
      "data/models/hiv-chancellor-1997.json",
      "--set",
      "rr_combo=0.5",
      "--set",
      "rr_combo=0.6",
    );
    expect(e.code, e.err).toBe(2);
    expect(e.err).toContain('rr_combo is set twice, "0.5" and "0.6": give it once');
  }, 120_000);
});

/**
 * A model whose `states` is not a list (an object keyed by id, as `transitions` is) was reported
 * once at `states` and then once per transition and initial count: "transitions.A.B: unknown
 * state (got "B"); expected one of " (an empty list), 5 follow-on problems for one mistake.
 */
describe("cartecon validate: states given as an object", () => {
  it("is reported once, at states, with no 'unknown state' for each transition", () => {
    const f = write("states-object.json", {
      name: "states as an object",
      settings: { cycleLength: { years: 1 }, horizon: { cycles: 5 }, method: "end" },
      parameters: { p_x: { value: 0.1 } },
      states: { A: {}, B: { dead: true } },
      transitions: { A: { A: "C", B: "p_x" }, B: { B: 1 } },
      init: { A: 1 },
      strategies: [{ id: "s1" }],
    });
    const r = cartecon("validate", f);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain("states: the model has no states");
    expect(r.err).not.toContain("unknown state");
  }, 120_000);
});

/**
 * docs/cli.md: a malformed option value is a usage error, exit 2. `dsa --bracket 0.1` (one number),
 * `--bracket 0x10,1`, `--bracket 0.9,0.1` and `--two-way rr_combo` (one name) were exit 1, reported
 * as problems of the model file ("h.json: --bracket: needs two numbers"), after the model was read.
 */
describe("cartecon dsa: a malformed --bracket or --two-way", () => {
  const HIV = "data/models/hiv-chancellor-1997.json";
  for (const [args, says] of [
    [["--threshold", "rr_combo", "--bracket", "0.1"], "two numbers lo,hi"],
    [["--threshold", "rr_combo", "--bracket", "0x10,1"], "hexadecimal"],
    [["--threshold", "rr_combo", "--bracket", "0.9,0.1"], "low < high"],
    [["--two-way", "rr_combo"], "two different parameters"],
    [["--two-way", "rr_combo,rr_combo"], "two different parameters"],
    [["--two-way", "rr_combo,"], "two different parameters"],
  ] as const)
    it(`${args.join(" ")} is exit 2 naming the option and the value`, () => {
      const r = cartecon("dsa", HIV, ...args);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain(`option '${args[args.length - 2]} `);
      expect(r.err).toContain(`'${args[args.length - 1]}' is invalid`);
      expect(r.err).toContain(says);
      expect(r.err).not.toContain("hiv-chancellor-1997.json");
    }, 120_000);
});

/**
 * dsa --out wrote the CSV alone: a tornado, grid or threshold row opened later did not say the
 * model, WTP, currency, price year or strategy pair that made it (every other command's --out has
 * a .meta.json). The HIV model's settings: GBP, 1995, WTP 10,000 per life year; strategies mono, combo.
 */
describe("cartecon dsa --out: the .meta.json beside it", () => {
  const HIV = "data/models/hiv-chancellor-1997.json";
  for (const [analysis, args] of [
    ["one-way", []],
    ["two-way", ["--two-way", "p_x,c_a", "--steps", "2"]],
    ["threshold", ["--threshold", "rr_combo", "--bracket", "0.1,2"]],
  ] as const)
    it(`says what made the ${analysis} CSV`, () => {
      const dir = mkdtempSync(join(tmp, "dsa-meta-"));
      const out = join(dir, "dsa.csv");
      const model = analysis === "two-way" ? failing : HIV;
      const r = cartecon("dsa", model, ...args, "--out", out);
      expect(r.code, r.err).toBe(0);
      const meta = JSON.parse(readFileSync(out + ".meta.json", "utf8"));
      expect(meta.analysis).toBe(analysis);
      expect(meta.seed).toBeNull();
      if (analysis === "two-way") {
        expect([meta.settings.currency, meta.settings.priceYear, meta.wtp]).toEqual(["EUR", 2020, 50000]);
        expect([meta.strategy, meta.comparator, meta.parameters]).toEqual(["s2", "s1", ["p_x", "c_a"]]);
      } else {
        expect([meta.settings.currency, meta.settings.priceYear, meta.wtp, meta.effect]).toEqual([
          "GBP",
          1995,
          10000,
          "lifeYears",
        ]);
        expect([meta.strategy, meta.comparator]).toEqual(["combo", "mono"]);
      }
      expect(readdirSync(dir).sort()).toEqual(["dsa.csv", "dsa.csv.meta.json"]);
    }, 120_000);
  it("refuses, before the run, a .meta.json path that is a folder", () => {
    const dir = mkdtempSync(join(tmp, "dsa-meta-"));
    mkdirSync(join(dir, "dsa.csv.meta.json"));
    const r = cartecon("dsa", HIV, "--out", join(dir, "dsa.csv"));
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain("--out (.meta.json): is a folder, not a file");
    expect(readdirSync(dir)).toEqual(["dsa.csv.meta.json"]);
  }, 120_000);
});

/** voi --out wrote the EVPPI table alone, without the samples, WTP and unit that made it. */
describe("cartecon voi --out: the .meta.json beside it", () => {
  it("names the sample files, the WTP, the unit and the population settings", () => {
    const dir = mkdtempSync(join(tmp, "voi-meta-"));
    // Three draws of two strategies and one input, by hand: net benefit = effect × 10 − cost.
    writeFileSync(join(dir, "in.csv"), "x\n1\n2\n3\n");
    writeFileSync(join(dir, "c.csv"), "A,B\n1,2\n1,3\n1,1\n");
    writeFileSync(join(dir, "e.csv"), "A,B\n1,1.2\n1,1.1\n1,1.3\n");
    const r = runCli(
      [
        "voi",
        "--inputs",
        "in.csv",
        "--costs",
        "c.csv",
        "--effects",
        "e.csv",
        "--wtp",
        "10",
        "--out",
        "v.csv",
        "--population",
        "100",
      ],
      { cwd: dir },
    );
    expect(r.code, r.err).toBe(0);
    const meta = JSON.parse(readFileSync(join(dir, "v.csv.meta.json"), "utf8"));
    expect([meta.inputs, meta.costs, meta.effects, meta.nb]).toEqual(["in.csv", "c.csv", "e.csv", null]);
    expect([meta.draws, meta.strategies, meta.wtp]).toEqual([3, ["A", "B"], 10]);
    expect(meta.unit).toContain("the costs' unit");
    // The documented defaults of --horizon and --discount (docs/cli.md: 10 years, 0.035).
    expect([meta.population, meta.horizon, meta.discount]).toEqual([100, 10, 0.035]);
    expect(readdirSync(dir).sort()).toEqual(["c.csv", "e.csv", "in.csv", "v.csv", "v.csv.meta.json"]);
  }, 120_000);
});

/**
 * cart --life-table with a table that stops short of the horizon ran without a word, holding the
 * last row's rates at every later age (documented for look-up tables): a table of ages 0 and 1 gave
 * age 1's death rate to a cohort of 35-year-olds for 65 years.
 */
describe("cartecon cart --life-table: a table that ends before the horizon", () => {
  it("runs, with a note naming the file, its last age and the horizon's end", () => {
    const f = join(tmp, "short-life-table.csv");
    writeFileSync(f, "Age,Female,Male\n0,0.01,0.01\n1,0.01,0.01\n");
    const r = cartecon("cart", "--disease", "sle", "--life-table", f);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      `note: ${f}: the life table's last age is 1, below the horizon's end at age 100: its last row's death rates apply at every age from 1 on`,
    );
    // The shipped UK table ends at age 100, the horizon's end: no note.
    const uk = cartecon("cart", "--disease", "sle", "--life-table", "data/lifetables/uk-ons-2018-2020-mx.csv");
    expect(uk.code, uk.err).toBe(0);
    expect(uk.err).not.toContain("last age");
  }, 120_000);
});
