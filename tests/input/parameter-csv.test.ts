// Entry points: the parameter CSV uploaded on the Parameters page (readParameterSet and its sliced
// twin) and the parameter table of `cartecon cart --params` (readEvidence). Readers that never guess
// (issue 10, item 6): every malformed file gets a specific message with file, row, column, value and
// what was expected; a file with any problem changes nothing; problem lists stop at 100 plus a count.
import { describe, expect, it, vi } from "vitest";
import {
  DEFAULT_SCENARIO,
  parameterViews,
  readEvidence,
  readParameterSet,
  readParameterSetInSlices,
} from "../../src/cart/index.js";
import { loadEvidence, loadEvidenceFiles, loadLifeTable } from "../../src/cart/load.js";
import { ModelError } from "../../src/model/errors.js";
import { CsvTokenizer } from "../../src/model/io/csv-table.js";

// These tests build and evaluate the CAR T model; on a loaded 2-core machine that takes seconds.
vi.setConfig({ testTimeout: 60_000 });

const evidence = loadEvidence();
const views = parameterViews(evidence, loadLifeTable(), { ...DEFAULT_SCENARIO, overrides: {} });
const read = (text: string) => readParameterSet(text, "up.csv", views);

describe("readParameterSet(text) — the Parameters page's upload", () => {
  it("applies a valid file: values that differ from the defaults become overrides", () => {
    const r = read("parameter,value\np_male,0.25\nc_price__invivo,90000\n");
    expect(r).toEqual({
      overrides: { p_male: 0.25, c_price__invivo: 90000 },
      problems: [],
      total: 0,
      rows: 2,
      empty: false,
    });
  });

  it("a header-only file changes nothing and says it is empty (it must not reset every edit)", () => {
    for (const text of ["parameter,value\n", "parameter,value", "\uFEFFparameter,value\r\n\r\n"]) {
      expect(read(text)).toEqual({ overrides: null, problems: [], total: 0, rows: 0, empty: true });
    }
  });

  const cases: Array<[string, string, string]> = [
    [
      "duplicate header",
      "parameter,value,value\np_male,0.3,0.4\n",
      'up.csv row 1 column 3: column "value" appears twice (also column 2) (got "value"); expected each column once',
    ],
    [
      "extra cells",
      "parameter,value\np_male,0.3,extra\n",
      'up.csv row 2: 3 cells, but the header has 2 columns (extra cells) (got "p_male,0.3,extra"); expected 2 cells (a decimal comma such as 0,5, or a comma in unquoted text, splits a cell in two)',
    ],
    [
      "missing cells",
      "parameter,value,unit\np_male,0.3\n",
      'up.csv row 2: 2 cells, but the header has 3 columns (missing cells) (got "p_male,0.3"); expected 3 cells',
    ],
    [
      "blank value",
      "parameter,value\np_male,\n",
      'up.csv row 2 column value: p_male: blank cell (got ""); expected a number in [0, 1]',
    ],
    [
      "blank parameter",
      "parameter,value\n,0.3\n",
      'up.csv row 2 column parameter: blank cell (got ""); expected a parameter name',
    ],
    [
      "hexadecimal",
      "parameter,value\np_male,0x10\n",
      'up.csv row 2 column value: p_male: not a decimal number (hexadecimal, binary and octal are not read) (got "0x10"); expected a number in [0, 1]',
    ],
    [
      "decimal comma in quotes",
      'parameter,value\np_male,"0,3"\n',
      `up.csv row 2 column value: p_male: decimal comma (use a point: export the file as a comma-separated CSV with '.' decimals) (got "0,3"); expected a number in [0, 1]`,
    ],
    [
      "out of range",
      "parameter,value\np_male,1.7\n",
      "up.csv row 2 column value: p_male is out of range (got 1.7); expected a number in [0, 1]",
    ],
    [
      "unterminated quote",
      'parameter,value\np_male,"0.3\nc_price,1\n',
      'up.csv row 2 column value: unterminated quote: a cell opens with " and never closes, so the rest of the file would be one cell',
    ],
    [
      "text after a closing quote",
      'parameter,value\np_male,"0.3"x\n',
      "up.csv row 2 column value: text after a closing quote (a quoted cell must end at the quote)",
    ],
    [
      "quote inside a cell",
      'parameter,value\np_ma"le,0.3\n',
      'up.csv row 2 column parameter: a quote inside an unquoted cell (quote the whole cell and double the quote: "say ""hi""")',
    ],
    [
      "unknown parameter, near a known one",
      "parameter,value\np_mal,0.3\n",
      'up.csv row 2 column parameter: unknown parameter; did you mean p_male? (got "p_mal"); expected a name from the parameter column of this page\'s download',
    ],
    [
      "parameter twice",
      "parameter,value\np_male,0.3\np_male,0.4\n",
      'up.csv row 3 column parameter: "p_male" appears twice (also row 2) (got "p_male"); expected each parameter once',
    ],
    [
      "missing column",
      "parameter,val\np_male,0.3\n",
      'up.csv row 1: missing column value (got "parameter,val"); expected the columns parameter, value',
    ],
  ];
  for (const [what, text, message] of cases) {
    it(`${what}: "${message.slice(0, 60)}…", nothing applied`, () => {
      const r = read(text);
      expect(r.overrides).toBeNull();
      expect(r.problems[0]).toBe(message);
    });
  }

  it("a semicolon-separated file with decimal commas (European Excel) is named as such, with how to export a comma CSV", () => {
    const r = read("parameter;value\np_male;0,3\n");
    expect(r.overrides).toBeNull();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(
      /^up\.csv row 1: the file is separated by semicolons, not commas .*expected a comma-separated file with '\.' as the decimal point: in Excel use Save As > 'CSV UTF-8 \(Comma delimited\)'/,
    );
  });

  it("a tab-separated file is named as such", () => {
    expect(read("parameter\tvalue\np_male\t0.3\n").problems[0]).toMatch(
      /^up\.csv row 1: the file is separated by tabs, not commas/,
    );
  });

  for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
    it(`a parameter named ${name} is unknown, and a column named ${name} is an ordinary column`, () => {
      const r = read(`parameter,value,${name}\n${name},1,x\n`);
      expect(r.overrides).toBeNull();
      expect(r.problems).toEqual([
        `up.csv row 2 column parameter: unknown parameter (got "${name}"); expected a name from the parameter column of this page's download`,
      ]);
      const ok = read(`parameter,value,${name}\np_male,0.3,x\n`);
      expect(ok.overrides).toEqual({ p_male: 0.3 });
    });
  }

  it("a file with 50,000 bad rows lists the first 100 problems and counts all 50,000", () => {
    const r = read("parameter,value\n" + "p_male,abc\n".repeat(50_000));
    expect(r.problems).toHaveLength(100);
    expect(r.total).toBe(50_000);
    expect(r.rows).toBe(50_000);
    expect(r.overrides).toBeNull();
  });

  it("the sliced reader gives the same result as the whole-file reader and yields between slices", async () => {
    const text = "parameter,value\n" + "p_male,abc\n".repeat(20_000) + "c_price,1e99\n";
    let clock = 0;
    // A fake clock that advances 1 ms per row: with 8 ms slices, about one pause per 8 rows.
    let pauses = 0;
    const sliced = await readParameterSetInSlices(text, "up.csv", views, {
      sliceMs: 8,
      now: () => clock++,
      pause: async () => void pauses++,
    });
    const whole = read(text);
    const { slices, ...rest } = sliced;
    expect(rest).toEqual(whole);
    expect(pauses).toBe(slices - 1);
    expect(slices).toBeGreaterThan(1000);
    expect(whole.total).toBe(20_001);
  });
});

describe("CsvTokenizer(text) splits records as RFC 4180 says", () => {
  it("reads quoted cells with commas, doubled quotes and line breaks, and CRLF endings", () => {
    const t = new CsvTokenizer('a,"b,1","say ""hi""","two\nlines"\r\nx,,z');
    expect(t.next()).toEqual({ row: 1, cells: ["a", "b,1", 'say "hi"', "two\nlines"] });
    expect(t.next()).toEqual({ row: 2, cells: ["x", "", "z"] });
    expect(t.next()).toBeNull();
  });
});

describe("readEvidence(files) — the parameter table of `cartecon cart --params`", () => {
  const files = loadEvidenceFiles();
  const sle = Object.keys(files).find((f) => f.endsWith("parameters-sle.csv"))!;
  const withSle = (text: string) => ({ ...files, [sle]: text });
  const problemsOf = (text: string): string => {
    try {
      readEvidence(withSle(text));
    } catch (e) {
      expect(e).toBeInstanceOf(ModelError);
      return (e as Error).message;
    }
    throw new Error("no error");
  };
  const lines = files[sle].trim().split("\n");

  it("0x10 in a value is not read as 16", () => {
    const edited = lines
      .map((l) =>
        l.startsWith("r_flare,")
          ? l
              .split(",")
              .map((c, i) => (i === 3 ? "0x10" : c))
              .join(",")
          : l,
      )
      .join("\n");
    expect(problemsOf(edited)).toMatch(
      /parameters-sle\.csv row \d+ column value: not a decimal number \(hexadecimal, binary and octal are not read\) \(got "0x10"\)/,
    );
  });

  it("a duplicate header is an error naming both columns", () => {
    // The header has 14 columns (note is column 13, price_kind 14): the added "note" is column 15.
    const edited = [lines[0] + ",note", ...lines.slice(1).map((l) => l + ",")].join("\n");
    expect(lines[0].split(",")).toHaveLength(14);
    expect(problemsOf(edited)).toContain(`${sle} row 1 column 15: column "note" appears twice (also column 13)`);
  });

  it("an extra cell is an error naming the row", () => {
    const edited = lines.map((l, i) => (i === 2 ? l + ",extra" : l)).join("\n");
    expect(problemsOf(edited)).toContain(`${sle} row 3: 15 cells, but the header has 14 columns (extra cells)`);
  });

  it("a semicolon file says so", () => {
    expect(problemsOf(lines.map((l) => l.replaceAll(",", ";")).join("\n"))).toContain(
      `${sle} row 1: the file is separated by semicolons, not commas`,
    );
  });

  it("an out-of-range value names the parameter and the one range (as the editor does)", () => {
    const edited = lines
      .map((l) =>
        l.startsWith("p_male,")
          ? l
              .split(",")
              .map((c, i) => (i === 3 ? "1.7" : c))
              .join(",")
          : l,
      )
      .join("\n");
    expect(problemsOf(edited)).toMatch(
      /column value: p_male is out of range \(got 1\.7\); expected a number in \[0, 1\]/,
    );
  });
});
