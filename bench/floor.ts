/**
 * The floor of a CAR T PSA draw: what the exact monthly propagation of the model's expanded
 * structure costs by itself, in the engine's WebAssembly kernel (`step`, kernel.wat), with the
 * probabilities fixed (those of the first cycle, from one `evaluate` with onCycle), no formulas, no
 * probability checks, no values; then the same with the weighted counts summed (what state values
 * and life years need). One draw is the model's lanes (strategies × sexes) over every cycle. A PSA
 * draw cannot cost less than this unless the propagation itself changes (fewer states, entries or
 * cycles), so it says how far the goal of 1 CPU-ms a draw is from what this structure allows.
 */
import { loadavg } from "node:os";
import { compileModel, evaluate, type ModelSpec } from "../src/model/index.js";
import { newKernel } from "../src/model/kernel/kernel.js";

/** Per lane (strategy × sex, in evaluation order): the probabilities of every entry and the counts before cycle 1. */
function firstCycle(model: ReturnType<typeof compileModel>): Array<{ p: Float64Array; m0: Float64Array }> {
  const lanes: Array<{ p: Float64Array; m0: Float64Array }> = [];
  evaluate(model, {
    trace: false,
    perCycle: false,
    onCycle: (c) => {
      if (c.cycle === 1) lanes.push({ p: c.p, m0: c.before });
    },
  });
  return lanes;
}

/** Bytes rounded up to 16 (the kernel loads 16-byte vectors). */
const r16 = (n: number) => Math.ceil(n / 16) * 16;

/**
 * CPU-ms a draw of `step` over all cycles, for `draws` draws side by side as lanes (as a PSA batch
 * runs them), with (`mode` 1) or without (0) the weighted counts summed. Median of `rounds` rounds.
 */
function timeStep(spec: ModelSpec, draws: number, mode: 0 | 1, rounds: number): Record<string, number> {
  const model = compileModel(spec);
  const base = firstCycle(model);
  const L = base.length * draws;
  const K = Math.ceil(L / 4) * 4;
  const nE = model.nExpanded;
  const nEntries = model.entryPos.length;
  const T = model.nCycles;
  const at = { colStart: 0, colSrc: 0, p: 0, a: 0, b: 0, sumU: 0, sumC: 0, m0: 0 };
  let top = 0;
  const sizes: Record<keyof typeof at, number> = {
    colStart: 4 * (nE + 1),
    colSrc: 4 * nEntries,
    p: 8 * nEntries * K,
    a: 8 * nE * K,
    b: 8 * nE * K,
    sumU: 8 * nE * K,
    sumC: 8 * nE * K,
    m0: 8 * nE * K,
  };
  for (const key of Object.keys(at) as Array<keyof typeof at>) {
    at[key] = top;
    top += r16(sizes[key]);
  }
  const k = newKernel(top);
  if (!k) throw new Error("the WebAssembly kernel is not available here");
  const buf = k.memory.buffer;
  new Int32Array(buf, at.colStart, nE + 1).set(model.colStart);
  new Int32Array(buf, at.colSrc, nEntries).set(model.colSrc);
  const p = new Float64Array(buf, at.p, nEntries * K);
  const m0 = new Float64Array(buf, at.m0, nE * K);
  for (let lane = 0; lane < L; lane++) {
    const b = base[lane % base.length];
    for (let e = 0; e < nEntries; e++) p[model.entryPos[e] * K + lane] = b.p[e];
    for (let i = 0; i < nE; i++) m0[i * K + lane] = b.m0[i];
  }
  const a = new Float64Array(buf, at.a, nE * K);
  const sums = [new Float64Array(buf, at.sumU, nE * K), new Float64Array(buf, at.sumC, nE * K)];
  // Monthly discounting at 3% a year for the discounted sums (the value does not change the work).
  const dc = Float64Array.from({ length: T + 1 }, (_, t) => Math.pow(1.03, -t / 12));
  const once = () => {
    a.set(m0);
    for (const s of sums) s.fill(0);
    let cur = at.a;
    let next = at.b;
    for (let t = 1; t <= T; t++) {
      k.kernel.step(nE, K, at.colStart, at.colSrc, at.p, cur, next, at.sumU, at.sumC, at.sumC, 1, dc[t], dc[t], mode);
      const tmp = cur;
      cur = next;
      next = tmp;
    }
  };
  for (let i = 0; i < 20; i++) once(); // warm-up (tier-up of the WebAssembly and the loop)
  const perDraw: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const reps = Math.max(1, Math.round(200 / draws));
    const c0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) once();
    const c = process.cpuUsage(c0);
    perDraw.push((c.user + c.system) / 1000 / (reps * draws));
  }
  perDraw.sort((x, y) => x - y);
  return {
    lanes: L,
    paddedLanes: K,
    cpuMsPerDraw: Number(perDraw[Math.floor(rounds / 2)].toFixed(3)),
    cpuMsPerDrawFastest: Number(perDraw[0].toFixed(3)),
  };
}

/** One JSON line: the propagation floor of the CAR T model, one draw alone and in a PSA batch, without and with the weighted counts. */
export function propagationFloor(spec: ModelSpec, label: string, batch: number, rounds = 7): Record<string, unknown> {
  const model = compileModel(spec);
  const lanesPerDraw = model.strategies.length * Math.max(1, model.cohorts.length);
  const entries = model.entryPos.length;
  const T = model.nCycles;
  return {
    case: `PSA floor: ${label}, exact propagation only (kernel step, probabilities fixed, no formulas or checks), CPU-ms a draw (median of ${rounds} rounds)`,
    expandedStates: model.nExpanded,
    entriesPerLane: entries,
    lanesPerDraw,
    cycles: T,
    multiplyAddsPerDraw: lanesPerDraw * T * entries,
    oneDraw: timeStep(spec, 1, 0, rounds),
    batch: { draws: batch, ...timeStep(spec, batch, 0, rounds) },
    batchWithWeightedCounts: { draws: batch, ...timeStep(spec, batch, 1, rounds) },
    loadAverage: Number(loadavg()[0].toFixed(1)),
  };
}
