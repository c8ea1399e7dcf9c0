/**
 * A model's `{"csv": ...}` table whose key column is out of order (two ages swapped, or an age given
 * twice) was refused by the model's check as "tables.lt.columns.age[4]: key column must be strictly
 * ascending": no file, and an index counting from 0 among the data rows rather than the file's row.
 * The CSV reader now names the file, the row and both values (session 35 review).
 * Also: a nonzero number written below the smallest double ("1e-400") read as 0 without a word, while
 * "1e400" was refused as beyond the largest.
 */
import { describe, expect, it } from "vitest";
import { numericTableFromCsv } from "../../src/model/io/csv-table.js";
import { parseDecimal, whyNotDecimal } from "../../src/model/io/number.js";

const read = (text: string) => {
  try {
    numericTableFromCsv(text, "lt.csv", "age");
  } catch (e) {
    return (e as Error).message;
  }
  return "";
};

describe("numericTableFromCsv: the key column in order", () => {
  it("two keys swapped: the first row out of order, as the file numbers it (header = row 1)", () => {
    // Data rows: ages 0, 1, 3, 2, 4 at file rows 2-6; row 5 (age 2) follows age 3.
    expect(read("age,rate\n0,0.1\n1,0.2\n3,0.3\n2,0.4\n4,0.5\n")).toBe(
      "cannot read table: lt.csv row 5 column age: 2 after 3: the key column must be strictly increasing, one row per value, in order (got 2); expected a value above 3",
    );
  });

  it("a key given twice", () => {
    expect(read("age,rate\n0,0.1\n1,0.2\n1,0.3\n")).toContain("lt.csv row 4 column age: 1 after 1");
  });

  it("an unreadable key cell is its one problem, not also out of order", () => {
    const m = read("age,rate\n0,0.1\n1,0.2\nNA,0.3\n3,0.4\n");
    expect(m).toContain("lt.csv row 4 column age");
    expect(m).not.toContain("strictly increasing");
  });

  it("keys in order read as before", () => {
    const t = numericTableFromCsv("age,rate\n0,0.1\n2,0.2\n5,0.3\n", "lt.csv", "age");
    expect(t.columns.age).toEqual([0, 2, 5]);
    expect(t.columns.rate).toEqual([0.1, 0.2, 0.3]);
  });
});

describe("parseDecimal: numbers below the smallest double", () => {
  it("refuses a nonzero number that would read as 0, and keeps zeros and subnormals", () => {
    expect(parseDecimal("1e-400")).toBeUndefined();
    expect(whyNotDecimal("1e-400")).toBe(
      "too small for a double (below about 5e-324, it would read as 0): write 0 if 0 is meant",
    );
    expect(parseDecimal("2e-324")).toBeUndefined(); // rounds to 0 (half of the smallest subnormal)
    expect(parseDecimal("5e-324")).toBe(Number.MIN_VALUE);
    expect(parseDecimal("1e-320")).toBe(1e-320);
    expect(parseDecimal("0e5")).toBe(0);
    expect(parseDecimal("0.000")).toBe(0);
    expect(parseDecimal("0.0e-999")).toBe(0);
  });
});
