// Entry point: the link fragment (issue 10, items 1 and 3). Every hostile or out-of-range value in a
// shared link is dropped with a message naming the key, the value and what was expected; the rest
// of the link loads; a link whose values pass one by one but cannot be evaluated together is reduced
// to one that can, naming what was dropped.
import { describe, expect, it, vi } from "vitest";
import {
  DEFAULT_SCENARIO,
  decodeScenario,
  encodeScenario,
  evaluableScenario,
  runScenario,
  scenarioProblem,
} from "../../src/cart/index.js";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";

// These tests build and evaluate the CAR T model; on a loaded 2-core machine that takes seconds.
vi.setConfig({ testTimeout: 60_000 });

const diseases = ["sle", "ms", "mg", "aav", "graves", "t1d"];
const evidence = loadEvidence();
const lifeTable = loadLifeTable();
const INHERITED = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"];

describe("decodeScenario(fragment) with names inherited from JavaScript objects", () => {
  for (const name of INHERITED) {
    it(`preset=${name} is an unknown preset, the rest of the link loads`, () => {
      const d = decodeScenario(`#preset=${name}&disease=ms`, diseases);
      expect(d.scenario.preset).toBe("us");
      expect(d.scenario.disease).toBe("ms");
      expect(d.problems).toEqual([`preset: unknown preset (got "${name}"); expected one of us, uk`]);
      expect(d.total).toBe(1);
    });
    it(`disease=${name} and platform=${name} are unknown`, () => {
      const d = decodeScenario(`disease=${name}&platform=${name}`, diseases);
      expect(d.scenario.disease).toBe("sle");
      expect(d.scenario.platform).toBe("autologous");
      expect(d.problems).toEqual([
        `disease: unknown disease (got "${name}"); expected one of sle, ms, mg, aav, graves, t1d`,
        `platform: unknown platform (got "${name}"); expected one of autologous, allogeneic, invivo`,
      ]);
    });
    it(`p.${name}=1 is an unknown parameter and sets nothing on the overrides object`, () => {
      const d = decodeScenario(`p.${name}=1`, diseases);
      expect(Object.keys(d.scenario.overrides)).toEqual([]);
      expect(Object.getPrototypeOf(d.scenario.overrides)).toBe(Object.prototype);
      expect(d.problems).toHaveLength(1);
      expect(d.problems[0]).toMatch(new RegExp(`^p\\.${name.replace(/\$/g, "\\$")}: unknown parameter "${name}"`));
    });
    it(`${name}=1 is not a scenario setting`, () => {
      const d = decodeScenario(`${name}=1`, diseases);
      expect(d.problems).toEqual([
        `${name}: not a scenario setting; expected disease, preset, platform, wtp, discountCosts, discountOutcomes, horizonAge, durability, cureFraction, p.<parameter> or data`,
      ]);
      expect(d.scenario).toEqual(DEFAULT_SCENARIO);
    });
  }
});

describe("decodeScenario(fragment) refuses values outside the parameter's range, naming parameter, value and range", () => {
  // Ranges from src/cart/dictionary.ts's documentation: proportions and probabilities in [0, 1],
  // rates in [0, 100] per year, Weibull shape in [0, 10], wtp in [0, 10 million].
  const cases: Array<[string, string]> = [
    ["p.p_male=2", "p.p_male: p_male is out of range (got 2); expected a number in [0, 1]"],
    ["p.p_response=5", "p.p_response: p_response is out of range (got 5); expected a number in [0, 1]"],
    [
      "p.p_response__invivo=-0.1",
      "p.p_response__invivo: p_response__invivo is out of range (got -0.1); expected a number in [0, 1]",
    ],
    ["p.r_relapse=1000", "p.r_relapse: r_relapse is out of range (got 1000); expected a rate in [0, 100] per year"],
    ["p.k_relapse=50", "p.k_relapse: k_relapse is out of range (got 50); expected a Weibull shape in [0, 10]"],
    [
      "p.p_male=0x10",
      'p.p_male: p_male: not a decimal number (hexadecimal, binary and octal are not read) (got "0x10"); expected a number in [0, 1]',
    ],
    ["p.p_male=", 'p.p_male: p_male: blank cell (got ""); expected a number in [0, 1]'],
    [
      "p.p_male=0,5",
      `p.p_male: p_male: decimal comma (use a point: export the file as a comma-separated CSV with '.' decimals) (got "0,5"); expected a number in [0, 1]`,
    ],
    [
      "p.c_price=Infinity",
      'p.c_price: c_price: not a finite number (got "Infinity"); expected a cost in [0, 1,000,000,000]',
    ],
    ["wtp=1e9", "wtp: out of range (got 1000000000); expected an amount per QALY in [0, 10,000,000]"],
    ["discountCosts=0.5", "discountCosts: out of range (got 0.5); expected an annual rate in [0, 0.2]"],
    ["horizonAge=abc", 'horizonAge: not a number (got "abc"); expected an age in [1, 120] years'],
  ];
  for (const [fragment, message] of cases) {
    it(`${fragment} → "${message.slice(0, 50)}…", defaults kept`, () => {
      const d = decodeScenario(`${fragment}&disease=mg`, diseases);
      expect(d.problems).toEqual([message]);
      expect(d.scenario).toEqual({ ...DEFAULT_SCENARIO, disease: "mg", overrides: {} });
    });
  }

  it("a value at the edge of its range is accepted (p_male = 1, wtp = 10 million)", () => {
    const d = decodeScenario("p.p_male=1&wtp=1e7&p.p_response__allogeneic=0", diseases);
    expect(d.problems).toEqual([]);
    expect(d.scenario.overrides).toEqual({ p_male: 1, p_response__allogeneic: 0 });
    expect(d.scenario.wtp).toBe(1e7);
  });

  it("a key given twice keeps the first value and says so", () => {
    const d = decodeScenario("p.p_male=0.3&p.p_male=0.6", diseases);
    expect(d.scenario.overrides).toEqual({ p_male: 0.3 });
    expect(d.problems).toEqual([
      'p.p_male: given twice; only the first is read, or the default if that is refused (got "0.6")',
    ]);
  });

  it("a link with 5,000 bad keys lists the first 100 problems and counts all 5,000", () => {
    const fragment = Array.from({ length: 5000 }, (_, i) => `p.x${i}=1`).join("&");
    const d = decodeScenario(fragment, diseases);
    expect(d.problems).toHaveLength(100);
    expect(d.total).toBe(5000);
  });

  it("an encoded scenario decodes to itself (round trip)", () => {
    const s = {
      ...DEFAULT_SCENARIO,
      disease: "t1d",
      preset: "uk",
      platform: "invivo" as const,
      overrides: { c_price__invivo: 123456.5, p_male: 0.25 },
      wtp: 30000,
    };
    const d = decodeScenario(encodeScenario(s), diseases);
    expect(d.problems).toEqual([]);
    expect(d.scenario).toEqual(s);
  });
});

describe("evaluableScenario(scenario): values that pass one by one but cannot be evaluated together", () => {
  it("a start age above the horizon's end is dropped with the model's reason; the other values load", () => {
    const d = decodeScenario("p.age_start=110&horizonAge=100&p.c_price=250000", diseases);
    expect(d.problems).toEqual([]); // 110 is a valid age; the horizon makes it unevaluable
    expect(scenarioProblem(evidence, lifeTable, d.scenario)).toMatch(/horizon ends before the start age/);
    const r = evaluableScenario(evidence, lifeTable, d.scenario);
    expect(r.scenario.overrides).toEqual({ c_price: 250000 });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(
      /^p\.age_start=110: dropped, the scenario cannot be evaluated with it \(.*horizon ends before the start age/,
    );
    // and the result runs
    expect(() => runScenario(evidence, lifeTable, r.scenario)).not.toThrow();
  });

  it("a scenario that evaluates is returned unchanged, with no problems", () => {
    const s = { ...DEFAULT_SCENARIO, overrides: { c_price: 300000 } };
    expect(evaluableScenario(evidence, lifeTable, s)).toEqual({ scenario: s, problems: [] });
  });
});

describe("evaluableScenario(scenario) stays bounded for long links", () => {
  it("with every parameter overridden and two culprits, drops exactly the culprits (start age above the horizon's end, and the horizon)", () => {
    // Every parameter at its default value (valid), except age_start = 110; and a horizon ending at
    // 30, before SLE's start age of 35 (data/cart/parameters-sle.csv).
    const base = runScenario(evidence, lifeTable, { ...DEFAULT_SCENARIO, overrides: {} }).model.provenance;
    const overrides = Object.fromEntries(base.map((p) => [p.parameter, p.value]));
    overrides.age_start = 110;
    const r = evaluableScenario(evidence, lifeTable, { ...DEFAULT_SCENARIO, horizonAge: 30, overrides });
    expect(r.problems.map((p) => p.split(":")[0])).toEqual(["horizonAge=30", "p.age_start=110"]);
    const { age_start: _dropped, ...kept } = overrides;
    expect(r.scenario.overrides).toEqual(kept);
    expect(r.scenario.horizonAge).toBe(100);
  });
});
