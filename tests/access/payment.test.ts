import { describe, expect, it } from "vitest";
import {
  annuityDuePayment,
  parsePayment,
  presentValue,
  productSchedule,
  relapseCdf,
  type ProductContext,
} from "../../src/access/payment.js";
import { ModelError } from "../../src/model/errors.js";

// A product cost of 1,000 in cycle 3 (month 2 since the slot) and 500 in cycle 40 (a retreatment).
function context(alive: (k: number) => number = () => 1): ProductContext {
  const product = new Float64Array(200);
  product[3] = 1000;
  product[40] = 500;
  return {
    product,
    alive: Float64Array.from({ length: 201 }, (_, k) => alive(k)),
    perYear: 12,
    pResponse: 0.6,
    relapse: { rate: 0.1, shape: 1, limitYears: 10 },
  };
}
const sum = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0);
/** Present value of a monthly flow at annual rate r, month m discounted by (1 + r)^-(m/12): written here, not presentValue. */
const pv = (xs: Float64Array, r: number) => xs.reduce((a, x, m) => a + x * (1 + r) ** (-m / 12), 0);

describe("payment models", () => {
  it("annuityDuePayment(5, 0) is 1/5 and the annuity due at rate i has present value 1 at rate i", () => {
    expect(annuityDuePayment(5, 0)).toBe(0.2);
    // 5 payments A at t = 0..4 at 3%: A (1 + 1/1.03 + ... + 1/1.03^4) = 1 with A = 0.03 / (1.03 (1 - 1.03^-5)) = 0.2119932...
    const a = annuityDuePayment(5, 0.03);
    let pv = 0;
    for (let j = 0; j < 5; j++) pv += a / 1.03 ** j;
    expect(pv).toBeCloseTo(1, 12);
    expect(a).toBeCloseTo(0.03 / (1.03 * (1 - 1.03 ** -5)), 12);
  });

  it("instalments at the discount rate, continuing at death, have the present value of the up-front price", () => {
    const c = context((k) => Math.exp(-0.02 * k)); // survival falls; it must not matter when payments continue
    const up = productSchedule({ kind: "upfront" }, c).gross;
    const inst = productSchedule({ kind: "instalments", count: 5, rate: 0.035, stopAtDeath: false }, c).gross;
    // Up front: 1,000 in month 2 and 500 in month 39 (the infusion months of the context), nothing else.
    expect(pv(up, 0.035)).toBeCloseTo(1000 * 1.035 ** (-2 / 12) + 500 * 1.035 ** (-39 / 12), 8);
    expect(pv(inst, 0.035)).toBeCloseTo(pv(up, 0.035), 8);
    expect(presentValue(inst, 0.035, 12)).toBeCloseTo(pv(up, 0.035), 8);
    // Stopping at death pays less.
    const stop = productSchedule({ kind: "instalments", count: 5, rate: 0.035, stopAtDeath: true }, c).gross;
    expect(pv(stop, 0.035)).toBeLessThan(pv(up, 0.035) - 1);
  });

  it("instalments at 0% sum to the up-front total; payments fall 12 months apart from the infusion month", () => {
    const c = context();
    const inst = productSchedule({ kind: "instalments", count: 4, rate: 0, stopAtDeath: false }, c).gross;
    expect(sum(inst)).toBeCloseTo(1500, 9);
    // Cycle 3 -> month 2: 250 at months 2, 14, 26, 38; cycle 40 -> month 39: 125 at 39, 51, 63, 75.
    for (const m of [2, 14, 26, 38]) expect(inst[m]).toBeCloseTo(250, 12);
    for (const m of [39, 51, 63, 75]) expect(inst[m]).toBeCloseTo(125, 12);
    expect(productSchedule({ kind: "upfront" }, c).gross[2]).toBe(1000);
  });

  it("an outcomes-based rebate refunds the share for non-response at once and for relapse by year of relapse", () => {
    const c = context();
    const { gross, rebate } = productSchedule({ kind: "outcomes", rebateShare: 0.5, years: 2 }, c);
    expect(sum(gross)).toBeCloseTo(1500, 9);
    // Non-response: 0.5 x 1000 x (1 - 0.6) = 200 at month 2. Relapse with a constant hazard 0.1 a year:
    // F(1) = 1 - e^-0.1 = 0.0951626, F(2) - F(1) = e^-0.1 - e^-0.2 = 0.0861067; refunds 0.5 x 1000 x 0.6 x F.
    expect(rebate[2]).toBeCloseTo(-200, 9);
    expect(rebate[14]).toBeCloseTo(-300 * (1 - Math.exp(-0.1)), 9);
    expect(rebate[26]).toBeCloseTo(-300 * (Math.exp(-0.1) - Math.exp(-0.2)), 9);
  });

  it("relapseCdf follows the Weibull hazard r t^k and repeats the last tunnel's hazard after the limit", () => {
    expect(relapseCdf(2, 0.05, 0.5, 10, 1 / 12)).toBeCloseTo(1 - Math.exp(-0.05 * Math.sqrt(2)), 12);
    // Last tunnel: yearsInState = 11/12, hazard per cycle 0.05 (1^0.5 - (11/12)^0.5).
    const perCycle = 0.05 * (1 - Math.sqrt(11 / 12));
    expect(relapseCdf(3, 0.05, 0.5, 1, 1 / 12)).toBeCloseTo(1 - Math.exp(-(0.05 + 24 * perCycle)), 12);
  });

  it("rejects an instalment count of 0 and unreadable payment texts, naming them", () => {
    expect(() => productSchedule({ kind: "instalments", count: 0, rate: 0.03, stopAtDeath: true }, context())).toThrow(
      /instalment count/,
    );
    expect(() => parsePayment("instalments:0,0.03,stop")).toThrow(ModelError);
    expect(() => parsePayment("instalments:0,0.03,stop")).toThrow(/instalment count.*got 0/);
    expect(() => parsePayment("monthly")).toThrow(/cannot read the payment model/);
    expect(parsePayment("instalments:5,0.03,continue")).toEqual({
      kind: "instalments",
      count: 5,
      rate: 0.03,
      stopAtDeath: false,
    });
  });
});
