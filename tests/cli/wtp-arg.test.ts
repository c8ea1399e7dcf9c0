/**
 * wtpArg (src/cli/args.ts), the `--wtp` parser of every command, called directly (the spawned CLI is
 * covered in flags-hostile.test.ts). Defects found in review (s25-review2): when evaluate and cart
 * moved from nonNegative to wtpArg, their messages lost the reason a value is not a number
 * ("Infinity": not a finite number; "1e400": outside the range of a double); "-5" was told "digits
 * only, no currency sign", which is not what is wrong; "$20000" was told "no currency sign" without
 * the number to type. Defects found in s26: "10000:50000" (R's and voi's range, dampack's WTP
 * vector) was read as a list of two values to run once each, never said to be a range; "$20,000" (a
 * currency sign and a thousands separator) got the generic "digits only" message, not the number to
 * type. Expected texts are written by hand from the value typed.
 */
import { describe, expect, it } from "vitest";
import { wtpArg } from "../../src/cli/args.js";
import { refusal } from "../helpers/errors.js";

const parse = wtpArg("evaluate");
const message = (v: string) => refusal(parse, v);

describe("wtpArg: what to change, for every refused --wtp", () => {
  it("accepts one number >= 0", () => {
    expect(parse("20000")).toBe(20000);
    expect(parse(" 0 ")).toBe(0);
    expect(parse("2.5e4")).toBe(25000);
  });

  it("a negative value is refused as negative, not as 'digits only'", () => {
    expect(message("-5")).toBe('expected a number >= 0, got "-5": a willingness to pay cannot be negative (0 or more)');
  });

  it("a currency sign or code around the number is refused with the number to type", () => {
    expect(message("$20000")).toBe('expected a number >= 0 without a currency sign, got "$20000": write 20000');
    expect(message("£30000")).toBe('expected a number >= 0 without a currency sign, got "£30000": write 30000');
    expect(message("20000 EUR")).toBe('expected a number >= 0 without a currency sign, got "20000 EUR": write 20000');
  });

  it("a value that is not a finite decimal says why (as nonNegative did for evaluate and cart)", () => {
    expect(message("Infinity")).toBe(
      'expected a number >= 0 (digits only, no currency sign), got "Infinity": not a finite number',
    );
    expect(message("1e400")).toBe(
      'expected a number >= 0 (digits only, no currency sign), got "1e400": not a finite number (beyond the largest double, about 1.8e308)',
    );
    expect(message("0x10")).toBe(
      'expected a number >= 0 (digits only, no currency sign), got "0x10": not a decimal number (hexadecimal, binary and octal are not read)',
    );
    expect(message("abc")).toBe('expected a number >= 0 (digits only, no currency sign), got "abc"');
  });

  it("a currency sign with a thousands separator is refused with the number to type", () => {
    // "$20,000": drop "$" and "," -> 20000 (by hand); likewise "£30 000" -> 30000, "20'000 EUR" -> 20000.
    expect(message("$20,000")).toBe(
      'expected a number >= 0 without a currency sign or a thousands separator, got "$20,000": write 20000',
    );
    expect(message("£30 000")).toBe(
      'expected a number >= 0 without a currency sign or a thousands separator, got "£30 000": write 30000',
    );
    expect(message("20'000 EUR")).toBe(
      `expected a number >= 0 without a currency sign or a thousands separator, got "20'000 EUR": write 20000`,
    );
    expect(message("20,000")).toBe('expected a number >= 0 without a thousands separator, got "20,000": write 20000');
  });

  it("a range is called a range: one run per value, or the command's own output over a range of WTP", () => {
    // evaluate, cart, dsa and evppi give results at one WTP: one run per value, the ends as typed.
    expect(message("10000:50000")).toBe(
      '--wtp takes one value, got the range "10000:50000": run evaluate once per value in the range (--wtp 10000, ..., --wtp 50000)',
    );
    // The other ways a range is written name the same ends: MATLAB's start:step:end, a hyphen, "..", "to".
    for (const r of ["0:1000:50000", "10000-50000", "10000..50000", "10000 to 50000", "$10,000-$50,000"])
      expect(message(r)).toContain(`got the range "${r}": run evaluate once per value in the range (--wtp `);
    expect(message("0:1000:50000")).toContain("(--wtp 0, ..., --wtp 50000)");
    expect(message("$10,000-$50,000")).toContain("(--wtp 10000, ..., --wtp 50000)");
    // psa --ceac and voi's CEAC run from 0 to 3 × --wtp (61 and 31 points): to reach 50000,
    // --wtp 50000 / 3 = 16666.7, rounded up to 16667 (3 × 16667 = 50001 >= 50000).
    expect(refusal(wtpArg("psa"), "10000:50000")).toBe(
      '--wtp takes one value, got the range "10000:50000": --ceac ceac.csv gives the CEAC, CEAF and expected loss from 0 to 3 × --wtp in one run (--wtp 16667 reaches 50000; the summary is at --wtp)',
    );
    expect(refusal(wtpArg("voi"), "10000:50000")).toBe(
      '--wtp takes one value, got the range "10000:50000": with --costs and --effects, --json gives the CEAC from 0 to 3 × --wtp in one run (--wtp 16667 reaches 50000; EVPI and EVPPI are at --wtp)',
    );
  });

  it("a negative value and a list are not ranges", () => {
    expect(message("-5")).toContain("cannot be negative");
    expect(message("10000,50000")).toBe(
      'one willingness to pay per run, got "10000,50000": run evaluate once per value (--wtp 10000, then --wtp 50000, ...)',
    );
    // A descending "pair" is not a range either: one run per value.
    expect(message("50000:10000")).toContain("one willingness to pay per run");
  });
});

describe("wtpArg: a list with a negative or a repeated value (s33)", () => {
  // "-5,10" was told to run "--wtp -5, then --wtp 10": the first of them refused. "20000,20000" was
  // told to run "--wtp 20000, then --wtp 20000". Expected texts by hand from the values typed.
  it("a negative value in a list is named as negative and left out of the runs", () => {
    expect(message("-5,10,20")).toBe(
      'one willingness to pay per run, got "-5,10,20": run evaluate once per value (--wtp 10, then --wtp 20, ...); -5 is negative: a willingness to pay cannot be negative (0 or more)',
    );
    expect(message("-5,10")).toBe(
      'one willingness to pay per run, got "-5,10": write --wtp 10; -5 is negative: a willingness to pay cannot be negative (0 or more)',
    );
    expect(message("-5,-10")).toBe(
      'one willingness to pay per run, got "-5,-10": -5, -10 are negative: a willingness to pay cannot be negative (0 or more)',
    );
  });

  it("a value repeated in a list is one run; a list of one value repeated is that value", () => {
    expect(message("20000,20000")).toBe(
      'one willingness to pay per run, got "20000,20000": write --wtp 20000 (the one value given, repeated)',
    );
    expect(message("20000 2e4")).toBe(
      'one willingness to pay per run, got "20000 2e4": write --wtp 20000 (the one value given, repeated)',
    );
    expect(message("30000,20000,30000,10000")).toBe(
      'one willingness to pay per run, got "30000,20000,30000,10000": run evaluate once per value (--wtp 30000, then --wtp 20000, ...)',
    );
  });

  it("voi's advice on an unsorted list reaches its largest value, negatives left out", () => {
    // Largest 50000: ceil(50000 / 3) = 16667, and 3 × 16667 = 50001 ≥ 50000.
    expect(refusal(wtpArg("voi"), "20000,-70000,50000,10000")).toBe(
      'one willingness to pay per run, got "20000,-70000,50000,10000": run voi once per value (--wtp 20000, then --wtp 50000, ...); -70000 is negative: a willingness to pay cannot be negative (0 or more); with --costs and --effects, --json gives the CEAC from 0 to 3 × --wtp in one run (--wtp 16667 reaches 50000; EVPI and EVPPI are at --wtp)',
    );
  });
});

describe("wtpArg: a leading 0 group is a decimal comma, as whyNotDecimal reads it (s27-rev)", () => {
  // whyNotDecimal("0,035") says "decimal comma" (16025ff: no number is written with a leading 0
  // group), but --wtp "0,035" was told 'without a thousands separator ... write 0035'. Expected
  // text by hand: the comma replaced by a point.
  it('--wtp "0,035" and "0,5" are told to write 0.035 and 0.5, never 0035', () => {
    expect(message("0,035")).toBe(
      `expected one number >= 0 with a '.' decimal point, got "0,035": a decimal comma; write 0.035`,
    );
    expect(message("0,5000")).toBe(
      `expected one number >= 0 with a '.' decimal point, got "0,5000": a decimal comma; write 0.5000`,
    );
    expect(message("0,035")).not.toContain("0035");
  });
  it('"1,000" and "$20,000" are still thousands (a leading group of 1 to 3 digits, not 0)', () => {
    expect(message("1,000")).toBe('expected a number >= 0 without a thousands separator, got "1,000": write 1000');
    expect(message("$20,000")).toContain("write 20000");
  });
});
