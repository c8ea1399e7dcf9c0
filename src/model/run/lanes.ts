/**
 * The formulas and probabilities of the lanes (strategy × cohort): set up once per run
 * (startLane), grouped by cohort so formulas shared by a cohort's strategies are evaluated once
 * (cohortGroups), and brought up to date in each cycle (updateGroup).
 */
import { ModelError } from "../errors.js";
import { SLOT, type CompiledModel, type Node, type Program } from "../compile/compile.js";
import type { Buffers } from "./buffers.js";
import {
  baseWork,
  changeCycles,
  changeCyclesOf,
  evalCycleNode,
  evalNodes,
  evalTunnels,
  fillTunnelCache,
  readsOnlyTime,
  tunnelVectors,
  readsTimeAndFixed,
  type LaneState,
} from "./formulas.js";
import type { Lane } from "./results.js";
import { settleRow } from "./settle.js";

/**
 * Lane k once per run: parameters (with the evaluation's overrides), formulas evaluated once, the
 * constant tunnel values, the cohort size, the probabilities that do not change (checked), the
 * states the lane can reach, and for the kernel the lane's lists of computed probabilities and rows
 * to check (in reachable states only, when `skipUnreachable`).
 */
export function startLane(
  model: CompiledModel,
  lane: Lane,
  k: number,
  bufs: Buffers,
  skipUnreachable: boolean,
): LaneState {
  const { prog, overrides } = lane;
  const { K, p } = bufs;
  const { entrySrc, entryPos } = model;
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
      throw new ModelError(
        {
          where: `${ini.where} [strategy "${strategy.id}"]`,
          message: "initial count must be a finite number >= 0",
          value: n,
        },
        "evaluation failed",
      );
    }
    size += n;
  }
  if (!(size > 0))
    throw new ModelError(
      {
        where: `init [strategy "${strategy.id}"]`,
        message: "the initial counts sum to 0: the cohort is empty",
        value: size,
      },
      "evaluation failed",
    );
  lane.size = size;
  lane.scale = lane.weight / size;
  lane.acc.cohortSize += lane.weight * size;
  for (let e = 0; e < entrySrc.length; e++)
    if (entrySrc[e] >= 0 && !prog.dynamic[entrySrc[e]]) p[entryPos[e] * K + k] = work[entrySrc[e]];
  for (let r = 0; r < prog.staticRows.length; r++) settleRow(model, prog, p, K, k, prog.staticRows[r], null);
  // States this lane can never reach are skipped: their probabilities are neither computed nor
  // checked (their counts stay 0, so the propagation adds exact zeros for them, as before). Not
  // with onCycle, which shows every entry of every cycle's matrix.
  const reach = skipUnreachable ? reachableStates(model, prog, p, K, k, work) : new Uint8Array(model.nExpanded).fill(1);
  const { dynEntries, dynRows, tunnelOn } = reachableParts(model, prog, reach);
  if (bufs.dynSrc && bufs.dynPos && bufs.dynRows) {
    const o = k * entrySrc.length;
    for (let j = 0; j < dynEntries.length; j++) {
      bufs.dynSrc[o + j] = entrySrc[dynEntries[j]];
      bufs.dynPos[o + j] = entryPos[dynEntries[j]];
    }
    bufs.dynRows.set(dynRows, k * model.nExpanded);
  }
  const changedAt = bufs.changedAt[k];
  changedAt.fill(0);
  const tunnelCache = fillTunnelCache(model, prog, work);
  return {
    work,
    tunnelCache,
    tunnelVecs: tunnelVectors(model, prog, tunnelCache),
    tunnelOn,
    reach,
    dynEntries,
    dynRows,
    changedAt,
    lastChange: 0,
  };
}

interface ReachableParts {
  reach: Uint8Array;
  dynEntries: Int32Array;
  dynRows: Int32Array;
  tunnelOn: Uint8Array;
}
/** Per program, its parts in the states last found reachable: lanes of a batch mostly reach the same states. */
const reachableCache = new WeakMap<Program, ReachableParts>();

/** The computed entries, their rows and the per-cycle tunnel groups of a program in the states `reach` marks (read-only, shared). */
function reachableParts(model: CompiledModel, prog: Program, reach: Uint8Array): ReachableParts {
  const cached = reachableCache.get(prog);
  if (cached && cached.reach.length === reach.length && cached.reach.every((x, i) => x === reach[i])) return cached;
  const parts = {
    reach,
    dynEntries: prog.dynEntries.filter((e) => reach[model.entryFrom[e]] === 1),
    dynRows: prog.dynRows.filter((r) => reach[r] === 1),
    tunnelOn: Uint8Array.from(prog.cycleTunnelGroups, (g) =>
      reach.subarray(model.states[g.state].base, model.states[g.state].base + g.tunnels).includes(1) ? 1 : 0,
    ),
  };
  reachableCache.set(prog, parts);
  return parts;
}

/**
 * The expanded states lane k can reach (1) from its initial counts, through entries whose
 * probability is not constantly 0 in this lane (an entry computed per cycle, or the complement of
 * such a row, may be non-zero). Run after the constant probabilities are in p and checked.
 */
function reachableStates(
  model: CompiledModel,
  prog: Program,
  p: Float64Array,
  K: number,
  k: number,
  work: Float64Array,
): Uint8Array {
  const { rowStart, entryTo, entrySrc, entryPos, rowComplement } = model;
  const reach = new Uint8Array(model.nExpanded);
  const dynRow = new Uint8Array(model.nExpanded);
  for (const r of prog.dynRows) dynRow[r] = 1;
  const stack: number[] = [];
  for (const ini of model.init) {
    if (work[ini.src] > 0 && !reach[ini.state]) {
      reach[ini.state] = 1;
      stack.push(ini.state);
    }
  }
  while (stack.length) {
    const r = stack.pop()!;
    for (let e = rowStart[r]; e < rowStart[r + 1]; e++) {
      const to = entryTo[e];
      if (reach[to]) continue;
      const src = entrySrc[e];
      const computed = src >= 0 ? prog.dynamic[src] === 1 : e === rowComplement[r] && dynRow[r] === 1;
      if (computed || p[entryPos[e] * K + k] !== 0) {
        reach[to] = 1;
        stack.push(to);
      }
    }
  }
  return reach;
}

// Read once: under module loaders that keep live bindings (tsx, vitest) each SLOT.x is a getter call.
const { cycle: CYCLE, time: TIME, age: AGE } = SLOT;

/** The lanes of one cohort (same start age and cohort overrides): they share their per-cycle formulas. */
export interface CohortGroup {
  lanes: number[];
  /** Lanes that read the time variables (the others read them only through the shared formulas). */
  timeLanes: number[];
  /** The formulas that read the time variables: if none changes value in a cycle, nothing else can (the others change only when an input does). */
  timeNodes: Array<{ k: number; n: Node }>;
  /** Whether a cycle in which no time formula changes value can be skipped (no tunnel group reads the time variables). */
  quietable: boolean;
  /** The cycles in which a time formula changes value, when known before the run; else null. */
  changes: Int32Array | null;
  /** Cursor into `changes`. */
  next: number;
}

export function cohortGroups(model: CompiledModel, lanes: Lane[], states: LaneState[]): CohortGroup[] {
  // Lanes of one cohort and one parameter set share their per-cycle formulas.
  const byCohort = new Map<number, number[]>();
  const nC = model.cohorts.length;
  for (let k = 0; k < lanes.length; k++) {
    const key = lanes[k].draw * nC + lanes[k].prog.cohortIndex;
    if (!byCohort.has(key)) byCohort.set(key, []);
    byCohort.get(key)!.push(k);
  }
  return [...byCohort.values()].map((g) => {
    const prog0 = lanes[g[0]].prog;
    const nShared = prog0.sharedCycleNodes;
    const timeLanes = g.filter(
      (k, q) => q === 0 || lanes[k].prog.cycleNodes.length > nShared || lanes[k].prog.cycleTunnelGroups.length > 0,
    );
    const timeNodes: Array<{ k: number; n: Node }> = [];
    for (let j = 0; j < nShared; j++) if (prog0.cycleReadsTime[j]) timeNodes.push({ k: g[0], n: prog0.cycleNodes[j] });
    for (const k of g) {
      const lp = lanes[k].prog;
      for (let j = nShared; j < lp.cycleNodes.length; j++)
        if (lp.cycleReadsTime[j]) timeNodes.push({ k, n: lp.cycleNodes[j] });
    }
    const quietable = g.every((k) => lanes[k].prog.cycleTunnelGroups.every((tg) => !tg.readsTime));
    // When every time formula reads only the time variables (a life table by age, say) or those and
    // values fixed for the run (parameters no formula of time sets), the cycles in which any of them
    // changes value are known before the run: the others are skipped.
    let changes: Int32Array | null = null;
    if (quietable && timeNodes.every(({ k, n }) => readsOnlyTime(n) || readsTimeAndFixed(model, lanes[k].prog, n))) {
      const all = new Set<number>();
      for (const { k, n } of timeNodes) {
        const ts = readsOnlyTime(n)
          ? changeCycles(model, n, prog0.startAge)
          : changeCyclesOf(model, n, states[k].work.slice(), prog0.startAge);
        for (const t of ts) all.add(t);
      }
      changes = Int32Array.from([...all].sort((a, b) => a - b));
    }
    return { lanes: g, timeLanes, timeNodes, quietable, changes, next: 0 };
  });
}

/** Whether no time formula of the group changes value in cycle t (t > 1); an error is reported by the full evaluation that follows. */
function quietCycle(gp: CohortGroup, states: LaneState[]): boolean {
  for (const { k, n } of gp.timeNodes) {
    const w = states[k].work;
    let v = NaN;
    try {
      v = n.fn(w);
    } catch {
      // evaluated again by the caller, where the error is reported
    }
    if (v !== w[n.slot]) return false;
  }
  return true;
}

/**
 * Cycle t for one cohort group: the time variables, the per-cycle formulas (each only if it reads
 * the time variables or a formula that changed this cycle; shared formulas once, in the group's
 * first lane, copied to the others when they change), the tunnels that read something that
 * changed; then `probabilities(k)` for each lane whose computed probabilities may have changed.
 */
export function updateGroup(
  model: CompiledModel,
  lanes: Lane[],
  states: LaneState[],
  gp: CohortGroup,
  t: number,
  probabilities: (k: number) => void,
): void {
  const g = gp.lanes;
  const k0 = g[0];
  const prog0 = lanes[k0].prog;
  const nShared = prog0.sharedCycleNodes;
  const time = (t - 1) * model.cycleYears;
  const age = prog0.startAge + time;
  for (const k of gp.timeLanes) {
    const w = states[k].work;
    w[CYCLE] = t;
    w[TIME] = time;
    w[AGE] = age;
  }
  if (t > 1 && gp.quietable && quietCycle(gp, states)) return;
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
        evalTunnels(model, prog, prog.cycleTunnelGroups, st.work, t, st.tunnelCache, st.tunnelVecs, st.tunnelOn);
        prog.cycleTunnelGroups.forEach((tg, gi) => {
          if (st.tunnelOn[gi])
            for (const o of tg.outputs) st.changedAt.fill(t, o.instanceBase, o.instanceBase + tg.tunnels);
        });
        st.lastChange = t;
      }
    }
    if (st.dynEntries.length > 0 && st.lastChange === t) probabilities(k);
  }
}

/**
 * Lane k's probabilities that read a value that changed in cycle t, copied into p and their rows
 * checked and completed: by the kernel's `settle` (the fast path), else, or when the kernel finds
 * a failing row (to report it), by settleRow.
 */
export function updateProbabilities(
  model: CompiledModel,
  lane: Lane,
  st: LaneState,
  bufs: Buffers,
  k: number,
  t: number,
): void {
  const { prog } = lane;
  const { K, p, kernel } = bufs;
  const dyn = st.dynEntries;
  if (kernel && kernel.settle(bufs.at.desc, k, dyn.length, st.dynRows.length) < 0) return;
  const { entrySrc, entryPos } = model;
  const { work, changedAt } = st;
  let changed = false;
  for (let j = 0; j < dyn.length; j++) {
    const src = entrySrc[dyn[j]];
    if (changedAt[src] === t) {
      p[entryPos[dyn[j]] * K + k] = work[src];
      changed = true;
    }
  }
  if (!changed) return;
  const rows = st.dynRows;
  for (let r = 0; r < rows.length; r++) settleRow(model, prog, p, K, k, rows[r], t);
}
