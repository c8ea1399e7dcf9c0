/**
 * The TypeScript twins of the kernel's loops (kernel.wat): the fallback where WebAssembly SIMD is
 * missing and what `evaluate(..., { kernel: "js" })` runs. Same IEEE operations in the same order as
 * the kernel, so both give the same doubles (tests/model/kernel.test.ts).
 */
import type { Buffers } from "./buffers.js";

/**
 * One cycle's propagation, next[j] = Σ over the entries into j of cur[source] × p, then (w ≠ 0)
 * the weighted counts added to the sums. Exactly what the kernel's `step` computes, in the same order.
 */
export function stepJs(
  bufs: Buffers,
  nE: number,
  cur: Float64Array,
  next: Float64Array,
  w: number,
  wc: number,
  wo: number,
): void {
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
export function addWeighted(bufs: Buffers, m: Float64Array, w: number, wc: number, wo: number): void {
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

/** The flows of the run's valued transitions (bufs.tList) in one cycle added to their sums; what the kernel's `flows` computes. */
export function flowsJs(bufs: Buffers, cur: Float64Array, t: number, dct: number, dot: number): void {
  const { K, tFrom, tPos, tRow, tCoef, tList, nFlows, p, fU, fC, fO, H, hRows } = bufs;
  const h = t * hRows * K;
  for (let q = 0; q < nFlows; q++) {
    const i = tList[q];
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
export function projectJs(bufs: Buffers, m: Float64Array, t: number): void {
  const { K, projRow, projState, projCoef, G } = bufs;
  const g = t * bufs.proj.rows * K;
  for (let e = 0; e < projRow.length; e++) {
    const d = g + projRow[e] * K;
    const sr = projState[e] * K;
    const c = e * K;
    for (let k = 0; k < K; k++) G[d + k] += projCoef[c + k] * m[sr + k];
  }
}
