import { describe, expect, it } from "vitest";
import { isValidSeed, MAX_SEED, streamKey } from "../../src/model/index.js";

// Seeds are integers in [0, 2^53 − 1], JSON- and URL-safe (src/model/dist/rng.ts; the stream key in docs/uncertainty.md). Found by
// the sampled mutation run of src/model (docs/mutation-sample.md): nothing in the engine's own tests
// reached the bounds of isValidSeed or the error of streamKey.
describe("seeds", () => {
  it("accepts the integers 0 … 2^53 − 1 and nothing else", () => {
    expect(MAX_SEED).toBe(9007199254740991); // 2^53 − 1
    for (const ok of [0, 1, 20261205, 2 ** 32, 9007199254740991]) expect(isValidSeed(ok)).toBe(true);
    for (const bad of [-1, -0.5, 0.5, 1.5, 9007199254740992, Number.NaN, Infinity, -Infinity])
      expect(isValidSeed(bad)).toBe(false);
  });

  it("streamKey splits the seed into two 32-bit words and refuses an invalid seed by name", () => {
    // 2^53 − 1 = (2^21 − 1)·2^32 + (2^32 − 1): low word 4294967295, high word 2097151.
    expect(streamKey(9007199254740991, "x").slice(0, 2)).toEqual([4294967295, 2097151]);
    expect(streamKey(5, "x").slice(0, 2)).toEqual([5, 0]);
    expect(() => streamKey(-1, "x")).toThrow(/seed must be an integer in \[0, 9007199254740991\], got -1/);
    expect(() => streamKey(1.5, "x")).toThrow(RangeError);
  });
});
