/**
 * Hostile model files for `validate` and `evaluate`, as a user writes them from docs/model-spec.md:
 * each either runs correctly (checked against a hand calculation or an equivalent model) or ends
 * with exit 1 and one line that names the file, the place (state, parameter, transition, row), the
 * value and what was expected, with no stack trace and no output file.
 */
import { describe, expect, it, vi } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileModel, evaluate, type ModelSpec } from "../../src/model/index.js";
import { MAX_COUNTS, MAX_OVERRIDES } from "../../src/model/spec/limits.js";
import { cartecon, file, STACK, tmp } from "../input/helpers.js";

vi.setConfig({ testTimeout: 120_000 });

/** Well -> Sick -> Dead, 10 yearly cycles: Well 0.1 to Sick and p_die to Dead, Sick 0.2 to Dead. */
function base(): Record<string, any> {
  return {
    name: "hostile",
    settings: {
      cycleLength: 1,
      horizon: { cycles: 10 },
      discount: { costs: 0.03, outcomes: 0.03 },
      method: "end",
      startAge: 40,
    },
    parameters: { p_die: 0.1 },
    values: [
      { id: "c", kind: "cost" },
      { id: "u", kind: "utility" },
    ],
    states: [
      { id: "Well", values: { c: 100, u: 1 } },
      { id: "Sick", values: { c: 500, u: 0.5 } },
      { id: "Dead", dead: true },
    ],
    transitions: {
      Well: { Well: "C", Sick: 0.1, Dead: "p_die" },
      Sick: { Sick: "C", Dead: 0.2 },
      Dead: { Dead: 1 },
    },
    init: { Well: 1 },
  };
}

let n = 0;
/** validate and evaluate --out on `m`: both exit 1 with every text of `parts` and the file's path, nothing written. */
function refused(name: string, m: unknown, ...parts: string[]): string {
  const f = file(name, m);
  for (const command of ["validate", "evaluate"]) {
    const out = join(tmp, `hostile-out-${++n}.csv`);
    const r = cartecon(command, f, ...(command === "evaluate" ? ["--out", out] : []));
    expect(r.code, `${command} ${name}: ${r.err}`).toBe(1);
    expect(r.err).toContain(`error: `);
    expect(r.err).toContain(f);
    for (const p of parts) expect(r.err, `${command} ${name}`).toContain(p);
    expect(r.err).not.toMatch(STACK);
    expect(existsSync(out)).toBe(false);
  }
  return f;
}

/** evaluate --json on `m`: exit 0 and the per-member totals of the first strategy. */
function totals(name: string, m: unknown): { cost: number; qalys: number } {
  const r = cartecon("evaluate", file(name, m), "--json");
  expect(r.code, r.err).toBe(0);
  const s = JSON.parse(r.out).strategies[0];
  return { cost: s.cost.discounted, qalys: s.qalys.discounted };
}

describe("rows that do not sum to 1", () => {
  it("a row without a complement summing to 1.0000001 names the file, the state, the sum and 1 within 1e-9", () => {
    const m = base();
    m.transitions.Well = { Well: 0.6, Sick: 0.3, Dead: 0.1000001 };
    refused("sum-over.json", m, "transitions from Well", "(got 1.00000009", "expected 1 (within 1e-9)");
  });
  it("a row summing to 0.9999 the same way", () => {
    const m = base();
    m.transitions.Well = { Well: 0.6, Sick: 0.3, Dead: 0.0999 };
    refused("sum-under.json", m, "transitions from Well", "(got 0.9998999", "expected 1 (within 1e-9)");
  });
  it("entries other than the complement summing to 1.0000001 are refused, not clipped", () => {
    const m = base();
    m.transitions.Well.Sick = 0.9000001; // 0.9000001 + p_die 0.1 = 1.0000001
    refused("complement-negative.json", m, "transitions from Well", "more than 1", "(got 1.0000001)");
  });
});

describe("a probability from a formula that leaves [0, 1] in one cycle only", () => {
  it("-0.01 at cycle 500 of 600: the transition, the strategy, cycle 500, the value and [0, 1]", () => {
    const m = base();
    m.settings.horizon = { cycles: 600 };
    m.parameters.p_sick = "cycle == 500 ? -0.01 : 0.1";
    m.transitions.Well.Sick = "p_sick";
    refused(
      "negative-at-500.json",
      m,
      'transition Well -> Sick [strategy "base", cycle 500]',
      "(got -0.01)",
      "expected a probability in [0, 1]",
    );
  });
});

describe("parameters that read themselves", () => {
  it("p_die = p_die + 0.1 names the parameter and the circle", () => {
    const m = base();
    m.parameters.p_die = "p_die + 0.1";
    refused("self.json", m, "parameters.p_die", "p_die -> p_die", "expected formulas without circular references");
  });
  it("a circle of three parameters is named in order", () => {
    const m = base();
    Object.assign(m.parameters, { p_die: "p_a", p_a: "p_b * 1", p_b: "p_die / 2" });
    refused("circle.json", m, "parameters.p_die", "p_die -> p_a -> p_b -> p_die");
  });
});

describe("time in state and horizon at their bounds", () => {
  it("a tunnel limit of 0 names the state's field, 0 and the integers >= 1", () => {
    const m = base();
    m.states[1].timeInState = { limit: 0 };
    refused("tunnel-0.json", m, "states[1].timeInState.limit", "(got 0)", "expected an integer >= 1");
  });
  it("a tunnel limit of 100,000 in a 10-cycle model runs as a limit of 10 (no cycle reaches tunnel 11)", () => {
    const m = base();
    m.states[1].timeInState = { limit: 100000 };
    const f = file("tunnel-1e5.json", m);
    const v = cartecon("validate", f);
    expect(v.code, v.err).toBe(0);
    expect(v.out).toContain("3 states (12 with time-in-state tunnels)"); // Well, Dead and 10 tunnels
    const ten = base();
    ten.states[1].timeInState = { limit: 10 };
    expect(totals("tunnel-1e5b.json", m)).toEqual(totals("tunnel-10.json", ten));
    // and both equal the model without time in state (nothing reads timeInState), up to the order
    // in which tunnel counts are summed
    const a = totals("tunnel-10b.json", ten);
    const b = totals("no-tunnel.json", base());
    expect(a.cost).toBeCloseTo(b.cost, 9);
    expect(a.qalys).toBeCloseTo(b.qalys, 12);
  });
  it("cycles 0 names settings.horizon.cycles, 0 and a whole number >= 1", () => {
    const m = base();
    m.settings.horizon = { cycles: 0 };
    refused("cycles-0.json", m, "settings.horizon.cycles", "(got 0)", "expected a whole number of cycles >= 1");
  });
  it("cycles 1e7 is refused before anything is allocated, with the cells and the limit", () => {
    const m = base();
    m.settings.horizon = { cycles: 1e7 };
    refused("cycles-1e7.json", m, "settings.horizon", "10000000 cycles × 3 states", "expected at most 10000000 cells");
  });
});

describe("names that are formula words", () => {
  // Expected: the same totals as the model with the plain names (state ids are never read by
  // formulas; a parameter named like a function is a name, the function is called with "(").
  const plain = () => totals("plain.json", base());
  it.each(["C", "if", "exp", "cycle", "age", "lookup", "NaN", "Infinity"])(
    "a state named %s runs like the state Sick",
    (id) => {
      const m = base();
      m.states[1].id = id;
      m.transitions = {
        Well: { Well: "C", [id]: 0.1, Dead: "p_die" },
        [id]: { [id]: "C", Dead: 0.2 },
        Dead: { Dead: 1 },
      };
      expect(totals(`state-${id}.json`, m)).toEqual(plain());
    },
  );
  it.each(["exp", "if", "min", "lookup", "NaN", "Infinity", "e", "pi"])(
    "a parameter named %s is a name beside the functions: exp(0), if() and min() still work",
    (id) => {
      const m = base();
      m.parameters[id] = 0.1;
      m.parameters.p_die = "exp(0) * 0.1 + if(1, 0, 1) + min(0, 1)"; // = 0.1
      m.transitions.Well.Sick = id;
      expect(totals(`param-${id}.json`, m)).toEqual(plain());
    },
  );
  it("a parameter named cycle, age or C is refused as a reserved name", () => {
    for (const id of ["cycle", "age", "C"]) {
      const m = base();
      m.parameters[id] = 0.1;
      refused(`reserved-${id}.json`, m, `parameters.${id}`, "reserved name", `(got "${id}")`);
    }
  });
});

describe("unicode names", () => {
  it("a parameter p_décès is refused as not ASCII, naming it", () => {
    const m = base();
    m.parameters["p_décès"] = 0.1;
    m.transitions.Well.Dead = "p_décès";
    refused("unicode-param.json", m, "parameters.p_décès", "not a name of ASCII letters", '(got "p_décès")');
  });
  it("a Cyrillic look-alike of p_x is refused, so two names that read the same cannot differ", () => {
    const m = base();
    m.parameters["p_\u0445"] = 0.1;
    refused("homoglyph.json", m, "parameters.p_\u0445", "ASCII");
  });
  it("strategy ids are any text: 'Soins 🏥 Ω' runs and comes back unchanged", () => {
    const m = base();
    m.strategies = [{ id: "Soins 🏥 Ω" }];
    const r = cartecon("evaluate", file("unicode-strategy.json", m), "--json");
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).strategies[0].id).toBe("Soins 🏥 Ω");
  });
});

describe("files that are not what they claim", () => {
  const yaml = [
    "name: dup",
    "parameters:",
    "  p_die: 0.1",
    "  p_die: 0.2",
    "settings: {cycleLength: 1, horizon: {cycles: 10}}",
  ].join("\n");
  it("a YAML model (with a duplicate key) is refused as YAML, not as 'malformed JSON'", () => {
    for (const name of ["model.yaml", "model-yaml.json"]) {
      const f = file(name, yaml);
      const r = cartecon("validate", f);
      expect(r.code).toBe(1);
      // The file first, as every error of a model file (s28; was "cannot read model: model.yaml: ...").
      expect(r.err).toContain(`error: ${f}: cannot read model: model files are JSON`);
      expect(r.err).toContain("looks like YAML");
      expect(r.err).toContain('(got "name: dup")');
      expect(r.err).not.toMatch(STACK);
    }
  });
});

describe("counts that would hold the engine for minutes are refused at once", () => {
  it.each(Object.entries(MAX_COUNTS))("more than the limit of %s (%d)", (field, max) => {
    const m = base();
    const k = max + 1;
    if (field === "parameters") for (let i = 0; i < k; i++) m.parameters[`p_${i}`] = 0.1;
    if (field === "states")
      for (let i = 0; i < k; i++) m.states.push({ id: `S${i}` }) && (m.transitions[`S${i}`] = { [`S${i}`]: 1 });
    if (field === "strategies") m.strategies = Array.from({ length: k }, (_, i) => ({ id: `s${i}` }));
    if (field === "cohorts") m.cohorts = Array.from({ length: k }, (_, i) => ({ id: `c${i}`, weight: 1 / k }));
    const total = field === "parameters" || field === "states" ? k + (field === "states" ? 3 : 1) : k;
    const f = file(`many-${field}.json`, m);
    const r = cartecon("validate", f);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${f}: model too large: ${field}: the model has ${total} ${field} (got ${total})`);
    expect(r.err).toContain(`expected at most ${max} ${field}`);
  });
  it(`more than ${MAX_OVERRIDES} parameter overrides in all strategies and cohorts`, () => {
    const m = base();
    for (let i = 0; i < 1001; i++) m.parameters[`p_${i}`] = 0.1;
    // 100 strategies × 1,001 overrides = 100,100
    const overrides = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`p_${i}`, 0.2]));
    m.strategies = Array.from({ length: 100 }, (_, i) => ({ id: `s${i}`, parameters: overrides }));
    const f = file("many-overrides.json", m);
    const r = cartecon("validate", f);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `${f}: model too large: strategies, cohorts: the strategies and cohorts override parameters 100100 times in all (got 100100); expected at most ${MAX_OVERRIDES} overrides`,
    );
  });
  it("strategies × cohorts × cells above 5 × --max-cells names the lanes and how to raise the limit", () => {
    const m = base();
    m.settings.horizon = { cycles: 100 };
    m.strategies = Array.from({ length: 20 }, (_, i) => ({ id: `s${i}` }));
    const f = file("lanes.json", m);
    // 20 lanes × 100 cycles × 3 states = 6,000 lane-cells > 5 × 1,000
    const r = cartecon("validate", f, "--max-cells", "1000");
    expect(r.code).toBe(1);
    expect(r.err).toContain("20 strategies × 1 cohorts × 300 cells (100 cycles × 3 states) = 6000 lane-cells");
    expect(r.err).toContain("expected at most 5 × 1000 = 5000 (raise the limit with --max-cells");
    expect(cartecon("validate", f, "--max-cells", "1200").code).toBe(0);
  });
});

describe("a life table looked up past its last age", () => {
  it("uses the last row (the open-ended oldest group): survival 1 - 0.03 per cycle from age 60 on", () => {
    const m = base();
    m.settings.horizon = { cycles: 70 }; // ages 40..109
    m.tables = { lt: { key: "age", columns: { age: [40, 50, 60], q: [0.01, 0.02, 0.03] } } };
    m.parameters.p_die = 'lookup("lt", "q", age)';
    m.transitions.Well.Sick = 0;
    const r = evaluate(compileModel(m as ModelSpec), { trace: true });
    const t = r.strategies[0].trace!;
    const well = (k: number) => t[k * 3];
    // Hand calculation: Well after k cycles = 0.99^10 · 0.98^10 · 0.97^(k - 20) for k >= 20.
    expect(well(70)).toBeCloseTo(0.99 ** 10 * 0.98 ** 10 * 0.97 ** 50, 12);
    expect(well(70) / well(69)).toBeCloseTo(0.97, 12); // age 108, 48 years past the last row
  });
  it("a blank (null) cell in the table is refused with its column and row, not read as 0 or NaN", () => {
    const m = base();
    m.tables = { lt: { key: "age", columns: { age: [40, 50, 60], q: [0.01, 0.02, null] } } };
    m.parameters.p_die = 'lookup("lt", "q", age)';
    refused("lt-null.json", m, "tables.lt.columns.q[2]", "(got null)", "expected a number in every row");
  });
});

describe("names a user picks that the output files also use (session s27)", () => {
  it("a state named strategy is written state_strategy in trace.csv (it was exit 3 with a stack trace)", () => {
    const m = base();
    m.states[0].id = "strategy";
    m.transitions = {
      strategy: { strategy: "C", Sick: 0.1, Dead: "p_die" },
      Sick: m.transitions.Sick,
      Dead: { Dead: 1 },
    };
    m.init = { strategy: 1 };
    const trace = join(tmp, "s27-trace.csv");
    const r = cartecon("evaluate", file("s27-state-strategy.json", m), "--trace", trace);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toMatch(STACK);
    const lines = readFileSync(trace, "utf8").split("\n");
    expect(lines[0]).toBe("strategy,cycle,years,state_strategy,Sick,Dead");
    // Cycle 1: 1 - 0.1 - 0.1 = 0.8 stay, 0.1 to Sick, 0.1 to Dead.
    expect(lines[2]).toBe("base,1,1,0.8,0.1,0.1");
  });

  it("a value named cost beside another cost keeps the total in cost_discounted of results.csv", () => {
    const m = base();
    m.values = [
      { id: "cost", kind: "cost" },
      { id: "c", kind: "cost" },
      { id: "u", kind: "utility" },
    ];
    m.settings.horizon = { cycles: 1 };
    m.settings.method = "beginning";
    m.states[0].values = { cost: 100, c: 50, u: 1 };
    const out = join(tmp, "s27-results.csv");
    const r = cartecon("evaluate", file("s27-value-cost.json", m), "--out", out);
    expect(r.code, r.err).toBe(0);
    const [head, row] = readFileSync(out, "utf8").split("\n");
    const cells = Object.fromEntries(head.split(",").map((h, i) => [h, row.split(",")[i]]));
    // One cycle counted at its start: everyone in Well, 100 + 50 = 150 in all, 100 of value "cost".
    expect(cells.cost_discounted).toBe("150");
    expect(cells.value_cost_discounted).toBe("100");
    expect(cells.c_discounted).toBe("50");
  });
});
