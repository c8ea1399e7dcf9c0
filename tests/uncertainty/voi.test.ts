// voiReport: the one VOI computation behind `cartecon voi` and the Uncertainty page's upload worker.
import { describe, expect, it } from "vitest";
import { drawParameters, fromMeanSe, toCsv } from "../../src/model/index.js";
import { evppiRegression, type EvppiResult } from "../../src/uncertainty/evppi.js";
import { readVoiSamples } from "../../src/uncertainty/samples.js";
import { voiReport } from "../../src/uncertainty/voi.js";

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

  it("costs and effects without a willingness to pay are refused, naming --wtp", () => {
    expect(() => voiReport(samples(), {})).toThrow(/--wtp: costs and effects need a willingness to pay/);
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
      'PSA samples: in.csv row 3: 3 cells but the header has 2 columns (got "2,3,9"); expected 2 cells',
    );
  });

  it("a row with fewer cells than the header is refused with its cell count", () => {
    expect(message("a,b\n1,2\n2\n3,5\n")).toBe(
      'PSA samples: in.csv row 3: 1 cell but the header has 2 columns (got "2"); expected 2 cells',
    );
  });

  it("a blank line inside the data is named; blank lines at the end are an editor's newline and ignored", () => {
    expect(message("a,b\n1,2\n\n2,3\n3,5\n", "x,y\n1,2\n2,1\n3,3\n4,4\n")).toBe(
      'PSA samples: in.csv row 3: blank line (got ""); expected one row per draw, no blank lines',
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
    expect(m).toMatch(/in\.csv row 1: one column only: the file seems to be separated by ";" \(got "a;b"\)/);
    expect(m).toMatch(/in\.csv row 2 column a;b: not a number \(got "1;2"\)/);
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
      "PSA samples: in.csv: only one draw (row): value of information needs the spread of many draws (got 1); expected 2 or more rows",
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
