import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  byYear,
  capacitySeries,
  runQueue,
  slotCapacity,
  waitQuantile,
  type QueueInput,
  type WaitingDynamics,
} from "../../src/access/queue.js";
import { ModelError } from "../../src/model/errors.js";

/** One live state; each period a share `pDie` dies and a share `pDamage` accrues irreversible damage. */
function constantDynamics(periods: number, pDie = 0, pDamage = 0): WaitingDynamics {
  return {
    states: ["on SoC"],
    entry: Float64Array.of(1),
    severity: [0],
    move: Array.from({ length: periods }, () => Float64Array.of(1 - pDie - pDamage)),
    damage: Array.from({ length: periods }, () => Float64Array.of(pDamage)),
    dead: Array.from({ length: periods }, () => Float64Array.of(pDie)),
  };
}

interface Case {
  years: number;
  capacityPerYear: number;
  incidentPerYear: number;
  prevalent: number;
  uptake?: number;
  rule?: QueueInput["rule"];
  dynamics?: WaitingDynamics;
}

function input(o: Case): QueueInput {
  const periods = o.years * 12;
  return {
    periods,
    perYear: 12,
    prevalent: o.prevalent,
    incident: new Float64Array(periods).fill(o.incidentPerYear / 12),
    uptake: new Float64Array(periods).fill(o.uptake ?? 1),
    capacity: capacitySeries(12, periods, o.capacityPerYear, 0),
    rule: o.rule ?? "fcfs",
    dynamics: o.dynamics ?? constantDynamics(periods),
  };
}

const total = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0);

describe("runQueue: hand calculations", { timeout: 120_000 }, () => {
  it("100 prevalent, 10 incident a year, capacity 20 a year, 3 years, no deaths: 20 treated a year, 90/80/70 waiting", () => {
    // Everyone asks for CAR T (uptake 1). Each year 10 join and 20 are treated, so the queue falls
    // by 10 a year: 100 + 10 - 20 = 90, 90 + 10 - 20 = 80, 80 + 10 - 20 = 70. Treated 60 in all.
    const q = runQueue(input({ years: 3, prevalent: 100, incidentPerYear: 10, capacityPerYear: 20 }));
    const treated = byYear(q.treated, 12);
    for (const t of treated) expect(t).toBeCloseTo(20, 9);
    expect(q.waiting[11]).toBeCloseTo(90, 9);
    expect(q.waiting[23]).toBeCloseTo(80, 9);
    expect(q.waiting[35]).toBeCloseTo(70, 9);
    expect(total(q.diedWaiting)).toBe(0);
    // First come first served: the 60 treated all come from the month-0 cohort (100 + 10/12 patients),
    // 20/12 a month, so the wait of a patient treated in month m is m months. Year 1: months 0..11,
    // half the year's 20 are treated by the end of month 5 (6 x 20/12 = 10): median 5; 90% (18) by
    // month 10 (11 x 20/12 = 18.33): 90th percentile 10.
    expect(waitQuantile(q, 0, 12, 0.5)).toBe(5);
    expect(waitQuantile(q, 0, 12, 0.9)).toBe(10);
    // Year 3: waits 24..35 months, median 29, 90th percentile 34.
    expect(waitQuantile(q, 24, 36, 0.5)).toBe(29);
    expect(waitQuantile(q, 24, 36, 0.9)).toBe(34);
    expect(waitQuantile(q, 35, 36, 0.5)).toBe(35);
  });

  it("deaths while waiting at a constant rate (0.12 a year), 100 waiting, 1 treated a month", () => {
    // Monthly survival q = exp(-0.12/12) = exp(-0.01) = 0.9900498337. One patient is treated at the
    // start of each month, then the rest spend the month on SoC. After 12 months
    // W = 100 q^12 - sum_{i=1..12} q^i = 100 x 0.8869204367 - q (1 - q^12) / (1 - q)
    //   = 88.69204367 - 11.25151078 = 77.44053289; deaths = 100 - 12 - W = 10.55946711.
    const q = Math.exp(-0.01);
    const res = runQueue(
      input({
        years: 1,
        prevalent: 100,
        incidentPerYear: 0,
        capacityPerYear: 12,
        dynamics: constantDynamics(12, 1 - q),
      }),
    );
    expect(res.waiting[11]).toBeCloseTo(77.44053289226062, 9);
    expect(total(res.diedWaiting)).toBeCloseTo(10.55946710773938, 9);
    expect(total(res.treated)).toBeCloseTo(12, 12);
    // No capacity at all: W = 100 exp(-0.12) = 88.69204367.
    const none = runQueue(
      input({
        years: 1,
        prevalent: 100,
        incidentPerYear: 0,
        capacityPerYear: 0,
        dynamics: constantDynamics(12, 1 - q),
      }),
    );
    expect(none.waiting[11]).toBeCloseTo(88.69204367171575, 9);
  });
});

describe("runQueue: incident patients enter at the baseline age", { timeout: 120_000 }, () => {
  /** Death depends on the model cycle (age): none in cycles 0..11 (the first year after the baseline age), 10% a month from cycle 12 on. */
  function ageDynamics(periods: number): WaitingDynamics {
    const pDie = (k: number) => (k < 12 ? 0 : 0.1);
    return {
      ...constantDynamics(periods),
      move: Array.from({ length: periods }, (_, k) => Float64Array.of(1 - pDie(k))),
      dead: Array.from({ length: periods }, (_, k) => Float64Array.of(pDie(k))),
    };
  }

  it("100 prevalent, 1 incident a month, 2 years, death only from a year after the baseline age: 46.70 alive, not the 38.09 of the prevalent cohort's age", () => {
    // Nobody asks for CAR T (uptake 0). The prevalent (baseline age at launch) die 10% a month in months
    // 12..23: 100 x 0.9^12 = 28.24295365 left. An incident patient entering in month e is at the baseline
    // age then, so deaths start in month e + 12: entries e = 0..11 have 12 - e months of risk by month 23,
    // sum_{e=0..11} 0.9^(12-e) = sum_{j=1..12} 0.9^j = 9 (1 - 0.9^12) = 6.45813417; entries 12..23 are all
    // alive (12). Total 28.24295365 + 6.45813417 + 12 = 46.70108782.
    // (At the prevalent cohort's age, entries e = 0..12 would have 12 months of risk and e = 13..23 24 - e:
    // 113 x 0.9^12 + sum_{j=1..11} 0.9^j = 31.91453762 + 6.17570464 = 38.09024226, a different number.)
    const survivors = 100 * 0.9 ** 12 + 9 * (1 - 0.9 ** 12) + 12;
    const q = runQueue({
      ...input({ years: 2, prevalent: 100, incidentPerYear: 12, capacityPerYear: 0, uptake: 0 }),
      dynamics: ageDynamics(24),
    });
    expect(survivors).toBeCloseTo(46.70108782, 8);
    expect(q.notReferred[23]).toBeCloseTo(survivors, 9);
    expect(total(q.diedNotReferred)).toBeCloseTo(124 - survivors, 9);
    // The same patients waiting (everyone referred, no slots) follow the same ages.
    const w = runQueue({
      ...input({ years: 2, prevalent: 100, incidentPerYear: 12, capacityPerYear: 0, uptake: 1 }),
      dynamics: ageDynamics(24),
    });
    expect(w.waiting[23]).toBeCloseTo(survivors, 9);
    expect(total(w.diedWaiting)).toBeCloseTo(124 - survivors, 9);
  });
});

describe("runQueue: conservation and capacity", { timeout: 120_000 }, () => {
  const arb = fc.record({
    prevalent: fc.double({ min: 0, max: 5000, noNaN: true }),
    incidentPerYear: fc.double({ min: 0, max: 1000, noNaN: true }),
    capacityPerYear: fc.double({ min: 0, max: 3000, noNaN: true }),
    uptake: fc.double({ min: 0, max: 1, noNaN: true }),
    pDie: fc.double({ min: 0, max: 0.05, noNaN: true }),
    pDamage: fc.double({ min: 0, max: 0.05, noNaN: true }),
    severity: fc.boolean(),
  });

  it("every period: treated + waiting + not referred + left eligibility + dead = prevalent + incident, to 1e-9 of a patient (the five reported stocks)", () => {
    fc.assert(
      fc.property(arb, (o) => {
        const q = runQueue(
          input({
            ...o,
            years: 5,
            rule: o.severity ? "severity" : "fcfs",
            dynamics: constantDynamics(60, o.pDie, o.pDamage),
          }),
        );
        let inflow = o.prevalent,
          treated = 0,
          left = 0,
          dead = 0;
        for (let m = 0; m < 60; m++) {
          // The stocks the queue reports, and the same sums built here from its per-period flows.
          inflow += q.incident[m];
          treated += q.treated[m];
          left += q.damagedWaiting[m] + q.damagedNotReferred[m];
          dead += q.diedWaiting[m] + q.diedNotReferred[m];
          const tol = 1e-9 * Math.max(1, inflow);
          expect(Math.abs(q.entered[m] - inflow)).toBeLessThan(tol);
          expect(Math.abs(q.treatedSoFar[m] - treated)).toBeLessThan(tol);
          expect(Math.abs(q.leftEligibility[m] - left)).toBeLessThan(tol);
          expect(Math.abs(q.dead[m] - dead)).toBeLessThan(tol);
          expect(
            Math.abs(q.treatedSoFar[m] + q.waiting[m] + q.notReferred[m] + q.leftEligibility[m] + q.dead[m] - inflow),
          ).toBeLessThan(tol);
        }
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it("left eligibility by hand: 100 waiting, no slots, 10% damaged and 5% dead a month: 85/10/5 then 72.25/18.5/9.25", () => {
    // Month 1: 100 x 0.10 = 10 damaged, 100 x 0.05 = 5 dead, 85 still waiting. Month 2: 85 x 0.10 = 8.5
    // more damaged (18.5), 85 x 0.05 = 4.25 more dead (9.25), 72.25 waiting. 72.25 + 18.5 + 9.25 = 100.
    const q = runQueue(
      input({
        years: 1,
        prevalent: 100,
        incidentPerYear: 0,
        capacityPerYear: 0,
        dynamics: constantDynamics(12, 0.05, 0.1),
      }),
    );
    expect(q.waiting[0]).toBeCloseTo(85, 12);
    expect(q.leftEligibility[0]).toBeCloseTo(10, 12);
    expect(q.dead[0]).toBeCloseTo(5, 12);
    expect(q.waiting[1]).toBeCloseTo(72.25, 12);
    expect(q.leftEligibility[1]).toBeCloseTo(18.5, 12);
    expect(q.dead[1]).toBeCloseTo(9.25, 12);
    expect(q.entered[1]).toBe(100);
    expect(q.treatedSoFar[1]).toBe(0);
  });

  it("with unlimited capacity nobody waits and treated equals referrals (uptake) in every period", () => {
    const q = runQueue(
      input({
        years: 4,
        prevalent: 300,
        incidentPerYear: 50,
        capacityPerYear: Infinity,
        uptake: 0.4,
        dynamics: constantDynamics(48, 0.01, 0.005),
      }),
    );
    for (let m = 0; m < 48; m++) {
      expect(q.waiting[m]).toBe(0);
      expect(q.treated[m]).toBeCloseTo(q.referred[m], 12);
    }
    // Uptake 0.4 of the prevalent at month 0.
    expect(q.treated[0]).toBeCloseTo(0.4 * (300 + 50 / 12), 9);
  });

  it("halving capacity never treats more patients by any time, nor has fewer deaths while waiting", () => {
    fc.assert(
      fc.property(arb, (o) => {
        const full = runQueue(input({ ...o, years: 5, dynamics: constantDynamics(60, o.pDie, o.pDamage) }));
        const half = runQueue(
          input({
            ...o,
            years: 5,
            capacityPerYear: o.capacityPerYear / 2,
            dynamics: constantDynamics(60, o.pDie, o.pDamage),
          }),
        );
        let a = 0,
          b = 0,
          da = 0,
          db = 0;
        for (let m = 0; m < 60; m++) {
          a += full.treated[m];
          b += half.treated[m];
          da += full.diedWaiting[m];
          db += half.diedWaiting[m];
          expect(b).toBeLessThanOrEqual(a + 1e-9 * Math.max(1, a));
          expect(db).toBeGreaterThanOrEqual(da - 1e-9 * Math.max(1, da));
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it("most-severe-first serves the active state before earlier-referred controlled patients", () => {
    const d: WaitingDynamics = {
      ...constantDynamics(12),
      states: ["controlled", "active"],
      entry: Float64Array.of(0.5, 0.5),
      severity: [0, 1],
      move: Array.from({ length: 12 }, () => Float64Array.of(1, 0, 0, 1)),
      damage: Array.from({ length: 12 }, () => Float64Array.of(0, 0)),
      dead: Array.from({ length: 12 }, () => Float64Array.of(0, 0)),
    };
    // 100 prevalent (50 active), capacity 60 a year = 5 a month: the 50 active are all treated in months 0..9.
    const q = runQueue(
      input({ years: 1, prevalent: 100, incidentPerYear: 0, capacityPerYear: 60, rule: "severity", dynamics: d }),
    );
    expect(q.treated.slice(0, 10).reduce((x, y) => x + y, 0)).toBeCloseTo(50, 9);
    expect(q.waiting[11]).toBeCloseTo(40, 9);
  });
});

describe(
  "slotCapacity: both limits bind at the slot (apheresis/conditioning), not at infusion",
  { timeout: 120_000 },
  () => {
    it("centre capacity counts patients started: 120 a year is 10 slots a month whatever the manufacture's failure rate", () => {
      // p_fail 0.2, p_reman 0.5: a slotted patient is infused with probability 1 - 0.2 x 0.5 = 0.9, so
      // counted at infusion 120 infusions a year would allow 120 / 0.9 / 12 = 11.11 slots a month; at the
      // slot the centre starts 120 / 12 = 10 a month in year 1 and 120 x 1.5 / 12 = 15 in year 2 (growth 50%).
      const s = slotCapacity(
        12,
        24,
        { manufacturingPerYear: Infinity, centrePerYear: 120, growthPerYear: 0.5 },
        0.2,
        0.5,
      );
      expect(s[0]).toBeCloseTo(10, 12);
      expect(s[11]).toBeCloseTo(10, 12);
      expect(s[12]).toBeCloseTo(15, 12);
      // A slot in month 11 whose infusion falls in month 12 (after the vein-to-vein time) still uses
      // year 1's capacity: the queue sees 10, not year 2's 15.
      const q = runQueue({
        ...input({ years: 2, prevalent: 1000, incidentPerYear: 0, capacityPerYear: 0 }),
        capacity: s,
      });
      expect(byYear(q.treated, 12)[0]).toBeCloseTo(120, 9);
      expect(byYear(q.treated, 12)[1]).toBeCloseTo(180, 9);
    });

    it("manufacturing counts runs: 120 runs a year with p_fail 0.2, p_reman 0.5 give 120 / 1.1 / 12 = 9.0909 slots a month", () => {
      const s = slotCapacity(
        12,
        12,
        { manufacturingPerYear: 120, centrePerYear: Infinity, growthPerYear: 0 },
        0.2,
        0.5,
      );
      expect(s[5]).toBeCloseTo(120 / 1.1 / 12, 12);
      expect(
        slotCapacity(12, 12, { manufacturingPerYear: 120, centrePerYear: 60, growthPerYear: 0 }, 0.2, 0.5)[0],
      ).toBeCloseTo(5, 12);
    });

    it("rejects a negative capacity, growth below -100% and probabilities outside [0, 1], naming each", () => {
      expect(() =>
        slotCapacity(12, 12, { manufacturingPerYear: 10, centrePerYear: -1, growthPerYear: 0 }, 0, 0),
      ).toThrow(/capacity \(treatment centres\).*negative/);
      expect(() =>
        slotCapacity(12, 12, { manufacturingPerYear: 10, centrePerYear: 10, growthPerYear: -2 }, 0, 0),
      ).toThrow(/growth below -100%/);
      expect(() =>
        slotCapacity(12, 12, { manufacturingPerYear: 10, centrePerYear: 10, growthPerYear: 0 }, 1.5, -0.1),
      ).toThrow(/p_mfg_fail[\s\S]*got 1\.5[\s\S]*p_remanufacture[\s\S]*got -0\.1/);
    });
  },
);

describe("runQueue: bad inputs", { timeout: 120_000 }, () => {
  it("rejects negative capacity, uptake over 100% and a horizon of 0, naming each, before computing", () => {
    const bad = { ...input({ years: 1, prevalent: 10, incidentPerYear: 0, capacityPerYear: 12 }) };
    bad.capacity = new Float64Array(12).fill(-1);
    bad.uptake = new Float64Array(12).fill(1.5);
    expect(() => runQueue(bad)).toThrow(ModelError);
    expect(() => runQueue(bad)).toThrow(
      /capacity in period 1.*\n.*uptake in period 1|uptake in period 1[\s\S]*capacity in period 1/,
    );
    expect(() =>
      runQueue({ ...input({ years: 1, prevalent: 10, incidentPerYear: 0, capacityPerYear: 12 }), periods: 0 }),
    ).toThrow(/horizon/);
    expect(() => capacitySeries(12, 12, -5, 0)).toThrow(/capacity.*negative/);
    // The entry mix of a new patient (every patient enters at the baseline age in this mix) must be a distribution.
    const mix = input({ years: 1, prevalent: 10, incidentPerYear: 12, capacityPerYear: 12 });
    mix.dynamics = { ...mix.dynamics, entry: Float64Array.of(0.8) };
    expect(() => runQueue(mix)).toThrow(/dynamics entry mix.*sum to 1.*got "0\.8"/);
  });
});
