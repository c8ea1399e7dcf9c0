/**
 * Time in state: a state that declares `timeInState` is expanded into tunnels by the engine. These
 * tests compare it with the same model written with explicit tunnel states (expanded here by text
 * substitution, independently of the engine's expansion), and with closed forms.
 */
import { describe, expect, it } from "vitest";
import { compileModel, evaluate, type ModelSpec, type StateSpec } from "../../src/model/index.js";
import { stateResidence75 } from "../../bench/models.js";
import { modelError } from "../helpers/errors.js";

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** Writes the tunnels of every time-in-state state by hand: state S with limit n becomes S_1..S_n. */
function handTunnels(spec: ModelSpec): { spec: ModelSpec; groups: Record<string, string[]> } {
  const out = clone(spec);
  const L =
    typeof spec.settings.cycleLength === "number"
      ? spec.settings.cycleLength
      : spec.settings.cycleLength.months !== undefined
        ? spec.settings.cycleLength.months / 12
        : spec.settings.cycleLength.years!;
  const T = spec.settings.horizon.cycles!;
  const limits = new Map<string, number>();
  for (const s of spec.states)
    if (s.timeInState) limits.set(s.id, Math.min(s.timeInState === true ? T : (s.timeInState.limit ?? T), T));
  const sub = (e: string | number, k: number): string | number =>
    typeof e === "number"
      ? e
      : e.replace(/\byearsInState\b/g, `(${(k - 1) * L})`).replace(/\btimeInState\b/g, `(${k})`);
  const name = (s: string, k: number) => (limits.has(s) ? `${s}_${k}` : s);
  const entry = (s: string) => name(s, 1);
  const states: StateSpec[] = [];
  const transitions: Record<string, Record<string, string | number>> = {};
  const rows = spec.transitions as Record<string, Record<string, string | number>>;
  const groups: Record<string, string[]> = {};
  for (const s of spec.states) {
    const n = limits.get(s.id) ?? 1;
    groups[s.id] = [];
    for (let k = 1; k <= n; k++) {
      const id = name(s.id, k);
      groups[s.id].push(id);
      const values = Object.fromEntries(Object.entries(s.values ?? {}).map(([v, e]) => [v, sub(e, k)]));
      states.push({ id, dead: s.dead, values });
      transitions[id] = {};
      for (const [to, e] of Object.entries(rows[s.id])) {
        const dest = to === s.id ? (limits.has(s.id) ? name(s.id, Math.min(k + 1, n)) : s.id) : entry(to);
        transitions[id][dest] = sub(e, k);
      }
    }
  }
  out.states = states;
  out.transitions = transitions;
  out.init = Object.fromEntries(Object.entries(spec.init).map(([s, n]) => [entry(s), n]));
  out.transitionValues = (spec.transitionValues ?? []).flatMap((tv) =>
    (groups[tv.from] ?? [tv.from]).map((from, i) => ({
      from,
      to: entry(tv.to),
      values: Object.fromEntries(Object.entries(tv.values).map(([v, e]) => [v, sub(e, i + 1)])),
    })),
  );
  // Parameters that read time in state are inlined by hand into the formulas above.
  for (const [id, p] of Object.entries(out.parameters ?? {})) {
    const text = typeof p === "object" ? String(p.value) : String(p);
    if (/\b(timeInState|yearsInState)\b/.test(text)) throw new Error(`hand expansion needs ${id} inlined`);
  }
  return { spec: out, groups };
}

/** Compares trace (summed over tunnels), costs, QALYs and life years to `digits` decimals. */
function expectSameResults(a: ModelSpec, digits = 10, kernel?: "wasm" | "js") {
  const { spec: b, groups } = handTunnels(a);
  const ra = evaluate(compileModel(a), kernel ? { kernel } : {});
  const rb = evaluate(compileModel(b));
  const Sa = ra.states.length;
  const Sb = rb.states.length;
  expect(Sb).toBeGreaterThan(Sa);
  for (let s = 0; s < ra.strategies.length; s++) {
    const x = ra.strategies[s];
    const y = rb.strategies[s];
    expect(x.cost.discounted).toBeCloseTo(y.cost.discounted, digits - 4); // costs are in thousands: 1e-10 relative
    expect(Math.abs(x.cost.discounted - y.cost.discounted) / Math.max(1, Math.abs(y.cost.discounted))).toBeLessThan(
      10 ** -digits,
    );
    expect(x.qalys.discounted).toBeCloseTo(y.qalys.discounted, digits);
    expect(x.qalys.undiscounted).toBeCloseTo(y.qalys.undiscounted, digits);
    expect(x.lifeYears.discounted).toBeCloseTo(y.lifeYears.discounted, digits);
    for (const v of ra.values)
      expect(Math.abs(x.values[v.id].discounted - y.values[v.id].discounted)).toBeLessThan(
        10 ** -digits * Math.max(1, Math.abs(y.values[v.id].discounted)),
      );
    for (let k = 0; k <= ra.nCycles; k++) {
      ra.states.forEach((st, j) => {
        const idx = groups[st].map((id) => rb.states.indexOf(id));
        const sum = idx.reduce((acc, i) => acc + y.trace![k * Sb + i], 0);
        expect(Math.abs(x.trace![k * Sa + j] - sum)).toBeLessThan(10 ** -digits);
      });
    }
    // results by health state name the declared states, not the tunnels
    expect(x.byState.map((b2) => b2.state)).toEqual(ra.states);
  }
}

/** The benchmark's state-residence model (Weibull progression by time in Sick) with two strategies and half-cycle counting. */
function weibullModel(): ModelSpec {
  const m = stateResidence75();
  m.settings.method = "half-cycle";
  m.parameters!.c_trt = 12000;
  m.strategies = [{ id: "soc" }, { id: "trt", parameters: { gamma: 0.9, c_trt: 20000 } }];
  return m;
}

describe("time in state equals hand-written tunnels (to 1e-10)", { timeout: 60_000 }, () => {
  it("Weibull hazard by time in state, 75 tunnels", () => {
    const m = weibullModel();
    expect(compileModel(m).nExpanded).toBe(3 + 75);
    expectSameResults(m);
  });

  it("a hazard that changes by year in state, constant after year 10 (monthly cycles, limit 120 months)", () => {
    const m: ModelSpec = {
      name: "relapse by year in remission",
      settings: {
        cycleLength: { months: 1 },
        horizon: { cycles: 300 },
        startAge: 40,
        discount: { costs: 0.035, outcomes: 0.035 },
        method: "simpson",
      },
      tables: {
        hazard: { key: "year", columns: { year: [0, 1, 2, 3, 5, 9], rate: [0.3, 0.2, 0.12, 0.08, 0.05, 0.03] } },
      },
      parameters: { r_die: 0.01, c_followup: 1200, c_soc: 30000, u_rem: 0.85, u_act: 0.6 },
      values: [
        { id: "c", kind: "cost", per: "year" },
        { id: "u", kind: "utility" },
      ],
      states: [
        { id: "Remission", values: { c: "c_followup", u: "u_rem" }, timeInState: { limit: 120 } },
        { id: "Active", values: { c: "c_soc", u: "u_act" } },
        { id: "Dead", dead: true },
      ],
      transitions: {
        Remission: {
          Remission: "C",
          Active: 'rateToProb(lookup("hazard", "rate", floor(yearsInState)), cycleLength)',
          Dead: "rateToProb(r_die, cycleLength)",
        },
        Active: { Active: "C", Remission: 0.02, Dead: "rateToProb(2 * r_die, cycleLength)" },
        Dead: { Dead: 1 },
      },
      init: { Remission: 1 },
    };
    expectSameResults(m);
  });

  it("a state with both time-in-state transitions and a time-in-state cost, and a transition value out of it", () => {
    const m = weibullModel();
    m.states[1].values = {
      c: "c_S + (timeInState <= 3 ? c_trt * (4 - timeInState) : 0)",
      u: "u_S - 0.01 * min(timeInState, 10)",
    };
    m.values.push({ id: "c_event", kind: "cost" });
    m.transitionValues = [{ from: "S", to: "SS", values: { c_event: "5000 + 100 * timeInState" } }];
    m.states[1].timeInState = { limit: 20 };
    expectSameResults(m);
  });

  it("the TypeScript loops (kernel js) equal hand-written tunnels too: Weibull hazard, time-in-state cost, transition value", () => {
    expectSameResults(weibullModel(), 10, "js");
    const m = weibullModel();
    m.states[1].values = { c: "c_S + (timeInState <= 3 ? c_trt * (4 - timeInState) : 0) + 10 * cycle", u: "u_S" };
    m.values.push({ id: "c_event", kind: "cost" });
    m.transitionValues = [{ from: "S", to: "SS", values: { c_event: "5000 + 100 * timeInState" } }];
    m.states[1].timeInState = { limit: 20 };
    expectSameResults(m, 10, "js");
  });
});

describe("time in state: closed form and structure", () => {
  it("with a constant hazard the time-in-state model equals the plain Markov model", () => {
    const tis = weibullModel();
    tis.parameters!.gamma = 1; // Weibull with shape 1 is exponential: constant 1 - exp(-lambda)
    tis.strategies = [{ id: "soc" }, { id: "trt", parameters: { c_trt: 20000, lambda: 0.05 } }];
    const plain = clone(tis);
    delete plain.states[1].timeInState;
    (plain.transitions as Record<string, Record<string, string>>).S.SS = "1 - exp(-lambda)";
    const a = evaluate(compileModel(tis));
    const b = evaluate(compileModel(plain));
    for (let s = 0; s < 2; s++) {
      expect(a.strategies[s].qalys.discounted).toBeCloseTo(b.strategies[s].qalys.discounted, 10);
      expect(Math.abs(a.strategies[s].cost.discounted - b.strategies[s].cost.discounted)).toBeLessThan(1e-6);
    }
    // with a Weibull shape other than 1 time in state matters
    const shaped = clone(tis);
    shaped.parameters!.gamma = 0.9;
    expect(evaluate(compileModel(shaped)).strategies[0].qalys.discounted).not.toBeCloseTo(
      a.strategies[0].qalys.discounted,
      3,
    );
  });

  it("without a limit a state gets one tunnel per cycle of the horizon", () => {
    const m = weibullModel();
    m.states[1].timeInState = true;
    m.settings.horizon = { cycles: 40 };
    expect(compileModel(m).nExpanded).toBe(3 + 40);
  });

  it("an object without a limit, or a limit past the horizon, also gives one tunnel per cycle of the horizon", () => {
    for (const tis of [{}, { limit: 100 }]) {
      const m = weibullModel();
      m.states[1].timeInState = tis;
      m.settings.horizon = { cycles: 40 };
      expect(compileModel(m).nExpanded, JSON.stringify(tis)).toBe(3 + 40);
    }
  });

  it("a dead state accrues no life years, whether or not it has time in state; a state is labelled by its id when it has no label", () => {
    // Annual cycles, counted at the beginning: A holds 1 then 0.8, B 0 then 0.1, D 0 then 0.1 (undiscounted).
    // Life years: A 1.8, B 0.1, D none: 1.9 in all.
    const m: ModelSpec = {
      name: "dead and labels",
      settings: { cycleLength: 1, horizon: { cycles: 2 }, discount: { costs: 0, outcomes: 0 }, method: "beginning" },
      values: [{ id: "u", kind: "utility" }],
      states: [
        { id: "A", label: "Alive", values: { u: 1 } },
        { id: "B", timeInState: { limit: 2 } },
        { id: "D", dead: true },
      ],
      transitions: { A: { A: "C", B: 0.1, D: 0.1 }, B: { B: "C", D: 0.2 }, D: { D: 1 } },
      init: { A: 1 },
    };
    const r = evaluate(compileModel(m)).strategies[0];
    expect(r.lifeYears.undiscounted).toBeCloseTo(1.9, 12);
    expect(r.byState.map((b) => [b.state, b.label])).toEqual([
      ["A", "Alive"],
      ["B", "B"],
      ["D", "D"],
    ]);
    expect(r.byState.map((b) => b.lifeYears.undiscounted)).toEqual([
      expect.closeTo(1.8, 12),
      expect.closeTo(0.1, 12),
      0,
    ]);
  });

  it("entering the state again starts its time in state over", () => {
    const m = weibullModel();
    const r = evaluate(compileModel(m), { trace: true });
    expect(r.strategies[0].trace![1 * 4 + 1]).toBeCloseTo(0.15, 12); // after one cycle: 15% sick, all in tunnel 1
  });
});

describe("time in state: bad input", () => {
  it("a time-in-state formula that gives a probability above 1 names the state, the time in state and the cycle", () => {
    const m = weibullModel();
    (m.transitions as Record<string, Record<string, string>>).S.SS = "timeInState >= 12 ? 1.3 : 0.1";
    const err = modelError(() => evaluate(compileModel(m)));
    const msg = err.message;
    expect(msg).toContain("transition S -> SS (time in state 12)");
    expect(msg).toContain("1.3");
    expect(msg).toMatch(/cycle \d+|every cycle/);
  });
  it("a time-dependent and time-in-state formula above 1 names the cycle too", () => {
    const m = weibullModel();
    (m.transitions as Record<string, Record<string, string>>).S.SS = "timeInState >= 2 && cycle >= 7 ? 1.3 : 0.1";
    expect(() => evaluate(compileModel(m))).toThrow(
      /transition S -> SS \(time in state 2\) \[strategy "soc", cycle 7\]/,
    );
  });
  it.each([0, -3, 2.5, "12"])("a limit of %s is rejected", (limit) => {
    const m = weibullModel() as unknown as { states: Array<Record<string, unknown>> };
    m.states[1].timeInState = { limit };
    expect(() => compileModel(m)).toThrow(
      /states\[1\]\.timeInState\.limit: the time-in-state limit must be a positive whole number of cycles/,
    );
  });
  it("timeInState in a state that does not declare it is rejected", () => {
    const m = weibullModel();
    (m.transitions as Record<string, Record<string, string>>).H.S = "0.01 * timeInState";
    expect(() => compileModel(m)).toThrow(
      /transitions\.H\.S: this transition probability depends on timeInState, but state "H" does not declare timeInState/,
    );
  });
});

/**
 * A parameter that reads time in state, referred to by its bare name: the engine instances it per
 * tunnel of the state where it is used (src/model/compile/tunnels.ts). Annual cycles, no discounting,
 * rectangle counting at the start of each cycle ("beginning"); everyone starts in Sick.
 */
function bareParameterModel(): ModelSpec {
  return {
    name: "bare time-in-state parameter",
    settings: {
      cycleLength: { years: 1 },
      horizon: { cycles: 4 },
      discount: { costs: 0, outcomes: 0 },
      method: "beginning",
    },
    parameters: {
      // exit probability 0.1 in the first two years in Sick, 0.5 after
      p_exit: "yearsInState < 2 ? 0.1 : 0.5",
      c_sick: "100 * timeInState",
      p_plain: 0.2,
    },
    values: [{ id: "c", kind: "cost" }],
    states: [
      { id: "Sick", values: { c: "c_sick" }, timeInState: { limit: 3 } },
      { id: "Dead", dead: true },
    ],
    transitions: { Sick: { Sick: "C", Dead: "p_exit" }, Dead: { Dead: 1 } },
    init: { Sick: 1 },
  };
}

describe("time in state through a parameter named bare", () => {
  it("a bare parameter that reads time in state is instanced per tunnel: hand-computed trace and cost", () => {
    const r = evaluate(compileModel(bareParameterModel()), { trace: true });
    // Sick at the start of cycles 0..4: 1, 0.9 (tunnel 1 exits 0.1), 0.81 (tunnel 2 exits 0.1), then
    // tunnel 3 (yearsInState 2, limit 3: stays in tunnel 3) exits 0.5: 0.405, 0.2025.
    const tr = r.strategies[0].trace!;
    [1, 0.9, 0.81, 0.405, 0.2025].forEach((sick, t) => expect(tr[t * 2]).toBeCloseTo(sick, 12));
    // cost per cycle = 100 x timeInState (1, 2, 3, 3 in cycles 0..3) x members at the start:
    // 100 + 180 + 243 + 121.5 = 644.5
    expect(r.strategies[0].values.c.undiscounted).toBeCloseTo(644.5, 9);
  });

  it("the same parameter used twice in one state is instanced once; a plain parameter is not instanced", () => {
    const m = bareParameterModel();
    m.values.push({ id: "e", kind: "cost" }, { id: "f", kind: "cost" });
    m.states[0].values!.e = "c_sick";
    m.states[0].values!.f = "p_plain";
    const once = compileModel(bareParameterModel());
    const twice = compileModel(m);
    // No new instances: c_sick in Sick has its 3 tunnel instances already, p_plain needs none.
    expect(twice.workSize).toBe(once.workSize);
    const r = evaluate(twice);
    expect(r.strategies[0].values.e.undiscounted).toBeCloseTo(644.5, 9);
    // 0.2 x (1 + 0.9 + 0.81 + 0.405) = 0.623
    expect(r.strategies[0].values.f.undiscounted).toBeCloseTo(0.623, 12);
  });

  it("a bare time-in-state parameter in a state without timeInState is refused, naming the parameter", () => {
    const m = bareParameterModel();
    m.states.splice(1, 0, { id: "Well" });
    (m.transitions as Record<string, Record<string, string | number>>).Well = { Well: "C", Dead: "p_exit" };
    const err = modelError(() => compileModel(m));
    expect(err.problems[0]).toMatchObject({
      where: "transitions.Well.Dead",
      message: 'this transition probability depends on timeInState, but state "Well" does not declare timeInState',
      value: "p_exit",
      expected: 'add "timeInState": {"limit": n} to state "Well"',
    });
  });

  it("a one-off value that reads time in state (through a parameter) is refused: no state declares it there", () => {
    const m = bareParameterModel();
    m.oneOff = { c: "c_sick" };
    const err = modelError(() => compileModel(m));
    expect(err.problems[0]).toMatchObject({
      where: "oneOff.c",
      message: "this one-off value depends on timeInState, but this place does not declare timeInState",
      value: "c_sick",
      expected: "no timeInState here",
    });
  });
});
