// voiReport: the one VOI computation behind `cartecon voi` and the Uncertainty page's upload worker.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { drawParameters, fromMeanSe, toCsv } from "../../src/model/index.js";
import { evppiRegression, type EvppiResult } from "../../src/uncertainty/evppi.js";
import { readVoiSamples } from "../../src/uncertainty/samples.js";
import { populationScale } from "../../src/uncertainty/stats.js";
import { checkGroupMembers, voiReport, type VoiReport } from "../../src/uncertainty/voi.js";

// Two strategies; net benefit = effect × wtp − cost (wtp 1000): A costs 1000 for effect 1; B's
// cost depends on b, its effect on a, so both parameters carry information.
const n = 400;
const d = drawParameters(
  [
    { id: "a", distribution: fromMeanSe("normal", 0, 1) },
    { id: "b", distribution: fromMeanSe("normal", 0, 1) },
    { id: "c", distribution: fromMeanSe("normal", 0, 1) },
  ],
  n,
  11,
);
const [a, b, c] = ["a", "b", "c"].map((id) => d.get(id)!);
const costs = { A: new Float64Array(n).fill(1000), B: Float64Array.from(b, (x) => 1100 + 200 * x) };
const effects = { A: new Float64Array(n).fill(1), B: Float64Array.from(a, (x) => 1.05 + 0.3 * x) };
const samples = () =>
  readVoiSamples({
    inputs: ["inputs.csv", toCsv({ a, b, c })],
    costs: ["costs.csv", toCsv(costs)],
    effects: ["effects.csv", toCsv(effects)],
  });

describe("voiReport(samples, options, onRow)", () => {
  it("streams one row per input column, then per group, in order, with done/total", () => {
    const seen: Array<[string, number, number]> = [];
    let started = -1;
    const r = voiReport(
      samples(),
      { wtp: 1000, groups: [["a", "b"]], seSamples: 10 },
      (row, done, total) => seen.push([row.parameters.join("+"), done, total]),
      () => (started = seen.length),
    );
    expect(started).toBe(0);
    expect(seen).toEqual([
      ["a", 1, 4],
      ["b", 2, 4],
      ["c", 3, 4],
      ["a+b", 4, 4],
    ]);
    expect(r.evppi.map((e) => e.parameters.join("+"))).toEqual(["a", "b", "c", "a+b"]);
  });

  it("EVPI is mean(max NB) − max(mean NB) of effect × wtp − cost, computed here by hand", () => {
    const r = voiReport(samples(), { wtp: 1000, seSamples: 0 });
    let meanMax = 0,
      meanA = 0,
      meanB = 0;
    for (let k = 0; k < n; k++) {
      const nbA = 1000 * effects.A[k] - costs.A[k];
      const nbB = 1000 * effects.B[k] - costs.B[k];
      meanMax += Math.max(nbA, nbB) / n;
      meanA += nbA / n;
      meanB += nbB / n;
    }
    expect(r.evpi).toBeCloseTo(meanMax - Math.max(meanA, meanB), 6);
    expect(r.optimal).toBe(meanB > meanA ? "B" : "A");
    expect(r.wtp).toBe(1000);
    // CEAC on 31 WTP values from 0 to 3000, two strategies each: probabilities sum to 1.
    expect(r.ceac).toHaveLength(62);
    for (let i = 0; i < 31; i++) expect(r.ceac![2 * i].probability + r.ceac![2 * i + 1].probability).toBeCloseTo(1, 12);
  });

  it("each EVPPI equals evppiRegression on the same column and net benefits (same settings as the CLI)", () => {
    const r = voiReport(samples(), { wtp: 1000, seSamples: 20 });
    const nb = [
      Float64Array.from(effects.A, (e, k) => 1000 * e - costs.A[k]),
      Float64Array.from(effects.B, (e, k) => 1000 * e - costs.B[k]),
    ];
    const direct: EvppiResult[] = [a, b, c].map((x, j) =>
      evppiRegression([["a", "b", "c"][j]], [x], nb, { seSamples: 20 }),
    );
    expect(r.evppi.map((e) => [e.evppi, e.se])).toEqual(direct.map((e) => [e.evppi, e.se]));
    // c does not enter the net benefit: its EVPPI is small next to a's, which drives B's effect.
    expect(r.evppi[2].evppi).toBeLessThan(0.2 * r.evppi[0].evppi);
  });

  it("an unknown group member fails before any EVPPI is computed", () => {
    let rows = 0;
    expect(() => voiReport(samples(), { wtp: 1000, groups: [["a", "nope"]] }, () => rows++)).toThrow(
      /unknown parameter "nope"/,
    );
    expect(rows).toBe(0);
  });

  it("a willingness to pay beside a net-benefit table is refused, never reported as the table's", () => {
    // Before: `voi --nb nb.csv --wtp 30000 --json` printed "wtp": 30000 beside the EVPI of the
    // table's own WTP (voi's chemo_nb is at £20,000).
    const s = readVoiSamples({ inputs: ["in.csv", "a\n1\n2\n3\n"], nb: ["nb.csv", "A,B\n0,1\n0,-1\n0,1\n"] });
    expect(() => voiReport(s, { wtp: 30_000, seSamples: 0 })).toThrow(
      "--wtp: a net-benefit table already holds the net benefit at the willingness to pay it was computed with: a WTP cannot change it (got 30000); expected no --wtp with --nb, or costs and effects tables (--costs, --effects) with --wtp",
    );
    // By hand: NB_B − NB_A = 1, −1, 1: mean max = (1 + 0 + 1)/3, max mean = 1/3, EVPI 1/3.
    expect(voiReport(s, { seSamples: 0 }).evpi).toBeCloseTo(1 / 3, 12);
  });

  it("costs and effects without a willingness to pay are refused, naming --wtp", () => {
    expect(() => voiReport(samples(), {})).toThrow(/--wtp: costs and effects need a willingness to pay/);
  });
});

// Hostile files: what spreadsheets, R and hand edits produce. Each either reads the numbers written
// or fails naming file, row, column, value and what was expected.
describe("readVoiSamples(files) on hostile files", () => {
  // Three draws, two strategies, wtp 1. NB_A = 0, 0, 0; NB_B = 3·e − 1 = −1, 2, −1.
  // By hand: mean max = (0 + 2 + 0)/3 = 2/3; both means are 0; EVPI = 2/3.
  const inputs = "x,y\n1,5\n2,4\n3,6\n";
  const costs = "A,B\n0,1\n0,1\n0,1\n";
  const effects = "A,B\n0,0\n0,3\n0,0\n";
  const evpiOf = (files: Parameters<typeof readVoiSamples>[0]) =>
    voiReport(readVoiSamples(files), { wtp: 1, seSamples: 0 }).evpi;
  const read = (x: string, c = costs, e = effects) =>
    readVoiSamples({ inputs: ["in.csv", x], costs: ["c.csv", c], effects: ["e.csv", e] });
  const fails = (x: string, c = costs, e = effects) => {
    try {
      read(x, c, e);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error("expected the files to be refused");
  };

  it("a BOM, CRLF line ends, quoted headers and numbers, scientific notation and trailing empty lines read the same numbers", () => {
    const hostile = '\uFEFF"x","y"\r\n"1e0",5\r\n2,4E+00\r\n3,"6"\r\n\r\n\r\n';
    const s = read(hostile);
    expect(s.inputs.columns).toEqual(["x", "y"]);
    expect(Array.from(s.inputs.values[0])).toEqual([1, 2, 3]);
    expect(Array.from(s.inputs.values[1])).toEqual([5, 4, 6]);
    expect(s.inputs.rows).toBe(3);
    expect(evpiOf({ inputs: ["in.csv", hostile], costs: ["c.csv", costs], effects: ["e.csv", effects] })).toBeCloseTo(
      2 / 3,
      12,
    );
  });

  it("effects whose strategy columns are the costs' in another order are matched by name, not position", () => {
    // Paired by position, B,A would give NB_A = 3·e = 0, 3, 0 and NB_B = −1: EVPI 0 instead of 2/3.
    const swapped = "B,A\n0,0\n3,0\n0,0\n";
    expect(evpiOf({ inputs: ["in.csv", inputs], costs: ["c.csv", costs], effects: ["e.csv", swapped] })).toBeCloseTo(
      2 / 3,
      12,
    );
  });

  it("strategy columns named with each file's own words (costs1,costs2 / effects2,effects1) are paired by the rest of the name, with a note", () => {
    // By hand: strategy "1" has cost 0 and effect 0, strategy "2" cost 1 and effects 0, 3, 0: as A
    // and B above, EVPI 2/3. Paired by position, "1" would take effects2's 0, 3, 0: NB_1 = 0, 3, 0
    // and NB_2 = −1, −1, −1, EVPI 1 − 1 = 0.
    const c = "costs1,costs2\n0,1\n0,1\n0,1\n";
    const e = "effects2,effects1\n0,0\n3,0\n0,0\n";
    const s = read(inputs, c, e);
    expect(s.strategies).toEqual(["1", "2"]);
    expect(s.notes).toEqual([
      'c.csv and e.csv name their strategy columns differently; paired by the names without the words common to each file\'s columns: costs1 with effects1 (strategy "1"), costs2 with effects2 (strategy "2")',
    ]);
    expect(evpiOf({ inputs: ["in.csv", inputs], costs: ["c.csv", c], effects: ["e.csv", e] })).toBeCloseTo(2 / 3, 12);
  });

  it("without an inputs file (outputs only, as dampack's psa_cdiff) the EVPI and CEAC are computed, no EVPPI", () => {
    // The hand example above: EVPI 2/3; the row counts are checked between the outcome files.
    const s = readVoiSamples({ costs: ["c.csv", costs], effects: ["e.csv", effects] });
    expect(s.inputs.columns).toEqual([]);
    expect(s.inputs.rows).toBe(3);
    const r = voiReport(s, { wtp: 1, seSamples: 0 });
    expect(r.evpi).toBeCloseTo(2 / 3, 12);
    expect(r.evppi).toEqual([]);
    // The empty EVPPI list is explained in the notes (read by `voi --json`), not only by the CLI's text.
    expect(r.notes).toEqual([
      "no inputs file: the EVPPI was not computed (it regresses the net benefit on the parameters' draws: give the inputs CSV, one row per draw, one column per parameter); the EVPI, CEAC, CEAF and expected loss are from the outcome files alone",
    ]);
    expect(r.ceac).not.toBeNull();
    expect(() => readVoiSamples({ costs: ["c.csv", costs], effects: ["e.csv", "A,B\n0,0\n0,3\n"] })).toThrow(
      "e.csv: has 2 draws (rows) but c.csv has 3",
    );
  });

  it("without an inputs file the decision at the WTP and the CEAC, CEAF and expected loss over WTP are the hand values", () => {
    // NB_A = 0, 0, 0 and NB_B = (3·wtp)·[0, 1, 0] − 1 (costs above).
    // At wtp 1: NB_B = −1, 2, −1; both means 0, so A (the first of equals) is optimal; A is best in
    // draws 1 and 3 (2/3), B in draw 2 (1/3); expected loss A = (0 + 2 + 0)/3, B = (1 + 0 + 1)/3.
    const r = voiReport(readVoiSamples({ costs: ["c.csv", costs], effects: ["e.csv", effects] }), {
      wtp: 1,
      seSamples: 0,
    });
    const row = (d: { strategy: string; meanNb: number; probabilityBest: number; expectedLoss: number }) => [
      d.strategy,
      d.meanNb,
      d.probabilityBest,
      d.expectedLoss,
    ];
    expect(r.decision.map(row)).toEqual([
      ["A", 0, 2 / 3, 2 / 3],
      ["B", 0, 1 / 3, 2 / 3],
    ]);
    expect(r.decision.map((d) => d.optimal)).toEqual([true, false]);
    // The CEAC grid is 0, 0.1, …, 3 (3 × wtp): at 0, NB_B = −1 in every draw, so A is best in all,
    // B loses 1. At 3, NB_B = −1, 8, −1 (mean 2): B is optimal though A is best in 2 draws of 3, so
    // the CEAF there is B's 1/3, not the larger CEAC value (Fenwick, Claxton & Sculpher 2001);
    // expected loss A = 8/3, B = 2/3 (the EVPI at 3).
    const at = (w: number) =>
      r.ceac!.filter((c) => c.wtp === w).map((c) => [c.strategy, c.probability, c.expectedLoss, c.onFrontier]);
    expect(at(0)).toEqual([
      ["A", 1, 0, true],
      ["B", 0, 1, false],
    ]);
    expect(at(3)).toEqual([
      ["A", 2 / 3, 8 / 3, false],
      ["B", 1 / 3, 2 / 3, true],
    ]);
    // The grid's point at the report's WTP is the decision table.
    expect(at(1)).toEqual(r.decision.map((d) => [d.strategy, d.probabilityBest, d.expectedLoss, d.optimal]));
  });

  it("a net-benefit file without inputs gives the EVPI and the decision (no CEAC: one WTP), and says why there is no EVPPI", () => {
    // NB_A = 0, 0, 0; NB_B = 1, −1, 1. Means 0 and 1/3: B optimal; B best in draws 1 and 3 (2/3);
    // expected loss A = (1 + 0 + 1)/3 = 2/3, B = (0 + 1 + 0)/3 = 1/3 = the EVPI.
    const r = voiReport(readVoiSamples({ nb: ["nb.csv", "A,B\n0,1\n0,-1\n0,1\n"] }), { seSamples: 0 });
    expect(r.evpi).toBeCloseTo(1 / 3, 12);
    expect(r.decision).toEqual([
      { strategy: "A", meanNb: 0, probabilityBest: 1 / 3, expectedLoss: 2 / 3, optimal: false },
      { strategy: "B", meanNb: 1 / 3, probabilityBest: 2 / 3, expectedLoss: 1 / 3, optimal: true },
    ]);
    expect(r.ceac).toBeNull();
    expect(r.evppi).toEqual([]);
    expect(r.notes).toEqual([
      "no inputs file: the EVPPI was not computed (it regresses the net benefit on the parameters' draws: give the inputs CSV, one row per draw, one column per parameter); the EVPI, probability that each strategy is best and expected loss are from the outcome files alone",
    ]);
  });

  it("EVPPI groups without an inputs file are refused as needing it, not as unknown parameters", () => {
    const s = readVoiSamples({ nb: ["nb.csv", "A,B\n0,1\n0,-1\n0,1\n"] });
    expect(s.inputsGiven).toBe(false);
    let rows = 0;
    expect(() =>
      voiReport(s, { groups: [["a", "b"]], groupsLabel: "EVPPI groups field, group", seSamples: 0 }, () => rows++),
    ).toThrow(
      'EVPPI groups field, group: EVPPI groups need the PSA inputs file (the EVPPI regresses the net benefit on the parameters\' draws) (got "a,b"); expected an inputs CSV (one row per draw, one column per parameter), or no groups (the EVPI, CEAC and expected loss need no inputs)',
    );
    expect(rows).toBe(0);
  });

  it("names rewritten by R's read.csv (Status quo / Status.quo, 1 / X1) are paired by name, with a note", () => {
    // By hand as above: "Status quo" has cost 0 and effect 0; "new arm" cost 1 and effects 0, 3, 0
    // (EVPI 2/3). The effects file lists them in the other order: by position the EVPI would be 0.
    const c = '"Status quo","new arm"\n0,1\n0,1\n0,1\n';
    const e = "new.arm,Status.quo\n0,0\n3,0\n0,0\n";
    const s = read(inputs, c, e);
    expect(s.strategies).toEqual(["Status quo", "new arm"]);
    expect(s.notes).toEqual([
      "c.csv and e.csv write their strategy names differently; paired as R's read.csv rewrites names (every character but a letter, digit, '.' or '_' as '.', an 'X' before a leading digit): Status quo with Status.quo, new arm with new.arm",
    ]);
    expect(evpiOf({ inputs: ["in.csv", inputs], costs: ["c.csv", c], effects: ["e.csv", e] })).toBeCloseTo(2 / 3, 12);
    expect(read(inputs, "1,2\n0,1\n0,1\n0,1\n", "X2,X1\n0,0\n3,0\n0,0\n").strategies).toEqual(["1", "2"]);
    expect(
      evpiOf({
        inputs: ["in.csv", inputs],
        costs: ["c.csv", "1,2\n0,1\n0,1\n0,1\n"],
        effects: ["e.csv", "X2,X1\n0,0\n3,0\n0,0\n"],
      }),
    ).toBeCloseTo(2 / 3, 12);
  });

  it("names that R's rewriting would make equal (a b, a.b) are not paired that way", () => {
    expect(fails(inputs, '"a b","a.b"\n0,1\n0,1\n0,1\n', "a.b,a.b.\n0,0\n3,0\n0,0\n")).toContain(
      "the strategy columns differ from c.csv's",
    );
  });

  it("common words are found at either end and only at word boundaries", () => {
    // Each pair reads strategies A and B with B's effects 0, 3, 0 (EVPI 2/3 as above).
    const cases: Array<[string, string, string[]]> = [
      ["A_cost,B_cost", "B_qaly,A_qaly", ["A", "B"]], // common last word
      ["costA,costB", "qalyB,qalyA", ["A", "B"]], // a capital after a small letter
      ["cost_drugA,cost_drugB", "qaly drugB,qaly drugA", ["A", "B"]],
      // "c_s" is common to c_soc and c_surgery, but "s" is part of a word: the names are soc, surgery.
      ["c_soc,c_surgery", "e_surgery,e_soc", ["soc", "surgery"]],
    ];
    for (const [c, e, names] of cases) {
      const costsCsv = `${c}\n0,1\n0,1\n0,1\n`;
      const effectsCsv = `${e}\n0,0\n3,0\n0,0\n`;
      expect(read(inputs, costsCsv, effectsCsv).strategies).toEqual(names);
      expect(
        evpiOf({ inputs: ["in.csv", inputs], costs: ["c.csv", costsCsv], effects: ["e.csv", effectsCsv] }),
      ).toBeCloseTo(2 / 3, 12);
    }
    expect(cases.length).toBe(4);
  });

  it("names that still differ without their common words, or that would be left empty or equal, are refused", () => {
    expect(fails(inputs, "c_a,c_b\n0,1\n0,1\n0,1\n", "e_a,e_c\n0,0\n0,3\n0,0\n")).toContain(
      'e.csv row 1: the strategy columns differ from c.csv\'s: costs and effects are matched by strategy name (got "e_a,e_c")',
    );
    // One column per file is not a strategy pair: refused as fewer than two strategies, each file once,
    // with SAVI's fix for its files of increments (not also as strategy columns that differ).
    const single = fails(inputs, "cost\n0\n0\n0\n", "qaly\n0\n3\n0\n");
    expect(single).toContain("c.csv row 1: needs one column per strategy, at least two");
    expect(single).toContain("e.csv row 1: needs one column per strategy, at least two");
    expect(single).toContain("add a column of zeros");
    expect(single).not.toContain("strategy columns differ");
    // "x_1" and "x-1" both become "1": two strategies may not share a name.
    expect(fails(inputs, "x_1,x-1\n0,1\n0,1\n0,1\n", "y1,y2\n0,0\n0,3\n0,0\n")).toContain("strategy columns differ");
  });

  it("a name is never cut inside a number, and no sign or symbol is dropped from it: different strategies are never paired", () => {
    // Each pair names different strategies in the two files; the words every column of a file shares
    // must not make them alike ("dose0.5" and "dose0.7" are not both strategy "0").
    const refused: Array<[string, string]> = [
      ["dose0.5,dose1.5", "dose0.7,dose1.7"], // ".5" / ".7" is part of the number, not a word
      ["v1.10,v1.11", "v2.10,v2.11"], // "v1." / "v2." likewise
      ["c_+1,c_-2", "e_-1,e_+2"], // +1 and -1 are different
      ["x\u{1F600}1,x\u{1F601}2", "y\u{1F601}1,y\u{1F600}2"], // two emoji sharing their first UTF-16 unit
    ];
    for (const [c, e] of refused)
      expect(fails(inputs, `${c}\n0,1\n0,1\n0,1\n`, `${e}\n0,0\n3,0\n0,0\n`)).toContain("strategy columns differ");
    // A sign is kept in the name: c_-1 goes with e_-1 and c_1 with e_1.
    expect(read(inputs, "c_-1,c_1\n0,1\n0,1\n0,1\n", "e_1,e_-1\n0,0\n3,0\n0,0\n").strategies).toEqual(["-1", "1"]);
  });

  it("a net-benefit table beside costs or effects tables is refused, naming the files, never one chosen silently", () => {
    const both = () =>
      readVoiSamples({
        inputs: ["in.csv", inputs],
        nb: ["nb.csv", "A,B\n0,1\n0,2\n0,3\n"],
        costs: ["c.csv", costs],
        effects: ["e.csv", effects],
      });
    expect(both).toThrow(
      "options: both a net-benefit table (nb.csv) and costs and effects tables (c.csv, e.csv) were given; expected either the net-benefit table or the costs and effects tables, not both",
    );
    expect(() =>
      readVoiSamples({ inputs: ["in.csv", inputs], nb: ["nb.csv", "A,B\n0,1\n0,2\n0,3\n"], costs: ["c.csv", costs] }),
    ).toThrow("options: both a net-benefit table (nb.csv) and a costs table (c.csv) were given");
  });

  it("effects naming other strategies than the costs are refused, naming both headers", () => {
    expect(fails(inputs, costs, "X,Y\n0,0\n0,1\n0,0\n")).toContain(
      'e.csv row 1: the strategy columns differ from c.csv\'s: costs and effects are matched by strategy name (got "X,Y"); expected the same names as c.csv (A,B)',
    );
  });

  it("a row with an extra or a missing field is refused with its row, never dropped or padded", () => {
    expect(fails("x,y\n1,5\n2,4,9\n3,6\n")).toContain(
      'in.csv row 3: has 3 fields but the header has 2 columns (got "2,4,9"); expected 2 numbers, one per column (x, y)',
    );
    expect(fails("x,y\n1,5\n2\n3,6\n")).toContain("in.csv row 3: has 1 field but the header has 2 columns");
    expect(fails("x,y\n1,5\n\n3,6\n")).toContain('in.csv row 3: blank line (got "")');
  });

  it("a semicolon-separated export (with or without decimal commas) is named as such", () => {
    for (const text of ["x;y\n1;5\n2;4\n3;6\n", "x;y\n1,5;5\n2,5;4\n3;6\n"])
      expect(fails(text)).toContain(
        'in.csv row 1: the file is separated by semicolons (a European spreadsheet export) (got "x;y")',
      );
  });

  it("a tab-separated file is named as such", () => {
    expect(fails("x\ty\n1\t5\n2\t4\n3\t6\n")).toContain('in.csv row 1: the file is separated by tabs (got "x\\ty")');
  });

  it("R's write.table files (quoted names, spaces or tabs between fields) are named as such, with the R call to use", () => {
    // write.table(x) and write.table(x, sep = "\t", row.names = FALSE): before, the quoted header
    // was split into odd fields and every row was refused for its field count.
    const fix = `expected comma-separated columns: in R write.csv(x), or write.table(x, sep = ","); from a spreadsheet 'CSV (comma delimited)'`;
    const spaces = fails('"x" "y"\n"1" 1 5\n"2" 2 4\n"3" 3 6\n');
    expect(spaces).toBe(
      `PSA samples: in.csv row 1: the file is separated by spaces (R's write.table writes so by default) (got ${JSON.stringify('"x" "y"')}); ${fix}`,
    );
    const tabs = fails('"x"\t"y"\n1\t5\n2\t4\n3\t6\n');
    expect(tabs).toBe(
      `PSA samples: in.csv row 1: the file is separated by tabs (got ${JSON.stringify('"x"\t"y"')}); ${fix}`,
    );
    // One column named with spaces is not a space-separated file.
    expect(read("p one\n1\n2\n3\n").inputs.columns).toEqual(["p one"]);
    // write.table(x, quote = FALSE), with and without row names: before, each row was refused as
    // "not a number" in one column named "x y", with no word of the separator.
    for (const text of ["x y\n1 1 5\n2 2 4\n3 3 6\n", "x y\n1 5\n2 4\n3 6\n"])
      expect(fails(text)).toBe(
        `PSA samples: in.csv row 1: the file is separated by spaces (R's write.table writes so by default) (got "x y"); ${fix}`,
      );
  });

  it("NA, NaN, Inf, blank and decimal-comma cells are named with row, column and value", () => {
    const cell = (v: string) => fails(`x,y\n1,5\n2,${v}\n3,6\n`);
    expect(cell("NA")).toContain(
      'in.csv row 3 column y: missing value: every cell needs a number (NA is never read as 0 or skipped) (got "NA")',
    );
    expect(cell("NaN")).toContain("in.csv row 3 column y: missing value");
    expect(cell("Inf")).toContain('in.csv row 3 column y: not a finite number (got "Inf")');
    expect(cell("-Infinity")).toContain('in.csv row 3 column y: not a finite number (got "-Infinity")');
    expect(cell("")).toContain('in.csv row 3 column y: blank cell (got "")');
    expect(cell('"4,5"')).toContain("in.csv row 3 column y: decimal comma");
  });

  it("a header only, or a single draw, is refused naming the file", () => {
    expect(fails("x,y\n", "A,B\n", "A,B\n")).toContain(
      'in.csv: no data rows, only a header (got "x,y"); expected one row per draw',
    );
    expect(fails("x,y\n1,5\n", "A,B\n0,1\n", "A,B\n0,0\n")).toContain(
      "in.csv: only 1 draw: value of information compares draws (got 1); expected at least 2 draws (rows)",
    );
  });

  it("R's write.csv row names 1..n (blank header) are read as draw numbers, with a note, in every file", () => {
    // write.csv(df) of the hand example above: the same numbers, so the same EVPI 2/3.
    const rInputs = '"","x","y"\n"1",1,5\n"2",2,4\n"3",3,6\n';
    const rCosts = '"","A","B"\n"1",0,1\n"2",0,1\n"3",0,1\n';
    const rEffects = '"","A","B"\n"1",0,0\n"2",0,3\n"3",0,0\n';
    const s = read(rInputs, rCosts, rEffects);
    expect(s.inputs.columns).toEqual(["x", "y"]);
    expect(Array.from(s.inputs.values[1])).toEqual([5, 4, 6]);
    expect(s.strategies).toEqual(["A", "B"]);
    expect(s.notes).toEqual(
      ["in.csv", "c.csv", "e.csv"].map(
        (f) =>
          `${f}: the first column has no name and holds 1 to 3, as R's write.csv writes row names: read as the draw numbers, not as a parameter or strategy`,
      ),
    );
    expect(evpiOf({ inputs: ["in.csv", rInputs], costs: ["c.csv", rCosts], effects: ["e.csv", rEffects] })).toBeCloseTo(
      2 / 3,
      12,
    );
  });

  it("pandas' to_csv index 0..n−1 (blank header) is read as draw numbers, with a note", () => {
    // df.to_csv() of the hand example above: the same numbers, so the same EVPI 2/3.
    const pInputs = ",x,y\n0,1,5\n1,2,4\n2,3,6\n";
    const pCosts = ",A,B\n0,0,1\n1,0,1\n2,0,1\n";
    const pEffects = ",A,B\n0,0,0\n1,0,3\n2,0,0\n";
    const s = read(pInputs, pCosts, pEffects);
    expect(s.inputs.columns).toEqual(["x", "y"]);
    expect(Array.from(s.inputs.values[0])).toEqual([1, 2, 3]);
    expect(s.notes[0]).toBe(
      "in.csv: the first column has no name and holds 0 to 2, as pandas' to_csv writes its index: read as the draw numbers, not as a parameter or strategy",
    );
    expect(evpiOf({ inputs: ["in.csv", pInputs], costs: ["c.csv", pCosts], effects: ["e.csv", pEffects] })).toBeCloseTo(
      2 / 3,
      12,
    );
  });

  it("a blank-headed first column that is not 1..n (a subset's row names, text) is refused with the fix", () => {
    const fix =
      "in.csv row 1 column 1: blank column name (R's write.csv writes row names there, pandas' to_csv its index: use row.names = FALSE in R, index=False in pandas, or delete the column)";
    expect(fails('"","x","y"\n"2",1,5\n"5",2,4\n"9",3,6\n')).toContain(fix);
    expect(fails('"","x","y"\n"a",1,5\n"b",2,4\n"c",3,6\n')).toContain(fix);
    // Numbers 1..n written as 1.0 are not R's row names: refused too.
    expect(fails('"","x","y"\n1.0,1,5\n2.0,2,4\n3.0,3,6\n')).toContain(fix);
  });

  it("column names with spaces, commas and quotes are kept as written", () => {
    const s = read('"p one","c,d","q""x"\n1,5,1\n2,4,3\n3,6,2\n');
    expect(s.inputs.columns).toEqual(["p one", "c,d", 'q"x']);
  });

  it("checkGroupMembers refuses an empty group, an unknown and a repeated member, naming the group", () => {
    expect(() => checkGroupMembers(["x", "y"], [[]])).toThrow("EVPPI group 1: empty group");
    expect(() =>
      checkGroupMembers(
        ["x", "y"],
        [
          ["x", "y"],
          ["x", "z"],
        ],
      ),
    ).toThrow(
      'EVPPI group 2 (x,z): unknown parameter "z" (got "z"); expected one of x, y (a name holding a comma in double quotes: "cost, drug",p_x)',
    );
    expect(() => checkGroupMembers(["x", "y"], [["x", "x"]])).toThrow(
      'EVPPI group 1 (x,x): names "x" twice (got "x"); expected each parameter once in a group',
    );
  });

  it("checkGroupMembers refuses a group of one parameter: its EVPPI is the single row already", () => {
    // Defect (s33 CLI review): `voi --parameters x` printed x's EVPPI twice, once as a group of one
    // (with --group-method gp a second, different figure under the same name).
    expect(() => checkGroupMembers(["x", "y"], [["x", "y"], ["y"]])).toThrow(
      'EVPPI group 2 (y): a group of one parameter: the EVPPI of "y" alone is already in the table, without a group (got "y"); expected two or more of x, y, separated by commas',
    );
  });
});

// Another group's model and published figures: tests/fixtures/savi-brennan1000/README.md.
describe("SAVI's Brennan sample (1,000 draws, 19 parameters, 2 strategies)", () => {
  const dir = new URL("../fixtures/savi-brennan1000/", import.meta.url);
  const text = (f: string) => gunzipSync(readFileSync(new URL(`${f}.csv.gz`, dir))).toString("utf8");
  const [params, costsCsv, effectsCsv] = ["parameters", "costs", "effects"].map(text);
  // SAVI pairs costs and effects by position; ours by name (its own files pair as strategies 1 and 2, tested below): the other tests name the strategies the same in both.
  const named = (csv: string, header: string) => csv.replace(new RegExp(`^${header}`), "SoC,New");
  const load = () =>
    readVoiSamples({
      inputs: ["parameters.csv", params],
      costs: ["costs.csv", named(costsCsv, "costs1,costs2")],
      effects: ["effects.csv", named(effectsCsv, "effects1,effects2")],
    });
  const groups = [
    ["theta5", "theta6"],
    ["theta14", "theta15"],
    ["theta6", "theta14", "theta15", "theta16"],
    ["theta5", "theta6", "theta14", "theta15", "theta16"],
  ];
  let report: VoiReport;
  beforeAll(() => {
    report = voiReport(load(), { wtp: 10_000, groups });
  }, 120_000);

  it("the files as SAVI ships them (costs1,costs2 / effects1,effects2) are read as strategies 1 and 2, with a note, and give the same EVPI", () => {
    const shipped = readVoiSamples({
      inputs: ["parameters.csv", params],
      costs: ["costs.csv", costsCsv],
      effects: ["effects.csv", effectsCsv],
    });
    expect(shipped.strategies).toEqual(["1", "2"]);
    expect(shipped.notes[0]).toContain('costs1 with effects1 (strategy "1"), costs2 with effects2 (strategy "2")');
    const evpi = voiReport(shipped, { wtp: 10_000, seSamples: 0 }).evpi;
    // The published per-person EVPI (see the next test): £1,165.634883.
    expect(Math.abs(evpi * 1e6 - 1_165_634_883)).toBeLessThanOrEqual(0.5);
  });

  it("EVPI at £10,000/QALY is SAVI's published £1,165,634,883 a year for 10⁶ patients (£13,987,618,592 over 12 undiscounted years)", () => {
    expect(report.draws).toBe(1000);
    // The publication prints whole pounds: agreement to within half a pound of the population figure.
    expect(Math.abs(report.evpi * 1e6 - 1_165_634_883)).toBeLessThanOrEqual(0.5);
    const horizon = populationScale({ annualPopulation: 1e6, horizonYears: 12, discountRate: 0 });
    expect(Math.abs(report.evpi * horizon - 13_987_618_592)).toBeLessThanOrEqual(0.5);
  });

  it("single-parameter EVPPI is within 3% of the EVPI of SAVI's published GAM estimates", () => {
    // SAVI report2.docx (commit e7c6dab, 16 October 2014), per person at λ = £10,000. Methods differ
    // (mgcv GAM vs our P-spline): measured differences are at most 27.8 (theta6), 2.4% of the EVPI,
    // each within one of our SEs.
    const savi = [
      8.3915, 12.0897, 0.7066, 1.1434, 84.2479, 717.2219, 21.9611, 0, 0, 18.7713, 0.1535, 0, 7.9685, 315.5199, 349.434,
      569.2703, 0, 0, 0,
    ];
    savi.forEach((published, j) => {
      const row = report.evppi[j];
      expect(row.parameters).toEqual([`theta${j + 1}`]);
      expect(Math.abs(row.evppi - published)).toBeLessThanOrEqual(0.03 * report.evpi);
    });
  });

  it("0 ≤ EVPPI ≤ EVPI for every row; each group is at least each of its members within the group's SE", () => {
    const byName = new Map(report.evppi.map((r) => [r.parameters.join(","), r]));
    for (const r of report.evppi) {
      expect(r.evppi).toBeGreaterThanOrEqual(0);
      expect(r.evppi).toBeLessThanOrEqual(report.evpi);
    }
    for (const g of groups) {
      const group = byName.get(g.join(","))!;
      expect(group.method).toBe(g.length > 4 ? "gp" : "tensor-pspline");
      for (const id of g) expect(group.evppi + group.se!).toBeGreaterThanOrEqual(byName.get(id)!.evppi);
    }
    // The four-parameter group is nested in the five: the larger group is at least it within SE.
    const four = byName.get(groups[2].join(","))!;
    const five = byName.get(groups[3].join(","))!;
    expect(five.evppi + five.se!).toBeGreaterThanOrEqual(four.evppi);
  });
});

describe("readVoiSamples(files) on hostile CSVs: every message names file, row, column and value", () => {
  // Three draws of two parameters and two strategies; each case changes one file.
  const inputs = "a,b\n1,2\n2,3\n3,5\n";
  const nb = "x,y\n1,2\n2,1\n3,3\n";
  const read = (inputsText: string, nbText = nb) =>
    readVoiSamples({ inputs: ["in.csv", inputsText], nb: ["nb.csv", nbText] });
  const message = (inputsText: string, nbText = nb) => {
    try {
      read(inputsText, nbText);
    } catch (e) {
      return (e as Error).message;
    }
    return "no error";
  };

  it("a row with more cells than the header is refused, not cut to the header's columns", () => {
    expect(message("a,b\n1,2\n2,3,9\n3,5\n")).toBe(
      'PSA samples: in.csv row 3: has 3 fields but the header has 2 columns (got "2,3,9"); expected 2 numbers, one per column (a, b)',
    );
  });

  it("a row with fewer cells than the header is refused with its cell count", () => {
    expect(message("a,b\n1,2\n2\n3,5\n")).toBe(
      'PSA samples: in.csv row 3: has 1 field but the header has 2 columns (got "2"); expected 2 numbers, one per column (a, b)',
    );
  });

  it("a blank line inside the data is named; blank lines at the end are an editor's newline and ignored", () => {
    expect(message("a,b\n1,2\n\n2,3\n3,5\n", "x,y\n1,2\n2,1\n3,3\n4,4\n")).toBe(
      'PSA samples: in.csv row 3: blank line (got ""); expected 2 numbers (one per column)',
    );
    expect(Array.from(read("a,b\r\n1,2\r\n2,3\r\n3,5\r\n\r\n\r\n").inputs.values[1])).toEqual([2, 3, 5]);
  });

  it("an empty file and a header-only file say so, without a second message about row counts", () => {
    expect(message("")).toBe(
      'PSA samples: in.csv: the file is empty (got ""); expected a header row and one row per draw',
    );
    expect(message("a,b\n")).toBe(
      'PSA samples: in.csv: no data rows, only a header (got "a,b"); expected one row per draw',
    );
  });

  it("a semicolon-separated file is named as such, and its unread column is not called constant", () => {
    const m = message("a;b\n1;2\n2;3\n3;5\n");
    expect(m).toBe(
      "PSA samples: in.csv row 1: the file is separated by semicolons (a European spreadsheet export) (got \"a;b\"); expected comma-separated columns with '.' decimals: save as 'CSV (comma delimited)' with a '.' decimal separator",
    );
    expect(m).not.toMatch(/constant/);
  });

  it("a column with an unreadable cell is not reported as constant from the cells it could not read", () => {
    // Before: the unread cells stayed 0 in the column, so "x,0 / abc" looked constant (got 0).
    expect(message("a,b\n0,2\nabc,3\n0,5\n")).toBe(
      'PSA samples: in.csv row 3 column a: not a number (got "abc"); expected a number',
    );
  });

  it("one draw is refused with the file named (not as a constant column)", () => {
    expect(message("a,b\n1,2\n", "x,y\n1,2\n")).toBe(
      "PSA samples: in.csv: only 1 draw: value of information compares draws (got 1); expected at least 2 draws (rows), in practice thousands",
    );
  });

  it("a constant column (an MCMC export's fixed reference level) is not regressed: a note names it and its value, and the report lists it with EVPPI 0", () => {
    // BCEA's Smoking and Vaccine input matrices hold such columns (d[1] = 0, rr[1,1] = 1): before,
    // the whole upload was refused until the user deleted each one.
    const s = read('"d[1]","a","rr[1,1]","b"\n0,1,1,2\n0,2,1,3\n0,3,1,5\n');
    expect(s.inputs.columns).toEqual(["a", "b"]);
    expect(s.inputs.values.map((c) => Array.from(c))).toEqual([
      [1, 2, 3],
      [2, 3, 5],
    ]);
    expect(s.notes).toEqual([
      "in.csv: 2 columns are the same in all 3 draws and not regressed: a parameter that does not vary has no value of information, so each is listed with EVPPI 0 (method constant): d[1] = 0, rr[1,1] = 1",
    ]);
    expect([...s.constant!]).toEqual([
      ["d[1]", 0],
      ["rr[1,1]", 1],
    ]);
    // The report names every column: the two regressed, then the two constant ones at EVPPI 0 with
    // SE 0 (a parameter that does not vary has no value of information: 0 by definition, not estimated).
    const r = voiReport(s, { seSamples: 2 });
    expect(r.evppi.map((e) => [e.parameters.join("+"), e.method])).toEqual([
      ["a", "pspline"],
      ["b", "pspline"],
      ["d[1]", "constant"],
      ["rr[1,1]", "constant"],
    ]);
    expect(r.evppi.slice(2).map((e) => [e.evppi, e.se])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it("constant columns are listed after the single parameters and before the groups (docs/uncertainty.md)", () => {
    // Review s25-review2: the order was untested with a group. Expected order from the doc's sentence:
    // "after the other parameters and before the groups".
    const s = read('"d[1]","a","rr[1,1]","b"\n0,1,1,2\n0,2,1,3\n0,3,1,5\n');
    const r = voiReport(s, { groups: [["a", "b"]], seSamples: 0 });
    expect(r.evppi.map((e) => [e.parameters.join("+"), e.method === "constant"])).toEqual([
      ["a", false],
      ["b", false],
      ["d[1]", true],
      ["rr[1,1]", true],
      ["a+b", false],
    ]);
    // seSamples 0: no SE is estimated, and none is given to the constant rows either.
    expect(r.evppi.filter((e) => e.method === "constant").map((e) => [e.evppi, e.se])).toEqual([
      [0, undefined],
      [0, undefined],
    ]);
  });

  it("a group naming a constant column is refused as constant (with its value), not as an unknown name", () => {
    const s = read("d[1],a,b\n0,1,2\n0,2,3\n0,3,5\n");
    expect(() => voiReport(s, { groups: [["a", "d[1]"]], seSamples: 0, groupsLabel: "--parameters group" })).toThrow(
      '--parameters group 1 (a,d[1]): "d[1]" is 0 in every draw of in.csv: a constant parameter has no value of information (its EVPPI is 0) (got "d[1]"); expected parameters that vary across draws: drop it from the group',
    );
  });

  it("rows refused for their field count leave no column judged constant from the cells never read", () => {
    // An unquoted "rr[1,1]" splits the header into five names: the rows are refused, and nothing more.
    expect(message("d[1],a,rr[1,1],b\n0,1,1,2\n0,2,1,3\n0,3,1,5\n")).not.toMatch(/constant/);
  });

  it("inputs whose every column is constant are refused, naming each with its value", () => {
    expect(message("a,b\n1,7\n1,7\n1,7\n")).toBe(
      "PSA samples: in.csv: every parameter column is constant (a = 1, b = 7): nothing varies, so nothing has a value of information; expected at least one column that varies across draws",
    );
  });

  it("a byte-order mark and CRLF line ends read the same numbers as plain LF", () => {
    const s = read("\uFEFF" + inputs.replace(/\n/g, "\r\n"), "\uFEFF" + nb.replace(/\n/g, "\r\n"));
    expect(s.inputs.columns).toEqual(["a", "b"]);
    expect(s.strategies).toEqual(["x", "y"]);
    expect(s.inputs.values.map((c) => Array.from(c))).toEqual([
      [1, 2, 3],
      [2, 3, 5],
    ]);
  });
});
