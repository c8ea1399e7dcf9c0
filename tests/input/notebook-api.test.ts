// Entry point: the notebook API (what src/cart/index.ts exports for pages; docs/notebook.md). The
// same range check as the editor, links, storage, uploads and the CLI: an out-of-range or unknown
// override throws one ModelError naming every parameter, value and range; names inherited from
// JavaScript objects are unknown names, never a TypeError.
import { describe, expect, it, vi } from "vitest";
import {
  DEFAULT_SCENARIO,
  PRESETS,
  assertOverrides,
  buildCartModel,
  checkParameterValue,
  defaultValues,
  presetById,
  runCart,
  runScenario,
} from "../../src/cart/index.js";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";
import { ModelError } from "../../src/model/errors.js";

// These tests build and evaluate the CAR T model; on a loaded 2-core machine that takes seconds.
vi.setConfig({ testTimeout: 60_000 });

const evidence = loadEvidence();
const lifeTable = loadLifeTable();

/** The ModelError `f` throws (fails if it throws anything else or nothing). */
function modelError(f: () => unknown): ModelError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return e as ModelError;
  }
  throw new Error("expected a ModelError, nothing was thrown");
}

describe("checkParameterValue(parameter, value)", () => {
  it("accepts a number or decimal text in range and returns the number with its range", () => {
    expect(checkParameterValue("p_male", 0.4)).toEqual({
      ok: true,
      parameter: "p_male",
      value: 0.4,
      range: { min: 0, max: 1, text: "a number in [0, 1]" },
    });
    expect(checkParameterValue("c_price__invivo", " 1.5e5 ")).toMatchObject({ ok: true, value: 150000 });
  });

  it("refuses out-of-range values with the parameter, the value and the range in the message", () => {
    const c = checkParameterValue("p_male", 2);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.message).toBe("p_male: p_male is out of range (got 2); expected a number in [0, 1]");
    // Before, this and the test of a near name below asserted only inside `if (!c.ok)`: a value wrongly
    // accepted passed them. The message is the documented form (docs/notebook.md): where, parameter, value, range.
    const where = checkParameterValue("r_relapse__allogeneic", -1, { where: "my.csv row 3 column value" });
    expect(where).toMatchObject({
      ok: false,
      message:
        "my.csv row 3 column value: r_relapse__allogeneic is out of range (got -1); expected a rate in [0, 100] per year",
    });
  });

  it("refuses NaN, Infinity, non-numbers and text that is not a plain decimal", () => {
    for (const v of [NaN, Infinity, -Infinity, null, undefined, {}, [], true, "", "0x10", "1,5", "1e400"]) {
      expect(checkParameterValue("p_male", v).ok, String(v)).toBe(false);
    }
  });

  it("utilities go below 0 only where the source reports it", () => {
    expect(checkParameterValue("u_active", -0.2).ok).toBe(false);
    expect(checkParameterValue("u_active", -0.2, { negativeUtility: true }).ok).toBe(true);
    expect(checkParameterValue("u_active", -1.2, { negativeUtility: true }).ok).toBe(false);
  });

  for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
    it(`${name} is an unknown parameter`, () => {
      const c = checkParameterValue(name, 1);
      expect(c.ok).toBe(false);
      if (!c.ok) expect(c.problem.message).toBe(`unknown parameter "${name}"`);
    });
  }

  it("an unknown name near a known one suggests it", () => {
    const c = checkParameterValue("c_pric", 1);
    expect(c).toMatchObject({ ok: false, problem: { message: 'unknown parameter "c_pric"; did you mean c_price?' } });
  });
});

describe("runCart(evidence, disease, preset, lifeTable, {overrides}) refuses what the editor refuses", () => {
  it("throws one ModelError listing every refused override at once", () => {
    const e = modelError(() =>
      runCart(evidence, "sle", PRESETS.us, lifeTable, { overrides: { p_male: 1.7, c_price: -5, k_relapse: 50 } }),
    );
    expect(e.message).toBe(
      "invalid overrides: 3 problems\n" +
        "  - overrides.p_male: p_male is out of range (got 1.7); expected a number in [0, 1]\n" +
        "  - overrides.k_relapse: k_relapse is out of range (got 50); expected a Weibull shape in [0, 10]\n" +
        "  - overrides.c_price: c_price is out of range (got -5); expected a cost in [0, 1,000,000,000]",
    );
    expect(e.total).toBe(3);
  });

  for (const json of ['{"__proto__": 1}', '{"constructor": 1}', '{"toString": 1}', '{"hasOwnProperty": 1}']) {
    it(`overrides ${json} (as JSON.parse makes them) are an unknown parameter, not ignored`, () => {
      const overrides = JSON.parse(json);
      const name = Object.keys(overrides)[0];
      const e = modelError(() => runCart(evidence, "sle", PRESETS.us, lifeTable, { overrides }));
      expect(e.message).toMatch(new RegExp(`^invalid overrides: overrides\\.${name}: unknown parameter`));
    });
  }

  it("an override given as decimal text is read strictly (a notebook reading a form field)", () => {
    const a = runCart(evidence, "sle", PRESETS.us, lifeTable, {
      overrides: { c_price: "250000" as unknown as number },
    });
    const b = runCart(evidence, "sle", PRESETS.us, lifeTable, { overrides: { c_price: 250000 } });
    expect(a.versusSoc[0].incrementalCost).toBeCloseTo(b.versusSoc[0].incrementalCost, 9);
    modelError(() =>
      runCart(evidence, "sle", PRESETS.us, lifeTable, { overrides: { c_price: "0x10" as unknown as number } }),
    );
  });

  it("buildCartModel refuses the same overrides as runCart", () => {
    const e = modelError(() =>
      buildCartModel(evidence, "sle", PRESETS.us, lifeTable, { overrides: { p_response__invivo: 5 } }),
    );
    expect(e.message).toBe(
      "invalid overrides: overrides.p_response__invivo: p_response__invivo is out of range (got 5); expected a number in [0, 1]",
    );
  });

  it("assertOverrides returns the checked numbers in a null-prototype object", () => {
    const out = assertOverrides({ p_male: "0.3", c_price: 1 });
    expect({ ...out }).toEqual({ p_male: 0.3, c_price: 1 });
    expect(Object.getPrototypeOf(out)).toBeNull();
  });
});

describe("presets and diseases by name", () => {
  for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
    it(`presetById("${name}") is undefined; runScenario and defaultValues throw a ModelError naming it`, () => {
      expect(presetById(name)).toBeUndefined();
      expect(modelError(() => runScenario(evidence, lifeTable, { ...DEFAULT_SCENARIO, preset: name })).message).toBe(
        `preset: unknown preset "${name}" (got "${name}"); expected us, uk`,
      );
      expect(modelError(() => defaultValues(evidence, lifeTable, "sle", name)).message).toContain(
        `unknown preset "${name}"`,
      );
      expect(modelError(() => runCart(evidence, name, PRESETS.us, lifeTable)).message).toContain(
        `unknown disease "${name}"`,
      );
    });
  }
});
