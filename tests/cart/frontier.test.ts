/** The full incremental view (src/cart/frontier.ts) checked against the definitions, not against itself. */
import { describe, expect, it } from "vitest";
import { frontierRows, frontierTable, PRESETS, runCart } from "../../src/cart/index.js";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";

const evidence = loadEvidence();
const lifeTable = loadLifeTable();

describe("frontierRows(analysis, measure)", { timeout: 120_000 }, () => {
  for (const disease of ["mg", "ms", "sle"]) {
    it(`${disease}: labels every strategy by the definitions of dominance, and frontier ICERs rise along the frontier`, () => {
      const a = runCart(evidence, disease, PRESETS.us, lifeTable);
      for (const measure of ["qalys", "evlys"] as const) {
        const rows = frontierRows(a, measure);
        expect(rows.map((r) => r.id).sort()).toEqual(a.strategies.map((s) => s.id).sort());
        // Brute force, independent of the engine's sweep: strong dominance is another strategy no
        // dearer and no less effective, better in one; extended dominance is a convex mix of two
        // others that is no dearer and more effective.
        for (const r of rows) {
          const others = rows.filter((o) => o.id !== r.id);
          const strongly = others.some(
            (o) => o.cost <= r.cost && o.effect >= r.effect && (o.cost < r.cost || o.effect > r.effect),
          );
          let extended = false;
          for (const lo of others)
            for (const hi of others) {
              if (!(lo.effect < r.effect && r.effect < hi.effect)) continue;
              const w = (r.effect - lo.effect) / (hi.effect - lo.effect);
              if (lo.cost + w * (hi.cost - lo.cost) < r.cost) extended = true;
            }
          if (r.status === "dominated") expect(strongly, `${r.id} ${measure}`).toBe(true);
          if (r.status === "frontier" || r.status === "reference")
            expect(strongly || extended, `${r.id} ${measure}`).toBe(false);
          if (r.status === "extendedly dominated") expect(!strongly && extended, `${r.id} ${measure}`).toBe(true);
        }
        const icers = rows.filter((r) => r.status === "frontier").map((r) => r.icer!);
        for (let i = 1; i < icers.length; i++) expect(icers[i]).toBeGreaterThanOrEqual(icers[i - 1]);
      }
    });
  }

  it("a platform next to SoC on the evLY frontier has the cost per evLYG that the SoC comparison reports", () => {
    let checked = 0;
    for (const disease of evidence.diseases.map((d) => d.disease)) {
      const a = runCart(evidence, disease, PRESETS.us, lifeTable);
      for (const r of frontierRows(a, "evlys")) {
        if (r.status !== "frontier" || r.against !== "soc") continue;
        const v = a.versusSoc.find((x) => x.strategy === r.id);
        if (!v) continue;
        expect(r.icer!).toBeCloseTo(v.costPerEvlyg!, 6);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("frontierTable writes QALY and evLY rows for the US preset and QALY rows only for the UK", () => {
    const us = frontierTable([runCart(evidence, "mg", PRESETS.us, lifeTable)]);
    const uk = frontierTable([runCart(evidence, "mg", PRESETS.uk, lifeTable)]);
    expect(new Set(us.measure as string[])).toEqual(new Set(["QALY", "evLY"]));
    expect(new Set(uk.measure as string[])).toEqual(new Set(["QALY"]));
  });
});
