// checkBudgetSetting(key, text): the one check of a budget setting typed into the Access page or
// carried by its link. Expected numbers are the texts themselves; ranges are those of
// BUDGET_SETTING_RANGES as written in src/access/link.ts (and of decodeBudgetSettings before it).
import { describe, expect, it } from "vitest";
import { checkBudgetSetting, decodeBudgetSettings } from "../../src/access/index.js";

describe("checkBudgetSetting(key, text)", () => {
  it("accepts a decimal in range and returns its number", () => {
    expect(checkBudgetSetting("rebateShare", " 0.25 ")).toEqual({ ok: true, value: 0.25 });
    expect(checkBudgetSetting("cap", "2e9")).toEqual({ ok: true, value: 2e9 });
  });

  it("reads 'unlimited' as Infinity for capacities only", () => {
    expect(checkBudgetSetting("manufacturingPerYear", "unlimited")).toEqual({ ok: true, value: Infinity });
    const m = checkBudgetSetting("members", "unlimited");
    expect(m.ok).toBe(false);
    if (!m.ok)
      expect(m.message).toBe(
        'members: not a number (got "unlimited"); expected a whole number of members in [1, 10000000000]',
      );
  });

  it("refuses blank, text, a decimal comma, negative and huge values, naming the setting, the value and the range", () => {
    const cases: Array<[Parameters<typeof checkBudgetSetting>[0], string, string]> = [
      ["cap", "", 'cap: blank cell (got ""); expected an amount per year (0 = no cap) in [0, 1000000000000000]'],
      ["rebateShare", "abc", 'rebateShare: not a number (got "abc"); expected a share of the price in [0, 1]'],
      ["rebateShare", "-5", "rebateShare: out of range (got -5); expected a share of the price in [0, 1]"],
      ["discount", "1e308", "discount: out of range (got 1e+308); expected an annual rate in [0, 1]"],
      ["years", "2.5", "years: not a whole number (got 2.5); expected a whole number of years in [1, 15]"],
    ];
    for (const [key, text, message] of cases) expect(checkBudgetSetting(key, text)).toEqual({ ok: false, message });
    const comma = checkBudgetSetting("growthPerYear", "0,5");
    expect(comma.ok).toBe(false);
    if (!comma.ok) expect(comma.message).toContain("growthPerYear: decimal comma");
  });

  it("a link's capacity, growth and discount beyond the page's slider spans are kept (the page once clamped them)", () => {
    // The sliders span 0 to 60,000 slots, growth 0 to 1 and discount 0 to 0.1; the link allows more.
    const { settings, problems } = decodeBudgetSettings("?capacity=unlimited,100000,2&discount=0.5");
    expect(problems).toEqual([]);
    expect(settings.capacity).toEqual({ manufacturingPerYear: Infinity, centrePerYear: 100000, growthPerYear: 2 });
    expect(settings.discountRate).toBe(0.5);
    for (const [key, text] of [
      ["manufacturingPerYear", "unlimited"],
      ["centrePerYear", "100000"],
      ["growthPerYear", "2"],
      ["discount", "0.5"],
    ] as const)
      expect(checkBudgetSetting(key, text).ok).toBe(true);
  });

  it("members is a whole number on the page and in a link, as `cartecon budget --members` (1.5 was accepted)", () => {
    expect(checkBudgetSetting("members", "1.5")).toEqual({
      ok: false,
      message: "members: not a whole number (got 1.5); expected a whole number of members in [1, 10000000000]",
    });
    expect(checkBudgetSetting("members", "2000000")).toEqual({ ok: true, value: 2000000 });
    const { settings, problems } = decodeBudgetSettings("?members=1.5");
    expect(problems).toEqual([
      "members=1.5: not a whole number (got 1.5); expected a whole number of members in [1, 10000000000]",
    ]);
    expect(settings.members).toBe(1_000_000);
  });
});
