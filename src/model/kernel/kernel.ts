/**
 * The cohort propagation kernel in WebAssembly (128-bit SIMD, two lanes per vector).
 *
 * The inner loops of an evaluation — m_t = m_{t-1} P_t over the sparse columns, the weighted
 * counts summed over cycles, and the flows of transitions that carry a value — run here; the
 * formulas, checks and bookkeeping stay in TypeScript (evaluate.ts). The module is assembled from
 * the instructions below when this file loads (under 2 KB: small enough to compile
 * synchronously on a browser's main thread) and computes exactly what the TypeScript loops in
 * evaluate.ts compute, in the same order, so both give the same bits (IEEE 754 double arithmetic,
 * no fused multiply-add). Where WebAssembly SIMD is missing the TypeScript loops run instead.
 *
 * Memory layout (all offsets in bytes, lane-interleaved as in evaluate.ts: element = index × K + lane):
 * colStart, colSrc, from, pos are Int32 arrays; cur, next, p and the sums are Float64 arrays.
 * K must be a multiple of 4 (each inner step handles 4 lanes as two f64x2 vectors).
 */

/** The kernel's exports. */
export interface Kernel {
  /**
   * next[j] = Σ_{q in column j} cur[colSrc[q]] × p[q] for every expanded state j and lane, then
   * (mode ≥ 1) sumU += w × next, sumC += wc × next, and (mode 2) sumO += wo × next.
   */
  step(nE: number, K: number, colStart: number, colSrc: number, p: number, cur: number, next: number, sumU: number, sumC: number, sumO: number, w: number, wc: number, wo: number, mode: number): void;
  /**
   * For each of n valued transitions i (entry at position pos[i], from expanded state from[i]):
   * flow = cur[from] × p[pos]; fU[i] += flow, fC[i] += dc × flow, (mode 2) fO[i] += dO × flow, and
   * (hOn) hAt[tRow[i]] += tCoef[i] × flow.
   */
  flows(n: number, K: number, from: number, pos: number, cur: number, p: number, fU: number, fC: number, fO: number, dc: number, dO: number, mode: number, tRow: number, tCoef: number, hAt: number, hOn: number): void;
  /** dst[row[e]] += coef[e] × src[state[e]] for e = 0..n-1 and every lane. */
  project(n: number, K: number, row: number, state: number, coef: number, src: number, dst: number): void;
  /**
   * Cycles t0..t1 with the probabilities unchanged: `flows`, `step` and `project` per cycle, counts
   * moving from buffer cur to next in the first cycle and alternating after (after an odd number of
   * cycles the counts are in next); configuration from the descriptor at desc (see DESC).
   */
  run(t0: number, t1: number, cur: number, next: number, desc: number): void;
  /**
   * Lane k's computed probabilities copied from its environment (p[dynPos[j]] ← work[dynSrc[j]]),
   * then the listed rows checked and completed; −1, or the first row that fails.
   */
  settle(desc: number, k: number, n: number, nRows: number): number;
}

// --- a minimal WebAssembly assembler: opcodes and LEB128 encodings

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;
const VOID = 0x40;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** Import of the memory the caller provides: env.memory, at least one page. */
const importMemory = [...vecName("env"), ...vecName("memory"), 0x02, 0x00, ...uleb(1)];
function vecName(str: string): number[] {
  return [...uleb(str.length), ...[...str].map((c) => c.charCodeAt(0))];
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));

const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32c = (n: number) => [0x41, ...sleb(n)];
const i32 = { add: [0x6a], mul: [0x6c], shl: [0x74], ltS: [0x48], gtS: [0x4a], geS: [0x4e], eq: [0x46] };
const i32load = (offset = 0) => [0x28, 2, ...uleb(offset)];
const v128load = (offset = 0) => [0xfd, 0x00, 3, ...uleb(offset)];
const v128store = (offset = 0) => [0xfd, 0x0b, 3, ...uleb(offset)];
const f64x2 = { splat: [0xfd, ...uleb(0x14)], add: [0xfd, ...uleb(0xf0)], mul: [0xfd, ...uleb(0xf2)] };
const v128zero = [0xfd, 0x0c, ...new Array(16).fill(0)];
const block = [0x02, VOID];
const i32eqz = [0x45];
const i32and = [0x71];
const loop = [0x03, VOID];
const ifThen = [0x04, VOID];
const end = [0x0b];
const br = (d: number) => [0x0c, ...uleb(d)];
const brIf = (d: number) => [0x0d, ...uleb(d)];

/** mem[addr + offset] += factor × value (f64x2): addr and factor are locals, value is a local. */
const accumulate = (addr: number, offset: number, factor: number, value: number) => [
  ...get(addr), ...get(addr), ...v128load(offset), ...get(factor), ...get(value), ...f64x2.mul, ...f64x2.add, ...v128store(offset),
];

/** step(nE, K, colStart, colSrc, p, cur, next, sumU, sumC, sumO, w, wc, wo, mode) */
function stepBody(): number[] {
  // params 0..13; locals:
  const [nE, K, colStart, colSrc, p, cur, next, sumU, sumC, sumO, w, wc, wo, mode] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const [j, q, qEnd, kb, KB, row, src, pq, addr] = [14, 15, 16, 17, 18, 19, 20, 21, 22]; // i32
  const [a0, a1, W, WC, WO] = [23, 24, 25, 26, 27]; // v128
  const locals = vec([[...uleb(9), I32], [...uleb(5), V128]]);
  const code = [
    ...get(w), ...f64x2.splat, ...set(W),
    ...get(wc), ...f64x2.splat, ...set(WC),
    ...get(wo), ...f64x2.splat, ...set(WO),
    ...get(K), ...i32c(3), ...i32.shl, ...set(KB),
    ...i32c(0), ...set(j),
    ...block, ...loop,
    ...get(j), ...get(nE), ...i32.geS, ...brIf(1),
    // row = j × KB (byte offset of state j's lanes); q..qEnd = colStart[j]..colStart[j+1]
    ...get(j), ...get(KB), ...i32.mul, ...set(row),
    ...get(colStart), ...get(j), ...i32c(2), ...i32.shl, ...i32.add, ...set(addr),
    ...get(addr), ...i32load(0), ...set(q),
    ...get(addr), ...i32load(4), ...set(qEnd),
    ...i32c(0), ...set(kb),
    ...loop, // over groups of 4 lanes (K ≥ 4)
    ...v128zero, ...set(a0), ...v128zero, ...set(a1),
    ...get(q), ...set(addr), // addr doubles as the running entry index here
    ...block, ...loop,
    ...get(addr), ...get(qEnd), ...i32.geS, ...brIf(1),
    // src = cur + colSrc[addr] × KB + kb; pq = p + addr × KB + kb
    ...get(cur), ...get(colSrc), ...get(addr), ...i32c(2), ...i32.shl, ...i32.add, ...i32load(0), ...get(KB), ...i32.mul, ...i32.add, ...get(kb), ...i32.add, ...set(src),
    ...get(p), ...get(addr), ...get(KB), ...i32.mul, ...i32.add, ...get(kb), ...i32.add, ...set(pq),
    ...get(a0), ...get(src), ...v128load(0), ...get(pq), ...v128load(0), ...f64x2.mul, ...f64x2.add, ...set(a0),
    ...get(a1), ...get(src), ...v128load(16), ...get(pq), ...v128load(16), ...f64x2.mul, ...f64x2.add, ...set(a1),
    ...get(addr), ...i32c(1), ...i32.add, ...set(addr),
    ...br(0),
    ...end, ...end,
    // next[j, lanes kb..kb+3] = a0, a1
    ...get(next), ...get(row), ...i32.add, ...get(kb), ...i32.add, ...set(pq),
    ...get(pq), ...get(a0), ...v128store(0),
    ...get(pq), ...get(a1), ...v128store(16),
    ...get(mode), ...ifThen,
    ...get(sumU), ...get(row), ...i32.add, ...get(kb), ...i32.add, ...set(src),
    ...accumulate(src, 0, W, a0), ...accumulate(src, 16, W, a1),
    ...get(sumC), ...get(row), ...i32.add, ...get(kb), ...i32.add, ...set(src),
    ...accumulate(src, 0, WC, a0), ...accumulate(src, 16, WC, a1),
    ...get(mode), ...i32c(2), ...i32.eq, ...ifThen,
    ...get(sumO), ...get(row), ...i32.add, ...get(kb), ...i32.add, ...set(src),
    ...accumulate(src, 0, WO, a0), ...accumulate(src, 16, WO, a1),
    ...end,
    ...end,
    ...get(kb), ...i32c(32), ...i32.add, ...set(kb),
    ...get(kb), ...get(KB), ...i32.ltS, ...brIf(0),
    ...end, // lanes loop
    ...get(j), ...i32c(1), ...i32.add, ...set(j),
    ...br(0),
    ...end, ...end,
    ...end,
  ];
  return [...locals, ...code];
}

/** flows(n, K, from, pos, cur, p, fU, fC, fO, dc, dO, mode, tRow, tCoef, hAt, hOn) */
function flowsBody(): number[] {
  const [n, K, from, pos, cur, p, fU, fC, fO, dc, dO, mode, tRow, tCoef, hAt, hOn] = Array.from({ length: 16 }, (_, i) => i);
  const [i, kb, KB, src, pq, out, row, hRow, cRow] = [16, 17, 18, 19, 20, 21, 22, 23, 24]; // i32
  const [flow, DC, DO] = [25, 26, 27]; // v128
  const locals = vec([[...uleb(9), I32], [...uleb(3), V128]]);
  const code = [
    ...get(dc), ...f64x2.splat, ...set(DC),
    ...get(dO), ...f64x2.splat, ...set(DO),
    ...get(K), ...i32c(3), ...i32.shl, ...set(KB),
    ...i32c(0), ...set(i),
    ...block, ...loop,
    ...get(i), ...get(n), ...i32.geS, ...brIf(1),
    ...get(cur), ...get(from), ...get(i), ...i32c(2), ...i32.shl, ...i32.add, ...i32load(0), ...get(KB), ...i32.mul, ...i32.add, ...set(src),
    ...get(p), ...get(pos), ...get(i), ...i32c(2), ...i32.shl, ...i32.add, ...i32load(0), ...get(KB), ...i32.mul, ...i32.add, ...set(pq),
    ...get(i), ...get(KB), ...i32.mul, ...set(row),
    // per-cycle series: H[tRow[i]] += tCoef[i] × flow
    ...get(hAt), ...get(tRow), ...get(i), ...i32c(2), ...i32.shl, ...i32.add, ...i32load(0), ...get(KB), ...i32.mul, ...i32.add, ...set(hRow),
    ...get(tCoef), ...get(row), ...i32.add, ...set(cRow),
    ...i32c(0), ...set(kb),
    ...loop, // two lanes per step
    ...get(src), ...get(kb), ...i32.add, ...v128load(0), ...get(pq), ...get(kb), ...i32.add, ...v128load(0), ...f64x2.mul, ...set(flow),
    ...get(fU), ...get(row), ...i32.add, ...get(kb), ...i32.add, ...set(out),
    ...get(out), ...get(out), ...v128load(0), ...get(flow), ...f64x2.add, ...v128store(0),
    ...get(fC), ...get(row), ...i32.add, ...get(kb), ...i32.add, ...set(out),
    ...accumulate(out, 0, DC, flow),
    ...get(mode), ...i32c(2), ...i32.eq, ...ifThen,
    ...get(fO), ...get(row), ...i32.add, ...get(kb), ...i32.add, ...set(out),
    ...accumulate(out, 0, DO, flow),
    ...end,
    ...get(hOn), ...ifThen,
    ...get(hRow), ...get(kb), ...i32.add, ...set(out),
    ...get(out), ...get(out), ...v128load(0), ...get(cRow), ...get(kb), ...i32.add, ...v128load(0), ...get(flow), ...f64x2.mul, ...f64x2.add, ...v128store(0),
    ...end,
    ...get(kb), ...i32c(16), ...i32.add, ...set(kb),
    ...get(kb), ...get(KB), ...i32.ltS, ...brIf(0),
    ...end,
    ...get(i), ...i32c(1), ...i32.add, ...set(i),
    ...br(0),
    ...end, ...end,
    ...end,
  ];
  return [...locals, ...code];
}

/** project(n, K, row, state, coef, src, dst): dst[row[e]] += coef[e] × src[state[e]] for e = 0..n-1, every lane. */
function projectBody(): number[] {
  const [n, K, row, state, coef, src, dst] = [0, 1, 2, 3, 4, 5, 6];
  const [e, kb, KB, d, sr, cf] = [7, 8, 9, 10, 11, 12]; // i32
  const locals = vec([[...uleb(6), I32]]);
  const code = [
    ...get(K), ...i32c(3), ...i32.shl, ...set(KB),
    ...i32c(0), ...set(e),
    ...block, ...loop,
    ...get(e), ...get(n), ...i32.geS, ...brIf(1),
    ...get(dst), ...get(row), ...get(e), ...i32c(2), ...i32.shl, ...i32.add, ...i32load(0), ...get(KB), ...i32.mul, ...i32.add, ...set(d),
    ...get(src), ...get(state), ...get(e), ...i32c(2), ...i32.shl, ...i32.add, ...i32load(0), ...get(KB), ...i32.mul, ...i32.add, ...set(sr),
    ...get(coef), ...get(e), ...get(KB), ...i32.mul, ...i32.add, ...set(cf),
    ...i32c(0), ...set(kb),
    ...loop,
    ...get(d), ...get(kb), ...i32.add,
    ...get(d), ...get(kb), ...i32.add, ...v128load(0),
    ...get(cf), ...get(kb), ...i32.add, ...v128load(0), ...get(sr), ...get(kb), ...i32.add, ...v128load(0), ...f64x2.mul,
    ...f64x2.add, ...v128store(0),
    ...get(kb), ...i32c(16), ...i32.add, ...set(kb),
    ...get(kb), ...get(KB), ...i32.ltS, ...brIf(0),
    ...end,
    ...get(e), ...i32c(1), ...i32.add, ...set(e),
    ...br(0),
    ...end, ...end,
    ...end,
  ];
  return [...locals, ...code];
}

/**
 * settle(desc, k, n, nRows) → i32 (the lists, structure and tolerances from the descriptor):
 * lane k's probabilities that formulas compute (entry position dynPos[j] ← work[dynSrc[j]]), then
 * each listed row checked and completed: every probability other than the complement in [lo, hi],
 * the complement 1 − sum (0 if just below 0, within rowTol), or a row without complement summing
 * to 1 within rowTol. Returns −1, or the first row that fails (the caller reports it).
 */
function settleBody(): number[] {
  const [desc, k, n, nRows] = [0, 1, 2, 3];
  const [dynSrc, dynPos, work, p, K, rows, rowStart, rowComp, entryPos] = [4, 5, 6, 7, 8, 9, 10, 11, 12]; // i32, from the descriptor
  const [j, KB, kOff, row, comp, e, eEnd, tol] = [13, 14, 15, 16, 17, 18, 19, 20]; // i32
  const [lo, hi, rowTol, sum, v, c] = [21, 22, 23, 24, 25, 26]; // f64
  const locals = vec([[...uleb(17), I32], [...uleb(6), F64]]);
  const D = (f: number) => [...get(desc), ...i32load(4 * f)];
  /** local ← descriptor field + k × descriptor stride field */
  const perLane = (local: number, f: number, stride: number) => [...D(f), ...get(k), ...D(stride), ...i32.mul, ...i32.add, ...set(local)];
  const setup = [
    ...perLane(dynSrc, DESC.dynSrc, DESC.entryStride),
    ...perLane(dynPos, DESC.dynPos, DESC.entryStride),
    ...perLane(rows, DESC.dynRows, DESC.rowStride),
    ...perLane(work, DESC.work, DESC.workStride),
    ...D(DESC.p), ...set(p),
    ...D(DESC.K), ...set(K),
    ...D(DESC.rowStart), ...set(rowStart),
    ...D(DESC.rowComp), ...set(rowComp),
    ...D(DESC.entryPos), ...set(entryPos),
    ...D(DESC.tol), ...set(tol),
    ...get(tol), 0x2b, 3, 0, ...set(lo),
    ...get(tol), 0x2b, 3, 8, ...set(hi),
    ...get(tol), 0x2b, 3, 16, ...set(rowTol),
  ];
  const f64 = { load: [0x2b, 3, 0], store: [0x39, 3, 0], ge: [0x66], le: [0x65], add: [0xa0], sub: [0xa1], abs: [0x99] };
  const f64one = [0x44, ...new Uint8Array(new Float64Array([1]).buffer)];
  const f64zero = [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
  const i32load4 = (arr: number, idx: number) => [...get(arr), ...get(idx), ...i32c(2), ...i32.shl, ...i32.add, ...i32load(0)];
  /** address of entry position (on the stack) for lane k: p + pos × KB + kOff */
  const laneAddr = [...get(KB), ...i32.mul, ...get(p), ...i32.add, ...get(kOff), ...i32.add];
  const code = [
    ...setup,
    ...get(K), ...i32c(3), ...i32.shl, ...set(KB),
    ...get(k), ...i32c(3), ...i32.shl, ...set(kOff),
    // copy the computed probabilities
    ...i32c(0), ...set(j),
    ...block, ...loop,
    ...get(j), ...get(n), ...i32.geS, ...brIf(1),
    ...i32load4(dynPos, j), ...laneAddr,
    ...get(work), ...i32load4(dynSrc, j), ...i32c(3), ...i32.shl, ...i32.add, ...f64.load,
    ...f64.store,
    ...get(j), ...i32c(1), ...i32.add, ...set(j),
    ...br(0),
    ...end, ...end,
    // settle the rows
    ...i32c(0), ...set(j),
    ...block, ...loop,
    ...get(j), ...get(nRows), ...i32.geS, ...brIf(1),
    ...i32load4(rows, j), ...set(row),
    ...i32load4(rowComp, row), ...set(comp),
    ...i32load4(rowStart, row), ...set(e),
    ...get(rowStart), ...get(row), ...i32c(2), ...i32.shl, ...i32.add, ...i32load(4), ...set(eEnd),
    ...f64zero, ...set(sum),
    ...block, ...loop,
    ...get(e), ...get(eEnd), ...i32.geS, ...brIf(1),
    ...get(e), ...get(comp), ...i32.eq, ...i32eqz, ...ifThen,
    ...i32load4(entryPos, e), ...laneAddr, ...f64.load, ...set(v),
    // a probability outside [lo, hi] (or NaN): report the row
    ...get(v), ...get(lo), ...f64.ge, ...get(v), ...get(hi), ...f64.le, ...i32and, ...i32eqz, ...ifThen, ...get(row), 0x0f, ...end,
    ...get(sum), ...get(v), ...f64.add, ...set(sum),
    ...end,
    ...get(e), ...i32c(1), ...i32.add, ...set(e),
    ...br(0),
    ...end, ...end,
    ...get(comp), ...i32c(0), ...i32.geS, ...ifThen,
    ...f64one, ...get(sum), ...f64.sub, ...set(c),
    ...get(c), ...f64zero, ...f64.ge, ...ifThen,
    ...i32load4(entryPos, comp), ...laneAddr, ...get(c), ...f64.store,
    0x05, // else
    ...get(c), ...f64zero, ...get(rowTol), ...f64.sub, ...f64.ge, ...ifThen,
    ...i32load4(entryPos, comp), ...laneAddr, ...f64zero, ...f64.store,
    0x05,
    ...get(row), 0x0f,
    ...end,
    ...end,
    0x05, // no complement: the row must sum to 1
    ...get(sum), ...f64one, ...f64.sub, ...f64.abs, ...get(rowTol), ...f64.le, ...i32eqz, ...ifThen, ...get(row), 0x0f, ...end,
    ...end,
    ...get(j), ...i32c(1), ...i32.add, ...set(j),
    ...br(0),
    ...end, ...end,
    ...i32c(-1),
    ...end,
  ];
  return [...locals, ...code];
}

/** Fields of the run descriptor (Int32 at desc + 4 × field), written by the caller. */
export const DESC = {
  nE: 0, K: 1, colStart: 2, colSrc: 3, p: 4, sumU: 5, sumC: 6, sumO: 7, w: 8, wc: 9, wo: 10, mode: 11,
  nT: 12, from: 13, pos: 14, fU: 15, fC: 16, fO: 17, dc: 18, dO: 19,
  nProj: 20, projRow: 21, projState: 22, projCoef: 23, G: 24, GB: 25, tRow: 26, tCoef: 27, H: 28, HB: 29, hOn: 30,
  // settle: per-lane lists (lane k at base + k × stride), the model's row structure, tolerances (3 f64 at tol)
  dynSrc: 31, dynPos: 32, entryStride: 33, dynRows: 34, rowStride: 35, work: 36, workStride: 37, rowStart: 38, rowComp: 39, entryPos: 40, tol: 41,
} as const;
export const DESC_FIELDS = 42;

/**
 * run(t0, t1, cur, next, desc): cycles t0..t1 with fixed probabilities, per cycle: `flows` (if
 * nT > 0), `step` from one count buffer into the other (cur → next in the first cycle, then
 * alternating), and `project` of the new counts into G (if nProj > 0); the configuration (array
 * offsets, sizes, weights indexed by cycle) is read from the descriptor at desc.
 */
function runBody(): number[] {
  const [t0, t1, a, b, desc] = [0, 1, 2, 3, 4];
  const [t, tb, cur, next, tmp] = [5, 6, 7, 8, 9]; // i32
  const locals = vec([[...uleb(5), I32]]);
  const D = (f: number) => [...get(desc), ...i32load(4 * f)];
  const f64At = (f: number) => [...D(f), ...get(tb), ...i32.add, 0x2b, 3, 0];
  const code = [
    ...get(a), ...set(cur), ...get(b), ...set(next),
    ...get(t0), ...set(t),
    ...block, ...loop,
    ...get(t), ...get(t1), ...i32.gtS, ...brIf(1),
    ...get(t), ...i32c(3), ...i32.shl, ...set(tb),
    ...D(DESC.nT), ...ifThen,
    ...D(DESC.nT), ...D(DESC.K), ...D(DESC.from), ...D(DESC.pos), ...get(cur), ...D(DESC.p), ...D(DESC.fU), ...D(DESC.fC), ...D(DESC.fO),
    ...f64At(DESC.dc), ...f64At(DESC.dO), ...D(DESC.mode),
    ...D(DESC.tRow), ...D(DESC.tCoef), ...D(DESC.H), ...get(t), ...D(DESC.HB), ...i32.mul, ...i32.add, ...D(DESC.hOn),
    0x10, ...uleb(1),
    ...end,
    ...D(DESC.nE), ...D(DESC.K), ...D(DESC.colStart), ...D(DESC.colSrc), ...D(DESC.p), ...get(cur), ...get(next), ...D(DESC.sumU), ...D(DESC.sumC), ...D(DESC.sumO),
    ...f64At(DESC.w), ...f64At(DESC.wc), ...f64At(DESC.wo),
    // mode, or 0 (no sums) when the cycle's weight is 0
    ...i32c(0), ...D(DESC.mode), ...f64At(DESC.w), 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x61, 0x1b,
    0x10, ...uleb(0),
    ...D(DESC.nProj), ...ifThen,
    ...D(DESC.nProj), ...D(DESC.K), ...D(DESC.projRow), ...D(DESC.projState), ...D(DESC.projCoef), ...get(next), ...D(DESC.G), ...get(t), ...D(DESC.GB), ...i32.mul, ...i32.add,
    0x10, ...uleb(2),
    ...end,
    ...get(cur), ...set(tmp), ...get(next), ...set(cur), ...get(tmp), ...set(next),
    ...get(t), ...i32c(1), ...i32.add, ...set(t),
    ...br(0),
    ...end, ...end,
    ...end,
  ];
  return [...locals, ...code];
}

/** The module's bytes (exported for the test that checks its size). */
export function kernelBytes(): Uint8Array {
  const stepType = [0x60, ...vec([...new Array(10).fill([I32]), [F64], [F64], [F64], [I32]]), ...vec([])];
  const flowsType = [0x60, ...vec([...new Array(9).fill([I32]), [F64], [F64], ...new Array(5).fill([I32])]), ...vec([])];
  const projectType = [0x60, ...vec(new Array(7).fill([I32])), ...vec([])];
  const runType = [0x60, ...vec(new Array(5).fill([I32])), ...vec([])];
  const settleType = [0x60, ...vec(new Array(4).fill([I32])), ...vec([[I32]])];
  const bodies = [stepBody(), flowsBody(), projectBody(), runBody(), settleBody()];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([stepType, flowsType, projectType, runType, settleType])),
    ...section(2, vec([importMemory])),
    ...section(3, vec([uleb(0), uleb(1), uleb(2), uleb(3), uleb(4)])),
    ...section(7, vec([
      [...name("step"), 0x00, ...uleb(0)],
      [...name("flows"), 0x00, ...uleb(1)],
      [...name("project"), 0x00, ...uleb(2)],
      [...name("run"), 0x00, ...uleb(3)],
      [...name("settle"), 0x00, ...uleb(4)],
    ])),
    ...section(10, vec(bodies.map((b) => [...uleb(b.length), ...b]))),
  ];
  return new Uint8Array(bytes);
}

let compiled: WebAssembly.Module | null | undefined;
let enabled = true;
let runs = 0;

function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(kernelBytes() as BufferSource);
      new WebAssembly.Instance(compiled, { env: { memory: new WebAssembly.Memory({ initial: 1 }) } });
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Whether the WebAssembly kernel is available here (WebAssembly with SIMD) and switched on. */
export function kernelAvailable(): boolean {
  return enabled && kernelModule() !== null;
}

/** Memory of at least `bytes` and the kernel working on it, or null when the kernel is unavailable or switched off. */
export function newKernel(bytes: number): { memory: WebAssembly.Memory; kernel: Kernel } | null {
  const mod = enabled ? kernelModule() : null;
  if (!mod) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
    const kernel = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as Kernel;
    return { memory, kernel };
  } catch {
    return null; // memory refused (a very large run): the TypeScript loops run instead
  }
}

let specialisedRuns = 0;

/** Counts a run that used the kernel, and whether its specialised form (see kernelRuns). */
export function countKernelRun(specialised: boolean): void {
  runs++;
  if (specialised) specialisedRuns++;
}

/** How many runs have used the kernel so far, and how many of them its specialised form (lets tests check that they are used). */
export function kernelRuns(): { all: number; specialised: number } {
  return { all: runs, specialised: specialisedRuns };
}

/** Switches the WebAssembly kernel on or off (off: the TypeScript loops run); returns the previous setting. For tests and benchmarks. */
export function useKernel(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/** Where a run's arrays sit in kernel memory (byte offsets) and the sparse structure they follow; see evaluate.ts. */
export interface KernelLayout {
  nE: number;
  /** Lanes, a multiple of 4. */
  K: number;
  colStart: ArrayLike<number>;
  colSrc: ArrayLike<number>;
  tFrom: ArrayLike<number>;
  tPos: ArrayLike<number>;
  sameRates: boolean;
  /** Per-cycle projections: entries (row, expanded state) with per-lane coefficients at at.projCoef, rows per cycle in G. */
  projRow: ArrayLike<number>;
  projState: ArrayLike<number>;
  gRows: number;
  /** Per-cycle transition series: the row in H of each valued transition, coefficients at at.tCoef, rows per cycle in H; hOn: computed. */
  tRow: ArrayLike<number>;
  hRows: number;
  hOn: boolean;
  at: Record<"p" | "sumU" | "sumC" | "sumO" | "fU" | "fC" | "fO" | "w" | "wc" | "wo" | "dc" | "dO" | "projCoef" | "G" | "tCoef" | "H", number>;
}

/** The specialised `run(t0, t1, cur, next)`: what the kernel's `run` does, for one model's structure and one memory layout. */
export type SpecialisedRun = (t0: number, t1: number, cur: number, next: number) => void;

/** Models larger than this (non-zero entries × lane pairs) keep the general kernel. */
const MAX_SPECIALISED_TERMS = 50_000;

/**
 * A module whose `run(t0, t1, cur, next)` is the kernel's `run` with the loops over the sparse
 * structure unrolled: every address is a constant in the code. Same operations in the same order
 * as the general kernel and the TypeScript loops, so the same doubles. Null for very large models.
 */
export function specialisedBytes(l: KernelLayout): Uint8Array | null {
  const { nE, K, colStart, colSrc, tFrom, tPos, sameRates, at, projRow, projState, tRow, hOn } = l;
  const nV = K / 2; // f64x2 vectors per state
  const KB = K * 8;
  if ((colSrc.length + tFrom.length + projRow.length) * nV > MAX_SPECIALISED_TERMS) return null;
  const [t0, t1, cur, next] = [0, 1, 2, 3];
  const [t, tb, tmp, gt, ht] = [4, 5, 6, 7, 8]; // i32
  const [W, WC, WO, DC, DO, acc, flow, Z] = [9, 10, 11, 12, 13, 14, 15, 16]; // v128
  const c = new ByteWriter();
  const ADD = 0xf0;
  const MUL = 0xf2;
  const SPLAT = 0x14;
  /** Pushes mem[base + offset] (base a local, or null for address 0). */
  const load = (base: number | null, offset: number) => {
    if (base === null) c.i32(0);
    else c.get(base);
    c.v128load(offset);
  };
  const splatAt = (arrayAt: number, into: number) => {
    c.get(tb);
    c.f64load(arrayAt);
    c.simd(SPLAT);
    c.set(into);
  };
  /** mem[base + offset] += factor × value; factor a local, a memory offset (factorAt), or none. */
  const addTo = (base: number | null, offset: number, value: number, factor: number | null, factorAt?: number) => {
    for (let i = 0; i < 2; i++) {
      if (base === null) c.i32(0);
      else c.get(base);
    }
    c.v128load(offset);
    if (factorAt !== undefined) {
      load(null, factorAt);
      c.get(value);
      c.simd(MUL);
    } else if (factor !== null) {
      c.get(factor);
      c.get(value);
      c.simd(MUL);
    } else c.get(value);
    c.simd(ADD);
    c.v128store(offset);
  };
  c.bytes(v128zero);
  c.set(Z);
  c.get(t0);
  c.set(t);
  c.bytes(block);
  c.bytes(loop);
  c.get(t);
  c.get(t1);
  c.bytes(i32.gtS);
  c.bytes(brIf(1));
  c.get(t);
  c.i32(3);
  c.bytes(i32.shl);
  c.set(tb);
  if (tFrom.length) {
    splatAt(at.dc, DC);
    if (!sameRates) splatAt(at.dO, DO);
    if (hOn) {
      c.get(t);
      c.i32(l.hRows * KB);
      c.bytes(i32.mul);
      c.i32(at.H);
      c.bytes(i32.add);
      c.set(ht);
    }
    for (let i = 0; i < tFrom.length; i++) {
      for (let v = 0; v < nV; v++) {
        const o = i * KB + 16 * v;
        load(cur, tFrom[i] * KB + 16 * v);
        load(null, at.p + tPos[i] * KB + 16 * v);
        c.simd(MUL);
        c.set(flow);
        addTo(null, at.fU + o, flow, null);
        addTo(null, at.fC + o, flow, DC);
        if (!sameRates) addTo(null, at.fO + o, flow, DO);
        if (hOn) addTo(ht, tRow[i] * KB + 16 * v, flow, null, at.tCoef + o);
      }
    }
  }
  splatAt(at.w, W);
  splatAt(at.wc, WC);
  if (!sameRates) splatAt(at.wo, WO);
  for (let j = 0; j < nE; j++) {
    for (let v = 0; v < nV; v++) {
      const o = j * KB + 16 * v;
      c.get(Z);
      for (let q = colStart[j]; q < colStart[j + 1]; q++) {
        load(cur, colSrc[q] * KB + 16 * v);
        load(null, at.p + q * KB + 16 * v);
        c.simd(MUL);
        c.simd(ADD);
      }
      c.set(acc);
      c.get(next);
      c.get(acc);
      c.v128store(o);
      addTo(null, at.sumU + o, acc, W);
      addTo(null, at.sumC + o, acc, WC);
      if (!sameRates) addTo(null, at.sumO + o, acc, WO);
    }
  }
  if (projRow.length) {
    c.get(t);
    c.i32(l.gRows * KB);
    c.bytes(i32.mul);
    c.i32(at.G);
    c.bytes(i32.add);
    c.set(gt);
    for (let e = 0; e < projRow.length; e++) {
      for (let v = 0; v < nV; v++) {
        // G[t][row] += coef × next[state]
        const o = projRow[e] * KB + 16 * v;
        c.get(gt);
        c.get(gt);
        c.v128load(o);
        load(null, at.projCoef + e * KB + 16 * v);
        load(next, projState[e] * KB + 16 * v);
        c.simd(MUL);
        c.simd(ADD);
        c.v128store(o);
      }
    }
  }
  for (const x of [get(cur), set(tmp), get(next), set(cur), get(tmp), set(next), get(t), i32c(1), i32.add, set(t), br(0), end, end, end]) c.bytes(x);
  const code = c.done();
  const locals = vec([[...uleb(5), I32], [...uleb(8), V128]]);
  const bodySize = locals.length + code.length;
  const codeSection = [10, ...uleb(uleb(1).length + uleb(bodySize).length + bodySize), ...uleb(1), ...uleb(bodySize), ...locals];
  const type = [0x60, ...vec(new Array(4).fill([I32])), ...vec([])];
  const head = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([type])),
    ...section(2, vec([importMemory])),
    ...section(3, vec([uleb(0)])),
    ...section(7, vec([[...name("run"), 0x00, ...uleb(0)]])),
    ...codeSection,
  ];
  const out = new Uint8Array(head.length + code.length);
  out.set(head);
  out.set(code, head.length);
  return out;
}

/** Bytes of WebAssembly code written into a growing buffer (large specialised functions). */
class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  private n = 0;
  byte(b: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = b;
  }
  bytes(a: readonly number[]): void {
    for (let i = 0; i < a.length; i++) this.byte(a[i]);
  }
  uleb(x: number): void {
    do {
      let b = x & 0x7f;
      x >>>= 7;
      if (x !== 0) b |= 0x80;
      this.byte(b);
    } while (x !== 0);
  }
  get(i: number): void {
    this.byte(0x20);
    this.uleb(i);
  }
  set(i: number): void {
    this.byte(0x21);
    this.uleb(i);
  }
  i32(n: number): void {
    this.bytes(i32c(n));
  }
  simd(op: number): void {
    this.byte(0xfd);
    this.uleb(op);
  }
  v128load(offset: number): void {
    this.bytes([0xfd, 0x00, 3]);
    this.uleb(offset);
  }
  v128store(offset: number): void {
    this.bytes([0xfd, 0x0b, 3]);
    this.uleb(offset);
  }
  f64load(offset: number): void {
    this.bytes([0x2b, 3]);
    this.uleb(offset);
  }
  done(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
}

/**
 * Compiles the specialised run for `layout` on `memory` and hands it to `ready`: at once where
 * synchronous compilation is allowed, else (a browser's main thread refuses modules over 4 KB)
 * when the asynchronous compilation finishes; until then the general kernel runs.
 */
export function specialise(layout: KernelLayout, memory: WebAssembly.Memory, ready: (run: SpecialisedRun) => void): void {
  if (!enabled) return;
  const bytes = specialisedBytes(layout);
  if (!bytes) return;
  const done = (mod: WebAssembly.Module) => ready((new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as { run: SpecialisedRun }).run);
  try {
    done(new WebAssembly.Module(bytes as BufferSource));
  } catch {
    // Not compiled or not instantiated here: the general kernel keeps running if this fails too.
    WebAssembly.compile(bytes as BufferSource).then(
      (mod) => {
        try {
          done(mod);
        } catch {
          // keep the general kernel
        }
      },
      () => undefined,
    );
  }
}
