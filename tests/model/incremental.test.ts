import { describe, expect, it } from "vitest";
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
  const rows = incrementalAnalysis(input, { wtp: 20000 });
  const by = Object.fromEntries(rows.map((r) => [r.id, r]));

  it("orders strategies by cost", () => {
    expect(rows.map((r) => r.id)).toEqual(["A", "B", "C", "E", "D", "F"]);
  });
  it("labels dominance and extended dominance", () => {
    expect(rows.map((r) => r.status)).toEqual(["reference", "frontier", "dominated", "extendedly dominated", "frontier", "frontier"]);
    expect(by.C.against).toBe("B");
    expect(by.E.against).toBe("B and D");
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
    const r = incrementalAnalysis([{ id: "x", cost: 1, effect: 2 }, { id: "y", cost: 1, effect: 1 }], { wtp: 1 });
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
    expect(() => incrementalAnalysis(input, { wtp: 1, comparator: "Z" })).toThrow(/comparator "Z"/);
    expect(() => incrementalAnalysis([{ id: "a", cost: NaN, effect: 1 }], { wtp: 1 })).toThrow(/non-finite/);
  });
});
