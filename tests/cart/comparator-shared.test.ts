/**
 * A comparator's quantity that is the same as CAR T's has no row of its own: the comparator reads the
 * base parameter, so the PSA draws it once for both and the one-way analysis has one bar for it. In
 * MS and SLE: u_remission of aHSCT, alemtuzumab and cladribine ("as u_remission after CAR T":
 * drug-free remission, existing damage persists), and aHSCT's ICU and IVIG unit costs (c_icu, c_ivig:
 * "as for CAR T", the autologous rows of data/cart/parameters-platforms.csv). Before, each had its own
 * row with the same value and range, drawn independently of CAR T's and swung on its own.
 * Expected values are read from the data files here, not from the model.
 */
import { readFileSync } from "node:fs";
import { csvParse } from "d3-dsv";
import { describe, expect, it } from "vitest";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { buildCartModel } from "../../src/cart/model.js";
import { PRESETS } from "../../src/cart/presets.js";
import { ModelError } from "../../src/model/errors.js";
import { compileModel } from "../../src/model/index.js";
import { oneWay } from "../../src/uncertainty/dsa.js";
import { psaDraws } from "../../src/uncertainty/psa.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const table = (file: string) => csvParse(readFileSync(`data/cart/${file}`, "utf8"));

/** The comparators that share u_remission with CAR T, per disease (their former rows' notes said so). */
const SHARING: Record<string, string[]> = { sle: ["ahsct"], ms: ["ahsct", "alemtuzumab", "cladribine"] };
const SHARED_IDS = (disease: string) => [
  ...SHARING[disease].map((c) => `u_remission__${c}`),
  "c_icu__ahsct",
  "c_ivig__ahsct",
];

describe("comparators' same-quantity parameters are CAR T's (one row, one draw)", () => {
  it("the parameter tables have no comparator row for them", () => {
    for (const disease of Object.keys(SHARING)) {
      const rows = table(`parameters-${disease}.csv`);
      const own = rows.filter(
        (r) =>
          (r.id === "u_remission" && SHARING[disease].includes(r.strategy!)) ||
          ((r.id === "c_icu" || r.id === "c_ivig") && r.strategy === "ahsct"),
      );
      expect(own).toEqual([]);
    }
  });

  for (const disease of Object.keys(SHARING)) {
    it(`${disease} (US): the PSA draws u_remission once, and every comparator reads that draw`, () => {
      const built = buildCartModel(evidence, disease, PRESETS.us, lifeTables.us);
      const draws = psaDraws(built.spec, { n: 50, seed: 3, exclude: Object.keys(built.structural) });
      const ids = [...draws.inputs.keys()];
      expect(ids).toContain("u_remission");
      expect(ids).toContain("c_icu");
      expect(ids).toContain("c_ivig");
      for (const id of SHARED_IDS(disease)) expect(ids).not.toContain(id);

      // What each strategy reads for u_remission, c_icu and c_ivig: its override, else the base id.
      const reads = (strategy: string, id: string) => {
        const s = built.spec.strategies!.find((x) => x.id === strategy)!;
        const to = s.parameters?.[id];
        return typeof to === "string" ? to : id;
      };
      const base = draws.inputs.get("u_remission")!;
      for (const c of SHARING[disease]) {
        const column = draws.inputs.get(reads(c, "u_remission"))!;
        for (let i = 0; i < draws.n; i++) expect(column[i]).toBe(base[i]);
      }
      expect(reads("ahsct", "c_icu")).toBe("c_icu");
      expect(reads("ahsct", "c_ivig")).toBe("c_ivig");

      // The base row of data/cart/parameters-<disease>.csv (MS 0.675, 0.6-0.8; SLE 0.8, 0.72-0.88).
      const row = table(`parameters-${disease}.csv`).find((r) => r.id === "u_remission" && r.strategy === "all")!;
      const spec = built.spec.parameters!.u_remission as { value: number; low: number; high: number };
      expect([spec.value, spec.low, spec.high]).toEqual([Number(row.value), Number(row.low), Number(row.high)]);
      // The draws vary (a drawn beta, not a fixed value) and stay in (0, 1).
      expect(new Set(base).size).toBe(draws.n);
      for (const x of base) expect(x > 0 && x < 1).toBe(true);
    });
  }

  it("aHSCT's ICU and IVIG unit costs are the autologous rows of parameters-platforms.csv (US, USD 2025)", () => {
    const platforms = table("parameters-platforms.csv");
    for (const disease of Object.keys(SHARING)) {
      const built = buildCartModel(evidence, disease, PRESETS.us, lifeTables.us);
      for (const id of ["c_icu", "c_ivig"]) {
        // USD 2025 rows, the US preset's currency and price year: no conversion.
        const row = platforms.find((r) => r.id === id && r.strategy === "autologous" && r.currency === "USD")!;
        expect(row.price_year).toBe("2025");
        const p = built.spec.parameters![id] as { value: number; low: number; high: number };
        expect([p.value, p.low, p.high]).toEqual([Number(row.value), Number(row.low), Number(row.high)]);
      }
    }
  });

  it("ms (US): the one-way list has u_remission, c_icu and c_ivig once, and the comparators' results move with them", () => {
    const built = buildCartModel(evidence, "ms", PRESETS.us, lifeTables.us);
    const model = compileModel(built.spec);
    const asked = ["u_remission", "c_icu", "c_ivig", ...SHARED_IDS("ms")];
    // The page's tornado (src/components/psa-worker.js) runs oneWay over the model's parameters.
    const present = model.parameters.map((p) => p.id).filter((id) => asked.includes(id));
    expect(present.sort()).toEqual(["c_icu", "c_ivig", "u_remission"]);
    for (const strategy of SHARING.ms) {
      const t = oneWay(model, { wtp: 100000, strategy, comparator: "soc" }, ["u_remission"]);
      expect(t.rows.map((r) => r.parameter)).toEqual(["u_remission"]);
      // A higher remission utility gives the comparator more QALYs against SoC: it reads u_remission.
      expect(t.rows[0].incrementalEffectAtHigh).toBeGreaterThan(t.rows[0].incrementalEffectAtLow);
    }
    // aHSCT has ICU stays (p_icu__ahsct 0.05): a dearer ICU stay costs it more.
    const icu = oneWay(model, { wtp: 100000, strategy: "ahsct", comparator: "soc" }, ["c_icu"]);
    expect(icu.rows[0].incrementalCostAtHigh).toBeGreaterThan(icu.rows[0].incrementalCostAtLow);
  });

  it("an override of a comparator's shared parameter (u_remission__alemtuzumab) is refused, naming the one to override", () => {
    let e: unknown;
    try {
      buildCartModel(evidence, "ms", PRESETS.us, lifeTables.us, { overrides: { u_remission__alemtuzumab: 0.7 } });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ModelError);
    expect((e as ModelError).problems).toEqual([
      {
        where: "overrides.u_remission__alemtuzumab",
        // The label of data/cart/comparators.csv.
        message:
          "Alemtuzumab (immune reconstitution) has no row of its own for u_remission: the model reads u_remission for it (the disease's one value, read by every strategy without a row of its own), so override u_remission",
        value: "u_remission__alemtuzumab",
        expected: "u_remission (for alemtuzumab and every other strategy without a row of its own)",
      },
    ]);
  });
});
