/** The .xlsx writer (src/cart/workbook.ts) and the scenario columns every CAR T table carries (issue [10], item 5). */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  cartAssumptionTable,
  cartComponentTable,
  cartStateCostTable,
  cartSummaryTable,
  cartThresholdTable,
  PRESETS,
  runCart,
  scenarioColumns,
} from "../../src/cart/index.js";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";
import {
  fillWorkbook,
  flattenScenario,
  parameterHeaderRow,
  xlsxCell,
  type SheetTable,
} from "../../src/cart/workbook.js";

const evidence = loadEvidence();
const lifeTable = loadLifeTable();

/** Writes a workbook to bytes and reads it back with a fresh exceljs workbook, as a user's spreadsheet would. */
async function roundTrip(fill: (wb: ExcelJS.Workbook) => void): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  const bytes = await wb.xlsx.writeBuffer();
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(bytes);
  return back;
}

describe("scenarioColumns(analysis)", { timeout: 60_000 }, () => {
  it("names the discount rates, the durability scenario and the overrides that made the table", () => {
    const a = runCart(evidence, "mg", PRESETS.uk, lifeTable, { overrides: { r_relapse: 0.1, c_price: 250000 } });
    const c = scenarioColumns(a);
    // NICE reference case: 3.5% a year for costs and outcomes (presets.ts, NICE PMG36 section 4.5.1).
    expect(c.discount_costs).toBeCloseTo(0.035, 12);
    expect(c.discount_outcomes).toBeCloseTo(0.035, 12);
    expect(c.overrides).toBe("c_price=250000; r_relapse=0.1");
    expect(c.durability.length).toBeGreaterThan(0);
    const none = scenarioColumns(runCart(evidence, "mg", PRESETS.us, lifeTable));
    expect(none.overrides).toBe("none");
    expect(none.discount_costs).toBeCloseTo(0.03, 12);
  });

  it("every CAR T result table carries the scenario columns on every row", () => {
    const a = runCart(evidence, "sle", PRESETS.us, lifeTable, { overrides: { c_price: 300000 } });
    for (const t of [cartSummaryTable([a]), cartThresholdTable([a]), cartComponentTable(a), cartStateCostTable(a)]) {
      const n = (t.strategy as unknown[]).length;
      expect(n).toBeGreaterThan(0);
      expect(Array.from(t.overrides as unknown[])).toEqual(Array(n).fill("c_price=300000"));
      expect(Array.from(t.discount_costs as unknown[])).toEqual(Array(n).fill(0.03));
    }
  });
});

describe("xlsxCell(x)", () => {
  it("keeps numbers as numbers and escapes text a spreadsheet would run as a formula, as the CSV writer does", () => {
    expect(xlsxCell(0.07500000000000001)).toBe(0.07500000000000001);
    expect(xlsxCell(-3)).toBe(-3);
    expect(xlsxCell('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    for (const s of ["+1", "-1", "@SUM(A1)", "\tx", "\rx"]) expect(xlsxCell(s)).toBe("'" + s);
    expect(xlsxCell("a=b")).toBe("a=b");
    expect(xlsxCell(null)).toBeNull();
    expect(xlsxCell(undefined)).toBeNull();
    expect(xlsxCell(Number.NaN)).toBe("NaN");
    expect(xlsxCell(Infinity)).toBe("Infinity");
  });
});

describe("xlsxCell(x), the other kinds of value", () => {
  it("keeps booleans and dates, turns a bigint into a number and writes objects and arrays as JSON text", () => {
    expect(xlsxCell(true)).toBe(true);
    expect(xlsxCell(false)).toBe(false);
    expect(xlsxCell(12n)).toBe(12);
    const d = new Date(Date.UTC(2026, 0, 2));
    expect(xlsxCell(d)).toBe(d);
    expect(xlsxCell({ a: 1 })).toBe('{"a":1}');
    expect(xlsxCell([1, "x"])).toBe('[1,"x"]');
    expect(xlsxCell(0)).toBe(0);
    expect(xlsxCell(-Infinity)).toBe("-Infinity");
    expect(xlsxCell("")).toBe("");
  });
});

describe("flattenScenario(obj)", () => {
  it("writes nested objects as dotted keys and an empty object as none", () => {
    expect(
      flattenScenario({ a: 1, discount: { costs: 0.03, outcomes: 0.015 }, overrides: {}, list: ["x", "y"] }),
    ).toEqual([
      ["a", 1],
      ["discount.costs", 0.03],
      ["discount.outcomes", 0.015],
      ["overrides", "none"],
      ["list", "x; y"],
    ]);
  });
  it("keeps dates, nulls and arrays as values, nests to any depth and prefixes nothing at the top", () => {
    const d = new Date(Date.UTC(2026, 11, 4));
    expect(flattenScenario({ when: d, none: null, a: { b: { c: 1, d: {} } } })).toEqual([
      ["when", d],
      ["none", null],
      ["a.b.c", 1],
      ["a.b.d", "none"],
    ]);
    expect(flattenScenario({ x: 1 }, "top")).toEqual([["top.x", 1]]);
    expect(flattenScenario({})).toEqual([]);
  });
});

describe("fillWorkbook(wb, tables, assumptions)", { timeout: 60_000 }, () => {
  it("writes one sheet per table and an assumptions sheet that read back cell for cell", async () => {
    const tables: SheetTable[] = [
      {
        name: "results",
        columns: { strategy: ["soc", "=evil"], cost: [1234.5678901234567, -0.1], note: [null, "ok"] },
      },
      { name: "a/b:c*d?[e]f-with-a-very-long-name-over-31", columns: { x: [1] } },
      { name: "RESULTS", columns: { y: [2] } },
    ];
    const scenario = {
      tool: "cartecon test",
      discount: { costs: 0.035, outcomes: 0.035 },
      overrides: { c_price: 250000 },
    };
    const parameters = {
      parameter: ["c_price", "p_response"],
      value: [250000, 0.7],
      source_id: ["ASSUMPTION", "MACKENSEN2022"],
    };
    let names: string[] = [];
    const wb = await roundTrip((w) => (names = fillWorkbook(w, tables, { scenario, parameters })));
    expect(names).toEqual(["results", "a-b-c-d--e-f-with-a-very-long-n", "RESULTS-2", "assumptions"]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(names);
    const r = wb.getWorksheet("results")!;
    expect(r.getRow(1).values).toEqual([undefined, "strategy", "cost", "note"]);
    expect(r.getCell(2, 2).value).toBe(1234.5678901234567);
    expect(r.getCell(3, 1).value).toBe("'=evil");
    expect(r.getCell(3, 2).value).toBe(-0.1);
    expect(r.getCell(2, 3).value).toBeNull();
    const s = wb.getWorksheet("assumptions")!;
    expect([s.getCell(2, 1).value, s.getCell(2, 2).value]).toEqual(["tool", "cartecon test"]);
    expect([s.getCell(3, 1).value, s.getCell(3, 2).value]).toEqual(["discount.costs", 0.035]);
    expect([s.getCell(5, 1).value, s.getCell(5, 2).value]).toEqual(["overrides.c_price", 250000]);
    // 4 scenario rows after the header, one blank row, then the parameter header at row 7.
    expect(parameterHeaderRow(scenario)).toBe(7);
    expect(s.getRow(6).cellCount).toBe(0);
    expect(s.getRow(7).values).toEqual([undefined, "parameter", "value", "source_id"]);
    expect(s.getRow(9).values).toEqual([undefined, "p_response", 0.7, "MACKENSEN2022"]);
  });

  it("names sheets within Excel's rules: 'sheet' for an empty name, numbered repeats cut to 31 characters, never 'assumptions'", async () => {
    const long = "x".repeat(40);
    const tables: SheetTable[] = [
      { name: "", columns: { a: [1] } },
      { name: "Assumptions", columns: { a: [1] } },
      { name: long, columns: { a: [1] } },
      { name: long, columns: { a: [1] } },
      { name: long, columns: { a: [1] } },
    ];
    let names: string[] = [];
    const wb = await roundTrip((w) => (names = fillWorkbook(w, tables, { scenario: {}, parameters: {} })));
    // 31 characters: 29 x's, "-2"; then "-3". The user's "Assumptions" may not take the assumptions sheet's name.
    expect(names).toEqual([
      "sheet",
      "Assumptions-2",
      "x".repeat(31),
      "x".repeat(29) + "-2",
      "x".repeat(29) + "-3",
      "assumptions",
    ]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(names);
  });

  it("sets a bold, frozen header row and column widths of the name's length + 2, between 10 and 40", async () => {
    const columns = { a: [1], mid_length_name: [2], ["y".repeat(50)]: [3] };
    const wb = await roundTrip((w) =>
      fillWorkbook(w, [{ name: "t", columns }], { scenario: { k: "v" }, parameters: { parameter: ["p"] } }),
    );
    const t = wb.getWorksheet("t")!;
    expect(t.getRow(1).font?.bold).toBe(true);
    expect(t.getRow(2).font?.bold).toBeFalsy();
    expect(t.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    // "a": 1 + 2 = 3, raised to 10; "mid_length_name": 15 + 2 = 17; 50 + 2 = 52, cut to 40.
    expect([1, 2, 3].map((j) => t.getColumn(j).width)).toEqual([10, 17, 40]);
    const s = wb.getWorksheet("assumptions")!;
    expect(s.getRow(1).values).toEqual([undefined, "scenario", "value"]);
    expect(s.getRow(1).font?.bold).toBe(true);
    expect(s.getColumn(1).width).toBe(28);
    // One scenario row, a blank row, then the parameter table's header (bold) at row 1 + 1 + 2 = 4.
    expect(parameterHeaderRow({ k: "v" })).toBe(4);
    expect(s.getRow(4).values).toEqual([undefined, "parameter"]);
    expect(s.getRow(4).font?.bold).toBe(true);
    expect(s.getRow(5).values).toEqual([undefined, "p"]);
  });

  it("writes a table without columns as an empty sheet", async () => {
    const wb = await roundTrip((w) =>
      fillWorkbook(w, [{ name: "empty", columns: {} }], { scenario: {}, parameters: {} }),
    );
    expect(wb.getWorksheet("empty")!.rowCount).toBe(0);
  });

  it("refuses a table whose columns differ in length, naming sheet and column", () => {
    const wb = new ExcelJS.Workbook();
    expect(() =>
      fillWorkbook(wb, [{ name: "t", columns: { a: [1, 2], b: [1] } }], { scenario: {}, parameters: {} }),
    ).toThrow('sheet "t" column "b" has 1 rows; the first column has 2');
  });

  it("the assumptions table lists every parameter of the analysis with its citation, currency and price year", () => {
    const a = runCart(evidence, "ms", PRESETS.uk, lifeTable);
    const t = cartAssumptionTable(a, evidence.sources);
    const n = a.model.provenance.length;
    expect((t.parameter as unknown[]).length).toBe(n);
    const i = (t.parameter as string[]).indexOf("c_price");
    expect(t.currency[i]).toBe("GBP");
    expect(t.price_year[i]).toBe(2024); // the UK preset's price year: GBP 2024 (docs/methods.md, presets)
    const j = (t.parameter as string[]).indexOf("p_response");
    expect(t.currency[j]).toBeNull();
    const sourced = (t.source_id as string[])
      .map((id, k) => [id, t.citation[k]] as const)
      .filter(([id]) => evidence.sources.has(id));
    expect(sourced.length).toBe(n);
    for (const [id, citation] of sourced) expect(citation).toBe(evidence.sources.get(id)!.citation);
  });
});
