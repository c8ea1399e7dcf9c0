/**
 * A quantity that is the same on every CAR T platform (the unit cost of a resource, the consequence of
 * an event) is one parameter: data/cart/parameters-platforms.csv gives its autologous row only, and the
 * allogeneic and in-vivo arms read that id. So the PSA draws it once for the three platforms and the
 * one-way analysis has one bar for it. Before, each platform had a copy of the row (same value, range,
 * distribution, price year and note), drawn independently, which added spurious between-platform
 * uncertainty. Expected values are read from the data files or computed by hand here, not from the model.
 */
import { readFileSync } from "node:fs";
import { csvParse } from "d3-dsv";
import { describe, expect, it } from "vitest";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { buildCartModel } from "../../src/cart/model.js";
import { PRESETS } from "../../src/cart/presets.js";
import { ModelError } from "../../src/model/errors.js";
import { compileModel, evaluate } from "../../src/model/index.js";
import { psaDraws } from "../../src/uncertainty/psa.js";
import { SAME_FOR_PLATFORM_COSTS, SAME_FOR_PLATFORMS } from "../helpers/hand-world.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const platformRows = csvParse(readFileSync("data/cart/parameters-platforms.csv", "utf8"));

/** Unit costs of a resource or event (USD and GBP rows) and consequences of an event (no currency). */
const COSTS = SAME_FOR_PLATFORM_COSTS;
const SHARED = SAME_FOR_PLATFORMS;
const OTHERS = ["allogeneic", "invivo"];

describe("platform parameters that are the same quantity on every platform (one row, one draw)", () => {
  it("parameters-platforms.csv has the autologous row only (USD and GBP for costs), no allogeneic or in-vivo row", () => {
    for (const id of SHARED) {
      const rows = platformRows.filter((r) => r.id === id);
      expect(
        rows.map((r) => r.strategy).every((s) => s === "autologous"),
        id,
      ).toBe(true);
      expect(rows.map((r) => r.currency).sort(), id).toEqual(COSTS.includes(id) ? ["GBP", "USD"] : ["NA"]);
    }
    // No disease file gives a platform row of them either.
    for (const r of evidence.parameters)
      if (SHARED.includes(r.id)) expect(OTHERS.includes(r.strategy), `${r.file} row ${r.row}`).toBe(false);
    // Platform-specific assumptions keep one row per platform.
    for (const id of ["k_relapse", "p_t_malignancy", "p_icu"])
      expect(new Set(platformRows.filter((r) => r.id === id).map((r) => r.strategy))).toEqual(
        new Set(["autologous", ...OTHERS]),
      );
  });

  for (const [disease, preset] of [
    ["sle", "us"],
    ["t1d", "uk"],
  ] as const) {
    it(`${disease} (${preset}): the PSA draws each once (c_icu, not c_icu__allogeneic), and every CAR T arm reads the id`, () => {
      const built = buildCartModel(evidence, disease, PRESETS[preset], lifeTables[preset]);
      const draws = psaDraws(built.spec, { n: 20, seed: 5, exclude: Object.keys(built.structural) });
      const ids = [...draws.inputs.keys()];
      for (const id of SHARED) {
        expect(ids, id).toContain(id);
        for (const p of OTHERS) expect(ids, `${id}__${p}`).not.toContain(`${id}__${p}`);
        for (const p of OTHERS) expect(Object.hasOwn(built.spec.parameters!, `${id}__${p}`)).toBe(false);
      }
      // p_icu stays per platform: three draws.
      for (const id of ["p_icu", "p_icu__allogeneic", "p_icu__invivo"]) expect(ids).toContain(id);
      for (const p of OTHERS) {
        const reads = built.spec.strategies!.find((s) => s.id === p)!.parameters!;
        for (const id of SHARED) expect(Object.hasOwn(reads, id), `${p} ${id}`).toBe(false);
        expect(reads.p_icu).toBe(`p_icu__${p}`);
      }
    });
  }

  it("raising c_icu raises every CAR T arm's cost by p_icu of its platform x the rise (per infused, no retreatment)", () => {
    // Per infused patient the treatment episode is a one-off at time 0 (not discounted), and
    // c_episode = ... + p_icu * c_icu + ...; with p_retreat 0 on every platform there is no second
    // course. So c_icu + 10000 adds 10000 x p_icu__<platform> to that arm's cost and nothing to SoC's:
    // autologous 0.03 -> 300, allogeneic 0.02 -> 200, in-vivo 0.05 -> 500 (p_icu rows of
    // parameters-platforms.csv, read below).
    const pIcu = (p: string) => Number(platformRows.find((r) => r.id === "p_icu" && r.strategy === p)!.value);
    expect([pIcu("autologous"), pIcu("allogeneic"), pIcu("invivo")]).toEqual([0.03, 0.02, 0.05]);
    const base = { p_retreat: 0, p_retreat__allogeneic: 0, p_retreat__invivo: 0 };
    const cost = (overrides: Record<string, number>) => {
      const built = buildCartModel(evidence, "sle", PRESETS.us, lifeTables.us, {
        overrides,
        intentionToTreat: false,
      });
      const r = evaluate(compileModel(built.spec), { trace: false, perCycle: false });
      return new Map(r.strategies.map((s) => [s.id, s.cost.discounted]));
    };
    const c_icu = Number(
      platformRows.find((r) => r.id === "c_icu" && r.strategy === "autologous" && r.currency === "USD")!.value,
    );
    const before = cost(base);
    const after = cost({ ...base, c_icu: c_icu + 10000 });
    expect(after.get("soc")! - before.get("soc")!).toBeCloseTo(0, 6);
    for (const p of ["autologous", ...OTHERS])
      expect(after.get(p)! - before.get(p)!, p).toBeCloseTo(10000 * pIcu(p), 4);
  });

  it("an override of a platform's copy (c_icu__invivo) is refused, naming the one to override", () => {
    let e: unknown;
    try {
      buildCartModel(evidence, "sle", PRESETS.us, lifeTables.us, { overrides: { c_icu__invivo: 30000 } });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ModelError);
    expect((e as ModelError).problems).toEqual([
      {
        where: "overrides.c_icu__invivo",
        message:
          "In-vivo CAR T has no row of its own for c_icu: the model reads c_icu for it (one value, shared with autologous CAR T), so override c_icu",
        value: "c_icu__invivo",
        expected: "c_icu (for autologous CAR T and invivo alike)",
      },
    ]);
  });
});
