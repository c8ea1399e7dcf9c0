/**
 * Entry point: tables read from CSV — the CAR T life table (`--life-table`, src/cart/load.ts) and a
 * model's `{"csv": ...}` tables (src/model/io/csv-table.ts). Nothing is guessed: blanks, 0x10,
 * duplicate headers, extra cells, unterminated quotes and semicolon/decimal-comma files are errors
 * with file, row and column; problem lists stop at 100 plus a count.
 */
import { describe, expect, it, vi } from "vitest";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { lifeTableFromCsv } from "../../src/cart/model.js";
import { numericTableFromCsv, MAX_PROBLEMS } from "../../src/model/index.js";
import { cartecon, file, modelError, STACK, tmp } from "./helpers.js";

vi.setConfig({ testTimeout: 120_000 });

const GOOD = "Age,Female,Male\n0,0.005,0.006\n1,0.0003,0.0004\n2,0.0002,0.0003\n";
const readers = {
  "lifeTableFromCsv (CAR T life table)": (text: string) => lifeTableFromCsv(text, "lt.csv"),
  "numericTableFromCsv (model tables)": (text: string) => numericTableFromCsv(text, "lt.csv", "Age"),
};

describe.each(Object.entries(readers))("%s", (_name, read) => {
  it("reads a well-formed table exactly", () => {
    expect(read(GOOD).columns.Male).toEqual([0.006, 0.0004, 0.0003]);
  });
  it("refuses a blank cell with row and column (it used to be read as 0)", () => {
    const e = modelError(() => read("Age,Female,Male\n0,0.005,0.006\n1,,0.0004\n"));
    expect(e.problems[0]).toMatchObject({ where: "lt.csv row 3 column Female", message: "blank cell", value: "" });
  });
  it("refuses 0x10 (it used to be read as 16)", () => {
    const e = modelError(() => read("Age,Female,Male\n0x10,0.005,0.006\n"));
    expect(e.problems[0].where).toBe("lt.csv row 2 column Age");
    expect(e.problems[0].message).toContain("hexadecimal");
    expect(e.problems[0].value).toBe("0x10");
  });
  it("refuses duplicate column names", () => {
    const e = modelError(() => read("Age,Female,Male,Male\n0,0.005,0.006,0.007\n"));
    expect(e.problems[0]).toMatchObject({ where: "lt.csv row 1 column 4", message: 'duplicate column name "Male"' });
  });
  it("refuses a row with more cells than the header", () => {
    const e = modelError(() => read("Age,Female,Male\n0,0.005,0.006,9\n"));
    expect(e.problems[0].where).toBe("lt.csv row 2");
    expect(e.problems[0].message).toContain("has 4 cells; the header has 3");
  });
  it("reports an unterminated quote as such, with its line", () => {
    const e = modelError(() => read('Age,Female,Male\n0,0.005,0.006\n1,"0.0003,0.0004\n2,0.0002,0.0003\n'));
    expect(e.problems[0]).toMatchObject({
      where: "lt.csv line 3",
      message: "a quoted cell is never closed (unterminated quote)",
    });
  });
  it("names the row and column of a stray quote or text after a closing quote (the shared tokenizer; they used to be read as cells)", () => {
    const e = modelError(() => read('Age,Female,Male\n0,0.0"0"5,0.006\n1,"0.0003"x,0.0004\n'));
    expect(e.problems[0].where).toBe("lt.csv row 2 column Female");
    expect(e.problems[0].message).toContain("a quote inside an unquoted cell");
    expect(e.problems[1].where).toBe("lt.csv row 3 column Female");
    expect(e.problems[1].message).toContain("text after a closing quote");
  });
  it("says a semicolon, decimal-comma file is one and how to export a comma CSV", () => {
    const e = modelError(() => read("Age;Female;Male\n0;0,005;0,006\n"));
    expect(e.problems[0].where).toBe("lt.csv row 1");
    expect(e.problems[0].message).toContain("separated by semicolons, not commas");
    expect(e.problems[0].message).toContain("CSV (comma delimited)");
  });
  it("says a decimal comma in a comma file splits numbers", () => {
    const e = modelError(() => read("Age,Female,Male\n0,0,005,0,006\n"));
    expect(e.problems[0].message).toContain("decimal comma");
  });
  it(`lists at most ${MAX_PROBLEMS} problems and counts the rest`, () => {
    const rows = Array.from({ length: 480_000 }, (_, i) => `${i},x,0.1`).join("\n");
    const t0 = performance.now();
    const e = modelError(() => read("Age,Female,Male\n" + rows));
    // Printed, not asserted: CSV parsing time depends on the machine's load (seconds here, shared by 8 jobs).
    console.log(`480,000 bad rows read in ${Math.round(performance.now() - t0)} ms`);
    expect(e.problems.length).toBe(MAX_PROBLEMS);
    expect(e.total).toBe(480_000);
    expect(e.message.length).toBeLessThan(20_000);
    expect(e.message).toContain(`... and ${480_000 - MAX_PROBLEMS} more`);
  });
});

describe("lifeTableFromCsv only", () => {
  it("refuses a negative death rate", () => {
    const e = modelError(() => lifeTableFromCsv("Age,Female,Male\n0,-0.1,0.006\n", "lt.csv"));
    expect(e.problems[0]).toMatchObject({ where: "lt.csv row 2 column Female", message: "negative", value: "-0.1" });
  });
  it("names a missing column", () => {
    const e = modelError(() => lifeTableFromCsv("Age,Women,Male\n0,0.1,0.006\n", "lt.csv"));
    expect(e.problems[0]).toMatchObject({ where: "lt.csv row 1", message: "missing column Female" });
  });
});

describe("cartecon cart --life-table", () => {
  it("a missing file: exit 1, named error, nothing written", () => {
    const out = join(tmp, "lt-missing.csv");
    const r = cartecon("cart", "--disease", "sle", "--life-table", join(tmp, "nope.csv"), "--out", out);
    expect(r.code).toBe(1);
    expect(r.err).toContain("nope.csv: cannot read life table: no such file");
    expect(r.err).not.toMatch(STACK);
    expect(existsSync(out)).toBe(false);
  });
  it("a folder: exit 1, named error", () => {
    const dir = join(tmp, "a-folder");
    mkdirSync(dir, { recursive: true });
    const r = cartecon("cart", "--disease", "sle", "--life-table", dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("a-folder: cannot read life table: is a folder, not a file");
    expect(r.err).not.toMatch(STACK);
  });
  it("a blank cell: exit 1 with file, row and column, nothing written", () => {
    const out = join(tmp, "lt-blank.csv");
    const r = cartecon(
      "cart",
      "--disease",
      "sle",
      "--life-table",
      file("blank-lt.csv", "Age,Female,Male\n0,0.005,0.006\n1,0.0003,\n"),
      "--out",
      out,
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain("blank-lt.csv row 3 column Male: blank cell");
    expect(existsSync(out)).toBe(false);
  });
});
