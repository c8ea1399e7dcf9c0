// Property tests (fast-check, fixed seeds) for the browser-side readers: random bytes as a link
// fragment, a stored scenario, an uploaded parameter CSV or a `--params` table give a result or a
// named ModelError — never another exception — and what they return passes the range checks.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_SCENARIO,
  OVERRIDABLE,
  PRESET_IDS,
  checkParameterValue,
  decodeScenario,
  parameterViews,
  readEvidence,
  readParameterSet,
} from "../../src/cart/index.js";
import { loadEvidenceFiles, loadLifeTable } from "../../src/cart/load.js";
import { ModelError } from "../../src/model/errors.js";
import { CsvTokenizer } from "../../src/model/io/csv-table.js";

const files = loadEvidenceFiles();
const evidence = readEvidence(files);
const views = parameterViews(evidence, loadLifeTable(), { ...DEFAULT_SCENARIO, overrides: {} });
const diseases = evidence.diseases.map((d) => d.disease);
const names = [...OVERRIDABLE.keys()];

// Text that looks like the real thing often enough to get past the header: known names, hostile
// names, numbers in odd notations, separators and quotes.
const token = fc.oneof(
  fc.constantFrom(
    ...names.slice(0, 20),
    "constructor",
    "__proto__",
    "toString",
    "parameter",
    "value",
    "p.",
    "p_male",
    "preset",
    "disease",
    "wtp",
    "us",
    "uk",
    "sle",
  ),
  fc.constantFrom("0", "1", "-1", "0.5", "1e9", "0x10", "1,5", "NaN", "Infinity", "", " ", "NA"),
  fc.constantFrom(",", ";", "\t", "\n", "\r\n", '"', '""', "=", "&", "#", "%", "%ZZ", "\uFEFF", "\u0000"),
  fc.string({ maxLength: 6 }),
);
const text = fc.array(token, { maxLength: 60 }).map((t) => t.join(""));
const csvText = fc
  .tuple(fc.constantFrom("parameter,value\n", "parameter,value,unit\n", "parameter;value\n", ""), text)
  .map(([h, t]) => h + t);

describe("readers never throw anything but a named error", () => {
  it("decodeScenario(any text) returns a valid scenario and at most 100 problems", () => {
    fc.assert(
      fc.property(text, (t) => {
        const d = decodeScenario(t, diseases);
        expect(d.problems.length).toBeLessThanOrEqual(100);
        expect(d.total).toBeGreaterThanOrEqual(d.problems.length);
        expect(diseases).toContain(d.scenario.disease);
        expect(PRESET_IDS).toContain(d.scenario.preset);
        for (const [k, v] of Object.entries(d.scenario.overrides)) expect(checkParameterValue(k, v).ok).toBe(true);
      }),
      { seed: 20261204, numRuns: 400 },
    );
  }, 60_000);

  it("readParameterSet(any text) returns overrides that pass the range check, or problems, never both", () => {
    fc.assert(
      fc.property(csvText, (t) => {
        const r = readParameterSet(t, "up.csv", views);
        expect(r.problems.length).toBeLessThanOrEqual(100);
        if (r.overrides) {
          expect(r.total).toBe(0);
          for (const [k, v] of Object.entries(r.overrides))
            expect(checkParameterValue(k, v, { negativeUtility: true }).ok).toBe(true);
        } else expect(r.total > 0 || r.empty).toBe(true);
      }),
      { seed: 20261205, numRuns: 400 },
    );
  }, 60_000);

  it("readEvidence with any text as the parameter table returns or throws a ModelError", () => {
    const header = files[Object.keys(files).find((f) => f.endsWith("parameters-sle.csv"))!].split("\n")[0] + "\n";
    fc.assert(
      fc.property(fc.tuple(fc.constantFrom(header, ""), text), ([h, t]) => {
        try {
          readEvidence({ ...files, "user/parameters-x.csv": h + t }, { parameterFiles: ["user/parameters-x.csv"] });
        } catch (e) {
          expect(e).toBeInstanceOf(ModelError);
        }
      }),
      { seed: 20261206, numRuns: 200 },
    );
  }, 60_000);

  it("CsvTokenizer reads back any cells written with RFC 4180 quoting", () => {
    // The writer here is the RFC's rule, independent of the reader: quote a cell holding a comma,
    // quote or line break, doubling its quotes.
    const quote = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
    const cell = fc.string({
      unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r\n", " ", "1", "é") as fc.Arbitrary<string>,
      maxLength: 8,
    });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const t = new CsvTokenizer(rows.map((r) => r.map(quote).join(",")).join("\r\n"));
        for (const r of rows) expect(t.next()?.cells).toEqual(r);
        expect(t.next()).toBeNull();
      }),
      { seed: 20261207, numRuns: 300 },
    );
  }, 60_000);
});
