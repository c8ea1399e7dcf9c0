import { readFileSync } from "node:fs";
import { csvParse } from "d3-dsv";
import { describe, expect, it } from "vitest";
import { generalPopulationQalys, runCart, severityWeight } from "../../src/cart/analysis.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { UK_EQ5D3L_NORMS } from "../../src/cart/norms.js";
import { PRESETS } from "../../src/cart/presets.js";
import type { ModelSpec, TableSpec } from "../../src/model/spec/spec.js";

// The norms read straight from the data file, not through the module under test.
const csv = csvParse(readFileSync("data/norms/uk-eq5d3l-hse2014-dsu.csv", "utf8"));
const norm = (sex: "Female" | "Male", age: number) => Number(csv.find((r) => Number(r.Age) === age)![sex]);

/** A cohort of women (pMale 0) or men (1) starting at `age`, annual cycles, no discounting. */
function settings(age: number, pMale: number, cycles: number): ModelSpec {
  return {
    settings: { cycleLength: { years: 1 }, horizon: { cycles }, startAge: age, discount: { costs: 0, outcomes: 0 } },
    cohorts: [
      { id: "female", weight: 1 - pMale },
      { id: "male", weight: pMale },
    ],
  } as unknown as ModelSpec;
}
const constantRate = (r: number): TableSpec => ({
  key: "Age",
  columns: { Age: [0, 200], Female: [r, r], Male: [r, r] },
});

describe("EQ-5D-3L population norms for England (Hernández Alava, Pudney & Wailoo 2022, NICE DSU)", () => {
  it("the module's table is the data file's, age by age and sex by sex (ages 16-100)", () => {
    expect(csv.length).toBe(85);
    expect(UK_EQ5D3L_NORMS.columns.Age).toEqual(csv.map((r) => Number(r.Age)));
    expect(UK_EQ5D3L_NORMS.columns.Female).toEqual(csv.map((r) => Number(r.Female)));
    expect(UK_EQ5D3L_NORMS.columns.Male).toEqual(csv.map((r) => Number(r.Male)));
  });
  it("has the published values at 50 (women 0.8594, men 0.8793) and 100 (0.5934, 0.6946)", () => {
    expect(norm("Female", 50)).toBe(0.8594);
    expect(norm("Male", 50)).toBe(0.8793);
    expect(norm("Female", 100)).toBe(0.5934);
    expect(norm("Male", 100)).toBe(0.6946);
  });
});

describe("general-population QALYs and the QALY shortfall (hand calculations)", () => {
  it("women aged 50, death rate 0.1/yr, two annual cycles, half-cycle counting", () => {
    // Alive at t = 0, 1, 2: 1, e^-0.1 = 0.9048374, e^-0.2 = 0.8187308. Half-cycle: year 1 counts
    // (1 + 0.9048374)/2 = 0.9524187 alive at the age-50 norm 0.8594, year 2 (0.9048374 + 0.8187308)/2
    // = 0.8617841 at the age-51 norm 0.8562: 0.8185086 + 0.7378595 = 1.5563682 (to 7 digits).
    const expected =
      ((1 + Math.exp(-0.1)) / 2) * norm("Female", 50) + ((Math.exp(-0.1) + Math.exp(-0.2)) / 2) * norm("Female", 51);
    expect(expected).toBeCloseTo(1.5563682, 6);
    expect(generalPopulationQalys(settings(50, 0, 2), constantRate(0.1))).toBeCloseTo(expected, 10);
    // A patient cohort with 0.9 QALYs over the same two years: absolute shortfall 1.5563682 - 0.9 =
    // 0.6563682, proportional 0.6563682 / 1.5563682 = 0.4217307: weight 1.
    const abs = expected - 0.9;
    expect(abs / expected).toBeCloseTo(0.4217307, 6);
    expect(severityWeight(abs, abs / expected)).toBe(1);
  });
  it("men aged 30 without deaths: one year at the age-30 norm 0.9232 (men, not women: 0.9042)", () => {
    expect(generalPopulationQalys(settings(30, 1, 1), constantRate(0))).toBeCloseTo(0.9232, 10);
    expect(generalPopulationQalys(settings(30, 0, 1), constantRate(0))).toBeCloseTo(0.9042, 10);
    // A 40/60 mix weights the two: 0.4 * 0.9232 + 0.6 * 0.9042 = 0.9118.
    expect(generalPopulationQalys(settings(30, 0.4, 1), constantRate(0))).toBeCloseTo(0.9118, 10);
  });
  it("ages below the table's first (16) use the age-16 norm", () => {
    expect(generalPopulationQalys(settings(12, 0, 1), constantRate(0))).toBeCloseTo(0.9103, 10);
  });
});

describe("severity weight at and either side of NICE's cut-offs (manual 2022, 6.2.15)", () => {
  const eps = 1e-9;
  it("absolute shortfall: 12 and 18 QALYs (proportional held at 0.5)", () => {
    expect(severityWeight(12 - eps, 0.5)).toBe(1);
    expect(severityWeight(12, 0.5)).toBe(1.2);
    expect(severityWeight(12 + eps, 0.5)).toBe(1.2);
    expect(severityWeight(18 - eps, 0.5)).toBe(1.2);
    expect(severityWeight(18, 0.5)).toBe(1.7);
    expect(severityWeight(18 + eps, 0.5)).toBe(1.7);
  });
  it("proportional shortfall: 0.85 and 0.95 (absolute held at 5)", () => {
    expect(severityWeight(5, 0.85 - eps)).toBe(1);
    expect(severityWeight(5, 0.85)).toBe(1.2);
    expect(severityWeight(5, 0.85 + eps)).toBe(1.2);
    expect(severityWeight(5, 0.95 - eps)).toBe(1.2);
    expect(severityWeight(5, 0.95)).toBe(1.7);
    expect(severityWeight(5, 0.95 + eps)).toBe(1.7);
  });
  it("either criterion is enough: the larger weight wins", () => {
    expect(severityWeight(18, 0.1)).toBe(1.7);
    expect(severityWeight(1, 0.96)).toBe(1.7);
    expect(severityWeight(13, 0.96)).toBe(1.7);
  });
});

describe("the UK preset's severity result", () => {
  it("uses the DSU norms and the ONS life table, and its weight follows from its own shortfalls", () => {
    const evidence = loadEvidence();
    const lt = loadPresetLifeTables().uk;
    const a = runCart(evidence, "mg", PRESETS.uk, lt);
    const s = a.severity!;
    expect(s.note).toMatch(/Hernández Alava/);
    // The general population's discounted QALYs written out here from the two data files (not through
    // generalPopulationQalys or the engine): the model's cohorts (65% women at 50; settings read from its
    // spec), monthly cycles, death probability 1 - exp(-m_x / 12) at the age in completed years (ONS
    // 2018-2020, last row past 100), the norm of that age (16 below 16, 100 past 100), half-cycle
    // counting of the counts at the start and end of each month, each discounted 3.5% a year.
    const mx = csvParse(readFileSync("data/lifetables/uk-ons-2018-2020-mx.csv", "utf8"));
    const rate = (sex: "Female" | "Male", age: number) => Number(mx[Math.min(Math.floor(age), 100)][sex]);
    const settings = a.model.spec.settings as { horizon: { cycles: number }; startAge: number };
    expect(a.model.spec.settings.cycleLength).toEqual({ months: 1 });
    expect(a.model.spec.settings.discount!.outcomes).toBe(0.035);
    let expected = 0;
    for (const c of a.model.spec.cohorts!) {
      const sex = c.id === "male" ? "Male" : "Female";
      let alive = 1,
        qalys = 0;
      for (let t = 1; t <= settings.horizon.cycles; t++) {
        const age = settings.startAge + (t - 1) / 12;
        const next = alive * Math.exp(-rate(sex, age) / 12);
        const u = norm(sex, Math.min(Math.max(Math.floor(age), 16), 100));
        qalys += (u / 12) * ((alive * 1.035 ** (-(t - 1) / 12) + next * 1.035 ** (-t / 12)) / 2);
        alive = next;
      }
      expected += c.weight! * qalys;
    }
    expect(a.model.spec.cohorts!.find((c) => c.id === "female")!.weight).toBeCloseTo(0.65, 12);
    expect(s.generalPopulationQalys).toBeCloseTo(expected, 8);
    const soc = a.strategies.find((x) => x.id === "soc")!;
    expect(s.absoluteShortfall).toBeCloseTo(s.generalPopulationQalys - soc.qalys, 10);
    expect(s.proportionalShortfall).toBeCloseTo(s.absoluteShortfall / s.generalPopulationQalys, 10);
    // NICE manual 2022, 6.2.15: 1.7 from 18 QALYs or 95%, 1.2 from 12 QALYs or 85%, else 1 (written out here).
    const nice = (abs: number, prop: number) => (abs >= 18 || prop >= 0.95 ? 1.7 : abs >= 12 || prop >= 0.85 ? 1.2 : 1);
    expect(s.modifier).toBe(nice(s.absoluteShortfall, s.proportionalShortfall));
  }, 120_000);
});
