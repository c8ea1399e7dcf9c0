/**
 * The one reader of the pages' link text (src/model/io/query.ts), and the four links that use it.
 * Before session 37 each link split its own text: three with URLSearchParams (a `%ZZ` kept as typed,
 * a lone `%E9` read as U+FFFD), the Uncertainty page with decodeURIComponent (both named). Expected
 * entries are written out by hand from the link text.
 */
import { describe, expect, it } from "vitest";
import { GIVEN_TWICE, NOT_DECODED, linkEntries, shortText } from "../../src/model/io/query.js";
import { decodeScenario } from "../../src/cart/scenario.js";
import { decodeComparison, encodeComparison } from "../../src/cart/compare.js";
import { decodeBudgetSettings, readCapacity } from "../../src/access/index.js";
import { scenarioFromHash } from "../../src/uncertainty/scenario.js";
import { DEFAULT_SCENARIO } from "../../src/cart/scenario.js";

describe("linkEntries", () => {
  it("keeps the link's order, marks later values of a key, and reads a part without = as an empty value", () => {
    expect(linkEntries("#a=1&&b&a=2&c=", "plus")).toEqual([
      { key: "a", value: "1", kind: "first" },
      { key: "b", value: "", kind: "first" },
      { key: "a", value: "2", kind: "again" },
      { key: "c", value: "", kind: "first" },
    ]);
    expect(linkEntries("?x=1", "plus")).toEqual([{ key: "x", value: "1", kind: "first" }]);
    expect(linkEntries("", "plus")).toEqual([]);
    expect(linkEntries("#", "space")).toEqual([]);
  });

  it("reads + as the writer meant it, and decodes keys and values (UTF-8 %XX)", () => {
    expect(linkEntries("wtp=1e+5", "plus")[0].value).toBe("1e+5");
    expect(linkEntries("n=My+scenario", "space")[0].value).toBe("My scenario");
    expect(linkEntries("n=a%2Bb", "space")[0].value).toBe("a+b");
    expect(linkEntries("%C3%A9t%C3%A9=caf%C3%A9", "plus")[0]).toEqual({ key: "été", value: "café", kind: "first" });
    // Only the first = splits: the value keeps its own.
    expect(linkEntries("s=disease=sle", "plus")[0]).toEqual({ key: "s", value: "disease=sle", kind: "first" });
  });

  it("names a part that does not decode, as written, cut to 60 characters", () => {
    expect(linkEntries("wtp=50%&x=%E9&y=1", "plus")).toEqual([
      { key: "wtp", value: "50%", kind: "undecoded" },
      { key: "x", value: "%E9", kind: "undecoded" },
      { key: "y", value: "1", kind: "first" },
    ]);
    // A key that does not decode is shown as written.
    expect(linkEntries("%ZZ=1", "plus")).toEqual([{ key: "%ZZ", value: "1", kind: "undecoded" }]);
    // A key whose first value does not decode was given: its next value is a repeat.
    expect(linkEntries("k=%&k=2", "plus").map((e) => e.kind)).toEqual(["undecoded", "again"]);
    const long = "%" + "x".repeat(99);
    expect(linkEntries(`k=${long}`, "plus")[0].value).toBe(long.slice(0, 57) + "...");
    expect(shortText("y".repeat(60))).toBe("y".repeat(60));
    expect(shortText("y".repeat(61))).toBe("y".repeat(57) + "...");
  });
});

describe("the four links read their text through it", () => {
  const diseases = ["sle", "ms"];

  it("scenario fragment: a bad %-encoding is named with the setting (it was read as the number's text)", () => {
    const d = decodeScenario("disease=ms&wtp=3%&wtp=5", diseases);
    expect(d.scenario.disease).toBe("ms");
    expect(d.scenario.wtp).toBe(DEFAULT_SCENARIO.wtp);
    expect(d.problems).toEqual([`wtp: ${NOT_DECODED} (got "3%")`, `wtp: ${GIVEN_TWICE} (got "5")`]);
  });

  it("Access query string: a lone %E9 is named, not read as U+FFFD", () => {
    const r = decodeBudgetSettings("?rule=%E9&years=5");
    expect(r.settings.years).toBe(5);
    expect(r.problems).toEqual([`rule=%E9: ${NOT_DECODED}`]);
  });

  it("Uncertainty fragment: as before, a bad value named; a field given twice keeps its first value", () => {
    const defaults = { disease: "sle", preset: "us", n: 1000, seed: 1 };
    const r = scenarioFromHash("#n=%&n=50&seed=2", defaults, { diseases, presets: ["us", "uk"] });
    expect(r.scenario).toEqual({ ...defaults, seed: 2 });
    expect(r.ignored).toEqual([`n=%: ${NOT_DECODED}`, `n=50: ${GIVEN_TWICE}`]);
  });

  it("comparison: names with spaces and plus signs round-trip; a bad name is named", () => {
    const s = { ...DEFAULT_SCENARIO, overrides: {} };
    const text = encodeComparison([
      { name: "Base case + 10%", scenario: s },
      { name: "MS", scenario: { ...s, disease: "ms" } },
    ]);
    const back = decodeComparison(text, diseases);
    expect(back.problems).toEqual([]);
    expect(back.scenarios.map((x) => x.name)).toEqual(["Base case + 10%", "MS"]);
    expect(back.scenarios[1].scenario.disease).toBe("ms");
    const bad = decodeComparison(`n=%ZZ&${text}`, diseases);
    expect(bad.problems[0]).toBe(`n: ${NOT_DECODED} (got "%ZZ")`);
  });
});

// The Access link and `cartecon budget --capacity` read capacity with one reader since s37: the CLI
// read `unlimited` as both limits where the link lifted manufacturing only, and refused an empty part
// that the link reads as the default.
describe("readCapacity, the capacity text of the Access link and of cartecon budget", () => {
  it("unlimited alone lifts both limits; an empty part keeps its default; parts are checked and named", () => {
    expect(readCapacity(" Unlimited ")).toEqual({
      capacity: { manufacturingPerYear: Infinity, centrePerYear: Infinity },
      problems: [],
    });
    expect(decodeBudgetSettings("?capacity=unlimited").settings.capacity).toEqual({
      manufacturingPerYear: Infinity,
      centrePerYear: Infinity,
    });
    expect(readCapacity("1200,,0.2")).toEqual({
      capacity: { manufacturingPerYear: 1200, growthPerYear: 0.2 },
      problems: [],
    });
    expect(readCapacity("-5,x").problems).toEqual([
      {
        part: "manufacturingPerYear",
        message: "out of range (got -5); expected patients per year (or unlimited) in [0, 1000000000]",
      },
      {
        part: "centrePerYear",
        message: 'not a number (got "x"); expected patients per year (or unlimited) in [0, 1000000000]',
      },
    ]);
    expect(decodeBudgetSettings("?capacity=-5").problems).toEqual([
      "capacity=-5: manufacturingPerYear: out of range (got -5); expected patients per year (or unlimited) in [0, 1000000000]",
    ]);
  });
});
