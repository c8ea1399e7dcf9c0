import { beforeAll, describe, expect, it } from "vitest";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";
import { PRESETS, runCart, type CartAnalysis } from "../../src/cart/index.js";
import { loadAccessData } from "../../src/access/load.js";
import {
  accessModel,
  accessYearTable,
  budgetComponentTable,
  relapseCdf,
  runBudget,
  type AccessData,
  type AccessModel,
} from "../../src/access/index.js";
import { modelError } from "../helpers/errors.js";

let a: CartAnalysis,
  am: AccessModel,
  data: AccessData,
  evidence: ReturnType<typeof loadEvidence>,
  lifeTable: ReturnType<typeof loadLifeTable>;
beforeAll(() => {
  evidence = loadEvidence();
  lifeTable = loadLifeTable();
  data = loadAccessData();
  a = runCart(evidence, "sle", PRESETS.us, lifeTable);
  am = accessModel(a);
}, 120_000);

describe("the access model's periods", () => {
  // The queue, payments and budget count 12 periods a year; a model of other cycles is refused, not
  // read as monthly (the CAR T model is monthly; this checks the guard with a changed cycle length).
  it("refuses a model whose cycles are not months", () => {
    const yearly = { ...a, compiled: { ...a.compiled, cycleYears: 1 } } as CartAnalysis;
    expect(() => accessModel(yearly)).toThrow(
      "the access analysis needs monthly cycles (got 1); expected a cycle of 1/12 year",
    );
    expect(a.compiled.cycleYears * 12).toBeCloseTo(1, 12);
  });
});

/** The same data with one population row replaced (test populations). */
function withPopulation(prevalent: number, incidentPerYear: number): AccessData {
  // population 1e5 and refractory = eligible = 1: prevalence per 100k = patients.
  const row = {
    ...data.population.find((r) => r.disease === "sle" && r.jurisdiction === "us")!,
    population: 1e5,
    prevalencePer100k: prevalent,
    incidencePer100kYear: incidentPerYear,
    refractoryShare: 1,
    eligibleShare: 1,
  };
  return { ...data, population: [row] };
}

describe("the queue runs on the cohort model's standard-of-care rates", { timeout: 120_000 }, () => {
  it("waiting dynamics are the SoC arm's per-cycle probabilities: rows sum to 1 and death rises with age", () => {
    const d = am.dynamics;
    const S = d.states.length;
    expect(S).toBe(4); // women and men, controlled and active
    for (const m of [0, 100, 500]) {
      for (let i = 0; i < S; i++) {
        let row = d.damage[m][i] + d.dead[m][i];
        for (let j = 0; j < S; j++) row += d.move[m][i * S + j];
        expect(row).toBeCloseTo(1, 12);
      }
    }
    expect(d.dead[500][0]).toBeGreaterThan(d.dead[0][0]);
  });

  it("a cohort that never gets a slot follows the SoC arm's trace of the same model (independent path: the engine's trace)", () => {
    // Uptake 1, no capacity, no incident: the waiting pool is the SoC arm of the eligible cohort.
    const r = runBudget(
      a,
      withPopulation(1000, 0),
      {
        platform: "autologous",
        years: 5,
        uptake: { shape: "constant", level: 1 },
        capacity: { manufacturingPerYear: 0, centrePerYear: 0, growthPerYear: 0 },
      },
      am,
    );
    const soc = a.result.strategies.find((s) => s.id === "soc")!;
    const S = a.result.states.length;
    const idx = (id: string) => a.result.states.indexOf(id);
    // f_damage0 of SLE (data/cart/parameters-sle.csv): the trace's Damage share at time 0, left out of the eligible.
    const fd = a.model.provenance.find((p) => p.parameter === "f_damage0")!.value;
    expect(fd).toBeGreaterThan(0);
    for (const m of [11, 35, 59]) {
      const t = m + 1;
      const alive = (soc.trace![t * S + idx("Controlled")] + soc.trace![t * S + idx("Active")]) / (1 - fd);
      expect(r.queue.waiting[m] / 1000).toBeCloseTo(alive, 9);
    }
  });
});

describe("the outcomes-based rebate uses the cohort model's own relapse timing", { timeout: 120_000 }, () => {
  it("relapseCdf(t) equals 1 - the share still in remission t years after infusion in the engine's trace (only relapse exits remission)", () => {
    // Off-the-shelf, everyone infused in cycle 1 and in remission from t = 2 (response 1, no
    // treatment-related or disease death, no damage in remission, no retreatment); the relapse
    // hazard is Weibull (scale 0.3, shape 0.7) held after 24 months. Remission at t = 2 + 12 j is 1 - F(j).
    const overrides = {
      p_response__allogeneic: 1,
      p_trm__allogeneic: 0,
      p_mfg_fail__allogeneic: 0,
      p_retreat__allogeneic: 0,
      smr_disease: 0,
      smr_remission: 0,
      r_damage_remission: 0,
      f_damage0: 0,
      r_relapse__allogeneic: 0.3,
      k_relapse__allogeneic: 0.7,
      m_relapse_horizon: 24,
    };
    const b = runCart(evidence, "sle", PRESETS.us, lifeTable, { overrides });
    const s = b.result.strategies.find((x) => x.id === "allogeneic")!;
    const S = b.result.states.length;
    const rem = b.result.states.indexOf("Remission");
    // The damage-free death rate never falls below background (docs/methods.md, Mortality), so a few die
    // in the infusion month whatever smr_disease: remission is counted relative to its share at t = 2.
    const entered = s.trace![2 * S + rem];
    expect(entered).toBeGreaterThan(0.99);
    for (const j of [1, 2, 3, 5]) {
      const inRemission = s.trace![(2 + 12 * j) * S + rem] / entered;
      expect(relapseCdf(j, 0.3, 0.7, 2, 1 / 12)).toBeCloseTo(1 - inRemission, 10);
    }
  });
});

describe("runBudget: conservation, capacity and caps", { timeout: 120_000 }, () => {
  it("every month: treated + waiting + not referred + left with damage + dead = prevalent + incident, to 1e-9 of a patient", () => {
    const r = runBudget(
      a,
      data,
      { platform: "autologous", years: 10, capacity: { manufacturingPerYear: 300, growthPerYear: 0.1 } },
      am,
    );
    const q = r.queue;
    let inflow = r.population.prevalent,
      out = 0;
    for (let m = 0; m < q.periods; m++) {
      inflow += q.incident[m];
      out += q.treated[m] + q.diedWaiting[m] + q.damagedWaiting[m] + q.diedNotReferred[m] + q.damagedNotReferred[m];
      expect(Math.abs(out + q.waiting[m] + q.notReferred[m] - inflow)).toBeLessThan(1e-9);
    }
    expect(q.waiting[q.periods - 1]).toBeGreaterThan(100); // the capacity binds in this scenario
    // The patients-by-year table carries the five terms: eligible so far = treated + waiting + on SoC
    // by choice + left eligibility + dead at every year end.
    for (const y of accessYearTable(r)) {
      const sum =
        y.treated_cumulative +
        y.waiting_end_of_year +
        y.on_soc_not_referred_end_of_year +
        y.left_eligibility_cumulative +
        y.dead_cumulative;
      expect(Math.abs(sum - y.eligible_so_far)).toBeLessThan(1e-9 * y.eligible_so_far);
    }
    expect(accessYearTable(r)[9].left_eligibility_cumulative).toBeGreaterThan(0);
  });

  it("a budget cap of 0 is no cap, as the page and every range message say (it treated nobody)", () => {
    const none = runBudget(a, data, { platform: "autologous", years: 3 }, am);
    const zero = runBudget(a, data, { platform: "autologous", years: 3, budgetCap: 0 }, am);
    expect(zero.options.budgetCap).toBeNull();
    expect(Array.from(zero.queue.treated)).toEqual(Array.from(none.queue.treated));
    expect(none.queue.treated.reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
  });

  it("with unlimited capacity the queue is empty and treated equals uptake; halving capacity treats fewer and loses more QALYs", () => {
    const unl = runBudget(
      a,
      data,
      { platform: "autologous", years: 8, capacity: { manufacturingPerYear: Infinity, centrePerYear: Infinity } },
      am,
    );
    for (let m = 0; m < unl.queue.periods; m++) {
      expect(unl.queue.waiting[m]).toBe(0);
      expect(unl.queue.treated[m]).toBeCloseTo(unl.queue.referred[m], 9);
    }
    expect(unl.yearRows[7].qalysLostToWaiting).toBeCloseTo(0, 9);
    let prev: ReturnType<typeof runBudget> | null = null;
    for (const cap of [4000, 2000, 1000, 500, 250]) {
      const r = runBudget(
        a,
        data,
        {
          platform: "autologous",
          years: 8,
          capacity: { manufacturingPerYear: cap, centrePerYear: Infinity, growthPerYear: 0 },
        },
        am,
      );
      const lost = r.yearRows[7].qalysLostToWaiting;
      if (prev) {
        const prevLost = prev.yearRows[7].qalysLostToWaiting;
        for (let y = 0; y < 8; y++)
          expect(r.yearRows[y].treatedCumulative).toBeLessThanOrEqual(prev.yearRows[y].treatedCumulative + 1e-9);
        expect(lost).toBeGreaterThanOrEqual(prevLost - 1e-9);
      }
      prev = r;
    }
    expect(prev!.yearRows[7].qalysLostToWaiting).toBeGreaterThan(1);
  });

  it("treatment-centre capacity counts patients started (the slot), not infusions: 120 a year treats 120 a year with bespoke CAR T", () => {
    // Bespoke CAR T has manufacturing failures (p_mfg_fail > 0, not all re-manufactured), so fewer
    // patients are infused than slotted; the centre's 120 a year are patients starting apheresis and
    // conditioning, so 1,000 waiting with unlimited manufacturing get 120 slots in year 1 and 120 in year 2.
    expect(am.value("p_mfg_fail") * (1 - am.value("p_remanufacture"))).toBeGreaterThan(0);
    const r = runBudget(
      a,
      withPopulation(1000, 0),
      {
        platform: "autologous",
        years: 2,
        uptake: { shape: "constant", level: 1 },
        capacity: { manufacturingPerYear: Infinity, centrePerYear: 120, growthPerYear: 0 },
      },
      am,
    );
    expect(r.yearRows[0].treated).toBeCloseTo(120, 9);
    expect(r.yearRows[1].treated).toBeCloseTo(120, 9);
  });

  it("an annual budget cap on gross CAR T spend is never exceeded in any year, under each payment model", () => {
    for (const payment of [
      { kind: "upfront" as const },
      { kind: "instalments" as const, count: 5, rate: 0.03, stopAtDeath: true },
    ]) {
      const cap = 150e6;
      const r = runBudget(
        a,
        data,
        {
          platform: "autologous",
          years: 10,
          budgetCap: cap,
          payment,
          capacity: { manufacturingPerYear: Infinity, centrePerYear: Infinity },
        },
        am,
      );
      for (const y of r.budgetYears) expect(y.gross).toBeLessThanOrEqual(cap * (1 + 1e-9));
      expect(Math.max(...r.budgetYears.map((y) => y.gross))).toBeGreaterThan(0.99 * cap); // the cap binds
    }
  });

  it("a one-time cost appears in the year of treatment only (all treated in month 0, no retreatment)", () => {
    // Off-the-shelf: no wait, infusion in the first cycle; p_retreat = 0 so no later infusions.
    const b = runCart(evidence, "sle", PRESETS.us, lifeTable, { overrides: { p_retreat__allogeneic: 0 } });
    const r = runBudget(b, withPopulation(100, 0), {
      platform: "allogeneic",
      years: 3,
      uptake: { shape: "constant", level: 1 },
      capacity: { manufacturingPerYear: Infinity, centrePerYear: Infinity },
    });
    const product = budgetComponentTable(r).filter((x) => x.component === "c_cart_product");
    const price = 200000 * b.model.provenance.find((p) => p.parameter === "c_price__allogeneic")!.factor; // data/cart: USD 2025 row, factor 1
    // 100 patients x price, all in year 1 (p_mfg_fail = 0 for allogeneic: every patient is infused).
    expect(product[0].amount).toBeCloseTo(100 * price, 3);
    expect(product[1].amount).toBe(0);
    expect(product[2].amount).toBe(0);
  });

  it("retreatment is its own budget line, in the year of the new course: 100 treated in month 0, benefit limited to 1 year, all retreated", () => {
    // Off-the-shelf (no wait), every patient responds, no relapse hazard, nobody dies or accrues damage (SMRs 0, no
    // treatment-related death, no damage in remission), no bridging; benefit limited to 1 year after
    // each infusion, and every relapsing patient is retreated (p_retreat 1). Hand timeline of the
    // cohort model (monthly cycles, trace time t): Waiting t=0 -> infusion in cycle 1 (month 0 since
    // the slot) -> Remission from t=2; relapse in the cycle starting at 12 months in remission (t=14),
    // Waiting at t=15, the second infusion in cycle 16 = month 15 (year 2); the third in cycle 31 =
    // month 30 (year 3). So with 100 slots in month 0, over 3 years:
    //   first-course product = 100 x price in year 1, 0 after; retreatment = 0 in year 1 and, in
    //   years 2 and 3, one full course each: 100 x (price + episode) = year 1's product + episode lines.
    const overrides = {
      p_response__allogeneic: 1,
      p_trm__allogeneic: 0,
      p_mfg_fail__allogeneic: 0,
      p_retreat__allogeneic: 1,
      r_relapse__allogeneic: 0,
      c_bridging__allogeneic: 0,
      smr_disease: 0,
      smr_remission: 0,
      r_damage_remission: 0,
    };
    // A life table of zeros: with SMRs of 0 the disease states still die at the background rate (the
    // SMR applies on top of it), so "nobody dies" needs no background deaths either.
    const noDeaths = { key: "Age", columns: { Age: [0], Female: [0], Male: [0] } };
    const b = runCart(evidence, "sle", PRESETS.us, noDeaths, { overrides, durability: { kind: "limited", years: 1 } });
    const r = runBudget(b, withPopulation(100, 0), {
      platform: "allogeneic",
      years: 3,
      uptake: { shape: "constant", level: 1 },
      capacity: { manufacturingPerYear: Infinity, centrePerYear: Infinity },
    });
    const line = (id: string) =>
      budgetComponentTable(r)
        .filter((x) => x.component === id)
        .map((x) => x.amount);
    const price = 200000 * b.model.provenance.find((p) => p.parameter === "c_price__allogeneic")!.factor; // data/cart: USD 2025 row, factor 1
    const product = line("c_cart_product"),
      episode = line("c_cart_episode"),
      re = line("retreatment");
    expect(r.queue.treated[0]).toBeCloseTo(100, 9);
    expect(product[0]).toBeCloseTo(100 * price, 3);
    expect(product[1]).toBe(0);
    expect(episode[1]).toBe(0);
    expect(episode[0]).toBeGreaterThan(0);
    expect(re[0]).toBe(0);
    expect(re[1]).toBeCloseTo(product[0] + episode[0], 3);
    expect(re[2]).toBeCloseTo(product[0] + episode[0], 3);
    // The budget-by-year table carries it as its own column, part of gross spend.
    expect(r.budgetYears.map((y) => y.retreatment)).toEqual(re);
    expect(r.budgetYears[1].gross).toBeGreaterThanOrEqual(re[1]);
  });

  it("the budget lines still add up to the cohort model's per-patient difference: first course + retreatment = all infusions", () => {
    // Up-front payment, unlimited capacity: product (first course) + retreatment + episode + bridging
    // over 15 years equal the undiscounted product + episode + bridging of the CAR T arm (no SoC
    // counterpart) for the patients treated, accumulated month by month (independent path: the series).
    const r = runBudget(
      a,
      withPopulation(50, 0),
      {
        platform: "autologous",
        years: 15,
        uptake: { shape: "constant", level: 1 },
        capacity: { manufacturingPerYear: Infinity, centrePerYear: Infinity },
      },
      am,
    );
    const sum = (id: string) =>
      budgetComponentTable(r)
        .filter((x) => x.component === id)
        .reduce((s, x) => s + x.amount, 0);
    const lines = sum("c_cart_product") + sum("retreatment") + sum("c_cart_episode") + sum("c_cart_bridging");
    const soc = am.series.soc.costs,
      cart = am.series.autologous.costs;
    let expected = 0;
    // All 50 are slotted in month 0; series index k falls in month max(0, k - 1): months 0..179 are indices 0..180.
    for (let k = 0; k <= 180; k++)
      expected +=
        50 *
        (cart.c_cart_product[k] +
          cart.c_cart_episode[k] +
          cart.c_cart_bridging[k] -
          soc.c_cart_episode[k] -
          soc.c_cart_bridging[k]);
    expect(r.queue.treated[0]).toBeCloseTo(50, 9);
    expect(lines / expected).toBeCloseTo(1, 9);
    expect(sum("retreatment")).toBeGreaterThan(0);
  });

  it("instalments at the cost discount rate continuing at death have the present value of up-front payment; at 0% totals are equal", () => {
    const rate = a.result.discount.costs;
    const r = runBudget(
      a,
      data,
      { platform: "autologous", years: 5, payment: { kind: "instalments", count: 5, rate, stopAtDeath: false } },
      am,
    );
    const up = r.payments.find((p) => p.payment === "upfront")!;
    const chosen = r.payments.find((p) => p.payment === "chosen")!;
    expect(chosen.presentValue / up.presentValue).toBeCloseTo(1, 10);
    const zero = runBudget(
      a,
      data,
      { platform: "autologous", years: 15, payment: { kind: "instalments", count: 5, rate: 0, stopAtDeath: false } },
      am,
    );
    const z = zero.payments.find((p) => p.payment === "chosen")!;
    const u = zero.payments.find((p) => p.payment === "upfront")!;
    expect(z.total / u.total).toBeCloseTo(1, 10);
  });

  it("the incremental analysis under each payment model: instalments at the discount rate leave the incremental cost unchanged; rebates lower it", () => {
    const rate = a.result.discount.costs;
    const r = runBudget(
      a,
      data,
      { platform: "autologous", years: 3, payment: { kind: "instalments", count: 5, rate, stopAtDeath: false } },
      am,
    );
    const by = Object.fromEntries(r.incrementalByPayment.map((x) => [x.payment, x]));
    // Per eligible patient: the cohort model's discounted incremental cost (f_damage0 = 0 evaluation).
    const dC = am.series.autologous.cost - am.series.soc.cost;
    expect(by.upfront.incrementalCost).toBeCloseTo(dC, 6);
    expect(by.chosen.incrementalCost).toBeCloseTo(dC, 6);
    expect(by.outcomes.incrementalCost).toBeLessThan(dC - 1000);
    expect(by.instalments.incrementalCost).toBeLessThan(dC); // stop at death: payments for patients who die are not made
    expect(by.upfront.icer).toBeCloseTo(dC / by.upfront.incrementalQalys, 6);
  });

  it("the Explorer's increments (per patient intended to receive CAR T) are the Access page's per eligible patient times 1 - f_damage0", () => {
    // Closed form: patients with damage at baseline (share f_damage0) are not offered CAR T and follow
    // SoC from Damage in both arms, adding nothing to the increment; the others are the eligible.
    // The two pages' captions say so (review s37: 13,004 vs 15,298 USD for SLE, unexplained).
    const fd = a.model.provenance.find((p) => p.parameter === "f_damage0")!.value;
    const itt = a.versusSoc.find((v) => v.strategy === "autologous")!;
    const upfront = runBudget(a, data, { platform: "autologous", years: 3 }, am).incrementalByPayment.find(
      (x) => x.payment === "upfront",
    )!;
    expect(fd).toBe(0.15);
    expect(itt.incrementalCost / upfront.incrementalCost).toBeCloseTo(1 - fd, 9);
    expect(itt.incrementalQalys / upfront.incrementalQalys).toBeCloseTo(1 - fd, 9);
  });

  it("per member per month is the net budget impact over members x 12", () => {
    const r = runBudget(a, data, { platform: "invivo", years: 3, members: 2_000_000 }, am);
    for (const y of r.budgetYears) expect(y.pmpm).toBeCloseTo(y.net / 2_000_000 / 12, 9);
  });
});

describe("runBudget: bad inputs", { timeout: 120_000 }, () => {
  it("rejects negative capacity, uptake over 100%, a horizon of 0 and an instalment count of 0 in one message naming each", () => {
    const err = modelError(() =>
      runBudget(
        a,
        data,
        {
          platform: "autologous",
          years: 0,
          uptake: { shape: "constant", level: 1.2 },
          capacity: { manufacturingPerYear: -10 },
          payment: { kind: "instalments", count: 0, rate: 0.03, stopAtDeath: true },
        },
        am,
      ),
    );
    const msg = err.message;
    expect(msg).toMatch(/4 problems/);
    expect(msg).toMatch(/years \(horizon\).*got 0/);
    expect(msg).toMatch(/uptake\.level.*got 1\.2.*\[0, 1\]/);
    expect(msg).toMatch(/capacity manufacturingPerYear.*got -10/);
    expect(msg).toMatch(/instalment count.*got 0/);
  });
});
