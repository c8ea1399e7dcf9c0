/**
 * The numeric option parsers of every command (src/cli/args.ts), called directly, and the budget
 * options (read in src/cli/commands/budget.ts) through the CLI. Defects pinned (s27):
 *   - `--population 1e400` (and every numeric option whose value overflows to Infinity) said only
 *     "expected a number >= 0": the value is not a finite number, and now each parser says so.
 *   - `budget --members 1.5` was accepted (the PMPM divided by 1.5 members): a whole number >= 1.
 *   - `--payment instalments:1e400,...` said "count ... (got NaN)"; `--uptake constant:1e400` only
 *     "cannot read the uptake curve".
 * Spaces around a number are trimmed by every numeric option (as in every table cell): `--years " 0"`
 * is read as 0 and refused as 0, `--n " 5"` is 5. Expected texts are written by hand from the value
 * typed and the range each option documents (docs/cli.md).
 */
import { describe, expect, it } from "vitest";
import { cartecon } from "../helpers/cli.js";
import { refusal } from "../helpers/errors.js";
import {
  fractionArg,
  nonNegative,
  numberArg,
  positive,
  positiveInteger,
  rateArg,
  seedArg,
  wtpArg,
} from "../../src/cli/args.js";

const NOT_FINITE = "not a finite number (beyond the largest double, about 1.8e308)";

describe("numeric options: one rule for a value that is not a finite number", () => {
  const parsers: Array<[string, (v: string) => number, string]> = [
    ["nonNegative (--cure-fraction's kin)", nonNegative, "a decimal number >= 0"],
    ["positive (--max-cells, --max-file-mb)", positive, "a decimal number > 0"],
    [
      "positiveInteger (--n, --threads, --horizon, --se-samples, --steps)",
      positiveInteger(200),
      "a whole number from 1 to 200",
    ],
    ["seedArg (--seed)", seedArg, "a whole number >= 0 (at most 2^53 − 1)"],
    ["numberArg (--population)", numberArg, "a number >= 0"],
    ["rateArg (--discount)", rateArg, "an annual rate in [0, 1] (0.035 for 3.5%)"],
    ["fractionArg (--cure-fraction)", fractionArg, "a number in [0, 1]"],
  ];
  for (const [name, parse, expected] of parsers) {
    it(`${name}: "1e400" is not a finite number, "Infinity" too`, () => {
      expect(refusal(parse, "1e400")).toBe(`expected ${expected}, got "1e400": ${NOT_FINITE}`);
      expect(refusal(parse, "Infinity")).toBe(`expected ${expected}, got "Infinity": not a finite number`);
      expect(refusal(parse, "abc")).toBe(`expected ${expected}, got "abc": not a number`);
    });
    it(`${name}: spaces around the number are trimmed ("1 " is 1)`, () => {
      expect(parse(" 1 ")).toBe(1);
    });
  }
  it('wtpArg (--wtp): "1e400" is not a finite number, as the others say', () => {
    expect(refusal(wtpArg("voi"), "1e400")).toBe(
      `expected a number >= 0 (digits only, no currency sign), got "1e400": ${NOT_FINITE}`,
    );
    expect(wtpArg("voi")(" 20000 ")).toBe(20000);
  });
  it("a number out of range still names the range, without a reason for a number", () => {
    expect(refusal(positiveInteger(200), "1.5")).toBe('expected a whole number from 1 to 200, got "1.5"');
    expect(refusal(rateArg, "3.5")).toBe('expected an annual rate in [0, 1] (0.035 for 3.5%), got "3.5"');
  });
});

describe("numeric options through the CLI", () => {
  it("voi --population 1e400 says the value is not a finite number (exit 2)", { timeout: 120_000 }, () => {
    const r = cartecon("voi", "--nb", "nb.csv", "--population", "1e400");
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(`argument '1e400' is invalid. expected a number >= 0, got "1e400": ${NOT_FINITE}`);
  });
  it(
    "budget --members 1.5 is refused: a whole number >= 1 (a usage error, exit 2, before the model runs)",
    { timeout: 120_000 },
    () => {
      const r = cartecon("budget", "--members", "1.5");
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain(
        "--members: not a whole number (got 1.5); expected a whole number of members in [1, 10000000000]",
      );
    },
  );
  it(
    "budget --years 1e400, --budget-cap Infinity: not a finite number, named by the flag",
    { timeout: 120_000 },
    () => {
      const a = cartecon("budget", "--years", "1e400");
      expect(a.code, a.err).toBe(2);
      expect(a.err).toContain(`--years: ${NOT_FINITE} (got "1e400"); expected a whole number of years in [1, 15]`);
      const b = cartecon("budget", "--budget-cap", "Infinity");
      expect(b.code, b.err).toBe(2);
      expect(b.err).toContain(
        '--budget-cap: not a finite number (got "Infinity"); expected an amount per year (0 = no cap) in [0, 1000000000000000]',
      );
    },
  );
  it("budget --uptake and --payment name the number that is not finite (was: got NaN)", { timeout: 120_000 }, () => {
    const a = cartecon("budget", "--uptake", "constant:1e400");
    expect(a.code, a.err).toBe(2);
    expect(a.err).toContain(`--uptake LEVEL: ${NOT_FINITE} (got "1e400"); expected a number (constant:LEVEL)`);
    const b = cartecon("budget", "--payment", "instalments:1e400,0.03,stop");
    expect(b.code, b.err).toBe(2);
    expect(b.err).toContain(
      `--payment COUNT: ${NOT_FINITE} (got "1e400"); expected a number (instalments:COUNT,RATE,stop|continue)`,
    );
    expect(b.err).not.toContain("NaN");
  });
  it(
    'budget --years " 0 " is trimmed like every numeric option: read as 0 and refused as 0',
    { timeout: 120_000 },
    () => {
      const r = cartecon("budget", "--years", " 0 ");
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain("--years: out of range (got 0); expected a whole number of years in [1, 15]");
    },
  );
});
