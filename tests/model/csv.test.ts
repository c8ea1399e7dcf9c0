import { describe, expect, it } from "vitest";
import { csvCell, rowsToCsv, toCsv } from "../../src/model/index.js";
import { csvParseRows } from "d3-dsv";

describe("toCsv(columns)", () => {
  it("writes a header row and one line per row, numbers at full precision", () => {
    expect(toCsv({ a: [1, 0.1 + 0.2], b: ["x", "y"] })).toBe("a,b\n1,x\n0.30000000000000004,y\n");
  });
  it("writes numbers with a dot decimal and no thousands separator", () => {
    expect(csvCell(1234567.5)).toBe("1234567.5");
    expect(csvCell(-0.25)).toBe("-0.25");
    expect(csvCell(1e-12)).toBe("1e-12");
  });
  it("escapes text cells a spreadsheet would run as formulas; negative numbers stay numbers", () => {
    for (const s of ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
      expect(csvCell(s).replace(/^"/, "").startsWith("'")).toBe(true);
    expect(csvCell(-2)).toBe("-2");
    expect(csvCell("a-b")).toBe("a-b");
  });
  it("quotes cells with separators, quotes and line breaks (RFC 4180)", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
  });
  it("writes null and undefined as empty cells, and keeps NaN visible", () => {
    expect(toCsv({ a: [null, undefined, NaN] })).toBe("a\n\n\nNaN\n");
  });
  it("round-trips through a CSV parser", () => {
    const text = rowsToCsv([{ id: "x,1", v: 1 / 3, note: "=cmd" }]);
    const [header, row] = csvParseRows(text);
    expect(header).toEqual(["id", "v", "note"]);
    expect(row).toEqual(["x,1", String(1 / 3), "'=cmd"]);
    expect(Number(row[1])).toBe(1 / 3);
  });
  it("rejects columns of unequal length and unknown columns", () => {
    expect(() => toCsv({ a: [1], b: [1, 2] })).toThrow(/column "b" has 2 rows/);
    expect(() => toCsv({ a: [1] }, ["z"])).toThrow(/column "z" does not exist/);
  });
});
