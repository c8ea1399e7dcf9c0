/**
 * The uncertainty commands (psa, dsa, evppi with --cart) and the budget command analyse the CAR T model
 * with the preset's own life table, as `cartecon cart` does: the UK preset reads the ONS 2018–2020 table
 * (data/lifetables/uk-ons-2018-2020-mx.csv), never the US 2015 table, unless --life-table says otherwise.
 */
import { describe, expect, it } from "vitest";
import { loadTarget } from "../../src/cli/commands/target.js";
import { modelError } from "../helpers/errors.js";

describe("loadTarget --cart", () => {
  it("uses the preset's life table: ONS for uk, US 2015 for us", () => {
    const uk = loadTarget(undefined, { cart: "sle", preset: "uk" });
    const us = loadTarget(undefined, { cart: "sle", preset: "us" });
    expect(uk.spec.tables?.lt.source).toBe("data/lifetables/uk-ons-2018-2020-mx.csv");
    expect(us.spec.tables?.lt.source).toBe("data/lifetables/us-2015-all-cause-mortality.csv");
  }, 60_000);
  it("--life-table replaces the preset's table", () => {
    const t = loadTarget(undefined, {
      cart: "sle",
      preset: "uk",
      lifeTable: "data/lifetables/us-2015-all-cause-mortality.csv",
    });
    expect(t.spec.tables?.lt.source).toBe("data/lifetables/us-2015-all-cause-mortality.csv");
  }, 60_000);
  it("an unknown preset, also an inherited property name, is refused naming --preset and the presets", () => {
    for (const preset of ["constructor", "toString", "fr"]) {
      const err = modelError(() => loadTarget(undefined, { cart: "sle", preset }));
      expect(err.problems[0]).toMatchObject({ where: "--preset", value: preset, expected: "us, uk" });
    }
  });
});
