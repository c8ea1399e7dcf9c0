/**
 * Hostile values of single flags, as a user types them: the error names the flag, the value as typed
 * and what was expected. Defects these tests pin (s25):
 *   - `cart --cure-fraction abc` was read by Number and reported as "not a fraction (got NaN)".
 *   - `dsa --strategy x` (or --comparator) said "strategy: unknown strategy or comparator (got
 *     "x vs mono")", naming neither flag.
 *   - `budget --years 0`, --members, --rule, --access-budget, --discount out of range were named
 *     "years (horizon)", "members", "rule", "access budget", "discount rate", not by their flags
 *     (`--years abc` already said "--years").
 *   - evaluate, cart and budget wrote their output files only after the run: a folder as --out
 *     printed the results, then "cannot write per-strategy results: EISDIR: ...".
 *   - evaluate --comparator zz / --effect zz were found after the run and named "options".
 *   - evaluate --set with an unknown id was named "parameter <id>", expected "a parameter of the model".
 *   - an empty option value ("" or blanks) was taken as the option left out: cart --scenario "",
 *     psa --correlation "", budget --members "", dsa --threshold " " ran with the defaults (exit 0);
 *     psa --cart "" said "no model"; evaluate --strategies "" evaluated every strategy.
 *   - evaluate --strategies "combo," took "combo" and ignored the empty name.
 *   - `--wtp 20,000` was told "expected a number >= 0" by psa/dsa/evppi, and by evaluate and cart to
 *     "export the file as a comma-separated CSV" (advice for a file); only voi named the fix.
 *   - (s26) `--wtp 10000:50000` was read as a list of two values, not named as a range.
 */
import { describe, expect, it } from "vitest";
import { cartecon } from "../helpers/cli.js";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-flags-"));
// One spawn is killed at 100 s, inside the tests' 120 s, so a hung command fails with its output.
const HIV = "data/models/hiv-chancellor-1997.json";
const noStack = (err: string) => expect(err).not.toMatch(/^\s+at /m);

describe("cartecon cart --cure-fraction", () => {
  it('a value that is not a number is refused with the value as typed (was "got NaN")', { timeout: 120_000 }, () => {
    const r = cartecon("cart", "--disease", "sle", "--cure-fraction", "abc");
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain("option '--cure-fraction <x>' argument 'abc' is invalid");
    expect(r.err).toContain('expected a number in [0, 1], got "abc"');
    expect(r.err).not.toContain("NaN");
    noStack(r.err);
  });
  it("a share above 1 is refused with its range", { timeout: 120_000 }, () => {
    const r = cartecon("cart", "--disease", "sle", "--cure-fraction", "1.5");
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain('expected a number in [0, 1], got "1.5"');
  });
});

describe("cartecon dsa --strategy / --comparator", () => {
  // The HIV model's strategies, as data/models/hiv-chancellor-1997.json lists them: mono, combo.
  it("an unknown --strategy is named with its flag and value", { timeout: 120_000 }, () => {
    const r = cartecon("dsa", HIV, "--strategy", "nosuch");
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(`${HIV}: --strategy: unknown strategy (got "nosuch"); expected mono, combo`);
    noStack(r.err);
  });
  it("an unknown --comparator is named with its flag and value", { timeout: 120_000 }, () => {
    const r = cartecon("dsa", HIV, "--strategy", "combo", "--comparator", "zz");
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(`${HIV}: --comparator: unknown strategy (got "zz"); expected mono, combo`);
  });
  it("a model with one strategy says there is nothing to compare", { timeout: 120_000 }, () => {
    const spec = JSON.parse(readFileSync(HIV, "utf8"));
    spec.strategies = [spec.strategies[0]];
    const f = join(tmp, "one-strategy.json");
    writeFileSync(f, JSON.stringify(spec));
    const r = cartecon("dsa", f);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain("--strategy: the model has one strategy: nothing to compare it with");
    expect(r.err).toContain("expected two or more strategies in the model");
  });
});

describe("cartecon budget: options out of range named by their flags", () => {
  it(
    "--years 0, --members -3, --rule x, --access-budget -1 and --discount 2 are listed each with its flag",
    {
      timeout: 120_000,
    },
    () => {
      const r = cartecon(
        "budget",
        "--years",
        "0",
        "--members",
        "-3",
        "--rule",
        "x",
        "--access-budget",
        "-1",
        "--discount",
        "2",
      );
      // A usage error (exit 2) since s36, as every other command's malformed option value; exit 1 before.
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain("invalid budget options: 5 problems");
      expect(r.err).toContain("--years: out of range (got 0); expected a whole number of years in [1, 15]");
      expect(r.err).toContain("--discount: out of range (got 2); expected an annual rate in [0, 1]");
      expect(r.err).toContain(
        "--members: out of range (got -3); expected a whole number of members in [1, 10000000000]",
      );
      expect(r.err).toContain(
        "--access-budget: out of range (got -1); expected an amount per year in [1, 1000000000000000]",
      );
      expect(r.err).toContain('--rule: unknown allocation rule (got "x"); expected fcfs or severity');
      noStack(r.err);
    },
  );
  it("a negative --capacity is named by its flag", { timeout: 120_000 }, () => {
    const r = cartecon("budget", "--capacity", "-1");
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(
      "--capacity manufacturingPerYear: out of range (got -1); expected patients per year (or unlimited) in [0, 1000000000]",
    );
  });
  // Before s37 the CLI had its own bounds: no maximum for members, capacity or the budget cap, and
  // an access budget > 0, where the Access page's boxes and links (BUDGET_SETTING_RANGES) refused them.
  it(
    "budget options beyond the page's bounds are refused as the page's link refuses them",
    { timeout: 120_000 },
    () => {
      const r = cartecon("budget", "--members", "1e11", "--budget-cap", "1e16", "--access-budget", "0.5");
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain("invalid budget options: 3 problems");
      expect(r.err).toContain(
        "--members: out of range (got 100000000000); expected a whole number of members in [1, 10000000000]",
      );
      expect(r.err).toContain(
        "out of range (got 10000000000000000); expected an amount per year (0 = no cap) in [0, 1000000000000000]",
      );
      expect(r.err).toContain(
        "--access-budget: out of range (got 0.5); expected an amount per year in [1, 1000000000000000]",
      );
    },
  );
});

describe("evaluate, cart and budget: an output file that is a folder", () => {
  // psa/dsa/evppi checked their outputs before the run (target.ts); evaluate printed its tables and
  // then failed with "cannot write per-strategy results: EISDIR: illegal operation on a directory".
  it("evaluate --out <folder> is refused before the run, naming the flag and the path", { timeout: 120_000 }, () => {
    const r = cartecon("evaluate", HIV, "--out", tmp);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(`--out: is a folder, not a file (got "${tmp}"); expected a file name (e.g. results.csv)`);
    expect(r.err).not.toContain("EISDIR");
    expect(r.out).toBe(""); // nothing evaluated or printed
  });
  it("evaluate --trace in a folder that does not exist is refused before the run", { timeout: 120_000 }, () => {
    const r = cartecon("evaluate", HIV, "--trace", join(tmp, "no-such-folder", "trace.csv"));
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(`--trace: the folder ${join(tmp, "no-such-folder")} does not exist`);
    expect(r.out).toBe("");
  });
  it("cart --states <folder> and budget --access <folder> are refused the same way", { timeout: 240_000 }, () => {
    const c = cartecon("cart", "--disease", "sle", "--states", tmp);
    expect(c.code, c.err).toBe(1);
    expect(c.err).toContain(`--states: is a folder, not a file (got "${tmp}")`);
    expect(c.out).toBe("");
    const b = cartecon("budget", "--access", tmp);
    expect(b.code, b.err).toBe(1);
    expect(b.err).toContain(`--access: is a folder, not a file (got "${tmp}")`);
    expect(b.out).toBe("");
  });
});

describe("cartecon evaluate --comparator / --effect", () => {
  // Were "options: comparator "zz" is not one of the strategies: mono, combo" and "options: unknown
  // effect …", found after the run; the HIV model's strategies are mono and combo, its values
  // c_drugs, c_medical, c_community and ly (data/models/hiv-chancellor-1997.json).
  it("an unknown --comparator is named with its flag, value and the strategies evaluated", { timeout: 120_000 }, () => {
    const r = cartecon("evaluate", HIV, "--comparator", "zz");
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(
      `${HIV}: --comparator: not one of the strategies evaluated (got "zz"); expected mono, combo`,
    );
    expect(r.out).toBe("");
    const only = cartecon("evaluate", HIV, "--strategies", "combo", "--comparator", "mono");
    expect(only.code, only.err).toBe(1);
    expect(only.err).toContain('--comparator: not one of the strategies evaluated (got "mono"); expected combo');
  });
  it("an unknown --effect is named with its flag and value", { timeout: 120_000 }, () => {
    const r = cartecon("evaluate", HIV, "--effect", "zz");
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(
      `${HIV}: --effect: unknown effect "zz": use "qalys", "lifeYears" or one of c_drugs, c_medical, c_community, ly (got "zz")`,
    );
    expect(r.out).toBe("");
  });
});

describe("cartecon evaluate --set", () => {
  // Was "parameter rr_comb: unknown parameter (got "rr_comb"); expected a parameter of the model".
  it(
    "an unknown parameter is named with --set, the nearest id and the model's parameters",
    { timeout: 120_000 },
    () => {
      const r = cartecon("evaluate", HIV, "--set", "rr_comb=1");
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain(
        `${HIV}: invalid --set: --set rr_comb: unknown parameter (did you mean rr_combo?) (got "rr_comb"); expected one of n_AA, n_AB,`,
      );
      expect(r.out).toBe("");
    },
  );
});

describe("cartecon evaluate --strategies", () => {
  // "combo," was taken as "combo", the empty name ignored.
  it('an empty name in the list ("combo,") is an unknown strategy, named by the flag', { timeout: 120_000 }, () => {
    const r = cartecon("evaluate", HIV, "--strategies", "combo,");
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(`${HIV}: --strategies: unknown strategy "" (got ""); expected mono, combo`);
    expect(r.out).toBe("");
  });
});

describe("an empty option value is a usage error (exit 2), in every command", () => {
  // Each was taken as the option left out: the command ran with the default, exit 0 (or, for
  // --cart "", "no model: give a model file or --cart <disease>"; for --strategies "", every strategy).
  const cases: string[][] = [
    ["cart", "--disease", "sle", "--scenario", ""],
    ["psa", HIV, "--n", "10", "--correlation", ""],
    ["psa", "--cart", ""],
    ["psa", HIV, "--out", ""],
    ["dsa", HIV, "--threshold", " "],
    ["evaluate", HIV, "--strategies", ""],
    ["budget", "--members", ""],
  ];
  for (const args of cases)
    it(`${args.join(" ")}: names the option and says a value is expected`, { timeout: 120_000 }, () => {
      const r = cartecon(...args);
      const [flag, empty] = args.slice(-2);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(new RegExp(`^error: option '${flag} <[^>]+>' argument '${empty}' is invalid`));
      expect(r.err).toContain("expected a value (leave the option out for its default)");
      expect(r.out).toBe("");
    });
});

describe("--wtp of every command", () => {
  // One parser for every --wtp (src/cli/args.ts wtpArg); the texts to type are worked out by hand
  // from what was typed: "20,000" -> 20000; "20000,5" -> 20000.5 or 20000 and 5; a list -> one run each.
  const cases: Array<[string, string[]]> = [
    ["evaluate", [HIV]],
    ["psa", [HIV, "--n", "10"]],
    ["dsa", [HIV]],
    ["evppi", [HIV, "--n", "10"]],
    ["cart", ["--disease", "sle"]],
  ];
  for (const [command, args] of cases)
    it(
      `${command}: a thousands separator, a decimal comma and a list are each refused with what to type`,
      { timeout: 240_000 },
      () => {
        let r = cartecon(command, ...args, "--wtp", "20,000");
        expect(r.code, r.err).toBe(2);
        expect(r.err).toContain(
          `argument '20,000' is invalid. expected a number >= 0 without a thousands separator, got "20,000": write 20000`,
        );
        expect(r.err).not.toContain("CSV");
        r = cartecon(command, ...args, "--wtp", "20000,5");
        expect(r.code, r.err).toBe(2);
        expect(r.err).toContain(
          `for a decimal comma write 20000.5; for two values run ${command} once per value (--wtp 20000, then --wtp 5)`,
        );
        // A range (R's and voi's notation), said to be one; psa points to its own CEAC over a range (--ceac).
        r = cartecon(command, ...args, "--wtp", "10000:50000");
        expect(r.code, r.err).toBe(2);
        expect(r.err).toContain(
          command === "psa"
            ? `--wtp takes one value, got the range "10000:50000": --ceac ceac.csv gives the CEAC`
            : `--wtp takes one value, got the range "10000:50000": run ${command} once per value in the range (--wtp 10000, ..., --wtp 50000)`,
        );
        r = cartecon(command, ...args, "--wtp", "-5");
        expect(r.code, r.err).toBe(2);
        expect(r.err).toContain(`argument '-5' is invalid. expected a number >= 0`);
        noStack(r.err);
      },
    );
});

describe("an option that takes one value, given twice", () => {
  // Defect (s26): the last value was taken without a word (`psa --seed 2 --seed 3` ran with seed 3).
  const cases: Array<[string[], string, string, string]> = [
    [["psa", HIV, "--n", "10", "--seed", "2", "--seed", "3"], "--seed <seed>", "2", "3"],
    [["evaluate", HIV, "--wtp", "20000", "--wtp=30000"], "--wtp <amount>", "20000", "30000"],
    [["budget", "--years", "3", "--years", "4"], "--years <n>", "3", "4"],
    // Review (s26): cart's --parameters is one output file, but it was exempted by name with evppi's
    // repeatable --parameters groups: the second file was written and the first not (exit 0).
    [
      ["cart", "--disease", "ms", "--parameters", join(tmp, "p1.csv"), "--parameters", join(tmp, "p2.csv")],
      "--parameters <file.csv>",
      join(tmp, "p1.csv"),
      join(tmp, "p2.csv"),
    ],
  ];
  for (const [args, flags, a, b] of cases)
    it(`${args.join(" ")}: usage error (exit 2) naming both values`, { timeout: 120_000 }, () => {
      const r = cartecon(...args);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toBe(
        `error: option '${flags}' given twice, "${a}" and "${b}": it takes one value (give it once)\n`,
      );
      expect(r.out).toBe("");
    });
  it("the same value twice is accepted, and --set still collects every occurrence", { timeout: 120_000 }, () => {
    const r = cartecon("psa", HIV, "--n", "10", "--no-progress", "--seed", "2", "--seed", "2");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("10 draws, seed 2,");
    const s = cartecon("evaluate", HIV, "--json", "--set", "rr_combo=0.5", "--set", "c_azt=1");
    expect(s.code, s.err).toBe(0);
    expect(JSON.parse(s.out).parameterOverrides).toEqual({ rr_combo: 0.5, c_azt: 1 });
  });
  it(
    "dsa's --bracket and --two-way given twice with the same value, however typed, run as given once",
    { timeout: 240_000 },
    () => {
      // Their parsers return lists ([lo, hi], [a, b]): compared member by member (a new list each read
      // was never Object.is the other, and the same value twice was refused: review s39).
      const once = cartecon("dsa", HIV, "--threshold", "rr_combo", "--bracket", "0.1,2");
      const twice = cartecon("dsa", HIV, "--threshold", "rr_combo", "--bracket", "0.1,2", "--bracket", "0.10, 2");
      expect(twice.code, twice.err).toBe(once.code);
      expect(twice.err).not.toContain("given twice");
      expect(twice.out).toBe(once.out);
      const grid = cartecon(
        "dsa",
        "--cart",
        "sle",
        "--steps",
        "2",
        "--two-way",
        "r_relapse,k_relapse",
        "--two-way",
        "r_relapse, k_relapse",
      );
      expect(grid.code, grid.err).toBe(0);
      expect(grid.out.split("\n")[0]).toContain("r_relapse");
      const other = cartecon("dsa", HIV, "--threshold", "rr_combo", "--bracket", "0.1,2", "--bracket", "0.1,3");
      expect(other.code).toBe(2);
      expect(other.err).toContain('given twice, "0.1,2" and "0.1,3"');
    },
  );
  it("evppi --parameters still collects one group per occurrence", { timeout: 120_000 }, () => {
    // The EVPPI table lists each parameter alone, then the groups given, in order: the last two rows
    // are the two groups typed (a second --parameters taken as the only one would leave one).
    const r = cartecon(
      "evppi",
      HIV,
      "--n",
      "200",
      "--seed",
      "1",
      "--no-progress",
      "--json",
      "--parameters",
      "rr_combo,c_dmA",
      "--parameters",
      "c_dmA,c_dmB",
    );
    expect(r.code, r.err).toBe(0);
    const groups = (JSON.parse(r.out).evppi as Array<{ parameters: string[] }>).map((g) => g.parameters.join("+"));
    expect(groups.slice(-2)).toEqual(["rr_combo+c_dmA", "c_dmA+c_dmB"]);
  });
});

describe("two outputs of one run in the same file", () => {
  // Defect (s26): `evaluate --out r.csv --trace r.csv` wrote the results, then the trace over them (exit 0).
  it(
    "evaluate --out and --trace naming one file: refused before the run, nothing written",
    { timeout: 120_000 },
    () => {
      const f = join(tmp, "same.csv");
      const r = cartecon("evaluate", HIV, "--out", f, "--trace", f);
      expect(r.code, r.err).toBe(1);
      expect(r.err).toBe(
        `error: --trace: the same file as --out: one would overwrite the other (got "${f}"); expected a file of its own for each output\n`,
      );
      expect(existsSync(f)).toBe(false);
    },
  );
  it("budget --out and --patients naming one file: refused the same way", { timeout: 120_000 }, () => {
    const f = join(tmp, "same-budget.csv");
    const r = cartecon("budget", "--out", f, "--patients", f);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(`--patients: the same file as --out: one would overwrite the other (got "${f}")`);
    expect(existsSync(f)).toBe(false);
  });
});

describe("cartecon evaluate --strategies with a strategy twice", () => {
  // Defect (s26): "mono,mono" evaluated mono twice, with an incremental table of mono against itself.
  it("is refused naming the strategy and the list", { timeout: 120_000 }, () => {
    const r = cartecon("evaluate", HIV, "--strategies", "mono,combo,mono");
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(
      `${HIV}: --strategies: strategy "mono" is listed twice (got "mono,combo,mono"); expected each strategy once`,
    );
    expect(r.out).toBe("");
  });
});
