/**
 * Output files against inputs and against themselves. Defects pinned (s27):
 *   - `evaluate model.json --out lt.csv` overwrote the CSV table the model reads (`"tables": {"lt":
 *     {"csv": "lt.csv"}}`) with the results: only the model file itself was protected. Now refused
 *     before the run, naming the table and the model (also for psa's and dsa's --out).
 *   - `budget --out data/access/capacity.csv` (or any budget output) overwrote a shipped table the run
 *     reads (data/access/, data/cart/, the presets' life tables); cart already refused it.
 *   - `--out ./a.csv --out a.csv` was refused as "given twice with different values", though both
 *     name one file: a path option's values are compared as resolved paths (and a number option's
 *     as the numbers read: `--wtp 2e4 --wtp 20000`).
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aliveDead } from "../../bench/models.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-outputs-"));
const cartecon = (args: string[], cwd?: string) => runCli(args, { cwd });

const LT = "age,rate\n0,0.01\n50,0.02\n";
/** alive-dead with its death rate from a CSV table beside the model, and a drawn parameter for psa. */
function modelWithTable(): { model: string; lt: string } {
  const lt = join(tmp, "lt.csv");
  writeFileSync(lt, LT);
  const spec = aliveDead() as unknown as Record<string, any>;
  spec.settings.startAge = 40;
  spec.tables = { lt: { csv: "lt.csv", key: "age" } };
  spec.parameters.p_die = 'rateToProb(lookup("lt", "rate", age))';
  const model = join(tmp, "withcsv.json");
  writeFileSync(model, JSON.stringify(spec, null, 2));
  return { model, lt };
}

describe("an output naming a CSV table the model reads is refused before the run", () => {
  const { model, lt } = modelWithTable();
  it("evaluate --out lt.csv: exit 1, naming the table and the model; lt.csv unchanged", { timeout: 120_000 }, () => {
    const r = cartecon(["evaluate", model, "--out", lt]);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(
      `error: --out: the same file as the table "lt" (lt.csv) that the model ${model} reads: writing it would destroy that input (got "${lt}"); expected a new file name for the output`,
    );
    expect(r.out).toBe("");
    expect(readFileSync(lt, "utf8")).toBe(LT);
    expect(existsSync(`${lt}.meta.json`)).toBe(false);
  });
  it("evaluate --trace and --per-cycle at the table (written another way): refused too", { timeout: 120_000 }, () => {
    const a = cartecon(["evaluate", "withcsv.json", "--trace", "./lt.csv"], tmp);
    expect(a.code, a.err).toBe(1);
    expect(a.err).toContain(
      'error: --trace: the same file as the table "lt" (lt.csv) that the model withcsv.json reads',
    );
    const b = cartecon(["evaluate", model, "--per-cycle", join(tmp, "sub", "..", "lt.csv")]);
    expect(b.code, b.err).toBe(1);
    expect(b.err).toContain('error: --per-cycle: the same file as the table "lt" (lt.csv)');
    expect(readFileSync(lt, "utf8")).toBe(LT);
  });
  it("psa and dsa --out lt.csv: refused before any draw", { timeout: 120_000 }, () => {
    for (const command of ["psa", "dsa"]) {
      const r = cartecon([command, model, "--out", lt]);
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain(`--out: the same file as the table "lt" (lt.csv) that the model ${model} reads`);
      expect(readFileSync(lt, "utf8")).toBe(LT);
    }
  });
  it("evaluate --out results.csv beside the table runs (exit 0)", { timeout: 120_000 }, () => {
    const r = cartecon(["evaluate", model, "--out", join(tmp, "results.csv")]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(lt, "utf8")).toBe(LT);
  });
});

describe("budget: an output naming a shipped table is refused before the run", () => {
  it(
    "--out data/access/capacity.csv, --patients data/cart/parameters-sle.csv: exit 1, files unchanged",
    { timeout: 120_000 },
    () => {
      for (const [option, path] of [
        ["--out", "data/access/capacity.csv"],
        ["--patients", "data/cart/parameters-sle.csv"],
        ["--access", "data/lifetables/uk-ons-2018-2020-mx.csv"],
      ]) {
        const before = readFileSync(path, "utf8");
        const r = cartecon(["budget", option, path]);
        expect(r.code, r.err).toBe(1);
        expect(r.err).toContain(
          `error: ${option}: the same file as the shipped table ${path}: writing it would destroy that input`,
        );
        expect(readFileSync(path, "utf8")).toBe(before);
      }
    },
  );
});

describe("an option given twice with one value written two ways is one value", () => {
  it("--out ./a.csv --out a.csv is one file: accepted and written (exit 0)", { timeout: 120_000 }, () => {
    const r = cartecon(
      ["evaluate", join(process.cwd(), "data/models/hiv-chancellor-1997.json"), "--out", "./a.csv", "--out", "a.csv"],
      tmp,
    );
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain("wrote per-strategy results to a.csv");
    expect(existsSync(join(tmp, "a.csv"))).toBe(true);
  });
  it("--out ./a.csv --out b.csv are two files: still refused naming both (exit 2)", { timeout: 120_000 }, () => {
    const r = cartecon([
      "evaluate",
      "data/models/hiv-chancellor-1997.json",
      "--out",
      join(tmp, "a.csv"),
      "--out",
      join(tmp, "b.csv"),
    ]);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(`given twice, "${join(tmp, "a.csv")}" and "${join(tmp, "b.csv")}": it takes one value`);
  });
  it("--wtp 2e4 --wtp 20000 is one number; --wtp 2e4 --wtp 20001 is two (exit 2)", { timeout: 120_000 }, () => {
    const hiv = "data/models/hiv-chancellor-1997.json";
    const same = cartecon(["evaluate", hiv, "--wtp", "2e4", "--wtp", "20000", "--json"]);
    expect(same.code, same.err).toBe(0);
    expect(JSON.parse(same.out).wtp).toBe(20000);
    const two = cartecon(["evaluate", hiv, "--wtp", "2e4", "--wtp", "20001"]);
    expect(two.code, two.err).toBe(2);
    expect(two.err).toContain(`given twice, "2e4" and "20001"`);
  });
});

describe("psa --out: a parameter named like a column of the draws table is refused before the draws (s27-rev)", () => {
  // The refusal (tests/uncertainty/output-columns.test.ts) came after every draw was evaluated: a
  // user's 10,000-draw run finished, then was thrown away. The draws' progress bar ("PSA [") is
  // drawn only once the evaluation starts, so its absence shows nothing was evaluated.
  it(
    "psa model.json --out draws.csv with a parameter 'draw': exit 1, naming it, no progress bar, no file",
    { timeout: 120_000 },
    () => {
      const spec = {
        name: "columns",
        settings: { cycleLength: 1, horizon: { cycles: 2 }, discount: { costs: 0, outcomes: 0 }, method: "end" },
        parameters: {
          draw: { value: 0.1, low: 0.05, high: 0.2, distribution: "beta" },
          c_a: { value: 100, low: 50, high: 150, distribution: "gamma" },
        },
        values: [{ id: "c", kind: "cost" }],
        states: [
          { id: "A", values: { c: "c_a" } },
          { id: "D", dead: true },
        ],
        transitions: { A: { A: "C", D: "draw" }, D: { D: 1 } },
        init: { A: 1 },
        strategies: [{ id: "a" }, { id: "b" }],
      };
      const model = join(tmp, "draw-column.json");
      writeFileSync(model, JSON.stringify(spec));
      const out = join(tmp, "draw-column-draws.csv");
      const r = cartecon(["psa", model, "--n", "50", "--out", out]);
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain(
        `error: ${model}: draws table: parameters.draw: the draws table would write this parameter in the column "draw"`,
      );
      expect(r.err).not.toContain("PSA [");
      expect(existsSync(out)).toBe(false);
      // Without --out there is no draws table: the same model runs (exit 0).
      expect(cartecon(["psa", model, "--n", "50"]).code).toBe(0);
    },
  );
});

describe("an output that is another name of an input (a symbolic link) is refused too (s27-rev)", () => {
  // Inputs were compared with outputs by path only: `--out ltlink.csv`, a link to the model's table
  // lt.csv, ran (exit 0) and replaced lt.csv with the results; the next run failed reading lt.csv.
  it(
    "evaluate --out <link to the model's table>: exit 1, naming the table; the table unchanged",
    { timeout: 120_000 },
    () => {
      const { model, lt } = modelWithTable();
      const link = join(tmp, "ltlink.csv");
      symlinkSync(lt, link);
      const r = cartecon(["evaluate", model, "--out", link]);
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain(`error: --out: the same file as the table "lt" (lt.csv) that the model ${model} reads`);
      expect(readFileSync(lt, "utf8")).toBe(LT);
    },
  );
  it("evaluate --out <link to the model file>: exit 1, the model unchanged", { timeout: 120_000 }, () => {
    const { model } = modelWithTable();
    const before = readFileSync(model, "utf8");
    const link = join(tmp, "modellink.json");
    symlinkSync(model, link);
    const r = cartecon(["evaluate", model, "--out", link]);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain("error: --out: the same file as the model file");
    expect(readFileSync(model, "utf8")).toBe(before);
  });
});
