import { beforeEach, describe, expect, it } from "vitest";
import { incrementalAnalysis } from "../../src/model/index.js";

describe("incrementalAnalysis(strategies, {wtp})", () => {
  // Hand-checked: C is dominated by B (costs more for fewer QALYs); E is extendedly dominated: its
  // ICER against B is 6,000 / 0.1 = 60,000 per QALY, above D's against E, 5,000 / 0.9 = 5,556 per
  // QALY. The frontier is A -> B (4,000 / 0.5 = 8,000) -> D (11,000 / 1.0 = 11,000) -> F (15,000 / 0.1 = 150,000).
  const input = [
    { id: "A", cost: 10000, effect: 5 },
    { id: "C", cost: 18000, effect: 5.4 },
    { id: "B", cost: 14000, effect: 5.5 },
    { id: "E", cost: 20000, effect: 5.6 },
    { id: "D", cost: 25000, effect: 6.5 },
    { id: "F", cost: 40000, effect: 6.6 },
  ];
  // Computed inside each test (not at collection time) so that mutation testing attributes it to the tests.
  let rows: ReturnType<typeof incrementalAnalysis> = [];
  let by: Record<string, ReturnType<typeof incrementalAnalysis>[number]> = {};
  beforeEach(() => {
    rows = incrementalAnalysis(input, { wtp: 20000 });
    by = Object.fromEntries(rows.map((r) => [r.id, r]));
  });

  it("orders strategies by cost", () => {
    expect(rows.map((r) => r.id)).toEqual(["A", "B", "C", "E", "D", "F"]);
  });
  it("labels dominance and extended dominance", () => {
    expect(rows.map((r) => r.status)).toEqual([
      "reference",
      "frontier",
      "dominated",
      "extendedly dominated",
      "frontier",
      "frontier",
    ]);
    expect(by.C.against).toBe("B");
    expect(by.E.against).toBeNull();
    expect(by.E.extendedBy).toEqual(["B", "D"]);
  });
  it("computes ICERs against the previous frontier strategy", () => {
    expect(by.B.icer).toBeCloseTo(8000, 8);
    expect(by.D.icer).toBeCloseTo(11000, 8);
    expect(by.D.against).toBe("B");
    expect(by.F.icer).toBeCloseTo(150000, 6);
    expect(by.A.icer).toBeNull();
    expect(by.C.icer).toBeNull();
  });
  it("computes net monetary benefit and incremental NMB against the comparator", () => {
    expect(by.A.nmb).toBe(90000);
    expect(by.D.nmb).toBe(105000);
    expect(by.D.incrementalNmb).toBe(15000);
    expect(by.F.incrementalNmb).toBe(2000);
    const vsB = incrementalAnalysis(input, { wtp: 20000, comparator: "B" });
    expect(vsB.find((r) => r.id === "A")!.incrementalNmb).toBe(-6000);
  });
  it("treats equal cost with lower effect as dominated", () => {
    const r = incrementalAnalysis(
      [
        { id: "x", cost: 1, effect: 2 },
        { id: "y", cost: 1, effect: 1 },
      ],
      { wtp: 1 },
    );
    expect(r.find((q) => q.id === "y")!.status).toBe("dominated");
  });
  it("finds extended dominance that appears only after a first removal", () => {
    // ICERs 10, 9, 5 along the cost order: both middle strategies fall out, one after the other
    const r = incrementalAnalysis(
      [
        { id: "a", cost: 0, effect: 0 },
        { id: "b", cost: 10, effect: 1 },
        { id: "c", cost: 19, effect: 2 },
        { id: "d", cost: 24, effect: 3 },
      ],
      { wtp: 0 },
    );
    expect(r.map((q) => q.status)).toEqual(["reference", "extendedly dominated", "extendedly dominated", "frontier"]);
    expect(r[3].icer).toBeCloseTo(8, 12);
  });
  it("rejects an unknown comparator and non-finite inputs", () => {
    expect(() => incrementalAnalysis(input, { wtp: 1, comparator: "Z" })).toThrow(
      'comparator "Z" is not one of the strategies: A, C, B, E, D, F',
    );
    expect(() => incrementalAnalysis([{ id: "a", cost: NaN, effect: 1 }], { wtp: 1 })).toThrow(/non-finite/);
  });

  it("sets a strategy with exactly the cost and effect of an earlier one aside as identical", () => {
    const r = incrementalAnalysis(
      [
        { id: "a", cost: 0, effect: 0 },
        { id: "b", cost: 10, effect: 1 },
        { id: "b2", cost: 10, effect: 1 },
      ],
      { wtp: 0 },
    );
    expect(r.map((q) => [q.id, q.status, q.against])).toEqual([
      ["a", "reference", null],
      ["b", "frontier", "a"],
      ["b2", "identical", "b"],
    ]);
    expect(r[2].icer).toBeNull();
  });
  it("orders equal costs by higher effect first, then by input order", () => {
    const r = incrementalAnalysis(
      [
        { id: "low", cost: 5, effect: 1 },
        { id: "high", cost: 5, effect: 2 },
        { id: "cheap", cost: 1, effect: 0 },
      ],
      { wtp: 0 },
    );
    expect(r.map((q) => q.id)).toEqual(["cheap", "high", "low"]);
    expect(r[2].status).toBe("dominated");
    expect(r[2].against).toBe("high");
  });
  it("keeps a strategy whose ICER equals the next one's on the frontier (removal needs a strictly higher ICER)", () => {
    // ICERs 10 and 10: no extended dominance
    const r = incrementalAnalysis(
      [
        { id: "a", cost: 0, effect: 0 },
        { id: "b", cost: 10, effect: 1 },
        { id: "c", cost: 20, effect: 2 },
      ],
      { wtp: 0 },
    );
    expect(r.map((q) => q.status)).toEqual(["reference", "frontier", "frontier"]);
    expect(r[2].icer).toBeCloseTo(10, 12);
    expect(r[2].incrementalCost).toBe(10);
    expect(r[2].incrementalEffect).toBe(1);
  });
  it("a more costly strategy with equal effect is dominated; the comparator defaults to the first strategy given, not the cheapest", () => {
    const r = incrementalAnalysis(
      [
        { id: "dear", cost: 9, effect: 1 },
        { id: "same", cost: 3, effect: 1 },
      ],
      { wtp: 10 },
    );
    expect(r.find((q) => q.id === "dear")!.status).toBe("dominated");
    // NMB: dear 10 - 9 = 1, same 10 - 3 = 7; against "dear" (first given): same +6
    expect(r.find((q) => q.id === "same")!.incrementalNmb).toBe(6);
    expect(r.find((q) => q.id === "dear")!.incrementalNmb).toBe(0);
  });
  it("returns no rows for no strategies and rejects a non-finite willingness to pay", () => {
    expect(incrementalAnalysis([], { wtp: 1 })).toEqual([]);
    expect(() => incrementalAnalysis([{ id: "a", cost: 1, effect: 1 }], { wtp: Infinity })).toThrow(
      /willingness to pay must be a finite number/,
    );
    expect(() => incrementalAnalysis([{ id: "a", cost: 1, effect: Infinity }], { wtp: 1 })).toThrow(
      /strategy "a" has a non-finite cost or effect/,
    );
  });
});
