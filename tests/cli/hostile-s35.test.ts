/**
 * A hostile-input review of the CLI (session 35) found runs that changed a result without a word or
 * accepted what means nothing. Each case below gave exit 0 (or an error without the file) before:
 * - a life table with ages 50-70 deleted: age 49's rates applied for 21 years (SoC QALYs 11.389 →
 *   11.661), no note; two ages swapped: "tables.lt.columns.Age[61]: key column must be strictly
 *   ascending", without the file or its row; a table starting at 40 for a cohort of 35: a lookup
 *   failure in parameter mu_background;
 * - a disease's own row deleted from an --export-params table: the generic row was used (SLE
 *   autologous response 0.58 for 0.9; the ICER 5,728 → 125,562), no note;
 * - --cure-fraction without the cure scenario: ignored;
 * - evppi --n 1: an empty EVPPI table, exit 0;
 * - dsa with --strategy equal to --comparator: a tornado of zero swings;
 * - dsa's text named no strategy pair (5 strategies in the UK preset); prices printed as 1.410e+5;
 * - voi --parameters "": exit 1 (an empty option value is a usage error, exit 2, everywhere else);
 * - a model with a price year but no currency: "cost (1995, disc.)", "costs and NMB in 1995";
 * - psa, dsa and evppi without a model, or with both a file and --cart: exit 1 (evaluate: 2);
 * - a utility of 1.5 gave more QALYs than life years without a word.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cartecon } from "../helpers/cli.js";
import { moneyLabel } from "../../src/model/index.js";
import { num } from "../../src/cli/format.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-hostile-s35-"));
const US = readFileSync("data/lifetables/us-2015-all-cause-mortality.csv", "utf8").trimEnd().split("\n");
// Line 0 is the header "Year,Age,Female,Male,Total"; line k + 1 is age k.
const lifeTable = (name: string, lines: string[]) => {
  const path = join(tmp, name);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
};
const T = 120_000;

describe("cart: life tables and parameter tables that would change results silently", () => {
  it("a gap in the ages is refused at its row, naming the missing ages", { timeout: T }, () => {
    const gap = lifeTable("gap.csv", [...US.slice(0, 51), ...US.slice(72)]); // ages 0-49, then 71-
    const r = cartecon("cart", "--disease", "sle", "--life-table", gap);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "gap.csv row 52 column Age: age 71 after age 49: ages 50 to 70 are missing (the model would apply age 49's rates to them) (got 71)",
    );
  });

  it("two ages swapped are named at their rows, with the file", { timeout: T }, () => {
    const lines = [...US];
    [lines[61], lines[62]] = [lines[62], lines[61]]; // age 61 at row 62, age 60 at row 63
    const r = cartecon("cart", "--disease", "sle", "--life-table", lifeTable("swap.csv", lines));
    expect(r.code).toBe(1);
    expect(r.err).toContain("swap.csv row 63 column Age: age 60 after age 61: the ages are not in increasing order");
    expect(r.err).not.toContain("tables.lt");
  });

  it("a table starting above the start age (35 in SLE) names the file and the ages", { timeout: T }, () => {
    const r = cartecon("cart", "--disease", "sle", "--life-table", lifeTable("from40.csv", [US[0], ...US.slice(41)]));
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "from40.csv: the life table starts at age 40, above the cohort's start age (age_start 35) (got 40)",
    );
    expect(r.err).not.toContain("mu_background");
  });

  it("a row deleted from an --export-params table is refused, naming it", { timeout: T }, () => {
    const params = join(tmp, "params.csv");
    expect(cartecon("cart", "--export-params", params).code).toBe(0);
    const lines = readFileSync(params, "utf8").split("\n");
    const kept = lines.filter((l) => !l.startsWith("p_response,sle,autologous,"));
    expect(kept.length).toBe(lines.length - 1);
    writeFileSync(params, kept.join("\n"));
    const r = cartecon("cart", "--disease", "sle", "--params", params);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "params.csv: a row of the shipped parameter tables is missing (id,disease,strategy[,currency]): p_response,sle,autologous.",
    );
  });

  it(
    "a GBP row deleted (its USD twin kept) is refused too: the UK preset would convert the USD row",
    { timeout: T },
    () => {
      const params = join(tmp, "params-gbp.csv");
      expect(cartecon("cart", "--export-params", params).code).toBe(0);
      const lines = readFileSync(params, "utf8").split("\n");
      const gbp = lines.filter((l) => /^c_soc_drug,aav,all,/.test(l) && l.includes(",GBP,"));
      expect(gbp.length).toBe(1);
      writeFileSync(params, lines.filter((l) => l !== gbp[0]).join("\n"));
      const r = cartecon("cart", "--disease", "aav", "--preset", "uk", "--params", params);
      expect(r.code).toBe(1);
      expect(r.err).toContain("(id,disease,strategy[,currency]): c_soc_drug,aav,all,GBP.");
    },
  );

  it("--cure-fraction without --durability-scenario cure is a usage error", { timeout: T }, () => {
    const r = cartecon("cart", "--disease", "sle", "--cure-fraction", "0.9");
    expect(r.code).toBe(2);
    expect(r.err).toContain("--cure-fraction is the share of responders cured in the cure durability scenario");
    expect(cartecon("cart", "--disease", "sle", "--cure-fraction", "0.9", "--durability-scenario", "cure").code).toBe(
      0,
    );
    // A misspelt scenario is named as unknown, not as a clash with --cure-fraction.
    const typo = cartecon("cart", "--disease", "sle", "--cure-fraction", "0.4", "--durability-scenario", "cuer");
    expect(typo.err).toContain("cuer");
    expect(typo.err).not.toContain("--cure-fraction is the share");
  });
});

describe("dsa, evppi and voi options that mean nothing", () => {
  const model = "data/models/hiv-chancellor-1997.json";

  it("evppi --n 1 is a usage error", { timeout: T }, () => {
    const r = cartecon("evppi", model, "--n", "1");
    expect(r.code).toBe(2);
    expect(r.err).toContain("expected at least 2 draws for value of information");
  });

  it("dsa of a strategy against itself is refused; the text names the pair", { timeout: T }, () => {
    const spec = JSON.parse(readFileSync(model, "utf8"));
    const [first, second] = spec.strategies.map((s: { id: string }) => s.id);
    const same = cartecon("dsa", model, "--strategy", first, "--comparator", first);
    expect(same.code).toBe(1);
    expect(same.err).toContain(`--strategy: ${first} is both the strategy and its comparator`);
    // The default strategy (the second) given as the comparator.
    const dflt = cartecon("dsa", model, "--comparator", second);
    expect(dflt.code).toBe(1);
    expect(dflt.err).toContain(`--comparator: ${second} is both the strategy and its comparator`);
    const ok = cartecon("dsa", model);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain(`incremental NMB of ${second} against ${first} at base`);
  });

  it("dsa --threshold with --strategy the first strategy still runs (it uses no comparator)", { timeout: T }, () => {
    const spec = JSON.parse(readFileSync(model, "utf8"));
    const first = spec.strategies[0].id;
    const th = cartecon("dsa", model, "--threshold", "rr_combo", "--strategy", first, "--bracket", "0.1,2");
    expect(th.code, th.err).toBe(0);
  });

  it("dsa prints a bound of 10,000 or more as a whole number", { timeout: T }, () => {
    const r = cartecon("dsa", "--cart", "sle", "--preset", "uk");
    expect(r.code, r.err).toBe(0);
    const price = r.out.split("\n").find((l) => l.startsWith("c_price "))!;
    expect(price).not.toMatch(/e\+/);
    expect(price).toMatch(/^c_price\s+\d{5,} →/);
  });

  it("psa, dsa and evppi without a model, or with a file and --cart, are usage errors (exit 2)", { timeout: T }, () => {
    for (const c of ["psa", "dsa", "evppi"]) {
      const none = cartecon(c);
      expect(none.code).toBe(2);
      expect(none.err).toContain(`missing the model: give a model file (cartecon ${c} model.json) or --cart <disease>`);
      const both = cartecon(c, model, "--cart", "sle");
      expect(both.code).toBe(2);
      expect(both.err).toContain("give either a model file or --cart <disease>, not both");
    }
  });

  it('voi --parameters "" is a usage error', { timeout: T }, () => {
    const nb = lifeTable("nb.csv", ["A,B", "1,2", "2,1", "3,5"]);
    const r = cartecon("voi", "--nb", nb, "--inputs", lifeTable("in.csv", ["a", "1", "3", "2"]), "--parameters", "");
    expect(r.code).toBe(2);
    expect(r.err).toContain("option '--parameters <a,b>' argument '' is invalid");
  });
});

describe("num: a value that rounds to zero has no sign", () => {
  it("prints 0.00 for −0.001 and −0, and keeps the sign of −0.005 (which rounds to −0.01)", () => {
    expect(num(-0.001, 2)).toBe("0.00");
    expect(num(-0, 0)).toBe("0");
    expect(num(-0.005, 2)).toBe("-0.01");
    expect(num(-1234.5, 1)).toBe("-1,234.5");
  });
});

describe("amounts of a model without a currency", () => {
  it("moneyLabel: currency and price year, else 'currency units' (with the year when there is one)", () => {
    expect(moneyLabel("GBP", 2024)).toBe("GBP 2024");
    expect(moneyLabel(undefined, 2024)).toBe("currency units 2024");
    expect(moneyLabel("", undefined)).toBe("currency units");
    expect(moneyLabel("USD", null)).toBe("USD");
  });

  it("evaluate and dsa label the amounts 'currency units 1995', never '1995' alone", { timeout: T }, () => {
    const spec = JSON.parse(readFileSync("data/models/hiv-chancellor-1997.json", "utf8"));
    delete spec.settings.currency;
    const file = join(tmp, "no-currency.json");
    writeFileSync(file, JSON.stringify(spec));
    const ev = cartecon("evaluate", file);
    expect(ev.code, ev.err).toBe(0);
    expect(ev.out).toContain("cost (currency units 1995, disc.)");
    const dsa = cartecon("dsa", file);
    expect(dsa.code, dsa.err).toBe(0);
    expect(dsa.out).toContain("at WTP 10000 currency units 1995 per unit of lifeYears");
    expect(dsa.out).not.toMatch(/WTP 10000 1995/);
  });
});

describe("evaluate: results no cohort model can mean", () => {
  it("QALYs above life years (a utility of 1.5) are a note on stderr and in the .meta.json", { timeout: T }, () => {
    const spec = JSON.parse(readFileSync("data/models/darth-sick-sicker-time-independent.json", "utf8"));
    const base = join(tmp, "sick-sicker.json");
    writeFileSync(base, JSON.stringify(spec));
    const ok = cartecon("evaluate", base);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.err).not.toContain("note:");
    spec.parameters.u_H = 1.5;
    const file = join(tmp, "u-above-1.json");
    writeFileSync(file, JSON.stringify(spec));
    const out = join(tmp, "u-above-1.csv");
    const r = cartecon("evaluate", file, "--out", out);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/note: strategy \S+: [\d.]+ QALYs in [\d.]+ life years \(undiscounted\): a utility above 1/);
    const meta = JSON.parse(readFileSync(out + ".meta.json", "utf8"));
    expect(meta.implausible.length).toBeGreaterThan(0);
  });
});
