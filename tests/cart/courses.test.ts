/**
 * Issue [7] (12), item 4: retreatment response (rr_retreat_response, so p_retreat_response =
 * rr_retreat_response × p_response) and a cap on courses (n_max_courses) as course-indexed states
 * (src/cart/model.ts courseSets). Expected values are worked out by hand in the comments on a
 * chain whose every step is 1/2, so the fractions are exact; inputs are overrides on a flat life
 * table with no deaths, not the shipped numbers.
 */
import { describe, expect, it } from "vitest";
import { buildCartModel, PLATFORMS, PRESETS, runCart } from "../../src/cart/index.js";
import { courseSets } from "../../src/cart/model.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import type { ModelResult, TableSpec } from "../../src/model/index.js";
import { handWorld } from "../helpers/hand-world.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const noDeaths: TableSpec = { key: "Age", columns: { Age: [0], Female: [0], Male: [0] } };
const NO_DISCOUNT = { costs: 0, outcomes: 0 };

function share(r: ModelResult, strategy: string, state: string, t: number): number {
  const S = r.states.length;
  const tr = r.strategies.find((s) => s.id === strategy)!.trace!;
  const k = r.states.indexOf(state);
  return k < 0 ? 0 : tr[t * S + k];
}

// Per infused patient, no deaths, no wait (d_vein_to_vein 0) and no manufacturing failure: a patient in a
// Waiting state is infused in the next cycle. First response 1, retreatment response rr 0.5 x 1 = 0.5, every
// relapse retreated (p_retreat 1) while the cap allows. Relapse: Weibull shape 1 with r = 12 ln 2 a year, so
// the monthly relapse probability is 1 - exp(-ln 2) = 1/2. Episode: c_episode = c_lymphodepletion 1,000 (all
// other episode items 0), apheresis 100 per course (the first one at time 0 with the one-off costs). Damage,
// flares, toxicity, B-cell aplasia and the long-term safety events are off (tests/helpers/hand-world.ts).
const base = handWorld({
  platforms: PLATFORMS,
  platform: {
    p_response: 1,
    rr_retreat_response: 0.5,
    p_retreat: 1,
    r_relapse: 12 * Math.log(2),
    k_relapse: 1,
    c_price: 10_000,
    c_apheresis: 100,
    c_lymphodepletion: 1_000,
  },
  values: { age_start: 40 },
});
const run = (cycles: number, change: Record<string, number>) =>
  runCart(evidence, "graves", PRESETS.us, noDeaths, {
    overrides: { ...base, ...change },
    horizonAge: 40 + cycles / 12,
    discount: NO_DISCOUNT,
    intentionToTreat: false,
  });
const auto = (a: ReturnType<typeof run>) => a.result.strategies.find((s) => s.id === "autologous")!;

describe("retreatment courses: hand calculation with a cap of 2 courses", { timeout: 120_000 }, () => {
  // Shares at each time (cap 2). t0: Infusion 1. t1: Remission 1. t2: Remission 1/2, Waiting_2 1/2 (relapsed).
  // t3: Remission 1/4, Waiting_2 1/4, Infusion_2 1/2. t4: Remission 1/8, Waiting_2 1/8, Infusion_2 1/4,
  // Remission_2 1/4 (half of Infusion_2 respond), SoC 1/4. t5: the cap: Remission_2's relapses (1/8) go to SoC,
  // not to Waiting_2: Remission 1/16, Waiting_2 1/16, Infusion_2 1/8, Remission_2 1/8 + 1/8, SoC 1/4 + 1/8 + 1/8.
  it("traces the chain: second-course responders enter Remission_2, whose relapses go to standard of care", () => {
    const r = run(5, { n_max_courses: 2 }).result;
    expect(share(r, "autologous", "Waiting_2", 2)).toBeCloseTo(1 / 2, 12);
    expect(share(r, "autologous", "Infusion_2", 3)).toBeCloseTo(1 / 2, 12);
    expect(share(r, "autologous", "Remission_2", 4)).toBeCloseTo(1 / 4, 12);
    expect(share(r, "autologous", "Remission", 5)).toBeCloseTo(1 / 16, 12);
    expect(share(r, "autologous", "Waiting_2", 5)).toBeCloseTo(1 / 16, 12);
    expect(share(r, "autologous", "Remission_2", 5)).toBeCloseTo(1 / 4, 12);
    const soc = share(r, "autologous", "Controlled", 5) + share(r, "autologous", "Active", 5);
    expect(soc).toBeCloseTo(1 / 2, 12);
  });
  // Infusions over 6 cycles: 1 at time 0, then the Waiting_2 shares at t2..t5 infused in cycles 3..6:
  // 1/2 + 1/4 + 1/8 + 1/16 = 15/16, so 31/16 = 1.9375 infusions. Entries into Waiting_2 (one apheresis each):
  // cycles 2..6 from Remission only, 1/2 + 1/4 + 1/8 + 1/16 + 1/32 = 31/32.
  // Product 10,000 x 1.9375 = 19,375; episode 1,100 (time 0) + 1,000 x 15/16 + 100 x 31/32 = 2,134.375.
  it("expected infusions and costs over 6 cycles: 1.9375 products, 2,134.375 episode and apheresis", () => {
    const s = auto(run(6, { n_max_courses: 2 }));
    expect(s.values.c_cart_product.undiscounted).toBeCloseTo(10_000 * (31 / 16), 6);
    expect(s.values.c_cart_episode.undiscounted).toBeCloseTo(1_100 + 1_000 * (15 / 16) + 100 * (31 / 32), 6);
  });
  // Without a cap the relapses from the second remission (1/8 in cycle 5, 1/8 in cycle 6) are retreated too:
  // Waiting_2 at t5 = 1/16 + 1/8 = 3/16, so infusions 1 + 1/2 + 1/4 + 1/8 + 3/16 = 2.0625; entries into
  // Waiting_2 31/32 + 1/8 + 1/8 = 39/32. Episode 1,100 + 1,000 x 17/16 + 100 x 39/32 = 2,284.375.
  it("without a cap (n_max_courses 0) the second remission's relapses are retreated: 2.0625 products", () => {
    const s = auto(run(6, { n_max_courses: 0 }));
    expect(s.values.c_cart_product.undiscounted).toBeCloseTo(10_000 * (33 / 16), 6);
    expect(s.values.c_cart_episode.undiscounted).toBeCloseTo(1_100 + 1_000 * (17 / 16) + 100 * (39 / 32), 6);
  });
  it("a cap of 1 course: no retreatment at all, one product, relapses to standard of care", () => {
    const a = run(6, { n_max_courses: 1 });
    expect(auto(a).values.c_cart_product.undiscounted).toBeCloseTo(10_000, 6);
    // Remission halves each cycle from t1: 1/32 left at t6, the rest on SoC.
    expect(share(a.result, "autologous", "Remission", 6)).toBeCloseTo(1 / 32, 12);
  });
  it("the retreatment response is rr_retreat_response x p_response: with rr 1 every second course responds, as the first", () => {
    // t4 with rr 1: all of Infusion_2 (1/2 at t3) respond: Remission_2 1/2, SoC 0.
    const r = run(4, { n_max_courses: 2, rr_retreat_response: 1 }).result;
    expect(share(r, "autologous", "Remission_2", 4)).toBeCloseTo(1 / 2, 12);
    expect(share(r, "autologous", "Controlled", 4) + share(r, "autologous", "Active", 4)).toBeCloseTo(0, 12);
  });
  it("the cohort is conserved in every strategy and cycle with a cap of 3 in the shipped SLE model", () => {
    const r = runCart(evidence, "sle", PRESETS.uk, lifeTables.uk, { overrides: { n_max_courses: 3 } }).result;
    const S = r.states.length;
    for (const s of r.strategies)
      for (let t = 0; t < s.trace!.length / S; t++) {
        let sum = 0;
        for (let k = 0; k < S; k++) sum += s.trace![t * S + k];
        expect(Math.abs(sum - 1), `${s.id} t=${t}`).toBeLessThan(1e-9);
      }
  });
  it("a cap of 2 courses gives fewer expected products than no cap (MS, US preset)", () => {
    const capped = runCart(evidence, "ms", PRESETS.us, lifeTables.us, { overrides: { n_max_courses: 2 } });
    const free = runCart(evidence, "ms", PRESETS.us, lifeTables.us);
    const product = (x: typeof free) => x.result.strategies.find((s) => s.id === "autologous")!.values.c_cart_product;
    expect(product(capped).undiscounted).toBeLessThan(product(free).undiscounted);
  });
});

describe("courseSets(parameters): state sets for the caps of the strategies", () => {
  const caps = (...n: number[]) =>
    Object.fromEntries(n.map((x, i) => [i === 0 ? "n_max_courses" : `n_max_courses__s${i}`, { value: x }]));
  it("no cap anywhere: 2 Waiting/Infusion sets (first course, retreatment) and 1 Remission set, open-ended", () => {
    expect(courseSets(caps(0, 0, 0))).toEqual({ waiting: 2, remission: 1, openEnded: true });
  });
  it("a cap of 1 everywhere: one set of each (no retreatment states), none open-ended", () => {
    expect(courseSets(caps(1, 1, 1))).toEqual({ waiting: 1, remission: 1, openEnded: false });
  });
  it("the largest finite cap sets the count: caps 3, 0, 1 give 3 and 3; the uncapped one (0) makes them open-ended", () => {
    expect(courseSets(caps(3, 0, 1))).toEqual({ waiting: 3, remission: 3, openEnded: true });
  });
  it("a non-integer cap counts rounded, as the formulas round it: 1.6 is 2", () => {
    expect(courseSets(caps(1.6))).toEqual({ waiting: 2, remission: 2, openEnded: false });
  });
  it("states added: the default model has Waiting_2 and Infusion_2 but no Remission_2; a cap of 2 adds a Remission_2 tunnel set", () => {
    const plain = buildCartModel(evidence, "graves", PRESETS.us, lifeTables.us).spec.states.map((s) => s.id);
    expect(plain).toEqual(expect.arrayContaining(["Waiting_2", "Infusion_2"]));
    expect(plain).not.toContain("Remission_2");
    const capped = buildCartModel(evidence, "graves", PRESETS.us, lifeTables.us, { overrides: { n_max_courses: 2 } });
    expect(capped.spec.states.map((s) => s.id)).toContain("Remission_2");
    // Only autologous is capped; the other platforms' n_max_courses stay 0 (no cap), so the sets are open-ended.
    expect(capped.courses).toEqual({ waiting: 2, remission: 2, openEnded: true });
  });
  it("a cap above 5 is refused with the parameter, value and range", () => {
    expect(() =>
      buildCartModel(evidence, "graves", PRESETS.us, lifeTables.us, { overrides: { n_max_courses: 6 } }),
    ).toThrow(/n_max_courses.*6.*\[0, 5\]/s);
  });
});
