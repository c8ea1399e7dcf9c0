/**
 * PSA samples in long (tidy) form, one row per draw and strategy (src/uncertainty/long-samples.ts),
 * as hesim's `ce` tables (sample, strategy_id, grp_id, dr, costs) and heemod's `run_psa()$psa`
 * (.index, .strategy_names, the parameters, .cost, .effect) are written. Before, such a file was read
 * as one row per draw: "strategies" named sample, strategy_id and costs, 600 "draws" of 200, and an
 * EVPI of nonsense, exit 0. The long files here are BCEA's Smoking samples (tests/fixtures/
 * bcea-smoking500, written by R's write.csv) turned long by the test's own code below, so the expected
 * values are the wide files' and BCEA's published EVPI.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readVoiSamples } from "../../src/uncertainty/samples.js";
import { voiReport } from "../../src/uncertainty/voi.js";

const text = (f: string) =>
  gunzipSync(readFileSync(new URL(`../fixtures/bcea-smoking500/${f}.csv.gz`, import.meta.url))).toString("utf8");
const wide = { parameters: text("parameters"), costs: text("costs"), effects: text("effects") };

/** The cells of one CSV line: quoted cells (a `""` is a quote) or plain ones; the test's own reader. */
function cells(line: string): string[] {
  const out: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const c = m[1];
    out.push(c.startsWith('"') ? c.slice(1, -1).replace(/""/g, '"') : c);
    if (m[2] === "") break;
  }
  return out;
}
/** A write.csv table: its names (without the row-name column) and rows of cells (without the row name). */
function table(csv: string): { names: string[]; rows: string[][] } {
  const lines = csv.trim().split(/\r?\n/).map(cells);
  return { names: lines[0].slice(1), rows: lines.slice(1).map((r) => r.slice(1)) };
}
const quote = (c: string) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
const line = (cs: string[]) => cs.map(quote).join(",");

/** hesim's layout, sorted by strategy then draw: sample, strategy_id, grp_id, dr, <value>. */
function hesimLong(csv: string, value: string): string {
  const t = table(csv);
  const out = [line(["sample", "strategy_id", "grp_id", "dr", value])];
  t.names.forEach((s, k) => t.rows.forEach((r, i) => out.push(line([String(i + 1), s, "1", "0.03", r[k]]))));
  return out.join("\n") + "\n";
}

const load = (costs: string, effects: string, inputs?: string) =>
  readVoiSamples({
    ...(inputs === undefined ? {} : { inputs: ["psa.csv", inputs] as [string, string] }),
    costs: ["costs.csv", costs],
    effects: ["effects.csv", effects],
  });

const nbB6 = ["0,1", "0,-1", "0,2", "0,-2", "0,3", "0,-3"];

describe("readVoiSamples: long tables (one row per draw and strategy)", () => {
  const costs = hesimLong(wide.costs, "costs");
  const effects = hesimLong(wide.effects, "qalys");
  const byWide = load(wide.costs, wide.effects, wide.parameters);

  it("reshapes hesim-style costs and effects to the wide files' numbers, and gives BCEA's published EVPI", () => {
    const s = load(costs, effects);
    expect(s.strategies).toEqual(["No treatment", "Self-help", "Individual counselling", "Group counselling"]);
    expect(s.outcomes!.costs).toEqual(byWide.outcomes!.costs);
    expect(s.outcomes!.effects).toEqual(byWide.outcomes!.effects);
    // BCEA tests/testthat/testdata/EVPI_smoke.RData, evi at 150, 250 and 500 per life-year (as in voi-published.test.ts).
    const published = [20.8675424822, 45.7740775957, 54.495250865];
    [150, 250, 500].forEach((wtp, i) => expect(voiReport(s, { wtp }).evpi).toBeCloseTo(published[i], 9));
    const note = s.notes.find((n) => n.startsWith("costs.csv: a long table"))!;
    expect(note).toContain('draws in column "sample", strategies in "strategy_id": 500 draws, 4 strategies');
    expect(note).toContain('the costs from column "costs", draws 1 to 500 in the order of their numbers');
    expect(note).toContain("left out, the same in every row: grp_id = 1, dr = 0.03");
  });

  it("reads heemod-style inputs (parameters repeated per strategy, outcomes beside them) as one row per draw", () => {
    const p = table(wide.parameters);
    const c = table(wide.costs);
    const e = table(wide.effects);
    // .index, .strategy_names, every parameter, .cost and .effect: rows by draw, then strategy.
    const out = [line([".index", ".strategy_names", ...p.names, ".cost", ".effect"])];
    p.rows.forEach((r, i) =>
      c.names.forEach((s, k) => out.push(line([String(i + 1), s, ...r, c.rows[i][k], e.rows[i][k]]))),
    );
    // As R's write.csv writes the data frame: row names 1..2000 under a blank header first.
    const written = out.map((l, i) => `"${i === 0 ? "" : i}",${l}`).join("\n") + "\n";
    const s = load(wide.costs, wide.effects, written);
    expect(s.inputs.columns).toEqual(byWide.inputs.columns);
    expect(s.inputs.values).toEqual(byWide.inputs.values);
    expect(s.constant).toEqual(byWide.constant);
    expect(s.notes.join("\n")).toContain(
      "left out, different between a draw's strategies (by more than 1e-9 of their size) and so model outcomes, not parameters: .cost, .effect",
    );
    // The row names number the file's rows (draws × strategies), not its draws: said so, not "draw numbers".
    const rows = out.length - 1;
    expect(s.notes).toContain(
      `psa.csv: the first column has no name and holds 1 to ${rows}, as R's write.csv writes row names: read as row numbers and left out`,
    );
    expect(s.notes.filter((n) => n.startsWith("psa.csv") && n.includes("read as the draw numbers"))).toEqual([]);
  });

  it("reads heemod's whole PSA table as inputs, costs and effects at once: .cost and .effect by their names", () => {
    const p = table(wide.parameters);
    const c = table(wide.costs);
    const e = table(wide.effects);
    // heemod's run_psa()$psa: the parameters, the state values (here `cost`, equal to .cost, and `ly`),
    // .cost, .effect, .n_indiv (one value throughout), .strategy_names and .index; rows by strategy.
    const out = [line([...p.names, "cost", "ly", ".cost", ".effect", ".n_indiv", ".strategy_names", ".index"])];
    c.names.forEach((st, k) =>
      p.rows.forEach((r, i) =>
        out.push(line([...r, c.rows[i][k], e.rows[i][k], c.rows[i][k], e.rows[i][k], "1", st, String(i + 1)])),
      ),
    );
    const psa = out.join("\n") + "\n";
    const s = readVoiSamples({ inputs: ["psa.csv", psa], costs: ["psa.csv", psa], effects: ["psa.csv", psa] });
    expect(s.strategies).toEqual(byWide.strategies);
    expect(s.outcomes!.costs).toEqual(byWide.outcomes!.costs);
    expect(s.outcomes!.effects).toEqual(byWide.outcomes!.effects);
    expect(s.inputs.columns).toEqual(byWide.inputs.columns);
    expect(s.inputs.values).toEqual(byWide.inputs.values);
    const notes = s.notes.join("\n");
    expect(notes).toContain('the costs from column ".cost" (named so, of');
    expect(notes).toContain('the effects from column ".effect" (named so, of');
    expect(notes).toContain("model outcomes, not parameters: cost, ly, .cost, .effect");
    // BCEA's published EVPI at 500 per life-year (as above).
    expect(voiReport(s, { wtp: 500 }).evpi).toBeCloseTo(54.495250865, 9);
  });

  it("keeps a wide file wide when its draw column never repeats, though a parameter is named treatment", () => {
    const inputs = "draw,treatment,p\n1,0.2,0.5\n2,0.3,0.6\n3,0.1,0.4\n4,0.5,0.2\n";
    const s = readVoiSamples({ inputs: ["in.csv", inputs], nb: ["nb.csv", "A,B\n0,1\n0,-1\n0,2\n0,0.5\n"] });
    expect(s.inputs.columns).toEqual(["treatment", "p"]);
    expect(s.notes.join("\n")).not.toContain("long table");
  });

  it("takes draws in the order of their numbers (10 after 2), else as they first appear", () => {
    // Net benefits: A = 0 always; B = the draw's number as written (so the order read is visible).
    const rows = (ids: string[]) => ids.flatMap((d, i) => [`${d},A,0`, `${d},B,${i + 1}`]);
    const numbered = readVoiSamples({ nb: ["nb.csv", ["draw,strategy,nb", ...rows(["10", "2", "1.0"])].join("\n")] });
    // Draw "10" was written first (B = 1), "2" second (B = 2), "1.0" third (B = 3): in number order 3, 2, 1.
    expect([...numbered.nb(0)[1]]).toEqual([3, 2, 1]);
    expect(numbered.notes[0]).toContain("draws 1.0 to 10 in the order of their numbers");
    const named = readVoiSamples({ nb: ["nb.csv", ["draw,strategy,nb", ...rows(["d10", "d2", "d1"])].join("\n")] });
    expect([...named.nb(0)[1]]).toEqual([1, 2, 3]);
    expect(named.notes[0]).toContain("draws d10 to d1 in the order they first appear");
  });

  it("hostile review s39: noise, NA, duplicate names, outcome columns and other orders", () => {
    // 6 draws of a small two-strategy table, written by hand: parameter p, outcome nb.
    const ps = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
    const nbB = [1, -1, 2, -2, 3, -3];
    const heemod = (pB: (x: number, i: number) => string, extra = "") =>
      [
        `.index,.strategy_names,p,.nb${extra ? "," + extra.split("|")[0] : ""}`,
        ...ps.flatMap((x, i) => [
          `${i + 1},A,${x},0${extra ? "," + extra.split("|")[1] : ""}`,
          `${i + 1},B,${pB(x, i)},${nbB[i]}${extra ? "," + extra.split("|")[1] : ""}`,
        ]),
      ].join("\n") + "\n";
    const nbFile = ["draw,strategy,nb", ...ps.flatMap((_, i) => [`${i + 1},A,0`, `${i + 1},B,${nbB[i]}`])].join("\n");
    // Rounding noise of 1e-16 between a draw's strategies: still the parameter p (it was left out).
    const noisy = readVoiSamples({ inputs: ["psa.csv", heemod((x) => String(x + 1e-16 * x))], nb: ["nb.csv", nbFile] });
    expect(noisy.inputs.columns).toEqual(["p"]);
    expect([...noisy.inputs.values[0]]).toEqual(ps);
    // An NA is reported at its row, not taken for a difference.
    expect(
      refused(() =>
        readVoiSamples({ inputs: ["psa.csv", heemod((x, i) => (i === 2 ? "NA" : String(x)))], nb: ["nb.csv", nbFile] }),
      ),
    ).toContain("psa.csv row 7 column p");
    // Every column differing between strategies: no parameter left, refused (an empty EVPPI before).
    expect(
      refused(() => readVoiSamples({ inputs: ["psa.csv", heemod((x) => String(x + 1))], nb: ["nb.csv", nbFile] })),
    ).toContain("no parameter is left for the EVPPI");
    // Duplicate names, refused as in a wide file.
    const dup = heemod((x) => String(x)).replace(".nb", "p");
    expect(refused(() => readVoiSamples({ inputs: ["psa.csv", dup], nb: ["nb.csv", nbFile] }))).toContain(
      "duplicate column name",
    );
    // The same file as inputs and net benefits: .nb is the outcome read, never a parameter, even where
    // it is the same for both strategies (draw-level constant columns stay otherwise).
    const same = heemod((x) => String(x));
    const one = readVoiSamples({ inputs: ["psa.csv", same], nb: ["psa.csv", same] });
    expect(one.inputs.columns).toEqual(["p"]);
    expect(one.strategies).toEqual(["A", "B"]);
    // Costs and effects from the same file as the inputs, the effect the same for both strategies of
    // every draw: .effect is the outcome read, never regressed (it was, with an EVPPI of 0).
    const ce = [
      ".index,.strategy_names,p,.cost,.effect",
      ...ps.flatMap((x, i) => [`${i + 1},A,${x},${100 * x},${1 + x}`, `${i + 1},B,${x},${50 + i},${1 + x}`]),
    ].join("\n");
    const both = readVoiSamples({ inputs: ["psa.csv", ce], costs: ["psa.csv", ce], effects: ["psa.csv", ce] });
    expect(both.inputs.columns).toEqual(["p"]);
    expect(both.notes.join("\n")).toContain(
      "psa.csv: 1 column is an outcome of a PSA draws file (as cartecon psa --out or heemod write them), not a parameter, and is not regressed (the EVPPI is of the inputs that made the outcomes): .effect (the effects read from this file)",
    );
    // A long net-benefit table whose strategy column has another name: refused (read wide before).
    const scen = nbFile.replace("draw,strategy,nb", "sim,scenario,nmb");
    expect(refused(() => readVoiSamples({ nb: ["nb.csv", scen] }))).toContain(
      'column "sim" holds draw ids that repeat (draw 1 in rows 2 and 3): a long table, one row per draw and strategy, but no column is named as the strategy',
    );
  });

  it("matches draws by id: a wide inputs file with hesim's sample column in reverse, and long files in other orders", () => {
    const inOrder = load(costs, effects, wide.parameters);
    const p = table(wide.parameters);
    // The parameters written wide with a sample column, last draw first.
    const reversed =
      [line(["sample", ...p.names]), ...p.rows.map((r, i) => line([String(i + 1), ...r])).reverse()].join("\n") + "\n";
    const s = load(costs, effects, reversed);
    expect(s.inputs.columns).toEqual(inOrder.inputs.columns);
    // The inputs are the reference: the long outcomes are put in their (reversed) order.
    expect([...s.outcomes!.costs[3]]).toEqual([...inOrder.outcomes!.costs[3]].reverse());
    expect(voiReport(s, { wtp: 500 }).evpi).toBeCloseTo(54.495250865, 9);
    expect(s.notes.join("\n")).toContain(
      'column "sample" holds a different whole number in every row: read as the draw ids',
    );
    // Draw ids that are not numbers, the effects file in another order: matched, with a note.
    const named = (csv: string) => csv.replace(/^(\d+),/gm, "d$1,");
    const shuffled = named(effects).trim().split("\n");
    const back = [shuffled[0], ...shuffled.slice(1).reverse()].join("\n") + "\n";
    const m = load(named(costs), back);
    expect(m.outcomes!.effects).toEqual(inOrder.outcomes!.effects);
    expect(m.notes.join("\n")).toContain(
      "effects.csv: the same draws as costs.csv in another order: matched by draw id",
    );
  });

  it("keeps an MCMC export wide (.chain, .iteration, .draw) though .iteration repeats and a parameter is named treatment", () => {
    const rows = Array.from(
      { length: 6 },
      (_, k) => `${k < 3 ? 1 : 2},${(k % 3) + 1},${k + 1},${0.1 * (k + 1)},${k % 2 ? 2 : 1.5}`,
    );
    const s = readVoiSamples({
      inputs: ["mcmc.csv", [".chain,.iteration,.draw,treatment,sigma", ...rows].join("\n")],
      nb: ["nb.csv", ["A,B", ...nbB6].join("\n")],
    });
    // posterior's draws_df: .draw the draw ids, .chain and .iteration its bookkeeping, not parameters.
    expect(s.inputs.columns).toEqual(["treatment", "sigma"]);
    expect(s.notes.join("\n")).toContain(
      '.draw" holds a different whole number in every row: read as the draw ids, not as a parameter or strategy; .chain and .iteration, the MCMC chain and iteration numbers beside it, left out too',
    );
    expect(s.notes.join("\n")).not.toContain("long table");
  });

  it("docs review s39: outcome files matched with each other, one MCMC chain, a wide draw column's file as an outcome", () => {
    // Long costs and effects (ids d1..d500, the effects in reverse) beside wide inputs without ids:
    // the effects are matched with the costs by id (they were matched with nothing but the row count).
    const inOrder = load(costs, effects, wide.parameters);
    const named = (csv: string) => csv.replace(/^(\d+),/gm, "d$1,");
    const lines = named(effects).trim().split("\n");
    const back = [lines[0], ...lines.slice(1).reverse()].join("\n") + "\n";
    const s = load(named(costs), back, wide.parameters);
    expect(s.outcomes!.effects).toEqual(inOrder.outcomes!.effects);
    // One chain: .iteration holds different numbers too; .draw is the ids, both others left out.
    const rows = Array.from({ length: 6 }, (_, k) => `1,${k + 1},${k + 1},${0.1 * (k + 1)}`);
    const one = readVoiSamples({
      inputs: ["mcmc.csv", [".chain,.iteration,.draw,sigma", ...rows].join("\n")],
      nb: ["nb.csv", ["A,B", ...nbB6].join("\n")],
    });
    expect(one.inputs.columns).toEqual(["sigma"]);
    // A wide inputs file with a draw column given again as the net benefits: refused as the same text
    // (the check was skipped for any file with draw ids, and the parameters became strategies).
    const widePs = ["sample,p,q", ...nbB6.map((_, i) => `${i + 1},${0.1 * i},${0.2 * i}`)].join("\n");
    expect(refused(() => readVoiSamples({ inputs: ["in.csv", widePs], nb: ["in.csv", widePs] }))).toContain(
      "the net-benefit table is the inputs table",
    );
    // A long inputs file of nothing but draws and strategies: no parameter, refused.
    const bare = ["draw,strategy", "1,A", "1,B", "2,A", "2,B"].join("\n");
    expect(refused(() => readVoiSamples({ inputs: ["in.csv", bare], nb: ["nb.csv", "A,B\n0,1\n0,2\n"] }))).toContain(
      "no column besides the draw and the strategy: no parameter for the EVPPI",
    );
  });

  it("names numeric strategies without the note for a header of numbers, and refuses costs given as the effects", () => {
    const nb = ["draw,strategy,nb", ...[1, 2, 3].flatMap((d) => [`${d},0.5,0`, `${d},1.5,${d}`])].join("\n");
    const s = readVoiSamples({ nb: ["nb.csv", nb] });
    expect(s.strategies).toEqual(["0.5", "1.5"]);
    expect(s.notes.join("\n")).not.toContain("every column name is a number");
    // The costs file given again as the effects (the same text, or a copy at another discount rate).
    const why =
      "effects.csv row 1 column costs: the value column is named as the costs, but the file is given as the effects";
    expect(refused(() => load(costs, costs))).toContain(why);
    expect(refused(() => load(costs, costs.replace(/,0\.03,/g, ",0.035,")))).toContain(why);
  });

  const refused = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return String((e as Error).message);
    }
    throw new Error("not refused");
  };

  it("refuses a draw and strategy given twice, naming the rows and the column that differs", () => {
    // hesim's table for two discount rates: draw 1, No treatment at dr 0.03 (row 2) and at dr 0 (the last row).
    const two = costs + line(["1", "No treatment", "1", "0", "0"]) + "\n";
    const why = refused(() => load(two, effects));
    expect(why).toContain("costs.csv rows 2 and 2002: draw 1, strategy No treatment twice (differing in dr)");
    expect(why).toContain("keep one value of dr (e.g. one discount rate, group or category)");
  });

  it("refuses a blank strategy or draw, and a blank line, at its row", () => {
    const lines = costs.trim().split("\n");
    // Row 3 of the file: draw 2, No treatment.
    const noName = [...lines.slice(0, 2), lines[2].replace("No treatment", ""), ...lines.slice(3)].join("\n") + "\n";
    expect(refused(() => load(noName, effects))).toContain("costs.csv row 3 column strategy_id: blank strategy");
    const noDraw = [...lines.slice(0, 2), lines[2].replace(/^2,/, ","), ...lines.slice(3)].join("\n") + "\n";
    expect(refused(() => load(noDraw, effects))).toContain("costs.csv row 3 column sample: blank draw");
    const gap = [...lines.slice(0, 2), "", ...lines.slice(2)].join("\n") + "\n";
    expect(refused(() => load(gap, effects))).toContain("costs.csv row 3: blank line");
  });

  it("refuses a draw without a row for every strategy, two value columns, and files of different draws", () => {
    const lines = costs.trim().split("\n");
    // Row 3 of the file is draw 2, No treatment.
    const missing = [...lines.slice(0, 2), ...lines.slice(3)].join("\n") + "\n";
    expect(refused(() => load(missing, effects))).toContain("costs.csv: draw 2 has no row for strategy No treatment");
    // Two varying columns, neither named as costs: which is the value is not said.
    const both =
      lines.map((l, i) => `${i === 0 ? l.replace(",costs", ",a") : l},${i === 0 ? "b" : String(i)}`).join("\n") + "\n";
    expect(refused(() => load(both, effects))).toContain(
      "with 2 columns that vary (a, b): which one holds the costs (a column named cost, costs or .cost) is not said",
    );
    // One of them named as costs: that one, with a note.
    const named = lines.map((l, i) => `${l},${i === 0 ? "qalys" : String(i)}`).join("\n") + "\n";
    expect(load(named, effects).outcomes!.costs).toEqual(byWide.outcomes!.costs);
    // The effects file's draws numbered 2 to 501: the same count, other draws.
    const shifted = effects
      .trim()
      .split("\n")
      .map((l, i) => (i === 0 ? l : l.replace(/^(\d+)/, (d) => String(Number(d) + 1))))
      .join("\n");
    expect(refused(() => load(costs, shifted + "\n"))).toContain(
      "effects.csv: holds other draws than costs.csv: draw 1 of costs.csv is not in it",
    );
  });
});
