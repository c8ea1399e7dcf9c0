/**
 * A deliberately straightforward reference evaluator: every formula (parameters, entries, values) is
 * evaluated afresh in every cycle for every strategy, cohort and tunnel, matrices are dense, and the
 * cycle sums follow the definitions of docs/model-spec.md literally.
 *
 * It shares ONLY the formula parser (`parseFormula`) with the engine. Everything else is written here
 * again from its definition, so that a bug in the engine's version cannot hide in both:
 * - counting weights from the quadrature rules (rectangle, trapezoid, composite Simpson 1/3 and 3/8);
 * - discount factors (1 + r)^(-years) with the platform's Math.pow (not the engine's own pow);
 * - cycle length in years (months / 12; weeks * 7 / 365.25; days / 365.25 — docs/model-spec.md, "settings");
 * - the time variables (cycle, time, age, cycleLength, timeInState, yearsInState);
 * - time in state as explicit tunnel counts per state (docs/model-spec.md, "Time in state");
 * - formulas by a small interpreter over the parser's AST (no closures compiled by the engine),
 *   including the floored modulo (`%`, `mod`), `startAge`, cohort attributes and look-ups whose
 *   column is a cohort's text attribute;
 * - custom count weights (`method: "custom"`), per-value discounting (costs, outcomes, none) and
 *   within-cycle corrected transition values, from their definitions in docs/model-spec.md.
 * It exists to check the engine's shortcuts (lanes, sharing across strategies, change detection,
 * cycle batching, tunnel expansion, count weights, the WebAssembly kernel).
 */
import { parseFormula, type Ast, type ModelSpec } from "../../src/model/index.js";

export interface NaiveTotals {
  cost: number;
  costU: number;
  qalys: number;
  qalysU: number;
  ly: number;
  lyU: number;
  /** trace[k][s]: count of declared state s at time k (tunnels summed), cohorts weighted. */
  trace: number[][];
  /** Per value id: its total before and after discounting (state values, transition values and one-off values). */
  values: Record<string, { u: number; d: number }>;
}

type CycleLength = ModelSpec["settings"]["cycleLength"];

/** Years per cycle, as docs/model-spec.md defines the units (a Julian year of 365.25 days). */
export function naiveCycleYears(c: CycleLength): number {
  if (typeof c === "number") return c;
  const u = c as { years?: number; months?: number; weeks?: number; days?: number };
  if (u.years !== undefined) return u.years;
  if (u.months !== undefined) return u.months / 12;
  if (u.weeks !== undefined) return (u.weeks * 7) / 365.25;
  if (u.days !== undefined) return u.days / 365.25;
  throw new Error(`naive: unknown cycle length ${JSON.stringify(c)}`);
}

/**
 * Per-cycle weights [a_t, b_t] on the counts at the start (time t-1) and end (time t) of cycle t,
 * t = 1..T (index 0 unused), built from the quadrature rules on a unit grid:
 * - beginning: left rectangle rule (all weight on the start count); end: right rectangle rule;
 * - half-cycle / trapezoid / life-table: trapezoid rule, h/2 (f0 + f1) per cycle;
 * - simpson: composite Simpson 1/3, h/3 (f0 + 4 f1 + f2) per pair of cycles, the middle weight 4/3
 *   shared equally by the two cycles (2/3 each); with T odd >= 3 the last three cycles use Simpson's
 *   3/8 rule, 3h/8 (f0 + 3 f1 + 3 f2 + f3), its inner weights 9/8 split 5/8 + 1/2 and 1/2 + 5/8
 *   between neighbouring cycles as docs/model-spec.md states; T = 1 uses the trapezoid.
 */
export function naiveWeights(
  method: string | undefined,
  T: number,
  custom?: number[] | string,
): Array<[number, number]> {
  if (method === undefined) throw new Error("naive: settings.method is required");
  const m = method;
  const w: Array<[number, number]> = [[0, 0]];
  if (m === "custom") {
    // docs/model-spec.md: count k (k < T) is valued with cycle k + 1 (weight on the start of that
    // cycle); the last count with cycle T (weight on its end).
    const cw = naiveCountWeights(custom!, T);
    for (let t = 1; t <= T; t++) w.push([cw[t - 1], t === T ? cw[T] : 0]);
    return w;
  }
  const isTrapezoid = m === "half-cycle" || m === "trapezoid" || m === "life-table";
  for (let t = 1; t <= T; t++) {
    if (m === "beginning") w.push([1, 0]);
    else if (m === "end") w.push([0, 1]);
    else if (isTrapezoid || (m === "simpson" && T === 1)) w.push([1 / 2, 1 / 2]);
    else if (m === "simpson") w.push([NaN, NaN]);
    else throw new Error(`naive: unknown counting method ${m}`);
  }
  if (m === "simpson" && T >= 2) {
    // Simpson 1/3 on counts 0..P (P even), then 3/8 on P..T when T is odd.
    const P = T % 2 === 0 ? T : T - 3;
    const simpson13 = [1 / 3, 4 / 3, 1 / 3];
    for (let t = 1; t <= P; t += 2) {
      w[t] = [simpson13[0], simpson13[1] / 2];
      w[t + 1] = [simpson13[1] / 2, simpson13[2]];
    }
    if (T % 2 === 1) {
      const r38 = [3 / 8, 9 / 8, 9 / 8, 3 / 8];
      w[P + 1] = [r38[0], r38[1] - 1 / 2];
      w[P + 2] = [1 / 2, 1 / 2];
      w[P + 3] = [r38[2] - 1 / 2, r38[3]];
    }
  }
  return w;
}

/** Count weights w_0..w_T of `settings.weights`: the list itself, or the formula evaluated with cycle = k, nCycles = T. */
function naiveCountWeights(custom: number[] | string, T: number): number[] {
  if (Array.isArray(custom)) return custom;
  const ast = parseFormula(custom);
  return Array.from({ length: T + 1 }, (_, k) =>
    interpret(
      ast,
      (n) => (n === "cycle" ? k : n === "nCycles" ? T : NaN),
      new Map(),
      () => undefined,
    ),
  );
}

/** Floored modulo by its definition a - b * floor(a / b). */
const floorMod = (a: number, b: number) => a - b * Math.floor(a / b);

/** Discount factor of a count at time `years`: (1 + r)^(-years). */
const discount = (rate: number, years: number) => Math.pow(1 + rate, -years);

interface Table {
  keys: number[];
  columns: Record<string, number[]>;
}

/**
 * Evaluates a formula AST; `name` resolves identifiers (time variables, parameters, numeric
 * attributes), `text` the cohort's text attributes (a look-up may name its column by one).
 */
function interpret(
  ast: Ast,
  name: (n: string) => number,
  tables: Map<string, Table>,
  text: (n: string) => string | undefined,
): number {
  const ev = (a: Ast): number => interpret(a, name, tables, text);
  switch (ast.type) {
    case "num":
      return ast.value;
    case "str":
      throw new Error(`naive: text "${ast.value}" used as a number`);
    case "name":
      return name(ast.name);
    case "unary": {
      const x = ev(ast.arg);
      return ast.op === "-" ? -x : ast.op === "+" ? x : x === 0 ? 1 : 0;
    }
    case "cond":
      return ev(ast.test) !== 0 ? ev(ast.then) : ev(ast.else);
    case "binary": {
      const l = ev(ast.left);
      const r = ev(ast.right);
      const ops: Record<string, () => number> = {
        "+": () => l + r,
        "-": () => l - r,
        "*": () => l * r,
        "/": () => l / r,
        "%": () => floorMod(l, r),
        "^": () => Math.pow(l, r),
        "<": () => +(l < r),
        "<=": () => +(l <= r),
        ">": () => +(l > r),
        ">=": () => +(l >= r),
        "==": () => +(l === r),
        "!=": () => +(l !== r),
        "&&": () => +(l !== 0 && r !== 0),
        "||": () => +(l !== 0 || r !== 0),
      };
      const f = ops[ast.op];
      if (!f) throw new Error(`naive: operator ${ast.op} not implemented`);
      return f();
    }
    case "call": {
      if (ast.fn === "if") return ev(ast.args[0]) !== 0 ? ev(ast.args[1]) : ev(ast.args[2]);
      if (ast.fn === "lookup") {
        const [tn, cn, key] = ast.args;
        const column = cn.type === "str" ? cn.value : cn.type === "name" ? text(cn.name) : undefined;
        if (tn.type !== "str" || column === undefined)
          throw new Error("naive: lookup needs a literal table and a literal column or text attribute");
        const t = tables.get(tn.value)!;
        const x = ev(key);
        if (!(x >= t.keys[0])) throw new Error(`naive: lookup key ${x} below the table`);
        // the last row whose key <= x; past the last key, the last row
        let row = 0;
        for (let i = 0; i < t.keys.length; i++) if (t.keys[i] <= x) row = i;
        return t.columns[column][row];
      }
      const a = ast.args.map(ev);
      const fns: Record<string, (...x: number[]) => number> = {
        exp: Math.exp,
        log: (x, b) => (b === undefined ? Math.log(x) : Math.log(x) / Math.log(b)),
        log10: Math.log10,
        sqrt: Math.sqrt,
        abs: Math.abs,
        floor: Math.floor,
        ceil: Math.ceil,
        round: Math.round,
        pow: Math.pow,
        min: Math.min,
        max: Math.max,
        mod: floorMod,
        // constant-rate conversions (Briggs et al. 2006, ch. 3)
        rateToProb: (r, t = 1) => 1 - Math.exp(-r * t),
        probToRate: (p, t = 1) => -Math.log(1 - p) / t,
        rescaleProb: (p, from, to) => 1 - Math.pow(1 - p, to / from),
      };
      const f = fns[ast.fn];
      if (!f) throw new Error(`naive: function ${ast.fn} not implemented`);
      return f(...a);
    }
  }
}

/** A state's number of tunnels: its time-in-state limit capped at the horizon, 1 without time in state. */
function tunnelsOf(s: ModelSpec["states"][number], T: number): number {
  if (!s.timeInState) return 1;
  const limit = s.timeInState === true ? T : (s.timeInState.limit ?? T);
  return Math.max(1, Math.min(limit, T));
}

export function naiveEvaluate(spec: ModelSpec): NaiveTotals[] {
  const L = naiveCycleYears(spec.settings.cycleLength);
  const T = spec.settings.horizon.cycles!;
  const w = naiveWeights(spec.settings.method, T, spec.settings.weights);
  const correct = spec.settings.correctTransitionValues === true;
  const states = spec.states.map((s) => s.id);
  const S = states.length;
  const nTun = spec.states.map((s) => tunnelsOf(s, T));
  const tables = new Map<string, Table>();
  for (const [n, t] of Object.entries(spec.tables ?? {})) tables.set(n, { keys: t.columns[t.key], columns: t.columns });
  const strategies = spec.strategies ?? [{ id: "base" }];
  const cohorts = spec.cohorts ?? [{ id: "all", weight: 1 }];
  const asts = new Map<string, Ast>();
  const parse = (e: string) => asts.get(e) ?? asts.set(e, parseFormula(e)).get(e)!;
  const rows = spec.transitions as Record<string, Record<string, string | number>>;
  const valueSpec = (vid: string) => spec.values.find((v) => v.id === vid)!;
  const rc = spec.settings.discount.costs;
  const ro = spec.settings.discount.outcomes;
  /** The annual rate of a value: its `discount` choice, by default costs for costs and outcomes otherwise. */
  const rateOf = (vid: string): number => {
    const v = valueSpec(vid);
    const choice = v.discount ?? (v.kind === "cost" ? "costs" : "outcomes");
    return choice === "costs" ? rc : choice === "outcomes" ? ro : 0;
  };
  /** Adds an amount of a value: to its own totals, and to cost or QALYs by kind. */
  const add = (out: NaiveTotals, vid: string, u: number, d: number) => {
    const tot = (out.values[vid] ??= { u: 0, d: 0 });
    tot.u += u;
    tot.d += d;
    const kind = valueSpec(vid).kind;
    if (kind === "cost") ((out.cost += d), (out.costU += u));
    if (kind === "utility") ((out.qalys += d), (out.qalysU += u));
  };

  return strategies.map((st) => {
    const out: NaiveTotals = { cost: 0, costU: 0, qalys: 0, qalysU: 0, ly: 0, lyU: 0, trace: [], values: {} };
    for (let k = 0; k <= T; k++) out.trace.push(new Array(S).fill(0));
    for (const co of cohorts as NonNullable<ModelSpec["cohorts"]>) {
      const startAge = co.startAge ?? spec.settings.startAge ?? 0;
      const attrs = co.attributes ?? {};
      const text = (n: string) => (typeof attrs[n] === "string" ? (attrs[n] as string) : undefined);
      const defOf = (id: string): string | number => {
        const p = spec.parameters![id];
        return (st.parameters ?? {})[id] ?? (co.parameters ?? {})[id] ?? (typeof p === "object" ? p.value : p);
      };
      /** Evaluator for cycle t and time in state k (k = 0: outside a time-in-state state). */
      const at = (t: number, k: number) => {
        const memo = new Map<string, number>();
        const name = (n: string): number => {
          if (n === "cycle") return t;
          if (n === "time") return (t - 1) * L;
          if (n === "age") return startAge + (t - 1) * L;
          if (n === "cycleLength") return L;
          if (n === "startAge") return startAge;
          if (typeof attrs[n] === "number") return attrs[n] as number;
          if (k > 0 && n === "timeInState") return k;
          if (k > 0 && n === "yearsInState") return (k - 1) * L;
          if (!spec.parameters || !(n in spec.parameters)) throw new Error(`naive: unknown name ${n}`);
          if (!memo.has(n)) memo.set(n, value(defOf(n)));
          return memo.get(n)!;
        };
        const value = (e: string | number): number =>
          typeof e === "number" ? e : interpret(parse(e), name, tables, text);
        return value;
      };
      const ev1 = at(1, 0);
      // m[s][k]: members in state s, tunnel k (0-based), per member of the cohort, times its weight
      let m = states.map((s, i) => {
        const row = new Array(nTun[i]).fill(0);
        const e = spec.init[s];
        row[0] = e === undefined ? 0 : ev1(e);
        return row;
      });
      const size = m.reduce((a, r) => a + r[0], 0);
      m = m.map((r) => r.map((x) => (x * co.weight) / size));
      for (let s = 0; s < S; s++) out.trace[0][s] += sum(m[s]) * size;
      for (const [vid, e] of Object.entries(spec.oneOff ?? {})) {
        const x = ev1(e) * co.weight; // counted once at time 0: undiscounted
        add(out, vid, x, x);
      }
      for (let t = 1; t <= T; t++) {
        const next = states.map((_, i) => new Array(nTun[i]).fill(0));
        const [a, b] = w[t];
        for (let i = 0; i < S; i++) {
          for (let k = 0; k < nTun[i]; k++) {
            const ev = at(t, spec.states[i].timeInState ? k + 1 : 0);
            const P = new Array(S).fill(0);
            let rest = 0;
            let comp = -1;
            for (const [to, e] of Object.entries(rows[states[i]])) {
              const j = states.indexOf(to);
              if (e === "C") comp = j;
              else ((P[j] = ev(e)), (rest += P[j]));
            }
            if (comp >= 0) P[comp] = 1 - rest;
            for (let j = 0; j < S; j++) {
              // moving to itself advances the tunnel (the last tunnel holds); entering a state starts at tunnel 1
              const dest = j === i ? Math.min(k + 1, nTun[i] - 1) : 0;
              next[j][dest] += m[i][k] * P[j];
            }
            for (const tv of spec.transitionValues ?? []) {
              if (tv.from !== states[i]) continue;
              const flow = m[i][k] * P[states.indexOf(tv.to)];
              for (const [vid, e] of Object.entries(tv.values)) {
                const x = flow * ev(e);
                const r = rateOf(vid);
                // At the end of the cycle of the move; corrected: with the cycle's weights, as a state value.
                if (correct) add(out, vid, x * (a + b), x * (a * discount(r, (t - 1) * L) + b * discount(r, t * L)));
                else add(out, vid, x, x * discount(r, t * L));
              }
            }
          }
        }
        for (let i = 0; i < S; i++) {
          const s = spec.states[i];
          for (let k = 0; k < nTun[i]; k++) {
            const ev = at(t, s.timeInState ? k + 1 : 0);
            const mk0 = m[i][k];
            const mk1 = next[i][k];
            const weighted = (r: number) => a * mk0 * discount(r, (t - 1) * L) + b * mk1 * discount(r, t * L);
            if (!s.dead) {
              out.lyU += (a * mk0 + b * mk1) * L;
              out.ly += weighted(ro) * L;
            }
            for (const [vid, e] of Object.entries(s.values ?? {})) {
              const vs = valueSpec(vid);
              const per = vs.per ?? (vs.kind === "utility" ? "year" : "cycle");
              const x = ev(e) * (per === "year" ? L : 1);
              add(out, vid, x * (a * mk0 + b * mk1), x * weighted(rateOf(vid)));
            }
          }
        }
        m = next;
        for (let s = 0; s < S; s++) out.trace[t][s] += sum(m[s]) * size;
      }
    }
    return out;
  });
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
