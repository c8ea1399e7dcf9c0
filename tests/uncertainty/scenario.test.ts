import { describe, expect, it } from "vitest";
import {
  checkWholeNumber,
  knownParameters,
  scenarioFromHash,
  scenarioHash,
  type PsaScenario,
} from "../../src/uncertainty/scenario.js";

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
      "n=0: out of range (got 0); expected a whole number from 1 to 100000",
      "seed=1.5: not a whole number (got 1.5); expected a whole number from 0 to 9007199254740991",
      "colour: unknown field (expected disease, preset, n, seed, groups, a, b, steps, fill, data)",
      // The first n is read (and refused): a field given twice keeps its first value (s36).
      "n=1e9: given twice; only the first is read, or the default if that is refused",
    ]);
  });

  it("scenarioFromHash reads numbers only as plain decimals (no hexadecimal, no decimal comma)", () => {
    const r = scenarioFromHash("#n=0x10&seed=1,5", defaults, allowed);
    expect(r.scenario).toEqual(defaults);
    expect(r.ignored.length).toBe(2);
  });

  it("groups, the two-way parameters, grid size and fill round-trip; defaults are left out of the link", () => {
    const s: PsaScenario = {
      ...defaults,
      groups: [
        ["r_flare", "c_price"],
        ["u_a", "u_b", "u_c"],
      ],
      a: "r_flare",
      b: "c_price",
      steps: 21,
      fill: "inmb",
    };
    const h = scenarioHash(s);
    expect(h).toBe(
      "#disease=sle&preset=us&n=1000&seed=1&groups=r_flare,c_price;u_a,u_b,u_c&a=r_flare&b=c_price&steps=21&fill=inmb",
    );
    expect(scenarioFromHash(h, defaults, allowed)).toEqual({ scenario: s, ignored: [] });
    expect(scenarioHash({ ...defaults, groups: [], steps: 11, fill: "optimal" })).toBe(scenarioHash(defaults));
  });

  it("a bad group, id, grid size or fill is ignored with the reason; unknown parameters are dropped by knownParameters", () => {
    const r = scenarioFromHash("#groups=a;b,b&a=1x&steps=100&fill=nmb", defaults, allowed);
    expect(r.scenario).toEqual(defaults);
    expect(r.ignored).toEqual([
      'groups=a;b,b: expected groups of two or more different parameter ids, "," between ids, ";" between groups',
      "a=1x: expected a parameter id",
      "steps=100: out of range (got 100); expected a whole number from 2 to 41",
      "fill=nmb: expected optimal or inmb",
    ]);
    const k = knownParameters(
      {
        ...defaults,
        groups: [
          ["p", "q"],
          ["p", "z"],
        ],
        a: "p",
        b: "zz",
      },
      ["p", "q"],
    );
    expect(k.scenario).toEqual({ ...defaults, groups: [["p", "q"]], a: "p" });
    expect(k.ignored).toEqual([
      "group p,z: not parameters of this model: z",
      "b=zz: not a parameter of this model with a range",
    ]);
  });

  // The page's Draws and Seed boxes: each hostile entry is refused with what was typed and the range
  // (ranges: 1 to MAX_DRAWS = 100,000 draws; seeds 0 to 2^53 - 1 = 9,007,199,254,740,991).
  it("checkWholeNumber(key, text) refuses 0, -1, 1e9, blank, text and 2.5 draws, naming the entry and the range", () => {
    const refused = (key: "n" | "seed", text: string) => {
      const c = checkWholeNumber(key, text);
      return c.ok ? `accepted ${c.value}` : c.message;
    };
    expect(refused("n", "0")).toBe("out of range (got 0); expected a whole number from 1 to 100000");
    expect(refused("n", "-1")).toBe("out of range (got -1); expected a whole number from 1 to 100000");
    expect(refused("n", "1e9")).toBe("out of range (got 1e9); expected a whole number from 1 to 100000");
    expect(refused("n", "")).toBe('blank cell (got ""); expected a whole number from 1 to 100000');
    expect(refused("n", "abc")).toBe('not a number (got "abc"); expected a whole number from 1 to 100000');
    expect(refused("n", "2.5")).toBe("not a whole number (got 2.5); expected a whole number from 1 to 100000");
    expect(refused("seed", "1.5")).toBe(
      "not a whole number (got 1.5); expected a whole number from 0 to 9007199254740991",
    );
    expect(refused("seed", "9007199254740992")).toBe(
      "out of range (got 9007199254740992); expected a whole number from 0 to 9007199254740991",
    );
    expect(checkWholeNumber("n", " 250 ")).toEqual({ ok: true, value: 250 });
    expect(checkWholeNumber("seed", "0")).toEqual({ ok: true, value: 0 });
  });
});
