/** Issue [7] (12), points 1 and 6: the UK preset is a UK model; drug prices at their date; index values marked. */
import { describe, expect, it } from "vitest";
import { buildCartModel, convertCost, PPP_TRANSFER_SOURCE, PRESETS, readEvidence } from "../../src/cart/index.js";
import { loadEvidence, loadEvidenceFiles, loadPresetLifeTables } from "../../src/cart/load.js";
import { evidenceWithPppTransfer } from "../fixtures/ppp-transfer.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const DISEASES = evidence.diseases.map((d) => d.disease);

describe("UK preset", () => {
  it.each(DISEASES)(
    "reads no USD or EUR row for any cost in %s: every resource and price is a GBP row (NHS/BNF or a flagged PPP transfer)",
    (disease) => {
      const built = buildCartModel(evidence, disease, PRESETS.uk, lifeTables.uk);
      const costs = built.provenance.filter((p) => p.row.currency !== null);
      // Enough costs to mean something: 34 in MG, the fewest, since one row serves every CAR T platform
      // for a unit cost they share (sameForPlatforms).
      expect(costs.length).toBeGreaterThan(30);
      for (const p of costs) {
        expect(p.row.currency, `${p.parameter} (${p.row.file} row ${p.row.row})`).toBe("GBP");
        // A PPP transfer is the only way a foreign figure enters, and it says so.
        if (p.row.sourceId === PPP_TRANSFER_SOURCE) {
          expect(p.transfer).toBe("ppp");
          expect(p.row.note).toMatch(/PPP transfer/);
        } else expect(p.transfer).toBeNull();
      }
    },
  );

  it("uses the ONS 2018-2020 life table and names it in the model", () => {
    expect(PRESETS.uk.lifeTable.file).toBe("data/lifetables/uk-ons-2018-2020-mx.csv");
    const built = buildCartModel(evidence, "sle", PRESETS.uk, lifeTables.uk);
    expect(built.lifeTable).toBe("data/lifetables/uk-ons-2018-2020-mx.csv");
    // ONS mx at age 40: the shared evidence README gives qx 0.001606 (male); qx = mx / (1 + mx/2).
    const t = lifeTables.uk;
    const mx = t.columns.Male[t.columns.Age.indexOf(40)];
    expect(mx / (1 + mx / 2)).toBeCloseTo(0.001606, 5);
    expect(buildCartModel(evidence, "sle", PRESETS.us, lifeTables.us).lifeTable).toBe(
      "data/lifetables/us-2015-all-cause-mortality.csv",
    );
  });

  it("MS disability costs by EDSS band are health-care (not societal) costs in both presets: US health-care sector, UK NHS and PSS", () => {
    for (const preset of [PRESETS.us, PRESETS.uk]) {
      const built = buildCartModel(evidence, "ms", preset, lifeTables[preset.id]);
      for (const id of ["c_edss_free", "c_damage", "c_edss8"]) {
        const p = built.provenance.find((x) => x.id === id)!;
        expect(p.row.currency, id).toBe(preset.currency);
        expect(p.row.note, id).toMatch(preset.id === "uk" ? /NHS and PSS/ : /health-care sector/);
        expect(p.transfer, id).toBeNull();
      }
    }
  });
});

describe("price kinds and price indices", () => {
  it("a list price is not inflated; a resource cost is, with the target currency's index", () => {
    // Hand calculation: GBP 1000 of 2020 -> 2024 with NHSCII 129.51 / 110.37 = 1.173417...
    const resource = convertCost(
      evidence,
      1000,
      { currency: "GBP", year: 2020, priceKind: "resource" },
      { currency: "GBP", year: 2024 },
      "x",
    );
    expect(resource.value).toBeCloseTo((1000 * 129.51) / 110.37, 6);
    expect(resource.inflated).toBe(true);
    const list = convertCost(
      evidence,
      1000,
      { currency: "GBP", year: 2020, priceKind: "list" },
      { currency: "GBP", year: 2024 },
      "x",
    );
    expect(list.value).toBe(1000);
    expect(list.inflated).toBe(false);
    const net = convertCost(
      evidence,
      1000,
      { currency: "USD", year: 2021, priceKind: "net" },
      { currency: "USD", year: 2025 },
      "x",
    );
    expect(net.value).toBe(1000);
  });

  it("every drug price row (product, comparator drug, tocilizumab, IVIG) with a UK or US list price is a list price and is used at face value", () => {
    const checked = { us: 0, uk: 0 };
    for (const disease of DISEASES) {
      for (const preset of [PRESETS.us, PRESETS.uk]) {
        const built = buildCartModel(evidence, disease, preset, lifeTables[preset.id]);
        for (const p of built.provenance.filter(
          (x) => x.row.priceKind === "list" && x.row.currency === preset.currency,
        )) {
          expect(p.factor, `${disease} ${preset.id} ${p.parameter}`).toBe(1);
          checked[preset.id as "us" | "uk"]++;
        }
      }
    }
    // Both presets have list prices in their own currency (the loop above is not empty for either).
    expect(checked.us).toBeGreaterThan(0);
    expect(checked.uk).toBeGreaterThan(0);
  });

  it("every cost row has a price kind, and non-costs have none", () => {
    for (const r of evidence.parameters) {
      if (r.currency === null) expect(r.priceKind).toBeNull();
      else expect(["list", "net", "resource"]).toContain(r.priceKind);
    }
  });

  it("reconstructed index values are marked, and a conversion that uses one says so", () => {
    expect(evidence.unverified.priceIndex.get("USD|2019")).toBe("reconstructed");
    expect(evidence.unverified.priceIndex.get("GBP|2025")).toBe("extrapolated");
    expect(evidence.unverified.priceIndex.has("GBP|2024")).toBe(false);
    const c = convertCost(
      evidence,
      1000,
      { currency: "USD", year: 2019, priceKind: "resource" },
      { currency: "USD", year: 2025 },
      "x",
    );
    expect(c.unverified).toEqual(["price index USD 2025 (reconstructed)", "price index USD 2019 (reconstructed)"]);
  });

  it("rejects a cost row without a price kind, naming file, row and column", () => {
    const files = loadEvidenceFiles();
    const f = "data/cart/parameters-graves.csv";
    const lines = files[f].trim().split("\n");
    const i = lines.findIndex((l) => l.startsWith("c_active,graves,all,3000"));
    lines[i] = lines[i].replace(/,resource$/, ",cheap");
    expect(() => readEvidence({ ...files, [f]: lines.join("\n") + "\n" })).toThrow(
      `${f} row ${i + 1} column price_kind: a cost needs its price kind (got "cheap"); expected list, net, resource`,
    );
  });
});

describe("Parameters page rows", () => {
  it("flag PPP transfers in the UK preset's status column", async () => {
    const { parameterViews, DEFAULT_SCENARIO } = await import("../../src/cart/index.js");
    // No shipped row is a PPP transfer since brief s25, so the UK MG damage row is made one here.
    const views = parameterViews(evidenceWithPppTransfer(), lifeTables, {
      ...DEFAULT_SCENARIO,
      disease: "mg",
      preset: "uk",
      overrides: {},
    });
    const damage = views.find((v) => v.parameter === "c_damage")!;
    expect(damage.sourceId).toBe("PPP_TRANSFER");
    expect(damage.status).toBe("calculated (PPP transfer)");
    expect(views.find((v) => v.parameter === "c_soc_drug")!.status).toBe("calculated");
  });

  it("show the shipped UK MG damage row with its PSSRU source and no PPP flag", async () => {
    const { parameterViews, DEFAULT_SCENARIO } = await import("../../src/cart/index.js");
    const views = parameterViews(evidence, lifeTables, {
      ...DEFAULT_SCENARIO,
      disease: "mg",
      preset: "uk",
      overrides: {},
    });
    const damage = views.find((v) => v.parameter === "c_damage")!;
    expect(damage.sourceId).toBe("PSSRU_UCHSC2024");
    expect(damage.status).toBe("assumption");
    expect(views.filter((v) => v.status.includes("PPP transfer"))).toEqual([]);
  });
});
