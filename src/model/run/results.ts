/**
 * Results: what an evaluation returns (per strategy: totals, by state, by transition, one-off values,
 * per-cycle series, trace), the accumulators the cycle loop adds into, and the step that turns
 * accumulators into results.
 */
import type { CompiledModel, Program } from "../compile/compile.js";
import type { Buffers } from "./buffers.js";
import type { DiscountChoice } from "../spec/spec.js";
import { ModelError } from "../errors.js";

/**
 * Called after each cycle with the probabilities of every expanded transition entry in that cycle
 * (see `entryFrom`/`entryTo` on the compiled model) and the expanded-state counts before and
 * after, as shares of the cohort times the cohort weight. For inspection and verification; it
 * must not modify the arrays.
 */
export type OnCycle = (info: {
  strategy: string;
  cohort: string;
  cycle: number;
  p: Float64Array;
  before: Float64Array;
  after: Float64Array;
}) => void;

/** An amount before and after discounting. */
export interface Amount {
  undiscounted: number;
  discounted: number;
}

export interface StateResult {
  state: string;
  label: string;
  lifeYears: Amount;
  /** Per value id: the total accrued in this state. */
  values: Record<string, Amount>;
}

export interface StrategyResult {
  id: string;
  label: string;
  /** Totals per member of the cohort. `cost` sums the values of kind cost, `qalys` those of kind utility. */
  cost: Amount;
  qalys: Amount;
  lifeYears: Amount;
  values: Record<string, Amount>;
  byState: StateResult[];
  byTransition: Array<{ from: string; to: string; value: string; amount: Amount }>;
  oneOff: Record<string, number>;
  /** Per-cycle series, index 0 = one-off values at time 0, index t = cycle t (length nCycles + 1). */
  perCycle?: {
    values: Record<string, { undiscounted: Float64Array; discounted: Float64Array }>;
    lifeYears: { undiscounted: Float64Array; discounted: Float64Array };
  };
  /** Counts by declared state at times 0..nCycles, row-major: counts[k * states.length + s]; in the units of `init` (not per member, unlike the totals). */
  trace?: Float64Array;
  /** The cohort size (sum of the initial counts) of this strategy; results are per member. */
  cohortSize: number;
}

export interface ModelResult {
  model: string;
  states: string[];
  values: Array<{ id: string; kind: string; label: string }>;
  nCycles: number;
  cycleYears: number;
  method: string;
  discount: { costs: number; outcomes: number };
  currency?: string;
  priceYear?: number;
  /** The numeric parameter overrides this evaluation used. */
  parameters: Record<string, number>;
  strategies: StrategyResult[];
}

/** Where one strategy's results are summed (over its cohorts); per member of the cohort. */
export interface Accumulator {
  cohortSize: number;
  // Small sums as plain arrays: allocating them is much cheaper than allocating typed arrays.
  stateU: number[]; // [s * V + v]
  stateD: number[];
  lyU: number[]; // [s]
  lyD: number[];
  transU: number[]; // [decl]
  transD: number[];
  oneOff: number[]; // [v]
  cycleU: Float64Array | null; // [v * (T + 1) + t]
  cycleD: Float64Array | null;
  cycleLyU: Float64Array | null;
  cycleLyD: Float64Array | null;
  trace: Float64Array | null; // [k * S + s], in counts (shares of the cohort times the cohort size), unlike the totals
}

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

export function newAccumulator(model: CompiledModel, trace: boolean, perCycle: boolean): Accumulator {
  const S = model.states.length;
  const V = model.values.length;
  const T1 = model.nCycles + 1;
  return {
    cohortSize: 0,
    stateU: zeros(S * V),
    stateD: zeros(S * V),
    lyU: zeros(S),
    lyD: zeros(S),
    transU: zeros(model.transDecl.length),
    transD: zeros(model.transDecl.length),
    oneOff: zeros(V),
    cycleU: perCycle ? new Float64Array(V * T1) : null,
    cycleD: perCycle ? new Float64Array(V * T1) : null,
    cycleLyU: perCycle ? new Float64Array(T1) : null,
    cycleLyD: perCycle ? new Float64Array(T1) : null,
    trace: trace ? new Float64Array(T1 * S) : null,
  };
}

/**
 * One lane of the run's lane-interleaved arrays: a strategy × cohort × parameter set (one per draw
 * of a batch, see batch.ts): its program, its parameter overrides, where its results go, its cohort
 * weight, and (set by the run) its cohort size and weight per initial member.
 */
export interface Lane {
  prog: Program;
  acc: Accumulator;
  weight: number;
  size: number;
  scale: number;
  /** Numeric parameter values of this lane's parameter set (strategy and cohort overrides still apply on top). */
  overrides: Record<string, number>;
  /** Which parameter set of the run (0 for a single evaluation): lanes of one cohort and one set share their per-cycle formulas. */
  draw: number;
}

/** Index of the rate that discounts a value, in the order costs, outcomes, none (the order of the per-rate arrays of the cycle loop). */
export function rateOf(choice: DiscountChoice): 0 | 1 | 2 {
  return choice === "costs" ? 0 : choice === "outcomes" ? 1 : 2;
}

/**
 * Per-cycle series and the trace from the projections G (counts) and H (transition values):
 * cycle t weighs the counts at t - 1 with alpha_t and those at t with beta_t.
 */
export function seriesFromProjections(
  model: CompiledModel,
  lanes: Lane[],
  bufs: Buffers,
  dc: Float64Array,
  dO: Float64Array,
): void {
  const T = model.nCycles;
  const T1 = T + 1;
  const V = model.values.length;
  const S = model.states.length;
  const L = model.cycleYears;
  const { K, G, H, proj } = bufs;
  const GR = proj.rows * K;
  const HR = bufs.hRows * K;
  const { alpha, beta } = model.weights;
  const ones = new Float64Array(T1).fill(1);
  for (let k = 0; k < lanes.length; k++) {
    const { acc } = lanes[k];
    const cycleU = acc.cycleU;
    const cycleD = acc.cycleD;
    if (cycleU && cycleD) {
      for (let v = 0; v < V; v++) {
        const d = [dc, dO, ones][rateOf(model.values[v].discount)];
        const row = v * K + k;
        const o = v * T1;
        let g = row; // G[t - 1][row]
        let h = HR + row; // H[t][row]
        for (let t = 1; t <= T; t++) {
          const m0 = G[g];
          const m1 = G[g + GR];
          const x = H[h];
          const a = alpha[t];
          const b = beta[t];
          cycleU[o + t] += a * m0 + b * m1 + x;
          cycleD[o + t] += a * d[t - 1] * m0 + b * d[t] * m1 + d[t] * x;
          g += GR;
          h += HR;
        }
      }
      const lyU = acc.cycleLyU!;
      const lyD = acc.cycleLyD!;
      const row = proj.lyRow * K + k;
      for (let t = 1; t <= T; t++) {
        const m0 = G[(t - 1) * GR + row];
        const m1 = G[t * GR + row];
        const a = alpha[t];
        const b = beta[t];
        lyU[t] += (a * m0 + b * m1) * L;
        lyD[t] += (a * dO[t - 1] * m0 + b * dO[t] * m1) * L;
      }
    }
    const tr = acc.trace;
    if (tr) {
      // The trace is reported in counts: shares of the cohort times the cohort size.
      const size = lanes[k].size;
      let g = proj.traceRow * K + k; // G[t][trace row of state 0]
      for (let t = 0, o = 0; t <= T; t++, o += S, g += GR) for (let s = 0; s < S; s++) tr[o + s] += G[g + s * K] * size;
    }
  }
}

export function toResult(model: CompiledModel, si: number, acc: Accumulator): StrategyResult {
  const S = model.states.length;
  const V = model.values.length;
  const values: Record<string, Amount> = {};
  const cost: Amount = { undiscounted: 0, discounted: 0 };
  const qalys: Amount = { undiscounted: 0, discounted: 0 };
  const oneOff: Record<string, number> = {};
  model.values.forEach((val, v) => {
    let u = acc.oneOff[v];
    let d = acc.oneOff[v];
    oneOff[val.id] = acc.oneOff[v];
    for (let s = 0; s < S; s++) {
      u += acc.stateU[s * V + v];
      d += acc.stateD[s * V + v];
    }
    model.transDecl.forEach((td, j) => {
      if (td.value === val.id) {
        u += acc.transU[j];
        d += acc.transD[j];
      }
    });
    values[val.id] = { undiscounted: u, discounted: d };
    if (val.kind === "cost") {
      cost.undiscounted += u;
      cost.discounted += d;
    } else if (val.kind === "utility") {
      qalys.undiscounted += u;
      qalys.discounted += d;
    }
  });
  checkTotals(model, si, acc, values, cost, qalys);
  const lifeYears: Amount = { undiscounted: 0, discounted: 0 };
  for (let s = 0; s < S; s++) {
    lifeYears.undiscounted += acc.lyU[s];
    lifeYears.discounted += acc.lyD[s];
  }
  const byState: StateResult[] = model.states.map((st, s) => {
    const vals: Record<string, Amount> = {};
    model.values.forEach((val, v) => {
      vals[val.id] = { undiscounted: acc.stateU[s * V + v], discounted: acc.stateD[s * V + v] };
    });
    return {
      state: st.id,
      label: st.label,
      lifeYears: { undiscounted: acc.lyU[s], discounted: acc.lyD[s] },
      values: vals,
    };
  });
  const byTransition = model.transDecl.map((td, j) => ({
    from: td.from,
    to: td.to,
    value: td.value,
    amount: { undiscounted: acc.transU[j], discounted: acc.transD[j] },
  }));
  const st = model.strategies[si];
  const result: StrategyResult = {
    id: st.id,
    label: st.label,
    cohortSize: acc.cohortSize,
    cost,
    qalys,
    lifeYears,
    values,
    byState,
    byTransition,
    oneOff,
  };
  if (acc.cycleU) {
    const T1 = model.nCycles + 1;
    const series: NonNullable<StrategyResult["perCycle"]>["values"] = {};
    model.values.forEach((val, v) => {
      // Views of the run's own arrays (made for this result alone), not copies.
      series[val.id] = {
        undiscounted: acc.cycleU!.subarray(v * T1, (v + 1) * T1),
        discounted: acc.cycleD!.subarray(v * T1, (v + 1) * T1),
      };
    });
    result.perCycle = { values: series, lifeYears: { undiscounted: acc.cycleLyU!, discounted: acc.cycleLyD! } };
  }
  if (acc.trace) {
    result.trace = acc.trace;
  }
  return result;
}

const finite = (a: Amount) => Number.isFinite(a.undiscounted) && Number.isFinite(a.discounted);

/**
 * Every formula gives a finite number (checked where it is evaluated), but their sum over cycles,
 * states and cohorts can still exceed the largest double (1.8e308): name the first place that does.
 */
function checkTotals(
  model: CompiledModel,
  si: number,
  acc: Accumulator,
  values: Record<string, Amount>,
  cost: Amount,
  qalys: Amount,
): void {
  const V = model.values.length;
  const tag = `[strategy "${model.strategies[si].id}"]`;
  const fail = (where: string, what: string, got: number): never => {
    throw new ModelError(
      {
        where: `${where} ${tag}`,
        message: `${what} overflows: its sum is larger than the largest number (1.8e308)`,
        value: got,
        expected: "amounts small enough to sum over the cycles (check the unit of the value or the formula)",
      },
      "evaluation failed",
    );
  };
  const first = (u: number, d: number) => (Number.isFinite(u) ? d : u);
  for (let v = 0; v < V; v++) {
    const id = model.values[v].id;
    if (finite(values[id])) continue;
    for (let s = 0; s < model.states.length; s++) {
      const u = acc.stateU[s * V + v];
      const d = acc.stateD[s * V + v];
      if (!Number.isFinite(u) || !Number.isFinite(d))
        fail(`states[${s}].values.${id}`, `the total of value "${id}" in state "${model.states[s].id}"`, first(u, d));
    }
    model.transDecl.forEach((td, j) => {
      const u = acc.transU[j];
      const d = acc.transD[j];
      if (td.value === id && (!Number.isFinite(u) || !Number.isFinite(d)))
        fail(`transitionValues ${td.from} -> ${td.to}, ${id}`, `the total of value "${id}"`, first(u, d));
    });
    fail(`values[${v}] (${id})`, `the total of value "${id}"`, first(values[id].undiscounted, values[id].discounted));
  }
  if (!finite(cost))
    fail("cost", "the total cost (the sum of the values of kind cost)", first(cost.undiscounted, cost.discounted));
  if (!finite(qalys))
    fail(
      "qalys",
      "the total QALYs (the sum of the values of kind utility)",
      first(qalys.undiscounted, qalys.discounted),
    );
}
