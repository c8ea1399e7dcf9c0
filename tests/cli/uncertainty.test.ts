/** The uncertainty commands as a user runs them: `node bin/cartecon.js psa|dsa|evppi|voi ...`. */
import { drawnTwoStateModel, twoStateModel } from "../fixtures/two-state.js";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { spearman } from "../helpers/ranks.js";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drawParameters, fromMeanSe, toCsv } from "../../src/model/index.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-unc-"));
const cartecon = (...args: string[]) => runCli(args, { timeoutMs: 240_000 });
const file = (name: string, text: string) => {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
};

const model = drawnTwoStateModel();

describe("cartecon psa", () => {
  it("writes byte-identical draws for --threads 1 and --threads 2 with the same seed", () => {
    const m = file("model.json", JSON.stringify(model));
    const a = cartecon(
      "psa",
      m,
      "--n",
      "300",
      "--seed",
      "42",
      "--threads",
      "1",
      "--out",
      join(tmp, "d1.csv"),
      "--no-progress",
    );
    const b = cartecon("psa", m, "--n", "300", "--seed", "42", "--threads", "2", "--out", join(tmp, "d2.csv"));
    expect(a.code, a.err).toBe(0);
    expect(b.code, b.err).toBe(0);
    const d1 = readFileSync(join(tmp, "d1.csv"), "utf8");
    expect(d1).toBe(readFileSync(join(tmp, "d2.csv"), "utf8"));
    expect(d1.split("\n").length).toBe(302); // header, 300 draws, final newline
    expect(JSON.parse(readFileSync(join(tmp, "d1.csv.meta.json"), "utf8")).seed).toBe(42);
    expect(b.err).toContain("PSA ["); // progress bar on stderr
  }, 240_000);
  it("decisionLead in the .meta.json: the optimal strategy's lead and its paired SE, recomputed here from the draws CSV; a warning below 2 SE", () => {
    const out = join(tmp, "lead.csv");
    const r = cartecon(
      "psa",
      file("lead.json", JSON.stringify(model)),
      "--n",
      "30",
      "--seed",
      "9",
      "--out",
      out,
      "--no-progress",
    );
    expect(r.code, r.err).toBe(0);
    const meta = JSON.parse(readFileSync(out + ".meta.json", "utf8"));
    // Net benefit per draw from the CSV's cost_ and effect_ columns at the model's WTP, by plain loops.
    const [header, ...lines] = readFileSync(out, "utf8").trim().split("\n");
    const cols = header.split(",");
    const rows = lines.map((l) => l.split(",").map(Number));
    const ids = cols.filter((c) => c.startsWith("cost_")).map((c) => c.slice(5));
    const nbOf = (id: string) =>
      rows.map((x) => x[cols.indexOf(`effect_${id}`)] * meta.wtp - x[cols.indexOf(`cost_${id}`)]);
    const means = ids.map((id) => nbOf(id).reduce((a, b) => a + b, 0) / rows.length);
    const best = means.indexOf(Math.max(...means));
    const other = 1 - best; // two strategies
    const diff = nbOf(ids[best]).map((x, k) => x - nbOf(ids[other])[k]);
    const lead = diff.reduce((a, b) => a + b, 0) / diff.length;
    const se = Math.sqrt(diff.reduce((a, d) => a + (d - lead) ** 2, 0) / (diff.length - 1) / diff.length);
    expect(ids).toHaveLength(2);
    expect(meta.decisionLead.optimal).toBe(ids[best]);
    expect(meta.decisionLead.runnerUp).toBe(ids[other]);
    // The CSV holds each number's shortest round-trip text: the same doubles, so only summation order differs.
    expect(meta.decisionLead.lead).toBeCloseTo(lead, 6);
    expect(meta.decisionLead.se).toBeCloseTo(se, 6);
    expect(r.err.includes("warning: the choice of")).toBe(lead < 2 * se);
  });

  it("names a drawn parameter with more than a fifth of its draws outside its one-way range, in the text and the .meta.json", () => {
    // c_alive: exponential with mean 1200 (gamma shape 1) and range 600–2400: P(X < 600) = 1 − e^−0.5 =
    // 39.3%, P(X > 2400) = e^−2 = 13.5%. The other parameters' interval fits keep near 2.5% per end.
    const lopsided = twoStateModel(
      {
        p_die: { value: 0.1, low: 0.05, high: 0.2, distribution: "beta" },
        c_alive: { value: 1200, low: 600, high: 2400, distribution: { type: "gamma", shape: 1, scale: 1200 } },
        c_start: { value: 5000, low: 0, high: 60000, distribution: "normal" },
        u_alive: { value: 0.8, low: 0.7, high: 0.88, distribution: "beta" },
      },
      { wtp: 30000 },
    );
    const m = file("lopsided.json", JSON.stringify(lopsided));
    const out = join(tmp, "lopsided.csv");
    const r = cartecon("psa", m, "--n", "20", "--out", out, "--no-progress");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("note: 1 drawn parameter(s) put more than 20% of their draws outside their one-way range");
    expect(r.out).toContain("c_alive: 39.3% of draws below 600, 13.5% above 2400");
    const meta = JSON.parse(readFileSync(out + ".meta.json", "utf8"));
    expect(meta.outsideRange).toHaveLength(1);
    expect(meta.outsideRange[0].id).toBe("c_alive");
    expect(meta.outsideRange[0].below).toBeCloseTo(1 - Math.exp(-0.5), 9);
    expect(meta.outsideRange[0].above).toBeCloseTo(Math.exp(-2), 9);
    // The first model's ranges are read as 95% intervals: nothing to note.
    const plain = cartecon("psa", file("plain.json", JSON.stringify(model)), "--n", "20", "--no-progress");
    expect(plain.code, plain.err).toBe(0);
    expect(plain.out).not.toContain("outside their one-way range");
  }, 120_000);
  it("sets the deterministic result beside the PSA's means (from `cartecon evaluate`), and says why they choose differently", () => {
    // c_start drawn from a gamma of shape 1 and scale 40,000 (mean 40,000) around a base value of 5,000:
    // at the base values treat is chosen, in the draws its one-off cost is eight times as large on average.
    const shifted = twoStateModel(
      {
        p_die: { value: 0.1, low: 0.05, high: 0.2, distribution: "beta" },
        c_alive: { value: 1200, low: 800, high: 1700, distribution: "gamma" },
        c_start: { value: 5000, low: 1000, high: 60000, distribution: { type: "gamma", shape: 1, scale: 40000 } },
        u_alive: { value: 0.8, low: 0.7, high: 0.88, distribution: "beta" },
      },
      { wtp: 30000 },
    );
    const m = file("shifted.json", JSON.stringify(shifted));
    const det = cartecon("evaluate", m, "--json");
    expect(det.code, det.err).toBe(0);
    const baseNb = (
      JSON.parse(det.out).strategies as Array<{ cost: { discounted: number }; qalys: { discounted: number } }>
    ).map((s) => s.qalys.discounted * 30000 - s.cost.discounted);
    const out = join(tmp, "shifted.csv");
    const r = cartecon("psa", m, "--n", "400", "--seed", "3", "--out", out, "--no-progress");
    expect(r.code, r.err).toBe(0);
    const meta = JSON.parse(readFileSync(out + ".meta.json", "utf8"));
    expect(meta.baseCase.strategies.map((x: { baseNb: number }) => x.baseNb)).toEqual(baseNb);
    expect(baseNb[1]).toBeGreaterThan(baseNb[0]);
    expect(meta.baseCase.optimal).toBe("treat");
    // Mean net benefit per strategy from the CSV, by plain loops.
    const [header, ...lines] = readFileSync(out, "utf8").trim().split("\n");
    const cols = header.split(",");
    const rows = lines.map((l) => l.split(",").map(Number));
    const meanNb = ["none", "treat"].map(
      (id) =>
        rows.reduce((a, x) => a + x[cols.indexOf(`effect_${id}`)] * 30000 - x[cols.indexOf(`cost_${id}`)], 0) /
        rows.length,
    );
    meta.baseCase.strategies.forEach((x: { meanNb: number }, i: number) => expect(x.meanNb).toBeCloseTo(meanNb[i], 6));
    expect(meanNb[0]).toBeGreaterThan(meanNb[1]);
    expect(r.out).toContain("deterministic result (every parameter at its base value): treat, not the PSA's choice");
    expect(r.out).toContain("a drawn parameter has a distribution whose mean is not its base value (c_start)");
    expect(r.out).toContain("c_start: base value 5000, mean of its distribution 40000");
    expect(meta.offCentre).toEqual([{ id: "c_start", value: 5000, mean: 40000 }]);
    // A normal fitted to a 95% interval is centred on the interval (docs: μ = (L + H)/2), not on the value:
    // the fixture's c_start, value 5,000 and range 0–60,000, is drawn with mean 30,000, and said so. Its
    // betas and gamma keep their value as their mean (not named).
    const plain = cartecon("psa", file("plain-base.json", JSON.stringify(model)), "--n", "50", "--no-progress");
    expect(plain.code, plain.err).toBe(0);
    expect(plain.out).toContain("note: 1 drawn parameter(s) have a distribution whose mean is not their base value");
    expect(plain.out).toContain("c_start: base value 5000, mean of its distribution 30000");
  }, 240_000);
  it("rejects a bad --n as a usage error", () => {
    expect(cartecon("psa", "--cart", "sle", "--n", "0").code).toBe(2);
  }, 60_000);
});

describe("cartecon psa --correlation", () => {
  it("draws correlated parameters: rank correlation (6/π)·asin(ρ/2) for a normal-scale ρ of 0.8", () => {
    const m = file("model-c.json", JSON.stringify(model));
    const c = file("corr.csv", "parameter,c_alive,u_alive\nc_alive,1,0.8\nu_alive,0.8,1\n");
    const r = cartecon(
      "psa",
      m,
      "--n",
      "2000",
      "--seed",
      "5",
      "--correlation",
      c,
      "--out",
      join(tmp, "dc.csv"),
      "--no-progress",
    );
    expect(r.code, r.err).toBe(0);
    const lines = readFileSync(join(tmp, "dc.csv"), "utf8").trim().split("\n");
    const head = lines[0].split(",");
    const col = (id: string) => lines.slice(1).map((l) => Number(l.split(",")[head.indexOf(id)]));
    // Gaussian copula: Spearman = (6/π) asin(ρ/2) = 0.786 for ρ = 0.8; its sampling SE at n = 2,000 is about 0.006.
    expect(Math.abs(spearman(col("c_alive"), col("u_alive")) - (6 / Math.PI) * Math.asin(0.4))).toBeLessThan(0.03);
    // Parameters outside the matrix stay independent.
    expect(Math.abs(spearman(col("p_die"), col("c_alive")))).toBeLessThan(0.08);
    expect(JSON.parse(readFileSync(join(tmp, "dc.csv.meta.json"), "utf8")).correlation).toEqual({
      ids: ["c_alive", "u_alive"],
      matrix: [
        [1, 0.8],
        [0.8, 1],
      ],
    });
  }, 240_000);

  it("--correlation extends and overrides the model's correlations block, in psa and evppi alike", () => {
    const withBlock = {
      ...model,
      correlations: {
        parameters: ["c_alive", "u_alive"],
        matrix: [
          [1, 0.5],
          [0.5, 1],
        ],
      },
    };
    const m = file("model-block.json", JSON.stringify(withBlock));
    const c = file("corr-extra.csv", "parameter,u_alive,p_die\nu_alive,1,-0.3\np_die,-0.3,1\n");
    const expected = {
      ids: ["c_alive", "u_alive", "p_die"],
      matrix: [
        [1, 0.5, 0],
        [0.5, 1, -0.3],
        [0, -0.3, 1],
      ],
    };
    for (const command of ["psa", "evppi"]) {
      const out = join(tmp, `merged-${command}.csv`);
      const r = cartecon(command, m, "--n", "40", "--seed", "2", "--correlation", c, "--out", out, "--no-progress");
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(readFileSync(out + ".meta.json", "utf8")).correlation, command).toEqual(expected);
    }
  }, 240_000);

  it("rejects a matrix that is not positive definite, and a bad cell naming file, row and column (exit 1)", () => {
    const m = file("model-c2.json", JSON.stringify(model));
    const notPd = file(
      "notpd.csv",
      "parameter,p_die,c_alive,u_alive\np_die,1,0.9,0.9\nc_alive,0.9,1,-0.9\nu_alive,0.9,-0.9,1\n",
    );
    const a = cartecon("psa", m, "--n", "10", "--correlation", notPd, "--no-progress");
    expect(a.code).toBe(1);
    expect(a.err).toMatch(/not positive definite/);
    const bad = file("badcorr.csv", "parameter,c_alive,u_alive\nc_alive,1,0;8\nu_alive,0.8,1\n");
    const b = cartecon("psa", m, "--n", "10", "--correlation", bad, "--no-progress");
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/badcorr\.csv row 2 column u_alive/);
    const swapped = file("swapped.csv", "parameter,c_alive,u_alive\nu_alive,1,0.8\nc_alive,0.8,1\n");
    const c = cartecon("psa", m, "--n", "10", "--correlation", swapped, "--no-progress");
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/swapped\.csv row 2 column parameter.*order/);
  }, 240_000);
});

describe("cartecon psa and evppi: arguments refused before the work", () => {
  it("refuses an unknown --parameters member (exit 1, naming it) before evaluating any draw", () => {
    const m = file("model-e.json", JSON.stringify(model));
    const r = cartecon("evppi", m, "--n", "200", "--parameters", "p_die,constructor");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--parameters group 1 \(p_die,constructor\): unknown parameter "constructor".*p_die/);
    // the progress bar starts when the evaluation does: it never appeared
    expect(r.err).not.toContain("PSA [");
    expect(r.err).not.toMatch(/\n\s+at /);
  }, 120_000);
  it("refuses an unknown --effect and an --out in a missing folder (exit 1) before evaluating any draw", () => {
    const m = file("model-f.json", JSON.stringify(model));
    // "bogus" once reached the incremental analysis after the PSA, as an internal error (exit 3)
    const e = cartecon("psa", m, "--n", "200", "--effect", "bogus");
    expect(e.code).toBe(1);
    expect(e.err).toMatch(/--effect: unknown effect "bogus": use "qalys", "lifeYears" or one of cost, qaly/);
    const o = cartecon("evppi", m, "--n", "200", "--out", join(tmp, "no-such-folder", "x.csv"));
    expect(o.code).toBe(1);
    expect(o.err).toMatch(/--out: the folder .*no-such-folder does not exist/);
    for (const r of [e, o]) {
      expect(r.err).not.toContain("PSA [");
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    // a value id is an effect
    expect(cartecon("psa", m, "--n", "20", "--effect", "qaly", "--no-progress").code).toBe(0);
  }, 120_000);
});

describe("cartecon dsa", () => {
  it("prints the tornado sorted by swing and finds a threshold that changes the decision", () => {
    const m = file("model2.json", JSON.stringify(model));
    const t = cartecon("dsa", m, "--json");
    expect(t.code, t.err).toBe(0);
    const rows = JSON.parse(t.out).rows as Array<{ swing: number }>;
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].swing).toBeGreaterThanOrEqual(rows[i].swing);
    const th = cartecon("dsa", m, "--threshold", "c_start", "--json");
    expect(th.code, th.err).toBe(0);
    const r = JSON.parse(th.out);
    expect(r.decisionBelow).not.toBe(r.decisionAbove);
  }, 120_000);
});

describe("cartecon dsa --cart: ends held at the cap of utilities are said", () => {
  it("MG (UK): u_remission's range 0.89-0.97 (data/cart/parameters-mg.csv) lies above the norms at 50 (0.859, 0.879): both ends held", () => {
    const r = cartecon("dsa", "--cart", "mg", "--preset", "uk", "--json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    const held = (j.held as Array<{ parameter: string; ends: Array<{ end: string; value: number }> }>).find(
      (x) => x.parameter === "u_remission",
    )!;
    expect(held.ends).toEqual([
      { end: "low", value: 0.89 },
      { end: "high", value: 0.97 },
    ]);
    // u_controlled 0.89 (0.78-0.92) is above the norms too: its high end is held, its low end 0.78 moves the result.
    const controlled = (j.held as Array<{ parameter: string; ends: unknown[] }>).find(
      (x) => x.parameter === "u_controlled",
    )!;
    expect(controlled.ends).toEqual([{ end: "high", value: 0.92 }]);
    const row = (j.rows as Array<{ parameter: string; swing: number }>).find((x) => x.parameter === "u_remission")!;
    expect(row.swing).toBe(0);
    expect(r.err).toContain("u_remission (its whole range, low 0.8900 and high 0.9700)");
    expect(r.err).toContain("f_utility_cap");
  }, 240_000);
});

describe("cartecon voi", () => {
  const n = 2000;
  const d = drawParameters(
    [
      { id: "a", distribution: fromMeanSe("normal", 0, 1) },
      { id: "b", distribution: fromMeanSe("normal", 0, 1) },
    ],
    n,
    5,
  );
  const a = d.get("a")!,
    b = d.get("b")!;
  const nb0 = new Float64Array(n);
  const nb1 = Float64Array.from(a, (x, k) => 1000 * x + 300 * b[k] + 100);
  const inputs = file("inputs.csv", toCsv({ a, b }));
  const nbFile = file("nb.csv", toCsv({ A: nb0, B: nb1 }));

  it("reports EVPI (= mean max − max mean) and EVPPI per parameter and group", () => {
    const r = cartecon(
      "voi",
      "--inputs",
      inputs,
      "--nb",
      nbFile,
      "--parameters",
      "a,b",
      "--json",
      "--se-samples",
      "20",
    );
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    // EVPI = E[max(NB_A, NB_B)] − max(E[NB_A], E[NB_B]), written out here over the same draws (NB_A = 0).
    let meanMax = 0,
      meanB = 0;
    for (let k = 0; k < n; k++) {
      meanMax += Math.max(nb0[k], nb1[k]) / n;
      meanB += nb1[k] / n;
    }
    const evpi = meanMax - Math.max(0, meanB);
    expect(evpi).toBeGreaterThan(0);
    expect(j.evpi).toBeCloseTo(evpi, 6);
    expect(j.evppi.map((x: { parameters: string[] }) => x.parameters.join("+"))).toEqual(["a", "b", "a+b"]);
    for (const x of j.evppi) expect(x.evppi).toBeLessThanOrEqual(j.evpi + 1e-9);
  }, 120_000);
  it("--parameters names a column holding a comma in CSV quotes; an unknown member is named with the near column", () => {
    // Deterministic inputs (no draws): x_k = (37k mod 101)/101, y_k = (53k mod 97)/97, k = 0..199;
    // B's net benefit over A is 100(x − 0.5) + 50(y − 0.5), a function of the group {x, y} alone,
    // so the group's EVPPI is the EVPI (partial perfect information is perfect information here).
    const m = 200;
    const x = Float64Array.from({ length: m }, (_, k) => ((37 * k) % 101) / 101);
    const y = Float64Array.from({ length: m }, (_, k) => ((53 * k) % 97) / 97);
    const inc = Array.from(x, (xk, k) => 100 * (xk - 0.5) + 50 * (y[k] - 0.5));
    const inputsText = '"cost, drug",p_x\n' + Array.from(x, (xk, k) => `${xk},${y[k]}`).join("\n") + "\n";
    const nbText = "A,B\n" + inc.map((d) => `0,${d}`).join("\n") + "\n";
    const comma = file("comma-inputs.csv", inputsText);
    const commaNb = file("comma-nb.csv", nbText);
    // EVPI = mean of max(0, inc) − max(0, mean inc), written out as a plain loop.
    let sumMax = 0;
    let sumInc = 0;
    for (const d of inc) {
      sumMax += Math.max(0, d);
      sumInc += d;
    }
    const evpi = sumMax / m - Math.max(0, sumInc / m);
    const r = cartecon("voi", "--inputs", comma, "--nb", commaNb, "--parameters", '"cost, drug",p_x', "--json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.evpi).toBeCloseTo(evpi, 9);
    const group = j.evppi.find((e: { parameters: string[] }) => e.parameters.length === 2);
    expect(group.parameters).toEqual(["cost, drug", "p_x"]);
    // The metamodel (penalised P-splines) fits this linear function of the group closely but not
    // exactly (measured: 0.0011 below an EVPI of 13.28): within 0.005.
    expect(group.evppi).toBeCloseTo(evpi, 2);
    // The text output writes the group's names as --parameters reads them.
    const text = cartecon("voi", "--inputs", comma, "--nb", commaNb, "--parameters", '"cost, drug",p_x');
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/^ {2}"cost, drug" \+ p_x +\d/m);
    // Unknown member: the option, the group as written, the near column and every column.
    const bad = cartecon("voi", "--inputs", comma, "--nb", commaNb, "--parameters", '"cost, drug",p_y');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(
      '--parameters group 1 ("cost, drug",p_y): unknown parameter "p_y" (did you mean p_x?) (got "p_y"); expected one of "cost, drug", p_x',
    );
    // A quoting mistake names the option and the name's position.
    const open = cartecon("voi", "--inputs", comma, "--nb", commaNb, "--parameters", '"cost, drug');
    expect(open.code).toBe(1);
    expect(open.err).toMatch(/--parameters name 1: unterminated quote/);
    for (const e of [bad.err, open.err]) expect(e).not.toMatch(/\n\s+at /);
  }, 120_000);
  it("names mismatched row counts and non-numeric cells; leaves a constant column out with a note, refuses all-constant inputs", () => {
    const short = file("short.csv", "A,B\n1,2\n3,4\n");
    let r = cartecon("voi", "--inputs", inputs, "--nb", short);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`has 2 draws (rows) but ${inputs} has ${n}`);
    const badCell = file("bad.csv", "a,b\n1,2\n0,5;3\n2,1\n");
    const nb3 = file("nb3.csv", "A,B\n1,2\n3,4\n5,6\n");
    r = cartecon("voi", "--inputs", badCell, "--nb", nb3);
    expect(r.code).toBe(1);
    expect(r.err).toContain("bad.csv row 3 column b");
    // A constant column is left out with a note (an MCMC export's fixed reference level); only
    // inputs where nothing varies are refused.
    const constant = file("const.csv", "a,b\n1,7\n2,7\n3,7\n");
    r = cartecon("voi", "--inputs", constant, "--nb", nb3);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain("const.csv: 1 column is the same in all 3 draws and not regressed");
    expect(r.err).toContain(": b = 7");
    // It is listed at EVPPI 0 (method "constant"), not estimated.
    expect(r.out).toMatch(/^\s+b\s+0\.00\s+0\.00\s+constant$/m);
    // Outputs only (no --inputs): the EVPI, no EVPPI; a group then needs --inputs. By hand: B beats
    // A by 1 in every draw, so EVPI = mean max − max mean = 4 − 4 = 0.
    r = cartecon("voi", "--nb", nb3);
    expect(r.code, r.err).toBe(0);
    // The decision rows (s27): mean NB 3 and 4, B best in every draw, A gives up 1 a draw.
    expect(r.out).toContain(
      "3 draws, 2 strategies (A, B); optimal: B\n" +
        "Decision at the WTP of the net-benefit table; net benefit per patient, in the net-benefit table's unit:\n" +
        "strategy  mean NB  P(best)  expected loss  optimal\n" +
        "--------  -------  -------  -------------  -------\n" +
        "A            3.00    0.000           1.00\n" +
        "B            4.00    1.000           0.00  *\n" +
        "EVPI per patient: 0.00 (in the net-benefit table's unit)\nEVPPI: not computed",
    );
    r = cartecon("voi", "--nb", nb3, "--parameters", "a,b");
    expect(r.code).toBe(2); // a usage error, refused before any file is read
    expect(r.err).toContain("--parameters: EVPPI groups need --inputs");
    // --json says why its evppi list is empty; --out would have written a header-only EVPPI table.
    r = cartecon("voi", "--nb", nb3, "--json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.evppi).toEqual([]);
    // The decision at the table's WTP, by hand: means 3 and 4, B best in every draw, A loses 1 in each.
    expect(j.decision).toEqual([
      { strategy: "A", meanNb: 3, probabilityBest: 0, expectedLoss: 1, optimal: false },
      { strategy: "B", meanNb: 4, probabilityBest: 1, expectedLoss: 0, optimal: true },
    ]);
    expect(j.notes).toHaveLength(1);
    expect(j.notes[0]).toMatch(/^no inputs file: the EVPPI was not computed/);
    const noRows = join(tmp, "no-inputs-evppi.csv");
    r = cartecon("voi", "--nb", nb3, "--out", noRows);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `--out: the EVPPI table needs --inputs (without it only the EVPI and CEAC are computed) (got "${noRows}")`,
    );
    expect(existsSync(noRows)).toBe(false);
    // A WTP beside a net-benefit table: refused, never printed as if the EVPI were at it.
    r = cartecon("voi", "--nb", nb3, "--wtp", "30000", "--json");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain("--wtp: a net-benefit table already holds the net benefit at the willingness to pay");
    const allConstant = file("const2.csv", "a,b\n1,7\n1,7\n1,7\n");
    r = cartecon("voi", "--inputs", allConstant, "--nb", nb3);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/const2\.csv: every parameter column is constant \(a = 1, b = 7\)/);
    expect(r.err).not.toMatch(/\n\s+at /);
  }, 120_000);
  it("hostile files: a trailing empty line is read; an extra field, a repeated group member, --wtp abc, a WTP list and 20,000 fail by name, without a stack trace", () => {
    const nb3 = file("nb3h.csv", "A,B\n1,2\n3,4\n5,6\n");
    let r = cartecon("voi", "--inputs", file("trail.csv", "a,b\r\n1,7\r\n2,5\r\n3,9\r\n\r\n"), "--nb", nb3, "--json");
    expect(r.code, r.err).toBe(0);
    // By hand: B beats A by 1 in every draw, so EVPI = mean max − max mean = 4 − 4 = 0.
    expect(JSON.parse(r.out).evpi).toBe(0);
    const extra = file("extra.csv", "a,b\n1,7\n2,5,8\n3,9\n");
    r = cartecon("voi", "--inputs", extra, "--nb", nb3);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.err).toContain(`${extra} row 3: has 3 fields but the header has 2 columns (got "2,5,8")`);
    const ok = file("ok.csv", "a,b\n1,7\n2,5\n3,9\n");
    r = cartecon("voi", "--inputs", ok, "--nb", nb3, "--parameters", "a,a");
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.err).toContain('--parameters group 1 (a,a): names "a" twice');
    r = cartecon("voi", "--inputs", ok, "--costs", nb3, "--effects", nb3, "--wtp", "abc");
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.err).toContain(
      `'--wtp <amount>' argument 'abc' is invalid. expected a number >= 0 (digits only, no currency sign), got "abc"`,
    );
    // A WTP vector as voi and dampack take one, and a thousands separator: refused with what to type.
    r = cartecon("voi", "--inputs", ok, "--costs", nb3, "--effects", nb3, "--wtp", "10000,20000");
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'one willingness to pay per run, got "10000,20000": run voi once per value (--wtp 10000, then --wtp 20000, ...)',
    );
    r = cartecon("voi", "--inputs", ok, "--costs", nb3, "--effects", nb3, "--wtp", "20,000");
    expect(r.code).toBe(2);
    expect(r.err).toContain('expected a number >= 0 without a thousands separator, got "20,000": write 20000');
    // "20 000" (a space, as copied from a French or SI-style text) was told to run voi at 20 and then at 000.
    for (const sep of [" ", "\u00A0", "\u202F", "'"]) {
      r = cartecon("voi", "--inputs", ok, "--costs", nb3, "--effects", nb3, "--wtp", `20${sep}000`);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`expected a number >= 0 without a thousands separator, got "20${sep}000": write 20000`);
    }
    // A decimal comma was told to run voi twice, at 20000 and at 5: both readings are now given.
    r = cartecon("voi", "--inputs", ok, "--costs", nb3, "--effects", nb3, "--wtp", "20000,5");
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'got "20000,5": for a decimal comma write 20000.5; for two values run voi once per value (--wtp 20000, then --wtp 5)',
    );
  }, 120_000);
});
