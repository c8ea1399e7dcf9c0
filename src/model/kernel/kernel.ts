/**
 * The cohort propagation kernel in WebAssembly (128-bit SIMD, two lanes per vector): its source is
 * kernel.wat (read it there, loop by loop); `npm run kernel` assembles it into kernel-wasm.ts, whose
 * bytes this file instantiates. The kernel computes exactly what the TypeScript loops of
 * run/loops.ts and run/settle.ts compute, in the same order, so both give the same doubles. Where
 * WebAssembly SIMD is missing, or `evaluate(..., { kernel: "js" })` asks for it, those loops run.
 *
 * A per-model specialised kernel (the loops unrolled with constant addresses, compiled per model)
 * was measured on the report's CAR T model (SLE, US preset, two sexes; 4 × 2 lanes, 720 cycles):
 * 0.92–1.06× the general kernel with per-cycle series, 0.89–0.97× for totals (Node 20, 4 runs of
 * 7 rounds each) — below the 1.3× that would justify its generator, so it was removed.
 */
import { KERNEL_WASM_BASE64 } from "./kernel-wasm.js";

/** The kernel's exports (see kernel.wat for each function's loops and arguments). */
export interface Kernel {
  step(
    nE: number,
    K: number,
    colStart: number,
    colSrc: number,
    p: number,
    cur: number,
    next: number,
    sumU: number,
    sumC: number,
    sumO: number,
    w: number,
    wc: number,
    wo: number,
    mode: number,
  ): void;
  flows(
    n: number,
    K: number,
    from: number,
    pos: number,
    cur: number,
    p: number,
    fU: number,
    fC: number,
    fO: number,
    dc: number,
    dO: number,
    mode: number,
    tRow: number,
    tCoef: number,
    hAt: number,
    hOn: number,
    list: number,
  ): void;
  project(n: number, K: number, row: number, state: number, coef: number, src: number, dst: number): void;
  /** Cycles t0..t1 with the probabilities unchanged; after an odd number of cycles the counts are in `next`. */
  run(t0: number, t1: number, cur: number, next: number, desc: number): void;
  /** Lane k's computed probabilities copied in, its rows checked and completed; −1, or the first row that fails. */
  settle(desc: number, k: number, n: number, nRows: number): number;
}

/** Fields of the run descriptor (Int32 at desc + 4 × field), written by run/buffers.ts; kernel.wat reads them at these offsets. */
export const DESC = {
  nE: 0,
  K: 1,
  colStart: 2,
  colSrc: 3,
  p: 4,
  sumU: 5,
  sumC: 6,
  sumO: 7,
  w: 8,
  wc: 9,
  wo: 10,
  mode: 11,
  nT: 12,
  from: 13,
  pos: 14,
  fU: 15,
  fC: 16,
  fO: 17,
  dc: 18,
  dO: 19,
  nProj: 20,
  projRow: 21,
  projState: 22,
  projCoef: 23,
  G: 24,
  GB: 25,
  tRow: 26,
  tCoef: 27,
  H: 28,
  HB: 29,
  hOn: 30,
  dynSrc: 31,
  dynPos: 32,
  entryStride: 33,
  dynRows: 34,
  rowStride: 35,
  work: 36,
  workStride: 37,
  rowStart: 38,
  rowComp: 39,
  entryPos: 40,
  tol: 41,
  nDyn: 42,
  dynFrom: 43,
  dynAt: 44,
  dynAcc: 45,
  dynRate: 46,
  dynCoef: 47,
  TU: 48,
  TD: 49,
  nVar: 50,
  varAt: 51,
  varAcc: 52,
  varRate: 53,
  varCoef: 54,
  SU: 55,
  SD: 56,
  alpha: 57,
  beta: 58,
  tList: 59,
  varTun: 60,
} as const;
export const DESC_FIELDS = 61;

/** The module's bytes, decoded from kernel-wasm.ts (atob exists in browsers and Node ≥ 16). */
export function kernelBytes(): Uint8Array {
  const bin = atob(KERNEL_WASM_BASE64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

let compiled: WebAssembly.Module | null | undefined;
let runs = 0;

/** The compiled module (small enough, < 4 KB, for synchronous compilation on a browser's main thread), or null without WebAssembly SIMD. */
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

/** Whether the WebAssembly kernel can run here (WebAssembly with SIMD). */
export function kernelAvailable(): boolean {
  return kernelModule() !== null;
}

/** Memory of at least `bytes` and the kernel working on it, or null when the kernel is unavailable or the memory refused. */
export function newKernel(bytes: number): { memory: WebAssembly.Memory; kernel: Kernel } | null {
  const mod = kernelModule();
  if (!mod) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
    const kernel = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as Kernel;
    return { memory, kernel };
  } catch {
    return null; // memory refused (a very large run): the TypeScript loops run instead
  }
}

/** Counts a run that used the kernel (see kernelRuns). */
export function countKernelRun(): void {
  runs++;
}

/** How many runs have used the kernel so far (lets tests check that it is used). */
export function kernelRuns(): number {
  return runs;
}
