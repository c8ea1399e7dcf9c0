// orderReversals (src/uncertainty/order.ts) on columns written out by hand: the counts are read off
// the columns in the comments.
import { describe, expect, it } from "vitest";
import { orderReversals } from "../../src/uncertainty/order.js";

const columns: Record<string, number[]> = {
  a: [0.1, 0.5, 0.3, 0.9, Number.NaN],
  b: [0.2, 0.4, 0.3, 0.8, 0.5],
  c: [1, 1, 1, 1, 1],
};
const column = (id: string) => columns[id];

describe("orderReversals", () => {
  it("counts the draws with lower > higher; ties and NaN are not reversed", () => {
    // a > b in draws 2 (0.5 > 0.4) and 4 (0.9 > 0.8); draw 3 ties (0.3, 0.3); draw 5 has a NaN.
    expect(orderReversals(column, [{ lower: "a", higher: "b" }])).toEqual([
      { lower: "a", higher: "b", reversed: 2, n: 5 },
    ]);
    // b > a in draw 1 only (0.2 > 0.1); c is never below b.
    expect(
      orderReversals(column, [
        { lower: "b", higher: "a" },
        { lower: "b", higher: "c" },
      ]),
    ).toEqual([
      { lower: "b", higher: "a", reversed: 1, n: 5 },
      { lower: "b", higher: "c", reversed: 0, n: 5 },
    ]);
  });
  it("leaves out a pair with a parameter not drawn", () => {
    expect(orderReversals(column, [{ lower: "a", higher: "fixed" }])).toEqual([]);
    expect(orderReversals(column, [{ lower: "fixed", higher: "a" }])).toEqual([]);
  });
  it("refuses columns of different lengths, naming both", () => {
    const short = (id: string) => (id === "s" ? [1, 2] : columns[id]);
    expect(() => orderReversals(short, [{ lower: "s", higher: "a" }])).toThrow(
      "order check: s has 2 draws and a 5; expected the same run",
    );
  });
});
