/**
 * A hostile review of the pages' links (session 36) found settings changed without a word:
 * - a link to the default scenario was empty (`explorer.html`), so the page loaded the reader's own
 *   stored scenario instead of the defaults;
 * - `cureFraction=0.3` without `durability=cure` was accepted, ignored by the model and kept in the link;
 * - the Access page's query string: `capacity=1200,2400,0,2` (a decimal comma) dropped the fourth part
 *   and read growth 0; `years=5&years=7` took the last value; `1e+5` was read as "1e 5";
 *   `capacity=Unlimited` was refused though the box accepts it; `instalments:1000000,...` and
 *   `outcomes:0.5,10000` were accepted (the budget run then took 77 s and 29 s on the main thread);
 *   `logistic:0.5,1e300,1e300` gave no patients at all.
 * Expected messages are written out by hand from the ranges in src/access/ranges.ts.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO, decodeScenario, encodeScenario } from "../../src/cart/scenario.js";
import { decodeBudgetSettings, DEFAULT_BUDGET_SETTINGS, parsePayment, parseUptake } from "../../src/access/index.js";

const diseases = ["sle", "ms", "mg", "aav", "graves", "t1d"];

describe("the scenario fragment", () => {
  it("a link to the default scenario is not empty, and reads back as the defaults", () => {
    const text = encodeScenario({ ...DEFAULT_SCENARIO, overrides: {} });
    expect(text).toBe("disease=sle");
    expect(decodeScenario(text, diseases)).toEqual({
      scenario: { ...DEFAULT_SCENARIO, overrides: {} },
      problems: [],
      total: 0,
    });
  });

  it("a cure fraction without the cure scenario is named and dropped; with it, kept", () => {
    const d = decodeScenario("disease=ms&cureFraction=0.3", diseases);
    expect(d.scenario.cureFraction).toBeNull();
    expect(d.scenario.disease).toBe("ms");
    expect(d.problems).toEqual([
      "cureFraction: a cure fraction applies only with durability=cure (this scenario's durability is weibull) (got 0.3); expected durability=cure with the cure fraction, or no cure fraction",
    ]);
    const ok = decodeScenario("cureFraction=0.3&durability=cure", diseases);
    expect(ok.problems).toEqual([]);
    expect(ok.scenario.cureFraction).toBe(0.3);
  });
});

describe("the Access page's query string (decodeBudgetSettings)", () => {
  const decode = (q: string) => decodeBudgetSettings(q);

  it("a fourth capacity part is refused, not dropped (a decimal comma in the growth)", () => {
    const { settings, problems } = decode("?capacity=1200,2400,0,2");
    expect(settings.capacity).toEqual({});
    expect(problems).toEqual([
      "capacity=1200,2400,0,2: 4 values; expected at most 3, MANUFACTURING,CENTRE,GROWTH (a decimal comma? write 0.2, not 0,2)",
    ]);
  });

  it("a key given twice keeps its first value and says so", () => {
    const { settings, problems } = decode("?years=5&years=7");
    expect(settings.years).toBe(5);
    expect(problems).toEqual(["years=7: given twice; the first value is used"]);
  });

  it("a plus sign is a plus sign (1e+1 years, a 2e+9 cap)", () => {
    const { settings, problems } = decode("?years=1e+1&cap=2e+9");
    expect(problems).toEqual([]);
    expect(settings.years).toBe(10);
    expect(settings.budgetCap).toBe(2e9);
  });

  it("'unlimited' in any case, with spaces, is unlimited capacity, as in the box", () => {
    const { settings, problems } = decode("?capacity=Unlimited,%20unlimited");
    expect(problems).toEqual([]);
    expect(settings.capacity).toEqual({ manufacturingPerYear: Infinity, centrePerYear: Infinity });
  });

  it("a decimal comma is named with the range expected", () => {
    expect(decode("?years=1,5").problems[0]).toMatch(
      /^years: decimal comma .*\(got "1,5"\); expected a whole number of years in \[1, 15\]$/,
    );
  });

  it("payments and uptake curves beyond the page's bounds are refused (they froze the page)", () => {
    const a = decode("?payment=instalments:1000000,0.03,stop");
    expect(a.settings.payment).toEqual(DEFAULT_BUDGET_SETTINGS.payment);
    expect(a.problems).toEqual([
      "payment=instalments:1000000,0.03,stop: invalid payment model: payment instalment count: out of range (got 1000000); expected at most 100 annual payments",
    ]);
    expect(decode("?payment=outcomes:0.5,10000").problems).toEqual([
      "payment=outcomes:0.5,10000: invalid payment model: payment rebate years: out of range (got 10000); expected at most 100 years",
    ]);
    const u = decode("?uptake=logistic:0.5,1e300,1e300");
    expect(u.settings.uptake).toBeNull();
    expect(u.problems[0]).toContain("uptake.midpoint: out of range (got 1e+300); expected years in [-100, 100]");
    expect(u.problems[0]).toContain(
      "uptake.slope: out of range (got 1e+300); expected a steepness per year in [0.01, 100]",
    );
    // The bounds themselves are accepted, as by `cartecon budget`.
    expect(parsePayment("instalments:100,0.03,stop")).toEqual({
      kind: "instalments",
      count: 100,
      rate: 0.03,
      stopAtDeath: true,
    });
    expect(parseUptake("logistic:0.5,-100,100")).toEqual({ shape: "logistic", level: 0.5, midpoint: -100, slope: 100 });
  });

  it("an unknown key lists the keys a link may hold", () => {
    expect(decode("?utm_source=x").problems).toEqual([
      "utm_source: not a budget setting; expected years, capacity, uptake, rule, payment, cap, accessBudget, members or discount",
    ]);
  });
});
