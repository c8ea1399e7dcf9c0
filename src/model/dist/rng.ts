/**
 * Seeded random streams, one per parameter. The generator is @stdlib's 32-bit Mersenne Twister
 * (pure JavaScript integer arithmetic, so Node and every browser produce the same bits; d3-random
 * and Math.random do not guarantee that). Each parameter gets its own stream, seeded from the run's
 * seed and the parameter's id, so adding, removing or reordering parameters never changes the
 * draws of the others.
 *
 * Stream seed (documented in docs/uncertainty.md): the MT19937 `init_by_array` key
 * `[seed mod 2^32, floor(seed / 2^32) mod 2^32, FNV-1a-32(UTF-8 bytes of id)]`.
 */
// Default import: the package is CommonJS, whose named exports plain Node ESM does not see.
import mt19937pkg from "@stdlib/random-base-mt19937";

/** The largest seed accepted: seeds are integers in [0, 2^53 − 1] (JSON- and URL-safe). */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/**
 * FNV-1a 32-bit hash of the UTF-8 bytes of `text` (Fowler–Noll–Vo; offset basis 2166136261,
 * prime 16777619). Hand-written: eight lines, and its exact definition is part of the
 * reproducibility contract, so it must not change with a dependency.
 */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Checks a seed: an integer in [0, 2^53 − 1]. */
export function isValidSeed(seed: number): boolean {
  return Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED;
}

/** The MT19937 key of the stream of `id` under `seed` (see the module comment). */
export function streamKey(seed: number, id: string): number[] {
  if (!isValidSeed(seed)) throw new RangeError(`seed must be an integer in [0, ${MAX_SEED}], got ${seed}`);
  return [seed % 2 ** 32, Math.floor(seed / 2 ** 32) % 2 ** 32, fnv1a32(id)];
}

/** A stream of uniform numbers in the open interval (0, 1), 53-bit resolution. */
export type UniformStream = () => number;

/** The uniform stream of parameter `id` under `seed`. Zero is skipped so quantile functions stay finite. */
export function uniformStream(seed: number, id: string): UniformStream {
  const rng = mt19937pkg.factory({ seed: streamKey(seed, id) });
  // [0, 1) with 53 random bits; present at run time, missing from the package's types.
  const next = (rng as unknown as { normalized: () => number }).normalized;
  return () => {
    let u = next();
    while (u === 0) u = next();
    return u;
  };
}

/**
 * m distinct indices of 0 … n − 1 drawn without replacement from the stream `u` (partial
 * Fisher–Yates: position i swaps with a uniform pick of i … n − 1), in the order drawn; all n, in
 * order and without drawing, when m >= n.
 */
export function sampleWithoutReplacement(n: number, m: number, u: UniformStream): Int32Array {
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  if (m >= n) return perm;
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(u() * (n - i));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm.slice(0, m);
}
