import { readFileSync } from "node:fs";
import { csvParse } from "d3-dsv";
import { describe, expect, it } from "vitest";
import { oneWaySwings, PRESETS } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";

// The Overview and docs/methods.md state the three largest one-way swings per disease from this file
// (tools/drivers.ts writes it; several minutes, so it is not computed at build time).
const rows = csvParse(readFileSync("data/drivers/autologous-nmb-swings.csv", "utf8"));
const evidence = loadEvidence();

describe("the drivers file (three largest one-way swings of autologous NMB, per disease and preset)", () => {
  it("has ranks 1-3 for every disease under every preset, largest swing first", () => {
    for (const preset of Object.keys(PRESETS))
      for (const d of evidence.diseases) {
        const r = rows.filter((x) => x.disease === d.disease && x.preset === preset);
        expect(
          r.map((x) => x.rank),
          `${d.disease} ${preset}`,
        ).toEqual(["1", "2", "3"]);
        const swings = r.map((x) => Number(x.swing));
        expect(swings[0]).toBeGreaterThanOrEqual(swings[1]);
        expect(swings[1]).toBeGreaterThanOrEqual(swings[2]);
        for (const x of r)
          expect(Number(x.swing)).toBeCloseTo(Math.abs(Number(x.nmb_at_high) - Number(x.nmb_at_low)), -1);
      }
  });
  it("is current: recomputing myasthenia gravis under the UK preset gives the same three swings", () => {
    const lt = loadPresetLifeTables().uk;
    const fresh = oneWaySwings(evidence, "mg", PRESETS.uk, lt, "autologous").slice(0, 3);
    const file = rows.filter((x) => x.disease === "mg" && x.preset === "uk");
    expect(file.map((x) => x.parameter)).toEqual(fresh.map((s) => s.parameter));
    file.forEach((x, i) => {
      expect(Number(x.nmb_at_low)).toBeCloseTo(fresh[i].nmbAtLow, -1); // the file rounds to whole units
      expect(Number(x.nmb_at_high)).toBeCloseTo(fresh[i].nmbAtHigh, -1);
    });
  }, 600_000);
});
