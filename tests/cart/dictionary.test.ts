/**
 * The functions of the parameter dictionary (src/cart/dictionary.ts), called directly: the range of
 * each unit kind, the narrower ranges, negative utilities, the scenario names a parameter goes by and
 * which diseases' models have a parameter. Expected ranges are the documented ones (docs/notebook.md,
 * "Ranges and errors": probabilities and proportions [0, 1], utilities [0, 1] or [-1, 1] where the
 * source reports a negative value, rates [0, 100] per year, costs [0, 1e9], days [0, 3650], months
 * [0, 1440], ratios [0, 1000], the Weibull shape k_relapse [0, 10], ages [0, 120] years; counts
 * [0, 1e6] and at most 5 courses as the dictionary's comment gives them), the names those of
 * docs/cli.md (`id` for autologous, `id__allogeneic`, `id__invivo`) and data/cart/comparators.csv
 * (comparator strategies such as `ahsct`, `alemtuzumab`).
 */
import { describe, expect, it } from "vitest";
import {
  definedFor,
  overridableEntry,
  PARAMETER_INDEX,
  parameterLabel,
  parameterRange,
  rangeOf,
  type ParameterDefinition,
  unitLabel,
} from "../../src/cart/index.js";

const def = (id: string): ParameterDefinition => {
  const d = PARAMETER_INDEX.get(id);
  if (!d) throw new Error(`no parameter ${id} in the dictionary`);
  return d;
};

describe("rangeOf(kind)", () => {
  it("gives each unit kind its documented range, with the bound written with thousands separators and the unit", () => {
    expect(rangeOf("probability")).toEqual({ min: 0, max: 1, text: "a number in [0, 1]" });
    expect(rangeOf("proportion")).toEqual({ min: 0, max: 1, text: "a number in [0, 1]" });
    expect(rangeOf("utility")).toEqual({
      min: 0,
      max: 1,
      text: "a utility in [0, 1] (negative only where the source reports it)",
    });
    expect(rangeOf("rate")).toEqual({ min: 0, max: 100, text: "a rate in [0, 100] per year" });
    expect(rangeOf("cost")).toEqual({ min: 0, max: 1e9, text: "a cost in [0, 1,000,000,000]" });
    expect(rangeOf("days")).toEqual({ min: 0, max: 3650, text: "a duration in [0, 3,650] days" });
    expect(rangeOf("months")).toEqual({ min: 0, max: 1440, text: "a duration in [0, 1,440] months" });
    expect(rangeOf("count")).toEqual({ min: 0, max: 1e6, text: "a count in [0, 1,000,000]" });
    expect(rangeOf("ratio")).toEqual({ min: 0, max: 1000, text: "a ratio in [0, 1,000]" });
    expect(rangeOf("years")).toEqual({ min: 0, max: 120, text: "an age or duration in [0, 120] years" });
  });
});

describe("parameterRange(name, options)", () => {
  // The documented ranges (docs/notebook.md, "Ranges and errors"), typed here rather than read from rangeOf.
  const PROBABILITY = { min: 0, max: 1, text: "a number in [0, 1]" };
  const UTILITY = { min: 0, max: 1, text: "a utility in [0, 1] (negative only where the source reports it)" };
  const COST = { min: 0, max: 1e9, text: "a cost in [0, 1,000,000,000]" };
  const RATIO = { min: 0, max: 1000, text: "a ratio in [0, 1,000]" };
  const YEARS = { min: 0, max: 120, text: "an age or duration in [0, 120] years" };
  it("is the range of the parameter's unit kind, for every name the parameter goes by", () => {
    expect(parameterRange("p_response")).toEqual(PROBABILITY);
    expect(parameterRange("p_response__allogeneic")).toEqual(PROBABILITY);
    expect(parameterRange("c_price__invivo")).toEqual({ min: 0, max: 1e9, text: "a cost in [0, 1,000,000,000]" });
    expect(parameterRange("smr_disease")).toEqual(RATIO);
    expect(parameterRange("age_start")).toEqual(YEARS);
    // a comparator's own value has the range of its dictionary id
    expect(parameterRange("c_price__ahsct")).toEqual(COST);
  });
  it("is narrower for the Weibull shape (at most 10, not a ratio's 1000) and the number of courses (at most 5), on every platform", () => {
    const shape = { min: 0, max: 10, text: "a Weibull shape in [0, 10]" };
    expect(rangeOf(def("k_relapse").kind).max).toBe(1000);
    expect(parameterRange("k_relapse")).toEqual(shape);
    expect(parameterRange("k_relapse__invivo")).toEqual(shape);
    expect(parameterRange("k_relapse", { negativeUtility: true })).toEqual(shape);
    expect(parameterRange("n_max_courses")).toEqual({
      min: 0,
      max: 5,
      text: "a number of courses (0: no cap) in [0, 5]",
    });
  });
  it("allows a utility down to -1 only when asked (the source reports one), and only for utilities", () => {
    expect(parameterRange("u_controlled")).toEqual(UTILITY);
    expect(parameterRange("u_controlled", { negativeUtility: false })).toEqual(UTILITY);
    expect(parameterRange("u_controlled", { negativeUtility: true })).toEqual({
      min: -1,
      max: 1,
      text: "a utility in [-1, 1]",
    });
    expect(parameterRange("p_response", { negativeUtility: true })).toEqual(PROBABILITY);
    expect(parameterRange("c_price", { negativeUtility: true })).toEqual(COST);
  });
  it("is undefined for a name that is no parameter", () => {
    for (const name of ["p_respons", "", "constructor", "__proto__", "toString", "c_price__soc", "nope__ahsct"])
      expect(parameterRange(name), name).toBeUndefined();
  });
});

describe("overridableEntry(name)", () => {
  it("names a platform parameter bare for autologous and with __allogeneic or __invivo for the others", () => {
    expect(overridableEntry("c_price")).toEqual({ definition: def("c_price"), platform: "autologous" });
    expect(overridableEntry("c_price__allogeneic")).toEqual({ definition: def("c_price"), platform: "allogeneic" });
    expect(overridableEntry("c_price__invivo")).toEqual({ definition: def("c_price"), platform: "invivo" });
    // the autologous value has no suffixed name, and a parameter of one disease has no platform names
    expect(overridableEntry("c_price__autologous")).toBeUndefined();
    expect(overridableEntry("u_controlled__invivo")).toBeUndefined();
    expect(overridableEntry("u_controlled__allogeneic")).toBeUndefined();
  });
  it("names a parameter of a disease or of the whole model by its id, with no platform", () => {
    expect(overridableEntry("u_controlled")).toEqual({ definition: def("u_controlled"), platform: null });
    expect(overridableEntry("r_transplant")).toEqual({ definition: def("r_transplant"), platform: null });
    expect(overridableEntry("d_crs")).toEqual({ definition: def("d_crs"), platform: null });
  });
  it("reads id__<strategy> as a comparator strategy's own value of a dictionary parameter, with no platform", () => {
    expect(overridableEntry("c_price__ahsct")).toEqual({ definition: def("c_price"), platform: null });
    expect(overridableEntry("p_response__alemtuzumab")).toEqual({ definition: def("p_response"), platform: null });
    expect(overridableEntry("u_controlled__radioiodine")).toEqual({ definition: def("u_controlled"), platform: null });
    expect(overridableEntry("x2__y2")).toBeUndefined(); // the form, but no dictionary id x2
  });
  it("refuses what is not of the form id__strategy in lower-case letters, digits and _, and standard of care", () => {
    for (const name of [
      "c_price__soc", // standard of care has no value of its own
      "c_price__", // no strategy
      "__ahsct", // no id
      "c_price_ahsct", // one underscore
      "C_price__ahsct", // upper case
      "c_price__Ahsct",
      "1c_price__ahsct", // starts with a digit (the id must start with a letter)
      "c_price__1ahsct",
      "c_price__ahsct!", // a character after the strategy
      "xc_price__ahsct ",
      " c_price__ahsct",
      "c-price__ahsct",
      "c_price__ah-sct",
      "constructor",
      "__proto__",
      "toString",
      "hasOwnProperty",
    ])
      expect(overridableEntry(name), JSON.stringify(name)).toBeUndefined();
  });
});

describe("definedFor(def, disease)", () => {
  it("is true for every disease when the parameter names none, else only for the diseases it names", () => {
    expect(definedFor(def("p_response"), "sle")).toBe(true);
    expect(definedFor(def("p_response"), "t1d")).toBe(true);
    // r_transplant belongs to the kidney structure of SLE and AAV only
    expect(def("r_transplant").diseases).toEqual(["sle", "aav"]);
    expect(definedFor(def("r_transplant"), "sle")).toBe(true);
    expect(definedFor(def("r_transplant"), "aav")).toBe(true);
    expect(definedFor(def("r_transplant"), "ms")).toBe(false);
    // p_crisis_death belongs to myasthenia gravis only
    expect(definedFor(def("p_crisis_death"), "mg")).toBe(true);
    expect(definedFor(def("p_crisis_death"), "sle")).toBe(false);
  });
});

describe("unitLabel(id, money): the unit of a parameter on a chart axis", () => {
  // Expected units read from the dictionary entries' kinds and bases (src/cart/dictionary.ts):
  // r_relapse is a rate (annual), c_soc_drug a cost "per year", u_remission a utility.
  it("a rate is per year, also for a platform variant", () => {
    expect(unitLabel("r_relapse", "USD 2025")).toBe("per year");
    expect(unitLabel("r_relapse__allogeneic", "USD 2025")).toBe("per year");
  });
  it("a cost is in the money given, with its basis", () => {
    expect(unitLabel("c_soc_drug", "GBP 2024")).toBe("GBP 2024 per year");
  });
  it("other kinds are named as such", () => {
    expect(unitLabel("u_remission", "USD 2025")).toBe("utility");
    expect(unitLabel("p_response", "USD 2025")).toBe("probability");
  });
  it("an id the dictionary does not list has no unit (never a guess)", () => {
    expect(unitLabel("x_unknown", "USD 2025")).toBeUndefined();
  });
});

describe("parameterLabel(id)", () => {
  // The descriptions are those written in src/cart/dictionary.ts for these ids.
  it("is the dictionary's description of the id, not the id", () => {
    expect(parameterLabel("m_relapse_horizon")).toBe(
      "Months since infusion after which the relapse hazard stays constant (time-in-state limit)",
    );
    expect(parameterLabel("c_price")).toBe("CAR T product price (list price unless stated)");
  });

  it("names the strategy of a platform or comparator variant in parentheses", () => {
    expect(parameterLabel("c_price__invivo")).toBe("CAR T product price (list price unless stated) (In-vivo CAR T)");
    expect(parameterLabel("c_price__ahsct")).toBe("CAR T product price (list price unless stated) (ahsct)");
  });

  it("names a comparator variant by the comparator's label when given the comparators", () => {
    // Labels as data/cart/comparators.csv writes them (MS rows); brackets inside become dashes (inParentheses).
    const comparators = [
      { strategy: "ahsct", label: "Autologous haematopoietic stem cell transplantation" },
      { strategy: "alemtuzumab", label: "Alemtuzumab (immune reconstitution)" },
    ];
    expect(parameterLabel("p_trm__ahsct", { comparators })).toBe(
      "Treatment-related death within the infusion month (Autologous haematopoietic stem cell transplantation)",
    );
    expect(parameterLabel("c_price__alemtuzumab", { short: true, comparators })).toBe(
      "CAR T product price (Alemtuzumab – immune reconstitution)",
    );
    // A platform keeps its own name; a strategy the list does not have keeps its id.
    expect(parameterLabel("c_price__invivo", { short: true, comparators })).toBe("CAR T product price (In-vivo CAR T)");
    expect(parameterLabel("c_price__cladribine", { short: true, comparators })).toBe(
      "CAR T product price (cladribine)",
    );
  });

  it("short: the dictionary's few words, else the description before its first parenthesis or colon", () => {
    // "Relapse rate in remission: Weibull scale (annual rate …)" cut at ": ".
    expect(parameterLabel("r_relapse__invivo", { short: true })).toBe("Relapse rate in remission (In-vivo CAR T)");
    // "CAR T product price (list price unless stated)" cut at " (".
    expect(parameterLabel("c_price", { short: true })).toBe("CAR T product price");
    // Its own short text: the description's cut would be "Mean time from decision".
    expect(parameterLabel("d_vein_to_vein", { short: true })).toBe("Time from apheresis to infusion");
    expect(parameterLabel("cycles", { short: true })).toBe("cycles");
  });

  it("is the id itself for a name the dictionary does not list, including names inherited from objects", () => {
    for (const id of ["cycles", "__proto__", "constructor", "x__invivo"]) expect(parameterLabel(id)).toBe(id);
  });
});
