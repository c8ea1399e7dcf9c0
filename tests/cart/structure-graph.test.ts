import { describe, expect, it } from "vitest";
import { buildCartModel, PRESETS, structureGraph } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import type { ModelSpec } from "../../src/model/spec/spec.js";

const evidence = loadEvidence();
const lt = loadPresetLifeTables().us;
const has = (g: ReturnType<typeof structureGraph>, from: string, to: string) =>
  g.transitions.some((t) => t.from === from && t.to === to);

describe("structure diagrams are read off the built model", () => {
  it("lists named transitions except staying and literal zeros; C and formulas count", () => {
    const spec = {
      states: [{ id: "A", label: "State A" }, { id: "B" }, { id: "D" }],
      transitions: { A: { A: "C", B: "p", D: 0 }, B: { B: "C", A: "0", D: " 0 " }, D: { D: 1 } },
    } as unknown as ModelSpec;
    expect(structureGraph(spec)).toEqual({
      states: [
        { id: "A", label: "State A" },
        { id: "B", label: "B" },
        { id: "D", label: "D" },
      ],
      transitions: [{ from: "A", to: "B" }],
      stays: ["A", "B", "D"],
    });
  });
  it("a state without a row has no moves; a literal 0 on the diagonal is no stay, text or number", () => {
    const spec = {
      states: [{ id: "A" }, { id: "B" }, { id: "E" }, { id: "F" }],
      transitions: { A: { A: 0, B: "C" }, E: { E: "0", A: "0.5 * p" }, F: { F: "C" } },
    } as unknown as ModelSpec;
    expect(structureGraph(spec)).toEqual({
      states: [
        { id: "A", label: "A" },
        { id: "B", label: "B" },
        { id: "E", label: "E" },
        { id: "F", label: "F" },
      ],
      transitions: [
        { from: "A", to: "B" },
        { from: "E", to: "A" },
      ],
      stays: ["F"],
    });
  });
  it("refuses a model written as a transition matrix, naming what it needs", () => {
    const spec = { name: "matrix model", states: [{ id: "A" }], transitions: [["C"]] } as unknown as ModelSpec;
    expect(() => structureGraph(spec)).toThrow(
      'structureGraph: model "matrix model" gives its transitions as a matrix (1 row); expected named transitions {"From": {"To": entry}}, as buildCartModel writes them',
    );
  });
  it("SLE and ANCA vasculitis have the kidney chain (dialysis <-> transplant); MG, MS, Graves', T1D do not", () => {
    for (const d of evidence.diseases.map((x) => x.disease)) {
      const g = structureGraph(buildCartModel(evidence, d, PRESETS.us, lt).spec);
      const kidney = d === "sle" || d === "aav";
      expect(
        g.states.some((s) => s.id === "Transplant"),
        d,
      ).toBe(kidney);
      // The dialysis state: ESKD in SLE (whose Damage is CKD 3–4), Damage in AAV.
      const dialysis = d === "sle" ? "ESKD" : "Damage";
      expect(has(g, dialysis, "Transplant"), d).toBe(kidney);
      expect(has(g, "Transplant", dialysis), d).toBe(kidney);
      // shared structure: the CAR T pathway and relapse to a second course
      for (const [from, to] of [
        ["Waiting", "Infusion"],
        ["Infusion", "Remission"],
        ["Remission", "Waiting_2"], // relapse to a retreatment course (retreatment courses: Waiting_2, Infusion_2)
        ["Controlled", "Active"],
        ["Active", "Damage"],
      ])
        expect(has(g, from, to), `${d} ${from}->${to}`).toBe(true);
      expect(
        g.transitions.some((t) => t.from === "Dead"),
        d,
      ).toBe(false); // Dead is absorbing
      // every state of the model is drawn
      expect(g.states.map((s) => s.id)).toEqual(
        buildCartModel(evidence, d, PRESETS.us, lt).spec.states.map((s) => s.id),
      );
    }
  }, 120_000);
});
