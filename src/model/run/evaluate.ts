/**
 * Evaluation: runs every strategy × cohort program through the cycles, propagating the cohort over
 * the sparse transition structure and accumulating values with the counting weights and discount
 * factors of docs/model-spec.md. Work per cycle is proportional to the formulas that change in
 * that cycle plus the non-zero transitions; memory does not grow with the number of cycles except
 * for the per-cycle result series and the trace, which can be switched off.
 */
import { ModelError, Problems } from "../errors.js";
import { programFor, SLOT, type CompiledModel, type Node, type Program } from "../compile/compile.js";
import { discountFactors } from "./discount.js";
import { countKernelRun, DESC, DESC_FIELDS, kernelAvailable, newKernel, specialise, type Kernel, type KernelLayout, type SpecialisedRun } from "../kernel/kernel.js";

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
  const problems = new Problems();
  for (const [id, v] of Object.entries(overrides)) {
    if (!model.paramIndex.has(id)) problems.add(`parameter ${id}`, "unknown parameter", id, "a parameter of the model");
    else if (typeof v !== "number" || !Number.isFinite(v)) problems.add(`parameter ${id}`, "override is not a finite number", v);
  }
  const rates = { costs: options.discount?.costs ?? model.discount.costs, outcomes: options.discount?.outcomes ?? model.discount.outcomes };
  for (const k of ["costs", "outcomes"] as const) {
    if (!(rates[k] >= 0 && rates[k] <= 1)) problems.add(`discount.${k}`, "discount rate out of range", rates[k], "an annual rate in [0, 1]");
  }
  let strategyIdx = model.strategies.map((_, i) => i);
  if (options.strategies) {
    strategyIdx = [];
    for (const id of options.strategies) {
      const i = model.strategies.findIndex((s) => s.id === id);
      if (i < 0) problems.add("strategies", `unknown strategy "${id}"`, id, model.strategies.map((s) => s.id).join(", "));
      else strategyIdx.push(i);
    }
  }
  problems.throwIfAny("invalid evaluation options");

  const dc = discountsFor(model, rates.costs);
  const dO = discountsFor(model, rates.outcomes);
  const formulaParams = new Set(Object.keys(overrides).filter((id) => typeof model.paramIndex.get(id)!.value !== "number"));
  const wantTrace = options.trace !== false;
  const wantPerCycle = options.perCycle !== false;

  // Every strategy × cohort is a lane; all lanes advance through the cycles together.
  const accs = strategyIdx.map(() => newAccumulator(model, wantTrace, wantPerCycle));
  const lanes: Lane[] = [];
  strategyIdx.forEach((si, a) => {
    model.cohorts.forEach((cohort, ci) => {
      if (cohort.weight === 0) return;
      lanes.push({ prog: programFor(model, si, ci, formulaParams), acc: accs[a], weight: cohort.weight, scale: NaN, size: NaN });
    });
  });
  runLanes(model, lanes, overrides, dc, dO, options.onCycle);
  const strategies = strategyIdx.map((si, a) => toResult(model, si, accs[a]));

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
    parameters: { ...overrides },
    strategies,
  };
}

interface Accumulator {
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
  trace: Float64Array | null; // [k * S + s], per member of the cohort
}

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

function newAccumulator(model: CompiledModel, trace: boolean, perCycle: boolean): Accumulator {
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

/** Where a formula is used: its first place, and how many others share it. */
function describeNode(n: Node): string {
  return n.where.length ? n.where[0] + (n.where.length > 1 ? ` (and ${n.where.length - 1} other place${n.where.length > 2 ? "s" : ""})` : "") : n.text;
}

function nodeError(model: CompiledModel, prog: Program, n: Node, value: number, cycle: number | null, tunnel: number | null, err?: unknown): ModelError {
  const s = model.strategies[prog.strategyIndex];
  const parts = [`strategy "${s.id}"`];
  if (model.cohorts.length > 1) parts.push(`cohort "${model.cohorts[prog.cohortIndex].id}"`);
  if (cycle !== null) parts.push(`cycle ${cycle}`);
  if (tunnel !== null) parts.push(`time in state ${tunnel}`);
  const msg = err instanceof Error ? `formula "${n.text}" failed: ${err.message}` : `formula "${n.text}" gives ${Number.isNaN(value) ? "NaN" : value}`;
  return new ModelError({ where: `${describeNode(n)} [${parts.join(", ")}]`, message: msg, value, expected: "a finite number" }, "evaluation failed");
}

/** A formula's value, or a ModelError naming the formula, strategy, cycle and tunnel if it fails or is not finite. */
function evalNode(model: CompiledModel, prog: Program, n: Node, work: Float64Array, cycle: number | null, tunnel: number | null): number {
  let v: number;
  try {
    v = n.fn(work);
  } catch (err) {
    throw nodeError(model, prog, n, NaN, cycle, tunnel, err);
  }
  if (v - v !== 0) throw nodeError(model, prog, n, v, cycle, tunnel);
  return v;
}

function evalNodes(model: CompiledModel, prog: Program, nodes: Node[], work: Float64Array, cycle: number | null, tunnel: number | null): void {
  for (let i = 0; i < nodes.length; i++) work[nodes[i].slot] = evalNode(model, prog, nodes[i], work, cycle, tunnel);
}

/**
 * Evaluates tunnel groups for every tunnel k. With `cache`, the groups' `cached` nodes are restored
 * from it instead of evaluated (fillTunnelCache computes them once per run).
 */
function evalTunnels(model: CompiledModel, prog: Program, groups: Program["constTunnelGroups"], work: Float64Array, cycle: number | null, cache?: Float64Array): void {
  const L = model.cycleYears;
  let off = 0;
  for (const g of groups) {
    const nc = g.cached.length;
    for (let k = 1; k <= g.tunnels; k++) {
      work[SLOT.timeInState] = k;
      work[SLOT.yearsInState] = (k - 1) * L;
      if (cache) for (let j = 0; j < nc; j++) work[g.cached[j].slot] = cache[off + (k - 1) * nc + j];
      evalNodes(model, prog, g.chain, work, cycle, k);
      for (const o of g.outputs) work[o.instanceBase + k - 1] = work[o.node.slot];
    }
    off += g.tunnels * nc;
  }
  work[SLOT.timeInState] = NaN;
  work[SLOT.yearsInState] = NaN;
}

/** Values of the time-in-state-only nodes of per-cycle tunnel groups, per tunnel, computed once per run. */
const EMPTY = new Float64Array(0);
function fillTunnelCache(model: CompiledModel, prog: Program, work: Float64Array): Float64Array {
  const L = model.cycleYears;
  const size = prog.cycleTunnelGroups.reduce((a, g) => a + g.tunnels * g.cached.length, 0);
  if (size === 0) return EMPTY;
  const cache = new Float64Array(size);
  let off = 0;
  for (const g of prog.cycleTunnelGroups) {
    const nc = g.cached.length;
    for (let k = 1; k <= g.tunnels; k++) {
      work[SLOT.timeInState] = k;
      work[SLOT.yearsInState] = (k - 1) * L;
      evalNodes(model, prog, g.cached, work, null, k);
      for (let j = 0; j < nc; j++) cache[off + (k - 1) * nc + j] = work[g.cached[j].slot];
    }
    off += g.tunnels * nc;
  }
  work[SLOT.timeInState] = NaN;
  work[SLOT.yearsInState] = NaN;
  return cache;
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

/**
 * Checks one row's probabilities in one lane and sets its complement: entries in [0, 1], the
 * complement >= 0 (rounding below -ROW_SUM_TOLERANCE is an error, above it is set to 0), or a row
 * sum of 1 when the row has no complement. Throws a ModelError naming the place, cycle and value.
 */
function settleRow(model: CompiledModel, prog: Program, p: Float64Array, K: number, k: number, row: number, cycle: number | null): void {
  const { rowStart, rowComplement, entryPos } = model;
  const end = rowStart[row + 1];
  const comp = rowComplement[row];
  let sum = 0;
  for (let e = rowStart[row]; e < end; e++) {
    if (e === comp) continue;
    const v = p[entryPos[e] * K + k];
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
    p[entryPos[comp] * K + k] = c < 0 ? 0 : c;
  } else if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
    throw rowError(model, prog, row, cycle, "the row does not sum to 1 (use \"C\" for the complement)", sum, `1 (within ${ROW_SUM_TOLERANCE})`);
  }
}

/** One strategy × cohort: its program, where its results go, its cohort weight, and (set by the run) its cohort size and weight per initial member. */
interface Lane {
  prog: Program;
  acc: Accumulator;
  weight: number;
  size: number;
  scale: number;
}

/** Per-lane state of the cycle loop. */
interface LaneState {
  work: Float64Array;
  /** Time-in-state-only values of the per-cycle tunnel groups (fillTunnelCache). */
  tunnelCache: Float64Array;
  /** The cycle in which each slot's value last changed. */
  changedAt: Int32Array;
  /** The last cycle in which any of the lane's per-cycle values changed. */
  lastChange: number;
}

/**
 * Runs all lanes through the cycles in lockstep. Counts and probabilities are stored lane-interleaved
 * (index = state × K + lane), so the propagation loop does the same arithmetic for every lane with
 * consecutive memory accesses; with K a multiple of 4 it is unrolled by 4. Per cycle:
 *   1. time variables; per-cycle formulas, each only if it reads the time variables or a formula
 *      that changed this cycle; formulas shared by all strategies of a cohort once per cohort;
 *   2. the probabilities of lanes whose inputs changed, checked and completed with the complement;
 *   3. propagation m_t = m_{t-1} P_t over the non-zero entries (pull by destination);
 *   4. transition values, weighted counts, values that change between cycles, trace.
 * Values that do not change between cycles are multiplied by the summed weighted counts at the end.
 */
function runLanes(model: CompiledModel, lanes: Lane[], overrides: Record<string, number>, dc: Float64Array, dO: Float64Array, onCycle?: EvaluateOptions["onCycle"]): void {
  if (lanes.length === 0) return;
  const perCycle = lanes.some((l) => l.acc.cycleU !== null);
  const trace = lanes.some((l) => l.acc.trace !== null);
  const bufs = buffersFor(model, lanes.length, dc, dO, perCycle, trace);
  try {
    runCycles(model, lanes, overrides, dc, dO, bufs, onCycle);
  } finally {
    bufs.busy = false;
  }
}

const bufferCache = new WeakMap<CompiledModel, Map<string, Buffers>>();

/**
 * The run's arrays, kept with the model for the next run of the same shape (an evaluation started
 * inside another, from onCycle, gets arrays of its own on the JavaScript heap).
 */
function buffersFor(model: CompiledModel, nLanes: number, dc: Float64Array, dO: Float64Array, perCycle: boolean, trace: boolean): Buffers {
  const withKernel = kernelAvailable();
  const key = `${nLanes}|${dc === dO}|${withKernel}|${perCycle}|${trace}`;
  let byKey = bufferCache.get(model);
  if (!byKey) bufferCache.set(model, (byKey = new Map()));
  let bufs = byKey.get(key);
  if (bufs?.busy) bufs = new Buffers(model, nLanes, dc === dO, false, perCycle, trace);
  else if (!bufs) byKey.set(key, (bufs = new Buffers(model, nLanes, dc === dO, withKernel, perCycle, trace)));
  bufs.prepare(model, dc, dO);
  if (bufs.kernel) countKernelRun(bufs.special !== null);
  return bufs;
}

/**
 * Per-cycle series and the trace as projections of the counts: row r of G at cycle t is
 * Σ_e coef_e × m_t[state_e] over the entries e of row r. Rows: per value (the values of its
 * state-value pairs, one entry per expanded state) and life years (1 per living expanded state)
 * when per-cycle series are asked for; per declared state (1 per expanded state) for the trace.
 */
interface Projection {
  row: number[];
  state: number[];
  /** The state-value pair of a value row's entry and the tunnel (0 for a state without), or -1 for life-year and trace rows. */
  pair: number[];
  tunnel: number[];
  rows: number;
  lyRow: number;
  traceRow: number;
}

function projectionOf(model: CompiledModel, perCycle: boolean, trace: boolean): Projection {
  const pr: Projection = { row: [], state: [], pair: [], tunnel: [], rows: 0, lyRow: -1, traceRow: -1 };
  const add = (row: number, state: number, pair: number, tunnel: number) => {
    pr.row.push(row);
    pr.state.push(state);
    pr.pair.push(pair);
    pr.tunnel.push(tunnel);
  };
  if (perCycle) {
    const V = model.values.length;
    for (let v = 0; v < V; v++) {
      model.pairs.forEach((p, j) => {
        if (p.value !== v) return;
        const st = model.states[p.state];
        for (let q = 0; q < st.tunnels; q++) add(v, st.base + q, j, q);
      });
    }
    pr.lyRow = V;
    for (const st of model.states) if (!st.dead) for (let q = 0; q < st.tunnels; q++) add(V, st.base + q, -1, 0);
    pr.rows = V + 1;
  }
  if (trace) {
    pr.traceRow = pr.rows;
    model.states.forEach((st, s) => {
      for (let q = 0; q < st.tunnels; q++) add(pr.traceRow + s, st.base + q, -1, 0);
    });
    pr.rows += model.states.length;
  }
  return pr;
}

type Region =
  | "desc" | "colStart" | "colSrc" | "tFrom" | "tPos" | "tRow" | "projRow" | "projState" | "rowStart" | "rowComp" | "entryPos" | "dynSrc" | "dynPos" | "dynRows" | "work" | "tol"
  | "p" | "a" | "b" | "sumU" | "sumC" | "sumO" | "fU" | "fC" | "fO" | "w" | "wc" | "wo" | "dc" | "dO" | "projCoef" | "tCoef" | "G" | "H";

/**
 * The arrays of one run: in WebAssembly memory when the kernel is available (kernel.ts), else on
 * the JavaScript heap. Lane-interleaved: element (i, lane) is at i × K + lane; K is the number of
 * lanes padded to a multiple of 4 (padding lanes hold zero counts) so the loops handle 4 lanes at once.
 */
class Buffers {
  readonly K: number;
  readonly kernel: Kernel | null;
  /** Byte offsets in kernel memory (0 without the kernel). */
  readonly at: Record<Region, number>;
  readonly colStart: Int32Array;
  readonly colSrc: Int32Array;
  /** Per valued transition: its source expanded state, its position among the entries, its value (row of H). */
  readonly tFrom: Int32Array;
  readonly tPos: Int32Array;
  readonly tRow: Int32Array;
  readonly p: Float64Array;
  /** Counts: `a` and `b` alternate as the counts before and after a cycle. */
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** Weighted counts summed over cycles: undiscounted, discounted at the cost rate, at the outcome rate (= sumC when the rates are equal). */
  readonly sumU: Float64Array;
  readonly sumC: Float64Array;
  readonly sumO: Float64Array;
  /** Flows of each valued transition summed over cycles: undiscounted, discounted at the cost and the outcome rate. */
  readonly fU: Float64Array;
  readonly fC: Float64Array;
  readonly fO: Float64Array;
  /** Per cycle t = 0..T: the count weight w_t, w_t × d_t at the cost and the outcome rate, and the discount factors. */
  readonly w: Float64Array;
  readonly wc: Float64Array;
  readonly wo: Float64Array;
  /** Projections (see Projection): structure, per-lane coefficients, and G[t][row][lane] for t = 0..T. */
  readonly proj: Projection;
  readonly projRow: Int32Array;
  readonly projState: Int32Array;
  readonly projCoef: Float64Array;
  readonly G: Float64Array;
  /** Per-cycle series of transition values: per transition and lane its value (0 where it changes between cycles), and H[t][value][lane]. */
  readonly tCoef: Float64Array;
  readonly H: Float64Array;
  readonly hRows: number;

  /** Kernel memory (null without the kernel). */
  readonly memory: WebAssembly.Memory | null;
  /** The kernel's `run` specialised to this model and layout, once compiled (from the second run on). */
  special: SpecialisedRun | null = null;
  private runs = 0;
  /** In use by a run. */
  busy = false;
  /** Per lane: the environment of formula values, and the cycle in which each slot last changed. */
  readonly work: Float64Array[];
  /** With the kernel, per lane (at lane × entries, lane × expanded states): the computed probabilities' sources and positions, and the rows to settle when they change. */
  readonly dynSrc: Int32Array | null = null;
  readonly dynPos: Int32Array | null = null;
  readonly dynRows: Int32Array | null = null;
  readonly changedAt: Int32Array[];
  private readonly T1: number;
  private dc: Float64Array | null = null;
  private dO: Float64Array | null = null;
  private readonly dcAt: Float64Array | null;
  private readonly dOAt: Float64Array | null;

  constructor(model: CompiledModel, nLanes: number, sameRates: boolean, withKernel: boolean, perCycle: boolean, trace: boolean) {
    const nE = model.nExpanded;
    const T1 = model.nCycles + 1;
    const nEntries = model.entrySrc.length;
    const nT = model.transValues.length;
    const K4 = Math.ceil(nLanes / 4) * 4;
    const proj = projectionOf(model, perCycle, trace);
    const nP = proj.row.length;
    const hRows = perCycle ? model.values.length : 0;
    const sizes: Record<Region, number> = {
      rowStart: 4 * (nE + 1), rowComp: 4 * nE, entryPos: 4 * nEntries, dynSrc: 4 * nLanes * nEntries, dynPos: 4 * nLanes * nEntries, dynRows: 4 * nLanes * nE,
      work: 8 * nLanes * model.workSize, tol: 24,
      desc: 4 * DESC_FIELDS, colStart: 4 * (nE + 1), colSrc: 4 * nEntries, tFrom: 4 * nT, tPos: 4 * nT, tRow: 4 * nT, projRow: 4 * nP, projState: 4 * nP,
      p: 8 * nEntries * K4, a: 8 * nE * K4, b: 8 * nE * K4, sumU: 8 * nE * K4, sumC: 8 * nE * K4, sumO: sameRates ? 0 : 8 * nE * K4,
      fU: 8 * nT * K4, fC: 8 * nT * K4, fO: sameRates ? 0 : 8 * nT * K4,
      w: 8 * T1, wc: 8 * T1, wo: 8 * T1, dc: 8 * T1, dO: 8 * T1,
      projCoef: 8 * nP * K4, tCoef: 8 * nT * K4, G: 8 * T1 * proj.rows * K4, H: 8 * T1 * hRows * K4,
    };
    const at = {} as Record<Region, number>;
    let top = 0;
    for (const [k, n] of Object.entries(sizes) as Array<[Region, number]>) {
      at[k] = top;
      top += Math.ceil(n / 16) * 16;
    }
    if (sameRates) {
      at.sumO = at.sumC;
      at.fO = at.fC;
    }
    const k = withKernel ? newKernel(top) : null;
    this.kernel = k ? k.kernel : null;
    this.memory = k ? k.memory : null;
    this.at = at;
    // Without the kernel a single lane is not padded: the plain loop is faster than four lanes.
    this.K = this.kernel || nLanes > 1 ? K4 : 1;
    const K = this.K;
    const buffer = this.memory ? this.memory.buffer : null;
    const f64 = (k: Region, n: number) => (buffer ? new Float64Array(buffer, at[k], n) : new Float64Array(n));
    const i32 = (k: Region, src: ArrayLike<number>) => {
      const v = buffer ? new Int32Array(buffer, at[k], src.length) : new Int32Array(src.length);
      v.set(src);
      return v;
    };
    this.colStart = i32("colStart", model.colStart);
    this.colSrc = i32("colSrc", model.colSrc);
    this.tFrom = i32("tFrom", model.transValues.map((tv) => model.entryFrom[tv.entry]));
    this.tPos = i32("tPos", model.transValues.map((tv) => model.entryPos[tv.entry]));
    this.tRow = i32("tRow", model.transValues.map((tv) => tv.value));
    this.p = f64("p", nEntries * K);
    this.a = f64("a", nE * K);
    this.b = f64("b", nE * K);
    this.sumU = f64("sumU", nE * K);
    this.sumC = f64("sumC", nE * K);
    this.sumO = sameRates ? this.sumC : f64("sumO", nE * K);
    this.fU = f64("fU", nT * K);
    this.fC = f64("fC", nT * K);
    this.fO = sameRates ? this.fC : f64("fO", nT * K);
    this.proj = proj;
    this.projRow = i32("projRow", proj.row);
    this.projState = i32("projState", proj.state);
    this.projCoef = f64("projCoef", nP * K);
    this.G = f64("G", T1 * proj.rows * K);
    this.tCoef = f64("tCoef", nT * K);
    this.H = f64("H", T1 * hRows * K);
    this.hRows = hRows;
    this.work = Array.from({ length: nLanes }, (_, k) => (buffer ? new Float64Array(buffer, at.work + 8 * k * model.workSize, model.workSize) : new Float64Array(model.workSize)));
    if (buffer) {
      i32("rowStart", model.rowStart);
      i32("rowComp", model.rowComplement);
      i32("entryPos", model.entryPos);
      this.dynSrc = new Int32Array(buffer, at.dynSrc, nLanes * nEntries);
      this.dynPos = new Int32Array(buffer, at.dynPos, nLanes * nEntries);
      this.dynRows = new Int32Array(buffer, at.dynRows, nLanes * nE);
    }
    this.changedAt = Array.from({ length: nLanes }, () => new Int32Array(model.workSize));
    this.T1 = T1;
    this.w = f64("w", T1);
    this.w.set(countWeightsOf(model));
    this.wc = f64("wc", T1);
    this.wo = f64("wo", T1);
    this.dcAt = buffer ? f64("dc", T1) : null;
    this.dOAt = buffer ? f64("dO", T1) : null;
    if (buffer) {
      const d = new Int32Array(buffer, at.desc, DESC_FIELDS);
      const KB = K * 8;
      d[DESC.nE] = nE;
      d[DESC.K] = K;
      for (const f of ["colStart", "colSrc", "p", "sumU", "sumC", "sumO", "w", "wc", "wo", "fU", "fC", "fO", "dc", "dO", "projRow", "projState", "projCoef", "G", "tRow", "tCoef", "H"] as const) d[DESC[f]] = at[f];
      d[DESC.mode] = sameRates ? 1 : 2;
      d[DESC.nT] = nT;
      d[DESC.from] = at.tFrom;
      d[DESC.pos] = at.tPos;
      d[DESC.nProj] = nP;
      d[DESC.GB] = proj.rows * KB;
      d[DESC.HB] = hRows * KB;
      d[DESC.hOn] = hRows > 0 ? 1 : 0;
      for (const f of ["dynSrc", "dynPos", "dynRows", "work", "rowStart", "rowComp", "entryPos", "tol"] as const) d[DESC[f]] = at[f];
      d[DESC.entryStride] = 4 * nEntries;
      d[DESC.rowStride] = 4 * nE;
      d[DESC.workStride] = 8 * model.workSize;
      new Float64Array(buffer, at.tol, 3).set([-PROBABILITY_TOLERANCE, 1 + PROBABILITY_TOLERANCE, ROW_SUM_TOLERANCE]);
    }
  }

  /** Zeroes the arrays a run accumulates into and sets the weights for the discount factors dc, dO; marks the arrays in use. */
  prepare(model: CompiledModel, dc: Float64Array, dO: Float64Array): void {
    this.busy = true;
    // A model evaluated again is worth compiling for: specialise the kernel on the second run.
    if (++this.runs === 2 && this.memory) {
      const layout: KernelLayout = {
        nE: model.nExpanded, K: this.K, colStart: model.colStart, colSrc: model.colSrc, tFrom: this.tFrom, tPos: this.tPos, sameRates: this.sumO === this.sumC,
        projRow: this.proj.row, projState: this.proj.state, gRows: this.proj.rows, tRow: this.tRow, hRows: this.hRows, hOn: this.hRows > 0, at: this.at,
      };
      specialise(layout, this.memory, (run) => (this.special = run));
    }
    for (const a of [this.p, this.a, this.b, this.sumU, this.sumC, this.sumO, this.fU, this.fC, this.fO, this.projCoef, this.G, this.tCoef, this.H]) a.fill(0);
    if (dc === this.dc && dO === this.dO) return;
    const { w, wc, wo } = this;
    for (let t = 0; t < this.T1; t++) {
      wc[t] = w[t] * dc[t];
      wo[t] = w[t] * dO[t];
    }
    this.dcAt?.set(dc);
    this.dOAt?.set(dO);
    this.dc = dc;
    this.dO = dO;
  }
}

/**
 * One cycle's propagation, next[j] = Σ over the entries into j of cur[source] × p, then (w ≠ 0)
 * the weighted counts added to the sums. Exactly what the kernel's `step` computes, in the same order.
 */
function stepJs(bufs: Buffers, nE: number, cur: Float64Array, next: Float64Array, w: number, wc: number, wo: number): void {
  const { K, colStart, colSrc, p } = bufs;
  if (K === 1) {
    for (let j = 0; j < nE; j++) {
      let s0 = 0;
      const end = colStart[j + 1];
      for (let q = colStart[j]; q < end; q++) s0 += cur[colSrc[q]] * p[q];
      next[j] = s0;
    }
  } else {
    for (let j = 0; j < nE; j++) {
      const end = colStart[j + 1];
      const o = j * K;
      for (let k0 = 0; k0 < K; k0 += 4) {
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let q = colStart[j]; q < end; q++) {
          const f = colSrc[q] * K + k0;
          const pq = q * K + k0;
          s0 += cur[f] * p[pq];
          s1 += cur[f + 1] * p[pq + 1];
          s2 += cur[f + 2] * p[pq + 2];
          s3 += cur[f + 3] * p[pq + 3];
        }
        next[o + k0] = s0;
        next[o + k0 + 1] = s1;
        next[o + k0 + 2] = s2;
        next[o + k0 + 3] = s3;
      }
    }
  }
  addWeighted(bufs, next, w, wc, wo);
}

/** The counts m weighted (w undiscounted, wc and wo discounted) added to the sums over cycles; nothing when w is 0. */
function addWeighted(bufs: Buffers, m: Float64Array, w: number, wc: number, wo: number): void {
  if (w === 0) return;
  const { sumU, sumC, sumO } = bufs;
  const n = m.length;
  for (let i = 0; i < n; i++) {
    const x = m[i];
    sumU[i] += w * x;
    sumC[i] += wc * x;
  }
  if (sumO !== sumC) for (let i = 0; i < n; i++) sumO[i] += wo * m[i];
}

/** The flows of the valued transitions in one cycle added to their sums; what the kernel's `flows` computes. */
function flowsJs(bufs: Buffers, nT: number, cur: Float64Array, t: number, dct: number, dot: number): void {
  const { K, tFrom, tPos, tRow, tCoef, p, fU, fC, fO, H, hRows } = bufs;
  const h = t * hRows * K;
  for (let i = 0; i < nT; i++) {
    const from = tFrom[i] * K;
    const pq = tPos[i] * K;
    const o = i * K;
    const hr = h + tRow[i] * K;
    for (let k = 0; k < K; k++) {
      const flow = cur[from + k] * p[pq + k];
      fU[o + k] += flow;
      fC[o + k] += dct * flow;
      if (fO !== fC) fO[o + k] += dot * flow;
      if (hRows) H[hr + k] += tCoef[o + k] * flow;
    }
  }
}

/** The projections of the counts m at time t added to G[t]; what the kernel's `project` computes. */
function projectJs(bufs: Buffers, m: Float64Array, t: number): void {
  const { K, projRow, projState, projCoef, G } = bufs;
  const g = t * bufs.proj.rows * K;
  for (let e = 0; e < projRow.length; e++) {
    const d = g + projRow[e] * K;
    const sr = projState[e] * K;
    const c = e * K;
    for (let k = 0; k < K; k++) G[d + k] += projCoef[c + k] * m[sr + k];
  }
}

function runCycles(model: CompiledModel, lanes: Lane[], overrides: Record<string, number>, dc: Float64Array, dO: Float64Array, bufs: Buffers, onCycle?: EvaluateOptions["onCycle"]): void {
  const nLanes = lanes.length;
  const { K, kernel, at, p } = bufs;
  const T = model.nCycles;
  const L = model.cycleYears;
  const S = model.states.length;
  const V = model.values.length;
  const nE = model.nExpanded;
  const { rowStart, entrySrc, entryPos, rowComplement } = model;
  const nEntries = entrySrc.length;
  const states: LaneState[] = [];

  // --- once per run: parameters, constant formulas, constant tunnel values, static probabilities
  for (let k = 0; k < nLanes; k++) {
    const { prog } = lanes[k];
    const work = bufs.work[k];
    work.set(baseWork(model, prog));
    const strategy = model.strategies[prog.strategyIndex];
    const cohort = model.cohorts[prog.cohortIndex];
    for (const id in overrides) {
      if (Object.hasOwn(strategy.overrides, id) || Object.hasOwn(cohort.overrides, id)) continue;
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
    let size = 0;
    for (const ini of model.init) {
      const n = work[ini.src];
      if (!(n >= 0 && Number.isFinite(n))) {
        throw new ModelError({ where: `${ini.where} [strategy "${strategy.id}"]`, message: "initial count must be a finite number >= 0", value: n }, "evaluation failed");
      }
      size += n;
    }
    if (!(size > 0)) throw new ModelError({ where: `init [strategy "${strategy.id}"]`, message: "the initial counts sum to 0: the cohort is empty", value: size }, "evaluation failed");
    lanes[k].size = size;
    lanes[k].scale = lanes[k].weight / size;
    lanes[k].acc.cohortSize += lanes[k].weight * size;
    for (let e = 0; e < nEntries; e++) if (entrySrc[e] >= 0 && !prog.dynamic[entrySrc[e]]) p[entryPos[e] * K + k] = work[entrySrc[e]];
    for (let r = 0; r < prog.staticRows.length; r++) settleRow(model, prog, p, K, k, prog.staticRows[r], null);
    if (bufs.dynSrc && bufs.dynPos && bufs.dynRows) {
      const o = k * nEntries;
      const dyn = prog.dynEntries;
      for (let j = 0; j < dyn.length; j++) {
        bufs.dynSrc[o + j] = entrySrc[dyn[j]];
        bufs.dynPos[o + j] = entryPos[dyn[j]];
      }
      bufs.dynRows.set(prog.dynRows, k * nE);
    }
    const changedAt = bufs.changedAt[k];
    changedAt.fill(0);
    states.push({ work, tunnelCache: fillTunnelCache(model, prog, work), changedAt, lastChange: 0 });
  }

  // Lanes that share per-cycle formulas: the lanes of one cohort (same start age and cohort overrides).
  const cohortGroups = new Map<number, number[]>();
  for (let k = 0; k < nLanes; k++) {
    const ci = lanes[k].prog.cohortIndex;
    if (!cohortGroups.has(ci)) cohortGroups.set(ci, []);
    cohortGroups.get(ci)!.push(k);
  }
  const groups = [...cohortGroups.values()].map((g) => {
    const prog0 = lanes[g[0]].prog;
    const nShared = prog0.sharedCycleNodes;
    // Lanes that read the time variables (other lanes read them only through the shared formulas).
    const timeLanes = g.filter((k, q) => q === 0 || lanes[k].prog.cycleNodes.length > nShared || lanes[k].prog.cycleTunnelGroups.length > 0);
    // The formulas that read the time variables: if none of them changes value in a cycle, nothing
    // else can change either (the others change only when an input changes), so the cycle is quiet.
    const timeNodes: Array<{ k: number; n: Node }> = [];
    for (let j = 0; j < nShared; j++) if (prog0.cycleReadsTime[j]) timeNodes.push({ k: g[0], n: prog0.cycleNodes[j] });
    for (const k of g) {
      const lp = lanes[k].prog;
      for (let j = nShared; j < lp.cycleNodes.length; j++) if (lp.cycleReadsTime[j]) timeNodes.push({ k, n: lp.cycleNodes[j] });
    }
    const quietable = g.every((k) => lanes[k].prog.cycleTunnelGroups.every((tg) => !tg.readsTime));
    // When every time formula reads only the time variables (a life table by age, say) or those and
    // values fixed for the run (parameters no formula of time sets), the cycles in which any of them
    // changes value are known before the run: the others are skipped.
    let changes: Int32Array | null = null;
    if (quietable && timeNodes.every(({ k, n }) => readsOnlyTime(n) || readsTimeAndFixed(model, lanes[k].prog, n))) {
      const all = new Set<number>();
      for (const { k, n } of timeNodes) {
        const ts = readsOnlyTime(n) ? changeCycles(model, n, prog0.startAge) : changeCyclesOf(model, n, states[k].work.slice(), prog0.startAge);
        for (const t of ts) all.add(t);
      }
      changes = Int32Array.from([...all].sort((a, b) => a - b));
    }
    return { lanes: g, timeLanes, timeNodes, quietable, changes, next: 0 };
  });

  // --- counts, lane-interleaved
  let cur = bufs.a;
  let next = bufs.b;
  let curAt = at.a;
  let nextAt = at.b;
  for (let k = 0; k < nLanes; k++) for (const ini of model.init) cur[ini.state * K + k] += states[k].work[ini.src] * lanes[k].scale;
  const allSingle = nE === S; // no tunnels: expanded state i is declared state i
  let aggPrev = allSingle ? cur : new Float64Array(S * K);
  let aggNext = allSingle ? next : new Float64Array(S * K);
  const declared = model.states;
  // Counts by declared state (tunnels summed); needed per cycle only for the trace, per-cycle
  // series, and values that change between cycles.
  const aggregate = (from: Float64Array, to: Float64Array) => {
    for (let s = 0; s < S; s++) {
      const b = declared[s].base * K;
      const n = declared[s].tunnels;
      const o = s * K;
      for (let k = 0; k < K; k++) {
        let x = 0;
        for (let q = 0; q < n; q++) x += from[b + q * K + k];
        to[o + k] = x;
      }
    }
  };
  if (!allSingle) aggregate(cur, aggPrev);

  // Count weights: count t enters cycle t with beta_t and cycle t + 1 with alpha_{t+1}.
  const alpha = model.weights.alpha;
  const beta = model.weights.beta;
  const wU = bufs.w;
  // Weighted counts of every expanded state summed over the cycles (undiscounted, discounted with
  // the cost rate, with the outcome rate): values that do not change between cycles are multiplied
  // by them at the end. Count 0 here; counts 1..T in the kernel or stepJs.
  const { sumU, sumC, sumO } = bufs;
  addWeighted(bufs, cur, wU[0], bufs.wc[0], bufs.wo[0]);

  const T1 = T + 1;
  const isCost = new Uint8Array(V);
  const valueScale = new Float64Array(V);
  model.values.forEach((v, i) => {
    isCost[i] = v.kind === "cost" ? 1 : 0;
    valueScale[i] = v.scale;
  });
  const alive = new Uint8Array(S);
  model.states.forEach((s, i) => (alive[i] = s.dead ? 0 : 1));
  const pairs = model.pairs;
  const trans = model.transValues;
  const nTrans = trans.length;
  // Per lane, for the per-cycle loops: its environment and series; per transition × lane: whether its value changes between cycles.
  const laneWork = states.map((st) => st.work);
  const laneCycleU = lanes.map((l) => l.acc.cycleU);
  const laneCycleD = lanes.map((l) => l.acc.cycleD);
  const { tFrom, tPos } = bufs;
  const transDynamic = new Uint8Array(nTrans * K);
  for (let j = 0; j < nTrans; j++) for (let k = 0; k < nLanes; k++) transDynamic[j * K + k] = lanes[k].prog.dynamic[trans[j].src];
  const dynTrans = transDynamic.some((x) => x === 1);
  const varying = lanes.some((l) => l.prog.varyingPairs.length > 0);

  // Coefficients of the projections (per-cycle series, trace) and of the per-cycle transition
  // series: values that change between cycles get 0 here and are added per cycle below.
  const { proj, projCoef, tCoef } = bufs;
  for (let e = 0; e < proj.row.length; e++) {
    const j = proj.pair[e];
    for (let k = 0; k < nLanes; k++) {
      if (j < 0) projCoef[e * K + k] = 1;
      else {
        const pr = pairs[j];
        projCoef[e * K + k] = lanes[k].prog.dynamic[pr.src] ? 0 : laneWork[k][pr.perTunnel ? pr.src + proj.tunnel[e] : pr.src] * valueScale[pr.value];
      }
    }
  }
  if (bufs.hRows) for (let j = 0; j < nTrans; j++) for (let k = 0; k < nLanes; k++) tCoef[j * K + k] = transDynamic[j * K + k] ? 0 : laneWork[k][trans[j].src];
  projectJs(bufs, cur, 0);

  const needAggregate = !allSingle && varying;
  // Without per-cycle bookkeeping in TypeScript (values or transition values that change between
  // cycles, onCycle) the cycles between changes of the probabilities run as one batch (kernel.run,
  // or the same loops in TypeScript), flushed before the probabilities change.
  /** Cycles t0..t1 in the kernel, counts from curAt to nextAt in the first (the caller swaps). */
  const runKernel = (t0: number, t1: number) => {
    if (bufs.special) bufs.special(t0, t1, curAt, nextAt);
    else kernel!.run(t0, t1, curAt, nextAt, at.desc);
  };
  /** One cycle in TypeScript: what kernel.run does for one cycle. */
  const cycleJs = (t: number) => {
    if (nTrans) flowsJs(bufs, nTrans, cur, t, dc[t], dO[t]);
    stepJs(bufs, nE, cur, next, wU[t], bufs.wc[t], bufs.wo[t]);
    if (proj.row.length) projectJs(bufs, next, t);
  };
  /** The counts after a cycle become the counts before the next. */
  const swapCounts = () => {
    const tmp = cur;
    cur = next;
    next = tmp;
    const tmpAt = curAt;
    curAt = nextAt;
    nextAt = tmpAt;
  };
  const batched = !(dynTrans || varying || onCycle);
  let pendingFrom = 1;
  const flush = (tEnd: number) => {
    if (tEnd < pendingFrom) return;
    if (kernel) {
      runKernel(pendingFrom, tEnd);
      if ((tEnd - pendingFrom) % 2 === 0) swapCounts();
    } else {
      for (let t = pendingFrom; t <= tEnd; t++) {
        cycleJs(t);
        swapCounts();
      }
    }
    pendingFrom = tEnd + 1;
  };

  const predictable = batched && groups.every((gp) => gp.changes !== null);
  for (let t = 1; t <= T; t++) {
    if (predictable && t > 1) {
      // Skip to the next cycle in which a time formula changes value: nothing changes before it.
      let upcoming = T + 1;
      for (const gp of groups) {
        const ch = gp.changes!;
        while (gp.next < ch.length && ch[gp.next] < t) gp.next++;
        if (gp.next < ch.length && ch[gp.next] < upcoming) upcoming = ch[gp.next];
      }
      if (upcoming > T) break;
      t = upcoming;
    }
    const time = (t - 1) * L;
    // 1. per-cycle formulas
    for (const gp of groups) {
      const g = gp.lanes;
      const k0 = g[0];
      const prog0 = lanes[k0].prog;
      const nShared = prog0.sharedCycleNodes;
      const age = prog0.startAge + time;
      for (const k of gp.timeLanes) {
        const w = states[k].work;
        w[SLOT.cycle] = t;
        w[SLOT.time] = time;
        w[SLOT.age] = age;
      }
      if (t > 1 && gp.quietable) {
        // A quiet cycle (no formula changes value) needs nothing more; errors are reported below.
        let quiet = true;
        for (const { k, n } of gp.timeNodes) {
          const w = states[k].work;
          let v = NaN;
          try {
            v = n.fn(w);
          } catch {
            // evaluated again below, where the error is reported
          }
          if (v !== w[n.slot]) {
            quiet = false;
            break;
          }
        }
        if (quiet) continue;
      }
      // Shared formulas: evaluated in the group's first lane, copied to the others when they change.
      for (let j = 0; j < nShared; j++) {
        const n = evalCycleNode(model, states[k0], prog0, j, t);
        if (n >= 0 && g.length > 1) {
          const v = states[k0].work[n];
          for (let q = 1; q < g.length; q++) {
            const sq = states[g[q]];
            sq.work[n] = v;
            sq.changedAt[n] = t;
            sq.lastChange = t;
          }
        }
      }
      for (const k of g) {
        const { prog } = lanes[k];
        const st = states[k];
        for (let j = nShared; j < prog.cycleNodes.length; j++) evalCycleNode(model, st, prog, j, t);
        if (prog.cycleTunnelGroups.length) {
          // Re-evaluate the tunnels only in cycles in which something they read changed.
          let due = t === 1;
          for (const tg of prog.cycleTunnelGroups) {
            if (tg.readsTime) due = true;
            for (let q = 0; q < tg.inputs.length && !due; q++) if (st.changedAt[tg.inputs[q]] === t) due = true;
          }
          if (due) {
            evalTunnels(model, prog, prog.cycleTunnelGroups, st.work, t, st.tunnelCache);
            for (const tg of prog.cycleTunnelGroups) for (const o of tg.outputs) st.changedAt.fill(t, o.instanceBase, o.instanceBase + tg.tunnels);
            st.lastChange = t;
          }
        }
        // 2. probabilities that read a value that changed this cycle
        const dyn = prog.dynEntries;
        if (dyn.length === 0 || st.lastChange !== t) continue;
        if (batched) flush(t - 1);
        if (kernel) {
          // In the kernel: copy the lane's computed probabilities and settle its rows (-1: all valid).
          const bad = kernel.settle(at.desc, k, dyn.length, prog.dynRows.length);
          if (bad < 0) continue;
          // A row failed: the same checks in TypeScript report it (settleRow throws with the place, cycle and value).
        }
        const work = st.work;
        const changedAt = st.changedAt;
        let changed = false;
        for (let j = 0; j < dyn.length; j++) {
          const e = dyn[j];
          const src = entrySrc[e];
          if (changedAt[src] === t) {
            p[entryPos[e] * K + k] = work[src];
            changed = true;
          }
        }
        if (changed) {
          const rows = prog.dynRows;
          for (let r = 0; r < rows.length; r++) settleRowFast(model, prog, p, K, k, rows[r], t, rowStart, rowComplement, entryPos);
        }
      }
    }

    if (t === 1) {
      // One-off values: once per member of the cohort at time 0, not discounted (d_0 = 1).
      for (let k = 0; k < nLanes; k++) {
        const { acc } = lanes[k];
        for (const o of model.oneOff) {
          const x = states[k].work[o.src] * lanes[k].weight;
          acc.oneOff[o.value] += x;
          if (acc.cycleU) {
            acc.cycleU[o.value * T1] += x;
            acc.cycleD![o.value * T1] += x;
          }
        }
      }
    }

    if (batched) continue;

    // 3. transition values whose value changes between cycles: the flow times the value of the
    // cycle. (The others are summed as flows and multiplied by their value at the end; their
    // per-cycle series come from the kernel.)
    if (dynTrans) {
      const dct = dc[t];
      const dot = dO[t];
      for (let j = 0; j < nTrans; j++) {
        const tv = trans[j];
        const from = tFrom[j] * K;
        const pq = tPos[j] * K;
        const d = isCost[tv.value] ? dct : dot;
        const src = tv.src;
        const ct = tv.value * T1 + t;
        for (let k = 0; k < nLanes; k++) {
          if (transDynamic[j * K + k] !== 1) continue;
          const flow = cur[from + k] * p[pq + k];
          if (flow === 0) continue;
          const x = flow * laneWork[k][src];
          const acc = lanes[k].acc;
          acc.transU[tv.decl] += x;
          acc.transD[tv.decl] += x * d;
          const cu = laneCycleU[k];
          if (cu) {
            cu[ct] += x;
            laneCycleD[k]![ct] += x * d;
          }
        }
      }
    }

    // 4. propagation m_t = m_{t-1} P_t, the weighted counts summed over cycles, flows, projections
    if (kernel) runKernel(t, t);
    else cycleJs(t);
    if (needAggregate) aggregate(next, aggNext);

    if (varying) {
      const a = alpha[t];
      const b = beta[t];
      const ac = a * dc[t - 1];
      const bc = b * dc[t];
      const ao = a * dO[t - 1];
      const bo = b * dO[t];
      for (let k = 0; k < nLanes; k++) {
        const { acc, prog } = lanes[k];
        const work = states[k].work;
        const cycleU = acc.cycleU;
        const cycleD = acc.cycleD;
        // Values that change between cycles: the value of cycle t times the weighted counts of cycle t.
        const vp = prog.varyingPairs;
        for (let j = 0; j < vp.length; j++) {
          const pr = pairs[vp[j]];
          const s = pr.state;
          const v = pr.value;
          let u = 0;
          let d = 0;
          if (!pr.perTunnel) {
            const m0 = aggPrev[s * K + k];
            const m1 = aggNext[s * K + k];
            const x = work[pr.src] * valueScale[v];
            u = x * (a * m0 + b * m1);
            d = x * (isCost[v] ? ac * m0 + bc * m1 : ao * m0 + bo * m1);
          } else {
            const base = model.states[s].base;
            const n = model.states[s].tunnels;
            const aw = isCost[v] ? ac : ao;
            const bw = isCost[v] ? bc : bo;
            for (let q = 0; q < n; q++) {
              const m0 = cur[(base + q) * K + k];
              const m1 = next[(base + q) * K + k];
              if (m0 === 0 && m1 === 0) continue;
              const x = work[pr.src + q] * valueScale[v];
              u += x * (a * m0 + b * m1);
              d += x * (aw * m0 + bw * m1);
            }
          }
          acc.stateU[s * V + v] += u;
          acc.stateD[s * V + v] += d;
          if (cycleU) {
            cycleU[v * T1 + t] += u;
            cycleD![v * T1 + t] += d;
          }
        }
      }
    }

    if (onCycle) {
      for (let k = 0; k < nLanes; k++) {
        const { prog } = lanes[k];
        const pk = new Float64Array(nEntries);
        const before = new Float64Array(nE);
        const after = new Float64Array(nE);
        for (let e = 0; e < nEntries; e++) pk[e] = p[entryPos[e] * K + k];
        for (let i = 0; i < nE; i++) {
          before[i] = cur[i * K + k];
          after[i] = next[i * K + k];
        }
        onCycle({ strategy: model.strategies[prog.strategyIndex].id, cohort: model.cohorts[prog.cohortIndex].id, cycle: t, p: pk, before, after });
      }
    }
    swapCounts();
    if (allSingle) {
      aggPrev = cur;
      aggNext = next;
    } else {
      const tmpA = aggPrev;
      aggPrev = aggNext;
      aggNext = tmpA;
    }
  }

  if (batched) flush(T);

  seriesFromProjections(model, lanes, bufs, dc, dO);

  // Values constant over time: the value times the weighted counts summed over all cycles.
  for (let k = 0; k < nLanes; k++) {
    const { acc, prog } = lanes[k];
    const work = states[k].work;
    for (let j = 0; j < nTrans; j++) {
      const tv = trans[j];
      if (prog.dynamic[tv.src] === 1) continue;
      const x = work[tv.src];
      acc.transU[tv.decl] += x * bufs.fU[j * K + k];
      acc.transD[tv.decl] += x * (isCost[tv.value] ? bufs.fC : bufs.fO)[j * K + k];
    }
    const cp = prog.constantPairs;
    for (let j = 0; j < cp.length; j++) {
      const pr = pairs[cp[j]];
      const s = pr.state;
      const v = pr.value;
      const base = declared[s].base;
      const n = declared[s].tunnels;
      const sums = isCost[v] ? sumC : sumO;
      for (let q = 0; q < n; q++) {
        const x = work[pr.perTunnel ? pr.src + q : pr.src] * valueScale[v];
        const i = (base + q) * K + k;
        acc.stateU[s * V + v] += x * sumU[i];
        acc.stateD[s * V + v] += x * sums[i];
      }
    }
    for (let s = 0; s < S; s++) {
      if (!alive[s]) continue;
      const base = declared[s].base;
      for (let q = 0; q < declared[s].tunnels; q++) {
        acc.lyU[s] += sumU[(base + q) * K + k] * L;
        acc.lyD[s] += sumO[(base + q) * K + k] * L;
      }
    }
  }
}

/** Weight of each count k = 0..T: beta_k (end of cycle k) + alpha_{k+1} (start of cycle k + 1). */
/**
 * Per-cycle series and the trace from the projections G (counts) and H (transition values):
 * cycle t weighs the counts at t - 1 with alpha_t and those at t with beta_t.
 */
function seriesFromProjections(model: CompiledModel, lanes: Lane[], bufs: Buffers, dc: Float64Array, dO: Float64Array): void {
  const T = model.nCycles;
  const T1 = T + 1;
  const V = model.values.length;
  const S = model.states.length;
  const L = model.cycleYears;
  const { K, G, H, proj } = bufs;
  const GR = proj.rows * K;
  const HR = bufs.hRows * K;
  const { alpha, beta } = model.weights;
  for (let k = 0; k < lanes.length; k++) {
    const { acc } = lanes[k];
    const cycleU = acc.cycleU;
    const cycleD = acc.cycleD;
    if (cycleU && cycleD) {
      for (let v = 0; v < V; v++) {
        const d = model.values[v].kind === "cost" ? dc : dO;
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

const ONLY_TIME = new Set(["cycle", "time", "age", "cycleLength"]);
const readsOnlyTime = (n: Node) => [...n.names].every((nm) => ONLY_TIME.has(nm));

/** Whether a formula reads only time variables and parameters whose value is fixed for the run in this program. */
function readsTimeAndFixed(model: CompiledModel, prog: Program, n: Node): boolean {
  for (const nm of n.names) {
    if (ONLY_TIME.has(nm)) continue;
    const p = model.paramIndex.get(nm);
    if (!p || prog.dynamic[p.slot]) return false;
  }
  return true;
}

const changeCycleCache = new WeakMap<Node, Map<number, Int32Array>>();
/**
 * The cycles t = 2..T at which a formula of the time variables only has a value different from
 * cycle t - 1 (with the cohort's start age); a formula that fails or is not finite counts as
 * changing, so the evaluation reaches it and reports it.
 */
function changeCycles(model: CompiledModel, n: Node, startAge: number): Int32Array {
  let byAge = changeCycleCache.get(n);
  if (!byAge) changeCycleCache.set(n, (byAge = new Map()));
  let out = byAge.get(startAge);
  if (!out) byAge.set(startAge, (out = changeCyclesOf(model, n, model.template.slice(), startAge)));
  return out;
}

function changeCyclesOf(model: CompiledModel, n: Node, env: Float64Array, startAge: number): Int32Array {
  const L = model.cycleYears;
  const changes: number[] = [];
  let prev = NaN;
  for (let t = 1; t <= model.nCycles; t++) {
    env[SLOT.cycle] = t;
    env[SLOT.time] = (t - 1) * L;
    env[SLOT.age] = startAge + (t - 1) * L;
    let v = NaN;
    try {
      v = n.fn(env);
    } catch {
      // reported by the evaluation
    }
    if (t > 1 && !(v === prev)) changes.push(t);
    prev = v;
  }
  return Int32Array.from(changes);
}

const baseWorkCache = new WeakMap<Program, Float64Array>();
/** A program's environment before any override: the model's template with the program's numeric parameters. */
function baseWork(model: CompiledModel, prog: Program): Float64Array {
  let w = baseWorkCache.get(prog);
  if (!w) {
    w = model.template.slice();
    for (const [slot, v] of prog.numericParams) w[slot] = v;
    baseWorkCache.set(prog, w);
  }
  return w;
}

const countWeightCache = new WeakMap<CompiledModel, Float64Array>();
function countWeightsOf(model: CompiledModel): Float64Array {
  const cached = countWeightCache.get(model);
  if (cached) return cached;
  const T = model.nCycles;
  const { alpha, beta } = model.weights;
  const w = new Float64Array(T + 1);
  for (let t = 0; t <= T; t++) w[t] = (t > 0 ? beta[t] : 0) + (t < T ? alpha[t + 1] : 0);
  countWeightCache.set(model, w);
  return w;
}

/**
 * Evaluates cycle node j of a lane if it reads the time variables or an input that changed in cycle
 * t; returns its slot if its value changed, else -1.
 */
function evalCycleNode(model: CompiledModel, st: LaneState, prog: Program, j: number, t: number): number {
  const n = prog.cycleNodes[j];
  if (t > 1 && !prog.cycleReadsTime[j]) {
    const inputs = prog.cycleInputs[j];
    let any = false;
    for (let q = 0; q < inputs.length; q++) {
      if (st.changedAt[inputs[q]] === t) {
        any = true;
        break;
      }
    }
    if (!any) return -1;
  }
  const work = st.work;
  const v = evalNode(model, prog, n, work, t, null);
  if (t > 1 && v === work[n.slot]) return -1;
  work[n.slot] = v;
  st.changedAt[n.slot] = t;
  st.lastChange = t;
  return n.slot;
}

/** The common case of settleRow, inline-friendly: falls back to settleRow (which throws) on any problem. */
function settleRowFast(
  model: CompiledModel,
  prog: Program,
  p: Float64Array,
  K: number,
  k: number,
  row: number,
  t: number,
  rowStart: Int32Array,
  rowComplement: Int32Array,
  entryPos: Int32Array,
): void {
  const comp = rowComplement[row];
  const end = rowStart[row + 1];
  let sum = 0;
  let bad = false;
  for (let e = rowStart[row]; e < end; e++) {
    if (e === comp) continue;
    const v = p[entryPos[e] * K + k];
    if (!(v >= -PROBABILITY_TOLERANCE && v <= 1 + PROBABILITY_TOLERANCE)) bad = true;
    sum += v;
  }
  if (!bad) {
    if (comp >= 0) {
      const c = 1 - sum;
      if (c >= 0) {
        p[entryPos[comp] * K + k] = c;
        return;
      }
      if (c >= -ROW_SUM_TOLERANCE) {
        p[entryPos[comp] * K + k] = 0;
        return;
      }
    } else if (Math.abs(sum - 1) <= ROW_SUM_TOLERANCE) return;
  }
  settleRow(model, prog, p, K, k, row, t);
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
  const result: StrategyResult = { id: st.id, label: st.label, cohortSize: acc.cohortSize, cost, qalys, lifeYears, values, byState, byTransition, oneOff };
  if (acc.cycleU) {
    const T1 = model.nCycles + 1;
    const series: NonNullable<StrategyResult["perCycle"]>["values"] = {};
    model.values.forEach((val, v) => {
      // Views of the run's own arrays (made for this result alone), not copies.
      series[val.id] = { undiscounted: acc.cycleU!.subarray(v * T1, (v + 1) * T1), discounted: acc.cycleD!.subarray(v * T1, (v + 1) * T1) };
    });
    result.perCycle = { values: series, lifeYears: { undiscounted: acc.cycleLyU!, discounted: acc.cycleLyD! } };
  }
  if (acc.trace) {
    result.trace = acc.trace;
  }
  return result;
}
