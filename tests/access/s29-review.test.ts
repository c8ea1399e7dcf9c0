// Round-2 review of the Access & budget page: QALYs lost to waiting as a true cumulative, the
// affordability threshold in the analysis's price year, the uptake curve in words, and what the
// up-front model pays after the horizon.
import { beforeAll, describe, expect, it } from "vitest";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";
import { PRESETS, runCart, type CartAnalysis } from "../../src/cart/index.js";
import type { Evidence } from "../../src/cart/evidence.js";
import { loadAccessData, loadAccessFiles } from "../../src/access/load.js";
import {
  accessModel,
  accessYearTable,
  defaultAccessBudget,
  describeThreshold,
  readAccessData,
  describeUptake,
  paymentTable,
  qalysLostToWaiting,
  runBudget,
  runQueue,
  thresholdTable,
  type AccessData,
  type AccessModel,
  type WaitingDynamics,
} from "../../src/access/index.js";

/** One live state; each period a share `pDie` dies while waiting or not referred. */
function dying(periods: number, pDie: number): WaitingDynamics {
  return {
    states: ["on SoC"],
    entry: Float64Array.of(1),
    severity: [0],
    move: Array.from({ length: periods }, () => Float64Array.of(1 - pDie)),
    damage: Array.from({ length: periods }, () => Float64Array.of(0)),
    dead: Array.from({ length: periods }, () => Float64Array.of(pDie)),
  };
}

describe("qalysLostToWaiting(queue, dQ, r): a loss per patient whose wait ends, never negative", () => {
  // One period = one year; 10 prevalent, all referred at launch (year 0), 4 slots a year, 10% of those
  // waiting die each year, dQ = 2 QALYs per treated patient, r = 5%: d(t) = 1.05^-t.
  //   year 0: 4 treated at once (wait 0: loss 0); 6 wait, 0.6 die: loss 0.6 x 2 x d(0) = 1.2.
  //   year 1: 4 treated after 1 year: 4 x 2 x (1 - 1/1.05) = 0.380952381; 1.4 wait, 0.14 die:
  //           0.14 x 2 x d(0) = 0.28; year 1 = 0.660952381.
  //   year 2: the last 1.26 treated after 2 years: 1.26 x 2 x (1 - 1/1.05^2) = 0.234285714; none waits.
  //   cumulative: 1.2, 1.860952381, 2.095238095.
  const q = runQueue({
    periods: 3,
    perYear: 1,
    prevalent: 10,
    incident: new Float64Array(3),
    uptake: new Float64Array(3).fill(1),
    capacity: new Float64Array(3).fill(4),
    rule: "fcfs",
    dynamics: dying(3, 0.1),
  });
  const lost = qalysLostToWaiting(q, 2, 0.05);

  it("a 3-year queue with capacity 4 a year loses 1.2, 0.660952 and 0.234286 QALYs (hand calculation)", () => {
    expect(q.treated[2]).toBeCloseTo(1.26, 12);
    expect(lost[0]).toBeCloseTo(1.2, 9);
    expect(lost[1]).toBeCloseTo(0.660952381, 9);
    expect(lost[2]).toBeCloseTo(0.234285714, 9);
  });

  it("the yearly figures sum to the cumulative one, and the cumulative never falls", () => {
    const cumulative = [1.2, 1.860952381, 2.095238095];
    let sum = 0;
    lost.forEach((x, y) => {
      sum += x;
      expect(sum).toBeCloseTo(cumulative[y], 9);
      expect(x).toBeGreaterThanOrEqual(0);
    });
  });

  it("at r = 0 only deaths while waiting lose QALYs: dQ x (0.6 + 0.14) = 1.48", () => {
    const undiscounted = qalysLostToWaiting(q, 2, 0);
    expect(undiscounted.reduce((a, b) => a + b, 0)).toBeCloseTo(2 * (0.6 + 0.14), 9);
  });
});

let a: CartAnalysis, am: AccessModel, data: AccessData, evidence: Evidence;
beforeAll(() => {
  evidence = loadEvidence();
  data = loadAccessData();
  a = runCart(evidence, "sle", PRESETS.us, loadLifeTable());
  am = accessModel(a);
}, 120_000);

describe("runBudget: QALYs lost to waiting by year and cumulative", { timeout: 120_000 }, () => {
  it("SLE US, bespoke CAR T, defaults over 5 years (the review's case, whose column fell 67.1 to 2.7): cumulative = running sum of the years, never falls", () => {
    const r = runBudget(a, data, { platform: "autologous", years: 5 }, am);
    const rows = accessYearTable(r);
    let sum = 0,
      prev = 0;
    for (const y of rows) {
      sum += y.qalys_lost_to_waiting;
      expect(y.qalys_lost_to_waiting).toBeGreaterThanOrEqual(0);
      expect(y.qalys_lost_to_waiting_cumulative).toBeCloseTo(sum, 9);
      expect(y.qalys_lost_to_waiting_cumulative).toBeGreaterThanOrEqual(prev);
      prev = y.qalys_lost_to_waiting_cumulative;
    }
    // The queue of year 3 is served in year 4 (treated exceeds the unlimited-capacity count there):
    // the old running shortfall fell that year; the new figure does not.
    expect(r.yearRows[3].treated).toBeGreaterThan(r.yearRows[3].treatedUnlimited);
    expect(prev).toBeGreaterThan(0);
  });
});

describe("the affordability threshold in the analysis's price year", { timeout: 120_000 }, () => {
  it("US: 777,000,000 USD in 2022 prices is 840,572,727.27 in 2025 prices (PCE health index 110.0 to 119.0)", () => {
    // 777e6 x 119.0 / 110.0 = 840,572,727.2727 (data/cart/price-index.csv, USD rows 2022 and 2025).
    const r = runBudget(a, data, { platform: "autologous", years: 5, priceIndex: evidence }, am);
    expect(r.priceYear).toBe(2025);
    expect(r.threshold.amountInItsYear).toBe(777_000_000);
    expect(r.threshold.year).toBe(2022);
    expect(r.threshold.currency).toBe("USD");
    expect(r.threshold.priceYear).toBe(2025);
    expect(r.threshold.amount).toBeCloseTo(840_572_727.2727, 3);
    // The platform comparison's budget by default: that amount to whole dollars, as the Access page's
    // box shows it and writes no link field for (the CLI used 840,572,727.27; review s37).
    expect(r.options.accessBudget).toBe(840_572_727);
    expect(defaultAccessBudget(data, "us", PRESETS.us, evidence)).toBe(840_572_727);
    // Years flagged over the threshold are those whose net exceeds the inflated amount.
    for (const y of r.budgetYears) expect(y.overThreshold).toBe(y.net > 840_572_727.2727);
    expect(describeThreshold(r.threshold, r.priceYear)).toContain(
      "USD 777,000,000 a year in 2022 prices, USD 840,572,727 in 2025 prices",
    );
    const t = thresholdTable(r)[0];
    expect(t.threshold_amount_in_its_year).toBe(777_000_000);
    expect(t.threshold_inflation_factor).toBeCloseTo(119 / 110, 12);
    // The patients a year within the threshold use the inflated amount: T / c.
    expect(r.threshold.rows[0].patientsPerYear).toBeCloseTo(840_572_727.2727 / r.threshold.rows[0].perPatientAnnual, 3);
  });

  it("without a price index the threshold keeps its own year and says the comparison is across price years", () => {
    const r = runBudget(a, data, { platform: "autologous", years: 5 }, am);
    expect(r.threshold.amount).toBe(777_000_000);
    expect(r.threshold.inflation).toBeNull();
    expect(r.threshold.priceYear).toBe(2022);
    expect(describeThreshold(r.threshold, r.priceYear)).toBe(
      "ICER potential budget impact threshold: USD 777,000,000 a year in 2022 prices (not inflated: compared with amounts in 2025 prices, across price years)",
    );
  });

  it("UK: NHS England's GBP 20 million test is a fixed cash amount (uprated = no), compared as it stands, never inflated", () => {
    // The test has been GBP 20 million in any of the first three years since April 2017, not uprated
    // (data/access/thresholds.csv); the UK preset's price year is 2024 (src/cart/presets.ts).
    const uk = runCart(evidence, "sle", PRESETS.uk, loadLifeTable(PRESETS.uk.lifeTable.file));
    const r = runBudget(uk, data, { platform: "autologous", years: 5, priceIndex: evidence });
    expect(r.threshold.amount).toBe(20_000_000);
    expect(r.threshold.inflation).toBeNull();
    expect(r.threshold.uprated).toBe(false);
    for (const y of r.budgetYears) expect(y.overThreshold).toBe(y.net > 20_000_000);
    expect(describeThreshold(r.threshold, r.priceYear)).toBe(
      "NHS England budget impact test: GBP 20,000,000 a year in 2017 prices (a fixed amount in cash terms, not uprated: compared as it stands with amounts in 2024 prices)",
    );
  });

  it("thresholds.csv's uprated cell is yes or no: a blank or another word is named with its file, row and column", () => {
    const files = loadAccessFiles();
    const f = "data/access/thresholds.csv";
    const lines = files[f].split("\n");
    lines[2] = lines[2].replace(",GBP,2017,no,", ",GBP,2017,maybe,");
    expect(() => readAccessData({ ...files, [f]: lines.join("\n") })).toThrow(
      /data\/access\/thresholds.csv row 3 column uprated.*not yes or no.*maybe/s,
    );
  });
});

describe("describeUptake(u) writes the curve in words", () => {
  it("logistic:0.5,3,1.2 rises to 50%, half of that (25%) at year 3: u(3) = 0.5 / (1 + e^0) = 0.25", () => {
    expect(describeUptake({ shape: "logistic", level: 0.5, midpoint: 3, slope: 1.2 })).toBe(
      "logistic curve rising to 50% of eligible patients, half of that (25%) at year 3, steepness 1.2 a year",
    );
  });
  it("constant, linear and step curves", () => {
    expect(describeUptake({ shape: "constant", level: 0.3 })).toBe("30% of eligible patients referred from launch");
    expect(describeUptake({ shape: "linear", start: 0.1, level: 0.6, rampYears: 5 })).toBe(
      "rising in a straight line from 10% of eligible patients at launch to 60% at year 5, then flat",
    );
    expect(describeUptake({ shape: "step", start: 0, level: 0.125, stepYear: 2 })).toBe(
      "0% of eligible patients until year 2, then 12.5%",
    );
  });
});

describe("product payments after the horizon", { timeout: 120_000 }, () => {
  it("up-front: after the horizon = first-course tail + retreatment; all courses' payments = treated x the cohort model's product cost", () => {
    const r = runBudget(a, data, { platform: "autologous", years: 5 }, am);
    const treated = r.yearRows.reduce((s, y) => s + y.treated, 0);
    const full = am.series.autologous.costs.c_cart_product.reduce((s, x) => s + x, 0);
    const first = am.series.autologous.firstCourse!.c_cart_product.reduce((s, x) => s + x, 0);
    for (const p of r.payments) {
      expect(p.afterHorizonFirstCourse + p.afterHorizonRetreatment).toBeCloseTo(p.afterHorizon, 0);
    }
    const up = r.payments.find((p) => p.payment === "upfront")!;
    // Every course's product is paid once, in the month of its infusion: in or after the horizon.
    expect(up.total).toBeCloseTo(treated * full, -1);
    // Retreatment is paid after relapse, mostly beyond a 5-year horizon; at most treated x (full - first).
    expect(up.afterHorizonRetreatment).toBeGreaterThan(0.5 * up.afterHorizon);
    expect(up.afterHorizonRetreatment).toBeLessThanOrEqual(treated * (full - first) + 1);
    const row = paymentTable(r).find((x) => x.payment === "upfront" && x.year === "after horizon")!;
    expect(row.after_horizon_retreatment).toBe(up.afterHorizonRetreatment);
  });
  it("labels each payment model as the settings line says it (describePayment), the chosen one prefixed", () => {
    const chosen = { kind: "instalments" as const, count: 3, rate: 0, stopAtDeath: false };
    const r = runBudget(a, data, { platform: "autologous", years: 2, payment: chosen }, am);
    // The fixed instalment model pays at the preset's cost discount rate, to one decimal as a percentage.
    const rate = (a.result.discount.costs * 100).toFixed(1);
    // Typed from the wording, not from describePayment: the three fixed models and the chosen one.
    expect([...new Set(paymentTable(r).map((x) => x.label))]).toEqual([
      "Up-front payment at infusion",
      `5 annual instalments at ${rate}%, stopping at death`,
      "Outcomes-based: 50% refunded on non-response or relapse within 3 years",
      "Chosen: 3 annual instalments at 0.0%, continuing at death",
    ]);
  });
});
