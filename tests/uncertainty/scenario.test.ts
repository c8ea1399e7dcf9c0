import { describe, expect, it } from "vitest";
import { scenarioFromHash, scenarioHash, type PsaScenario } from "../../src/uncertainty/scenario.js";

const defaults: PsaScenario = { disease: "sle", preset: "us", n: 1000, seed: 1 };
const allowed = { diseases: ["sle", "ms"], presets: ["us", "uk"] };

describe("PSA scenario link", () => {
  it("scenarioHash(s) writes every field; scenarioFromHash reads it back unchanged", () => {
    const s: PsaScenario = { disease: "ms", preset: "uk", n: 40, seed: 9007199254740991 };
    const h = scenarioHash(s);
    expect(h).toBe("#disease=ms&preset=uk&n=40&seed=9007199254740991");
    expect(scenarioFromHash(h, defaults, allowed)).toEqual({ scenario: s, ignored: [] });
  });

  it("scenarioFromHash keeps the defaults for an empty link and for fields not given", () => {
    expect(scenarioFromHash("", defaults, allowed).scenario).toEqual(defaults);
    expect(scenarioFromHash("#seed=7", defaults, allowed).scenario).toEqual({ ...defaults, seed: 7 });
  });

  it("scenarioFromHash ignores invalid values and unknown fields, saying why", () => {
    const r = scenarioFromHash("#disease=flu&n=0&seed=1.5&preset=uk&colour=red&n=1e9", defaults, allowed);
    expect(r.scenario).toEqual({ ...defaults, preset: "uk" });
    expect(r.ignored).toEqual([
      "disease=flu: expected one of sle, ms",
      "n=0: expected a whole number from 1 to 100000",
      "seed=1.5: expected a whole number from 0 to 9007199254740991",
      "colour: unknown field (expected disease, preset, n, seed)",
      "n=1e9: expected a whole number from 1 to 100000",
    ]);
  });

  it("scenarioFromHash reads numbers only as plain decimals (no hexadecimal, no decimal comma)", () => {
    const r = scenarioFromHash("#n=0x10&seed=1,5", defaults, allowed);
    expect(r.scenario).toEqual(defaults);
    expect(r.ignored.length).toBe(2);
  });
});
