// Entry point: the structural durability scenario in a shared link and in the browser's storage
// (issue [7], item 4): `durability=<id>` and `cureFraction=<share>` load like every other setting,
// each checked in src/cart/check.ts; a bad value is dropped and named, the rest of the link loads.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DEFAULT_SCENARIO,
  checkCureFraction,
  checkDurability,
  decodeScenario,
  durabilityScenario,
  encodeScenario,
  evaluableScenario,
  runScenario,
} from "../../src/cart/index.js";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";
import { ModelError } from "../../src/model/errors.js";
// @ts-expect-error: a plain JavaScript page component without type declarations
import { loadScenario, STORAGE_KEY } from "../../src/components/state.js";

// These tests build and evaluate the CAR T model; on a loaded 2-core machine that takes seconds.
vi.setConfig({ testTimeout: 60_000 });

const diseases = ["sle", "ms", "mg", "aav", "graves", "t1d"];
const evidence = loadEvidence();
const lifeTable = loadLifeTable();
const IDS = "weibull, cure, limited-5, limited-10";

describe("checkDurability(id) and checkCureFraction(value)", () => {
  it("accepts the four scenario ids and refuses names inherited from JavaScript objects", () => {
    for (const id of IDS.split(", ")) expect(checkDurability(id)).toEqual({ ok: true, value: id });
    for (const id of ["constructor", "__proto__", "toString", "Weibull", ""]) {
      const c = checkDurability(id);
      expect(c.ok).toBe(false);
      if (!c.ok)
        expect(c.message).toBe(`durability: unknown durability scenario (got "${id}"); expected one of ${IDS}`);
    }
  });
  it("a cure fraction is a share in [0, 1]: the edges pass, 1.5 and a decimal comma do not", () => {
    expect(checkCureFraction("0")).toEqual({ ok: true, value: 0 });
    expect(checkCureFraction(1)).toEqual({ ok: true, value: 1 });
    const out = checkCureFraction("1.5");
    expect(out.ok ? "" : out.message).toBe(
      "cureFraction: out of range (got 1.5); expected a share of responders in [0, 1]",
    );
    const comma = checkCureFraction("0,5");
    expect(comma.ok ? "" : comma.message).toMatch(
      /^cureFraction: decimal comma .*\(got "0,5"\); expected a share of responders in \[0, 1\]$/,
    );
  });
  it("the CLI's durabilityScenario(id) refuses an inherited name with a ModelError, not a TypeError", () => {
    expect(() => durabilityScenario("constructor")).toThrow(ModelError);
  });
});

describe("decodeScenario / encodeScenario with a durability scenario", () => {
  it("the default (weibull, no cure fraction) is not written into the link; the disease always is", () => {
    // An empty link read as "no link": the reader's stored scenario replaced the default (s36 review).
    expect(encodeScenario({ ...DEFAULT_SCENARIO, overrides: {} })).toBe("disease=sle");
  });
  it("durability=cure&cureFraction=0.3 round-trips", () => {
    const s = { ...DEFAULT_SCENARIO, overrides: {}, durability: "cure", cureFraction: 0.3 };
    expect(encodeScenario(s)).toBe("disease=sle&durability=cure&cureFraction=0.3");
    const d = decodeScenario("durability=cure&cureFraction=0.3", diseases);
    expect(d.problems).toEqual([]);
    expect(d.scenario).toEqual(s);
  });
  it("an unknown scenario and an out-of-range fraction are dropped and named; the rest loads", () => {
    const d = decodeScenario("durability=__proto__&cureFraction=2&disease=ms", diseases);
    expect(d.scenario).toEqual({ ...DEFAULT_SCENARIO, overrides: {}, disease: "ms" });
    expect(d.problems).toEqual([
      `durability: unknown durability scenario (got "__proto__"); expected one of ${IDS}`,
      "cureFraction: out of range (got 2); expected a share of responders in [0, 1]",
    ]);
  });
});

describe("runScenario uses the scenario's durability", () => {
  it("limited-5 builds the time-limited model (benefit ends 5 years after infusion)", () => {
    const a = runScenario(evidence, lifeTable, { ...DEFAULT_SCENARIO, overrides: {}, durability: "limited-5" });
    expect(a.structuralScenario.durability).toEqual({ kind: "limited", years: 5 });
  });
  it("cure with a fraction of 0.3 builds the mixture-cure model with that fraction (state Cured)", () => {
    const a = runScenario(evidence, lifeTable, {
      ...DEFAULT_SCENARIO,
      overrides: {},
      durability: "cure",
      cureFraction: 0.3,
    });
    expect(a.structuralScenario.durability).toEqual({ kind: "cure", cureFraction: 0.3 });
    expect(a.result.states).toContain("Cured");
  });
  it("an evaluable scenario keeps its durability through evaluableScenario", () => {
    const s = { ...DEFAULT_SCENARIO, overrides: {}, durability: "limited-10" };
    expect(evaluableScenario(evidence, lifeTable, s)).toEqual({ scenario: s, problems: [] });
  });
});

describe("loadScenario() keeps the durability scenario from storage", () => {
  afterEach(() => vi.unstubAllGlobals());
  it("stored durability=limited-10 loads; the explorer's select starts from it", () => {
    const items = new Map([[STORAGE_KEY, "durability=limited-10&disease=ms"]]);
    vi.stubGlobal("localStorage", { getItem: (k: string) => items.get(k) ?? null, setItem: () => {} });
    vi.stubGlobal("location", { hash: "", pathname: "/explorer.html", search: "" });
    const r = loadScenario(diseases, { evidence, lifeTable });
    expect(r.from).toBe("storage");
    expect(r.problems).toEqual([]);
    expect(r.scenario).toEqual({ ...DEFAULT_SCENARIO, overrides: {}, disease: "ms", durability: "limited-10" });
  });
});
