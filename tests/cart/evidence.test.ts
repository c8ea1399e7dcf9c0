/** Validation of the evidence tables: all errors at once, by file, row and column; nothing runs. */
import { describe, expect, it } from "vitest";
import { convertCost, readEvidence } from "../../src/cart/index.js";
import { ModelError } from "../../src/model/index.js";
import { loadEvidenceFiles } from "../../src/cart/load.js";
import { modelError } from "../helpers/errors.js";

const files = loadEvidenceFiles();
const SLE = "data/cart/parameters-sle.csv";

/** The error reading the evidence tables with some files replaced (fails the test if they read). */
const problemsOf = (replace: Record<string, string>): ModelError =>
  modelError(() => readEvidence({ ...files, ...replace }));

/** The SLE table with lines edited: `edit(cells)` returns new cells for a row, or null to drop it. */
function editSle(edit: (cells: string[], line: number) => string[] | null, extra: string[] = []): string {
  const lines = files[SLE].trim().split("\n");
  const out = [lines[0]];
  lines.slice(1).forEach((l, i) => {
    const cells = l.split(",");
    const e = edit(cells, i + 2);
    if (e) out.push(e.join(","));
  });
  return out.concat(extra).join("\n") + "\n";
}

describe("evidence tables", () => {
  it("the shipped tables are valid", () => {
    const ev = readEvidence(files);
    expect(ev.diseases.map((d) => d.disease).sort()).toEqual(["aav", "graves", "mg", "ms", "sle", "t1d"]);
    expect(ev.parameters.length).toBeGreaterThan(200);
  });

  it("a bad parameter file gets all its errors at once, each with file, row, column, value and expectation", () => {
    const lines = files[SLE].trim().split("\n");
    const rowOf = (id: string) => lines.findIndex((l) => l.startsWith(id + ",")) + 1;
    const bad = editSle(
      (c) => {
        if (c[0] === "u_active") return [c[0], c[1], c[2], "1.4", c[4], "1.5", ...c.slice(6)]; // utility above 1
        if (c[0] === "c_soc_drug") return [c[0], c[1], c[2], "-5", ...c.slice(4)]; // negative cost (and below low)
        if (c[0] === "r_flare") return [c[0], c[1], c[2], c[3], c[4], c[5], "weibull", ...c.slice(7)]; // unknown distribution
        if (c[0] === "smr_disease") return [c[0], c[1], c[2], "", ...c.slice(4)]; // blank cell
        if (c[0] === "u_damage") return null; // missing required parameter
        return c;
      },
      [
        "p_flare_typo,sle,all,0.1,0.05,0.2,beta,probability,NA,NA,assumption,ASSUMPTION,typo,NA",
        "f_damage0,sle,all,0.1,0,0.2,beta,proportion,NA,NA,assumption,ASSUMPTION,duplicate,NA",
        "p_male,sle,all,1.2,0,2,beta,proportion,NA,NA,seen,NO_SUCH_SOURCE,out of range,NA",
      ],
    );
    const e = problemsOf({ [SLE]: bad });
    const msg = e.message;
    expect(msg).toContain(
      `${SLE} row ${rowOf("u_active")} column value: u_active is out of range (got 1.4); expected a utility in [0, 1]`,
    );
    expect(msg).toContain(
      `${SLE} row ${rowOf("c_soc_drug")} column value: c_soc_drug is out of range (got -5); expected a cost in [0, 1,000,000,000]`,
    );
    expect(msg).toContain(`${SLE} row ${rowOf("r_flare")} column distribution: unknown distribution (got "weibull")`);
    expect(msg).toContain(`${SLE} row ${rowOf("smr_disease")} column value: blank cell`);
    expect(msg).toContain("missing required parameter u_damage for disease sle");
    expect(msg).toContain('unknown parameter id "p_flare_typo"');
    expect(msg).toContain('unknown source id "NO_SUCH_SOURCE"');
    expect(msg).toMatch(/column value: p_male is out of range \(got 1\.2\); expected a number in \[0, 1\]/);
    expect(msg).toMatch(/duplicate of data\/cart\/parameters-sle\.csv row \d+ \(f_damage0, sle, all\)/);
    expect(e.problems.length).toBeGreaterThanOrEqual(9);
  });

  it("rejects low above value, a cost without currency or price year, and an unknown disease or strategy", () => {
    const bad = editSle((c) => {
      if (c[0] === "u_controlled") return [c[0], c[1], c[2], c[3], "0.99", ...c.slice(5)];
      if (c[0] === "c_active") return [...c.slice(0, 8), "NA", "NA", ...c.slice(10)];
      if (c[0] === "r_control") return [c[0], "lupus", ...c.slice(2)];
      if (c[0] === "r_flare") return [c[0], c[1], "autologus", ...c.slice(3)];
      return c;
    });
    const msg = problemsOf({ [SLE]: bad }).message;
    expect(msg).toContain("value is below low");
    expect(msg).toContain("column currency: a cost needs a currency");
    expect(msg).toContain("column price_year: a cost needs its price year");
    expect(msg).toContain('column disease: unknown disease (got "lupus")');
    expect(msg).toContain('column strategy: unknown strategy (got "autologus")');
  });

  it("rejects a file without the required columns", () => {
    const msg = problemsOf({ [SLE]: "id,value\nr_flare,0.1\n" }).message;
    expect(msg).toContain(`${SLE} row 1: missing columns`);
  });

  it("converts currencies at the price year and inflates within the target currency", () => {
    const ev = readEvidence(files);
    const same = convertCost(ev, 1000, { currency: "USD", year: 2025 }, { currency: "USD", year: 2025 }, "x");
    expect(same.value).toBe(1000);
    const infl = convertCost(ev, 1000, { currency: "USD", year: 2019 }, { currency: "USD", year: 2025 }, "x");
    expect(infl.value).toBeCloseTo(
      (1000 * ev.priceIndex.get("USD")!.get(2025)!) / ev.priceIndex.get("USD")!.get(2019)!,
      9,
    );
    const fx = convertCost(ev, 1000, { currency: "GBP", year: 2024 }, { currency: "USD", year: 2024 }, "x");
    expect(fx.value).toBeCloseTo(1000 * ev.usdPer.get("GBP")!.get(2024)!, 9);
    expect(() => convertCost(ev, 1, { currency: "USD", year: 1990 }, { currency: "USD", year: 2025 }, "row 7")).toThrow(
      /no price index for USD in 1990/,
    );
  });
});
