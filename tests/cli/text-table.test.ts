/**
 * The CLI's text tables (src/cli/format.ts, textTable), left from the session 35 review:
 * - columns were padded by UTF-16 length, so CJK strategy names (two terminal columns each) pushed
 *   their rows' numbers out of line;
 * - one 5,000-character name widened every row of the table (cells wider than WIDE_CELL, 120 columns,
 *   now overflow their own row only; a 70-column EVPPI group still aligns);
 * - a quoted CSV header holding a line break printed a raw line break inside a row and in voi's
 *   summary line.
 * Expected tables are written out by hand below: a CJK character takes 2 terminal columns.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { oneLine, textTable, WIDE_CELL } from "../../src/cli/format.js";
import { cartecon } from "../helpers/cli.js";

describe("textTable", () => {
  it("aligns CJK names by the columns a terminal gives them", () => {
    const t = textTable(
      [{ header: "strategy" }, { header: "NB", right: true }],
      [
        ["标准治疗", "1.00"], // 4 characters, 8 columns
        ["CAR-T", "22.50"],
      ],
    );
    expect(t.split("\n")).toEqual([
      "strategy     NB", // "strategy" is 8 columns: the column is 8 wide
      "--------  -----",
      "标准治疗   1.00",
      "CAR-T     22.50",
    ]);
  });

  it("a cell wider than WIDE_CELL is printed whole without widening the other rows", () => {
    const long = "p".repeat(5000);
    const t = textTable(
      [{ header: "parameter" }, { header: "EVPPI", right: true }],
      [
        ["a", "1.0"],
        [long, "2.0"],
        ["bb", "3.0"],
      ],
    );
    const lines = t.split("\n");
    expect(lines[0]).toBe("parameter  EVPPI");
    expect(lines[2]).toBe("a            1.0");
    expect(lines[3]).toBe(`${long}    2.0`); // whole, then two spaces and the number padded to 5
    expect(lines[4]).toBe("bb           3.0");
    expect(WIDE_CELL).toBeLessThan(5000);
  });

  it("an EVPPI group of four long names (70 columns) still widens its column: the numbers stay aligned", () => {
    const group = "c_revisionTHR + u_successP + u_revisionTHR + u_successR + omrPTHR + rr"; // 70 columns
    const t = textTable(
      [{ header: "parameters" }, { header: "EVPPI", right: true }],
      [
        ["omrPTHR", "0.00"],
        [group, "1.03"],
      ],
    );
    expect(t.split("\n")).toEqual([
      "parameters" + " ".repeat(60) + "  EVPPI",
      "-".repeat(70) + "  -----",
      "omrPTHR" + " ".repeat(63) + "   0.00",
      group + "   1.03",
    ]);
  });

  it("a row with fewer cells than columns gets blanks, not NaN widths", () => {
    expect(textTable([{ header: "a" }, { header: "bb" }], [["x"]]).split("\n")).toEqual(["a  bb", "-  --", "x"]);
  });

  it("line breaks and tabs in a name are written as \\n and \\t, controls made visible", () => {
    expect(oneLine("a\nb\tc\u001b[31m")).toBe("a\\nb\\tc\\x1b[31m");
    const t = textTable([{ header: "x\ny" }], [["p\nq"]]);
    expect(t.split("\n")).toEqual(["x\\ny", "----", "p\\nq"]);
  });
});

describe("voi: a strategy name holding a line break", () => {
  it("stays on its line in the summary and the decision table", { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "cartecon-text-table-"));
    const n = 20;
    const rows = (f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join("\n");
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text + "\n");
      return join(dir, name);
    };
    // Net benefits of two strategies, the second named with a line break inside quotes.
    const nb = file("nb.csv", `usual,"new\ndrug"\n` + rows((i) => `${100 + i},${90 + 2 * i}`));
    const r = cartecon("voi", "--nb", nb);
    expect(r.code, r.err).toBe(0);
    // Mean NB: usual 100 + mean(0..19) = 109.5; new\ndrug 90 + 2 × 9.5 = 109.
    expect(r.out).toContain(`${n} draws, 2 strategies (usual, new\\ndrug); optimal: usual\n`);
    const table = r.out.split("\n");
    // The table quotes a name holding a line break, as a CSV field.
    expect(table.find((l) => l.startsWith('"new\\ndrug"'))).toMatch(/^"new\\ndrug" +109\.00 /);
    expect(table.find((l) => l.startsWith("usual"))).toMatch(/^usual +109\.50 /);
  });
});
