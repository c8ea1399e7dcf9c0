/**
 * PSA samples as other tools (and `cartecon psa --out`) write them, found by a hostile-input review
 * of `cartecon voi` (session 35). Each case failed before:
 * - a draw-number column under a name (R's read.csv "X", pandas' "Unnamed: 0", a PSA's "draw") was
 *   regressed as a parameter, with an EVPPI of its own;
 * - `cartecon psa --out`'s draws file, which the docs give as `--inputs`, had its cost_<strategy> and
 *   effect_<strategy> columns regressed as parameters (ranked 2nd and 3rd on the CAR T model); only the
 *   whole set (a cost and an effect for every strategy) is read as outcomes;
 * - two identical strategies: the first got P(best) 1, the second 0, and swapping the columns
 *   swapped them;
 * - at WTP 0 the CEAC repeated the one point 31 times;
 * - net benefits near 1e300 (finite, accepted) gave an SE of Infinity and EVPPI estimates unrelated
 *   to those of the same samples in smaller units;
 * - the same group in another order was computed and listed twice;
 * - a trailing comma on every data row (not the header) gave one problem per row (100 lines and
 *   "and 900 more"); a file of decimal commas in quoted cells one per cell ("2000 problems"); a blank
 *   line inside the data was reported with the row count it added to ("has 1001 draws").
 */
import { describe, expect, it } from "vitest";
import { evppiRegression, readVoiSamples, voiReport } from "../../src/uncertainty/index.js";
import { thrownMessage } from "../helpers/errors.js";

/** n draws of a seeded linear congruential sequence in (0, 1): test data only, no generator of the project. */
function lcg(n: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return (x + 0.5) / 2147483648;
  });
}

const csv = (header: string[], columns: number[][]) =>
  [header.join(","), ...columns[0].map((_, k) => columns.map((c) => String(c[k])).join(","))].join("\n") + "\n";

describe("readVoiSamples: columns that are not parameters", () => {
  const n = 40;
  const a = lcg(n, 1);
  const b = lcg(n, 2);
  // NB_A = 0, NB_B = 10a − 5: only a decides.
  const nbA = a.map(() => 0);
  const nbB = a.map((x) => 10 * x - 5);
  const nb = csv(["A", "B"], [nbA, nbB]);

  for (const [name, from] of [
    ["X", 1],
    ["Unnamed: 0", 0],
    ["draw", 1],
    ["iteration", 1],
  ] as const) {
    it(`a first column "${name}" holding ${from}..${n - 1 + from} is read as the draw numbers, with a note`, () => {
      const seq = Array.from({ length: n }, (_, k) => k + from);
      const s = readVoiSamples({ inputs: ["in.csv", csv([name, "a", "b"], [seq, a, b])], nb: ["nb.csv", nb] });
      expect(s.inputs.columns).toEqual(["a", "b"]);
      expect(s.notes.join("\n")).toContain(`in.csv: the first column ("${name}") holds ${from} to ${n - 1 + from}`);
    });
  }

  it("a draw column of different whole numbers in another order is the draw ids; a sequence under a parameter's name stays a parameter", () => {
    // Session 39: a shuffled "draw" column was kept as a parameter (and regressed); a column named as
    // draws holding a different whole number in every row is read as the draw ids, with a note.
    const shuffled = Array.from({ length: n }, (_, k) => ((k * 7) % n) + 1);
    const s1 = readVoiSamples({ inputs: ["in.csv", csv(["draw", "a"], [shuffled, a])], nb: ["nb.csv", nb] });
    expect(s1.inputs.columns).toEqual(["a"]);
    expect(s1.notes.join("\n")).toContain('in.csv: column "draw" holds a different whole number in every row');
    // A draw-named column with fractional values is a parameter; one whose values repeat is a long
    // table's draw column without a strategy column, refused with the choice (long-samples.ts).
    const s3 = readVoiSamples({ inputs: ["in.csv", csv(["a", "run"], [a, b])], nb: ["nb.csv", nb] });
    expect(s3.inputs.columns).toEqual(["a", "run"]);
    const repeated = shuffled.map((x, k) => (k === 1 ? shuffled[0] : x));
    expect(() => readVoiSamples({ inputs: ["in.csv", csv(["a", "run"], [a, repeated])], nb: ["nb.csv", nb] })).toThrow(
      'no column is named as the strategy (got "a,run"); expected a strategy column named strategy, arm, treatment, intervention, alternative, option or comparator (with _id or _name); or, if "run" is a parameter, another name for it',
    );
    const seq = Array.from({ length: n }, (_, k) => k + 1);
    const s2 = readVoiSamples({ inputs: ["in.csv", csv(["dose", "a"], [seq, a])], nb: ["nb.csv", nb] });
    expect(s2.inputs.columns).toEqual(["dose", "a"]);
  });

  it("cost_<strategy> and effect_<strategy> columns of every strategy (cartecon psa --out) are outcomes, not regressed, with a note", () => {
    const costs = [a.map((x) => 100 * x), b.map((x) => 50 + 100 * x)];
    const effects = [b.map((x) => 1 + x), a.map((x) => 2 + x)];
    const inputs = csv(
      ["draw", "a", "b", "cost_soc", "effect_soc", "cost_new", "effect_new"],
      [Array.from({ length: n }, (_, k) => k + 1), a, b, costs[0], effects[0], costs[1], effects[1]],
    );
    const s = readVoiSamples({
      inputs: ["draws.csv", inputs],
      costs: ["c.csv", csv(["soc", "new"], costs)],
      effects: ["e.csv", csv(["soc", "new"], effects)],
    });
    expect(s.inputs.columns).toEqual(["a", "b"]);
    const note = s.notes.find((t) => t.includes("outcomes of a PSA draws file"));
    expect(note).toContain("draws.csv: 4 columns are the outcomes of a PSA draws file");
    expect(note).toContain("cost_soc (strategy soc's cost)");
    // The report has rows for a and b only.
    const r = voiReport(s, { wtp: 100, seSamples: 0 });
    expect(r.evppi.map((x) => x.parameters.join("+"))).toEqual(["a", "b"]);
  });

  it("a parameter named like one strategy's cost, or equal to an outcome column, stays a parameter", () => {
    // A unit cost cost_new beside a strategy new (no effect_ columns): a parameter. A decision tree's
    // strategy cost that is one parameter (copy = NB_B in every draw): a parameter, its EVPPI wanted.
    const s = readVoiSamples({
      inputs: ["in.csv", csv(["a", "cost_B", "copy"], [a, b, nbB])],
      nb: ["nb.csv", nb],
    });
    expect(s.inputs.columns).toEqual(["a", "cost_B", "copy"]);
    expect(s.notes.join("\n")).not.toContain("outcomes of a PSA draws file");
  });
});

describe("readVoiSamples: the inputs file given again as an outcome file", () => {
  it("is refused as the same text, naming both files", () => {
    const text = "a,b\n1,2\n2,1\n3,3\n";
    expect(() => readVoiSamples({ inputs: ["p.csv", text], nb: ["p2.csv", text] })).toThrow(
      "p2.csv: the net-benefit table is the inputs table (p.csv) again, the same text: each parameter would be read as a strategy",
    );
  });
});

describe("voiReport: ties, WTP 0, scale and repeated groups", () => {
  it("two identical strategies share every draw: P(best) ½ each, in either column order", () => {
    // NB of A and B: 3, 1, 2 in both; C: 0, 5, 0. Draw 2: C best (1); draws 1 and 3: A and B tie (½ each).
    // P(best): A = (½ + ½)/3 = 1/3, B = 1/3, C = 1/3.
    for (const header of ["A,B,C", "B,A,C"]) {
      const r = voiReport(readVoiSamples({ nb: ["nb.csv", `${header}\n3,3,0\n1,1,5\n2,2,0\n`] }), { seSamples: 0 });
      expect(r.probabilityBest).toEqual([1 / 3, 1 / 3, 1 / 3]);
      expect(r.probabilityBest.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 15);
    }
  });

  it("the CEAC at WTP 0 is one point per strategy, not 31 copies", () => {
    const r = voiReport(
      readVoiSamples({ costs: ["c.csv", "A,B\n1,2\n3,1\n"], effects: ["e.csv", "A,B\n0,1\n1,0\n"] }),
      {
        wtp: 0,
        seSamples: 0,
      },
    );
    // At WTP 0 NB = −cost: A −1, −3; B −2, −1 → A best in draw 1, B in draw 2.
    expect(r.ceac!.map((p) => [p.wtp, p.strategy, p.probability])).toEqual([
      [0, "A", 0.5],
      [0, "B", 0.5],
    ]);
  });

  it("net benefits near 1e300 give the EVPPI and SE of the same samples in small units, times the unit", () => {
    const n = 2000;
    const a = lcg(n, 3);
    const noise = lcg(n, 4);
    const small = [new Float64Array(n), Float64Array.from(a, (x, k) => 10 * x - 5 + 4 * (noise[k] - 0.5))];
    const factor = 2 ** 990; // about 1e298: the values reach about 7e298
    const large = small.map((c) => Float64Array.from(c, (x) => x * factor));
    const s = evppiRegression(["a"], [Float64Array.from(a)], small, { seSamples: 30 });
    const l = evppiRegression(["a"], [Float64Array.from(a)], large, { seSamples: 30 });
    expect(s.evppi).toBeGreaterThan(0);
    // A power of two scales every operation exactly: the same estimates to the last bit.
    expect(l.evppi / factor).toBe(s.evppi);
    expect(l.se! / factor).toBe(s.se!);
    expect(Number.isFinite(l.se!)).toBe(true);
  });

  it("the same group in another order is refused, naming the earlier group", () => {
    const n = 30;
    const inputs = csv(["a", "b"], [lcg(n, 5), lcg(n, 6)]);
    const nb = csv(["A", "B"], [lcg(n, 7), lcg(n, 8)]);
    const s = readVoiSamples({ inputs: ["in.csv", inputs], nb: ["nb.csv", nb] });
    expect(() =>
      voiReport(s, {
        groups: [
          ["a", "b"],
          ["b", "a"],
        ],
        seSamples: 0,
      }),
    ).toThrow("EVPPI group 2 (b,a): the same parameters as EVPPI group 1 (a,b) in another order");
  });
});

describe("readVoiSamples: one mistake, one message", () => {
  const n = 1000;
  const message = thrownMessage;
  const rows = (cell: (k: number) => string) => Array.from({ length: n }, (_, k) => cell(k));
  const nb = ["A,B", ...rows((k) => `${k % 7},${k % 5}`)].join("\n") + "\n";

  it("a trailing comma on every data row but not the header is one problem", () => {
    const inputs = ["a,b", ...rows((k) => `${k / n},${(k * 3) % 11},`)].join("\n") + "\n";
    const m = message(() => readVoiSamples({ inputs: ["in.csv", inputs], nb: ["nb.csv", nb] }));
    expect(m).toBe(
      'PSA samples: in.csv rows 2 to 1001: every data row ends with a comma (an empty field after the last of the header\'s 2 columns), the header does not (got "0,0,"); expected no trailing comma on the data rows (delete the empty last column in the spreadsheet), or the same on the header',
    );
  });

  it("a column of quoted decimal commas gives its first three cells and a count of the rest", () => {
    const inputs = ["a,b", ...rows((k) => `"0,${k + 1}",${k}`)].join("\n") + "\n";
    const m = message(() => readVoiSamples({ inputs: ["in.csv", inputs], nb: ["nb.csv", nb] }));
    expect(m).toContain("PSA samples: 4 problems");
    expect(m).toContain("in.csv row 2 column a:");
    expect(m).toContain("in.csv row 4 column a:");
    expect(m).not.toContain("in.csv row 5 column a:");
    expect(m).toContain("in.csv column a: 997 more cells that are not a number, in rows 5 to 1001");
  });

  it("a blank line inside the data is reported alone, not also as a row count", () => {
    const lines = ["a,b", ...rows((k) => `${k / n},${(k * 3) % 11}`)];
    lines.splice(500, 0, "");
    const m = message(() => readVoiSamples({ inputs: ["in.csv", lines.join("\n") + "\n"], nb: ["nb.csv", nb] }));
    expect(m).toContain("in.csv row 501: blank line");
    expect(m).not.toContain("draws (rows)");
  });
});
