// Entry point: the scenario kept in the browser's localStorage (issue 10, item 3). A stored scenario
// that is hostile, out of range, or cannot be evaluated never breaks a page: the page loads what
// can be used and names what was dropped. Runs src/components/state.js in Node with a stand-in
// for location, history and localStorage.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_SCENARIO, runScenario } from "../../src/cart/index.js";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";
// @ts-expect-error: a plain JavaScript page component without type declarations
import { loadScenario, saveScenario, STORAGE_KEY } from "../../src/components/state.js";

// These tests build and evaluate the CAR T model; on a loaded 2-core machine that takes seconds.
vi.setConfig({ testTimeout: 60_000 });

const diseases = ["sle", "ms", "mg", "aav", "graves", "t1d"];
const inputs = { evidence: loadEvidence(), lifeTable: loadLifeTable() };

class MemoryStorage {
  items = new Map<string, string>();
  getItem(k: string) {
    return this.items.has(k) ? this.items.get(k)! : null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, String(v));
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

let storage: MemoryStorage;
function visit(hash: string, stored: string | null) {
  storage = new MemoryStorage();
  if (stored !== null) storage.setItem(STORAGE_KEY, stored);
  vi.stubGlobal("localStorage", storage);
  vi.stubGlobal("location", { hash: hash ? `#${hash}` : "", pathname: "/explorer.html", search: "" });
  vi.stubGlobal("history", { replaceState: vi.fn() });
}

beforeEach(() => visit("", null));
afterEach(() => vi.unstubAllGlobals());

describe("loadScenario() from the browser's storage", () => {
  const hostile = [
    "preset=constructor",
    "preset=__proto__",
    "preset=toString",
    "preset=hasOwnProperty",
    "disease=__proto__",
    "p.__proto__=1",
    "p.constructor=1",
    "constructor=1",
  ];
  for (const stored of hostile) {
    const [restKey, restValue] = stored.startsWith("disease=") ? ["preset", "uk"] : ["disease", "ms"];
    it(`stored "${stored}" loads the defaults for it, names it, and keeps the rest (${restKey}=${restValue})`, () => {
      visit("", `${stored}&${restKey}=${restValue}`);
      const r = loadScenario(diseases, inputs);
      expect(r.from).toBe("storage");
      expect(r.scenario).toEqual({ ...DEFAULT_SCENARIO, [restKey]: restValue, overrides: {} });
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toContain(
        stored.split("=")[1] === "1" ? stored.split("=")[0].replace(/^p\./, "") : stored.split("=")[1],
      );
      expect(() => runScenario(inputs.evidence, inputs.lifeTable, r.scenario)).not.toThrow();
    });
  }

  it("a stored out-of-range value (p_male = 1.7, saved by an older version) is dropped with parameter, value and range; the valid one stays", () => {
    visit("", "p.p_male=1.7&p.c_price=250000");
    const r = loadScenario(diseases, inputs);
    expect(r.scenario.overrides).toEqual({ c_price: 250000 });
    expect(r.problems).toEqual(["p.p_male: p_male is out of range (got 1.7); expected a number in [0, 1]"]);
    expect(r.total).toBe(1);
  });

  it("a stored scenario that passes every check but cannot be evaluated (start age 110, horizon 100) drops the cause, named", () => {
    visit("", "p.age_start=110&p.p_response=0.5");
    const r = loadScenario(diseases, inputs);
    expect(r.scenario.overrides).toEqual({ p_response: 0.5 });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(
      /^p\.age_start=110: dropped, the scenario cannot be evaluated with it \(.*horizon ends before the start age/,
    );
  });

  it("stored text that is not a fragment at all (JSON, binary, 1 MB) gives defaults and a bounded problem list", () => {
    for (const stored of ['{"preset":"uk"}', "\u0000\u0001%ZZ&&==", "x".repeat(1 << 20)]) {
      visit("", stored);
      const r = loadScenario(diseases, inputs);
      expect(r.scenario).toEqual({ ...DEFAULT_SCENARIO, overrides: {} });
      expect(r.problems.length).toBeGreaterThan(0);
      expect(r.problems.length).toBeLessThanOrEqual(100);
      for (const p of r.problems) expect(p.length).toBeLessThan(400);
    }
  });

  it("storage that throws on read (blocked, private mode) gives the defaults and no problem", () => {
    vi.stubGlobal("localStorage", {
      getItem() {
        throw new DOMException("blocked", "SecurityError");
      },
    });
    const r = loadScenario(diseases, inputs);
    expect(r).toEqual({
      scenario: { ...DEFAULT_SCENARIO, overrides: {} },
      problems: [],
      total: 0,
      from: "defaults",
      otherData: null,
    });
  });

  it("a link takes precedence over storage; storage is not read then", () => {
    visit("preset=uk", "preset=constructor");
    const r = loadScenario(diseases, inputs);
    expect(r.from).toBe("link");
    expect(r.scenario.preset).toBe("uk");
    expect(r.problems).toEqual([]);
  });

  it("saveScenario writes what loadScenario reads back unchanged, and a full storage does not throw", () => {
    const s = { ...DEFAULT_SCENARIO, disease: "graves", overrides: { c_price__allogeneic: 90000 }, wtp: 120000 };
    saveScenario(s);
    visit("", storage.getItem(STORAGE_KEY));
    expect(loadScenario(diseases, inputs)).toEqual({
      scenario: s,
      problems: [],
      total: 0,
      from: "storage",
      otherData: null,
    });
    vi.stubGlobal("localStorage", {
      setItem() {
        throw new DOMException("full", "QuotaExceededError");
      },
    });
    expect(() => saveScenario(s)).not.toThrow();
  });
});
