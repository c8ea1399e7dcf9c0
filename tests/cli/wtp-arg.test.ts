/**
 * wtpArg (src/cli/args.ts), the `--wtp` parser of every command, called directly (the spawned CLI is
 * covered in flags-hostile.test.ts). Defects found in review (s25-review2): when evaluate and cart
 * moved from nonNegative to wtpArg, their messages lost the reason a value is not a number
 * ("Infinity": not a finite number; "1e400": outside the range of a double); "-5" was told "digits
 * only, no currency sign", which is not what is wrong; "$20000" was told "no currency sign" without
 * the number to type. Expected texts are written by hand from the value typed.
 */
import { describe, expect, it } from "vitest";
import { wtpArg } from "../../src/cli/args.js";

const parse = wtpArg("evaluate");
const message = (v: string) => {
  try {
    parse(v);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`"${v}" was accepted`);
};

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
      'expected a number >= 0 (digits only, no currency sign), got "1e400": outside the range of a double',
    );
    expect(message("0x10")).toBe(
      'expected a number >= 0 (digits only, no currency sign), got "0x10": not a decimal number (hexadecimal, binary and octal are not read)',
    );
    expect(message("abc")).toBe('expected a number >= 0 (digits only, no currency sign), got "abc"');
  });
});
