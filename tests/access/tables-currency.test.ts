// Every access table with a money column names its currency and price year in its rows, so a CSV
// read on its own (the Access page's downloads, `cartecon budget`) says what its amounts are in.
// Expected: the US preset's USD 2025 (src/cart/presets.ts) and the UK preset's GBP 2024.
import { describe, expect, it } from "vitest";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { PRESETS, runCart } from "../../src/cart/index.js";
import { loadAccessData } from "../../src/access/load.js";
import {
  budgetComponentTable,
  budgetYearTable,
  paymentIncrementalTable,
  paymentTable,
  platformAccessTable,
  platformYearTable,
  runBudget,
  thresholdTable,
} from "../../src/access/index.js";

describe("access tables with money columns", () => {
  for (const [preset, currency, priceYear] of [
    ["us", "USD", 2025],
    ["uk", "GBP", 2024],
  ] as const) {
    it(`every row of every money table carries currency ${currency} and price_year ${priceYear} (${preset})`, () => {
      const a = runCart(loadEvidence(), "sle", PRESETS[preset], loadPresetLifeTables()[preset]);
      const r = runBudget(a, loadAccessData(), {
        platform: "autologous",
        years: 5,
        payment: { kind: "outcomes", rebateShare: 0.5, years: 3 },
      });
      const tables = {
        paymentTable: paymentTable(r),
        thresholdTable: thresholdTable(r),
        platformAccessTable: platformAccessTable(r),
        platformYearTable: platformYearTable(r),
        budgetYearTable: budgetYearTable(r),
        budgetComponentTable: budgetComponentTable(r),
        paymentIncrementalTable: paymentIncrementalTable(r),
      };
      for (const [name, rows] of Object.entries(tables)) {
        expect(rows.length, name).toBeGreaterThan(0);
        for (const row of rows as Array<Record<string, unknown>>) {
          expect(row.currency, name).toBe(currency);
          expect(row.price_year, name).toBe(priceYear);
        }
      }
    }, 120_000);
  }
});
