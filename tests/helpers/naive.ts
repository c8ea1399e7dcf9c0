/**
 * A deliberately straightforward reference evaluator for models without time in state: every formula
 * (parameters, entries, values) is evaluated afresh in every cycle for every strategy and cohort,
 * matrices are dense, and the cycle sums follow the definitions of docs/model-spec.md literally.
 * It shares only the formula parser with the engine; it exists to check the engine's shortcuts
 * (lanes, sharing across strategies, change detection, count weights).
 */
import { compileFormula, parseFormula, cycleLengthYears, cycleWeights, resolveMethod, type ModelSpec, type LookupTable } from "../../src/model/index.js";

export interface NaiveTotals {
  cost: number;
  costU: number;
  qalys: number;
  qalysU: number;
  ly: number;
  lyU: number;
  trace: number[][];
}

export function naiveEvaluate(spec: ModelSpec): NaiveTotals[] {
  const L = cycleLengthYears(spec.settings.cycleLength);
  const T = spec.settings.horizon.cycles!;
  const method = resolveMethod(spec.settings.method);
  const { alpha, beta } = cycleWeights(method, T);
  const states = spec.states.map((s) => s.id);
  const S = states.length;
  const tables = new Map<string, LookupTable>();
  for (const [name, t] of Object.entries(spec.tables ?? {})) {
    const keys = Float64Array.from(t.columns[t.key]);
    tables.set(name, { name, keyColumn: t.key, keys, columns: new Map(Object.entries(t.columns).map(([c, a]) => [c, Float64Array.from(a)])), integerStep: false });
  }
  const strategies = spec.strategies ?? [{ id: "base" }];
  const cohorts = spec.cohorts ?? [{ id: "all", weight: 1 }];
  const paramIds = Object.keys(spec.parameters ?? {});
  const names = ["cycle", "time", "age", "cycleLength", ...paramIds];
  const scope = { slot: (n: string) => (names.includes(n) ? names.indexOf(n) : undefined), table: (n: string) => tables.get(n) };
  const compile = (e: string | number) => (typeof e === "number" ? () => e : compileFormula(e, parseFormula(e), scope));
  const baseDef = (id: string) => {
    const p = spec.parameters![id];
    return typeof p === "object" ? p.value : p;
  };
  const rows = spec.transitions as Record<string, Record<string, string | number>>;

  return strategies.map((st) => {
    const out: NaiveTotals = { cost: 0, costU: 0, qalys: 0, qalysU: 0, ly: 0, lyU: 0, trace: [] };
    for (let k = 0; k <= T; k++) out.trace.push(new Array(S).fill(0));
    for (const co of cohorts) {
      const defs = paramIds.map((id) => compile((st.parameters ?? {})[id] ?? (co.parameters ?? {})[id] ?? baseDef(id)));
      const startAge = co.startAge ?? spec.settings.startAge ?? 0;
      const envAt = (t: number) => {
        const env = new Float64Array(names.length);
        env[0] = t;
        env[1] = (t - 1) * L;
        env[2] = startAge + (t - 1) * L;
        env[3] = L;
        // parameters may refer to each other: evaluate repeatedly until they settle
        for (let pass = 0; pass < paramIds.length + 1; pass++) defs.forEach((f, i) => (env[4 + i] = f(env)));
        return env;
      };
      const env0 = envAt(1);
      let m = states.map((s) => {
        const e = spec.init[s];
        return e === undefined ? 0 : compile(e)(env0);
      });
      const size = m.reduce((a, b) => a + b, 0);
      m = m.map((x) => (x * co.weight) / size);
      for (let s = 0; s < S; s++) out.trace[0][s] += m[s] * size;
      const disc = (r: number, k: number) => Math.pow(1 + r, -k * L);
      for (const [vid, e] of Object.entries(spec.oneOff ?? {})) {
        const kind = spec.values.find((v) => v.id === vid)!.kind;
        const x = compile(e)(env0) * co.weight;
        if (kind === "cost") {
          out.cost += x;
          out.costU += x;
        }
      }
      for (let t = 1; t <= T; t++) {
        const env = envAt(t);
        const P = states.map(() => new Array(S).fill(0));
        states.forEach((from, i) => {
          let sum = 0;
          let comp = -1;
          for (const [to, e] of Object.entries(rows[from])) {
            const j = states.indexOf(to);
            if (e === "C") comp = j;
            else {
              P[i][j] = compile(e)(env);
              sum += P[i][j];
            }
          }
          if (comp >= 0) P[i][comp] = 1 - sum;
        });
        const next = new Array(S).fill(0);
        for (let i = 0; i < S; i++) for (let j = 0; j < S; j++) next[j] += m[i] * P[i][j];
        for (const tv of spec.transitionValues ?? []) {
          const i = states.indexOf(tv.from);
          const j = states.indexOf(tv.to);
          for (const [vid, e] of Object.entries(tv.values)) {
            const kind = spec.values.find((v) => v.id === vid)!.kind;
            const x = m[i] * P[i][j] * compile(e)(env);
            if (kind === "cost") {
              out.cost += x * disc(spec.settings.discount.costs, t);
              out.costU += x;
            }
          }
        }
        spec.states.forEach((s, i) => {
          const a = alpha[t];
          const b = beta[t];
          if (!s.dead) {
            out.lyU += (a * m[i] + b * next[i]) * L;
            out.ly += (a * m[i] * disc(spec.settings.discount.outcomes, t - 1) + b * next[i] * disc(spec.settings.discount.outcomes, t)) * L;
          }
          for (const [vid, e] of Object.entries(s.values ?? {})) {
            const vs = spec.values.find((v) => v.id === vid)!;
            const per = vs.per ?? (vs.kind === "utility" ? "year" : "cycle");
            const x = compile(e)(env) * (per === "year" ? L : 1);
            const r = vs.kind === "cost" ? spec.settings.discount.costs : spec.settings.discount.outcomes;
            const u = x * (a * m[i] + b * next[i]);
            const d = x * (a * m[i] * disc(r, t - 1) + b * next[i] * disc(r, t));
            if (vs.kind === "cost") {
              out.costU += u;
              out.cost += d;
            } else if (vs.kind === "utility") {
              out.qalysU += u;
              out.qalys += d;
            }
          }
        });
        m = next;
        for (let s = 0; s < S; s++) out.trace[t][s] += m[s] * size;
      }
    }
    return out;
  });
}
