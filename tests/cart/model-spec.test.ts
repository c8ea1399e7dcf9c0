/**
 * What buildCartModel (src/cart/model.ts) writes into the model specification besides its formulas:
 * the horizon, cohorts, labels, units and descriptions, the structural record and the course sets.
 * These tests only build specifications (no evaluation), so they are quick enough for mutation
 * testing. Expected values follow from the documented rules: a monthly cycle up to the horizon age
 * (default 100), cohorts weighted by p_male, course sets as the doc comment of courseSets says.
 */
import { describe, expect, it } from "vitest";
import { buildCartModel, PRESETS } from "../../src/cart/index.js";
import { courseIds, courseSets, lifeTableFromCsv, PPP_TRANSFER_SOURCE } from "../../src/cart/model.js";
import { PARAMETERS } from "../../src/cart/dictionary.js";
import { DEFAULT_DURABILITY, type DurabilityScenario } from "../../src/cart/durability.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { evidenceWithPppTransfer } from "../fixtures/ppp-transfer.js";
import { ModelError } from "../../src/model/errors.js";
import { compileModel, evaluate } from "../../src/model/index.js";
import type { ParameterSpec } from "../../src/model/spec/spec.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const DISEASES = evidence.diseases.map((d) => d.disease);
const build = (disease: string, options: Parameters<typeof buildCartModel>[4] = {}, preset = PRESETS.us) =>
  buildCartModel(evidence, disease, preset, lifeTables[preset.id], options);
const param = (m: ReturnType<typeof build>, id: string) => m.spec.parameters![id] as ParameterSpec;

describe("buildCartModel(evidence, disease, preset, lifeTable, options): settings and cohorts", () => {
  it("runs monthly cycles from the start age to age 100 by default, or to horizonAge", () => {
    // age_start 40 by override: (100 - 40) x 12 = 720 cycles; to 60: (60 - 40) x 12 = 240.
    expect(build("sle", { overrides: { age_start: 40 } }).spec.settings.horizon).toEqual({ cycles: 720 });
    expect(build("sle", { overrides: { age_start: 40 }, horizonAge: 60 }).spec.settings.horizon).toEqual({
      cycles: 240,
    });
    expect(build("sle").spec.settings.cycleLength).toEqual({ months: 1 });
    expect(build("sle", { overrides: { age_start: 40 } }).spec.settings.startAge).toBe(40);
  });

  it("refuses a horizon that ends before the start age, naming both ages", () => {
    let e: unknown;
    try {
      build("sle", { overrides: { age_start: 40 }, horizonAge: 39 });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ModelError);
    expect((e as ModelError).problems[0]).toMatchObject({
      where: "horizon",
      value: "39 vs 40",
      message: "the horizon ends before the start age",
      expected: "an end age above the start age",
    });
  });

  it("a horizon of less than half a month is refused; of half a month or more it is one cycle", () => {
    // (40.04 - 40) x 12 = 0.48 rounds to 0 cycles; (40.05 - 40) x 12 = 0.6 rounds to 1.
    expect(() => build("sle", { overrides: { age_start: 40 }, horizonAge: 40.04 })).toThrow(ModelError);
    expect(build("sle", { overrides: { age_start: 40 }, horizonAge: 40.05 }).spec.settings.horizon).toEqual({
      cycles: 1,
    });
  });

  it("weights a female and a male cohort by 1 - p_male and p_male, reading the life table's sex column", () => {
    const m = build("sle", { overrides: { p_male: 0.25 } });
    expect(m.spec.cohorts).toEqual([
      { id: "female", label: "Women", weight: 0.75, parameters: { male: 0 } },
      { id: "male", label: "Men", weight: 0.25, parameters: { male: 1 } },
    ]);
    expect(m.structural.p_male).toBe(0.25);
  });

  it("uses the preset's discount rates unless options.discount replaces them", () => {
    // docs/methods.md, presets: US 3% for costs and outcomes (ICER 2023 framework), UK 3.5% (NICE manual).
    expect(build("sle").spec.settings.discount).toEqual({ costs: 0.03, outcomes: 0.03 });
    expect(build("sle", { discount: { costs: 0.05, outcomes: 0.01 } }).spec.settings.discount).toEqual({
      costs: 0.05,
      outcomes: 0.01,
    });
    expect(build("sle", {}, PRESETS.uk).spec.settings.discount).toEqual({ costs: 0.035, outcomes: 0.035 });
  });

  it("says in its description whether results are per patient intended to receive CAR T or per infused patient", () => {
    const itt = build("sle").spec;
    const infused = build("sle", { intentionToTreat: false }).spec;
    expect(itt.description).toContain("Per patient intended to receive CAR T.");
    expect(infused.description).toContain("Per infused patient.");
    expect(itt.version).toBe("cart-model 1");
    expect(itt.source).toContain("src/cart/model.ts");
    const mg = evidence.diseases.find((d) => d.disease === "mg")!;
    expect(build("mg").spec.name).toBe(`CAR T vs lifelong standard of care: ${mg.label}`);
    expect(itt.name).toBe(
      `CAR T vs lifelong standard of care: ${evidence.diseases.find((d) => d.disease === "sle")!.label}`,
    );
    expect(param(build("sle"), "itt").value).toBe(1);
    expect(param(build("sle", { intentionToTreat: false }), "itt").value).toBe(0);
  });
});

describe("buildCartModel: what a reader of the specification sees", () => {
  it("every parameter of every disease has a unit, and no description or unit is empty", () => {
    for (const d of DISEASES) {
      for (const [id, p] of Object.entries(build(d).spec.parameters!)) {
        expect(typeof p, `${d} ${id}`).toBe("object");
        const spec = p as ParameterSpec;
        expect(spec.unit?.trim().length ?? 0, `${d} ${id} unit`).toBeGreaterThan(0);
        if (spec.description !== undefined) expect(spec.description.trim().length, `${d} ${id}`).toBeGreaterThan(0);
      }
    }
  });

  it("every state has a non-empty label, different from every other state's", () => {
    for (const d of DISEASES) {
      for (const options of [
        {},
        { overrides: { n_max_courses: 3 } },
        { durability: { kind: "cure" as const, cureFraction: 0.3 } },
      ]) {
        const labels = build(d, options).spec.states.map((s) => s.label ?? "");
        expect(
          labels.every((l) => l.trim().length > 0),
          d,
        ).toBe(true);
        expect(new Set(labels).size, d).toBe(labels.length);
      }
    }
  });

  it("labels course copies: 'course 2 or later' when the last set also takes later courses, 'course k' otherwise", () => {
    // No cap: Waiting/Infusion sets 1, 2 and one Remission set, so set 2 is for course 2 and later.
    const open = new Map(build("ms").spec.states.map((s) => [s.id, s.label]));
    expect(open.get("Waiting")).toBe("Waiting for the product (on standard of care)");
    expect(open.get("Waiting_2")).toBe("Waiting for a retreatment product (on standard of care) (course 2 or later)");
    expect(open.get("Infusion")).toBe("Infusion month");
    expect(open.get("Infusion_2")).toBe("Infusion month (course 2 or later)");
    expect(open.get("Remission")).toBe("Drug-free remission after CAR T");
    // A cap of 3 on every strategy (each platform's and comparator's n_max_courses): three sets of each,
    // each for exactly one course.
    const capIds = Object.keys(build("ms").spec.parameters!).filter((id) => /^n_max_courses(__|$)/.test(id));
    expect(capIds.length).toBeGreaterThan(3);
    const everyCap = Object.fromEntries(capIds.map((id) => [id, 3]));
    const capped = new Map(build("ms", { overrides: everyCap }).spec.states.map((s) => [s.id, s.label]));
    expect(capped.get("Waiting_2")).toBe("Waiting for a retreatment product (on standard of care) (course 2)");
    expect(capped.get("Waiting_3")).toBe("Waiting for a retreatment product (on standard of care) (course 3)");
    expect(capped.get("Infusion_2")).toBe("Infusion month (course 2)");
    expect(capped.get("Infusion_3")).toBe("Infusion month (course 3)");
    expect(capped.get("Remission_2")).toBe("Drug-free remission after CAR T (after course 2)");
    expect(capped.get("Remission_3")).toBe("Drug-free remission after CAR T (after course 3)");
    // A cap of 3 on autologous only: the other strategies have no cap, so their relapses from Remission_3 are
    // retreated in Waiting_3 again and their responders return to Remission_3 (course 4, 5, ...): the last
    // sets hold "course 3 or later", the middle ones course 2 only.
    const mixed = build("ms", { overrides: { n_max_courses: 3 } }).spec;
    const mixedLabels = new Map(mixed.states.map((s) => [s.id, s.label]));
    expect((mixed.transitions as Record<string, Record<string, unknown>>).Remission_3.Waiting_3).toBeDefined();
    expect(mixedLabels.get("Waiting_2")).toBe("Waiting for a retreatment product (on standard of care) (course 2)");
    expect(mixedLabels.get("Waiting_3")).toBe(
      "Waiting for a retreatment product (on standard of care) (course 3 or later)",
    );
    expect(mixedLabels.get("Infusion_2")).toBe("Infusion month (course 2)");
    expect(mixedLabels.get("Infusion_3")).toBe("Infusion month (course 3 or later)");
    expect(mixedLabels.get("Remission_2")).toBe("Drug-free remission after CAR T (after course 2)");
    expect(mixedLabels.get("Remission_3")).toBe("Drug-free remission after CAR T (after course 3 or later)");
  });

  it("costs carry the preset's currency and price year; other parameters carry neither", () => {
    for (const preset of [PRESETS.us, PRESETS.uk]) {
      const m = build("sle", {}, preset);
      const price = param(m, "c_price");
      expect(price.currency).toBe(preset.currency);
      expect(price.priceYear).toBe(preset.priceYear);
      expect(price.unit!.startsWith(`${preset.currency}`)).toBe(true);
      const response = param(m, "p_response");
      expect(response.currency).toBeUndefined();
      expect(response.priceYear).toBeUndefined();
    }
  });

  it("an override replaces the value, drops the evidence range and says 'user override'", () => {
    const plain = param(build("sle"), "p_response");
    expect(plain.status).not.toBe("user override");
    const m = build("sle", { overrides: { p_response: 0.5 } });
    const p = param(m, "p_response");
    expect(p).toMatchObject({ value: 0.5, low: undefined, high: undefined, status: "user override" });
    const prov = m.provenance.find((x) => x.parameter === "p_response")!;
    expect(prov.overridden).toBe(true);
    expect(prov.value).toBe(0.5);
    expect(m.provenance.find((x) => x.parameter === "p_response__allogeneic")!.overridden).toBe(false);
  });

  it("an unknown override is refused with the nearest parameter ids", () => {
    let e: unknown;
    try {
      build("sle", { overrides: { p_respons: 0.5 } });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ModelError);
    const problem = (e as ModelError).problems[0];
    expect(problem.where).toBe("overrides.p_respons");
    expect(problem.message).toContain("unknown parameter; did you mean p_response");
  });
});

describe("buildCartModel: structural record and course sets", () => {
  it("records start age, sex mix and the time-in-state limit; a benefit limit of 30 years needs 361 months", () => {
    const m = build("sle", { overrides: { age_start: 40, p_male: 0.2 } });
    expect(m.structural.age_start).toBe(40);
    expect(m.structural.p_male).toBe(0.2);
    const months = Math.max(1, Math.round(param(m, "m_relapse_horizon").value as number));
    expect(m.structural.m_relapse_horizon).toBe(months);
    // limited: round(30 x 12) + 1 = 361 tunnels, more than the default relapse horizon.
    expect(months).toBeLessThan(361);
    const limited = build("sle", { durability: { kind: "limited", years: 30 } });
    expect(limited.structural.m_relapse_horizon).toBe(361);
    expect(limited.spec.states.find((s) => s.id === "Remission")!.timeInState).toEqual({ limit: 361 });
    expect(param(limited, "y_benefit_limit").value).toBe(30);
    expect(param(m, "y_benefit_limit").value).toBe(0);
  });

  it("the mixture-cure scenario adds Cured with the cure fraction; other scenarios have no Cured state and f_cure 0", () => {
    const cure = build("sle", { durability: { kind: "cure", cureFraction: 0.3 } });
    expect(param(cure, "f_cure").value).toBe(0.3);
    expect(cure.spec.states.some((s) => s.id === "Cured")).toBe(true);
    expect(Object.keys(cure.spec.transitions as object)).toContain("Cured");
    const weibull = build("sle");
    expect(param(weibull, "f_cure").value).toBe(0);
    expect(weibull.spec.states.some((s) => s.id === "Cured")).toBe(false);
    expect(Object.keys(weibull.spec.transitions as object)).not.toContain("Cured");
    expect(weibull.structuralScenario.durability).toEqual({ kind: "weibull" });
  });

  it("courseIds(sets) keeps the first course's ids and numbers the others from 2", () => {
    expect(courseIds({ waiting: 3, remission: 2 })).toEqual({
      waiting: ["Waiting", "Waiting_2", "Waiting_3"],
      infusion: ["Infusion", "Infusion_2", "Infusion_3"],
      remission: ["Remission", "Remission_2"],
    });
  });

  it("a model records its disease, preset, life table source and course sets", () => {
    const m = build("mg");
    expect(m.disease).toBe("mg");
    expect(m.preset.id).toBe("us");
    expect(m.lifeTable).toBe(lifeTables.us.source);
    expect(m.courses).toEqual({ waiting: 2, remission: 1, openEnded: true });
    expect(buildCartModel(evidence, "mg", PRESETS.us, { ...lifeTables.us, source: undefined }).lifeTable).toBe(
      "life table",
    );
  });
});

describe("buildCartModel: every specification compiles and keeps the cohort whole", () => {
  it("each disease per patient intended to treat and per infused patient, and SLE's other durability scenarios: 12 cycles, shares sum to 1", () => {
    const cases = DISEASES.flatMap((d) =>
      [true, false].map((itt) => ({ d, itt, durability: DEFAULT_DURABILITY as DurabilityScenario })),
    );
    for (const durability of [
      { kind: "cure" as const, cureFraction: 0.3 },
      { kind: "limited" as const, years: 5 },
    ])
      for (const itt of [true, false]) cases.push({ d: "sle", itt, durability });
    for (const { d, itt, durability } of cases) {
      const age = param(build(d), "age_start").value as number;
      const m = build(d, { durability, intentionToTreat: itt, horizonAge: age + 1 });
      const r = evaluate(compileModel(m.spec), { trace: true });
      const S = r.states.length;
      for (const s of r.strategies) {
        for (let t = 0; t <= 12; t++) {
          let sum = 0;
          for (let k = 0; k < S; k++) sum += s.trace![t * S + k];
          expect(sum, `${d} ${durability.kind} itt ${itt} ${s.id} cycle ${t}`).toBeCloseTo(1, 9);
        }
      }
    }
  });
});

describe("buildCartModel: evidence parameters and their provenance", () => {
  it("a converted cost's value is the source value times its factor, and so is its range; non-costs keep factor 1", () => {
    const m = build("sle");
    const converted = m.provenance.filter(
      (p) => p.row.currency !== null && (p.row.currency !== "USD" || p.row.priceYear !== PRESETS.us.priceYear),
    );
    expect(converted.length).toBeGreaterThan(0);
    for (const p of m.provenance) {
      expect(p.value, p.parameter).toBeCloseTo(p.row.value * p.factor, 6);
      const spec = param(m, p.parameter);
      if (p.row.currency === null) {
        expect(p.factor, p.parameter).toBe(1);
        expect(p.unverified, p.parameter).toEqual([]);
      }
      if (p.row.low === null) expect(spec.low, p.parameter).toBeUndefined();
      else expect(spec.low!, p.parameter).toBeCloseTo(p.row.low * p.factor, 6);
      if (p.row.high !== null) expect(spec.high!, p.parameter).toBeCloseTo(p.row.high * p.factor, 6);
      // PPP transfers are flagged, and only they
      expect(p.transfer, p.parameter).toBe(p.row.sourceId === PPP_TRANSFER_SOURCE ? "ppp" : null);
      // the description is the dictionary's for the parameter's id
      expect(spec.description, p.parameter).toBe(PARAMETERS.find((d) => d.id === p.id)!.description);
    }
    // a cost from another currency or price year has a factor other than 1 (a list price may keep 1)
    expect(converted.some((p) => p.factor !== 1)).toBe(true);
  });

  it("a PPP-transferred cost is flagged wherever the preset reads one", () => {
    // No row of data/cart cites PPP_TRANSFER since brief s25 (each was replaced by a UK or US figure), so
    // one is made here: the UK MG damage row re-cited as a transfer of the US 20000 USD assumption x 0.70.
    const withTransfer = evidenceWithPppTransfer();
    const uk = buildCartModel(withTransfer, "mg", PRESETS.uk, lifeTables.uk).provenance;
    const flagged = uk.filter((p) => p.transfer === "ppp");
    expect(flagged.map((p) => p.parameter)).toEqual(["c_damage"]);
    expect(flagged[0].value).toBeCloseTo(14000 * flagged[0].factor, 6);
    // The US preset reads the USD row, which is no transfer.
    const us = buildCartModel(withTransfer, "mg", PRESETS.us, lifeTables.us).provenance;
    expect(us.filter((p) => p.transfer === "ppp")).toEqual([]);
  });

  it("the shipped tables have no PPP transfer left in either preset (brief s25 replaced the last three)", () => {
    for (const preset of [PRESETS.us, PRESETS.uk]) {
      const flagged = DISEASES.flatMap((d) => build(d, {}, preset).provenance).filter((p) => p.transfer === "ppp");
      expect(
        flagged.map((p) => `${p.parameter} ${p.row.file} row ${p.row.row}`),
        preset.id,
      ).toEqual([]);
    }
    expect(evidence.parameters.filter((r) => r.sourceId === PPP_TRANSFER_SOURCE)).toEqual([]);
  });

  it("a cost's unit is the preset's currency followed by the dictionary's 'per', with no trailing space", () => {
    const m = build("sle");
    const costs = m.provenance.filter((x) => x.row.currency !== null);
    expect(costs.length).toBeGreaterThan(0);
    for (const p of costs) {
      const per = PARAMETERS.find((d) => d.id === p.id)!.per;
      expect(param(m, p.parameter).unit, p.parameter).toBe(per ? `USD ${per}` : "USD");
    }
    expect(param(m, "c_price").unit).toMatch(/^USD/);
  });

  it("one-time comparators get is_cart 1, chronic ones do not", () => {
    let oneTime = 0;
    for (const d of DISEASES) {
      const m = build(d);
      for (const c of evidence.comparators.filter((x) => x.disease === d)) {
        const st = m.spec.strategies!.find((s) => s.id === c.strategy)!;
        expect(st.parameters?.is_cart, `${d} ${c.strategy}`).toBe(c.kind === "one-time" ? 1 : undefined);
        if (c.kind === "one-time") oneTime++;
      }
    }
    expect(oneTime).toBeGreaterThan(0);
  });

  it("every provenance entry names a parameter of the specification", () => {
    const m = build("ms");
    for (const p of m.provenance)
      expect(Object.hasOwn(m.spec.parameters!, p.parameter), String(p.parameter)).toBe(true);
  });

  it("an override out of range is refused at overrides.<id>, listing the comparators of the disease for unknown ids", () => {
    let e: unknown;
    try {
      build("sle", { overrides: { p_response: 1.5, zzz_unknown_q: 1 } });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ModelError);
    const problems = (e as ModelError).problems;
    expect(problems.map((p) => p.where).sort()).toEqual(["overrides.p_response", "overrides.zzz_unknown_q"]);
    const unknown = problems.find((p) => p.where === "overrides.zzz_unknown_q")!;
    expect(unknown.message).toBe("unknown parameter");
    const list = evidence.comparators.filter((c) => c.disease === "sle").map((c) => c.strategy);
    expect(unknown.expected).toContain(`for a comparator of sle: ${list.join(", ") || "none"})`);
    expect((e as ModelError).message).toContain("invalid overrides");
  });
});

describe("courseSets(parameters)", () => {
  it("reads caps given as plain numbers and strategy-specific caps (n_max_courses__<strategy>)", () => {
    // a cap of 3 only: 3 sets of each; an uncapped strategy beside it: Waiting sets max(3, 2) = 3
    expect(courseSets({ n_max_courses: 3 })).toEqual({ waiting: 3, remission: 3, openEnded: false });
    expect(courseSets({ n_max_courses__invivo: 3 })).toEqual({ waiting: 3, remission: 3, openEnded: false });
    // one strategy capped at 3, another uncapped: 3 sets, and the last ones take the uncapped one's later courses
    expect(courseSets({ n_max_courses: 3, n_max_courses__invivo: 0 })).toEqual({
      waiting: 3,
      remission: 3,
      openEnded: true,
    });
    // a cap of 0 means no cap: the default 2 Waiting/Infusion sets and 1 Remission set
    expect(courseSets({ n_max_courses: 0 })).toEqual({ waiting: 2, remission: 1, openEnded: true });
    // cap 1 for one strategy and none for another: the uncapped one needs a retreatment set
    expect(courseSets({ n_max_courses: 1, n_max_courses__invivo: 0 })).toEqual({
      waiting: 2,
      remission: 1,
      openEnded: true,
    });
    expect(courseSets({})).toEqual({ waiting: 2, remission: 1, openEnded: true });
  });
});

describe("lifeTableFromCsv(text, file)", () => {
  const problems = (text: string) => {
    try {
      lifeTableFromCsv(text, "lt.csv");
    } catch (e) {
      return (e as ModelError).problems;
    }
    return [];
  };
  it("reads Age, Female and Male as numbers and names its source", () => {
    expect(lifeTableFromCsv("Age,Female,Male\n0,0.004,0.005\n1,0.0003,0.0004\n", "lt.csv")).toEqual({
      key: "Age",
      columns: { Age: [0, 1], Female: [0.004, 0.0003], Male: [0.005, 0.0004] },
      source: "lt.csv",
    });
  });
  it("refuses a table without data rows", () => {
    expect(problems("Age,Female,Male\n")[0]).toMatchObject({
      where: "lt.csv",
      message: "the life table has no data rows",
    });
  });
  it("refuses text where a number is expected, naming row and column, and reports every bad cell", () => {
    const p = problems("Age,Female,Male\n0,abc,0.005\n1,0.1,-2\n");
    expect(p.map((x) => x.where)).toEqual(["lt.csv row 2 column Female", "lt.csv row 3 column Male"]);
    expect(p[0].value).toBe("abc");
    expect(p[0].expected).toBe("a number >= 0");
    expect(p[1].message).toBe("negative");
    expect(p[1].expected).toBe("a number >= 0");
  });
  it("names a missing column, and its error says it cannot read the life table", () => {
    expect(problems("Age,Women,Male\n0,0.1,0.006\n")[0]).toMatchObject({ message: "missing column Female" });
    for (const text of ["Age,Women,Male\n0,0.1,0.006\n", "Age,Female,Male\n", "Age,Female,Male\n0,x,0\n"])
      expect(() => lifeTableFromCsv(text, "lt.csv")).toThrow(/cannot read life table/);
  });
  it("accepts a death rate of exactly 0", () => {
    expect(lifeTableFromCsv("Age,Female,Male\n0,0,0\n", "lt.csv").columns.Female).toEqual([0]);
  });
});
