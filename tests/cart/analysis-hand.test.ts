import { readFileSync } from "node:fs";
/**
 * The CAR T analyses (src/cart/analysis.ts) checked against small models computed by hand.
 *
 * Two kinds of input, neither tied to the shipped disease numbers:
 * - "the hand world": the CAR T model built for one disease with EVERY parameter that matters replaced
 *   (overrides) and a hand-made life table, so that each arm's path is simple enough to follow cycle
 *   by cycle in a comment;
 * - hand-made per-cycle series (StrategyResult objects typed here) for the analyses that are plain
 *   functions of the engine's per-cycle results: cost offsets, cumulative cost, cost parity, evLYG.
 * Every expected value is written from the calculation in the comment beside it; no analysis helper
 * of src/cart is called on the expected side.
 */
import { describe, expect, it, vi } from "vitest";
import {
  buildCartModel,
  evlyGained,
  cumulativeCost,
  costParityYear,
  offsetAdjustment,
  offsetScenarios,
  PLATFORMS,
  PRESETS,
  runCart,
  type OffsetScenario,
  type Preset,
  type RunCartOptions,
} from "../../src/cart/index.js";
import { loadEvidence } from "../../src/cart/load.js";
import {
  compileModel,
  evaluate,
  type ModelResult,
  type ModelSpec,
  type StrategyResult,
  type TableSpec,
} from "../../src/model/index.js";
import { handWorld } from "../helpers/hand-world.js";

// Runs whole models: sized for a loaded 2-core machine, not vitest's 5 s default.
vi.setConfig({ testTimeout: 60_000 });

const evidence = loadEvidence();

// ---------------------------------------------------------------------------------------------
// The hand world. Monthly cycles (the CAR T model's), half-cycle counting, discount 0 unless said.
// SoC: everyone starts Controlled (f_controlled0 = 1, no damage at baseline), never flares, never
//   gets damage; no deaths (life table of zeros). Cost: c_soc_drug = 12,000 a year = 1,000 a cycle.
// CAR T (every platform alike): intention to treat, no wait (d_vein_to_vein = 0: infusion in cycle 1),
//   no manufacturing failure, everyone responds (p_response = 1) and never relapses, no treatment
//   deaths. One-off apheresis A = 5,000 at time 0; product P = 10,000 at the move Waiting -> Infusion
//   (end of cycle 1); all other CAR T costs 0; u_infusion_loss = 0.01 at that move. The infusion month
//   has the pre-treatment utility (here u_controlled, as f_controlled0 = 1); the loss is its only decrement.
// SLE's comparator strategy aHSCT (data/cart/comparators.csv, one-time) gets the same platform values
//   and reads u_remission (and the unit costs c_icu, c_ivig) from CAR T's own rows, so its arm follows the
//   CAR T arms' path exactly.
// ---------------------------------------------------------------------------------------------
const P = 10_000;
const A = 5_000;
// The hand world's own values (tests/helpers/hand-world.ts switches off damage, flares, toxicity, waiting,
// manufacturing failure, B-cell aplasia and the long-term safety events).
const DISEASE: Record<string, number> = {
  age_start: 40,
  p_male: 0,
  f_controlled0: 1,
  smr_disease: 1,
  smr_damage: 1,
  smr_remission: 1,
  c_soc_drug: 12_000,
  c_soc_monitoring: 0,
  c_soc_ae: 0,
  c_active: 0,
  c_damage: 0,
  c_remission_followup: 0,
  u_controlled: 0.7,
  u_active: 0.5,
  u_damage: 0.3,
  u_remission: 0.85,
  // smr_disease = smr_damage = 1: the damage-free rate (mu - f mu) / (1 - f) = mu whatever f_damage_smr.
  f_damage_smr: 0,
  // SLE's kidney-failure structure (nobody reaches it here: no damage at baseline, no damage rates).
  r_transplant: 0,
  r_graft_loss: 0,
  r_excess_death_transplant: 0,
  c_transplant: 0,
  c_transplant_followup: 0,
  u_transplant: 0.3,
  // SLE's CKD 3-4 -> ESKD stage and severe-flare events (nobody reaches ESKD; no flares here).
  r_eskd: 0,
  r_excess_death_eskd: 0,
  f_eskd_smr: 0,
  c_dialysis: 0,
  u_dialysis: 0.3,
  r_severe_flare_active: 0,
  r_severe_flare_controlled: 0,
  c_severe_flare: 0,
  u_severe_flare_loss: 0,
};
const PLATFORM: Record<string, number> = {
  p_response: 1,
  r_relapse: 0,
  k_relapse: 1,
  rr_retreat_response: 1,
  n_max_courses: 0,
  c_price: P,
  c_apheresis: A,
  u_infusion_loss: 0.01,
};
const NO_DISCOUNT = { costs: 0, outcomes: 0 };

/**
 * SLE's one-time comparator (data/cart/comparators.csv): it states every platform parameter but the
 * unit costs c_icu and c_ivig, and reads u_remission, c_icu and c_ivig from CAR T's rows.
 */
const COMPARATOR = "ahsct";

/** Overrides for every parameter; platform parameters set alike for all three platforms and the comparator. */
function overrides(change: Record<string, number> = {}): Record<string, number> {
  return handWorld({
    platforms: [...PLATFORMS, COMPARATOR],
    platform: PLATFORM,
    values: { ...DISEASE, m_relapse_horizon: 24, ...change },
  });
}

/** A life table with one row: the same annual death rate at every age. */
const flatTable = (female: number, male: number): TableSpec => ({
  key: "Age",
  columns: { Age: [0], Female: [female], Male: [male] },
});
const NO_DEATHS = flatTable(0, 0);

function world(
  change: Record<string, number> = {},
  options: RunCartOptions & { preset?: Preset; table?: TableSpec } = {},
) {
  const { preset = PRESETS.us, table = NO_DEATHS, ...rest } = options;
  return runCart(evidence, "sle", preset, table, {
    horizonAge: 42,
    discount: NO_DISCOUNT,
    ...rest,
    overrides: overrides(change),
  });
}
const arm = (a: ReturnType<typeof world>, id: string) => a.result.strategies.find((s) => s.id === id)!;
/**
 * A value computed inside each test that uses it (kept for the rest of that test only), so that
 * mutation testing attributes the code it runs to every test that reads it.
 */
function once<T>(f: () => T): () => T {
  let test: string | undefined;
  let v: T | undefined;
  return () => {
    const now = expect.getState().currentTestName;
    if (v === undefined || now !== test) ((v = f()), (test = now));
    return v;
  };
}

describe("the hand world (24 monthly cycles, no deaths, discount 0)", () => {
  const a = once(() => world());
  it("SoC costs 24 cycles x 1,000 = 24,000 and gives 24 x 0.7 / 12 = 1.4 QALYs", () => {
    expect(arm(a(), "soc").cost.discounted).toBeCloseTo(24_000, 8);
    expect(arm(a(), "soc").qalys.discounted).toBeCloseTo(1.4, 12);
  });
  it("CAR T costs A + half a cycle of SoC drug while waiting + P = 5,000 + 500 + 10,000", () => {
    // cycle 1: Waiting counted 1/2 at time 0 (1 member) and 1/2 at time 1 (0 members): 0.5 x 1,000
    for (const p of PLATFORMS) expect(arm(a(), p).cost.discounted).toBeCloseTo(A + 500 + P, 8);
  });
  it("CAR T QALYs: u_c/24 + u_c/24 + u_c/24 + u_r/24 + 22 u_r/12 - 0.01 (the infusion month keeps the pre-treatment utility)", () => {
    // cycle 1: Waiting 1/2 x 0.7/12, Infusion 1/2 x 0.7/12; cycle 2: Infusion 1/2 x 0.7/12, Remission 1/2 x 0.85/12;
    // cycles 3..24: Remission 0.85/12; the infusion loss 0.01 at the move Waiting -> Infusion (its only decrement:
    // not also the active-disease utility 0.5). q = 0.0875 + 0.0354167 + 1.5583333 - 0.01 = 1.67125.
    const q = 0.7 / 24 + 0.7 / 24 + 0.7 / 24 + 0.85 / 24 + (22 * 0.85) / 12 - 0.01;
    expect(q).toBeCloseTo(1.67125, 12);
    for (const p of PLATFORMS) expect(arm(a(), p).qalys.discounted).toBeCloseTo(q, 12);
  });
  it("the comparator aHSCT is a strategy of its own, on the same path here: cost A + 500 + P, QALYs 1.67125", () => {
    expect(a().result.strategies.map((s) => s.id)).toEqual(["soc", ...PLATFORMS, COMPARATOR]);
    expect(arm(a(), COMPARATOR).cost.discounted).toBeCloseTo(A + 500 + P, 8);
    expect(arm(a(), COMPARATOR).qalys.discounted).toBeCloseTo(1.67125, 12);
    // its own ICER against SoC: (15,500 - 24,000) / 0.27125; NMB at 100,000 = 27,125 + 8,500 = 35,625
    const c = a().comparators.find((x) => x.strategy === COMPARATOR)!;
    expect(c.incrementalCost).toBeCloseTo(-8_500, 8);
    expect(c.incrementalQalys).toBeCloseTo(0.27125, 12);
    expect(c.nmb).toBeCloseTo(35_625, 6);
    expect(c.costEffective).toBe(true);
  });
});

describe("threshold prices (cost-neutral and cost-effective)", () => {
  it("cost-neutral price = 24,000 - 500 - A = 18,500; cost-effective = 18,500 + wtp x dQ", () => {
    // Costs are linear in the price with slope 1 (one infusion per patient, undiscounted):
    // dC(p) = A + 500 + p - 24,000 = 0 at p = 18,500; NMB(p) = wtp dQ - dC(p) = 0 at p = 18,500 + wtp dQ,
    // dQ = 1.67125 - 1.4 = 0.27125; at wtp 100,000: 18,500 + 27,125 = 45,625.
    const a = world();
    const dQ = (3 * 0.7) / 24 + 0.85 / 24 + (22 * 0.85) / 12 - 0.01 - 1.4; // 0.27125
    for (const v of a.versusSoc) {
      const std = v.thresholds.find((t) => t.scenario === "standard")!;
      expect(std.costNeutralPrice).toBeCloseTo(18_500, 6);
      expect(std.costEffectivePrice).toBeCloseTo(18_500 + 100_000 * dQ, 6);
      expect(std.currentPrice).toBe(P);
      expect(v.incrementalCost).toBeCloseTo(A + 500 + P - 24_000, 8);
      expect(v.icer!).toBeCloseTo((A + 500 + P - 24_000) / dQ, 6);
      expect(v.nmb).toBeCloseTo(100_000 * dQ - (A + 500 + P - 24_000), 6);
    }
  });

  it("with a 3% cost rate the product is paid at the end of cycle 1, so the slope is 1.03^(-1/12)", () => {
    // SoC: sum over t = 1..24 of 1,000 x (d_{t-1} + d_t) / 2, d_k = 1.03^(-k/12).
    // CAR T without the product: A (time 0, undiscounted) + 500 x d_0. Cost-neutral price: (SoC - A - 500) / d_1.
    const d = (k: number) => Math.pow(1.03, -k / 12);
    let soc = 0;
    for (let t = 1; t <= 24; t++) soc += (1000 * (d(t - 1) + d(t))) / 2;
    const a = world({}, { discount: { costs: 0.03, outcomes: 0 } });
    for (const v of a.versusSoc) expect(v.thresholds[0].costNeutralPrice).toBeCloseTo((soc - A - 500) / d(1), 6);
  });

  it("at a price of 0 the slope is read from a second evaluation at a price of 1 and gives the same thresholds", () => {
    const a = world({ c_price: 0 });
    for (const v of a.versusSoc) expect(v.thresholds[0].costNeutralPrice).toBeCloseTo(18_500, 6);
  });

  it("under each offset scenario the cost-neutral price drops by the offsets not credited", () => {
    // Offsets O_y = care cost of SoC - care cost of CAR T in year y (undiscounted):
    // year 1: 12,000 - 500 = 11,500; year 2: 12,000 - 0 = 12,000. Uncredited (discount 0):
    // cap 10,000 a year on the comparator arm's care cost per patient alive (SoC: 1 life year a year):
    //   credited min(12,000, 10,000) - 500 = 9,500 and 10,000 - 0 = 10,000, so 2,000 + 2,000 = 4,000 not;
    // share 50%: 5,750 + 6,000 = 11,750;
    // one year of the average offset (11,500 + 12,000) / 2 = 11,750 credited: 23,500 - 11,750 = 11,750 not.
    const scenarios: OffsetScenario[] = [
      { id: "standard", label: "all", annualCap: null, share: 1, years: null },
      { id: "cap", label: "cap", annualCap: 10_000, share: 1, years: null },
      { id: "shared", label: "shared", annualCap: null, share: 0.5, years: null },
      { id: "years", label: "one year", annualCap: null, share: 1, years: 1 },
    ];
    const a = world({}, { scenarios });
    const want: Record<string, number> = { standard: 0, cap: 4_000, shared: 11_750, years: 11_750 };
    for (const v of a.versusSoc) {
      for (const t of v.thresholds) {
        expect(t.costNeutralPrice, t.scenario).toBeCloseTo(18_500 - want[t.scenario], 6);
        expect(t.incrementalCost, t.scenario).toBeCloseTo(A + 500 + P - 24_000 + want[t.scenario], 6);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-made per-cycle series for the functions of the engine's per-cycle results.
// ---------------------------------------------------------------------------------------------
type Series = Record<string, number[]>;
/** A StrategyResult with only the per-cycle series these analyses read (undiscounted = discounted unless given). */
function fake(id: string, discounted: Series, ly: number[] = [], undiscounted: Series = discounted): StrategyResult {
  const values: NonNullable<StrategyResult["perCycle"]>["values"] = {};
  for (const k of Object.keys(discounted))
    values[k] = {
      discounted: Float64Array.from(discounted[k]),
      undiscounted: Float64Array.from(undiscounted[k] ?? discounted[k]),
    };
  const n = Object.values(discounted)[0].length;
  const lyArr = Float64Array.from(ly.length ? ly : new Array(n).fill(0));
  return {
    id,
    label: id,
    perCycle: { values, lifeYears: { discounted: lyArr, undiscounted: lyArr } },
  } as unknown as StrategyResult;
}
const CARE = (drug: number[]) => ({
  c_soc_drug: drug,
  c_soc_other: drug.map(() => 0),
  c_disease_active: drug.map(() => 0),
  c_disease_damage: drug.map(() => 0),
});

describe("offsetAdjustment: the uncredited part of the offsets, per year, discounted at mid-year", () => {
  // Two cycles a year, three years, cost rate 5%. Care costs per cycle (index 0 = time 0):
  // SoC 600 every cycle; CAR T 100, 100 | 0, 0 | 700, 800. Offsets: O_1 = 1,200 - 200 = 1,000;
  // O_2 = 1,200 - 0 = 1,200; O_3 = 1,200 - 1,500 = -300 (an extra cost: always counted in full).
  // SoC life years: 0.5 a cycle (everyone alive), so 1 a year: the cap per patient alive is cap x 1.
  const LY = [0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
  const soc = fake("soc", CARE([0, 600, 600, 600, 600, 600, 600]), LY);
  const cart = fake("cart", CARE([0, 100, 100, 0, 0, 700, 800]), LY);
  const result = { cycleYears: 0.5, nCycles: 6, discount: { costs: 0.05, outcomes: 0.05 } } as ModelResult;
  const v = (y: number) => Math.pow(1.05, -(y - 0.5)); // mid-year of year y
  const sc = (s: Partial<OffsetScenario>): OffsetScenario => ({
    id: "x",
    label: "x",
    annualCap: null,
    share: 1,
    years: null,
    ...s,
  });

  it("is 0 when every offset is credited", () => {
    expect(offsetAdjustment(cart, soc, sc({}), result)).toBe(0);
  });
  it("shared savings: half of each saving is not credited; the extra cost of year 3 is not shared", () => {
    // uncredited: 500 v(1) + 600 v(2) + 0 (not -150 v(3): the share applies to savings only)
    expect(offsetAdjustment(cart, soc, sc({ share: 0.5 }), result)).toBeCloseTo(500 * v(1) + 600 * v(2), 9);
  });
  it("cap of 1,100 a year on the comparator arm's care cost per patient alive: its 1,200 counts as 1,100 every year", () => {
    // credited C_y = min(1,200, 1,100 x 1) - care_CAR T(y): 1,100 - 200 = 900; 1,100 - 0 = 1,100; 1,100 - 1,500 = -400.
    // not credited O_y - C_y: 1,000 - 900 = 100; 1,200 - 1,100 = 100; -300 - (-400) = 100.
    expect(offsetAdjustment(cart, soc, sc({ annualCap: 1_100 }), result)).toBeCloseTo(
      100 * v(1) + 100 * v(2) + 100 * v(3),
      9,
    );
  });
  it("the cap scales with the comparator arm's life years: half the cohort alive caps its care cost at half", () => {
    // SoC life years 0.25 a cycle (0.5 a year), same care costs: cap 1,100 x 0.5 = 550 a year.
    // C_y = 550 - 200 = 350; 550 - 0 = 550; 550 - 1,500 = -950. Not credited: 650, 650, 650.
    const half = fake(
      "soc",
      CARE([0, 600, 600, 600, 600, 600, 600]),
      LY.map((x) => x / 2),
    );
    expect(offsetAdjustment(cart, half, sc({ annualCap: 1_100 }), result)).toBeCloseTo(650 * (v(1) + v(2) + v(3)), 9);
  });
  it("one year of the average annual offset: (1,000 + 1,200 - 300) / 3 credited once, at mid-year 1", () => {
    // full = 1,000 v(1) + 1,200 v(2) - 300 v(3); credited = 633.33 v(1); the rest is not credited.
    const mean = (1_000 + 1_200 - 300) / 3;
    expect(offsetAdjustment(cart, soc, sc({ years: 1 }), result)).toBeCloseTo(
      1_000 * v(1) + 1_200 * v(2) - 300 * v(3) - mean * v(1),
      9,
    );
  });
  it("all three together: cap, then share, then the average of what is credited for `years` years", () => {
    // C_y after the cap: 900, 1,100, -400; after the share (savings only): 450, 550, -400; mean 600 / 3 = 200,
    // credited for 2 years: 200 v(1) + 200 v(2). Not credited: full - credited = 800 v(1) + 1,000 v(2) - 300 v(3).
    expect(offsetAdjustment(cart, soc, sc({ years: 2, annualCap: 1_100, share: 0.5 }), result)).toBeCloseTo(
      800 * v(1) + 1_000 * v(2) - 300 * v(3),
      9,
    );
  });
  it("reads the undiscounted care costs, not the discounted ones", () => {
    const socD = fake("soc", CARE([0, 1, 1, 1, 1, 1, 1]), [], CARE([0, 600, 600, 600, 600, 600, 600]));
    const cartD = fake("cart", CARE([0, 1, 1, 1, 1, 1, 1]), [], CARE([0, 100, 100, 0, 0, 700, 800]));
    expect(offsetAdjustment(cartD, socD, sc({ share: 0.5 }), result)).toBeCloseTo(500 * v(1) + 600 * v(2), 9);
  });
  it("a last year with fewer cycles than a full year is still a year", () => {
    // 5 cycles of half a year: year 3 has one cycle: O_3 = 600 - 700 = -100 (counted in full, nothing added)
    const r5 = { ...result, nCycles: 5 } as ModelResult;
    expect(offsetAdjustment(cart, soc, sc({ share: 0.5 }), r5)).toBeCloseTo(500 * v(1) + 600 * v(2), 9);
    const socMore = fake("soc", CARE([0, 600, 600, 600, 600, 900, 0]));
    // now O_3 = 900 - 700 = 200 > 0: half of it (100) not credited, at v(3)
    expect(offsetAdjustment(cart, socMore, sc({ share: 0.5 }), r5)).toBeCloseTo(
      500 * v(1) + 600 * v(2) + 100 * v(3),
      9,
    );
  });
});

describe("cumulativeCost and costParityYear", () => {
  // Two cycles a year. CAR T: a one-off of 1,500 at time 0 (index 0), then 0, 0, 2,000, 0;
  // SoC: 1,000 a cycle. QALY series (ids starting with "qaly") are not costs.
  const cart = fake("cart", {
    c_cart_product: [1_500, 0, 0, 2_000, 0],
    c_soc_drug: [0, 0, 0, 0, 0],
    qaly: [0, 9, 9, 9, 9],
  });
  const soc = fake("soc", {
    c_cart_product: [0, 0, 0, 0, 0],
    c_soc_drug: [0, 1_000, 1_000, 1_000, 1_000],
    qaly: [0, 1, 1, 1, 1],
  });

  it("sums every cost series from the one-off at time 0 on, leaving out QALYs", () => {
    expect(Array.from(cumulativeCost(cart))).toEqual([1_500, 1_500, 1_500, 3_500, 3_500]);
    expect(Array.from(cumulativeCost(soc))).toEqual([0, 1_000, 2_000, 3_000, 4_000]);
  });
  it("is the first time from which SoC's cumulative cost stays at or above: t = 4 cycles = 2 years, not the first crossing at t = 2", () => {
    // SoC >= CAR T at t = 2 (2,000 >= 1,500), below at t = 3 (3,000 < 3,500), above again at t = 4.
    expect(costParityYear(cart, soc, 0.5)).toBe(2);
  });
  it("counts equal cumulative costs as parity, and is null when SoC ends below", () => {
    const tie = fake("soc", {
      c_cart_product: [0, 0, 0, 0, 0],
      c_soc_drug: [0, 1_000, 1_000, 1_500, 0],
      qaly: [0, 0, 0, 0, 0],
    });
    expect(costParityYear(cart, tie, 0.5)).toBe(1); // 2,000 >= 1,500 at t = 2; 3,500 = 3,500 at t = 3 and 4
    const low = fake("soc", {
      c_cart_product: [0, 0, 0, 0, 0],
      c_soc_drug: [0, 1_000, 1_000, 1_000, 499],
      qaly: [0, 0, 0, 0, 0],
    });
    expect(costParityYear(cart, low, 0.5)).toBeNull(); // 3,499 < 3,500 at the end
  });
  it("in the hand world the one-off apheresis delays parity: 1,000 t >= 5,000 + 500 + 10,000 first at t = 16 months", () => {
    // CAR T cumulative cost: 5,000 at time 0 (one-off), 15,500 from t = 1 on; SoC: 1,000 t.
    // Without the one-off it would be t = 11 (1,000 t >= 10,500).
    const a = world();
    for (const v of a.versusSoc) expect(v.costParityYear).toBeCloseTo(16 / 12, 12);
  });
});

describe("evLYG (ICER): life years beyond the comparator's survival count at 0.851", () => {
  // ICER, "Value Assessment Framework" 2023-2026, section on the evLYG: in each cycle the intervention's
  // QALYs are counted as they are while its survival does not exceed the comparator's; any additional
  // life-years are valued at 0.851 (the general-population utility) and the QALYs of the shared survival
  // keep the intervention's utility (q x lyC / ly). evLYG gained = that sum - the comparator's QALYs.
  it("hand series: 0.4204", () => {
    // t = 0: ly 0, qaly -0.01 (a one-off loss) -> -0.01
    // t = 1: ly 0.5 <= 0.5          -> 0.4
    // t = 2: ly 0.5 > 0.4: 0.4 x 0.4 / 0.5 + 0.1 x 0.851 = 0.32 + 0.0851 = 0.4051
    // t = 3: ly 0.5 > 0.2: 0.3 x 0.2 / 0.5 + 0.3 x 0.851 = 0.12 + 0.2553 = 0.3753
    // sum 1.1704; SoC QALYs 0.35 + 0.3 + 0.1 = 0.75; evLYG = 0.4204
    const s = fake("cart", { qaly: [0, 0.4, 0.4, 0.3], qaly_infusion: [-0.01, 0, 0, 0] }, [0, 0.5, 0.5, 0.5]);
    const soc = fake("soc", { qaly: [0, 0.35, 0.3, 0.1], qaly_infusion: [0, 0, 0, 0] }, [0, 0.5, 0.4, 0.2]);
    expect(evlyGained(s, soc, 1)).toBeCloseTo(0.4204, 12);
  });
  it("a strategy that lives shorter keeps its own QALYs in every cycle", () => {
    const s = fake("cart", { qaly: [0, 0.2, 0.1] }, [0, 0.3, 0.2]);
    const soc = fake("soc", { qaly: [0, 0.3, 0.3] }, [0, 0.5, 0.5]);
    expect(evlyGained(s, soc, 1)).toBeCloseTo(0.3 - 0.6, 12);
  });
  it("in the hand world survival is equal, so evLYG equals the QALYs gained exactly", () => {
    const a = world();
    for (const v of a.versusSoc) expect(v.incrementalEvly!).toBeCloseTo(v.incrementalQalys, 12);
    for (const v of a.versusSoc) expect(v.costPerEvlyg!).toBeCloseTo(v.incrementalCost / v.incrementalQalys, 6);
  });
});

describe("intention to treat vs per infused patient", () => {
  // p_mfg_fail = 0.2, no second attempt: under ITT 0.8 of the patients reach infusion at the end of
  // cycle 1 and 0.2 return to SoC (Controlled); everyone pays the apheresis (one-off at time 0).
  // Per infused patient everyone is infused at time 0: apheresis + product as one-offs, loss 0.01 at once.
  const itt = once(() => world({ p_mfg_fail: 0.2 }));
  const inf = once(() => world({ p_mfg_fail: 0.2 }, { intentionToTreat: false }));
  it("labels the population", () => {
    expect(itt().population).toBe("intention to treat");
    expect(inf().population).toBe("infused patients");
  });
  it("ITT: product 0.8 P, apheresis A; per infused: product P, apheresis A (all at time 0)", () => {
    for (const p of PLATFORMS) {
      expect(arm(itt(), p).values.c_cart_product.discounted).toBeCloseTo(0.8 * P, 8);
      expect(arm(itt(), p).values.c_cart_episode.discounted).toBeCloseTo(A, 8);
      expect(arm(inf(), p).values.c_cart_product.discounted).toBeCloseTo(P, 8);
      expect(arm(inf(), p).values.c_cart_episode.discounted).toBeCloseTo(A, 8);
      expect(arm(inf(), p).oneOff.c_cart_product).toBeCloseTo(P, 8);
    }
  });
  it("ITT trace: 0.8 in Infusion and 0.2 back on SoC after cycle 1; per infused: everyone in Remission after cycle 1", () => {
    const S = itt().result.states.length;
    const at = (a: ReturnType<typeof itt>, p: string, k: number, s: string) =>
      arm(a, p).trace![k * S + a.result.states.indexOf(s)];
    expect(at(itt(), "autologous", 1, "Infusion")).toBeCloseTo(0.8, 12);
    expect(at(itt(), "autologous", 1, "Controlled")).toBeCloseTo(0.2, 12);
    expect(at(inf(), "autologous", 0, "Infusion")).toBeCloseTo(1, 12);
    expect(at(inf(), "autologous", 1, "Remission")).toBeCloseTo(1, 12);
  });
  it("SoC is the same under both definitions", () => {
    expect(arm(inf(), "soc").cost.discounted).toBeCloseTo(arm(itt(), "soc").cost.discounted, 8);
  });
});

describe("cohorts read their own sex's life table", () => {
  // Flat death rates: women 0.02 a year, men 0.2 a year; 30% men. SoC (Controlled, smr 1): survival to
  // time k is exp(-mu k / 12) (monthly probability 1 - exp(-mu / 12)); half-cycle life years, discount 0:
  // LY(mu) = sum_{t=1..24} (S_{t-1} + S_t) / 2 / 12. SoC LY = 0.7 LY(0.02) + 0.3 LY(0.2).
  const ly = (mu: number) => {
    let s = 0;
    for (let t = 1; t <= 24; t++) s += (Math.exp((-mu * (t - 1)) / 12) + Math.exp((-mu * t) / 12)) / 2 / 12;
    return s;
  };
  it("SoC life years = 0.7 LY(0.02) + 0.3 LY(0.2), not the sexes swapped", () => {
    const base = overrides();
    base.p_male = 0.3;
    const a = runCart(evidence, "sle", PRESETS.us, flatTable(0.02, 0.2), {
      horizonAge: 42,
      discount: NO_DISCOUNT,
      overrides: base,
    });
    expect(arm(a, "soc").lifeYears.discounted).toBeCloseTo(0.7 * ly(0.02) + 0.3 * ly(0.2), 12);
    expect(0.7 * ly(0.02) + 0.3 * ly(0.2) - (0.3 * ly(0.02) + 0.7 * ly(0.2))).toBeGreaterThan(0.01); // the check can tell
  });
});

describe("cycle lengths in days and weeks: a year is 365.25 days (docs/model-spec.md, settings)", () => {
  const oneState = (cycleLength: ModelSpec["settings"]["cycleLength"]): ModelSpec => ({
    name: "alive",
    settings: { cycleLength, horizon: { cycles: 10 }, discount: { costs: 0, outcomes: 0 }, method: "beginning" },
    values: [{ id: "c", kind: "cost", per: "year" }],
    states: [{ id: "Alive", values: { c: 365.25 } }],
    transitions: { Alive: { Alive: 1 } },
    init: { Alive: 1 },
  });
  it("10 cycles of 7 days are 70 / 365.25 life years; a yearly cost of 365.25 costs 70", () => {
    const r = evaluate(compileModel(oneState({ days: 7 })));
    expect(r.cycleYears).toBe(7 / 365.25);
    expect(r.strategies[0].lifeYears.undiscounted).toBeCloseTo(70 / 365.25, 14);
    expect(r.strategies[0].cost.undiscounted).toBeCloseTo(70, 10);
  });
  it("10 cycles of 2 weeks are 140 / 365.25 life years", () => {
    const r = evaluate(compileModel(oneState({ weeks: 2 })));
    expect(r.cycleYears).toBe(14 / 365.25);
    expect(r.strategies[0].cost.undiscounted).toBeCloseTo(140, 10);
  });
  it("the CAR T model turns a vein-to-vein time in days into a rate per year with the same 365.25", () => {
    // d_vein_to_vein = 365.25 / 12 days -> attempt rate 12 a year -> cumulative hazard 1 per monthly cycle:
    // P(still waiting after cycle 1) = exp(-1) (no other exits from Waiting in the hand world).
    const a = world({ d_vein_to_vein: 365.25 / 12 });
    const S = a.result.states.length;
    expect(arm(a, "autologous").trace![1 * S + a.result.states.indexOf("Waiting")]).toBeCloseTo(Math.exp(-1), 12);
  });
});

/** EQ-5D-3L norm for England at the last whole age <= age, read from the data file (not through src/cart/norms.ts). */
const NORMS = readFileSync("data/norms/uk-eq5d3l-hse2014-dsu.csv", "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((l) => l.split(",").map(Number));
function normAt(sex: "Female" | "Male", age: number): number {
  const row = [...NORMS].reverse().find((r) => r[0] <= age) ?? NORMS[0];
  return sex === "Female" ? row[1] : row[2];
}

describe("NICE severity modifier: QALY shortfall cut-offs (NICE manual 2022, 6.2.15)", () => {
  // General population, women (p_male = 0), no deaths, discount 0, monthly half-cycle counting: with
  // constant counts the two halves of each cycle add up, so QALE = sum_{t=1..12H} u(a_t) / 12, with
  // u(a) the EQ-5D-3L norm for England at the last whole age <= a (Hernandez Alava et al. 2022, NICE DSU;
  // read here from data/norms/uk-eq5d3l-hse2014-dsu.csv) and a_t = 20 + (t - 1) / 12.
  // SoC QALYs = u_controlled x H. So the shortfall is set by choosing u_controlled.
  const qale = (H: number) => {
    let q = 0;
    for (let t = 1; t <= 12 * H; t++) {
      const age = 20 + (t - 1) / 12;
      q += normAt("Female", age) / 12;
    }
    return q;
  };
  const uk: Preset = { ...PRESETS.uk };
  const severityAt = (H: number, uControlled: number) => {
    const base = overrides();
    base.age_start = 20;
    base.u_controlled = uControlled;
    return runCart(evidence, "sle", uk, NO_DEATHS, { horizonAge: 20 + H, discount: NO_DISCOUNT, overrides: base })
      .severity!;
  };
  const next = (x: number, dir: 1 | -1) => {
    const b = new DataView(new ArrayBuffer(8));
    b.setFloat64(0, x);
    b.setBigUint64(0, b.getBigUint64(0) + BigInt(dir)); // positive x: +1 ulp up, -1 ulp down
    return b.getFloat64(0);
  };

  it("the general-population QALYs come from the model's life table and the DSU norms for England", () => {
    const s = severityAt(30, 0.5);
    expect(s.generalPopulationQalys).toBeCloseTo(qale(30), 10);
    expect(s.absoluteShortfall).toBeCloseTo(qale(30) - 15, 10);
    expect(s.proportionalShortfall).toBeCloseTo((qale(30) - 15) / qale(30), 12);
  });

  /**
   * For a cut-off c of the absolute (or proportional) shortfall: the modifier well below, 1e-6 below,
   * at (the smallest shortfall >= c the model can produce, found by moving u_controlled one ulp at a
   * time; exactly c when reachable) and 1e-6 above.
   */
  function checkCutOff(H: number, kind: "absolute" | "proportional", c: number, below: number, above: number) {
    const Q = qale(H);
    const uFor = (short: number) => (kind === "absolute" ? (Q - short) / H : (Q * (1 - short)) / H);
    const value = (s: ReturnType<typeof severityAt>) =>
      kind === "absolute" ? s.absoluteShortfall : s.proportionalShortfall;
    const eps = kind === "absolute" ? 1e-6 : 1e-8;
    expect(severityAt(H, uFor(c - eps)).modifier).toBe(below);
    expect(severityAt(H, uFor(c + eps)).modifier).toBe(above);
    // walk u to the last value whose shortfall is still >= c (a larger u gives a smaller shortfall)
    let u = uFor(c);
    let s = severityAt(H, u);
    for (let i = 0; i < 200 && value(s) < c; i++) s = severityAt(H, (u = next(u, -1)));
    for (let i = 0; i < 200; i++) {
      const s2 = severityAt(H, next(u, 1));
      if (value(s2) < c) break;
      s = s2;
      u = next(u, 1);
    }
    expect(value(s)).toBeGreaterThanOrEqual(c);
    expect(value(s) - c).toBeLessThan(1e-12);
    expect(s.modifier).toBe(above);
    const justBelow = severityAt(H, next(u, 1));
    expect(value(justBelow)).toBeLessThan(c);
    expect(justBelow.modifier).toBe(below);
  }

  it("absolute shortfall 12: weight 1 below, 1.2 at and above", () => checkCutOff(30, "absolute", 12, 1, 1.2), 120_000);
  it(
    "absolute shortfall 18: weight 1.2 below, 1.7 at and above",
    () => checkCutOff(30, "absolute", 18, 1.2, 1.7),
    120_000,
  );
  it(
    "proportional shortfall 0.85: weight 1 below, 1.2 at and above",
    () => checkCutOff(10, "proportional", 0.85, 1, 1.2),
    120_000,
  );
  it(
    "proportional shortfall 0.95: weight 1.2 below, 1.7 at and above",
    () => checkCutOff(10, "proportional", 0.95, 1.2, 1.7),
    120_000,
  );

  it("the severity population mixes the sexes by p_male with each sex's own life table and norms", () => {
    // Flat death rates: women 0.01, men 0.1; 40% men; H = 10 years; general population QALE =
    // sum_sex w_sex sum_t u_sex(a_t) (S_{t-1} + S_t) / 2 / 12 with S_k = exp(-mu k / 12), u_sex the sex's own norms.
    let want = 0;
    for (const [w, mu, male] of [
      [0.6, 0.01, 0],
      [0.4, 0.1, 1],
    ]) {
      for (let t = 1; t <= 120; t++) {
        const age = 20 + (t - 1) / 12;
        const u = normAt(male ? "Male" : "Female", age);
        want += (w * u * (Math.exp((-mu * (t - 1)) / 12) + Math.exp((-mu * t) / 12))) / 2 / 12;
      }
    }
    const base = overrides();
    base.age_start = 20;
    base.p_male = 0.4;
    const s = runCart(evidence, "sle", uk, flatTable(0.01, 0.1), {
      horizonAge: 30,
      discount: NO_DISCOUNT,
      overrides: base,
    }).severity!;
    expect(s.generalPopulationQalys).toBeCloseTo(want, 10);
  });
});

describe("building the hand world", () => {
  it("the overrides replace every parameter the model reads (none keeps a shipped value)", () => {
    const built = buildCartModel(evidence, "sle", PRESETS.us, NO_DEATHS, { overrides: overrides() });
    const notOverridden = built.provenance.filter((p) => !p.overridden).map((p) => p.parameter);
    expect(notOverridden).toEqual([]);
  });
});

describe("the other results of runCart in the hand world", () => {
  it("strategy summaries: discounted and undiscounted totals and cost components", () => {
    // 3% for costs and outcomes. SoC: 1,000 a cycle, life years 1/12 a cycle, counted half at each end:
    // discounted sum_t (d_{t-1} + d_t) / 2 x amount, d_k = 1.03^(-k/12); undiscounted 24,000 and 2 years.
    const d = (k: number) => Math.pow(1.03, -k / 12);
    let w = 0;
    for (let t = 1; t <= 24; t++) w += (d(t - 1) + d(t)) / 2;
    const a = world({}, { discount: { costs: 0.03, outcomes: 0.03 } });
    const soc = a.strategies.find((s) => s.id === "soc")!;
    expect(soc.cost).toBeCloseTo(1000 * w, 8);
    expect(soc.costUndiscounted).toBeCloseTo(24_000, 8);
    expect(soc.lifeYears).toBeCloseTo(w / 12, 12);
    expect(soc.lifeYearsUndiscounted).toBeCloseTo(2, 12);
    expect(soc.qalys).toBeCloseTo((0.7 * w) / 12, 12);
    expect(soc.qalysUndiscounted).toBeCloseTo(1.4, 12);
    expect(soc.components.c_soc_drug).toBeCloseTo(1000 * w, 8);
    const auto = a.strategies.find((s) => s.id === "autologous")!;
    // product at the end of cycle 1 (d_1); apheresis at time 0; half a cycle of SoC drug at time 0
    expect(auto.components.c_cart_product).toBeCloseTo(P * d(1), 8);
    expect(auto.components.c_cart_episode).toBeCloseTo(A, 8);
    expect(auto.cost).toBeCloseTo(P * d(1) + A + 500, 8);
    expect(auto.costUndiscounted).toBeCloseTo(P + A + 500, 8);
    expect(auto.label.length).toBeGreaterThan(0);
  });

  it("the incremental table compares with SoC: incremental NMB = wtp x dQ - dC", () => {
    const a = world();
    const dQ = (3 * 0.7) / 24 + 0.85 / 24 + (22 * 0.85) / 12 - 0.01 - 1.4; // 0.27125
    const row = a.incremental.find((r) => r.id === "autologous")!;
    expect(row.incrementalNmb).toBeCloseTo(100_000 * dQ - (A + 500 + P - 24_000), 6);
    expect(a.incremental.find((r) => r.id === "soc")!.incrementalNmb).toBe(0);
    expect(a.wtp).toBe(100_000);
    expect(world({}, { wtp: 50_000 }).versusSoc[0].thresholds[0].costEffectivePrice).toBeCloseTo(
      18_500 + 50_000 * dQ,
      6,
    );
  });

  it("the preset's alternative discount rates give a second set of results (here 0%, so equal to the base case)", () => {
    const preset: Preset = {
      ...PRESETS.uk,
      discount: NO_DISCOUNT,
      discountScenario: { costs: 0, outcomes: 0, note: "test" },
    };
    const a = runCart(evidence, "sle", preset, NO_DEATHS, { horizonAge: 42, overrides: overrides() });
    const dQ = (3 * 0.7) / 24 + 0.85 / 24 + (22 * 0.85) / 12 - 0.01 - 1.4; // 0.27125
    const dC = A + 500 + P - 24_000;
    expect(a.discountScenario!.rates).toEqual({ costs: 0, outcomes: 0 });
    expect(a.discountScenario!.note).toBe("test");
    for (const v of a.discountScenario!.versusSoc) {
      expect(v.incrementalCost).toBeCloseTo(dC, 8);
      expect(v.incrementalQalys).toBeCloseTo(dQ, 12);
      expect(v.icer!).toBeCloseTo(dC / dQ, 6);
      expect(v.nmb).toBeCloseTo(25_000 * dQ - dC, 6);
    }
  });

  it("with no patient ever infused there is no threshold price (NaN), and no product cost", () => {
    const a = world({ p_mfg_fail: 1 });
    for (const v of a.versusSoc) {
      expect(arm(a, v.strategy).values.c_cart_product.discounted).toBe(0);
      expect(v.thresholds[0].costNeutralPrice).toBeNaN();
      expect(v.thresholds[0].costEffectivePrice).toBeNaN();
    }
  });

  it("offsetScenarios(preset): all credited, the preset's cap, 50% shared, 12 years", () => {
    const s = offsetScenarios(PRESETS.us);
    expect(s.map(({ id, annualCap, share, years }) => ({ id, annualCap, share, years }))).toEqual([
      { id: "standard", annualCap: null, share: 1, years: null },
      { id: "cap", annualCap: 150_000, share: 1, years: null },
      { id: "shared", annualCap: null, share: 0.5, years: null },
      { id: "years", annualCap: null, share: 1, years: 12 },
    ]);
    expect(s[1].label).toContain("150,000 USD");
    expect(s[3].label).toContain("12 years");
    expect(offsetScenarios(PRESETS.us, undefined, 5)[3].years).toBe(5);
  });
});

describe("corners of the analyses", () => {
  it("cost parity from time 0 when SoC is never cheaper, and QALY series of any name are not costs", () => {
    const cart = fake("cart", { c_cart_product: [0, 1, 1], qaly: [0, 5, 5], qaly_infusion: [7, 0, 0] });
    const soc = fake("soc", { c_cart_product: [0, 2, 2], qaly: [0, 5, 5], qaly_infusion: [0, 0, 0] });
    expect(Array.from(cumulativeCost(cart))).toEqual([0, 1, 2]);
    expect(costParityYear(cart, soc, 0.5)).toBe(0);
  });
  it("with a 3% cost rate the cost-effective price is (wtp dQ - dC at price 0) / d_1", () => {
    // as the 3% cost-neutral case; QALYs undiscounted (outcomes 0%): dQ as in the hand world
    const d = (k: number) => Math.pow(1.03, -k / 12);
    let soc = 0;
    for (let t = 1; t <= 24; t++) soc += (1000 * (d(t - 1) + d(t))) / 2;
    const dQ = (3 * 0.7) / 24 + 0.85 / 24 + (22 * 0.85) / 12 - 0.01 - 1.4; // 0.27125
    const a = world({}, { discount: { costs: 0.03, outcomes: 0 } });
    for (const v of a.versusSoc)
      expect(v.thresholds[0].costEffectivePrice).toBeCloseTo((100_000 * dQ - (A + 500 - soc)) / d(1), 6);
  });
  it("incremental life years: 0 when nobody dies; with deaths in SoC only, LY(CAR T) - LY(SoC)", () => {
    expect(world().versusSoc[0].incrementalLifeYears).toBeCloseTo(0, 12);
  });
  it("UK preset: no evLYG (null, and no cost per evLYG); a discount override drops the preset's discount scenario", () => {
    const a = world({}, { preset: PRESETS.uk });
    for (const v of a.versusSoc) {
      expect(v.incrementalEvly).toBeNull();
      expect(v.costPerEvlyg).toBeNull();
    }
    expect(a.discountScenario).toBeNull(); // world() passes discount 0%: an explicit rate replaces the scenario
    expect(a.population).toBe("intention to treat");
    expect(world({}, { intentionToTreat: false }).population).toBe("infused patients");
  });
  it("scenario labels say what each scenario credits", () => {
    const s = offsetScenarios(PRESETS.us);
    expect(s[0].label).toBe("Standard analysis (all offsets credited)");
    expect(s[1].label).toBe("Comparator arm's annual care cost capped at 150,000 USD per patient (ICER)");
    expect(s[2].label).toBe("Shared savings: 50% of offsets credited to the health system (ICER)");
    expect(s[3].label).toBe("12 years of the average annual offset (a summary measure, not an ICER scenario)");
  });
});

describe("the smaller [7] definitions in the hand world (24 monthly cycles, no deaths, discount 0)", () => {
  it("B-cell aplasia is counted in months since infusion: 3 months x IVIG 12,000 a year = 3,000", () => {
    // Remission from time 1 on; its tunnels k = 1, 2, 3 have yearsInState x 12 = 0, 1, 2 < 3 months, and
    // each is an interior count of the half-cycle rule (weight 1): 3 x 12,000 / 12 = 3,000.
    const a = world({ m_bcell_aplasia: 3, p_ivig: 1, c_ivig: 12_000 });
    for (const p of PLATFORMS) expect(arm(a, p).values.c_cart_followup.discounted).toBeCloseTo(3_000, 8);
  });

  it("a second manufacture pays a new apheresis: with p_mfg_fail 0.2 all retried, A x (1 + 0.2 + 0.04 + ...) = 1.25 A", () => {
    // No wait: each cycle 0.8 of those waiting are infused and 0.2 wait for a second (third, ...)
    // manufacture, each with a new apheresis. Expected aphereses: 1 + sum_k 0.2^k = 1.25 -> 6,250.
    // The product is paid once per infused patient: sum_k 0.2^k x 0.8 = 1 -> P.
    const a = world({ p_mfg_fail: 0.2, p_remanufacture: 1 });
    for (const p of PLATFORMS) {
      expect(arm(a, p).values.c_cart_episode.discounted).toBeCloseTo(1.25 * A, 8);
      expect(arm(a, p).values.c_cart_product.discounted).toBeCloseTo(P, 8);
    }
  });

  it("per infused patient, patients with damage at baseline (never offered CAR T) are left out of both arms", () => {
    // f_damage0 = 0.1. Per infused: everyone starts in Infusion (CAR T) or Controlled (SoC).
    // SoC: 24,000 and 24 x 0.7 / 12 = 1.4. CAR T: A + P as one-offs at time 0 = 15,000; QALYs: cycle 1
    // Infusion 1/2 x 0.7/12 + Remission 1/2 x 0.85/12, cycles 2..24 Remission 0.85/12, loss 0.01:
    // 0.0291667 + 0.0354167 + 1.6291667 - 0.01 = 1.68375.
    const inf = world({ f_damage0: 0.1 }, { intentionToTreat: false });
    expect(arm(inf, "soc").cost.discounted).toBeCloseTo(24_000, 8);
    expect(arm(inf, "soc").qalys.discounted).toBeCloseTo(1.4, 12);
    for (const p of PLATFORMS) {
      expect(arm(inf, p).cost.discounted).toBeCloseTo(A + P, 8);
      expect(arm(inf, p).qalys.discounted).toBeCloseTo(0.7 / 24 + 0.85 / 24 + (23 * 0.85) / 12 - 0.01, 12);
    }
  });

  it("intention to treat, the 10% with damage stay on SoC in every arm", () => {
    // SoC: 0.9 x 1.4 + 0.1 x 2 x u_damage 0.3 = 1.32 QALYs; cost 24,000 (Damage pays the SoC drug too).
    // CAR T: 0.9 x (A + 500 + P) + 0.1 x 24,000 = 13,950 + 2,400 = 16,350.
    const itt = world({ f_damage0: 0.1 });
    expect(arm(itt, "soc").qalys.discounted).toBeCloseTo(1.32, 12);
    expect(arm(itt, "soc").cost.discounted).toBeCloseTo(24_000, 8);
    for (const p of PLATFORMS) expect(arm(itt, p).cost.discounted).toBeCloseTo(16_350, 8);
  });
});
