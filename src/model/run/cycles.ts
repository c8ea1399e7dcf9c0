/**
 * The cycle loop: all lanes (strategy × cohort) advance through the cycles in lockstep. Counts and
 * probabilities are lane-interleaved (index = state × K + lane), so the propagation does the same
 * arithmetic for every lane with consecutive memory accesses. Per cycle:
 *   1. time variables; per-cycle formulas that read them or a formula that changed (lanes.ts);
 *   2. the probabilities of lanes whose inputs changed, checked and completed (settle.ts);
 *   3. transition values whose value changes between cycles (addDynamicTransitions);
 *   4. propagation m_t = m_{t-1} P_t, weighted counts, flows, projections: the kernel (kernel.wat)
 *      or its TypeScript twin (loops.ts), for a batch of cycles when nothing changes in between;
 *   5. values that change between cycles (addVaryingValues), onCycle.
 * Values that do not change between cycles are multiplied by the summed weighted counts at the end
 * (addConstantValues); per-cycle series and the trace come from the projections (results.ts).
 * Work per cycle is proportional to the formulas that change plus the non-zero transitions.
 */
import type { CompiledModel } from "../compile/compile.js";
import { buffersFor, type Buffers, type ChangingItems } from "./buffers.js";
import type { LaneState } from "./formulas.js";
import { cohortGroups, startLane, updateGroup, updateProbabilities, type CohortGroup } from "./lanes.js";
import { addWeighted, flowsJs, projectJs, stepJs } from "./loops.js";
import { rateOf, seriesFromProjections, type Accumulator, type Lane, type OnCycle } from "./results.js";

/** The state of one run, shared by its steps. */
interface Run {
  model: CompiledModel;
  lanes: Lane[];
  states: LaneState[];
  bufs: Buffers;
  dc: Float64Array;
  dO: Float64Array;
  /** Per value: the rate that discounts it (RATE_COSTS, RATE_OUTCOMES, RATE_NONE); the value's scale (cycle length for values per year). */
  rate: Uint8Array;
  valueScale: Float64Array;
  /** Per valued transition × lane: whether its value changes between cycles. */
  transDynamic: Uint8Array;
  dynTrans: boolean;
  /** The pairs with transDynamic 1, transition by transition then lane by lane: transition j = dynJ[i], lane k = dynK[i]. */
  dynJ: Int32Array;
  dynK: Int32Array;
  /** Some lane has state values that change between cycles. */
  varying: boolean;
  /** Counts before (cur) and after (next) the cycle, with their byte offsets in kernel memory. */
  cur: Float64Array;
  next: Float64Array;
  curAt: number;
  nextAt: number;
  /** Counts by declared state (tunnels summed) before and after the cycle; the counts themselves without tunnels. */
  allSingle: boolean;
  aggPrev: Float64Array;
  aggNext: Float64Array;
  /** First cycle not yet propagated when cycles run in batches. */
  pendingFrom: number;
}

/** Runs the lanes through the cycles, adding their results into their accumulators. */
export function runLanes(
  model: CompiledModel,
  lanes: Lane[],
  dc: Float64Array,
  dO: Float64Array,
  withKernel: boolean,
  onCycle?: OnCycle,
): void {
  if (lanes.length === 0) return;
  const perCycle = lanes.some((l) => l.acc.cycleU !== null);
  const trace = lanes.some((l) => l.acc.trace !== null);
  const bufs = buffersFor(model, lanes.length, dc, dO, perCycle, trace, withKernel);
  try {
    const states = lanes.map((lane, k) => startLane(model, lane, k, bufs, !onCycle));
    runCycles(newRun(model, lanes, states, bufs, dc, dO), cohortGroups(model, lanes, states), onCycle);
  } finally {
    bufs.busy = false;
  }
}

function runCycles(run: Run, groups: CohortGroup[], onCycle?: OnCycle): void {
  const { model, lanes, states, bufs } = run;
  const T = model.nCycles;
  // Values that change between cycles are summed by the kernel where it can (kernelSums)...
  const sums = (run.dynTrans || run.varying) && !onCycle ? kernelSums(run) : null;
  // ... so that, without per-cycle bookkeeping in TypeScript, the cycles between changes of the
  // probabilities and values run as one batch, flushed before they change.
  const batched = !onCycle && (sums !== null || !(run.dynTrans || run.varying));
  const probabilities = (t: number) => (k: number) => {
    if (batched) flush(run, t - 1);
    updateProbabilities(model, lanes[k], states[k], bufs, k, t);
  };
  const predictable = batched && groups.every((gp) => gp.changes !== null);
  for (let t = 1; t <= T; t++) {
    if (predictable && t > 1) {
      // Skip to the next cycle in which a time formula changes value: nothing changes before it.
      t = nextChange(groups, t, T);
      if (t > T) break;
    }
    const update = probabilities(t);
    for (const gp of groups) updateGroup(model, lanes, states, gp, t, update);
    if (sums && (t === 1 || changedIn(states, t))) {
      flush(run, t - 1);
      setCoefficients(run, sums);
    }
    if (t === 1) addOneOff(run);
    if (batched) continue;
    if (run.dynTrans) addDynamicTransitions(run, t);
    if (bufs.kernel) bufs.kernel.run(t, t, run.curAt, run.nextAt, bufs.at.desc);
    else cycleJs(run, t);
    if (!run.allSingle && run.varying) aggregate(run, run.next, run.aggNext);
    if (run.varying) addVaryingValues(run, t);
    if (onCycle) reportCycle(run, t, onCycle);
    swapCounts(run);
  }
  if (batched) flush(run, T);
  if (sums) addKernelSums(run, sums);
  seriesFromProjections(model, lanes, bufs, run.dc, run.dO);
  addConstantValues(run);
}

/** Items of the values that change between cycles, summed by the kernel: which lane and slot each reads, and the sums' layout. */
interface KernelSums {
  dyn: ChangingItems;
  vary: ChangingItems;
  /** Every transition item (setCoefficients passes the kernel those whose value is not 0): its lane, value slot, byte offsets and rate. */
  dynLane: Int32Array;
  dynSrc: Int32Array;
  dynAt: Int32Array;
  dynFrom: Int32Array;
  dynAcc: Int32Array;
  dynRate: Int32Array;
  varLane: Int32Array;
  varSrc: Int32Array;
  varScale: Float64Array;
  accs: Accumulator[];
}

/**
 * The kernel's items for the values that change between cycles (null: they stay with the
 * TypeScript of addDynamicTransitions and addVaryingValues, cycle by cycle). The kernel adds them in
 * the same order with the same operations, into sums per strategy that start at 0 as the
 * accumulators do, so both give the same doubles. Not for per-cycle series, transition values
 * corrected within the cycle, or values by time in state (the TypeScript does those).
 */
function kernelSums(run: Run): KernelSums | null {
  const { model, lanes, states, bufs, transDynamic, rate, valueScale } = run;
  const { dyn, vary, K } = bufs;
  if (!dyn || !vary || model.correctTransitionValues || lanes.some((l) => l.acc.cycleU !== null)) return null;
  for (const l of lanes) {
    for (const j of l.prog.varyingPairs) {
      const pr = model.pairs[j];
      // A value per tunnel (one slot each) is summed in TypeScript; one value for all of a state's
      // tunnels weighs their summed counts in the kernel (as aggregate sums them).
      if (pr.perTunnel) return null;
    }
  }
  const accs: Accumulator[] = [];
  const accOf = new Map<Accumulator, number>();
  for (const l of lanes) if (!accOf.has(l.acc)) accOf.set(l.acc, accs.push(l.acc) - 1);
  const nDecl = model.transDecl.length;
  const SV = model.states.length * model.values.length;
  const dynLane: number[] = [];
  const dynSrc: number[] = [];
  const dynAt: number[] = [];
  const dynFrom: number[] = [];
  const dynAcc: number[] = [];
  const dynRate: number[] = [];
  const trans = model.transValues;
  // Transition by transition, lane by lane: addDynamicTransitions' order. A lane that cannot reach
  // the transition's source has no flow through it (addDynamicTransitions skips flows of 0).
  for (let j = 0; j < trans.length; j++) {
    for (let k = 0; k < lanes.length; k++) {
      if (transDynamic[j * K + k] !== 1 || states[k].reach[bufs.tFrom[j]] !== 1) continue;
      dynAt.push((bufs.tPos[j] * K + k) * 8);
      dynFrom.push((bufs.tFrom[j] * K + k) * 8);
      dynAcc.push((accOf.get(lanes[k].acc)! * nDecl + trans[j].decl) * 8);
      dynRate.push(rate[trans[j].value]);
      dynLane.push(k);
      dynSrc.push(trans[j].src);
    }
  }
  const varLane: number[] = [];
  const varSrc: number[] = [];
  const varScale: number[] = [];
  // Lane by lane, value by value: addVaryingValues' order.
  for (let k = 0; k < lanes.length; k++) {
    for (const j of lanes[k].prog.varyingPairs) {
      const pr = model.pairs[j];
      const i = varLane.length;
      vary.at[i] = (model.states[pr.state].base * K + k) * 8;
      vary.tunnels[i] = model.states[pr.state].tunnels;
      vary.acc[i] = (accOf.get(lanes[k].acc)! * SV + pr.state * model.values.length + pr.value) * 8;
      vary.rate[i] = rate[pr.value];
      varLane.push(k);
      varSrc.push(pr.src);
      varScale.push(valueScale[pr.value]);
    }
  }
  dyn.U.fill(0, 0, accs.length * nDecl);
  dyn.D.fill(0, 0, accs.length * nDecl);
  vary.U.fill(0, 0, accs.length * SV);
  vary.D.fill(0, 0, accs.length * SV);
  bufs.setChanging(0, varLane.length);
  return {
    dyn,
    vary,
    dynLane: Int32Array.from(dynLane),
    dynSrc: Int32Array.from(dynSrc),
    dynAt: Int32Array.from(dynAt),
    dynFrom: Int32Array.from(dynFrom),
    dynAcc: Int32Array.from(dynAcc),
    dynRate: Int32Array.from(dynRate),
    varLane: Int32Array.from(varLane),
    varSrc: Int32Array.from(varSrc),
    varScale: Float64Array.from(varScale),
    accs,
  };
}

/** Whether some lane's formulas changed value in cycle t. */
function changedIn(states: LaneState[], t: number): boolean {
  for (let k = 0; k < states.length; k++) if (states[k].lastChange === t) return true;
  return false;
}

/**
 * The kernel's items take the values of the cycle now starting (as addDynamicTransitions and
 * addVaryingValues read them). Transition items whose value is 0 are left out until their value
 * changes (in the CAR T model, three quarters of them): each would add flow × 0 = ±0 to its sums,
 * flow being finite (counts and probabilities are finite: the row checks of settle.ts), and adding
 * ±0 leaves a sum that started at +0 as it is (a sum of doubles that starts at +0 is never −0).
 * The others keep their order, so every sum is the same double.
 */
function setCoefficients(run: Run, s: KernelSums): void {
  const { states } = run;
  const { dyn } = s;
  let n = 0;
  for (let i = 0; i < s.dynLane.length; i++) {
    const c = states[s.dynLane[i]].work[s.dynSrc[i]];
    if (c === 0) continue;
    dyn.at[n] = s.dynAt[i];
    dyn.from[n] = s.dynFrom[i];
    dyn.acc[n] = s.dynAcc[i];
    dyn.rate[n] = s.dynRate[i];
    dyn.coef[n] = c;
    n++;
  }
  for (let i = 0; i < s.varLane.length; i++) s.vary.coef[i] = states[s.varLane[i]].work[s.varSrc[i]] * s.varScale[i];
  run.bufs.setChanging(n, s.varLane.length);
}

/** The kernel's sums added into the accumulators (which hold 0 there, as before the first cycle). */
function addKernelSums(run: Run, s: KernelSums): void {
  const nDecl = run.model.transDecl.length;
  const SV = run.model.states.length * run.model.values.length;
  s.accs.forEach((acc, a) => {
    for (let d = 0; d < nDecl; d++) {
      acc.transU[d] += s.dyn.U[a * nDecl + d];
      acc.transD[d] += s.dyn.D[a * nDecl + d];
    }
    for (let i = 0; i < SV; i++) {
      acc.stateU[i] += s.vary.U[a * SV + i];
      acc.stateD[i] += s.vary.D[a * SV + i];
    }
  });
  run.bufs.setChanging(0, 0);
}

/** The first cycle ≥ t in which some group's time formulas change value (T + 1: none). */
function nextChange(groups: CohortGroup[], t: number, T: number): number {
  let upcoming = T + 1;
  for (const gp of groups) {
    const ch = gp.changes!;
    while (gp.next < ch.length && ch[gp.next] < t) gp.next++;
    if (gp.next < ch.length && ch[gp.next] < upcoming) upcoming = ch[gp.next];
  }
  return upcoming;
}

/**
 * The run's starting point: counts at time 0 (count 0 weighted into the sums, projected into G),
 * what each value and transition needs per cycle, and the coefficients of the projections.
 */
function newRun(
  model: CompiledModel,
  lanes: Lane[],
  states: LaneState[],
  bufs: Buffers,
  dc: Float64Array,
  dO: Float64Array,
): Run {
  const { K } = bufs;
  const nLanes = lanes.length;
  const S = model.states.length;
  const V = model.values.length;
  const cur = bufs.a;
  for (let k = 0; k < nLanes; k++)
    for (const ini of model.init) cur[ini.state * K + k] += states[k].work[ini.src] * lanes[k].scale;
  const allSingle = model.nExpanded === S; // no tunnels: expanded state i is declared state i
  const rate = new Uint8Array(V);
  const valueScale = new Float64Array(V);
  model.values.forEach((v, i) => {
    rate[i] = rateOf(v.discount);
    valueScale[i] = v.scale;
  });
  const trans = model.transValues;
  const transDynamic = new Uint8Array(trans.length * K);
  // Corrected transition values are weighted per cycle (addDynamicTransitions), as values that change.
  const corrected = model.correctTransitionValues ? 1 : 0;
  const dynJ: number[] = [];
  const dynK: number[] = [];
  for (let j = 0; j < trans.length; j++)
    for (let k = 0; k < nLanes; k++) {
      transDynamic[j * K + k] = lanes[k].prog.dynamic[trans[j].src] | corrected;
      if (transDynamic[j * K + k] === 1) {
        dynJ.push(j);
        dynK.push(k);
      }
    }
  // The summed flows of a transition are read only for lanes in which its value is constant
  // (addConstantValues) and, with per-cycle series, for its series: a transition whose value changes
  // between cycles in every lane (summed by addDynamicTransitions or the kernel's dynflows instead)
  // needs no flows without per-cycle series. Skipping it leaves every double that is read as it was.
  const flows: number[] = [];
  for (let j = 0; j < trans.length; j++) {
    let needed = bufs.hRows > 0;
    for (let k = 0; k < nLanes && !needed; k++) needed = transDynamic[j * K + k] === 0;
    if (needed) flows.push(j);
  }
  bufs.setFlows(flows);
  const run: Run = {
    model,
    lanes,
    states,
    bufs,
    dc,
    dO,
    rate,
    valueScale,
    transDynamic,
    dynTrans: dynJ.length > 0,
    dynJ: Int32Array.from(dynJ),
    dynK: Int32Array.from(dynK),
    varying: lanes.some((l) => l.prog.varyingPairs.length > 0),
    cur,
    next: bufs.b,
    curAt: bufs.at.a,
    nextAt: bufs.at.b,
    allSingle,
    aggPrev: allSingle ? cur : new Float64Array(S * K),
    aggNext: allSingle ? bufs.b : new Float64Array(S * K),
    pendingFrom: 1,
  };
  if (!allSingle) aggregate(run, cur, run.aggPrev);
  // Count 0 here; counts 1..T in the kernel or stepJs.
  addWeighted(bufs, cur, bufs.w[0], bufs.wc[0], bufs.wo[0]);
  projectionCoefficients(run);
  projectJs(bufs, cur, 0);
  return run;
}

/**
 * Coefficients of the projections (per-cycle series, trace) and of the per-cycle transition
 * series: values that change between cycles get 0 here and are added per cycle instead.
 */
function projectionCoefficients(run: Run): void {
  const { model, lanes, states, bufs, valueScale, transDynamic } = run;
  const { K, proj, projCoef, tCoef } = bufs;
  const pairs = model.pairs;
  for (let e = 0; e < proj.row.length; e++) {
    const j = proj.pair[e];
    for (let k = 0; k < lanes.length; k++) {
      if (j < 0) projCoef[e * K + k] = 1;
      else {
        const pr = pairs[j];
        projCoef[e * K + k] = lanes[k].prog.dynamic[pr.src]
          ? 0
          : states[k].work[pr.perTunnel ? pr.src + proj.tunnel[e] : pr.src] * valueScale[pr.value];
      }
    }
  }
  const trans = model.transValues;
  if (bufs.hRows)
    for (let j = 0; j < trans.length; j++)
      for (let k = 0; k < lanes.length; k++)
        tCoef[j * K + k] = transDynamic[j * K + k] ? 0 : states[k].work[trans[j].src];
}

/** Counts by declared state (tunnels summed); needed per cycle only for values that change between cycles. */
function aggregate(run: Run, from: Float64Array, to: Float64Array): void {
  const { K } = run.bufs;
  const declared = run.model.states;
  for (let s = 0; s < declared.length; s++) {
    const b = declared[s].base * K;
    const n = declared[s].tunnels;
    const o = s * K;
    for (let k = 0; k < K; k++) {
      let x = 0;
      for (let q = 0; q < n; q++) x += from[b + q * K + k];
      to[o + k] = x;
    }
  }
}

/** One cycle in TypeScript: what the kernel's `run` does for one cycle. */
function cycleJs(run: Run, t: number): void {
  const { bufs, model } = run;
  if (bufs.nFlows) flowsJs(bufs, run.cur, t, run.dc[t], run.dO[t]);
  stepJs(bufs, model.nExpanded, run.cur, run.next, bufs.w[t], bufs.wc[t], bufs.wo[t]);
  if (bufs.proj.row.length) projectJs(bufs, run.next, t);
}

/** The counts after a cycle become the counts before the next. */
function swapCounts(run: Run): void {
  const tmp = run.cur;
  run.cur = run.next;
  run.next = tmp;
  const tmpAt = run.curAt;
  run.curAt = run.nextAt;
  run.nextAt = tmpAt;
  if (run.allSingle) {
    run.aggPrev = run.cur;
    run.aggNext = run.next;
  } else {
    const tmpA = run.aggPrev;
    run.aggPrev = run.aggNext;
    run.aggNext = tmpA;
  }
}

/** Propagates the cycles not yet run, up to tEnd (batched runs). */
function flush(run: Run, tEnd: number): void {
  const from = run.pendingFrom;
  if (tEnd < from) return;
  const { kernel, at } = run.bufs;
  if (kernel) {
    kernel.run(from, tEnd, run.curAt, run.nextAt, at.desc);
    // After an odd number of cycles the counts are in `next`.
    if ((tEnd - from) % 2 === 0) swapCounts(run);
  } else {
    for (let t = from; t <= tEnd; t++) {
      cycleJs(run, t);
      swapCounts(run);
    }
  }
  run.pendingFrom = tEnd + 1;
}

/** One-off values: once per member of the cohort at time 0, not discounted (d_0 = 1). */
function addOneOff(run: Run): void {
  const T1 = run.model.nCycles + 1;
  for (let k = 0; k < run.lanes.length; k++) {
    const { acc, weight } = run.lanes[k];
    for (const o of run.model.oneOff) {
      const x = run.states[k].work[o.src] * weight;
      acc.oneOff[o.value] += x;
      if (acc.cycleU) {
        acc.cycleU[o.value * T1] += x;
        acc.cycleD![o.value * T1] += x;
      }
    }
  }
}

/**
 * Transition values whose value changes between cycles, and all of them when they are corrected
 * within the cycle: the flow times the value of cycle t, counted at the end of the cycle (d_t) or,
 * corrected, with the cycle's weights (alpha_t d_{t-1} + beta_t d_t). (The others are summed as
 * flows and multiplied by their value at the end; their per-cycle series come from the kernel.)
 */
function addDynamicTransitions(run: Run, t: number): void {
  const { model, lanes, states, bufs, rate, cur } = run;
  const { K, p, tFrom, tPos } = bufs;
  const T1 = model.nCycles + 1;
  const trans = model.transValues;
  const a = model.correctTransitionValues ? model.weights.alpha[t] : 0;
  const b = model.correctTransitionValues ? model.weights.beta[t] : 1;
  const weightAt = [a * run.dc[t - 1] + b * run.dc[t], a * run.dO[t - 1] + b * run.dO[t], a + b];
  const u = a + b;
  const { dynJ, dynK } = run;
  // Transition by transition, lane by lane (the order of the sums), over the dynamic pairs only.
  for (let i = 0; i < dynJ.length;) {
    const j = dynJ[i];
    const tv = trans[j];
    const from = tFrom[j] * K;
    const pq = tPos[j] * K;
    const d = weightAt[rate[tv.value]];
    const ct = tv.value * T1 + t;
    for (; i < dynJ.length && dynJ[i] === j; i++) {
      const k = dynK[i];
      const flow = cur[from + k] * p[pq + k];
      if (flow === 0) continue;
      const x = flow * states[k].work[tv.src];
      const acc = lanes[k].acc;
      acc.transU[tv.decl] += x * u;
      acc.transD[tv.decl] += x * d;
      if (acc.cycleU) {
        acc.cycleU[ct] += x * u;
        acc.cycleD![ct] += x * d;
      }
    }
  }
}

/** Values that change between cycles: the value of cycle t times the weighted counts of cycle t. */
function addVaryingValues(run: Run, t: number): void {
  const { model, lanes, states, bufs, rate, valueScale, dc, dO, aggPrev, aggNext, cur, next } = run;
  const { K } = bufs;
  const V = model.values.length;
  const T1 = model.nCycles + 1;
  const a = model.weights.alpha[t];
  const b = model.weights.beta[t];
  // Weights of the counts before and after the cycle per rate: costs, outcomes, none.
  const aw = [a * dc[t - 1], a * dO[t - 1], a];
  const bw = [b * dc[t], b * dO[t], b];
  for (let k = 0; k < lanes.length; k++) {
    const { acc, prog } = lanes[k];
    const work = states[k].work;
    const vp = prog.varyingPairs;
    for (let j = 0; j < vp.length; j++) {
      const pr = model.pairs[vp[j]];
      const s = pr.state;
      const v = pr.value;
      let u = 0;
      let d = 0;
      if (!pr.perTunnel) {
        const m0 = aggPrev[s * K + k];
        const m1 = aggNext[s * K + k];
        const x = work[pr.src] * valueScale[v];
        u = x * (a * m0 + b * m1);
        d = x * (aw[rate[v]] * m0 + bw[rate[v]] * m1);
      } else {
        const { base, tunnels } = model.states[s];
        const av = aw[rate[v]];
        const bv = bw[rate[v]];
        for (let q = 0; q < tunnels; q++) {
          const m0 = cur[(base + q) * K + k];
          const m1 = next[(base + q) * K + k];
          if (m0 === 0 && m1 === 0) continue;
          const x = work[pr.src + q] * valueScale[v];
          u += x * (a * m0 + b * m1);
          d += x * (av * m0 + bv * m1);
        }
      }
      acc.stateU[s * V + v] += u;
      acc.stateD[s * V + v] += d;
      if (acc.cycleU) {
        acc.cycleU[v * T1 + t] += u;
        acc.cycleD![v * T1 + t] += d;
      }
    }
  }
}

/** onCycle for every lane: copies of the lane's probabilities and counts before and after cycle t. */
function reportCycle(run: Run, t: number, onCycle: OnCycle): void {
  const { model, lanes, bufs, cur, next } = run;
  const { K, p } = bufs;
  const { entryPos } = model;
  const nE = model.nExpanded;
  for (let k = 0; k < lanes.length; k++) {
    const { prog } = lanes[k];
    const pk = new Float64Array(entryPos.length);
    const before = new Float64Array(nE);
    const after = new Float64Array(nE);
    for (let e = 0; e < entryPos.length; e++) pk[e] = p[entryPos[e] * K + k];
    for (let i = 0; i < nE; i++) {
      before[i] = cur[i * K + k];
      after[i] = next[i * K + k];
    }
    onCycle({
      strategy: model.strategies[prog.strategyIndex].id,
      cohort: model.cohorts[prog.cohortIndex].id,
      cycle: t,
      p: pk,
      before,
      after,
    });
  }
}

/**
 * Values constant over time: the value times the weighted counts summed over all cycles (state
 * values, transition values, life years).
 */
function addConstantValues(run: Run): void {
  const { model, lanes, states, bufs, rate, valueScale, transDynamic } = run;
  const { K, sumU, sumC, sumO } = bufs;
  const sumsOf = [sumC, sumO, sumU];
  const flowsOf = [bufs.fC, bufs.fO, bufs.fU];
  const V = model.values.length;
  const L = model.cycleYears;
  const declared = model.states;
  const trans = model.transValues;
  for (let k = 0; k < lanes.length; k++) {
    const { acc, prog } = lanes[k];
    const work = states[k].work;
    for (let j = 0; j < trans.length; j++) {
      const tv = trans[j];
      if (transDynamic[j * K + k] === 1) continue;
      const x = work[tv.src];
      acc.transU[tv.decl] += x * bufs.fU[j * K + k];
      acc.transD[tv.decl] += x * flowsOf[rate[tv.value]][j * K + k];
    }
    const cp = prog.constantPairs;
    for (let j = 0; j < cp.length; j++) {
      const pr = model.pairs[cp[j]];
      const s = pr.state;
      const v = pr.value;
      const { base, tunnels } = declared[s];
      const sums = sumsOf[rate[v]];
      for (let q = 0; q < tunnels; q++) {
        const x = work[pr.perTunnel ? pr.src + q : pr.src] * valueScale[v];
        const i = (base + q) * K + k;
        acc.stateU[s * V + v] += x * sumU[i];
        acc.stateD[s * V + v] += x * sums[i];
      }
    }
    for (let s = 0; s < declared.length; s++) {
      if (declared[s].dead) continue;
      const { base, tunnels } = declared[s];
      for (let q = 0; q < tunnels; q++) {
        acc.lyU[s] += sumU[(base + q) * K + k] * L;
        acc.lyD[s] += sumO[(base + q) * K + k] * L;
      }
    }
  }
}
