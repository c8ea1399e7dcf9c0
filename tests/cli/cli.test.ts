/** The CLI as a user runs it: `node bin/cartecon.js ...` (what `npx cartecon` runs after npm ci). */
import { describe, expect, it, vi } from "vitest";
import { runCli } from "../helpers/cli.js";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { csvParse } from "d3-dsv";
import { aliveDead } from "../../bench/models.js";

// Each test spawns the CLI (tsx compiles it at start): seconds each on a loaded 2-core machine.
vi.setConfig({ testTimeout: 120_000 });

const tmp = mkdtempSync(join(tmpdir(), "cartecon-cli-"));
const cartecon = (...args: string[]) => runCli(args, { timeoutMs: 60_000 });
function modelFile(name: string, spec: unknown): string {
  const f = join(tmp, name);
  writeFileSync(f, typeof spec === "string" ? spec : JSON.stringify(spec, null, 2));
  return f;
}

describe("cartecon validate", { timeout: 120_000 }, () => {
  it("accepts a valid model and says what it checked", () => {
    const r = cartecon("validate", "data/models/hiv-chancellor-1997.json");
    expect(r.code).toBe(0);
    expect(r.out).toContain("OK:");
    expect(r.out).toContain("4 states");
  });
  it('counts one strategy in the singular: "1 strategy, 1 cohort" (was "1 strategies")', () => {
    // data/models/heemod-introduction.json has one strategy and no cohorts (one default cohort).
    const r = cartecon("validate", "data/models/heemod-introduction.json");
    expect(r.code).toBe(0);
    expect(r.out).toContain("6 parameters, 1 strategy, 1 cohort, 10 cycles");
    expect(cartecon("validate", "data/models/hiv-chancellor-1997.json").out).toMatch(/, 2 strategies, 1 cohort, /);
  });
  it('counts every item in the singular when there is one: "1 state, 1 non-zero transition, 1 parameter, …, 1 cycle"', () => {
    const f = modelFile("one.json", {
      name: "one of each",
      settings: {
        cycleLength: { years: 1 },
        horizon: { cycles: 1 },
        discount: { costs: 0, outcomes: 0 },
        method: "beginning",
      },
      parameters: { c: 1 },
      values: [{ id: "cost", kind: "cost", per: "year" }],
      states: [{ id: "A", values: { cost: "c" } }],
      transitions: { A: { A: 1 } },
      init: { A: 1 },
    });
    const r = cartecon("validate", f);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(
      '"one of each": 1 state, 1 non-zero transition, 1 parameter, 1 strategy, 1 cohort, 1 cycle;',
    );
  });
  it("reports malformed JSON with line and column, exit 1, no stack trace", () => {
    const f = modelFile("bad.json", '{\n  "name": "x",\n  "settings": {,\n}');
    const r = cartecon("validate", f);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${f}: cannot read model: line 3 column 16: malformed JSON`);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
  it("reports a missing file", () => {
    const r = cartecon("validate", join(tmp, "nope.json"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("no such file");
  });
  it("finds a probability above 1 that appears only in a later cycle", () => {
    const spec = aliveDead();
    spec.parameters!.p_die = "cycle >= 30 ? 1.5 : 0.05";
    const r = cartecon("validate", modelFile("late.json", spec));
    expect(r.code).toBe(1);
    expect(r.err).toContain("transition Alive -> Dead");
    expect(r.err).toContain("cycle 30");
    expect(r.err).toContain("1.5");
  });
  it("lists every structural problem at once", () => {
    const spec = aliveDead() as unknown as Record<string, any>;
    spec.settings.discount.costs = -1;
    spec.init = { Nowhere: 1 };
    const r = cartecon("validate", modelFile("many.json", spec));
    expect(r.code).toBe(1);
    expect(r.err).toContain("settings.discount.costs");
    expect(r.err).toContain("init.Nowhere");
  });
});

describe("cartecon evaluate", { timeout: 120_000 }, () => {
  it("prints per-strategy totals and the incremental table", () => {
    const r = cartecon("evaluate", "data/models/hiv-chancellor-1997.json");
    expect(r.code).toBe(0);
    expect(r.out).toContain("44,663.45");
    expect(r.out).toContain("6,276");
    expect(r.out).toMatch(/combo .* frontier +mono/);
  });
  it("writes results, trace and details CSVs that read back to the same numbers, with the assumptions beside them", () => {
    const out = join(tmp, "results.csv");
    const trace = join(tmp, "trace.csv");
    const details = join(tmp, "details.csv");
    const r = cartecon(
      "evaluate",
      "data/models/hiv-chancellor-1997.json",
      "--out",
      out,
      "--trace",
      trace,
      "--details",
      details,
    );
    expect(r.code).toBe(0);
    const rows = csvParse(readFileSync(out, "utf8"));
    expect(rows.map((x) => x.strategy)).toEqual(["mono", "combo"]);
    // Published: heemod's reproduction of Chancellor et al. 1997 (test_dmhee.R; data/validation/expected.json).
    expect(Number(rows[0].cost_discounted)).toBeCloseTo(44663.4535637, 6);
    expect(Number(rows[1].icer)).toBeCloseTo(6275.9556, 3);
    expect(rows[1].status).toBe("frontier");
    const tr = csvParse(readFileSync(trace, "utf8"));
    expect(tr.length).toBe(2 * 21);
    expect(Number(tr[0].A)).toBe(1000);
    const meta = JSON.parse(readFileSync(`${out}.meta.json`, "utf8"));
    expect(meta.parameters.c_lam.value).toBe(2086.5);
    expect(meta.seed).toBeNull();
    expect(meta.currency).toBe("GBP");
    const det = csvParse(readFileSync(details, "utf8"));
    expect(det.some((d) => d.category === "state" && d.item === "C" && d.measure === "c_medical")).toBe(true);
  });
  it("applies --set overrides and records them", () => {
    const r = cartecon("evaluate", "data/models/hiv-chancellor-1997.json", "--set", "rr_combo=1", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.parameterOverrides).toEqual({ rr_combo: 1 });
    const [mono, combo] = j.strategies;
    expect(combo.lifeYears.undiscounted).toBeCloseTo(mono.lifeYears.undiscounted, 12);
  });
  it("rejects an unknown parameter in --set with exit 1", () => {
    const r = cartecon("evaluate", "data/models/hiv-chancellor-1997.json", "--set", "nope=1");
    expect(r.code).toBe(1);
    expect(r.err).toContain("nope");
  });
  it("rejects malformed options with exit 2", () => {
    expect(cartecon("evaluate", "data/models/hiv-chancellor-1997.json", "--wtp", "-5").code).toBe(2);
    expect(cartecon("evaluate", "data/models/hiv-chancellor-1997.json", "--set", "x").code).toBe(2);
    expect(cartecon("frobnicate").code).toBe(2);
  });
  it("reads a table given as a CSV file next to the model", () => {
    writeFileSync(join(tmp, "lt.csv"), "age,rate\n0,0.01\n50,0.02\n");
    const spec = aliveDead() as unknown as Record<string, any>;
    spec.settings.startAge = 40;
    spec.tables = { lt: { csv: "lt.csv", key: "age" } };
    spec.parameters.p_die = 'rateToProb(lookup("lt", "rate", age))';
    const r = cartecon("evaluate", modelFile("withcsv.json", spec), "--json");
    expect(r.code).toBe(0);
    writeFileSync(join(tmp, "lt.csv"), "age,rate\n0,0.01\n50,abc\n");
    const bad = cartecon("evaluate", join(tmp, "withcsv.json"));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("lt.csv row 3 column rate: not a number");
  });
});

describe("cartecon cart", { timeout: 120_000 }, () => {
  it("--json lists every strategy (the comparators too), the preset's life table, and each comparator's own ICER", () => {
    const r = cartecon("cart", "--disease", "mg", "--preset", "uk", "--json");
    expect(r.code).toBe(0);
    const [a] = JSON.parse(r.out);
    expect(a.strategies.map((s: { id: string }) => s.id)).toEqual([
      "soc",
      "autologous",
      "allogeneic",
      "invivo",
      "fcrn",
      "complement",
    ]);
    expect(a.lifeTable).toEqual({
      file: "data/lifetables/uk-ons-2018-2020-mx.csv",
      label: "ONS National Life Tables, UK, 2018-2020 (mx)",
      sourceId: "ONS_LT2020",
    });
    const fcrn = a.comparators.find((c: { strategy: string }) => c.strategy === "fcrn");
    expect(fcrn.icer).toBeCloseTo(fcrn.incrementalCost / fcrn.incrementalQalys, 6);
    expect(a.versusComparators.length).toBe(3 * 3);
    const us = JSON.parse(cartecon("cart", "--disease", "mg", "--json").out)[0];
    expect(us.lifeTable.file).toBe("data/lifetables/us-2015-all-cause-mortality.csv");
  });
  it("prints results, cost-parity years and threshold prices for one disease, with the exploratory note", () => {
    const r = cartecon("cart", "--disease", "sle");
    expect(r.code).toBe(0);
    expect(r.out).toContain("No published cost-effectiveness analysis of CAR T");
    expect(r.out).toMatch(/autologous .* (dominant|[\d,]+)/);
    expect(r.out).toContain("Threshold product prices (USD 2025 per infusion)");
  });
  it("writes results and threshold CSVs; the UK preset reports in GBP", () => {
    const out = join(tmp, "cart.csv");
    const thr = join(tmp, "thr.csv");
    const r = cartecon("cart", "--disease", "ms", "--preset", "uk", "--per-infused", "--out", out, "--thresholds", thr);
    expect(r.code).toBe(0);
    const rows = csvParse(readFileSync(out, "utf8"));
    expect(rows.length).toBe(14); // 2 populations x (SoC, 3 CAR T platforms, aHSCT, alemtuzumab, cladribine)
    expect(new Set(rows.map((x) => x.population))).toEqual(new Set(["intention to treat", "infused patients"]));
    expect(rows.every((x) => x.currency === "GBP")).toBe(true);
    const t = csvParse(readFileSync(thr, "utf8"));
    expect(t.length).toBe(2 * 3 * 4);
    expect(JSON.parse(readFileSync(`${out}.meta.json`, "utf8")).preset.id).toBe("uk");
  });
  it("reads an edited parameter table and reports every problem in it by row and column", () => {
    const params = join(tmp, "params.csv");
    expect(cartecon("cart", "--export-params", params).code).toBe(0);
    const lines = readFileSync(params, "utf8").split("\n");
    const i = lines.findIndex((l) => l.startsWith("p_male,sle,"));
    lines[i] = lines[i].replace(/^p_male,sle,all,[^,]+/, "p_male,sle,all,1.7");
    const j = lines.findIndex((l) => l.startsWith("u_active,ms,"));
    lines[j] = lines[j].replace(/,beta,/, ",betta,");
    writeFileSync(params, lines.join("\n"));
    const r = cartecon("cart", "--disease", "sle", "--params", params);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `params.csv row ${i + 1} column value: p_male is out of range (got 1.7); expected a number in [0, 1]`,
    );
    expect(r.err).toContain(`params.csv row ${j + 1} column distribution: unknown distribution (got "betta")`);
  });
  it("applies an edited value", () => {
    const params = join(tmp, "params2.csv");
    cartecon("cart", "--export-params", params);
    const text = readFileSync(params, "utf8").replace(
      /^c_price,all,autologous,[^,]+,[^,]+/m,
      "c_price,all,autologous,300000,100000",
    );
    writeFileSync(params, text);
    const r = cartecon("cart", "--disease", "sle", "--params", params, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(
      j[0].versusSoc.find((v: { strategy: string }) => v.strategy === "autologous").thresholds[0].currentPrice,
    ).toBe(300000);
  });
  it("rejects an unknown preset or disease", () => {
    expect(cartecon("cart", "--preset", "fr").err).toContain('unknown preset "fr"');
    expect(cartecon("cart", "--disease", "lupus").err).toContain('unknown disease "lupus"');
  });
});
