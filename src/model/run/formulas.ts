/**
 * Formulas evaluated in a lane's environment (`work`, one f64 slot per time variable, parameter
 * and distinct formula): once per run, per cycle, per tunnel; errors name the formula, strategy,
 * cohort, cycle and time in state. Also what can be known before a run about when formulas of the
 * time variables change value (lets the cycle loop skip quiet cycles).
 */
import { ModelError } from "../errors.js";
import { SLOT, scopeOf, type CompiledModel, type Node, type Program, type TunnelGroup } from "../compile/compile.js";
import { compileVector, type VecFn } from "./vector.js";

/** Per-lane state of the cycle loop. */
export interface LaneState {
  work: Float64Array;
  /** Time-in-state-only values of the per-cycle tunnel groups (fillTunnelCache). */
  tunnelCache: Float64Array;
  /** Per per-cycle tunnel group: its vectors for evaluation of all tunnels at once (tunnelVectors). */
  tunnelVecs: Array<Float64Array[] | null>;
  /** Per per-cycle tunnel group: 1 when the lane can reach its state (else it is never evaluated). */
  tunnelOn: Uint8Array;
  /** Per expanded state: 1 when the lane can reach it (see startLane). */
  reach: Uint8Array;
  /** The entries computed per cycle, and their rows, in states the lane can reach. */
  dynEntries: Int32Array;
  dynRows: Int32Array;
  /** The cycle in which each slot's value last changed. */
  changedAt: Int32Array;
  /** The last cycle in which any of the lane's per-cycle values changed. */
  lastChange: number;
}

/** Where a formula is used: its first place, and how many others share it. */
export function describeNode(n: Node): string {
  return n.where.length
    ? n.where[0] +
        (n.where.length > 1 ? ` (and ${n.where.length - 1} other place${n.where.length > 2 ? "s" : ""})` : "")
    : n.text;
}

export function nodeError(
  model: CompiledModel,
  prog: Program,
  n: Node,
  value: number,
  cycle: number | null,
  tunnel: number | null,
  err?: unknown,
): ModelError {
  const s = model.strategies[prog.strategyIndex];
  const parts = [`strategy "${s.id}"`];
  if (model.cohorts.length > 1) parts.push(`cohort "${model.cohorts[prog.cohortIndex].id}"`);
  if (cycle !== null) parts.push(`cycle ${cycle}`);
  if (tunnel !== null) parts.push(`time in state ${tunnel}`);
  const msg =
    err instanceof Error
      ? `formula "${n.text}" failed: ${err.message}`
      : `formula "${n.text}" gives ${Number.isNaN(value) ? "NaN" : value}`;
  return new ModelError(
    { where: `${describeNode(n)} [${parts.join(", ")}]`, message: msg, value, expected: "a finite number" },
    "evaluation failed",
  );
}

/** A formula's value, or a ModelError naming the formula, strategy, cycle and tunnel if it fails or is not finite. */
export function evalNode(
  model: CompiledModel,
  prog: Program,
  n: Node,
  work: Float64Array,
  cycle: number | null,
  tunnel: number | null,
): number {
  let v: number;
  try {
    v = n.fn(work);
  } catch (err) {
    throw nodeError(model, prog, n, NaN, cycle, tunnel, err);
  }
  if (v - v !== 0 && !n.lenient) throw nodeError(model, prog, n, v, cycle, tunnel);
  return v;
}

export function evalNodes(
  model: CompiledModel,
  prog: Program,
  nodes: Node[],
  work: Float64Array,
  cycle: number | null,
  tunnel: number | null,
): void {
  for (let i = 0; i < nodes.length; i++) work[nodes[i].slot] = evalNode(model, prog, nodes[i], work, cycle, tunnel);
}

/**
 * Evaluates tunnel groups for every tunnel k: all tunnels at once (vector.ts) where the group's
 * formulas allow it, else tunnel by tunnel. With `cache` (and the lane's vectors `vecs` made from it
 * by tunnelVectors), the groups' `cached` nodes are restored instead of evaluated (fillTunnelCache
 * computes them once per run). A group with a value that is not finite is evaluated again tunnel by
 * tunnel, which reports it.
 */
let vectorTunnels = true;
/** Whether tunnel groups run all tunnels at once where they can (default); off, tunnel by tunnel: for tests and benchmarks that compare the two. */
export function useVectorTunnels(on: boolean): void {
  vectorTunnels = on;
}

export function evalTunnels(
  model: CompiledModel,
  prog: Program,
  groups: Program["constTunnelGroups"],
  work: Float64Array,
  cycle: number | null,
  cache?: Float64Array,
  vecs?: Array<Float64Array[] | null>,
  on?: Uint8Array,
): void {
  let off = 0;
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi];
    if (on && on[gi] === 0) {
      off += g.tunnels * g.cached.length;
      continue;
    }
    const vg = vectorTunnels ? vectorGroup(model, g) : null;
    const V = vecs ? vecs[gi] : vg && g.cached.length === 0 ? vg.base : null;
    if (!(vg && V && evalGroupVector(vg, g, work, V))) evalGroupScalar(model, prog, g, work, cycle, cache, off);
    off += g.tunnels * g.cached.length;
  }
}

function evalGroupScalar(
  model: CompiledModel,
  prog: Program,
  g: TunnelGroup,
  work: Float64Array,
  cycle: number | null,
  cache: Float64Array | undefined,
  off: number,
): void {
  const L = model.cycleYears;
  const nc = g.cached.length;
  for (let k = 1; k <= g.tunnels; k++) {
    work[TIS] = k;
    work[YIS] = (k - 1) * L;
    if (cache) for (let j = 0; j < nc; j++) work[g.cached[j].slot] = cache[off + (k - 1) * nc + j];
    evalNodes(model, prog, g.chain, work, cycle, k);
    for (const o of g.outputs) work[o.instanceBase + k - 1] = work[o.node.slot];
  }
  work[TIS] = NaN;
  work[YIS] = NaN;
}

const TIS = SLOT.timeInState;
const YIS = SLOT.yearsInState;

/** A tunnel group compiled for vector evaluation: V holds timeInState, yearsInState, the cached nodes, then the chain's nodes (one vector each). */
interface VectorGroup {
  chain: VecFn[];
  /** Index in V of the first chain node. */
  chain0: number;
  outputs: Array<{ v: number; instanceBase: number }>;
  /** V without the lane's cached vectors (shared buffers for the chain). */
  base: Float64Array[];
}
const vectorGroups = new WeakMap<TunnelGroup, VectorGroup | null>();

/** The group's vector form, or null when a formula of it has no vector form (then it runs tunnel by tunnel). */
function vectorGroup(model: CompiledModel, g: TunnelGroup): VectorGroup | null {
  let vg = vectorGroups.get(g);
  if (vg !== undefined) return vg;
  vg = null;
  const n = g.tunnels;
  const index = new Map<number, number>([
    [TIS, 0],
    [YIS, 1],
  ]);
  g.cached.forEach((c, j) => index.set(c.slot, 2 + j));
  const chain0 = 2 + g.cached.length;
  g.chain.forEach((c, j) => index.set(c.slot, chain0 + j));
  const scope = scopeOf(model);
  const fns: VecFn[] = [];
  for (const c of g.chain) {
    const f = c.ast ? compileVector(c.ast, scope, (slot) => index.get(slot), n) : null;
    if (!f) break;
    fns.push(f);
  }
  const outputs = g.outputs.map((o) => ({ v: index.get(o.node.slot) ?? -1, instanceBase: o.instanceBase }));
  if (fns.length === g.chain.length && outputs.every((o) => o.v >= chain0)) {
    const L = model.cycleYears;
    const tis = Float64Array.from({ length: n }, (_, i) => i + 1);
    const yis = Float64Array.from({ length: n }, (_, i) => i * L); // (k - 1) × L, as the scalar path computes it
    const base = [tis, yis, ...g.cached.map(() => new Float64Array(0)), ...g.chain.map(() => new Float64Array(n))];
    vg = { chain: fns, chain0, outputs, base };
  }
  vectorGroups.set(g, vg);
  return vg;
}

/** Whether a tunnel group runs all tunnels at once (every formula of it has a vector form). */
export function isVectorGroup(model: CompiledModel, g: TunnelGroup): boolean {
  return vectorGroup(model, g) !== null;
}

/** The group's chain for all tunnels; false (nothing written) when a value is not finite. */
function evalGroupVector(vg: VectorGroup, g: TunnelGroup, work: Float64Array, V: Float64Array[]): boolean {
  const n = g.tunnels;
  for (let j = 0; j < vg.chain.length; j++) {
    // The node's values stay in the buffer its closure returned (each closure owns its buffer and
    // runs once per evaluation of the chain), read by later nodes through V.
    const r = vg.chain[j](work, V);
    V[vg.chain0 + j] = r;
    if (!g.chain[j].lenient) for (let i = 0; i < n; i++) if (r[i] - r[i] !== 0) return false;
  }
  for (const o of vg.outputs) work.set(V[o.v], o.instanceBase);
  // As the scalar path leaves them: each node's slot holds its value in the last tunnel.
  for (let j = 0; j < g.chain.length; j++) work[g.chain[j].slot] = V[vg.chain0 + j][n - 1];
  for (let j = 0; j < g.cached.length; j++) work[g.cached[j].slot] = V[2 + j][n - 1];
  return true;
}

/** Per per-cycle tunnel group of a lane: its vectors V with the cached nodes' values from `cache` (null: the group runs tunnel by tunnel). */
export function tunnelVectors(model: CompiledModel, prog: Program, cache: Float64Array): Array<Float64Array[] | null> {
  let off = 0;
  return prog.cycleTunnelGroups.map((g) => {
    const vg = vectorGroup(model, g);
    const nc = g.cached.length;
    const o = off;
    off += g.tunnels * nc;
    if (!vg) return null;
    const V = vg.base.slice();
    for (let j = 0; j < nc; j++) {
      const x = new Float64Array(g.tunnels);
      for (let k = 0; k < g.tunnels; k++) x[k] = cache[o + k * nc + j];
      V[2 + j] = x;
    }
    return V;
  });
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
      work[TIS] = k;
      work[YIS] = (k - 1) * L;
      evalNodes(model, prog, g.cached, work, null, k);
      for (let j = 0; j < nc; j++) cache[off + (k - 1) * nc + j] = work[g.cached[j].slot];
    }
    off += g.tunnels * nc;
  }
  work[TIS] = NaN;
  work[YIS] = NaN;
  return cache;
}

const ONLY_TIME = new Set(["cycle", "time", "age", "cycleLength"]);
export const readsOnlyTime = (n: Node) => [...n.names].every((nm) => ONLY_TIME.has(nm));

/** Whether a formula reads only time variables and parameters whose value is fixed for the run in this program. */
export function readsTimeAndFixed(model: CompiledModel, prog: Program, n: Node): boolean {
  const derived = derivedSlots(model);
  for (const nm of n.names) {
    if (ONLY_TIME.has(nm)) continue;
    // A parameter, or a node the compiler made of a look-up or a common part (hoistCommon), fixed for the run.
    const slot = model.paramIndex.get(nm)?.slot ?? derived.get(nm);
    if (slot === undefined || prog.dynamic[slot]) return false;
  }
  return true;
}

const derivedSlotCache = new WeakMap<CompiledModel, Map<string, number>>();
function derivedSlots(model: CompiledModel): Map<string, number> {
  let m = derivedSlotCache.get(model);
  if (!m) derivedSlotCache.set(model, (m = new Map(model.derived.map((d) => [d.param!, d.slot]))));
  return m;
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
