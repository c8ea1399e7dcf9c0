/**
 * The structural half of buildCartModel (src/cart/model.ts: structuralParameters, cartStates,
 * cartTransitions, cartStrategies): what the specification says about its own parameters, how a
 * disease's structure terms reach the copies of a state, the platforms' parameter sets, and the
 * mixture-cure state Cured followed by hand. Expected values come from the rules stated in the doc
 * comments of model.ts and docs/methods.md, from the inputs given here (life table, structure terms of
 * src/cart/structures.ts) or from the hand calculation in the comment beside them.
 */
import { readFileSync } from "node:fs";
import { csvParse } from "d3-dsv";
import { describe, expect, it } from "vitest";
import { buildCartModel, PLATFORMS, PRESETS, runCart } from "../../src/cart/index.js";
import { PARAMETERS } from "../../src/cart/dictionary.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { diseaseStructure, STRUCTURED_DISEASES } from "../../src/cart/structures.js";
import type { ParameterSpec, TableSpec } from "../../src/model/index.js";
import { handWorld } from "../helpers/hand-world.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const DISEASES = evidence.diseases.map((d) => d.disease);
const build = (disease: string, options: Parameters<typeof buildCartModel>[4] = {}, table = lifeTables.us) =>
  buildCartModel(evidence, disease, PRESETS.us, table, options);

describe("buildCartModel: structural parameters in the specification", () => {
  it("every parameter with a fixed number that is not from the evidence tables is marked status 'structure'", () => {
    // A reader of the specification must tell evidence from switches: evidence parameters name their row
    // (provenance); derived ones are formulas; the rest (is_cart, itt, male, f_cure, y_benefit_limit) are
    // model structure and say so.
    for (const durability of [
      { kind: "weibull" as const },
      { kind: "cure" as const, cureFraction: 0.3 },
      { kind: "limited" as const, years: 5 },
    ])
      for (const d of DISEASES) {
        const m = build(d, { durability });
        const fromEvidence = new Set(m.provenance.map((p) => p.parameter));
        const numeric = Object.entries(m.spec.parameters!).filter(
          ([id, p]) => !fromEvidence.has(id) && typeof (p as ParameterSpec).value === "number",
        );
        expect(numeric.map(([id]) => id).sort(), d).toEqual(
          expect.arrayContaining(["f_cure", "is_cart", "itt", "male", "y_benefit_limit"]),
        );
        for (const [id, p] of numeric) expect((p as ParameterSpec).status, `${d} ${id}`).toBe("structure");
      }
  });

  it("the background death rate names the life table it reads, or 'life table' when the table has no source", () => {
    const named: TableSpec = { ...lifeTables.us, source: "my-deaths.csv" };
    const mu = (t: TableSpec) => (build("sle", {}, t).spec.parameters!.mu_background as ParameterSpec).description;
    expect(mu(named)).toBe("Background death rate at the current age (my-deaths.csv)");
    expect(mu({ ...lifeTables.us, source: undefined })).toBe("Background death rate at the current age (life table)");
  });
});

describe("buildCartModel: strategies", () => {
  it("SoC sets nothing, autologous only is_cart, the other platforms each platform parameter with a row of theirs as id__<platform>", () => {
    const platformIds = PARAMETERS.filter((p) => p.scope === "platform").map((p) => p.id);
    expect(platformIds.length).toBeGreaterThan(10);
    // The platform's own rows in data/cart/parameters-platforms.csv (no disease file has platform rows);
    // a parameter given by the autologous row only (the same quantity on every platform) is read as the id.
    const rows = csvParse(readFileSync("data/cart/parameters-platforms.csv", "utf8"));
    for (const d of DISEASES) {
      const m = build(d);
      const byId = new Map(m.spec.strategies!.map((s) => [s.id, s.parameters ?? {}]));
      expect(byId.get("soc"), d).toEqual({});
      expect(byId.get("autologous"), d).toEqual({ is_cart: 1 });
      for (const p of PLATFORMS.filter((x) => x !== "autologous")) {
        const own = platformIds.filter((id) => rows.some((r) => r.id === id && r.strategy === p));
        expect(own.length, p).toBeGreaterThan(10);
        expect(own.length, p).toBeLessThan(platformIds.length);
        const expected = Object.fromEntries([["is_cart", 1], ...own.map((id) => [id, `${id}__${p}`])]);
        expect(byId.get(p), `${d} ${p}`).toEqual(expected);
        for (const id of platformIds)
          expect(Object.hasOwn(m.spec.parameters!, `${id}__${p}`), `${id}__${p}`).toBe(own.includes(id));
      }
    }
  });
});

describe("buildCartModel: a disease's structure terms reach every copy of a state", () => {
  it("Waiting's and Infusion's terms reach every course's copy, Remission's every course's Remission and Cured", () => {
    let remissionTerms = 0;
    for (const d of STRUCTURED_DISEASES) {
      // A cap of 3 on autologous: Waiting/Infusion/Remission sets 1-3; the mixture cure adds Cured.
      const m = build(d, { overrides: { n_max_courses: 3 }, durability: { kind: "cure", cureFraction: 0.3 } });
      const values = new Map(m.spec.states.map((s) => [s.id, s.values ?? {}]));
      const copies = {
        Waiting: ["Waiting_2", "Waiting_3"],
        Infusion: ["Infusion_2", "Infusion_3"],
        Remission: ["Remission_2", "Remission_3", "Cured"],
      };
      for (const [state, others] of Object.entries(copies))
        for (const other of others) expect(values.get(other), `${d} ${other}`).toEqual(values.get(state));
      // The originals carry the structure's own terms (added to the state's own value when it has one).
      const terms = diseaseStructure(d, "cycleLength")!.stateValues ?? {};
      for (const [state, extra] of Object.entries(terms))
        for (const [v, e] of Object.entries(extra)) {
          expect(values.get(state)![v], `${d} ${state} ${v}`).toContain(e);
          if (state === "Remission") remissionTerms++;
        }
    }
    // at least one structure (AAV's major relapses) has Remission terms, so the Cured check above bites
    expect(remissionTerms).toBeGreaterThan(0);
  });
});

describe("the mixture-cure state Cured", () => {
  it("counts time in state up to m_relapse_horizon months, as Remission does outside the time-limited scenario", () => {
    const m = build("sle", { durability: { kind: "cure", cureFraction: 0.3 } });
    const months = Math.max(1, Math.round((m.spec.parameters!.m_relapse_horizon as ParameterSpec).value as number));
    const timeInState = (id: string) => m.spec.states.find((s) => s.id === id)!.timeInState;
    expect(timeInState("Cured")).toEqual({ limit: months });
    expect(timeInState("Remission")).toEqual({ limit: months });
  });

  // Graves (no structure of its own), per infused patient, discount 0, two monthly cycles, women only.
  // Life table: 12 ln 2 deaths a year at every age, so a month's death probability is 1 - e^-ln 2 = 1/2;
  // SMRs 1 (and f_damage_smr 0), so the death rate is the background one everywhere. Every responder is
  // cured (p_response 1, cure fraction 1); no damage, flares, toxicity, B-cell aplasia or treatment deaths
  // (tests/helpers/hand-world.ts); u_infusion_loss 0.
  // t0: Infusion 1. Infusion -> Dead 1/2 (p_trm 0: 1 - e^-ln 2), -> Cured (1 - 1/2) x 1 x 1 = 1/2.
  // t1: Cured 1/2, Dead 1/2. Cured -> Dead with hazard ln 2 (damage 0): 1/2 of it. t2: Cured 1/4, Dead 3/4.
  // Half-cycle counting, cycle length 1/12 year:
  //   life years = ((1 + 1/2) / 2 + (1/2 + 1/4) / 2) / 12 = 1.125 / 12 = 0.09375;
  //   QALYs: Infusion month has the pre-treatment utility u_controlled 0.6 (f_controlled0 1), Cured u_remission
  //   0.9: ((0.6 + 0.45) / 2 + (0.45 + 0.225) / 2) / 12 = 0.8625 / 12 = 0.071875;
  //   follow-up c_remission_followup 1,200 a year = 100 a cycle in Cured only: (0 + 50) / 2 + (50 + 25) / 2 = 62.5.
  it("is followed by hand: cured patients have remission's utility and follow-up, and die at the background rate", () => {
    const mu = 12 * Math.log(2);
    const table: TableSpec = { key: "Age", columns: { Age: [0], Female: [mu], Male: [mu] } };
    const overrides = handWorld({
      platforms: PLATFORMS,
      platform: { p_response: 1, u_infusion_loss: 0 },
      values: {
        age_start: 40,
        p_male: 0,
        f_controlled0: 1,
        u_controlled: 0.6,
        u_remission: 0.9,
        c_remission_followup: 1_200,
        smr_disease: 1,
        smr_damage: 1,
        smr_remission: 1,
        f_damage_smr: 0,
      },
    });
    const a = runCart(evidence, "graves", PRESETS.us, table, {
      overrides,
      horizonAge: 40 + 2 / 12,
      discount: { costs: 0, outcomes: 0 },
      intentionToTreat: false,
      durability: { kind: "cure", cureFraction: 1 },
    });
    const auto = a.result.strategies.find((s) => s.id === "autologous")!;
    const S = a.result.states.length;
    const cured = a.result.states.indexOf("Cured");
    expect(auto.trace![1 * S + cured]).toBeCloseTo(0.5, 12);
    expect(auto.trace![2 * S + cured]).toBeCloseTo(0.25, 12);
    expect(auto.lifeYears.undiscounted).toBeCloseTo(0.09375, 12);
    expect(auto.qalys.undiscounted).toBeCloseTo(0.071875, 12);
    expect(auto.values.c_cart_followup.undiscounted).toBeCloseTo(62.5, 9);
  });
});
