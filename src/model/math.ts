/**
 * Deterministic elementary functions. JavaScript engines may implement Math.exp, Math.log and
 * Math.pow differently in their last bit (Node 20 and a current Chromium disagree on about 1 in 10
 * values), which would make a report computed in the browser differ from the CLI's output in the
 * 16th digit. The engine uses these functions instead: they are built only from IEEE-754
 * arithmetic (+ − × ÷, exactly specified), so every engine gives the same bits.
 *
 * exp and log follow the algorithms of FDLIBM 5.3 (Sun Microsystems, 1993: e_exp.c, e_log.c; error
 * < 1 ulp). pow(x, y) for x > 0 is exp(y · log x) with the product split into a high and a low
 * part; its relative error is below (|y · ln x| + 2) ulp — a few ulp for discount factors and
 * Weibull hazards.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Word order of a double in memory (little-endian machines put the low word first).
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

function highWord(x: number): number {
  f64[0] = x;
  return u32[HI] | 0;
}
function lowWord(x: number): number {
  f64[0] = x;
  return u32[LO] >>> 0;
}
function withHighWord(x: number, hi: number): number {
  f64[0] = x;
  u32[HI] = hi >>> 0;
  return f64[0];
}
/** 2^k for integer k in [-1022, 1023], exactly. */
function twoTo(k: number): number {
  u32[LO] = 0;
  u32[HI] = ((k + 1023) << 20) >>> 0;
  return f64[0];
}

const LN2_HI = 6.93147180369123816490e-1; // 0x3fe62e42 fee00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const INV_LN2 = 1.44269504088896338700e0;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const O_THRESHOLD = 7.09782712893383973096e2;
const U_THRESHOLD = -7.45133219101941108420e2;
const TWO_M1000 = 9.33263618503218878990e-302;

/** e^x, FDLIBM algorithm (error < 1 ulp). */
export function exp(x: number): number {
  if (x !== x) return x;
  let hx = highWord(x);
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) return xsb === 0 ? x : 0; // +inf, -inf
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      hi = xsb === 0 ? x - LN2_HI : x + LN2_HI;
      lo = xsb === 0 ? LN2_LO : -LN2_LO;
      k = 1 - xsb - xsb;
    } else {
      k = Math.trunc(INV_LN2 * x + (xsb === 0 ? 0.5 : -0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) return k === 1024 ? y * 2 * twoTo(1023) : y * twoTo(k); // k = 1024 only near overflow
  return y * twoTo(k + 1000) * TWO_M1000;
}

const TWO54 = 1.80143985094819840000e16;
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/** Natural logarithm, FDLIBM algorithm (error < 1 ulp). */
export function log(x: number): number {
  let hx = highWord(x);
  const lx = lowWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i0 ^ 0x3ff00000));
  k += i0 >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - (R - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const dk = k;
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

const INV_LN10 = 0.4342944819032518;

/** Base-10 logarithm: log(x) / ln 10, deterministic (not correctly rounded). */
export function log10(x: number): number {
  return log(x) * INV_LN10;
}

/** Splits a double into a high part with 26 significant bits and the rest (Veltkamp). */
function split(a: number): [number, number] {
  const c = 134217729 * a; // 2^27 + 1
  const hi = c - (c - a);
  return [hi, a - hi];
}

/**
 * x^y. Special cases as Math.pow (ECMA-262); for x > 0, exp(y · ln x) where the product is computed
 * with its rounding error (Dekker) and ln x's own error is the dominant one.
 */
export function pow(x: number, y: number): number {
  if (y === 0) return 1;
  if (x !== x || y !== y) return NaN;
  if (y === 1) return x;
  if (x === 1) return 1;
  if (!Number.isFinite(y) || !Number.isFinite(x) || x === 0) return Math.pow(x, y); // exact special values
  if (x < 0) {
    if (!Number.isInteger(y)) return NaN;
    const r = pow(-x, y);
    return Math.abs(y) % 2 === 1 ? -r : r;
  }
  if (Number.isInteger(y) && Math.abs(y) <= 64) {
    // Repeated squaring: exact for small integers where the result is representable.
    let base = y < 0 ? 1 / x : x;
    let n = Math.abs(y);
    let r = 1;
    while (n > 0) {
      if (n & 1) r *= base;
      base *= base;
      n >>= 1;
    }
    return r;
  }
  const l = log(x);
  const p = y * l;
  // error of the product y·l (Dekker's two-product)
  const [yh, yl] = split(y);
  const [lh, ll] = split(l);
  const err = yh * lh - p + yh * ll + yl * lh + yl * ll;
  const e = exp(p);
  if (e === 0 || e === Infinity) return e;
  return e + e * err;
}
