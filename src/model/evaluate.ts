/**
 * Evaluation: runs every strategy × cohort program through the cycles, propagating the cohort over
 * the sparse transition structure and accumulating values with the counting weights and discount
 * factors of docs/model-spec.md. Work per cycle is proportional to the formulas that change in
 * that cycle plus the non-zero transitions; memory does not grow with the number of cycles except
 * for the per-cycle result series and the trace, which can be switched off.
 */
import { ModelError, type Problem } from "./errors.js";
import { programFor, SLOT, type CompiledModel, type Node, type Program } from "./compile.js";
import { discountFactors } from "./discount.js";

/** Tolerance for a probability outside [0, 1] caused by floating-point rounding. */
export const PROBABILITY_TOLERANCE = 1e-12;
/** Tolerance for a row of probabilities that must sum to 1. */
export const ROW_SUM_TOLERANCE = 1e-9;

export interface EvaluateOptions {
  /** Numeric values replacing parameters' base values (strategy and cohort overrides still apply on top). */
  parameters?: Record<string, number>;
  /** Evaluate only these strategies (ids), in model order. Default: all. */
  strategies?: string[];
  /** Keep the cohort trace (counts by declared state at each time point). Default true. */
  trace?: boolean;
  /** Keep per-cycle series of every value and life years. Default true. */
  perCycle?: boolean;
  /** Replace the model's annual discount rates. */
  discount?: { costs?: number; outcomes?: number };
  /**
   * Called after each cycle with the probabilities of every expanded transition entry in that cycle
   * (see `entryFrom`/`entryTo` on the compiled model) and the expanded-state counts before and
   * after, as shares of the cohort times the cohort weight. For
   * inspection and verification; it must not modify the arrays.
   */
  onCycle?: (info: { strategy: string; cohort: string; cycle: number; p: Float64Array; before: Float64Array; after: Float64Array }) => void;
}

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
  /** Counts by declared state at times 0..nCycles, row-major: counts[k * states.length + s]. */
  trace?: Float64Array;
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
  cohortSize: number;
  /** The numeric parameter overrides this evaluation used. */
  parameters: Record<string, number>;
  strategies: StrategyResult[];
}

function discountsFor(model: CompiledModel, rate: number): Float64Array {
  let d = model.discountCache.get(rate);
  if (!d) {
    d = discountFactors(rate, model.cycleYears, model.nCycles);
    model.discountCache.set(rate, d);
  }
  return d;
}

/** Evaluates every strategy; throws ModelError (naming the place, cycle and value) if any probability or formula is invalid. */
export function evaluate(model: CompiledModel, options: EvaluateOptions = {}): ModelResult {
  const overrides = options.parameters ?? {};
  const problems: Problem[] = [];
  for (const [id, v] of Object.entries(overrides)) {
    if (!model.paramIndex.has(id)) problems.push({ where: `parameter ${id}`, message: "unknown parameter", value: id, expected: "a parameter of the model" });
    else if (typeof v !== "number" || !Number.isFinite(v)) problems.push({ where: `parameter ${id}`, message: "override is not a finite number", value: v });
  }
  const rates = { costs: options.discount?.costs ?? model.discount.costs, outcomes: options.discount?.outcomes ?? model.discount.outcomes };
  for (const k of ["costs", "outcomes"] as const) {
    if (!(rates[k] >= 0 && rates[k] <= 1)) problems.push({ where: `discount.${k}`, message: "discount rate out of range", value: rates[k], expected: "an annual rate in [0, 1]" });
  }
  let strategyIdx = model.strategies.map((_, i) => i);
  if (options.strategies) {
    strategyIdx = [];
    for (const id of options.strategies) {
      const i = model.strategies.findIndex((s) => s.id === id);
      if (i < 0) problems.push({ where: "strategies", message: `unknown strategy "${id}"`, value: id, expected: model.strategies.map((s) => s.id).join(", ") });
      else strategyIdx.push(i);
    }
  }
  if (problems.length) throw new ModelError(problems, "invalid evaluation options");

  const dc = discountsFor(model, rates.costs);
  const dO = discountsFor(model, rates.outcomes);
  const formulaParams = new Set(Object.keys(overrides).filter((id) => typeof model.paramIndex.get(id)!.value !== "number"));
  const wantTrace = options.trace !== false;
  const wantPerCycle = options.perCycle !== false;
  const sharedByCohort: SharedSeries[] = [];

  const strategies = strategyIdx.map((si) => {
    const acc = newAccumulator(model, wantTrace, wantPerCycle);
    model.cohorts.forEach((cohort, ci) => {
      if (cohort.weight === 0) return;
      const prog = programFor(model, si, ci, formulaParams);
      if (!sharedByCohort[ci]) sharedByCohort[ci] = { filled: false, values: new Float64Array((model.nCycles + 1) * prog.sharedCycleNodes) };
      run(model, prog, overrides, dc, dO, cohort.weight / model.cohortSize, acc, sharedByCohort[ci], options.onCycle);
    });
    return toResult(model, si, acc);
  });

  return {
    model: model.name,
    states: model.states.map((s) => s.id),
    values: model.values.map((v) => ({ id: v.id, kind: v.kind, label: v.label })),
    nCycles: model.nCycles,
    cycleYears: model.cycleYears,
    method: model.method,
    discount: rates,
    currency: model.currency,
    priceYear: model.priceYear,
    cohortSize: model.cohortSize,
    parameters: { ...overrides },
    strategies,
  };
}

interface Accumulator {
  stateU: Float64Array; // [s * V + v]
  stateD: Float64Array;
  lyU: Float64Array; // [s]
  lyD: Float64Array;
  transU: Float64Array; // [decl]
  transD: Float64Array;
  oneOff: Float64Array; // [v]
  cycleU: Float64Array | null; // [v * (T + 1) + t]
  cycleD: Float64Array | null;
  cycleLyU: Float64Array | null;
  cycleLyD: Float64Array | null;
  trace: Float64Array | null; // [k * S + s], per member of the cohort
}

function newAccumulator(model: CompiledModel, trace: boolean, perCycle: boolean): Accumulator {
  const S = model.states.length;
  const V = model.values.length;
  const T1 = model.nCycles + 1;
  return {
    stateU: new Float64Array(S * V),
    stateD: new Float64Array(S * V),
    lyU: new Float64Array(S),
    lyD: new Float64Array(S),
    transU: new Float64Array(model.transDecl.length),
    transD: new Float64Array(model.transDecl.length),
    oneOff: new Float64Array(V),
    cycleU: perCycle ? new Float64Array(V * T1) : null,
    cycleD: perCycle ? new Float64Array(V * T1) : null,
    cycleLyU: perCycle ? new Float64Array(T1) : null,
    cycleLyD: perCycle ? new Float64Array(T1) : null,
    trace: trace ? new Float64Array(T1 * S) : null,
  };
}

function describeNode(model: CompiledModel, n: Node): string {
  const where = n.where.length ? n.where[0] + (n.where.length > 1 ? ` (and ${n.where.length - 1} other place${n.where.length > 2 ? "s" : ""})` : "") : n.text;
  return where;
}

function nodeError(model: CompiledModel, prog: Program, n: Node, value: number, cycle: number | null, tunnel: number | null, err?: unknown): ModelError {
  const s = model.strategies[prog.strategyIndex];
  const parts = [`strategy "${s.id}"`];
  if (model.cohorts.length > 1) parts.push(`cohort "${model.cohorts[prog.cohortIndex].id}"`);
  if (cycle !== null) parts.push(`cycle ${cycle}`);
  if (tunnel !== null) parts.push(`time in state ${tunnel}`);
  const msg = err instanceof Error ? `formula "${n.text}" failed: ${err.message}` : `formula "${n.text}" gives ${Number.isNaN(value) ? "NaN" : value}`;
  return new ModelError({ where: `${describeNode(model, n)} [${parts.join(", ")}]`, message: msg, value, expected: "a finite number" }, "evaluation failed");
}

function evalNodes(model: CompiledModel, prog: Program, nodes: Node[], work: Float64Array, cycle: number | null, tunnel: number | null, from = 0, to = nodes.length): void {
  for (let i = from; i < to; i++) {
    const n = nodes[i];
    let v: number;
    try {
      v = n.fn(work);
    } catch (err) {
      throw nodeError(model, prog, n, NaN, cycle, tunnel, err);
    }
    if (v - v !== 0) throw nodeError(model, prog, n, v, cycle, tunnel);
    work[n.slot] = v;
  }
}

function evalTunnels(model: CompiledModel, prog: Program, groups: Program["constTunnelGroups"], work: Float64Array, cycle: number | null): void {
  const L = model.cycleYears;
  for (const g of groups) {
    for (let k = 1; k <= g.tunnels; k++) {
      work[SLOT.timeInState] = k;
      work[SLOT.yearsInState] = (k - 1) * L;
      evalNodes(model, prog, g.chain, work, cycle, k);
      for (const o of g.outputs) work[o.instanceBase + k - 1] = work[o.node.slot];
    }
  }
  work[SLOT.timeInState] = NaN;
  work[SLOT.yearsInState] = NaN;
}

function entryPlace(model: CompiledModel, e: number): string {
  const from = model.states[model.entryDeclFrom[e]].id;
  const to = model.states[model.entryDeclTo[e]].id;
  const k = model.entryTunnel[e];
  return `transition ${from} -> ${to}` + (k > 0 ? ` (time in state ${k})` : "");
}

function rowError(model: CompiledModel, prog: Program, row: number, cycle: number | null, message: string, value: number, expected: string): ModelError {
  const s = model.states[model.expandedState[row]];
  const k = s.timeInState ? row - s.base + 1 : 0;
  const ctx = [`strategy "${model.strategies[prog.strategyIndex].id}"`];
  if (model.cohorts.length > 1) ctx.push(`cohort "${model.cohorts[prog.cohortIndex].id}"`);
  ctx.push(cycle === null ? "every cycle" : `cycle ${cycle}`);
  return new ModelError({ where: `transitions from ${s.id}${k ? ` (time in state ${k})` : ""} [${ctx.join(", ")}]`, message, value, expected }, "evaluation failed");
}

/** Fills and checks one row's probabilities: entries in [0, 1], the complement, and the row sum. */
function settleRow(model: CompiledModel, prog: Program, p: Float64Array, row: number, cycle: number | null): void {
  const start = model.rowStart[row];
  const end = model.rowStart[row + 1];
  const comp = model.rowComplement[row];
  let sum = 0;
  for (let e = start; e < end; e++) {
    if (e === comp) continue;
    const v = p[e];
    if (!(v >= -PROBABILITY_TOLERANCE && v <= 1 + PROBABILITY_TOLERANCE)) {
      const ctx = [`strategy "${model.strategies[prog.strategyIndex].id}"`];
      if (model.cohorts.length > 1) ctx.push(`cohort "${model.cohorts[prog.cohortIndex].id}"`);
      ctx.push(cycle === null ? "every cycle" : `cycle ${cycle}`);
      throw new ModelError({ where: `${entryPlace(model, e)} [${ctx.join(", ")}]`, message: "probability outside [0, 1]", value: v, expected: "a probability in [0, 1]" }, "evaluation failed");
    }
    sum += v;
  }
  if (comp >= 0) {
    const c = 1 - sum;
    if (c < -ROW_SUM_TOLERANCE) throw rowError(model, prog, row, cycle, "the probabilities other than the complement C sum to more than 1", sum, "a sum <= 1");
    p[comp] = c < 0 ? 0 : c;
  } else if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
    throw rowError(model, prog, row, cycle, "the row does not sum to 1 (use \"C\" for the complement)", sum, `1 (within ${ROW_SUM_TOLERANCE})`);
  }
}

/** Per-cycle values of the shared cycle nodes of one cohort, filled by the first strategy run. */
interface SharedSeries {
  filled: boolean;
  values: Float64Array; // [t * nShared + j]
}

function run(
  model: CompiledModel,
  prog: Program,
  overrides: Record<string, number>,
  dc: Float64Array,
  dO: Float64Array,
  scale: number,
  acc: Accumulator,
  shared: SharedSeries,
  onCycle?: EvaluateOptions["onCycle"],
): void {
  const T = model.nCycles;
  const L = model.cycleYears;
  const S = model.states.length;
  const V = model.values.length;
  const nE = model.nExpanded;
  const work = model.template.slice();
  const strategy = model.strategies[prog.strategyIndex];
  const cohort = model.cohorts[prog.cohortIndex];
  for (const [slot, v] of prog.numericParams) work[slot] = v;
  for (const id in overrides) {
    if (id in strategy.overrides || id in cohort.overrides) continue;
    work[model.paramIndex.get(id)!.slot] = overrides[id];
  }
  work[SLOT.timeInState] = NaN;
  work[SLOT.yearsInState] = NaN;
  // Formulas evaluated once see the time variables of cycle 1 (time 0), as one-off values do.
  work[SLOT.cycle] = 1;
  work[SLOT.time] = 0;
  work[SLOT.age] = prog.startAge;
  evalNodes(model, prog, prog.constNodes, work, null, null);
  evalTunnels(model, prog, prog.constTunnelGroups, work, null);

  const { rowStart, entryTo, entrySrc, entryFrom, rowComplement } = model;
  const nEntries = entrySrc.length;
  const p = new Float64Array(nEntries);
  for (let e = 0; e < nEntries; e++) if (entrySrc[e] >= 0 && !prog.dynamic[entrySrc[e]]) p[e] = work[entrySrc[e]];
  for (let r = 0; r < prog.staticRows.length; r++) settleRow(model, prog, p, prog.staticRows[r], null);
  const dynEntries = prog.dynEntries;
  const nDyn = dynEntries.length;
  const dynRows = prog.dynRows;
  const nDynRows = dynRows.length;

  let cur = new Float64Array(nE);
  let next = new Float64Array(nE);
  for (let i = 0; i < nE; i++) cur[i] = model.init[i] * scale;
  const expandedState = model.expandedState;
  const allSingle = nE === S; // no tunnels: expanded state i is declared state i
  let aggPrev = new Float64Array(S);
  let aggNext = new Float64Array(S);
  for (let i = 0; i < nE; i++) aggPrev[expandedState[i]] += cur[i];
  const T1 = T + 1;
  const trace = acc.trace;
  if (trace) for (let s = 0; s < S; s++) trace[s] += aggPrev[s];

  const alpha = model.weights.alpha;
  const beta = model.weights.beta;
  const states = model.states;
  const isCost = new Uint8Array(V);
  const valueScale = new Float64Array(V);
  model.values.forEach((v, i) => {
    isCost[i] = v.kind === "cost" ? 1 : 0;
    valueScale[i] = v.scale;
  });
  const pairs = model.pairs;
  const varying = prog.varyingPairs;
  const nVarying = varying.length;
  const constant = prog.constantPairs;
  const trans = model.transValues;
  const nTrans = trans.length;
  // Weighted counts of cycle t per declared state (undiscounted, cost-discounted, outcome-discounted) and their sums over cycles.
  const WU = new Float64Array(S);
  const WC = new Float64Array(S);
  const WO = new Float64Array(S);
  const sumU = new Float64Array(S);
  const sumC = new Float64Array(S);
  const sumO = new Float64Array(S);
  const cycleNodes = prog.cycleNodes;
  const nShared = prog.sharedCycleNodes;
  const sharedValues = shared.values;
  const useShared = shared.filled;
  const cycleGroups = prog.cycleTunnelGroups;
  const startAge = prog.startAge;
  const cycleU = acc.cycleU;
  const cycleD = acc.cycleD;
  const cycleLyU = acc.cycleLyU;
  const cycleLyD = acc.cycleLyD;
  const alive = new Uint8Array(S);
  states.forEach((s, i) => (alive[i] = s.dead ? 0 : 1));
  const stateU = acc.stateU;
  const stateD = acc.stateD;

  for (let t = 1; t <= T; t++) {
    const time = (t - 1) * L;
    work[SLOT.cycle] = t;
    work[SLOT.time] = time;
    work[SLOT.age] = startAge + time;
    if (nShared > 0) {
      const off = t * nShared;
      if (useShared) {
        for (let j = 0; j < nShared; j++) work[cycleNodes[j].slot] = sharedValues[off + j];
      } else {
        evalNodes(model, prog, cycleNodes, work, t, null, 0, nShared);
        for (let j = 0; j < nShared; j++) sharedValues[off + j] = work[cycleNodes[j].slot];
      }
    }
    if (cycleNodes.length > nShared) evalNodes(model, prog, cycleNodes, work, t, null, nShared, cycleNodes.length);
    if (cycleGroups.length) evalTunnels(model, prog, cycleGroups, work, t);
    if (nDyn > 0) {
      for (let j = 0; j < nDyn; j++) {
        const e = dynEntries[j];
        p[e] = work[entrySrc[e]];
      }
      for (let r = 0; r < nDynRows; r++) {
        // Inline check of a row: entries in [0, 1], then the complement or the row sum.
        const row = dynRows[r];
        const comp = rowComplement[row];
        const end = rowStart[row + 1];
        let sum = 0;
        let bad = false;
        for (let e = rowStart[row]; e < end; e++) {
          if (e === comp) continue;
          const v = p[e];
          if (!(v >= -PROBABILITY_TOLERANCE && v <= 1 + PROBABILITY_TOLERANCE)) bad = true;
          sum += v;
        }
        if (comp >= 0 && !bad) {
          const c = 1 - sum;
          if (c >= 0) p[comp] = c;
          else if (c >= -ROW_SUM_TOLERANCE) p[comp] = 0;
          else bad = true;
        } else if (!bad && Math.abs(sum - 1) > ROW_SUM_TOLERANCE) bad = true;
        if (bad) settleRow(model, prog, p, row, t); // throws with the details
      }
    }

    if (t === 1) {
      // One-off values: once per member of the cohort at time 0, not discounted (d_0 = 1).
      for (const o of model.oneOff) {
        const x = work[o.src] * scale * model.cohortSize;
        acc.oneOff[o.value] += x;
        if (cycleU) {
          cycleU[o.value * T1] += x;
          cycleD![o.value * T1] += x;
        }
      }
    }

    // Propagation over the non-zero transitions.
    next.fill(0);
    for (let i = 0; i < nE; i++) {
      const c = cur[i];
      if (c === 0) continue;
      const end = rowStart[i + 1];
      for (let e = rowStart[i]; e < end; e++) next[entryTo[e]] += c * p[e];
    }

    // Transition values: counted once per move, at the end of the cycle in which it happens.
    for (let j = 0; j < nTrans; j++) {
      const tv = trans[j];
      const flow = cur[entryFrom[tv.entry]] * p[tv.entry];
      if (flow === 0) continue;
      const x = flow * work[tv.src];
      const xd = x * (isCost[tv.value] ? dc[t] : dO[t]);
      acc.transU[tv.decl] += x;
      acc.transD[tv.decl] += xd;
      if (cycleU) {
        cycleU[tv.value * T1 + t] += x;
        cycleD![tv.value * T1 + t] += xd;
      }
    }

    if (allSingle) aggNext.set(next);
    else {
      aggNext.fill(0);
      for (let i = 0; i < nE; i++) aggNext[expandedState[i]] += next[i];
    }
    const a = alpha[t];
    const b = beta[t];
    const ac = a * dc[t - 1];
    const bc = b * dc[t];
    const ao = a * dO[t - 1];
    const bo = b * dO[t];
    for (let s = 0; s < S; s++) {
      const m0 = aggPrev[s];
      const m1 = aggNext[s];
      const u = a * m0 + b * m1;
      const c = ac * m0 + bc * m1;
      const o = ao * m0 + bo * m1;
      WU[s] = u;
      WC[s] = c;
      WO[s] = o;
      sumU[s] += u;
      sumC[s] += c;
      sumO[s] += o;
    }
    if (cycleLyU) {
      let lyU = 0;
      let lyD = 0;
      for (let s = 0; s < S; s++) {
        if (alive[s]) {
          lyU += WU[s] * L;
          lyD += WO[s] * L;
        }
      }
      cycleLyU[t] += lyU;
      cycleLyD![t] += lyD;
      // Per-cycle series of values that do not change between cycles.
      for (let j = 0; j < constant.length; j++) {
        const pr = pairs[constant[j]];
        const s = pr.state;
        const v = pr.value;
        const x = work[pr.src] * valueScale[v];
        cycleU![v * T1 + t] += x * WU[s];
        cycleD![v * T1 + t] += x * (isCost[v] ? WC[s] : WO[s]);
      }
    }
    for (let j = 0; j < nVarying; j++) {
      const pr = pairs[varying[j]];
      const s = pr.state;
      const v = pr.value;
      let u: number;
      let d: number;
      if (!pr.perTunnel) {
        const x = work[pr.src] * valueScale[v];
        u = x * WU[s];
        d = x * (isCost[v] ? WC[s] : WO[s]);
      } else {
        const base = states[s].base;
        const n = states[s].tunnels;
        const aw = isCost[v] ? ac : ao;
        const bw = isCost[v] ? bc : bo;
        u = 0;
        d = 0;
        for (let k = 0; k < n; k++) {
          const m0 = cur[base + k];
          const m1 = next[base + k];
          if (m0 === 0 && m1 === 0) continue;
          const x = work[pr.src + k] * valueScale[v];
          u += x * (a * m0 + b * m1);
          d += x * (aw * m0 + bw * m1);
        }
      }
      stateU[s * V + v] += u;
      stateD[s * V + v] += d;
      if (cycleU) {
        cycleU[v * T1 + t] += u;
        cycleD![v * T1 + t] += d;
      }
    }
    if (trace) {
      const off = t * S;
      for (let s = 0; s < S; s++) trace[off + s] += aggNext[s];
    }
    if (onCycle) onCycle({ strategy: strategy.id, cohort: cohort.id, cycle: t, p, before: cur, after: next });
    const tmp = cur;
    cur = next;
    next = tmp;
    const tmpA = aggPrev;
    aggPrev = aggNext;
    aggNext = tmpA;
  }
  if (nShared > 0) shared.filled = true;

  // Values constant over time: value times the weighted counts summed over cycles.
  for (let j = 0; j < constant.length; j++) {
    const pr = pairs[constant[j]];
    const s = pr.state;
    const v = pr.value;
    const x = work[pr.src] * valueScale[v];
    stateU[s * V + v] += x * sumU[s];
    stateD[s * V + v] += x * (isCost[v] ? sumC[s] : sumO[s]);
  }
  for (let s = 0; s < S; s++) {
    if (!alive[s]) continue;
    acc.lyU[s] += sumU[s] * L;
    acc.lyD[s] += sumO[s] * L;
  }
}

function toResult(model: CompiledModel, si: number, acc: Accumulator): StrategyResult {
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
    return { state: st.id, label: st.label, lifeYears: { undiscounted: acc.lyU[s], discounted: acc.lyD[s] }, values: vals };
  });
  const byTransition = model.transDecl.map((td, j) => ({ from: td.from, to: td.to, value: td.value, amount: { undiscounted: acc.transU[j], discounted: acc.transD[j] } }));
  const st = model.strategies[si];
  const result: StrategyResult = { id: st.id, label: st.label, cost, qalys, lifeYears, values, byState, byTransition, oneOff };
  if (acc.cycleU) {
    const T1 = model.nCycles + 1;
    const series: NonNullable<StrategyResult["perCycle"]>["values"] = {};
    model.values.forEach((val, v) => {
      series[val.id] = { undiscounted: acc.cycleU!.slice(v * T1, (v + 1) * T1), discounted: acc.cycleD!.slice(v * T1, (v + 1) * T1) };
    });
    result.perCycle = { values: series, lifeYears: { undiscounted: acc.cycleLyU!, discounted: acc.cycleLyD! } };
  }
  if (acc.trace) {
    // The trace was accumulated per member of the cohort; report counts.
    const tr = acc.trace;
    for (let i = 0; i < tr.length; i++) tr[i] *= model.cohortSize;
    result.trace = tr;
  }
  return result;
}
