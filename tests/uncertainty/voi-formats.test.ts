/** readVoiSamples on outcome files as other tools export them: one problem, one message. */
import { describe, expect, it } from "vitest";
import { readVoiSamples } from "../../src/uncertainty/samples.js";
import { voiReport } from "../../src/uncertainty/voi.js";
import { thrownMessage } from "../helpers/errors.js";

const message = thrownMessage;

describe("readVoiSamples", () => {
  it("readVoiSamples names a semicolon-separated costs file once, without the strategy-name and one-strategy problems that follow from it", () => {
    // European Excel: "SoC;New" with decimal commas. The header split on commas is the single name
    // "SoC;New", so the effects' names "differ" and "one strategy" was said too: 3 problems, 2 of
    // them not the user's mistake.
    const m = message(() =>
      readVoiSamples({
        costs: ["costs.csv", "SoC;New\n1000,5;1500,25\n1100;1400\n"],
        effects: ["effects.csv", "SoC,New\n1,1.1\n1,1.2\n"],
      }),
    );
    expect(m).toBe(
      'PSA samples: costs.csv row 1: the file is separated by semicolons (a European spreadsheet export) (got "SoC;New"); ' +
        "expected comma-separated columns with '.' decimals: save as 'CSV (comma delimited)' with a '.' decimal separator",
    );
  });
  it("readVoiSamples names a tab-separated net-benefit file once, without 'at least two strategies'", () => {
    const m = message(() => readVoiSamples({ nb: ["nb.tsv", "A\tB\n0\t1\n0\t-1\n"] }));
    expect(m).toBe(
      'PSA samples: nb.tsv row 1: the file is separated by tabs (got "A\\tB"); expected comma-separated columns: in R write.csv(x), or write.table(x, sep = ","); from a spreadsheet \'CSV (comma delimited)\'',
    );
  });
  it("voiReport refuses net benefits whose sums overflow a double, naming the file and the largest value, instead of an EVPI of Infinity (null in --json)", () => {
    // Each value is finite, but 1e308 + 1e308 is not: the mean of the row maxima was Infinity and
    // EVPI = Infinity − 3.3e307 printed as "Infinity" (null in --json). Limit: the largest double
    // 1.797e308 / (2 × 3 draws) = 3.0e307.
    const samples = readVoiSamples({ nb: ["nb.csv", "A,B\n1e308,-1e308\n-1e308,1e308\n1e308,1e308\n"] });
    expect(message(() => voiReport(samples, {}))).toBe(
      "nb.csv: the net benefits are too large to add up in double precision (largest magnitude 1e+308); " +
        "expected net benefits small enough that the sum over 3 draws is finite (below 3.0e+307 in magnitude here): express them in thousands or millions",
    );
  });
  it("voiReport refuses costs × WTP that overflow, naming the costs and effects files", () => {
    // effect 1e300 × WTP 1e10 = 1e310, not a double.
    const samples = readVoiSamples({
      costs: ["c.csv", "A,B\n0,0\n0,0\n"],
      effects: ["e.csv", "A,B\n1e300,0\n0,1\n"],
    });
    expect(message(() => voiReport(samples, { wtp: 1e10 }))).toContain(
      "c.csv, e.csv: the net benefits (effect × WTP 10000000000 − cost) are too large to add up in double precision (largest magnitude Infinity)",
    );
  });
  it("voiReport names the CEAC's top WTP (3 × WTP) when only it overflows, not as the WTP given (s27-rev)", () => {
    // 2 draws: limit 1.797e308 / (2 × 2) = 4.5e307. At WTP 2e7 the largest net benefit is
    // 1e300 × 2e7 = 2e307 (below it); at the CEAC grid's top, 3 × 2e7 = 6e7, it is 6e307 (above).
    // The message said "effect × WTP 60000000": a WTP the user never gave.
    const samples = readVoiSamples({
      costs: ["c.csv", "A,B\n0,0\n0,0\n"],
      effects: ["e.csv", "A,B\n1e300,0\n0,1\n"],
    });
    const m = message(() => voiReport(samples, { wtp: 2e7 }));
    expect(m).toContain(
      "c.csv, e.csv: the net benefits (effect × WTP − cost) at 3 × WTP = 60000000, the top of the CEAC's WTP grid (WTP 20000000), are too large to add up in double precision",
    );
    expect(m).not.toContain("effect × WTP 60000000");
  });
  it("readVoiSamples names an empty trailing column (every line ends with a comma) once, by its number", () => {
    // A spreadsheet that once had a fourth column saves "x,y," and "1,5,": the third column has no
    // name and no values. It was 1 + 3 problems, the cells' as "column : blank cell" (no name, no number).
    const m = message(() =>
      readVoiSamples({ inputs: ["in.csv", "x,y,\n1,5,\n-1,6,\n1,7,\n"], nb: ["nb.csv", "A,B\n0,1\n0,-1\n0,1\n"] }),
    );
    expect(m).toBe(
      "PSA samples: in.csv row 1 column 3: blank column name and no values in any row: an empty column (each line ends with a comma); expected no such column: delete it in the spreadsheet, or the trailing comma of every line",
    );
  });
  it("readVoiSamples names a blank cell under a blank column name by the column's number", () => {
    const m = message(() =>
      readVoiSamples({ inputs: ["in.csv", "x,y,\n1,5,\n-1,6,2\n1,7,3\n"], nb: ["nb.csv", "A,B\n0,1\n0,-1\n0,1\n"] }),
    );
    expect(m).toContain("in.csv row 1 column 3: blank column name");
    expect(m).toContain('in.csv row 2 column 3: blank cell (got ""); expected a number');
  });
  it("readVoiSamples names an unterminated quote once, at its row and column, not as a short row and a row count (s33)", () => {
    // Row 3 opens a quote that never closes: d3-dsv read the rest of the file as one cell, which was
    // reported as 'row 3: has 2 fields' and 'has 2 draws (rows) but in.csv has 4': neither the mistake.
    const m = message(() =>
      readVoiSamples({
        inputs: ["in.csv", "x,y\n1,5\n2,6\n3,7\n4,8\n"],
        nb: ["nb.csv", 'A,B\n0,1\n0,"-1\n0,1\n0,1\n'],
      }),
    );
    expect(m).toBe(
      'PSA samples: nb.csv row 3 column B: unterminated quote: a cell opens with " and never closes, so the rest of the file would be one cell; expected a closing " for every opening "',
    );
  });
  it("readVoiSamples names an unterminated quote in the header at row 1 column 1", () => {
    const m = message(() => readVoiSamples({ nb: ["nb.csv", '"A,B\n0,1\n0,-1\n'] }));
    expect(m).toBe(
      'PSA samples: nb.csv row 1 column 1: unterminated quote: a cell opens with " and never closes, so the rest of the file would be one cell; expected a closing " for every opening "',
    );
  });
  it("readVoiSamples names text after a closing quote where d3-dsv dropped a character and split the cell (s33)", () => {
    // '"12"34' was read as the cells "12" and "4" (the 3 dropped): 'has 3 fields (got "0,12,4")',
    // a row the file does not hold.
    const m = message(() => readVoiSamples({ nb: ["nb.csv", 'A,B\n0,1\n0,"12"34\n0,1\n'] }));
    expect(m).toBe(
      "PSA samples: nb.csv row 3 column B: text after a closing quote (a quoted cell must end at the quote); expected a number",
    );
  });
  it("readVoiSamples still reads quoted names and numbers, a doubled quote inside a name, CRLF and a BOM", () => {
    const s = readVoiSamples({
      inputs: ["in.csv", '\ufeff"x ""a""","y"\r\n"1",5\r\n2,"6"\r\n'],
      nb: ["nb.csv", '"A","B"\r\n"0",1\r\n0,"-1"\r\n'],
    });
    expect(s.inputs.columns).toEqual(['x "a"', "y"]);
    expect(s.inputs.values.map((c) => [...c])).toEqual([
      [1, 2],
      [5, 6],
    ]);
    expect(s.nb(0).map((c) => [...c])).toEqual([
      [0, 0],
      [1, -1],
    ]);
  });
  it("readVoiSamples says a row with an extra field, a whole number and a decimal number in it may hold a decimal comma (s33)", () => {
    // "0,5" unquoted in a comma-separated file is two fields, 0 and 5: the row was only 'has 3 fields
    // but the header has 2 columns', as the model's numeric tables (readCsvRows) are not.
    const m = message(() => readVoiSamples({ nb: ["nb.csv", "A,B\n0.25,1.5\n0,5,1.5\n"] }));
    expect(m).toBe(
      "PSA samples: nb.csv row 3: has 3 fields but the header has 2 columns (a decimal comma such as 0,5 splits a number in two: export it as \"CSV (comma delimited)\" with '.' as the decimal separator (in Excel: set File > Options > Advanced > Use system separators off, decimal '.', then Save As CSV)) (got \"0,5,1.5\"); expected 2 numbers, one per column (A, B)",
    );
    // A missing field, extra fields none of which is a whole number, or whole numbers only (as
    // likely a stray field), get no such hint.
    expect(message(() => readVoiSamples({ nb: ["nb.csv", "A,B\n1,5\n2,3,9\n"] }))).not.toContain("decimal comma");
    expect(message(() => readVoiSamples({ nb: ["nb.csv", "A,B\n0.25,1.5\n0.5\n"] }))).not.toContain("decimal comma");
    expect(message(() => readVoiSamples({ nb: ["nb.csv", "A,B\n0.25,1.5\n0.5,1.5,2.5\n"] }))).not.toContain(
      "decimal comma",
    );
  });
  it("readVoiSamples notes a header of numbers, one not whole: a file without its header row lost its first draw to the names (s33)", () => {
    // Both files saved without a header: the counts agree (2 draws each), the strategies were named
    // "0.5" and "1.5" and the first draw was gone, without a word.
    const s = readVoiSamples({
      inputs: ["in.csv", "0.1,7\n0.2,8\n0.3,9\n"],
      nb: ["nb.csv", "0.5,1.5\n0.25,1.25\n0.75,0.5\n"],
    });
    expect(s.notes).toEqual([
      "in.csv: every column name is a number (0.1, 7): if the file has no header row, its first draw was read as the names and is not among the 2 draws; add a header row (one name per column)",
      "nb.csv: every column name is a number (0.5, 1.5): if the file has no header row, its first draw was read as the names and is not among the 2 draws; add a header row (one name per column)",
    ]);
  });
  it("readVoiSamples reads strategies named by whole numbers without a note", () => {
    const s = readVoiSamples({ nb: ["nb.csv", "1,2,3\n0.5,1.5,2\n0.25,1.25,3\n"] });
    expect(s.strategies).toEqual(["1", "2", "3"]);
    expect(s.notes.filter((n) => n.includes("column name is a number"))).toEqual([]);
  });
  it("readVoiSamples refuses an effects table whose text is the costs table's (s33)", () => {
    // `--costs c.csv --effects c.csv` ran: net benefit = cost × WTP − cost, an EVPI of a model that is not the user's.
    const text = "A,B\n1000,1500\n1100,1400\n";
    expect(message(() => readVoiSamples({ costs: ["c.csv", text], effects: ["e.csv", text] }))).toBe(
      "PSA samples: e.csv: the effects table is the costs table (c.csv) again, the same text: each effect would be read as the cost beside it; expected the effects (QALYs or life years) per strategy and draw in their own file",
    );
  });
});
