import { describe, expect, it } from "vitest";
import { loadAccessFiles } from "../../src/access/load.js";
import {
  ACCESS_FILES,
  eligiblePopulation,
  parseUptake,
  readAccessData,
  uptakeAt,
} from "../../src/access/population.js";
import { modelError } from "../helpers/errors.js";

describe("access tables", () => {
  it("the shipped tables read without problems and cite only listed sources", () => {
    const d = readAccessData(loadAccessFiles());
    expect(d.population.length).toBeGreaterThan(0);
    for (const r of d.population) expect(["seen", "assumption", "calculated"]).toContain(r.status);
  });

  it("eligiblePopulation = population x rate / 100,000 x refractory share x eligible share", () => {
    const d = readAccessData(loadAccessFiles());
    // data/access/population.csv, ms/us: 335,000,000 x 309.2 / 100,000 x 0.05 x 0.3 = 15,537.3 prevalent;
    // 335,000,000 x 7 / 100,000 x 0.05 x 0.3 = 351.75 incident a year.
    const e = eligiblePopulation(d, "ms", "us");
    expect(e.prevalent).toBeCloseTo(15537.3, 6);
    expect(e.incidentPerYear).toBeCloseTo(351.75, 9);
    expect(() => eligiblePopulation(d, "ms", "fr")).toThrow(/no row for disease ms in jurisdiction fr/);
  });

  it("a bad cell is reported with file, row, column, value and expected range; every problem at once", () => {
    const files = loadAccessFiles();
    const lines = files[ACCESS_FILES.population].split("\n");
    lines[1] = lines[1].replace(",0.2,0.5,", ",1.4,0.5,").replace("335000000", "-3");
    files[ACCESS_FILES.population] = lines.join("\n");
    const err = modelError(() => readAccessData(files));
    const msg = err.message;
    expect(msg).toContain("data/access/population.csv row 2 column population: out of range (got -3)");
    expect(msg).toContain(
      "data/access/population.csv row 2 column refractory_share: out of range (got 1.4); expected a proportion in [0, 1]",
    );
  });

  it("uptake curves: constant, linear ramp, logistic midpoint at half the level, step", () => {
    expect(uptakeAt(parseUptake("constant:0.3"), 7)).toBe(0.3);
    expect(uptakeAt(parseUptake("linear:0.1,0.5,4"), 2)).toBeCloseTo(0.3, 12);
    expect(uptakeAt(parseUptake("linear:0.1,0.5,4"), 9)).toBeCloseTo(0.5, 12);
    expect(uptakeAt(parseUptake("logistic:0.6,3,1.5"), 3)).toBeCloseTo(0.3, 12);
    expect(uptakeAt(parseUptake("step:0,0.4,2"), 1.99)).toBe(0);
    expect(uptakeAt(parseUptake("step:0,0.4,2"), 2)).toBe(0.4);
    expect(() => parseUptake("constant:1.2")).toThrow(
      /uptake\.level: uptake share out of range \(got 1\.2\); expected a share in \[0, 1\]/,
    );
    expect(() => parseUptake("cubic:1")).toThrow(/cannot read the uptake curve/);
  });
});
