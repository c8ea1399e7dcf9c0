// The Uncertainty page's one namer of parameters (src/components/parameter-names.js): every view (tornado,
// EVPPI bars and groups table, two-way menus and axes, groups editor) names a parameter from the same
// naming its worker sends, so two parameters whose short labels read the same are told apart alike in
// each view, even a view that shows only one of them. Expected names are written out by hand from the
// dictionary's words for r_relapse (short: "Relapse rate in remission"; description: "Relapse rate in
// remission: Weibull scale (annual rate in the first year since infusion when the shape is 1)").
import { describe, expect, it } from "vitest";
// @ts-expect-error a plain JS component (its types are JSDoc, checked by tsconfig.components.json)
import { comparatorList, parameterNamer } from "../../src/components/parameter-names.js";
// @ts-expect-error a plain JS component
import { evppiLabel } from "../../src/components/uncertainty-views.js";

const LONG =
  "Relapse rate in remission: Weibull scale (annual rate in the first year since infusion when the shape is 1)";

// Two comparators whose names differ only in how the route is bracketed: as a variant's name both read
// "(Rituximab – IV)" (inParentheses turns inner brackets into dashes), so r_relapse__ritux_a and
// r_relapse__ritux_b have the same short label and the same description.
const strategies = [
  { id: "soc", label: "Lifelong standard of care" },
  { id: "ritux_a", label: "Rituximab (IV)" },
  { id: "ritux_b", label: "Rituximab – IV" },
];
const comparators = comparatorList(
  strategies.map((s) => s.id),
  strategies.map((s) => s.label),
);
// What the page names: the ranged (tornado, two-way) and drawn (EVPPI, groups editor) parameters.
const ids = ["r_relapse__ritux_a", "r_relapse__ritux_b", "p_response__autologous"];
const A = `${LONG} (Rituximab – IV) [r_relapse__ritux_a]`;
const B = `${LONG} (Rituximab – IV) [r_relapse__ritux_b]`;

describe("comparatorList(ids, labels)", () => {
  it("pairs each strategy id with its label, the id where there is none", () => {
    expect(comparatorList(["soc", "x"], ["Standard of care", undefined])).toEqual([
      { strategy: "soc", label: "Standard of care" },
      { strategy: "x", label: "x" },
    ]);
    expect(comparatorList(["soc"])).toEqual([{ strategy: "soc", label: "soc" }]);
  });
  it("refuses labels that are not one per strategy, naming the strategies", () => {
    expect(() => comparatorList(["soc", "x"], ["Standard of care"])).toThrow(/1 labels for 2 strategies \(soc, x\)/);
  });
});

describe("parameterNamer(ids, comparators)", () => {
  const name = parameterNamer(ids, comparators);

  it("tells apart two parameters whose short labels and descriptions read the same by their ids", () => {
    expect(name("r_relapse__ritux_a")).toBe(A);
    expect(name("r_relapse__ritux_b")).toBe(B);
    // Not in a collision: the short label, a platform's variant by the platform's name.
    expect(name("p_response__autologous")).toBe("Drug-free remission after an infusion (Bespoke autologous CAR T)");
  });

  it("gives every view the same names, whichever of the parameters the view shows", () => {
    // The tornado and the two-way menus and axes show only ritux_a's relapse rate (say it alone is
    // ranged), the EVPPI bars only ritux_b's, the groups editor and groups table both.
    const tornado = ["r_relapse__ritux_a"].map(name);
    const twoWayAxis = name("r_relapse__ritux_a");
    const evppiBar = evppiLabel({ parameters: ["r_relapse__ritux_b"], method: "spline" }, name);
    const groupsEditor = ["r_relapse__ritux_a", "r_relapse__ritux_b"].map(name);
    const groupsTableRow = ["r_relapse__ritux_a", "r_relapse__ritux_b"].map(name).join(" + ");
    const evppiGroupBar = evppiLabel({ parameters: ["r_relapse__ritux_a", "r_relapse__ritux_b"], method: "gp" }, name);
    expect(tornado).toEqual([A]);
    expect(twoWayAxis).toBe(A);
    expect(evppiBar).toBe(B);
    expect(groupsEditor).toEqual([A, B]);
    expect(groupsTableRow).toBe(`${A} + ${B}`);
    expect(evppiGroupBar).toBe(`${A} + ${B} (GP)`);
    // A namer of one view's parameters alone would not see the collision: the rule looks at all ids.
    expect(parameterNamer(["r_relapse__ritux_a"], comparators)("r_relapse__ritux_a")).toBe(
      "Relapse rate in remission (Rituximab – IV)",
    );
  });

  it("names an id outside its list by the short label, and an id the dictionary lacks by itself", () => {
    expect(name("r_relapse__soc")).toBe("Relapse rate in remission (Lifelong standard of care)");
    expect(name("not_a_parameter")).toBe("not_a_parameter");
  });
});
