/**
 * The arrays of one run, lane-interleaved (element (i, lane) at i × K + lane), in WebAssembly memory
 * when the kernel runs, else on the JavaScript heap; kept with the compiled model for the next run
 * of the same shape. Also the projections that give the trace and per-cycle series.
 */
import type { CompiledModel } from "../compile/compile.js";
import { countKernelRun, DESC, DESC_FIELDS, newKernel, type Kernel } from "../kernel/kernel.js";
import { KERNEL_TOLERANCES } from "./settle.js";

const bufferCache = new WeakMap<CompiledModel, Map<string, Buffers>>();

/**
 * The run's arrays, kept with the model for the next run of the same shape (an evaluation started
 * inside another, from onCycle, gets arrays of its own on the JavaScript heap).
 */
export function buffersFor(
  model: CompiledModel,
  nLanes: number,
  dc: Float64Array,
  dO: Float64Array,
  perCycle: boolean,
  trace: boolean,
  withKernel: boolean,
): Buffers {
  const key = `${nLanes}|${dc === dO}|${withKernel}|${perCycle}|${trace}`;
  let byKey = bufferCache.get(model);
  if (!byKey) bufferCache.set(model, (byKey = new Map()));
  let bufs = byKey.get(key);
  if (bufs?.busy) bufs = new Buffers(model, nLanes, dc === dO, false, perCycle, trace);
  else if (!bufs) byKey.set(key, (bufs = new Buffers(model, nLanes, dc === dO, withKernel, perCycle, trace)));
  bufs.prepare(dc, dO);
  if (bufs.kernel) countKernelRun();
  return bufs;
}

/**
 * Per-cycle series and the trace as projections of the counts: row r of G at cycle t is
 * Σ_e coef_e × m_t[state_e] over the entries e of row r. Rows: per value (the values of its
 * state-value pairs, one entry per expanded state) and life years (1 per living expanded state)
 * when per-cycle series are asked for; per declared state (1 per expanded state) for the trace.
 */
export interface Projection {
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

export type Region =
  | "desc"
  | "colStart"
  | "colSrc"
  | "tFrom"
  | "tPos"
  | "tRow"
  | "tList"
  | "projRow"
  | "projState"
  | "rowStart"
  | "rowComp"
  | "entryPos"
  | "dynSrc"
  | "dynPos"
  | "dynRows"
  | "work"
  | "tol"
  | "p"
  | "a"
  | "b"
  | "sumU"
  | "sumC"
  | "sumO"
  | "fU"
  | "fC"
  | "fO"
  | "w"
  | "wc"
  | "wo"
  | "dc"
  | "dO"
  | "projCoef"
  | "tCoef"
  | "G"
  | "H"
  | "dynFrom"
  | "dynAt"
  | "dynAcc"
  | "dynRate"
  | "dynCoef"
  | "TU"
  | "TD"
  | "varAt"
  | "varAcc"
  | "varRate"
  | "varCoef"
  | "varTun"
  | "SU"
  | "SD"
  | "alpha"
  | "beta";

/**
 * The arrays of one run: in WebAssembly memory when the kernel runs (kernel.wat), else on
 * the JavaScript heap. Lane-interleaved: element (i, lane) is at i × K + lane; K is the number of
 * lanes padded to a multiple of 4 (padding lanes hold zero counts) so the loops handle 4 lanes at once.
 */
export class Buffers {
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
  /**
   * The valued transitions whose flows are summed (the first `nFlows`; all of them unless the run
   * says otherwise with setFlows): see run/cycles.ts newRun.
   */
  readonly tList: Int32Array;
  nFlows = 0;
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
  /** In use by a run. */
  busy = false;
  /** Per lane: the environment of formula values, and the cycle in which each slot last changed. */
  readonly work: Float64Array[];
  /** With the kernel, per lane (at lane × entries, lane × expanded states): the computed probabilities' sources and positions, and the rows to settle when they change. */
  readonly dynSrc: Int32Array | null = null;
  readonly dynPos: Int32Array | null = null;
  readonly dynRows: Int32Array | null = null;
  readonly changedAt: Int32Array[];
  /**
   * With the kernel, values that change between cycles summed in the kernel while cycles run in
   * batches (kernel.wat's dynflows and varying; run/cycles.ts fills them): per item (transition ×
   * lane, state value × lane) byte offsets, rate and value; the sums per strategy of a run.
   */
  readonly dyn: ChangingItems | null = null;
  readonly vary: ChangingItems | null = null;
  private readonly desc: Int32Array | null = null;
  private readonly T1: number;
  private dc: Float64Array | null = null;
  private dO: Float64Array | null = null;
  private readonly dcAt: Float64Array | null;
  private readonly dOAt: Float64Array | null;

  constructor(
    model: CompiledModel,
    nLanes: number,
    sameRates: boolean,
    withKernel: boolean,
    perCycle: boolean,
    trace: boolean,
  ) {
    const nE = model.nExpanded;
    const T1 = model.nCycles + 1;
    const nEntries = model.entrySrc.length;
    const nT = model.transValues.length;
    const K4 = Math.ceil(nLanes / 4) * 4;
    const proj = projectionOf(model, perCycle, trace);
    const nP = proj.row.length;
    const hRows = perCycle ? model.values.length : 0;
    const sizes = regionSizes(model, nLanes, sameRates, proj, hRows);
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
    this.tFrom = i32(
      "tFrom",
      model.transValues.map((tv) => model.entryFrom[tv.entry]),
    );
    this.tPos = i32(
      "tPos",
      model.transValues.map((tv) => model.entryPos[tv.entry]),
    );
    this.tRow = i32(
      "tRow",
      model.transValues.map((tv) => tv.value),
    );
    this.tList = i32(
      "tList",
      model.transValues.map((_, j) => j),
    );
    this.nFlows = nT;
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
    this.work = Array.from({ length: nLanes }, (_, k) =>
      buffer
        ? new Float64Array(buffer, at.work + 8 * k * model.workSize, model.workSize)
        : new Float64Array(model.workSize),
    );
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
      const kd = kernelDescriptor(buffer, at, model, { nLanes, K, sameRates, proj, hRows });
      this.dyn = kd.dyn;
      this.vary = kd.vary;
      this.desc = kd.desc;
    }
  }

  /** The valued transitions whose flows this run sums (a subset of the model's, in increasing order). */
  setFlows(list: ArrayLike<number>): void {
    this.tList.set(list);
    this.nFlows = list.length;
    if (this.desc) this.desc[DESC.nT] = list.length;
  }

  /** How many items of values that change between cycles the kernel sums in this run (0: none; it writes nothing for them). */
  setChanging(nDyn: number, nVar: number): void {
    if (!this.desc || !this.dyn || !this.vary) return;
    this.dyn.n = nDyn;
    this.vary.n = nVar;
    this.desc[DESC.nDyn] = nDyn;
    this.desc[DESC.nVar] = nVar;
  }

  /** Zeroes the arrays a run accumulates into and sets the weights for the discount factors dc, dO; marks the arrays in use. */
  prepare(dc: Float64Array, dO: Float64Array): void {
    this.busy = true;
    this.setChanging(0, 0);
    for (const a of [
      this.p,
      this.a,
      this.b,
      this.sumU,
      this.sumC,
      this.sumO,
      this.fU,
      this.fC,
      this.fO,
      this.projCoef,
      this.G,
      this.tCoef,
      this.H,
    ])
      a.fill(0);
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

/** Items of values that change between cycles, summed in the kernel (see Buffers.dyn, Buffers.vary). */
export interface ChangingItems {
  /** Items in use. */
  n: number;
  /** Byte offsets (index × K + lane, × 8): transitions, of the item's probability (`at`, in p) and its source's count (`from`); state values, of the state's count (`at`). */
  at: Int32Array;
  from: Int32Array;
  /** Byte offset of the item's sums in U and D; its rate (0 costs, 1 outcomes, 2 none); its value. */
  acc: Int32Array;
  rate: Int32Array;
  coef: Float64Array;
  /**
   * State values: the number of tunnels of the item's state, whose counts (from `at`, one index apart)
   * the kernel sums before it weighs them, as run/cycles.ts's `aggregate` does (1: the count at `at`).
   */
  tunnels: Int32Array;
  U: Float64Array;
  D: Float64Array;
}

/** Weight of each count k = 0..T: beta_k (end of cycle k) + alpha_{k+1} (start of cycle k + 1). */
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

/** Bytes of each region of a run's arrays (lane-interleaved; K4 lanes rounded up to a multiple of 4). */
function regionSizes(
  model: CompiledModel,
  nLanes: number,
  sameRates: boolean,
  proj: Projection,
  hRows: number,
): Record<Region, number> {
  const nE = model.nExpanded;
  const T1 = model.nCycles + 1;
  const nEntries = model.entrySrc.length;
  const nT = model.transValues.length;
  const K4 = Math.ceil(nLanes / 4) * 4;
  const nP = proj.row.length;
  return {
    rowStart: 4 * (nE + 1),
    rowComp: 4 * nE,
    entryPos: 4 * nEntries,
    dynSrc: 4 * nLanes * nEntries,
    dynPos: 4 * nLanes * nEntries,
    dynRows: 4 * nLanes * nE,
    work: 8 * nLanes * model.workSize,
    tol: 24,
    desc: 4 * DESC_FIELDS,
    colStart: 4 * (nE + 1),
    colSrc: 4 * nEntries,
    tFrom: 4 * nT,
    tPos: 4 * nT,
    tRow: 4 * nT,
    tList: 4 * nT,
    projRow: 4 * nP,
    projState: 4 * nP,
    p: 8 * nEntries * K4,
    a: 8 * nE * K4,
    b: 8 * nE * K4,
    sumU: 8 * nE * K4,
    sumC: 8 * nE * K4,
    sumO: sameRates ? 0 : 8 * nE * K4,
    fU: 8 * nT * K4,
    fC: 8 * nT * K4,
    fO: sameRates ? 0 : 8 * nT * K4,
    w: 8 * T1,
    wc: 8 * T1,
    wo: 8 * T1,
    dc: 8 * T1,
    dO: 8 * T1,
    projCoef: 8 * nP * K4,
    tCoef: 8 * nT * K4,
    G: 8 * T1 * proj.rows * K4,
    H: 8 * T1 * hRows * K4,
    dynFrom: 4 * nT * nLanes,
    dynAt: 4 * nT * nLanes,
    dynAcc: 4 * nT * nLanes,
    dynRate: 4 * nT * nLanes,
    dynCoef: 8 * nT * nLanes,
    TU: 8 * nLanes * model.transDecl.length,
    TD: 8 * nLanes * model.transDecl.length,
    varAt: 4 * model.pairs.length * nLanes,
    varAcc: 4 * model.pairs.length * nLanes,
    varRate: 4 * model.pairs.length * nLanes,
    varCoef: 8 * model.pairs.length * nLanes,
    varTun: 4 * model.pairs.length * nLanes,
    SU: 8 * nLanes * model.states.length * model.values.length,
    SD: 8 * nLanes * model.states.length * model.values.length,
    alpha: 8 * T1,
    beta: 8 * T1,
  };
}

/**
 * The kernel's descriptor (the byte offset of every region and the run's dimensions, kernel.wat reads
 * them from memory) and the lists of values that change between cycles that the kernel sums.
 */
function kernelDescriptor(
  buffer: ArrayBuffer,
  at: Record<Region, number>,
  model: CompiledModel,
  dims: { nLanes: number; K: number; sameRates: boolean; proj: Projection; hRows: number },
): { desc: Int32Array; dyn: ChangingItems; vary: ChangingItems } {
  const { nLanes, K, sameRates, proj, hRows } = dims;
  const nE = model.nExpanded;
  const nEntries = model.entrySrc.length;
  const nT = model.transValues.length;
  const nP = proj.row.length;
  const T1 = model.nCycles + 1;
  const d = new Int32Array(buffer, at.desc, DESC_FIELDS);
  const KB = K * 8;
  d[DESC.nE] = nE;
  d[DESC.K] = K;
  for (const f of [
    "colStart",
    "colSrc",
    "p",
    "sumU",
    "sumC",
    "sumO",
    "w",
    "wc",
    "wo",
    "fU",
    "fC",
    "fO",
    "dc",
    "dO",
    "projRow",
    "projState",
    "projCoef",
    "G",
    "tRow",
    "tCoef",
    "H",
  ] as const)
    d[DESC[f]] = at[f];
  d[DESC.mode] = sameRates ? 1 : 2;
  d[DESC.nT] = nT;
  d[DESC.tList] = at.tList;
  d[DESC.from] = at.tFrom;
  d[DESC.pos] = at.tPos;
  d[DESC.nProj] = nP;
  d[DESC.GB] = proj.rows * KB;
  d[DESC.HB] = hRows * KB;
  d[DESC.hOn] = hRows > 0 ? 1 : 0;
  for (const f of ["dynSrc", "dynPos", "dynRows", "work", "rowStart", "rowComp", "entryPos", "tol"] as const)
    d[DESC[f]] = at[f];
  d[DESC.entryStride] = 4 * nEntries;
  d[DESC.rowStride] = 4 * nE;
  d[DESC.workStride] = 8 * model.workSize;
  new Float64Array(buffer, at.tol, 3).set(KERNEL_TOLERANCES);
  for (const f of [
    "dynFrom",
    "dynAt",
    "dynAcc",
    "dynRate",
    "dynCoef",
    "TU",
    "TD",
    "varAt",
    "varAcc",
    "varRate",
    "varCoef",
    "varTun",
    "SU",
    "SD",
    "alpha",
    "beta",
  ] as const)
    d[DESC[f]] = at[f];
  const items = (n: number, pre: "dyn" | "var", U: Region, D: Region, nSums: number): ChangingItems => ({
    n: 0,
    at: new Int32Array(buffer, at[pre === "dyn" ? "dynAt" : "varAt"], n),
    from: pre === "dyn" ? new Int32Array(buffer, at.dynFrom, n) : new Int32Array(0),
    acc: new Int32Array(buffer, at[pre === "dyn" ? "dynAcc" : "varAcc"], n),
    rate: new Int32Array(buffer, at[pre === "dyn" ? "dynRate" : "varRate"], n),
    coef: new Float64Array(buffer, at[pre === "dyn" ? "dynCoef" : "varCoef"], n),
    tunnels: pre === "var" ? new Int32Array(buffer, at.varTun, n) : new Int32Array(0),
    U: new Float64Array(buffer, at[U], nSums),
    D: new Float64Array(buffer, at[D], nSums),
  });
  const dyn = items(nT * nLanes, "dyn", "TU", "TD", nLanes * model.transDecl.length);
  const vary = items(
    model.pairs.length * nLanes,
    "var",
    "SU",
    "SD",
    nLanes * model.states.length * model.values.length,
  );
  new Float64Array(buffer, at.alpha, T1).set(model.weights.alpha.subarray(0, T1));
  new Float64Array(buffer, at.beta, T1).set(model.weights.beta.subarray(0, T1));
  return { desc: d, dyn, vary };
}
