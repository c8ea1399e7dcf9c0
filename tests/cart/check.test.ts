/**
 * The one range check of the CAR T parameters (src/cart/check.ts), called directly: every outcome of
 * checkParameterValue, the "did you mean" suggestions, assertOverrides' places, and the durability
 * settings of a link. Expected ranges and texts are those of the dictionary's documented ranges
 * (docs/parameters: probabilities [0, 1], costs [0, 1e9], a Weibull shape [0, 10]); suggestions were
 * worked out by hand with Levenshtein's distance (named in each case).
 */
import { describe, expect, it } from "vitest";
import {
  assertOverrides,
  checkCureFraction,
  checkDurability,
  checkInRange,
  checkParameterValue,
  checkSetting,
  CURE_FRACTION_RANGE,
  nearestParameters,
  requireParameterValue,
  type ParameterCheck,
} from "../../src/cart/index.js";
import { ModelError } from "../../src/model/errors.js";

const PROB = { min: 0, max: 1, text: "a number in [0, 1]" };
const COST = { min: 0, max: 1e9, text: "a cost in [0, 1,000,000,000]" };
/** The failed check (the test fails if the value was accepted). */
function refused(c: ParameterCheck) {
  if (c.ok) throw new Error(`${c.parameter} = ${c.value} was accepted`);
  return c;
}
const UNKNOWN = "a parameter of src/cart/dictionary.ts (platform parameters: id, id__allogeneic, id__invivo)";

describe("nearestParameters(name)", () => {
  it("suggests names within edit distance 2, nearest first, then alphabetically, at most three", () => {
    expect(nearestParameters("p_respons")).toEqual(["p_response"]); // one deletion
    expect(nearestParameters("p_respon")).toEqual(["p_response"]); // two deletions: length differs by 2
    expect(nearestParameters("c_prise")).toEqual(["c_price"]); // one substitution
    expect(nearestParameters("u_actvie")).toEqual(["u_active"]); // a swap is two substitutions
    // p_icans at 1; c_icans, d_icans, p_icu, u_icans at 2 (one substitution + one insertion): the first two by name
    expect(nearestParameters("p_ican")).toEqual(["p_icans", "c_icans", "d_icans"]);
    expect(nearestParameters("r_relaps")).toEqual(["r_relapse", "k_relapse"]);
  });
  it("ignores case, and finds nothing for a name three edits or more away", () => {
    expect(nearestParameters("P_RESPONSE")).toEqual(["p_response"]);
    expect(nearestParameters("p_resp")).toEqual([]); // four deletions
    expect(nearestParameters("x")).toEqual([]);
    expect(nearestParameters("p_response" + "x".repeat(60))).toEqual([]);
  });
});

describe("checkParameterValue(parameter, value, options)", () => {
  it("accepts a number or strictly written text inside the range, bounds included", () => {
    expect(checkParameterValue("p_response", 0.5)).toEqual({
      ok: true,
      parameter: "p_response",
      value: 0.5,
      range: PROB,
    });
    expect(checkParameterValue("p_response", " 0.25 ")).toEqual({
      ok: true,
      parameter: "p_response",
      value: 0.25,
      range: PROB,
    });
    expect(checkParameterValue("p_response", 0)).toMatchObject({ ok: true, value: 0 });
    expect(checkParameterValue("p_response", 1)).toMatchObject({ ok: true, value: 1 });
    expect(checkParameterValue("c_price__invivo", "1e9")).toMatchObject({ ok: true, value: 1e9, range: COST });
    expect(checkParameterValue("k_relapse", 10)).toMatchObject({
      ok: true,
      range: { min: 0, max: 10, text: "a Weibull shape in [0, 10]" },
    });
  });
  it("refuses a value just outside the range, naming the parameter, the value read and the range", () => {
    for (const v of [-0.001, 1.001, "1.5"]) {
      const x = Number(v);
      expect(checkParameterValue("p_response", v)).toEqual({
        ok: false,
        parameter: "p_response",
        value: v,
        range: PROB,
        problem: { where: "p_response", message: "p_response is out of range", value: x, expected: PROB.text },
        message: `p_response: p_response is out of range (got ${x}); expected a number in [0, 1]`,
      });
    }
  });
  it("refuses infinite or NaN numbers, text that is not a decimal, and values of other types", () => {
    expect(checkParameterValue("c_price", Infinity, { where: "upload.csv row 4 column value" })).toMatchObject({
      ok: false,
      message: "upload.csv row 4 column value: c_price is not a finite number (got Infinity); expected " + COST.text,
    });
    expect(checkParameterValue("c_price", NaN)).toMatchObject({
      ok: false,
      range: COST,
      message: "c_price: c_price is not a finite number (got NaN); expected " + COST.text,
    });
    expect(checkParameterValue("c_price", "1,5")).toMatchObject({
      ok: false,
      range: COST,
      problem: { where: "c_price", value: "1,5", expected: COST.text },
    });
    expect(refused(checkParameterValue("c_price", "1,5")).problem.message).toMatch(/^c_price: decimal comma/);
    expect(refused(checkParameterValue("c_price", "")).message).toBe(
      `c_price: c_price: blank cell (got ""); expected ${COST.text}`,
    );
    for (const v of [null, true, [1], { value: 1 }])
      expect(checkParameterValue("c_price", v)).toEqual({
        ok: false,
        parameter: "c_price",
        value: v,
        range: COST,
        problem: { where: "c_price", message: "c_price is not a number", value: v, expected: COST.text },
        message: expect.stringMatching(/^c_price: c_price is not a number \(got .*\); expected a cost in/),
      });
  });
  it("a negative utility is in range only where the source reports one", () => {
    expect(checkParameterValue("u_remission", -0.5)).toMatchObject({ ok: false });
    expect(checkParameterValue("u_remission", -0.5, { negativeUtility: true })).toMatchObject({
      ok: true,
      value: -0.5,
      range: { min: -1, max: 1 },
    });
  });
  it("an unknown parameter is named with near names, unless suggestions are off", () => {
    expect(checkParameterValue("p_respons", 0.5)).toEqual({
      ok: false,
      parameter: "p_respons",
      value: 0.5,
      range: undefined,
      problem: {
        where: "p_respons",
        message: 'unknown parameter "p_respons"; did you mean p_response?',
        value: 0.5,
        expected: UNKNOWN,
      },
      message: `p_respons: unknown parameter "p_respons"; did you mean p_response? (got 0.5); expected ${UNKNOWN}`,
    });
    expect(refused(checkParameterValue("r_relaps", 1)).problem.message).toBe(
      'unknown parameter "r_relaps"; did you mean r_relapse or k_relapse?',
    );
    expect(refused(checkParameterValue("p_respons", 0.5, { suggest: false })).problem.message).toBe(
      'unknown parameter "p_respons"',
    );
    expect(refused(checkParameterValue("zzz", 0.5)).problem.message).toBe('unknown parameter "zzz"');
    expect(checkParameterValue("constructor", 1)).toMatchObject({ ok: false, range: undefined });
  });
});

describe("assertOverrides(overrides, context) and requireParameterValue", () => {
  it("returns the numbers read, text included", () => {
    expect({ ...assertOverrides({ p_response: "0.4", c_price: 1000 }) }).toEqual({ p_response: 0.4, c_price: 1000 });
  });
  it("lists every refused value in one error, each placed as context.name, or 'context name' for a CLI option", () => {
    let e: unknown;
    try {
      assertOverrides({ p_response: 2, c_price: 1, x_nope: 1 });
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(ModelError);
    const m = e as ModelError;
    expect(m.total).toBe(2);
    expect(m.problems.map((p) => p.where)).toEqual(["overrides.p_response", "overrides.x_nope"]);
    expect(m.message.startsWith("invalid overrides: 2 problems\n")).toBe(true);
    expect(() => assertOverrides({ p_response: -1 }, "--set")).toThrow(
      "invalid --set: --set p_response: p_response is out of range (got -1); expected a number in [0, 1]",
    );
    expect(() => assertOverrides({ p_response: -1 }, "scenario.overrides")).toThrow(
      "invalid scenario.overrides: scenario.overrides.p_response: p_response is out of range",
    );
  });
  it("requireParameterValue returns the number or throws the check's problem", () => {
    expect(requireParameterValue("p_response", "0.3")).toBe(0.3);
    expect(() => requireParameterValue("p_response", 3, { where: "p.p_response in the link" })).toThrow(
      "p.p_response in the link: p_response is out of range (got 3); expected a number in [0, 1]",
    );
    expect(requireParameterValue("u_remission", -0.2, { negativeUtility: true })).toBe(-0.2);
  });
});

describe("checkDurability(id) and checkCureFraction(value)", () => {
  it("checkDurability accepts the scenario ids and names the known ones for anything else", () => {
    expect(checkDurability("limited-10")).toEqual({ ok: true, value: "limited-10" });
    expect(checkDurability("__proto__")).toEqual({
      ok: false,
      problem: {
        where: "durability",
        message: "unknown durability scenario",
        value: "__proto__",
        expected: "one of weibull, cure, limited-5, limited-10",
      },
      message:
        'durability: unknown durability scenario (got "__proto__"); expected one of weibull, cure, limited-5, limited-10',
    });
  });
  it("checkCureFraction reads a number or decimal text in [0, 1], bounds included", () => {
    expect(CURE_FRACTION_RANGE).toEqual({ min: 0, max: 1, text: "a share of responders in [0, 1]" });
    expect(checkCureFraction(0)).toEqual({ ok: true, value: 0 });
    expect(checkCureFraction(1)).toEqual({ ok: true, value: 1 });
    expect(checkCureFraction("0.35")).toEqual({ ok: true, value: 0.35 });
  });
  it("checkCureFraction refuses values outside [0, 1], non-finite numbers, bad text and other types", () => {
    const text = "a share of responders in [0, 1]";
    expect(checkCureFraction("1.01")).toEqual({
      ok: false,
      problem: { where: "cureFraction", message: "out of range", value: 1.01, expected: text },
      message: `cureFraction: out of range (got 1.01); expected ${text}`,
    });
    expect(checkCureFraction(-0.01)).toMatchObject({ ok: false, problem: { message: "out of range", value: -0.01 } });
    expect(checkCureFraction(Infinity)).toEqual({
      ok: false,
      problem: { where: "cureFraction", message: "not a finite number", value: Infinity, expected: text },
      message: `cureFraction: not a finite number (got Infinity); expected ${text}`,
    });
    expect(checkCureFraction(NaN)).toMatchObject({ ok: false, problem: { message: "not a finite number" } });
    expect(checkCureFraction(null)).toMatchObject({ ok: false, problem: { message: "not a finite number" } });
    expect(checkCureFraction("0,5")).toMatchObject({
      ok: false,
      problem: {
        where: "cureFraction",
        value: "0,5",
        expected: text,
        message: expect.stringMatching(/^decimal comma/),
      },
    });
    expect(checkCureFraction("half")).toMatchObject({ ok: false, problem: { message: "not a number" } });
  });
});

describe("checkInRange(where, value, range): the check behind checkSetting and checkCureFraction", () => {
  const range = { min: 1, max: 120, text: "an age in [1, 120] years" };
  it("takes a number or decimal text within the bounds, bounds included", () => {
    expect(checkInRange("horizonAge", 1, range)).toEqual({ ok: true, value: 1 });
    expect(checkInRange("horizonAge", "120", range)).toEqual({ ok: true, value: 120 });
  });
  it("names the place, the value and the range of a refused value", () => {
    expect(checkInRange("horizonAge", 0.5, range)).toEqual({
      ok: false,
      problem: { where: "horizonAge", message: "out of range", value: 0.5, expected: range.text },
      message: "horizonAge: out of range (got 0.5); expected an age in [1, 120] years",
    });
    expect(checkInRange("horizonAge", "", range)).toMatchObject({
      ok: false,
      problem: { where: "horizonAge", value: "", expected: range.text },
    });
  });
  it("checkSetting refuses a horizon age past its documented range [1, 120] years in the same words", () => {
    expect(checkSetting("horizonAge", "121")).toEqual({
      ok: false,
      problem: { where: "horizonAge", message: "out of range", value: 121, expected: range.text },
      message: "horizonAge: out of range (got 121); expected an age in [1, 120] years",
    });
  });
});
