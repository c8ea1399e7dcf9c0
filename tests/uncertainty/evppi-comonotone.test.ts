/**
 * Parameters drawn at one shared quantile (correlation 1 in the copula) carry the same information:
 * E[INB | a] = E[INB | b] when b is an increasing function of a, so their EVPPIs are equal (Strong,
 * Oakley & Brennan 2014: the EVPPI depends on the parameter only through the sigma-algebra it
 * generates). The metamodel's spline is on ranks, which are identical for such columns; its linear
 * term is on the raw value (a long tail: tests/uncertainty/evppi-skewed.test.ts), which is not, so
 * the two estimates differ, but by far less than their standard error; the pair's group estimate is
 * the same quantity by another basis.
 */
import { describe, expect, it } from "vitest";
import { drawParameters, fromMeanSe } from "../../src/model/index.js";
import { evppiRegression } from "../../src/uncertainty/evppi.js";

describe("EVPPI of parameters drawn at one quantile", () => {
  it("is the same for each member, and the pair's estimate agrees within its standard error", () => {
    const n = 2000;
    const cols = drawParameters(
      [
        { id: "a", distribution: fromMeanSe("gamma", 1, 0.5) },
        { id: "b", distribution: fromMeanSe("beta", 0.4, 0.1) },
      ],
      n,
      3,
      {
        ids: ["a", "b"],
        matrix: [
          [1, 1],
          [1, 1],
        ],
      },
    );
    const a = cols.get("a")!;
    const b = cols.get("b")!;
    const noise = drawParameters([{ id: "e", distribution: fromMeanSe("normal", 0, 1) }], n, 4).get("e")!;
    // Strategy 2's net benefit depends on a (hence on b) and on noise no parameter explains.
    const nb = [new Float64Array(n), Float64Array.from(a, (x, k) => 3 * Math.log(x) + noise[k])];
    const single = (x: Float64Array, id: string) => evppiRegression([id], [x], nb, { seSamples: 50, seed: 1 });
    const ea = single(a, "a");
    const eb = single(b, "b");
    expect(ea.evppi).toBeGreaterThan(0);
    expect(Math.abs(eb.evppi - ea.evppi)).toBeLessThan(0.05 * ea.se!);
    const pair = evppiRegression(["a", "b"], [a, b], nb, { seSamples: 50, seed: 1 });
    expect(Math.abs(pair.evppi - ea.evppi)).toBeLessThan(3 * Math.max(pair.se!, ea.se!));
  }, 60_000);
});
