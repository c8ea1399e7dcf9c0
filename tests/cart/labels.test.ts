/**
 * Labels in a one-time comparator's rows (src/cart/labels.ts): the CAR T model's states are shared by
 * every one-time strategy, so their labels name CAR T; a comparator's rows name its own treatment. Cost
 * components are worded for every one-time strategy, so every strategy's rows carry the same component
 * labels (review s27: the explorer's legend said "CAR T product" for AHSCT's bar). The expected
 * treatment names are read here from data/cart/comparators.csv (its first four columns hold no commas
 * or quotes), not from the code under test; the CAR T wording the rows replace is the model's own
 * labels, pinned in tests/cart/model-spec.test.ts.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { negativeSurvivalWarnings, runCart, type NegativeSurvivalState } from "../../src/cart/analysis.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { PRESETS } from "../../src/cart/presets.js";
import { inParentheses } from "../../src/cart/labels.js";
import { cartComponentTable, cartStateCostTable } from "../../src/cart/tables.js";
// @ts-expect-error: a plain JavaScript page component without type declarations
import { stateRowsAddingUp } from "../../src/components/cost-tables.js";
import type { Columns } from "../../src/model/io/csv.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();

const comparatorsCsv = readFileSync("data/cart/comparators.csv", "utf8").trim().split(/\r?\n/).slice(1);
const oneTime = comparatorsCsv
  .map((line) => line.split(",").slice(0, 4))
  .filter(([, , , kind]) => kind === "one-time")
  .map(([disease, strategy, label]) => ({ disease, strategy, label }));

/** Rows of a column table, as objects. */
function rows(cols: Columns): Array<Record<string, unknown>> {
  const keys = Object.keys(cols);
  return Array.from({ length: cols[keys[0]].length }, (_, i) => Object.fromEntries(keys.map((k) => [k, cols[k][i]])));
}

describe("labels of one-time comparators' rows", () => {
  it("data/cart/comparators.csv has the one-time comparators the review named (AHSCT, alemtuzumab, cladribine, radioiodine, thyroidectomy)", () => {
    expect(oneTime.map((c) => c.strategy).sort()).toEqual(
      ["ahsct", "ahsct", "alemtuzumab", "cladribine", "radioiodine", "thyroidectomy"].sort(),
    );
  });

  for (const diseaseId of [...new Set(oneTime.map((c) => c.disease))]) {
    it(`${diseaseId}: component rows carry the same labels as CAR T's, state rows name the comparator's treatment without nested brackets`, () => {
      const a = runCart(evidence, diseaseId, PRESETS.us, lifeTables.us);
      const components = rows(cartComponentTable(a));
      const states = rows(cartStateCostTable(a));
      const page: Array<{ strategy: string; kind: string; label: string }> = stateRowsAddingUp(a);
      for (const c of oneTime.filter((x) => x.disease === diseaseId)) {
        const own = components.filter((r) => r.strategy === c.strategy);
        // The same component labels as a CAR T platform's rows, in the same order.
        expect(own.map((r) => r.label)).toEqual(
          components.filter((r) => r.strategy === "autologous").map((r) => r.label),
        );
        const ownStates = states.filter((r) => r.strategy === c.strategy);
        // The comparator's own brackets become dashes: "(Alemtuzumab – immune reconstitution)".
        const bracketed = `(${c.label.replace(" (", " – ").replace(/\)$/, "")})`;
        expect(ownStates.find((r) => r.state === "Remission")?.label).toBe(
          `Drug-free remission after treatment ${bracketed}`,
        );
        const labels = [
          ...own.map((r) => r.label),
          ...ownStates.map((r) => r.label),
          ...page.filter((r) => r.strategy === c.strategy && r.kind === "state").map((r) => r.label),
        ];
        for (const l of labels) {
          expect(l).not.toMatch(/CAR T/);
          expect(l).not.toMatch(/product/);
          expect(l).not.toMatch(/\([^)]*\(/); // no bracket inside a bracket
        }
      }
      // The CAR T platforms' rows keep the model's labels (tests/cart/model-spec.test.ts pins them).
      expect(components.find((r) => r.strategy === "autologous" && r.component === "c_cart_product")?.label).toBe(
        "One-time treatment: price",
      );
      expect(states.find((r) => r.strategy === "autologous" && r.state === "Remission")?.label).toBe(
        "Drug-free remission after CAR T",
      );
    }, 120_000);
  }
});

describe("inParentheses(text)", () => {
  // Expected strings written out by hand.
  it("wraps text without brackets as it is", () => {
    expect(inParentheses("Autologous haematopoietic stem cell transplantation")).toBe(
      "(Autologous haematopoietic stem cell transplantation)",
    );
  });
  it("turns a trailing bracket into a dash: no bracket inside a bracket", () => {
    expect(inParentheses("Alemtuzumab (immune reconstitution)")).toBe("(Alemtuzumab – immune reconstitution)");
    expect(inParentheses("Weibull relapse hazard (base case)")).toBe("(Weibull relapse hazard – base case)");
  });
  it("sets off a bracket in the middle with a dash on each side", () => {
    expect(inParentheses("Radioiodine (I-131) ablation")).toBe("(Radioiodine – I-131 – ablation)");
  });
});

describe("negativeSurvivalWarnings(states)", () => {
  const state = (strategy: string, strategyLabel: string, st: string, stateLabel: string): NegativeSurvivalState => ({
    strategy,
    strategyLabel,
    state: st,
    stateLabel,
    costPerYear: 2,
    qalysPerYear: 1,
    wtp: 1,
  });
  it("names states by label (id in parentheses) and strategies by label, grouping strategies per state", () => {
    const w = negativeSurvivalWarnings([
      state("soc", "SoC label", "Active", "Active label"),
      state("autologous", "CAR label", "Active", "Active label"),
      state("autologous", "CAR label", "Waiting_2", "Waiting label"),
    ]);
    // Written out by hand from the rows above.
    expect(w).toEqual([
      "negative net benefit of survival in Active label (Active) in SoC label, CAR label; Waiting label (Waiting_2) in CAR label: a year alive in these states costs more than the threshold values its QALYs, so deaths there raise net monetary benefit",
    ]);
  });

  it("sle (US): the warning names the one-time comparator by its data/cart/comparators.csv label, not by its id", () => {
    const a = runCart(evidence, "sle", PRESETS.us, lifeTables.us);
    const ahsct = oneTime.find((c) => c.disease === "sle" && c.strategy === "ahsct")!;
    expect(a.negativeSurvival.some((x) => x.strategy === "ahsct")).toBe(true);
    expect(a.warnings[0]).toContain(ahsct.label);
    expect(a.warnings[0]).not.toMatch(/\bahsct\b/);
  }, 120_000);
});
