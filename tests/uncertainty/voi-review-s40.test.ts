/**
 * PSA samples as other tools and spreadsheets write them, from a user's review of `cartecon voi`
 * (session 40): each case here was read without a word into a wrong EVPI or EVPPI (a phantom strategy
 * or parameter, draws paired by position though their ids say otherwise, heemod's cohort totals read
 * as per-patient values, costs and effects swapped). The files are BCEA's Smoking samples (tests/
 * fixtures/bcea-smoking500, written by R's write.csv), rewritten by the test's own code below; the
 * expected values are the original files' readings, so each case checks that the rewriting changes
 * nothing, or the refusal's words.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readVoiSamples, type VoiSamples } from "../../src/uncertainty/samples.js";
import { decimalsFor } from "../../src/uncertainty/precision.js";
import { thrownMessage } from "../helpers/errors.js";

const text = (f: string) =>
  gunzipSync(readFileSync(new URL(`../fixtures/bcea-smoking500/${f}.csv.gz`, import.meta.url))).toString("utf8");
const wide = { parameters: text("parameters"), costs: text("costs"), effects: text("effects") };

/** The cells of one CSV line, quotes kept (the Smoking files quote their header; some names hold commas). */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let cell = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) {
      out.push(cell);
      cell = "";
    } else cell += ch;
  }
  out.push(cell);
  return out;
}
/** A file's lines as cells. */
const rowsOf = (csv: string) => csv.trim().split(/\r?\n/).map(splitLine);
const join = (rows: string[][]) => rows.map((r) => r.join(",")).join("\n") + "\n";
/** The file without R's row-name column. */
const plain = (csv: string) => join(rowsOf(csv).map((r) => r.slice(1)));
/** The file with `name` and `cell(i)` put before its first column (row i from 0). */
const withFirst = (csv: string, name: string, cell: (i: number) => string) =>
  join(rowsOf(csv).map((r, i) => [i === 0 ? name : cell(i - 1), ...r]));
/** The rows (not the header) in the order `order` (row k of the result is row order[k]). */
const reorder = (csv: string, order: number[]) => {
  const [header, ...rows] = rowsOf(csv);
  return join([header, ...order.map((k) => rows[k])]);
};

const read = (inputs: string, costs: string, effects: string) =>
  readVoiSamples({ inputs: ["in.csv", inputs], costs: ["c.csv", costs], effects: ["e.csv", effects] });
const original = read(wide.parameters, wide.costs, wide.effects);
const n = original.inputs.rows;
/** Each draw's net benefit at 20,000 per QALY, strategy by strategy. */
const nb = (s: VoiSamples) => s.nb(20_000).map((c) => [...c]);
// A fixed shuffle of the 500 draws: i ↦ (i · 7 + 3) mod 500 (7 and 500 are coprime, so each row once).
const shuffle = Array.from({ length: n }, (_, i) => (i * 7 + 3) % n);

describe("voi review s40: bookkeeping columns", () => {
  it("R's read.csv → write.csv round trip (\"\", X) and pandas' double index (blank, Unnamed: 0): no phantom strategy or parameter", () => {
    expect(n).toBe(500);
    const x = (csv: string) => withFirst(csv, '"X"', (i) => String(i + 1));
    // R writes the row names again before the "X" column read.csv made of the old ones.
    const rTwice = (csv: string) => withFirst(x(plain(csv)), '""', (i) => `"${i + 1}"`);
    const r = read(rTwice(wide.parameters), rTwice(wide.costs), rTwice(wide.effects));
    expect(r.strategies).toEqual(original.strategies);
    expect(r.inputs.columns).toEqual(original.inputs.columns);
    expect(nb(r)).toEqual(nb(original));
    expect(r.notes.join("\n")).toContain('c.csv: the next column ("X") holds 1 to 500, as a row or draw number');
    const pandas = (csv: string) =>
      withFirst(
        withFirst(plain(csv), "Unnamed: 0", (i) => String(i)),
        "",
        (i) => String(i),
      );
    const p = read(pandas(wide.parameters), pandas(wide.costs), pandas(wide.effects));
    expect(p.strategies).toEqual(original.strategies);
    expect(p.inputs.columns).toEqual(original.inputs.columns);
    expect(nb(p)).toEqual(nb(original));
  });

  it("first columns named as spreadsheets and simulation tools name the draw number are left out", () => {
    for (const name of ["Iteration #", "Trial", "Sim No", "Simulation #", "Iter.", "n", "Run number"]) {
      const f = (csv: string) => withFirst(plain(csv), name, (i) => String(i + 1));
      const s = read(f(wide.parameters), f(wide.costs), f(wide.effects));
      expect(s.strategies, name).toEqual(original.strategies);
      expect(s.inputs.columns, name).toEqual(original.inputs.columns);
    }
  });

  it("a constant wtp or price_year column beside the strategies is left out with a note, not read as a strategy", () => {
    const year = (csv: string) => join(rowsOf(plain(csv)).map((r, i) => [...r, i === 0 ? "price_year" : "2023"]));
    const s = read(wide.parameters, year(wide.costs), wide.effects);
    expect(s.strategies).toEqual(original.strategies);
    expect(nb(s)).toEqual(nb(original));
    expect(s.notes).toContain(
      "c.csv: left out, the same in every row and named as a setting, not a strategy: price_year = 2023",
    );
    // A reference strategy with a constant net benefit of 0 stays a strategy whatever its name.
    const k = "A,B,threshold\n1,2,0\n3,5,0\n4,4,0\n";
    expect(readVoiSamples({ nb: ["nb.csv", k] }).strategies).toEqual(["A", "B", "threshold"]);
    // A varying column of that name is data: kept (then refused here, as no effects column matches it).
    const varying = join(rowsOf(plain(wide.costs)).map((r, i) => [...r, i === 0 ? "wtp" : String(i)]));
    expect(() => read(wide.parameters, varying, wide.effects)).toThrow(/the strategy columns differ/);
  });
});

describe("voi review s40: draws matched by their ids", () => {
  it("an inputs file whose draw column counts 1..n in order, and outcome files with the same draws shuffled", () => {
    const named = (csv: string) => withFirst(plain(csv), "draw", (i) => String(i + 1));
    const shuffled = (csv: string) => reorder(named(csv), shuffle);
    const s = read(named(wide.parameters), shuffled(wide.costs), shuffled(wide.effects));
    expect(nb(s)).toEqual(nb(original));
    expect(s.notes).toContain("c.csv: the same draws as in.csv in another order: matched by draw id");
  });

  it("outcome files with R's row names beside an inputs file whose draw column is shuffled: row names are positions, paired by position, said", () => {
    // The outcome files are in the inputs' row order (written by R from the same shuffled table).
    const shuffledInputs = reorder(
      withFirst(plain(wide.parameters), "draw", (i) => String(i + 1)),
      shuffle,
    );
    const rNames = (csv: string) => withFirst(reorder(plain(csv), shuffle), '""', (i) => `"${i + 1}"`);
    const s = read(shuffledInputs, rNames(wide.costs), rNames(wide.effects));
    const o = nb(original);
    nb(s).forEach((col, k) => expect(col).toEqual(shuffle.map((d) => o[k][d])));
    expect(s.notes.join("\n")).toContain(
      "in.csv numbers its draws (4, 11, 18, ...) in another order than its rows, c.csv does not: matched row by row, by position",
    );
  });

  it("draw ids that ascend but do not count from 0 or 1 (10, 20, ...; 1001, ...) are in row order: no note", () => {
    const thin = withFirst(plain(wide.parameters), "draw", (i) => String(10 * (i + 1)));
    const s = read(thin, plain(wide.costs), plain(wide.effects));
    expect(nb(s)).toEqual(nb(original));
    expect(s.notes.join("\n")).not.toContain("in another order than its rows");
  });

  it("draw ids in another order beside a file whose rows are not those numbers: paired by position, and said", () => {
    const ids = reorder(
      withFirst(plain(wide.parameters), "draw", (i) => String(1001 + i)),
      shuffle,
    );
    const s = read(ids, plain(wide.costs), plain(wide.effects));
    expect(s.notes.join("\n")).toContain(
      "in.csv numbers its draws (1004, 1011, 1018, ...) in another order than its rows, c.csv does not: matched row by row, by position",
    );
  });
});

describe("voi review s40: a mistake reported once, at its file", () => {
  const c = "costs1,costs2\n1,2\n3,5\n4,4\n";
  const e = "effects1,effects2\n0.1,0.2\n0.3,0.2\n0.2,0.4\n";
  const problems = thrownMessage;
  it("a spreadsheet's empty rows at the end (lines of commas) are left out with a note, not blank cells and a wrong row count elsewhere", () => {
    const s = readVoiSamples({ costs: ["c.csv", c + ",\r\n,\r\n,\r\n"], effects: ["e.csv", e] });
    expect(s.nb(1)[0]).toHaveLength(3);
    expect(s.notes).toContain(
      "c.csv: 3 rows at the end hold nothing but commas (a spreadsheet's empty rows): left out",
    );
  });
  it("a last row of nothing but commas that was a draw (pandas' NaN): the row-count problem says it was left out", () => {
    const m = problems(() => readVoiSamples({ costs: ["c.csv", c + ",\n"], effects: ["e.csv", e + "0.5,0.5\n"] }));
    expect(m).toContain(
      "e.csv: has 4 draws (rows) but c.csv has 3; c.csv's last 1 row, of nothing but commas, was left out as empty: a draw of missing values (pandas writes NaN as an empty cell)?",
    );
  });
  it("a units row under the header is one problem in its file; the other file's row count is not blamed", () => {
    const m = problems(() =>
      readVoiSamples({ costs: ["c.csv", c.replace("\n", "\nGBP,GBP\n")], effects: ["e.csv", e] }),
    );
    expect(m).toContain(
      'c.csv row 2: no cell of this row is a number: a row of units or labels under the header? (got "GBP,GBP"); expected one row per draw after the header: delete this row',
    );
    expect(m).not.toContain("e.csv");
    expect(m).not.toContain("column costs1");
  });
  it("a first row of missing values (a failed draw) is not called a units row", () => {
    const m = problems(() => readVoiSamples({ costs: ["c.csv", c.replace("\n", "\nNA,NA\n")], effects: ["e.csv", e] }));
    expect(m).not.toContain("units or labels");
    expect(m).toContain("missing value");
  });
  it("two empty trailing columns: each named as empty once, not also as a duplicate name", () => {
    const trailing = c
      .split("\n")
      .map((l) => (l ? l + ",," : l))
      .join("\n");
    const m = problems(() => readVoiSamples({ costs: ["c.csv", trailing], effects: ["e.csv", e] }));
    expect(m.match(/an empty column/g)).toHaveLength(2);
    expect(m).not.toContain("duplicate column name");
  });
  it("a blank line after every row (line ends CR CR LF): three named, the rest counted once with the likely cause", () => {
    const doubled = c.replace(/\n/g, "\r\r\n") + "1,1\r\r\n2,2\r\r\n";
    const m = problems(() => readVoiSamples({ costs: ["c.csv", doubled], effects: ["e.csv", e] }));
    expect(m.match(/blank line \(got ""\)/g)).toHaveLength(3);
    expect(m).toContain(
      "c.csv: 2 more blank lines, the last at row 10 (a blank line after every row: line ends written twice, CR CR LF?)",
    );
  });
});

describe("voi review s40: draw ids written as floats", () => {
  it("a long costs table whose draw ids are written 1.0, 2.0, ... (pandas) is matched with draws 1, 2, ... as numbers, said in the note", () => {
    const c = rowsOf(plain(wide.costs));
    const strategies = c[0];
    const long = ["sample,strategy_id,costs"];
    strategies.forEach((st, k) => c.slice(1).forEach((r, i) => long.push(`${i + 1}.0,${st},${r[k]}`)));
    const inputs = withFirst(plain(wide.parameters), "sample", (i) => String(i + 1));
    const s = read(
      inputs,
      long.join("\n") + "\n",
      withFirst(plain(wide.effects), "sample", (i) => String(i + 1)),
    );
    expect(nb(s)).toEqual(nb(original));
    expect(s.notes).toContain(
      "c.csv: the same draws as in.csv: matched by draw id (compared as numbers: 1.0 in c.csv is 1 in in.csv)",
    );
  });
});

describe("voi review s40: what the values are", () => {
  it("heemod's .cost and .effect are its cohort's totals: divided by .n_indiv, per patient", () => {
    const p = rowsOf(plain(wide.parameters));
    const c = rowsOf(plain(wide.costs));
    const e = rowsOf(plain(wide.effects));
    const strategies = c[0].map((h) => h.replace(/"/g, ""));
    const names = p[0];
    // run_psa()$psa: parameters, .n_indiv, .strategy_names, .index, .cost, .effect (totals for 1,000 people).
    const out = [[...names, ".n_indiv", ".strategy_names", ".index", ".cost", ".effect"].join(",")];
    strategies.forEach((st, k) =>
      p
        .slice(1)
        .forEach((r, i) =>
          out.push(
            [
              ...r,
              "1000",
              `"${st}"`,
              String(i + 1),
              String(Number(c[i + 1][k]) * 1000),
              String(Number(e[i + 1][k]) * 1000),
            ].join(","),
          ),
        ),
    );
    const psa = out.join("\n") + "\n";
    const s = readVoiSamples({ inputs: ["psa.csv", psa], costs: ["psa.csv", psa], effects: ["psa.csv", psa] });
    expect(s.inputs.columns).toEqual(original.inputs.columns);
    const o = original.outcomes!;
    s.outcomes!.costs.forEach((col, k) => col.forEach((x, d) => expect(x).toBeCloseTo(o.costs[k][d], 9)));
    s.outcomes!.effects.forEach((col, k) => col.forEach((x, d) => expect(x).toBeCloseTo(o.effects[k][d], 12)));
    expect(s.notes.join("\n")).toContain("each value divided by the row's .n_indiv (1000)");
    expect(s.notes.join("\n")).toContain("column .n_indiv (heemod's number of individuals in the cohort) left out");
  });

  it("a strategy named as draws (Trial, id) whose net benefits are whole numbers is a strategy, not draw ids", () => {
    const cents = "Standard,Trial,id\n125000,130000,99000\n131000,127500,101000\n119000,122000,98000\n";
    expect(readVoiSamples({ nb: ["nb.csv", cents] }).strategies).toEqual(["Standard", "Trial", "id"]);
  });

  it("refuses costs and effects given the other way round, and a costs file given as net benefits", () => {
    const c = "costs1,costs2\n1,2\n3,5\n4,4\n";
    const e = "effects1,effects2\n0.1,0.2\n0.3,0.2\n0.2,0.4\n";
    expect(() => readVoiSamples({ costs: ["e.csv", e], effects: ["c.csv", c] })).toThrow(
      "e.csv row 1: the columns are named as effects (effects1, effects2), but the file is given as the costs",
    );
    expect(() => readVoiSamples({ nb: ["c.csv", c] })).toThrow(
      "c.csv row 1: the columns are named as costs (costs1, costs2), but the file is given as the net benefits",
    );
    const eff = "Chemo_Eff,Radio_Eff\n1,2\n3,5\n4,4\n";
    expect(() => readVoiSamples({ costs: ["eff.csv", eff], effects: ["c.csv", c] })).toThrow(
      "the columns are named as effects (Chemo_Eff, Radio_Eff), but the file is given as the costs",
    );
    // Strategies whose own names hold the word, in both files, are not a swap: read.
    const low = "Low cost,High cost\n1,2\n3,5\n4,4\n";
    const lowE = "Low cost,High cost\n0.1,0.2\n0.3,0.2\n0.2,0.4\n";
    expect(readVoiSamples({ costs: ["c.csv", low], effects: ["e.csv", lowE] }).strategies).toEqual([
      "Low cost",
      "High cost",
    ]);
    // A net-benefit file's strategies sharing a singular word or a letter are read.
    for (const h of ["Low cost,High cost", "e-health,e-consult"])
      expect(readVoiSamples({ nb: ["nb.csv", `${h}\n1,2\n3,5\n4,4\n`] }).strategies).toEqual(h.split(","));
    // As given, they are read (paired as strategies 1 and 2).
    expect(readVoiSamples({ costs: ["c.csv", c], effects: ["e.csv", e] }).strategies).toEqual(["1", "2"]);
  });

  it("a long effects table with QALYs and life years: both named as effects, the refusal says so", () => {
    const rows = ["sample,strategy_id,qalys,lys"];
    for (let d = 1; d <= 4; d++) for (const st of ["a", "b"]) rows.push(`${d},${st},${d / 10},${d}`);
    const costs = ["sample,strategy_id,costs", ...[1, 2, 3, 4].flatMap((d) => [`${d},a,${d}`, `${d},b,${2 * d}`])];
    expect(() =>
      readVoiSamples({ costs: ["c.csv", costs.join("\n") + "\n"], effects: ["e.csv", rows.join("\n") + "\n"] }),
    ).toThrow("with 2 columns named as the effects (qalys, lys): which one to read is not said");
  });
});

describe("decimalsFor: amounts shown to 3 significant digits, at least 2 decimals", () => {
  it("hand values", () => {
    expect(decimalsFor(1165.63)).toBe(2);
    expect(decimalsFor(0.4028)).toBe(3); // 0.403
    expect(decimalsFor(0.000476)).toBe(6); // 0.000476
    expect(decimalsFor(-0.05)).toBe(4); // -0.0500
    expect(decimalsFor(0)).toBe(2);
    expect(decimalsFor(1e-30)).toBe(12);
  });
});
