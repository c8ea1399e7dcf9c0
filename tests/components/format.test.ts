// Chart tick labels for money (src/components/format.js). Expected labels written by hand: k = 10^3,
// M = 10^6, B = 10^9, a minus sign (U+2212) as Plot's own ticks use, only the digits the value needs.
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain JavaScript page component without type declarations
import { moneyTick, valueTick } from "../../src/components/format.js";

describe("moneyTick(x)", () => {
  it('moneyTick(0) is 0, without a unit suffix (Plot\'s "s" format printed 0k)', () => {
    expect(moneyTick(0)).toBe("0");
    expect(moneyTick(-0)).toBe("0");
  });
  it("moneyTick(x) writes thousands as k, millions as M and billions as B", () => {
    expect(moneyTick(20000)).toBe("20k");
    expect(moneyTick(1000)).toBe("1k");
    expect(moneyTick(2500)).toBe("2.5k");
    expect(moneyTick(150000)).toBe("150k");
    expect(moneyTick(1500000)).toBe("1.5M");
    expect(moneyTick(1000000)).toBe("1M");
    expect(moneyTick(2.2e6)).toBe("2.2M");
    expect(moneyTick(3e9)).toBe("3B");
  });
  it("moneyTick(x) of negative amounts has a minus sign and the same suffixes", () => {
    expect(moneyTick(-40000)).toBe("−40k");
    expect(moneyTick(-1500000)).toBe("−1.5M");
    expect(moneyTick(-250)).toBe("−250");
  });
  it("moneyTick(x) below 1000 is the plain number (never SI's milli: 0.1 is not 100m)", () => {
    expect(moneyTick(950)).toBe("950");
    expect(moneyTick(0.1)).toBe("0.1");
    expect(moneyTick(0.25)).toBe("0.25");
    // A tick computed as 0.1 + 0.2 carries float noise: it reads 0.3.
    expect(moneyTick(0.1 + 0.2)).toBe("0.3");
  });
  it("moneyTick(x) of a missing or non-finite value is blank or an infinity sign, never 0", () => {
    expect(moneyTick(null)).toBe("");
    expect(moneyTick(undefined)).toBe("");
    expect(moneyTick(NaN)).toBe("");
    expect(moneyTick(Infinity)).toBe("∞");
    expect(moneyTick(-Infinity)).toBe("−∞");
  });
});

describe("valueTick(x) (the two-way map's axes)", () => {
  it("valueTick(x) never writes e-notation: 1875 is 1.88k, where toPrecision(3) gave 1.88e+3", () => {
    // 1875 to 3 significant digits is 1880 = 1.88 thousand.
    expect(valueTick(1875)).toBe("1.88k");
    expect(valueTick(250000)).toBe("250k");
    expect(valueTick(1234567)).toBe("1.23M");
    // 1.2345e-5 to 3 significant digits is 0.0000123; String(1e-7) is "1e-7", written out here.
    expect(valueTick(0.000012345)).toBe("0.0000123");
    expect(valueTick(1e-7)).toBe("0.0000001");
  });
  it("valueTick(x) keeps 3 significant digits without trailing zeros below 1000", () => {
    expect(valueTick(0.025)).toBe("0.025");
    expect(valueTick(12.345)).toBe("12.3");
    expect(valueTick(250)).toBe("250");
    expect(valueTick(0.1 + 0.2)).toBe("0.3");
    expect(valueTick(-0.5)).toBe("−0.5");
    expect(valueTick("0.0125")).toBe("0.0125"); // band scales hand over their values as given
  });
  it('valueTick(x) is "" for a missing value and "0" for zero', () => {
    expect(valueTick(null)).toBe("");
    expect(valueTick(undefined)).toBe("");
    expect(valueTick(Number.NaN)).toBe("");
    expect(valueTick(0)).toBe("0");
  });
});
