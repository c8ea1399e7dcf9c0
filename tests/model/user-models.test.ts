/**
 * Models a modeller writes on first use (session s27): each was written from its publication, not
 * copied from data/models/, and each defect it showed has a test here. Expected values come from
 * the publication or from a hand calculation written next to them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import {
  compileModel,
  evaluate,
  evaluateBatch,
  perCycleTable,
  summaryTable,
  traceTable,
  type ModelSpec,
} from "../../src/model/index.js";
import { loadModelFile } from "../../src/model/io/files.js";
import { modelError } from "../helpers/errors.js";

// Runs whole models: sized for a loaded 2-core machine, not vitest's 5 s default.
vi.setConfig({ testTimeout: 60_000 });

/** Two states and death; costs 100 per cycle in A. */
const small = (): ModelSpec => ({
  name: "small",
  settings: {
    cycleLength: 1,
    horizon: { cycles: 5 },
    discount: { costs: 0.03, outcomes: 0.03 },
    method: "half-cycle",
  },
  parameters: { p: 0.1, c_a: 100 },
  values: [
    { id: "cost", kind: "cost" },
    { id: "qaly", kind: "utility" },
  ],
  states: [
    { id: "A", values: { cost: "c_a", qaly: 1 } },
    { id: "B", values: { qaly: 0.5 } },
    { id: "D", dead: true },
  ],
  transitions: {
    A: { A: "C", B: "p", D: 0.01 },
    B: { B: "C", D: 0.1 },
    D: { D: 1 },
  },
  init: { A: 1 },
});

describe("a horizon until an age, with cohorts of their own start age", () => {
  // Before: settings.startAge 50, horizon {"untilAge": 100}: 50 cycles for every cohort, so a cohort
  // starting at 40 stopped at 90 (ten years of life lost) and one starting at 60 ran to 110, silently.
  const until100 = (ages: (number | undefined)[]): ModelSpec => {
    const m = small();
    m.settings.startAge = 50;
    m.settings.horizon = { untilAge: 100 };
    m.cohorts = ages.map((a, i) => ({
      id: `c${i}`,
      weight: 1 / ages.length,
      ...(a === undefined ? {} : { startAge: a }),
    }));
    return m;
  };

  it("compileModel refuses a cohort whose startAge is not settings.startAge, naming the cohort, its age and the age it would stop at", () => {
    const e = modelError(() => compileModel(until100([40, 60])));
    expect(e.problems.map((p) => p.where)).toEqual(["cohorts[0].startAge", "cohorts[1].startAge"]);
    // 100 - 50 = 50 cycles of 1 year; 40 + 50 = 90, 60 + 50 = 110.
    expect(e.problems[0].message).toContain("would stop at age 90");
    expect(e.problems[1].message).toContain("would run to age 110");
    expect(e.message).toContain('{"years": y}');
  });

  it("a cohort at settings.startAge, or without its own, runs to the age", () => {
    const r = evaluate(compileModel(until100([50, undefined])));
    expect(r.nCycles).toBe(50); // (100 - 50) / 1
  });

  it("a horizon in years with cohorts of different start ages still runs (one horizon for every cohort)", () => {
    const m = until100([40, 60]);
    m.settings.horizon = { years: 50 };
    expect(evaluate(compileModel(m)).nCycles).toBe(50);
  });
});

describe("a total that overflows", () => {
  // Before: c_a = 1e308 per cycle summed to Infinity and evaluate returned it; the CLI then stopped
  // in the incremental analysis with 'options: strategy "base" has a non-finite cost or effect
  // (Infinity, ...)', naming neither the value nor the state. 1e308 + 1e308 > 1.8e308, the largest double.
  it("evaluate names the state value, the state and the strategy", () => {
    const m = small();
    m.parameters!.c_a = 1e308;
    const e = modelError(() => evaluate(compileModel(m)));
    expect(e.problems[0].where).toBe('states[0].values.cost [strategy "base"]');
    expect(e.problems[0].message).toContain("overflows");
    expect(e.problems[0].value).toBe(Infinity);
  });

  it("evaluate names the value when only the sum of its parts overflows", () => {
    const m = small();
    m.transitionValues = [{ from: "A", to: "B", values: { cost: 1e308 } }];
    m.parameters!.p = 0.9; // 0.9e308 moves in cycle 1, 0.09e308 in cycle 2, ... their sum (< 1e308) is finite
    expect(Number.isFinite(evaluate(compileModel(m)).strategies[0].cost.undiscounted)).toBe(true);
    m.transitionValues.push({ from: "B", to: "D", values: { cost: 1e308 } });
    m.oneOff = { cost: 1e308 };
    const e = modelError(() => evaluate(compileModel(m)));
    expect(e.problems[0].where).toBe('values[0] (cost) [strategy "base"]');
    expect(e.problems[0].message).toContain("overflows");
  });

  it("evaluateBatch names the parameter set", () => {
    const model = compileModel(small());
    const e = modelError(() => evaluateBatch(model, [{ c_a: 100 }, { c_a: 1e308 }]));
    expect(e.message).toContain("parameter set 2");
    expect(e.message).toContain("states[0].values.cost");
  });
});

describe("custom weights as the DARTH tutorials apply them", () => {
  // Sick-Sicker, written from Alarid-Escudero et al. 2023 (Med Decis Making 43(1):3-20), parameter table:
  // rates r_HS1 0.15, r_S1H 0.5, r_S1S2 0.105, r_HD 0.002, hr_S1 3, hr_S2 10, hr_S1S2_trtB 0.6; 75 annual
  // cycles from age 25; 3% discounting. The tutorial's gen_wcc(75, "Simpson1/3") weights the counts
  // k = 0 … 75 as 1/3, 2/3, 4/3, 2/3, …, 1/3 (2/3 at odd k). docs/model-spec.md used to give
  // 1/3, 4/3, 2/3, … (the composite Simpson rule) as "their weights": SoC USD 152,092, not the published 151,580.
  const sickSicker = (weights: string): ModelSpec => ({
    name: "Sick-Sicker",
    settings: {
      cycleLength: 1,
      horizon: { cycles: 75 },
      startAge: 25,
      discount: { costs: 0.03, outcomes: 0.03 },
      method: "custom",
      weights,
    },
    parameters: {
      r_HD: 0.002,
      r_HS1: 0.15,
      r_S1H: 0.5,
      r_S1S2: 0.105,
      hr_S1: 3,
      hr_S2: 10,
      hr_S1S2_trtB: 0.6,
      trtA: 0,
      trtB: 0,
      p_HD: "rateToProb(r_HD)",
      p_S1D: "rateToProb(r_HD * hr_S1)",
      p_S2D: "rateToProb(r_HD * hr_S2)",
      p_HS1: "rateToProb(r_HS1)",
      p_S1H: "rateToProb(r_S1H)",
      p_S1S2: "rateToProb(r_S1S2 * (trtB == 1 ? hr_S1S2_trtB : 1))",
      c_trt: "trtA * 12000 + trtB * 13000",
    },
    values: [
      { id: "cost", kind: "cost" },
      { id: "qaly", kind: "utility" },
    ],
    states: [
      { id: "H", values: { cost: 2000, qaly: 1 } },
      { id: "S1", values: { cost: "4000 + c_trt", qaly: "trtA == 1 ? 0.95 : 0.75" } },
      { id: "S2", values: { cost: "15000 + c_trt", qaly: 0.5 } },
      { id: "D", dead: true },
    ],
    transitions: {
      H: { H: "C", S1: "(1 - p_HD) * p_HS1", D: "p_HD" },
      S1: { H: "(1 - p_S1D) * p_S1H", S1: "C", S2: "(1 - p_S1D) * p_S1S2", D: "p_S1D" },
      S2: { S2: "C", D: "p_S2D" },
      D: { D: 1 },
    },
    init: { H: 1 },
    strategies: [
      { id: "SoC" },
      { id: "A", parameters: { trtA: 1 } },
      { id: "B", parameters: { trtB: 1 } },
      { id: "AB", parameters: { trtA: 1, trtB: 1 } },
    ],
  });

  it("weights 1/3, 2/3, 4/3, …, 1/3 reproduce the tutorial's published costs (whole USD) and QALYs (3 decimals)", () => {
    const r = evaluate(compileModel(sickSicker("cycle == 0 || cycle == nCycles ? 1/3 : (cycle % 2 == 1 ? 2/3 : 4/3)")));
    // Published: table of expected discounted QALYs and costs (tab:Expected-outcomes-table).
    const published: Record<string, [number, number]> = {
      SoC: [151580, 20.711],
      A: [284805, 21.499],
      B: [259100, 22.184],
      AB: [378875, 23.137],
    };
    for (const s of r.strategies) {
      expect(s.cost.discounted).toBeCloseTo(published[s.id][0], 0);
      expect(s.qalys.discounted).toBeCloseTo(published[s.id][1], 3);
    }
  });

  it("the composite Simpson weights 1/3, 4/3, 2/3, … do not (SoC cost more than USD 400 away)", () => {
    const r = evaluate(compileModel(sickSicker("cycle == 0 || cycle == nCycles ? 1/3 : (cycle % 2 == 1 ? 4/3 : 2/3)")));
    expect(Math.abs(r.strategies[0].cost.discounted - 151580)).toBeGreaterThan(400);
  });
});

describe("result tables of values named like a total", () => {
  // A value "cost" beside a value "drug" (both of kind cost), and a value "qalys" of kind other.
  // Before: results.csv's cost_discounted and qalys_discounted held the VALUES "cost" and "qalys"
  // (written after the totals, under the same column name), and per-cycle.csv lost them (the totals
  // were written after). A user read total cost 355 for 533 and 24.9 QALYs for 4.0.
  const named = (): ModelSpec => {
    const m = small();
    m.settings.horizon = { cycles: 1 };
    m.settings.method = "beginning";
    m.values = [
      { id: "cost", kind: "cost" },
      { id: "drug", kind: "cost" },
      { id: "qalys", kind: "other" },
      { id: "u", kind: "utility" },
    ];
    m.states[0].values = { cost: 100, drug: 50, qalys: 7, u: 1 };
    m.states[1].values = { u: 0.5 };
    return m;
  };
  // One cycle counted at its beginning: only count 0 (everyone in A, d_0 = 1) is valued.
  // Totals: cost 100 + 50 = 150, QALYs 1 (u); values: cost 100, drug 50, qalys 7; life years 1.

  it("summaryTable keeps the totals under cost_*, qalys_* and the values under value_cost_*, value_qalys_*", () => {
    const t = summaryTable(evaluate(compileModel(named())), { wtp: 0 });
    expect(t.cost_discounted).toEqual([150]);
    expect(t.cost_undiscounted).toEqual([150]);
    expect(t.qalys_discounted).toEqual([1]);
    expect(t.value_cost_discounted).toEqual([100]);
    expect(t.value_cost_undiscounted).toEqual([100]);
    expect(t.value_qalys_discounted).toEqual([7]);
    expect(t.drug_discounted).toEqual([50]);
    expect(t.u_discounted).toEqual([1]);
  });

  it("perCycleTable does the same", () => {
    const t = perCycleTable(evaluate(compileModel(named())));
    // Row 0: one-off values at time 0 (none); row 1: the cycle.
    expect(t.cost_discounted).toEqual([0, 150]);
    expect(t.qalys_discounted).toEqual([0, 1]);
    expect(t.value_cost_discounted).toEqual([0, 100]);
    expect(t.value_qalys_undiscounted).toEqual([0, 7]);
    expect(t.drug_undiscounted).toEqual([0, 50]);
  });

  it("a value named value_cost keeps its columns and the value cost moves on to value_value_cost_* (no column is written twice)", () => {
    const m = named();
    m.values.push({ id: "value_cost", kind: "cost" });
    m.states[0].values!.value_cost = 3;
    const t = summaryTable(evaluate(compileModel(m)), { wtp: 0 });
    expect(t.cost_discounted).toEqual([153]);
    expect(t.value_cost_discounted).toEqual([3]);
    expect(t.value_value_cost_discounted).toEqual([100]);
  });
});

describe("the trace table of states named like its columns", () => {
  // States "strategy" and "years": before, traceTable pushed their counts into the columns strategy
  // and years, and the CLI stopped with exit 3 (internal error: 'CSV column "cycle" has 6 rows; the
  // first column has 12') and a stack trace.
  it("traceTable writes them as state_strategy and state_years", () => {
    const m = small();
    m.settings.horizon = { cycles: 1 };
    m.states[0].id = "strategy";
    m.states[1].id = "years";
    m.transitions = {
      strategy: { strategy: "C", years: "p", D: 0.01 },
      years: { years: "C", D: 0.1 },
      D: { D: 1 },
    };
    m.init = { strategy: 1 };
    const t = traceTable(evaluate(compileModel(m)));
    expect(Object.keys(t)).toEqual(["strategy", "cycle", "years", "state_strategy", "state_years", "D"]);
    expect(t.strategy).toEqual(["base", "base"]);
    expect(t.years).toEqual([0, 1]);
    // Cycle 1 from 1 in "strategy": 0.1 to years, 0.01 to D, 1 - 0.11 = 0.89 stays.
    expect(t.state_strategy[1]).toBeCloseTo(0.89, 12);
    expect(t.state_years[1]).toBeCloseTo(0.1, 12);
    expect(t.D[1]).toBeCloseTo(0.01, 12);
  });
});

describe("a CSV table without its key column named", () => {
  // {"csv": "lt.csv"} without "key": before, 'lt.csv row 1: missing column  (got "Age,Female,Male");
  // expected columns ' — an empty column name, and no word of the missing field.
  it("loadModelFile names tables.lt.key and lists the CSV's columns", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s27-key-"));
    fs.writeFileSync(path.join(dir, "lt.csv"), "\uFEFFAge,Female,Male\r\n0,0.01,0.02\r\n1,0.01,0.02\r\n");
    const m = small();
    (m as unknown as { tables: unknown }).tables = { lt: { csv: "lt.csv" } };
    const file = path.join(dir, "m.json");
    fs.writeFileSync(file, JSON.stringify(m));
    const e = modelError(() => loadModelFile(file));
    expect(e.problems[0].where).toBe("tables.lt.key");
    // The model file first, then the kind of error and the JSON path, as every model file's error (s28).
    expect(e.message.startsWith(`${file}: invalid model: tables.lt.key: a table read from a CSV file needs`)).toBe(
      true,
    );
    expect(e.problems[0].expected).toContain("Age, Female, Male");
    // With the key, the same file (BOM, CRLF) loads: the key column and both columns, in order.
    (m as unknown as { tables: { lt: { key: string } } }).tables.lt.key = "Age";
    fs.writeFileSync(file, JSON.stringify(m));
    expect(loadModelFile(file).tables!.lt.columns).toEqual({ Age: [0, 1], Female: [0.01, 0.01], Male: [0.02, 0.02] });
  });
  it("lists the columns as the CSV reader reads them: quotes removed, a quoted comma kept in its name (s27-rev)", () => {
    // R's write.csv quotes every name: the message listed '"Age", "Female"', so a user wrote
    // "key": "\"Age\"", which is no column; and "Rate, male" was split into two names. The names
    // by hand from the header line below.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s27-key-"));
    fs.writeFileSync(path.join(dir, "lt.csv"), '"Age","Female","Rate, male"\n0,0.01,0.02\n');
    const m = small();
    (m as unknown as { tables: unknown }).tables = { lt: { csv: "lt.csv" } };
    const file = path.join(dir, "m.json");
    fs.writeFileSync(file, JSON.stringify(m));
    const e = modelError(() => loadModelFile(file));
    expect(e.problems[0].expected).toBe('"key": one of the columns of lt.csv: Age, Female, Rate, male');
    // No key written: no value to echo (it said "got null").
    expect(e.problems[0].value).toBeUndefined();
  });
});

describe("a dead state whose row moves members to a living state", () => {
  // Before: {"id": "D", "dead": true} with D -> A = 1 was accepted: the dead came back to A and their
  // life years counted again.
  it("is refused naming the transition, the two states and the value", () => {
    const m = small();
    (m.transitions as Record<string, Record<string, unknown>>).D = { A: 1 };
    const e = modelError(() => compileModel(m));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0].where).toBe("transitions.D.A");
    expect(e.problems[0].message).toBe(
      'D is a dead state ("dead": true) but this moves its members to A, which is not: they would come back to life',
    );
    expect(e.problems[0].value).toBe(1);
  });
  it("is refused in the matrix form too, and for a complement 'C' to a living state", () => {
    const m = small();
    // States A, B, D: row D sends its complement to B.
    m.transitions = [
      ["C", "p", 0.01],
      [0, "C", 0.1],
      [0, "C", 0],
    ] as unknown as ModelSpec["transitions"];
    const e = modelError(() => compileModel(m));
    expect(e.problems.map((p) => p.where)).toEqual(["transitions[2][1]"]);
  });
  it("accepts a literal 0 to a living state, and moves between dead states (one per cause of death)", () => {
    const m = small();
    m.states.push({ id: "D2", dead: true });
    const tr = m.transitions as Record<string, Record<string, unknown>>;
    tr.B = { B: "C", D2: 0.1 };
    tr.D = { D: "C", A: 0, D2: 0.5 };
    tr.D2 = { D2: 1 };
    expect(() => compileModel(m)).not.toThrow();
  });
  it('accepts a literal zero however written ("0.0", "0.00", " 0 "), as the doc\'s \'a literal 0\' says (s27-rev)', () => {
    // "0.0" was refused as bringing the dead back to life, though it moves no one.
    const m = small();
    const tr = m.transitions as Record<string, Record<string, unknown>>;
    tr.D = { D: "C", A: "0.0", B: " 0 " };
    expect(() => compileModel(m)).not.toThrow();
    tr.D = { D: "C", A: "0.00" };
    expect(() => compileModel(m)).not.toThrow();
    // A formula that can be non-zero is still refused.
    tr.D = { D: "C", A: "0.0 + p" };
    expect(modelError(() => compileModel(m)).problems[0].where).toBe("transitions.D.A");
  });
});
