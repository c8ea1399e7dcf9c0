/**
 * src/cart/scenario.ts corner by corner (mutation testing, issue [6] item 5): encoding, the checks of
 * the settings, the life-table choice, the inputs of the report, the metadata of a download, the
 * Parameters page's views and the parameter-set reader. Expected values come from the data files
 * (read here with a plain split, not the evidence reader), the presets' published settings (ICER,
 * NICE) or are typed from the documented formats.
 */
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import {
  DEFAULT_SCENARIO,
  PARAMETER_SET_COLUMNS,
  cartInputs,
  checkSetting,
  decodeScenario,
  defaultValues,
  encodeScenario,
  evaluableScenario,
  lifeTableFor,
  overridableParameters,
  parameterSetTable,
  parameterViews,
  readParameterSet,
  runScenario,
  scenarioDurability,
  scenarioMetadata,
  scenarioProblem,
  type ParameterView,
  type Scenario,
} from "../../src/cart/index.js";
import { loadEvidence, loadLifeTable, loadPresetLifeTables } from "../../src/cart/load.js";
import { ModelError } from "../../src/model/errors.js";

// Some tests build and evaluate the CAR T model; on a loaded 2-core machine that takes seconds.
vi.setConfig({ testTimeout: 60_000 });

const evidence = loadEvidence();
const lifeTable = loadLifeTable();
const lifeTables = loadPresetLifeTables();
const diseases = ["sle", "ms", "mg", "aav", "graves", "t1d"];
const base = (extra: Partial<Scenario> = {}): Scenario => ({ ...DEFAULT_SCENARIO, overrides: {}, ...extra });

/** The message of what `f` throws (a ModelError), or "" if it does not throw. */
function thrown(f: () => unknown): string {
  try {
    f();
    return "";
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return (e as Error).message;
  }
}

/** Rows of a shipped CSV as objects, split by hand (no quoted commas in the columns read here). */
function csvRows(file: string): Array<Record<string, string>> {
  const lines = readFileSync(file, "utf8").trim().split(/\r?\n/);
  const header = lines[0].split(",");
  return lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((c, i) => [header[i], c])));
}

describe("overridableParameters()", () => {
  // From the tables: a parameter with rows per platform in parameters-platforms.csv is overridable
  // as id (autologous), id__allogeneic and id__invivo; every other id of the tables once (including
  // the unit costs and event consequences given by an autologous row only, which every platform reads).
  const dir = "data/cart";
  const files = readdirSync(dir).filter((f) => f.startsWith("parameters-") && f.endsWith(".csv"));
  const allIds = new Set(files.flatMap((f) => csvRows(`${dir}/${f}`).map((r) => r.id)));
  const perPlatform = new Set(
    csvRows(`${dir}/parameters-platforms.csv`)
      .filter((r) => r.strategy === "allogeneic")
      .map((r) => r.id),
  );

  it("lists each platform parameter three times (no __autologous suffix) and every other parameter once", () => {
    const list = overridableParameters();
    // 40 platform parameters, 13 of them the same on every platform (autologous row only).
    expect(perPlatform.size).toBe(27);
    expect(new Set(list).size).toBe(list.length);
    expect(list).toHaveLength(allIds.size + 2 * perPlatform.size);
    for (const id of perPlatform) {
      expect(list).toContain(id);
      expect(list).toContain(`${id}__allogeneic`);
      expect(list).toContain(`${id}__invivo`);
      expect(list).not.toContain(`${id}__autologous`);
    }
    expect(list).toContain("p_male");
    expect(list).not.toContain("p_male__invivo");
  });
});

describe("encodeScenario(scenario)", () => {
  it("writes only the disease for the defaults, and leaves out a setting that is null", () => {
    // The disease always: an empty fragment is read as no link (the reader's stored scenario loads).
    expect(encodeScenario(base())).toBe("disease=sle");
    expect(encodeScenario(base({ cureFraction: null, wtp: null }))).toBe("disease=sle");
  });

  it("writes the settings in SCENARIO_KEYS order, then the overrides sorted by name as p.<name>", () => {
    const s = base({
      horizonAge: 90,
      wtp: 50000,
      disease: "ms",
      durability: "cure",
      cureFraction: 0.4,
      overrides: { r_relapse: 0.1, c_price: 2, age_start: 40 },
    });
    expect(encodeScenario(s)).toBe(
      "disease=ms&wtp=50000&horizonAge=90&durability=cure&cureFraction=0.4&p.age_start=40&p.c_price=2&p.r_relapse=0.1",
    );
  });
});

describe("checkSetting(key, value)", () => {
  it("accepts both ends of each range and refuses just outside them", () => {
    // Ranges: SETTING_RANGES (wtp [0, 1e7]; discount rates [0, 0.2]; horizon age [1, 120]).
    const edges: Array<[Parameters<typeof checkSetting>[0], number, number, number, number]> = [
      ["wtp", 0, 1e7, -0.01, 1e7 + 1],
      ["discountCosts", 0, 0.2, -1e-9, 0.2000001],
      ["discountOutcomes", 0, 0.2, -1e-9, 0.2000001],
      ["horizonAge", 1, 120, 0.999, 120.001],
    ];
    for (const [k, lo, hi, below, above] of edges) {
      expect(checkSetting(k, lo), `${k} ${lo}`).toEqual({ ok: true, value: lo });
      expect(checkSetting(k, hi), `${k} ${hi}`).toEqual({ ok: true, value: hi });
      expect(checkSetting(k, below).ok, `${k} ${below}`).toBe(false);
      expect(checkSetting(k, above).ok, `${k} ${above}`).toBe(false);
    }
  });

  it("reads text strictly and names what is wrong with it; a number that is not finite, or another type, is refused", () => {
    expect(checkSetting("wtp", "30000.5")).toEqual({ ok: true, value: 30000.5 });
    expect(checkSetting("horizonAge", 1e3)).toEqual({
      ok: false,
      problem: { where: "horizonAge", message: "out of range", value: 1000, expected: "an age in [1, 120] years" },
      message: "horizonAge: out of range (got 1000); expected an age in [1, 120] years",
    });
    expect(checkSetting("discountCosts", Number.NaN)).toEqual({
      ok: false,
      problem: {
        where: "discountCosts",
        message: "not a finite number",
        value: Number.NaN,
        expected: "an annual rate in [0, 0.2]",
      },
      message: "discountCosts: not a finite number (got NaN); expected an annual rate in [0, 0.2]",
    });
    expect(checkSetting("wtp", Infinity).ok).toBe(false);
    const t = checkSetting("wtp", true);
    expect(t.ok ? "" : t.message).toBe(
      "wtp: not a finite number (got true); expected an amount per QALY in [0, 10,000,000]",
    );
    const c = checkSetting("discountOutcomes", "0,035");
    expect(c.ok ? "" : c.message).toMatch(
      /^discountOutcomes: decimal comma .*\(got "0,035"\); expected an annual rate/,
    );
  });
});

describe("decodeScenario(fragment) corners", () => {
  it("reads a fragment with or without its leading #, and sets each valid setting", () => {
    const text =
      "disease=aav&preset=uk&platform=allogeneic&wtp=20000&discountCosts=0.01&discountOutcomes=0.02&horizonAge=80";
    for (const f of [text, `#${text}`]) {
      const d = decodeScenario(f, diseases);
      expect(d.problems).toEqual([]);
      expect(d.total).toBe(0);
      expect(d.scenario).toEqual(
        base({
          disease: "aav",
          preset: "uk",
          platform: "allogeneic",
          wtp: 20000,
          discountCosts: 0.01,
          discountOutcomes: 0.02,
          horizonAge: 80,
        }),
      );
    }
  });

  it("strips only a leading #: one inside a value is part of the value", () => {
    expect(decodeScenario("wtp=#5", diseases).problems).toEqual([
      'wtp: not a number (got "#5"); expected an amount per QALY in [0, 10,000,000]',
    ]);
  });

  it("a bad horizon age keeps the default 100; a bad discount rate stays null", () => {
    const d = decodeScenario("horizonAge=0&discountOutcomes=0.3", diseases);
    expect(d.scenario.horizonAge).toBe(100);
    expect(d.scenario.discountOutcomes).toBeNull();
    expect(d.problems).toEqual([
      "horizonAge: out of range (got 0); expected an age in [1, 120] years",
      "discountOutcomes: out of range (got 0.3); expected an annual rate in [0, 0.2]",
    ]);
  });

  it("reads the durability scenario and cure fraction, and names bad ones", () => {
    expect(decodeScenario("durability=cure&cureFraction=0.25", diseases).scenario).toEqual(
      base({ durability: "cure", cureFraction: 0.25 }),
    );
    const d = decodeScenario("durability=forever&cureFraction=2", diseases);
    expect(d.scenario).toEqual(base());
    expect(d.problems).toHaveLength(2);
    expect(d.problems[0]).toMatch(
      /^durability: unknown durability scenario \(got "forever"\); expected one of weibull/,
    );
    expect(d.problems[1]).toBe("cureFraction: out of range (got 2); expected a share of responders in [0, 1]");
  });

  it("cuts an unknown key longer than 60 characters to 57 and an ellipsis; 60 characters stay whole", () => {
    const long = "k".repeat(61);
    const sixty = "k".repeat(60);
    const d = decodeScenario(`${long}=1&${sixty}=1`, diseases);
    expect(d.problems.map((p) => p.split(":")[0])).toEqual([`${"k".repeat(57)}...`, sixty]);
  });

  it("stops suggesting near names after the first 100 problems (the count goes on)", () => {
    // p_mal is one edit from p_male: its problem suggests it only while fewer than 100 are listed.
    const fragment = [...Array.from({ length: 100 }, (_, i) => `p.zz${i}=1`), "p.p_mal=1"].join("&");
    const d = decodeScenario(fragment, diseases);
    expect(d.total).toBe(101);
    expect(decodeScenario("p.p_mal=1", diseases).problems[0]).toContain("did you mean p_male?");
    // The 101st problem is not listed; the one before the cut-off had its suggestion.
    const d2 = decodeScenario([...Array.from({ length: 99 }, (_, i) => `p.zz${i}=1`), "p.p_mal=1"].join("&"), diseases);
    expect(d2.problems[99]).toContain("did you mean p_male?");
  });
});

describe("scenarioDurability(scenario)", () => {
  it("refuses an unknown durability id and a cure fraction out of range with a ModelError naming them", () => {
    expect(thrown(() => scenarioDurability(base({ durability: "forever" })))).toMatch(
      /^durability: unknown durability scenario \(got "forever"\)/,
    );
    expect(thrown(() => scenarioDurability(base({ durability: "cure", cureFraction: -0.1 })))).toBe(
      "cureFraction: out of range (got -0.1); expected a share of responders in [0, 1]",
    );
    expect(scenarioDurability(base({ durability: "cure", cureFraction: 0.3 }))).toEqual({
      kind: "cure",
      cureFraction: 0.3,
    });
    // No fraction given: the cure scenario's documented default, half of responders.
    expect(scenarioDurability(base({ durability: "cure" }))).toEqual({ kind: "cure", cureFraction: 0.5 });
  });
});

describe("lifeTableFor(tables, preset) and cartInputs(json)", () => {
  it("returns a single table as it is, a preset's own table from a map, and names a missing one", () => {
    expect(lifeTableFor(lifeTable, "uk")).toBe(lifeTable);
    expect(lifeTableFor(lifeTables, "uk")).toBe(lifeTables.uk);
    expect(thrown(() => lifeTableFor({ us: lifeTable, xx: lifeTable }, "uk"))).toBe(
      'life tables: no life table for preset "uk" (got "uk"); expected us, xx',
    );
  });

  it("reads the evidence and every preset's life table; a preset without its own table gets the US one", () => {
    const files: Record<string, string> = {};
    // The evidence tables, as loadEvidenceFiles reads them (the CSVs of data/cart, not its folders).
    for (const f of readdirSync("data/cart").filter((x) => x.endsWith(".csv")))
      files[`data/cart/${f}`] = readFileSync(`data/cart/${f}`, "utf8");
    const us = "data/lifetables/us-2015-all-cause-mortality.csv";
    const uk = "data/lifetables/uk-ons-2018-2020-mx.csv";
    const usText = { file: us, text: readFileSync(us, "utf8") };
    const withUk = cartInputs({
      files,
      lifeTable: usText,
      lifeTables: { uk: { file: uk, text: readFileSync(uk, "utf8") } },
    });
    expect(withUk.lifeTable).toEqual(lifeTable);
    expect(withUk.lifeTables.us).toBe(withUk.lifeTable);
    expect(withUk.lifeTables.uk).toEqual(lifeTables.uk);
    expect(withUk.lifeTables.uk).not.toEqual(lifeTable);
    expect(withUk.evidence.diseases.map((d) => d.disease)).toEqual(evidence.diseases.map((d) => d.disease));
    const onlyUs = cartInputs({ files, lifeTable: usText });
    expect(Object.keys(onlyUs.lifeTables).sort()).toEqual(["uk", "us"]);
    expect(onlyUs.lifeTables.uk).toBe(onlyUs.lifeTable);
  });
});

describe("runScenario, scenarioProblem and defaultValues with an unknown preset or partial discount rates", () => {
  it("an unknown preset is a ModelError naming the presets (runScenario, defaultValues) or a message (scenarioProblem)", () => {
    const s = base({ preset: "de" });
    expect(thrown(() => runScenario(evidence, lifeTables, s))).toBe(
      'preset: unknown preset "de" (got "de"); expected us, uk',
    );
    expect(thrown(() => defaultValues(evidence, lifeTables, "sle", "de"))).toBe(
      'preset: unknown preset "de" (got "de"); expected us, uk',
    );
    expect(scenarioProblem(evidence, lifeTables, s)).toBe('unknown preset "de"');
  });

  it("one discount rate given: the other is the preset's (ICER 3%, NICE 3.5%)", () => {
    const us = runScenario(evidence, lifeTables, base({ discountOutcomes: 0.01 }));
    expect(us.result.discount).toEqual({ costs: 0.03, outcomes: 0.01 });
    const uk = runScenario(evidence, lifeTables, base({ preset: "uk", discountCosts: 0.015 }));
    expect(uk.result.discount).toEqual({ costs: 0.015, outcomes: 0.035 });
    // With a discount rate of its own, the UK run reports no 1.5% scenario (it would repeat it).
    expect(uk.discountScenario).toBeNull();
    const ukDefault = runScenario(evidence, lifeTables, base({ preset: "uk" }));
    expect(ukDefault.result.discount).toEqual({ costs: 0.035, outcomes: 0.035 });
    // NICE's 1.5% scenario is reported when the preset's own rates are used.
    expect(ukDefault.discountScenario?.rates).toEqual({ costs: 0.015, outcomes: 0.015 });
  });

  it("scenarioProblem evaluates the discount rates it is given, each one alone", () => {
    expect(scenarioProblem(evidence, lifeTables, base({ discountCosts: 0.2 }))).toBeNull();
    expect(scenarioProblem(evidence, lifeTables, base({ discountOutcomes: 0.2 }))).toBeNull();
    // A Scenario built in code can hold a rate no link would pass; the engine refuses rates
    // outside [0, 1] (docs/model-spec.md, settings.discount).
    expect(scenarioProblem(evidence, lifeTables, base({ discountCosts: 5 }))).toMatch(
      /settings\.discount\.costs: discount rate out of range \(got 5\)/,
    );
    expect(scenarioProblem(evidence, lifeTables, base({ discountOutcomes: -1 }))).toMatch(
      /settings\.discount\.outcomes: discount rate out of range \(got -1\)/,
    );
  });

  it("defaultValues is keyed by model parameter and converts costs to the preset's currency", () => {
    const us = defaultValues(evidence, lifeTables, "sle", "us");
    // data/cart/parameters-sle.csv: p_male 0.13 (OPTUM_LN).
    expect(us.get("p_male")?.value).toBe(0.13);
    expect(us.get("p_male")?.row.sourceId).toBe("OPTUM_LN");
    expect(us.has("p_response__invivo")).toBe(true);
    expect(us.get("c_price")?.row.currency).toBe("USD");
  });
});

describe("scenarioMetadata(analysis, scenario, version)", () => {
  it("records what made the result: tool, preset settings, discounting, threshold, horizon, durability, overrides and the link", () => {
    const s = base({
      disease: "ms",
      preset: "uk",
      discountCosts: 0.015,
      horizonAge: 90,
      overrides: { r_relapse: 0.05 },
    });
    const a = runScenario(evidence, lifeTables, s);
    const m = scenarioMetadata(a, s, "1.2.3");
    expect(m).toEqual({
      tool: "cartecon 1.2.3",
      modelVersion: a.model.spec.version,
      disease: "ms",
      preset: "uk",
      // NICE manual: NHS and PSS perspective, GBP, 3.5% outcomes, GBP 25,000 the first threshold.
      perspective: "NHS and personal social services",
      population: "intention to treat",
      currency: "GBP",
      priceYear: 2024,
      discount: { costs: 0.015, outcomes: 0.035 },
      wtp: 25000,
      horizonAge: 90,
      lifeTable: a.model.lifeTable,
      structuralScenario: a.structuralScenario.label,
      durability: "weibull",
      overrides: { r_relapse: 0.05 },
      link: "#disease=ms&preset=uk&discountCosts=0.015&horizonAge=90&p.r_relapse=0.05",
      dataStamp: null,
      seed: null,
      note: "Deterministic evaluation (no random draws). No published cost-effectiveness analysis of CAR T in this disease exists; defaults are exploratory.",
    });
    expect(m.modelVersion).toMatch(/\S/);
    expect(m.structuralScenario).toMatch(/\S/);
  });

  it("with the page's data stamp, the link carries it and dataStamp names it (a download says which data made it)", () => {
    const s = base({ disease: "ms", preset: "uk" });
    const m = scenarioMetadata(runScenario(evidence, lifeTables, s), s, "1.2.3", "0123456789ab");
    expect(m.link).toBe("#disease=ms&preset=uk&data=0123456789ab");
    expect(m.dataStamp).toBe("0123456789ab");
  });
});

describe("parameterViews(scenario) and parameterSetTable(views)", () => {
  // Built inside each test: Stryker attributes only code run within a test to that test.
  const ukViews = () => {
    const views = parameterViews(evidence, lifeTables, base({ preset: "uk", overrides: { p_male: 0.13 } }));
    return new Map(views.map((v) => [v.parameter, v]));
  };

  it("an override equal to the default is not an edit; one that differs is, and shows its value", () => {
    const byName = ukViews();
    // p_male's SLE default is 0.13 (data/cart/parameters-sle.csv).
    expect(byName.get("p_male")).toMatchObject({ value: 0.13, defaultValue: 0.13, edited: false });
    const v = parameterViews(evidence, lifeTables, base({ overrides: { p_male: 0.5 } })).find(
      (x) => x.parameter === "p_male",
    )!;
    expect(v).toMatchObject({ value: 0.5, defaultValue: 0.13, edited: true, status: "seen", sourceId: "OPTUM_LN" });
  });

  it("gives the row's range, unit, status and citation; costs carry the preset's currency, price year and period", () => {
    const byName = ukViews();
    const rows = csvRows("data/cart/parameters-sle.csv");
    const pMale = rows.find((r) => r.id === "p_male")!;
    const sources = readFileSync("data/cart/sources.csv", "utf8");
    const optum = sources.split("\n").find((l) => l.startsWith("OPTUM_LN,"))!;
    expect(byName.get("p_male")).toMatchObject({
      id: "p_male",
      strategy: "all",
      low: Number(pMale.low),
      high: Number(pMale.high),
      distribution: pMale.distribution,
      unit: pMale.unit,
      citation: optum.split(",")[1],
    });
    // The dictionary's wording (src/cart/dictionary.ts), not another parameter's.
    expect(byName.get("p_male")!.description).toBe("Share of men in the population");
    expect(byName.get("c_price")!.description).toBe("CAR T product price (list price unless stated)");
    // A cost in the UK preset: "GBP 2024 per ..." (the dictionary's period of that cost).
    const price = byName.get("c_price")!;
    expect(price.unit).toBe("GBP 2024 per infusion");
    expect(price.strategy).toBe("autologous");
  });

  it("scales a converted cost's range by the same factor as its value", () => {
    const byName = ukViews();
    // c_soc_monitoring (SLE) is a UK row in GBP 2023 (data/cart/parameters-sle.csv: 769, range 385-1538,
    // a resource cost): inflated to the UK preset's 2024 prices with NHSCII 129.51 / 124.50 = 1.040241
    // (data/cart/price-index.csv), value and range scale alike.
    const v = byName.get("c_soc_monitoring")!;
    const factor = 129.51 / 124.5;
    expect(v.defaultValue).toBeCloseTo(769 * factor, 6);
    expect(v.low).toBeCloseTo(385 * factor, 6);
    expect(v.high).toBeCloseTo(1538 * factor, 6);
    expect(v.status).toBe("calculated");
  });

  it("a parameter without a range has null low and high", () => {
    // data/cart/parameters-graves.csv: r_excess_death_damage (strategy all, one row) has low and high NA.
    const rows = csvRows("data/cart/parameters-graves.csv").filter((r) => r.id === "r_excess_death_damage");
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect([row.strategy, row.low, row.high]).toEqual(["all", "NA", "NA"]);
    const v = parameterViews(evidence, lifeTables, base({ disease: "graves" })).find(
      (x) => x.parameter === "r_excess_death_damage",
    )!;
    expect([v.low, v.high]).toEqual([null, null]);
  });

  it("the table has one column per PARAMETER_SET_COLUMNS and marks edited values as user edits", () => {
    const views: ParameterView[] = [
      {
        parameter: "p_x",
        id: "p_x",
        strategy: "all",
        readBy: [],
        description: "d1",
        value: 0.5,
        defaultValue: 0.4,
        edited: true,
        low: 0.1,
        high: 0.9,
        distribution: "beta",
        unit: "proportion",
        status: "seen",
        sourceId: "S1",
        citation: "c1",
      },
      {
        parameter: "c_y__invivo",
        id: "c_y",
        strategy: "invivo",
        readBy: ["invivo"],
        description: "d2",
        value: 7,
        defaultValue: 7,
        edited: false,
        low: null,
        high: null,
        distribution: "fixed",
        unit: "USD 2025 per year",
        status: "assumption",
        sourceId: "S2",
        citation: "c2",
      },
    ];
    const t = parameterSetTable(views);
    expect(Object.keys(t)).toEqual([...PARAMETER_SET_COLUMNS]);
    expect(t).toEqual({
      parameter: ["p_x", "c_y__invivo"],
      value: [0.5, 7],
      default: [0.4, 7],
      low: [0.1, null],
      high: [0.9, null],
      distribution: ["beta", "fixed"],
      unit: ["proportion", "USD 2025 per year"],
      status: ["user edit", "assumption"],
      source_id: ["S1", "S2"],
      description: ["d1", "d2"],
    });
  });
});

describe("readParameterSet(text) corners", () => {
  const mg = parameterViews(evidence, lifeTables, base({ disease: "mg" }));
  const read = (text: string) => readParameterSet(text, "up.csv", mg);

  it("a utility whose source reports negative values may go down to -1; another utility may not", () => {
    // data/cart/parameters-mg.csv: u_controlled has status "seen", u_active does not.
    const rows = csvRows("data/cart/parameters-mg.csv");
    expect(rows.find((r) => r.id === "u_controlled")!.status).toBe("seen");
    expect(rows.find((r) => r.id === "u_active")!.status).not.toBe("seen");
    expect(read("parameter,value\nu_controlled,-0.2\n").overrides).toEqual({ u_controlled: -0.2 });
    expect(read("parameter,value\nu_active,-0.2\n").problems).toEqual([
      "up.csv row 2 column value: u_active is out of range (got -0.2); expected a utility in [0, 1] (negative only where the source reports it)",
    ]);
  });

  it("a value equal to its default is not an override; padded names are trimmed", () => {
    expect(read("parameter,value\n p_male ,0.5\nu_controlled,0.89\n").overrides).toEqual({ p_male: 0.5 });
  });

  it("an unknown name far from every parameter gets no suggestion, and a long one is cut to 80 characters", () => {
    const long = "q".repeat(100);
    expect(read(`parameter,value\n${long},1\n`).problems).toEqual([
      `up.csv row 2 column parameter: unknown parameter (got "${"q".repeat(80)}"); expected a name from the parameter column of this page's download`,
    ]);
  });

  it("suggests near names only for the first 100 problems, and only names this page offers", () => {
    const r = read("parameter,value\n" + "zz,1\n".repeat(100) + "p_mal,1\n");
    expect(r.total).toBe(101);
    expect(r.problems).toHaveLength(100);
    const r2 = read("parameter,value\n" + "zz,1\n".repeat(99) + "p_mal,1\n");
    // u_edss8_loss is a parameter of the MS model only (data/cart/parameters-ms.csv): not offered here.
    expect(read("parameter,value\nu_edss8_los,1\n").problems[0]).not.toContain("did you mean");
    expect(r2.problems[99]).toBe(
      'up.csv row 101 column parameter: unknown parameter; did you mean p_male? (got "p_mal"); expected a name from the parameter column of this page\'s download',
    );
  });

  it("lists every near name it suggests, nearest first", () => {
    // "x_damage" is one substitution from c_damage and from u_damage (both MG parameters) and two
    // edits from f_damage0 (a substitution and an insertion); suggestions stop at distance 2.
    expect(read("parameter,value\nx_damage,1\n").problems[0]).toMatch(
      /^up\.csv row 2 column parameter: unknown parameter; did you mean c_damage or u_damage or f_damage0\? /,
    );
  });

  it("a file with rows and no problem but no change returns empty overrides (not null)", () => {
    // MG's p_male default is 0.35 (data/cart/parameters-mg.csv).
    expect(read("parameter,value\np_male,0.35\n")).toEqual({
      overrides: {},
      problems: [],
      total: 0,
      rows: 1,
      empty: false,
    });
  });
});

describe("evaluableScenario(scenario) with the default scenario in a life table map", () => {
  it("drops what cannot be evaluated and names the reason in at most three lines", () => {
    const r = evaluableScenario(
      evidence,
      lifeTables,
      base({ horizonAge: 20, disease: "ms", overrides: { p_male: 0.5 } }),
    );
    expect(r.scenario).toEqual(base({ disease: "ms", overrides: { p_male: 0.5 } }));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^horizonAge=20: dropped, the scenario cannot be evaluated with it \(.+\)$/);
    expect(r.problems[0]).not.toContain("\n");
  });
});

describe("evaluableScenario(scenario): what it returns and in which order it drops", () => {
  it("returns the very scenario it was given when that one evaluates", () => {
    const s = base({ disease: "ms", overrides: { p_male: 0.4 } });
    expect(evaluableScenario(evidence, lifeTables, s).scenario).toBe(s);
  });

  it("adds overrides back in name order, so the problems are listed by name whatever the object's order", () => {
    // Both values are refused by the model's own check (a Scenario built in code skips the link's).
    const r = evaluableScenario(
      evidence,
      lifeTables,
      base({ overrides: { p_response: 7, p_male: 5, r_relapse: 0.2 } }),
    );
    expect(r.problems.map((p) => p.split(":")[0])).toEqual(["p.p_male=5", "p.p_response=7"]);
    expect(r.scenario.overrides).toEqual({ r_relapse: 0.2 });
  });
});

describe("evaluableScenario(scenario) when the defaults themselves cannot be evaluated", () => {
  it("throws a ModelError saying so rather than dropping every setting", () => {
    // No US life table: the default scenario (preset us) fails, and so does this UK one (horizon
    // ends at 20, before SLE's start age of 35).
    const onlyUk = { uk: lifeTables.uk };
    expect(thrown(() => evaluableScenario(evidence, onlyUk, base({ preset: "uk", horizonAge: 20 })))).toBe(
      "default scenario: the shipped defaults cannot be evaluated",
    );
  });
});

describe("parameterViews: which strategies read a row", () => {
  it("MS, US preset: the ICU stay is read by every platform and aHSCT (no rows of their own), not by alemtuzumab (its row, 0)", () => {
    // data/cart/parameters-platforms.csv has only the autologous c_icu rows; parameters-ms.csv has
    // c_icu rows for alemtuzumab and cladribine (0, fixed) and none for ahsct; p_trm has an ahsct row;
    // u_remission is a disease-wide row (ms, all).
    const views = parameterViews(evidence, lifeTables, base({ disease: "ms", preset: "us" }));
    const readBy = (parameter: string) => views.find((v) => v.parameter === parameter)?.readBy;
    expect(readBy("c_icu")).toEqual(["autologous", "allogeneic", "invivo", "ahsct"]);
    expect(readBy("c_icu__alemtuzumab")).toEqual(["alemtuzumab"]);
    expect(readBy("p_trm__ahsct")).toEqual(["ahsct"]);
    expect(readBy("p_icu__allogeneic")).toEqual(["allogeneic"]);
    expect(readBy("u_remission")).toEqual([]);
  });
});
