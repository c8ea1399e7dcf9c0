/**
 * Formulas evaluated in a lane's environment (`work`, one f64 slot per time variable, parameter
 * and distinct formula): once per run, per cycle, per tunnel; errors name the formula, strategy,
 * cohort, cycle and time in state. Also what can be known before a run about when formulas of the
 * time variables change value (lets the cycle loop skip quiet cycles).
 */
import { ModelError } from "../errors.js";
import { SLOT, type CompiledModel, type Node, type Program } from "../compile/compile.js";

/** Per-lane state of the cycle loop. */
export interface LaneState {
  work: Float64Array;
  /** Time-in-state-only values of the per-cycle tunnel groups (fillTunnelCache). */
  tunnelCache: Float64Array;
  /** The cycle in which each slot's value last changed. */
  changedAt: Int32Array;
  /** The last cycle in which any of the lane's per-cycle values changed. */
  lastChange: number;
}

/** Where a formula is used: its first place, and how many others share it. */
export function describeNode(n: Node): string {
  return n.where.length ? n.where[0] + (n.where.length > 1 ? ` (and ${n.where.length - 1} other place${n.where.length > 2 ? "s" : ""})` : "") : n.text;
}

export function nodeError(model: CompiledModel, prog: Program, n: Node, value: number, cycle: number | null, tunnel: number | null, err?: unknown): ModelError {
  const s = model.strategies[prog.strategyIndex];
  const parts = [`strategy "${s.id}"`];
  if (model.cohorts.length > 1) parts.push(`cohort "${model.cohorts[prog.cohortIndex].id}"`);
  if (cycle !== null) parts.push(`cycle ${cycle}`);
  if (tunnel !== null) parts.push(`time in state ${tunnel}`);
  const msg = err instanceof Error ? `formula "${n.text}" failed: ${err.message}` : `formula "${n.text}" gives ${Number.isNaN(value) ? "NaN" : value}`;
  return new ModelError({ where: `${describeNode(n)} [${parts.join(", ")}]`, message: msg, value, expected: "a finite number" }, "evaluation failed");
}

/** A formula's value, or a ModelError naming the formula, strategy, cycle and tunnel if it fails or is not finite. */
export function evalNode(model: CompiledModel, prog: Program, n: Node, work: Float64Array, cycle: number | null, tunnel: number | null): number {
  let v: number;
  try {
    v = n.fn(work);
  } catch (err) {
    throw nodeError(model, prog, n, NaN, cycle, tunnel, err);
  }
  if (v - v !== 0) throw nodeError(model, prog, n, v, cycle, tunnel);
  return v;
}

export function evalNodes(model: CompiledModel, prog: Program, nodes: Node[], work: Float64Array, cycle: number | null, tunnel: number | null): void {
  for (let i = 0; i < nodes.length; i++) work[nodes[i].slot] = evalNode(model, prog, nodes[i], work, cycle, tunnel);
}

/**
 * Evaluates tunnel groups for every tunnel k. With `cache`, the groups' `cached` nodes are restored
 * from it instead of evaluated (fillTunnelCache computes them once per run).
 */
export function evalTunnels(model: CompiledModel, prog: Program, groups: Program["constTunnelGroups"], work: Float64Array, cycle: number | null, cache?: Float64Array): void {
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
export function fillTunnelCache(model: CompiledModel, prog: Program, work: Float64Array): Float64Array {
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

const ONLY_TIME = new Set(["cycle", "time", "age", "cycleLength"]);
export const readsOnlyTime = (n: Node) => [...n.names].every((nm) => ONLY_TIME.has(nm));

/** Whether a formula reads only time variables and parameters whose value is fixed for the run in this program. */
export function readsTimeAndFixed(model: CompiledModel, prog: Program, n: Node): boolean {
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
export function changeCycles(model: CompiledModel, n: Node, startAge: number): Int32Array {
  let byAge = changeCycleCache.get(n);
  if (!byAge) changeCycleCache.set(n, (byAge = new Map()));
  let out = byAge.get(startAge);
  if (!out) byAge.set(startAge, (out = changeCyclesOf(model, n, model.template.slice(), startAge)));
  return out;
}

export function changeCyclesOf(model: CompiledModel, n: Node, env: Float64Array, startAge: number): Int32Array {
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
export function baseWork(model: CompiledModel, prog: Program): Float64Array {
  let w = baseWorkCache.get(prog);
  if (!w) {
    w = model.template.slice();
    for (const [slot, v] of model.cohorts[prog.cohortIndex].fixed) w[slot] = v;
    for (const [slot, v] of prog.numericParams) w[slot] = v;
    baseWorkCache.set(prog, w);
  }
  return w;
}


/**
 * Evaluates cycle node j of a lane if it reads the time variables or an input that changed in cycle
 * t; returns its slot if its value changed, else -1.
 */
export function evalCycleNode(model: CompiledModel, st: LaneState, prog: Program, j: number, t: number): number {
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

