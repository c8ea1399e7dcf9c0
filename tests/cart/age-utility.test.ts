/**
 * Age adjustment of health-state utilities (f_utility_age, u_age_multiplier in src/cart/model.ts) and
 * their cap at the general population's (f_utility_cap, u_utility_cap):
 * every health-state utility times the general population's EQ-5D-3L at the current age over that at
 * the start age, by sex (NICE DSU TSD 12's multiplicative method; the UK preset's norms of Hernández
 * Alava, Pudney & Wailoo 2022, HSE 2014; the US preset's of Szende et al. 2014). Checked by hand in the hand world of tests/helpers/hand-world.ts (SLE, 24
 * monthly cycles from age 40, no deaths, no discounting), with the norms written here from the DSU
 * table (data/norms/uk-eq5d3l-hse2014-dsu.csv, rows 40 and 41) and the US table (Szende et al. 2014, Table
 * 3.6: 35-44 0.889, 45-54 0.855), not read from src/cart/norms.ts.
 *
 * The engine counts half-cycles (½ at each end of a cycle) and a cycle's value uses the age at the
 * start of that cycle (docs/model-spec.md): cycles 1-12 are at age 40 (ratio 1), cycles 13-24 at
 * 41 (look-ups take the completed year).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { heldEndsNote, PLATFORMS, PRESETS, runCart, utilityNormsSentence } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import type { ModelSpec, TableSpec } from "../../src/model/index.js";
import { handWorld } from "../helpers/hand-world.js";

// Runs whole models: sized for a loaded 2-core machine, not vitest's 5 s default.
vi.setConfig({ testTimeout: 60_000 });

const evidence = loadEvidence();
// EQ-5D-3L norms, England (Hernández Alava et al. 2022, dsu_2014 column): women and men at 40 and 41.
const WOMEN = { 40: 0.8861, 41: 0.8838 };
const MEN = { 40: 0.9034, 41: 0.9012 };
const NO_DEATHS: TableSpec = { key: "Age", columns: { Age: [0], Female: [0], Male: [0] } };

/**
 * The hand world with the age adjustment at `f` and the cap at `cap` (the hand world itself turns both off),
 * under the UK preset (England's norms) unless `preset` says otherwise; ages 40-42 unless `ageStart` moves them.
 */
function run(f: number, values: Record<string, number> = {}, cap = 0, preset = PRESETS.uk, ageStart = 40) {
  const overrides = handWorld({
    platforms: [...PLATFORMS, "ahsct"],
    platform: {
      p_response: 1,
      r_relapse: 0,
      k_relapse: 1,
      rr_retreat_response: 1,
      n_max_courses: 0,
      u_infusion_loss: 0.01,
    },
    values: {
      age_start: ageStart,
      p_male: 0,
      f_controlled0: 1,
      smr_disease: 1,
      smr_damage: 1,
      smr_remission: 1,
      f_damage_smr: 0,
      u_controlled: 0.7,
      u_remission: 0.85,
      r_severe_flare_controlled: 0,
      r_severe_flare_active: 0,
      m_relapse_horizon: 24,
      ...values,
      f_utility_age: f,
      f_utility_cap: cap,
    },
  });
  const a = runCart(evidence, "sle", preset, NO_DEATHS, {
    horizonAge: ageStart + 2,
    discount: { costs: 0, outcomes: 0 },
    overrides,
  });
  return (id: string) => a.result.strategies.find((s) => s.id === id)!.qalys.discounted;
}

describe("age-adjusted health-state utilities (hand world: SLE, ages 40-42, no deaths, discount 0)", () => {
  it("off (f_utility_age 0): SoC 24 x 0.7 / 12 = 1.4 QALYs", () => {
    expect(run(0)("soc")).toBeCloseTo(1.4, 12);
  });
  it("on, women: SoC 0.7 x (12 + 12 x 0.8838 / 0.8861) / 12", () => {
    // 0.7 x (1 + 0.997404356) = 1.398183049
    const expected = 0.7 * (1 + WOMEN[41] / WOMEN[40]);
    expect(expected).toBeCloseTo(1.398183049, 8);
    expect(run(1)("soc")).toBeCloseTo(expected, 12);
  });
  it("on, half men: each sex's own ratio (men 0.9012 / 0.9034), weighted by p_male", () => {
    const women = 0.7 * (1 + WOMEN[41] / WOMEN[40]);
    const men = 0.7 * (1 + MEN[41] / MEN[40]); // 0.7 x 1.997564755 = 1.398295329
    expect(run(1, { p_male: 0.5 })("soc")).toBeCloseTo(0.5 * women + 0.5 * men, 12);
  });
  it("f_utility_age 0.5: the multiplier is 1 - 0.5 + 0.5 x ratio", () => {
    expect(run(0.5)("soc")).toBeCloseTo(0.7 * (1 + (0.5 + (0.5 * WOMEN[41]) / WOMEN[40])), 12);
  });
  it("CAR T: the remission utility is adjusted, the one-off infusion loss is not", () => {
    // cycle 1: Waiting ½ x 0.7/12 + Infusion ½ x 0.7/12; cycle 2: Infusion ½ x 0.7/12 + Remission ½ x 0.85/12
    // (age 40: ratio 1); cycles 3-12: Remission 0.85/12; cycles 13-24 (age 41): Remission 0.85/12 x ratio;
    // minus the infusion loss 0.01 as it stands.
    const r = WOMEN[41] / WOMEN[40];
    const q = (3 * 0.7) / 24 + 0.85 / 24 + (10 * 0.85) / 12 + (12 * 0.85 * r) / 12 - 0.01;
    const at = run(1);
    for (const p of PLATFORMS) expect(at(p)).toBeCloseTo(q, 12);
  });
  it("an event's QALY loss within a state (SLE's severe flares) is not adjusted: 2 years x 1 a year x 0.05", () => {
    const base = 0.7 * (1 + WOMEN[41] / WOMEN[40]);
    const at = run(1, { r_severe_flare_controlled: 1, u_severe_flare_loss: 0.05 });
    expect(at("soc")).toBeCloseTo(base - 2 * 1 * 0.05, 12);
  });
});

describe("the cap at the general population's utility (hand world, u_remission 0.95 above the norms)", () => {
  const r = WOMEN[41] / WOMEN[40];
  // CAR T: cycle 1 as before (3 half-cycles at u_controlled 0.7, below the cap); cycle 2's half-cycle in
  // Remission and cycles 3-12 at age 40 (10 cycles); cycles 13-24 at 41; the infusion loss 0.01.
  const carT = (at40: number, at41: number) => (3 * 0.7) / 24 + at40 / 24 + (10 * at40) / 12 + (12 * at41) / 12 - 0.01;
  it("capped (f_utility_cap 1): remission at the norm, 0.8861 at 40 and 0.8838 at 41 (0.95 x ratio is above it)", () => {
    expect(0.95 * r).toBeGreaterThan(WOMEN[41]);
    const at = run(1, { u_remission: 0.95 }, 1);
    for (const p of PLATFORMS) expect(at(p)).toBeCloseTo(carT(WOMEN[40], WOMEN[41]), 12);
    // SoC's 0.7 is below the norm at both ages: as without the cap.
    expect(at("soc")).toBeCloseTo(0.7 * (1 + r), 12);
  });
  it("not capped (f_utility_cap 0): 0.95, then 0.95 x ratio", () => {
    const at = run(1, { u_remission: 0.95 }, 0);
    for (const p of PLATFORMS) expect(at(p)).toBeCloseTo(carT(0.95, 0.95 * r), 12);
  });
  it("f_utility_cap 0.5: a cap halfway between full health and the norm, 1 - 0.5 x (1 - norm)", () => {
    const cap = (n: number) => 1 - 0.5 * (1 - n); // 0.94305 at 40, 0.9419 at 41: both below 0.95 and 0.95 x ratio
    const at = run(1, { u_remission: 0.95 }, 0.5);
    for (const p of PLATFORMS) expect(at(p)).toBeCloseTo(carT(cap(WOMEN[40]), cap(WOMEN[41])), 12);
  });
});

describe("what the analysis says of the cap (utilityNorms), against the norms file and a run without the cap", () => {
  const norms = readFileSync("data/norms/uk-eq5d3l-hse2014-dsu.csv", "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",").map(Number));
  /** The first age from `from` at which the norm of `column` (1: women, 2: men) is below `u`. */
  const firstBelow = (u: number, from: number, column: 1 | 2) => norms.find((r) => r[0] >= from && r[column] < u)![0];
  it("MG (UK): u_controlled 0.89 and u_remission 0.94 are held at the norm from the start age 50, for both sexes", () => {
    const a = runCart(evidence, "mg", PRESETS.uk, loadPresetLifeTables().uk);
    expect(a.utilityNorms.capped.map((x) => [x.id, x.value, x.women, x.men])).toEqual([
      ["u_controlled", 0.89, 50, 50],
      ["u_remission", 0.94, 50, 50],
    ]);
    // The scenario without the cap is the model run with f_utility_cap 0.
    const off = runCart(evidence, "mg", PRESETS.uk, loadPresetLifeTables().uk, { overrides: { f_utility_cap: 0 } });
    for (const x of a.utilityNorms.uncapped!) {
      const v = off.versusSoc.find((y) => y.strategy === x.strategy)!;
      expect(x.incrementalQalys).toBeCloseTo(v.incrementalQalys, 9);
      expect(x.incrementalCost).toBeCloseTo(v.incrementalCost, 4);
    }
    expect(off.utilityNorms.uncapped).toBeNull();
    expect(off.utilityNorms.above.map((x) => x.id)).toEqual(["u_controlled", "u_remission"]);
  });
  it("MG (UK): the scenario with neither switch is the model built with both at 0 (the old formulas)", () => {
    const a = runCart(evidence, "mg", PRESETS.uk, loadPresetLifeTables().uk);
    const neither = runCart(evidence, "mg", PRESETS.uk, loadPresetLifeTables().uk, {
      overrides: { f_utility_age: 0, f_utility_cap: 0 },
    });
    expect(a.utilityNorms.unadjusted!.map((x) => x.strategy)).toEqual(PLATFORMS);
    for (const x of a.utilityNorms.unadjusted!) {
      const v = neither.versusSoc.find((y) => y.strategy === x.strategy)!;
      expect(x.incrementalQalys).toBeCloseTo(v.incrementalQalys, 9);
      expect(x.incrementalCost).toBeCloseTo(v.incrementalCost, 4);
    }
    expect(neither.utilityNorms.unadjusted).toBeNull();
    // JSON (the CLI's --json) reads the lazily computed scenarios.
    const json = JSON.parse(JSON.stringify(a.utilityNorms));
    expect(json.unadjusted).toHaveLength(PLATFORMS.length);
    expect(json.uncapped).toHaveLength(PLATFORMS.length);
  });
  it("SLE (UK) without the age adjustment: each utility is capped from the first age its sex's norm falls below it", () => {
    const a = runCart(evidence, "sle", PRESETS.uk, loadPresetLifeTables().uk, { overrides: { f_utility_age: 0 } });
    const remission = a.utilityNorms.capped.find((x) => x.id === "u_remission")!;
    expect(remission.women).toBe(firstBelow(0.8, 35, 1));
    expect(remission.men).toBe(firstBelow(0.8, 35, 2));
    // With the age adjustment on (the default), none of SLE's utilities is above the norms at 35, so none is capped.
    expect(runCart(evidence, "sle", PRESETS.uk, loadPresetLifeTables().uk).utilityNorms.capped).toEqual([]);
  });
});

describe("the US preset reads US norms by age group, the same for both sexes (Szende et al. 2014, Table 3.6)", () => {
  // US EQ-5D-3L index, US TTO value set: 35-44 0.889, 45-54 0.855 (both sexes together).
  const [US44, US45] = [0.889, 0.855];
  it("ages 44-46: SoC 0.7 x (12 + 12 x 0.855 / 0.889) / 12, and men the same as women", () => {
    const expected = 0.7 * (1 + US45 / US44); // 0.7 x 1.961754781 = 1.373228346
    expect(expected).toBeCloseTo(1.373228346, 8);
    expect(run(1, {}, 0, PRESETS.us, 44)("soc")).toBeCloseTo(expected, 12);
    expect(run(1, { p_male: 1 }, 0, PRESETS.us, 44)("soc")).toBeCloseTo(expected, 12);
  });
  it("within one age group the ratio is 1: ages 40-42 give SoC 24 x 0.7 / 12 = 1.4", () => {
    expect(run(1, {}, 0, PRESETS.us, 40)("soc")).toBeCloseTo(1.4, 12);
  });
  it("the cap: u_remission 0.95 held at 0.889 at 44 and 0.855 at 45", () => {
    const carT = (3 * 0.7) / 24 + US44 / 24 + (10 * US44) / 12 + (12 * US45) / 12 - 0.01;
    const at = run(1, { u_remission: 0.95 }, 1, PRESETS.us, 44);
    for (const p of PLATFORMS) expect(at(p)).toBeCloseTo(carT, 12);
  });
  it("src/cart/norms.ts holds the table of data/norms/us-eq5d3l-szende2014-tto.csv", () => {
    const rows = readFileSync("data/norms/us-eq5d3l-szende2014-tto.csv", "utf8").trim().split("\n");
    expect(rows[0]).toBe("Age,Female,Male");
    const table = PRESETS.us.utilityNorms.table;
    expect(table.key).toBe("Age");
    expect(rows.slice(1).map((l) => l.split(",").map(Number))).toEqual(
      table.columns.Age.map((age, i) => [age, table.columns.Female[i], table.columns.Male[i]]),
    );
  });
  it("the switches cite the preset's norms: SZENDE2014 under the US preset, HERNANDEZALAVA2022 under the UK's", () => {
    const source = (preset: (typeof PRESETS)["us"], lt: TableSpec) =>
      runCart(evidence, "sle", preset, lt)
        .model.provenance.filter((p) => p.id.startsWith("f_utility_"))
        .map((p) => p.row.sourceId);
    expect(source(PRESETS.us, loadPresetLifeTables().us)).toEqual(["SZENDE2014", "SZENDE2014"]);
    expect(source(PRESETS.uk, loadPresetLifeTables().uk)).toEqual(["HERNANDEZALAVA2022", "HERNANDEZALAVA2022"]);
    for (const p of Object.values(PRESETS)) expect(evidence.sources.has(p.utilityNorms.sourceId)).toBe(true);
  });
  it("the Utilities line names the US norms and gives one value for both sexes", () => {
    const a = runCart(evidence, "mg", PRESETS.us, loadPresetLifeTables().us);
    expect(a.utilityNorms.norms).toMatch(/^US EQ-5D-3L norms/);
    expect([a.utilityNorms.women, a.utilityNorms.men]).toEqual([0.855, 0.855]); // MG starts at 50: 45-54
    expect(utilityNormsSentence(a.utilityNorms, (x, d) => x.toFixed(d))).toContain(
      "at the start age 50: 0.855 (women and men)",
    );
  });
});

describe("the tornado's note on ends held at the cap (heldEndsNote)", () => {
  const held = [{ parameter: "u_remission", ends: [{ end: "high" as const, value: 0.97 }] }];
  // A CAR T model's spec as far as the note reads it: the cap's switch and the adjusted copy of u_remission.
  const spec = (cap: number) =>
    ({
      parameters: { f_utility_cap: { value: cap }, adj_u_remission: { value: "u_remission" } },
    }) as unknown as ModelSpec;
  it("names the cap for a CAR T model with the cap on, and only then", () => {
    expect(heldEndsNote(held, spec(1), String)).toContain("f_utility_cap");
    expect(heldEndsNote(held, spec(0), String)).not.toContain("f_utility_cap");
    expect(heldEndsNote(held, null, String)).not.toContain("f_utility_cap");
    expect(heldEndsNote(held, null, String)).toContain("u_remission (high 0.97)");
    expect(heldEndsNote([{ parameter: "c_price", ends: held[0].ends }], spec(1), String)).not.toContain(
      "f_utility_cap",
    );
    expect(heldEndsNote([], spec(1), String)).toBe("");
    // A decrement (u_infusion_loss) has no adjusted copy: not a health-state utility, no cap reason.
    expect(heldEndsNote([{ parameter: "u_infusion_loss", ends: held[0].ends }], spec(1), String)).not.toContain(
      "f_utility_cap",
    );
    // Without a formatter, values as the CLI prints range bounds (4 significant digits; 10,000 or more whole).
    expect(heldEndsNote([{ parameter: "c_price", ends: [{ end: "high", value: 410000 }] }], null)).toContain(
      "c_price (high 410000)",
    );
  });
});
