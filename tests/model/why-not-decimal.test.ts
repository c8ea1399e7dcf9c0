/** whyNotDecimal(text) on cells as spreadsheets format amounts: the reason names what the cell holds. */
import { describe, expect, it } from "vitest";
import { parseDecimal, whyNotDecimal } from "../../src/model/io/number.js";

describe("whyNotDecimal", () => {
  it("whyNotDecimal(text) names thousands separators of a US/UK spreadsheet's formatted cells (was 'not a number')", () => {
    // Excel's CSV keeps a cell's display format: 1234.56 shown as "1,234.56" is saved so, in quotes.
    for (const [t, plain] of [
      ["1,234.56", "1234.56"],
      ["12,345,678", "12345678"],
      ["-1,234,567.5", "-1234567.5"],
    ])
      expect(whyNotDecimal(t), t).toBe(
        `thousands separators (write the number without them, with '.' decimals: ${plain}; in a spreadsheet format the cells as numbers without the 1000 separator before saving)`,
      );
  });
  it("whyNotDecimal(text) gives both readings of one comma before three digits (1,000: a thousand, or one with a decimal comma)", () => {
    expect(whyNotDecimal("1,000")).toBe(
      "a comma inside a number: a thousands separator (1,000 = 1000) or a decimal comma (1,000 = 1.000)? Write the number without separators, with '.' decimals",
    );
  });
  it("whyNotDecimal(text) names a European formatted amount (thousands '.', decimal ',')", () => {
    expect(whyNotDecimal("1.234,56")).toBe(
      "European number format (thousands '.', decimal ','): write 1234.56, with no separators and '.' decimals",
    );
  });
  it("whyNotDecimal(text) still calls 0,5 and 4,5 decimal commas, and none of these cells is read as a number", () => {
    expect(whyNotDecimal("0,5")).toMatch(/^decimal comma/);
    // A leading 0 group is no thousands grouping: "0,035" is a decimal comma only (s27 integration: it was called ambiguous).
    expect(whyNotDecimal("0,035")).toMatch(/^decimal comma/);
    expect(whyNotDecimal("-0,250")).toMatch(/^decimal comma/);
    expect(whyNotDecimal("4,5")).toMatch(/^decimal comma/);
    for (const t of ["1,234.56", "1,000", "1.234,56", "0,5"]) expect(parseDecimal(t), t).toBeUndefined();
  });
  it("whyNotDecimal(text) names a spreadsheet's displayed cell, with the number to write (voi review s40: each was 'not a number')", () => {
    const cases: Array<[string, string]> = [
      [
        "£1,144.96",
        "a currency sign or code in the cell: write the number alone (1144.96), the currency is not read from cells",
      ],
      [
        "USD 12",
        "a currency sign or code in the cell: write the number alone (12), the currency is not read from cells",
      ],
      ["-$5", "a currency sign or code in the cell: write the number alone (-5), the currency is not read from cells"],
      // 14.63 / 100 = 0.1463 (the fraction, for a model whose value is one).
      ["14.63%", "a percent sign: write the number alone (14.63, or 0.1463 if the model's value is a fraction)"],
      ["(0.341166)", "a negative number in accounting format (brackets): write -0.341166"],
      ["−0.34", "a typographic minus or dash (U+2212) before the number: write it with '-', -0.34"],
      ["12 000", "a space or apostrophe between thousands: write the number without it (12000), with '.' decimals"],
      ["1'234.5", "a space or apostrophe between thousands: write the number without it (1234.5), with '.' decimals"],
    ];
    for (const [t, why] of cases) {
      expect(whyNotDecimal(t), t).toBe(why);
      expect(parseDecimal(t), t).toBeUndefined();
    }
    // Nothing to suggest: the plain words.
    expect(whyNotDecimal("(abc)")).toBe("not a number");
    expect(whyNotDecimal("%")).toBe("not a number");
  });
});
