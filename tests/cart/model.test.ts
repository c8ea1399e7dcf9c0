/** The CAR T model (issue [3]): traceability, consistency, thresholds, cost parity, monotonicity. */
import { describe, expect, it } from "vitest";
import { compileModel, evaluate, namesIn, parseFormula, type ModelSpec } from "../../src/model/index.js";
import {
  buildCartModel,
  costParityYear,
  definedFor,
  offsetAdjustment,
  offsetScenarios,
  PARAMETERS,
  PLATFORMS,
  PRESETS,
  runCart,
} from "../../src/cart/index.js";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";

const evidence = loadEvidence();
const lifeTable = loadLifeTable();
const DISEASES = evidence.diseases.map((d) => d.disease);
/**
 * A platform parameter's ids in a disease's model: id (autologous) and id__<platform> for each other
 * platform the tables give a row of (a parameter given by the autologous row only is read as the id).
 */
const platformIds = (id: string, disease: string) =>
  PLATFORMS.filter(
    (p) =>
      p === "autologous" ||
      evidence.parameters.some(
        (r) => r.id === id && r.strategy === p && (r.disease === "all" || r.disease === disease),
      ),
  ).map((p) => (p === "autologous" ? id : `${id}__${p}`));

/** Every name read by any formula of a model specification. */
function namesRead(spec: ModelSpec): Set<string> {
  const out = new Set<string>();
  const add = (e: unknown) => {
    if (typeof e === "string" && e !== "C") namesIn(parseFormula(e), out);
  };
  for (const p of Object.values(spec.parameters ?? {})) add(typeof p === "object" ? p.value : p);
  for (const s of spec.states) for (const v of Object.values(s.values ?? {})) add(v);
  for (const row of Object.values(spec.transitions as Record<string, Record<string, unknown>>))
    for (const e of Object.values(row)) add(e);
  for (const tv of spec.transitionValues ?? []) for (const e of Object.values(tv.values)) add(e);
  for (const e of Object.values(spec.oneOff ?? {})) add(e);
  for (const e of Object.values(spec.init)) add(e);
  for (const st of spec.strategies ?? []) for (const e of Object.values(st.parameters ?? {})) add(e);
  return out;
}

describe("traceability of the defaults", { timeout: 60_000 }, () => {
  it("the model reads every parameter the tables define, and the tables define every parameter the model reads", () => {
    const { spec, structural } = buildCartModel(evidence, "sle", PRESETS.us, lifeTable);
    const read = namesRead(spec);
    // read by the builder itself: start age (settings), sex mix (cohort weights), time-in-state limit
    for (const id of Object.keys(structural)) read.add(id);
    expect(spec.settings.startAge).toBe(structural.age_start);
    expect(spec.cohorts!.find((c) => c.id === "male")!.weight).toBe(structural.p_male);
    expect((spec.states.find((s) => s.id === "Remission")!.timeInState as { limit: number }).limit).toBe(
      structural.m_relapse_horizon,
    );
    const defined = new Set(Object.keys(spec.parameters ?? {}));
    const timeVars = new Set(["cycle", "time", "age", "cycleLength", "timeInState", "yearsInState"]);
    for (const n of read)
      if (!timeVars.has(n)) expect(defined.has(n), `model reads ${n}, which nothing defines`).toBe(true);
    for (const def of PARAMETERS.filter((p) => definedFor(p, "sle"))) {
      const ids = def.scope === "platform" ? platformIds(def.id, "sle") : [def.id];
      for (const id of ids) expect(read.has(id), `the tables define ${id}, which the model never reads`).toBe(true);
    }
    // and the tables define no parameter outside the dictionary (the reader rejects unknown ids)
    for (const r of evidence.parameters) expect(PARAMETERS.some((p) => p.id === r.id)).toBe(true);
  });

  it.each(DISEASES)("every default for %s comes from a row with a source and a status", (disease) => {
    const built = buildCartModel(evidence, disease, PRESETS.us, lifeTable);
    // one per dictionary id (per platform for platform ids), plus one per id a comparator of the disease overrides
    const comparatorIds = new Set(
      evidence.comparators
        .filter((c) => c.disease === disease)
        .flatMap((c) =>
          evidence.parameters
            .filter((r) => r.disease === disease && r.strategy === c.strategy)
            .map((r) => `${r.id}|${r.strategy}`),
        ),
    );
    const expected =
      PARAMETERS.filter((p) => definedFor(p, disease)).reduce(
        (n, p) => n + (p.scope === "platform" ? platformIds(p.id, disease).length : 1),
        0,
      ) + comparatorIds.size;
    expect(built.provenance.length).toBe(expected);
    for (const p of built.provenance) {
      expect(evidence.sources.has(p.row.sourceId), `${p.parameter}: source ${p.row.sourceId}`).toBe(true);
      expect(["seen", "calculated", "assumption"]).toContain(p.row.status);
      const spec = built.spec.parameters![p.parameter] as { value: number; source: string; status: string };
      expect(spec.value).toBe(p.value);
      expect(spec.source).toBe(p.row.sourceId);
    }
  });

  it("costs are converted to the preset's currency and price year, and the conversion is recorded", () => {
    const us = buildCartModel(evidence, "sle", PRESETS.us, lifeTable);
    for (const p of us.provenance) {
      if (p.row.currency === null) expect(p.factor).toBe(1);
      else if (p.row.currency === "USD" && p.row.priceYear === 2025) expect(p.factor).toBe(1);
      else expect(p.factor).not.toBe(1);
    }
    const uk = buildCartModel(evidence, "sle", PRESETS.uk, lifeTable);
    const ukParams = uk.spec.parameters as Record<string, { currency?: string; priceYear?: number }>;
    expect(ukParams.c_soc_drug.currency).toBe("GBP");
    expect(ukParams.c_soc_drug.priceYear).toBe(2024);
    // a GBP row is preferred where the tables have one
    const gbp = uk.provenance.filter((p) => p.row.currency === "GBP");
    expect(gbp.length).toBeGreaterThan(0);
  });
});

describe("consistency", { timeout: 60_000 }, () => {
  it.each(DISEASES)(
    "%s: with no CAR T costs, no relapse and no follow-up cost, every CAR T arm costs no more than SoC",
    (disease) => {
      const zero: Record<string, number> = { c_remission_followup: 0 };
      for (const id of [
        "c_price",
        "c_apheresis",
        "c_lymphodepletion",
        "c_admission",
        "c_crs_severe",
        "c_crs_mild",
        "c_icans",
        "c_tocilizumab",
        "c_icu",
        "c_bridging",
        "c_ivig",
        "c_infection",
        "r_relapse",
      ]) {
        for (const pid of platformIds(id, disease)) zero[pid] = 0;
      }
      const built = buildCartModel(evidence, disease, PRESETS.us, lifeTable, { overrides: zero });
      const r = evaluate(compileModel(built.spec), { trace: false, perCycle: false });
      const soc = r.strategies.find((s) => s.id === "soc")!;
      for (const p of PLATFORMS)
        expect(r.strategies.find((s) => s.id === p)!.cost.discounted).toBeLessThanOrEqual(soc.cost.discounted + 1e-6);
    },
  );

  const sle = runCart(evidence, "sle", PRESETS.us, lifeTable);

  // Threshold prices under the offset scenarios, the cost-parity year and evLYG are checked against
  // hand-computed models in analysis-hand.test.ts; here the engine re-runs the shipped model at the
  // reported prices (standard analysis: no analysis helper on the expected side).
  it("re-run at the cost-neutral price, each CAR T arm costs the same as SoC within 1 currency unit", () => {
    for (const v of sle.versusSoc) {
      const t = v.thresholds.find((x) => x.scenario === "standard")!;
      const param = v.strategy === "autologous" ? "c_price" : `c_price__${v.strategy}`;
      const rerun = evaluate(sle.compiled, { parameters: { [param]: t.costNeutralPrice } });
      const s = rerun.strategies.find((x) => x.id === v.strategy)!;
      const soc = rerun.strategies.find((x) => x.id === "soc")!;
      expect(Math.abs(s.cost.discounted - soc.cost.discounted), v.strategy).toBeLessThan(1);
    }
  });

  it("re-run at the cost-effective price, the net monetary benefit is 0 within 1 currency unit", () => {
    for (const v of sle.versusSoc) {
      const t = v.thresholds.find((x) => x.scenario === "standard")!;
      const param = v.strategy === "autologous" ? "c_price" : `c_price__${v.strategy}`;
      const rerun = evaluate(sle.compiled, { parameters: { [param]: t.costEffectivePrice } });
      const s = rerun.strategies.find((x) => x.id === v.strategy)!;
      const soc = rerun.strategies.find((x) => x.id === "soc")!;
      const nmb = t.wtp * (s.qalys.discounted - soc.qalys.discounted) - (s.cost.discounted - soc.cost.discounted);
      expect(Math.abs(nmb), v.strategy).toBeLessThan(1);
    }
  });

  it("with every offset scenario switched off, the scenario results equal the standard analysis", () => {
    const off = { id: "off", label: "off", annualCap: null, share: 1, years: null };
    for (const v of sle.versusSoc) {
      const s = sle.result.strategies.find((x) => x.id === v.strategy)!;
      const soc = sle.result.strategies.find((x) => x.id === "soc")!;
      expect(offsetAdjustment(s, soc, off, sle.result)).toBe(0);
      const standard = v.thresholds.find((t) => t.scenario === "standard")!;
      expect(standard.incrementalCost).toBe(v.incrementalCost);
    }
  });

  it("an offset scenario never makes a strategy cheaper than the standard analysis", () => {
    for (const v of sle.versusSoc)
      for (const t of v.thresholds) expect(t.incrementalCost).toBeGreaterThanOrEqual(v.incrementalCost - 1e-6);
  });
});

describe("monotonicity", { timeout: 60_000 }, () => {
  const run = (disease: string, overrides: Record<string, number>) => {
    const built = buildCartModel(evidence, disease, PRESETS.us, lifeTable, { overrides });
    return evaluate(compileModel(built.spec), { trace: false, perCycle: true });
  };
  it.each(["sle", "ms", "t1d"])(
    "%s: a higher relapse hazard gives fewer QALYs and no lower cost for every CAR T arm",
    (disease) => {
      const lo = run(disease, {});
      const hiOv: Record<string, number> = {};
      const base = buildCartModel(evidence, disease, PRESETS.us, lifeTable);
      for (const pid of platformIds("r_relapse", disease))
        hiOv[pid] = ((base.spec.parameters![pid] as { value: number }).value + 0.05) * 2;
      const hi = run(disease, hiOv);
      for (const p of PLATFORMS) {
        const a = lo.strategies.find((s) => s.id === p)!;
        const b = hi.strategies.find((s) => s.id === p)!;
        expect(b.qalys.discounted).toBeLessThan(a.qalys.discounted);
        expect(b.cost.discounted).toBeGreaterThanOrEqual(a.cost.discounted - 1e-6);
      }
    },
  );
  it.each(["sle", "mg"])("%s: a longer vein-to-vein time gives worse bespoke outcomes", (disease) => {
    const short = run(disease, { d_vein_to_vein: 14 }).strategies.find((s) => s.id === "autologous")!;
    const long = run(disease, { d_vein_to_vein: 90 }).strategies.find((s) => s.id === "autologous")!;
    expect(long.qalys.discounted).toBeLessThan(short.qalys.discounted);
  });
  it.each(["sle", "ms", "aav"])("%s: a higher SoC drug cost gives a cost-parity year that is not later", (disease) => {
    const base = buildCartModel(evidence, disease, PRESETS.us, lifeTable);
    const drug = (base.spec.parameters!.c_soc_drug as { value: number }).value;
    let compared = 0;
    // Up to 16 times the table's SoC drug cost: with the US preset no AAV platform reaches cost parity
    // within the horizon below 8 times it, so with factors 1, 2 and 4 alone the AAV case compared nothing.
    for (const factor of [1, 2, 4, 8, 16]) {
      const a = run(disease, { c_soc_drug: drug * factor });
      const b = run(disease, { c_soc_drug: drug * factor * 1.5 });
      for (const p of PLATFORMS) {
        const pa = costParityYear(
          a.strategies.find((s) => s.id === p)!,
          a.strategies.find((s) => s.id === "soc")!,
          1 / 12,
        );
        const pb = costParityYear(
          b.strategies.find((s) => s.id === p)!,
          b.strategies.find((s) => s.id === "soc")!,
          1 / 12,
        );
        if (pa !== null) expect(pb).not.toBeNull();
        if (pa !== null && pb !== null) {
          expect(pb).toBeLessThanOrEqual(pa);
          compared++;
        }
      }
    }
    // Both comparisons sit under conditions: some platform must reach cost parity, or nothing was checked.
    expect(compared, `${disease}: no platform reached cost parity`).toBeGreaterThan(0);
  });
});

describe("intention to treat and per infused patient", { timeout: 60_000 }, () => {
  it("labels the population and counts patients who never get infused only under intention to treat", () => {
    const itt = runCart(evidence, "sle", PRESETS.us, lifeTable);
    const infused = runCart(evidence, "sle", PRESETS.us, lifeTable, { intentionToTreat: false });
    expect(itt.population).toBe("intention to treat");
    expect(infused.population).toBe("infused patients");
    const a = itt.result.strategies.find((s) => s.id === "autologous")!;
    const b = infused.result.strategies.find((s) => s.id === "autologous")!;
    // every infused patient pays the product once at least; under ITT some never reach infusion
    expect(b.values.c_cart_product.discounted).toBeGreaterThan(a.values.c_cart_product.discounted);
    // Per infused patient the population excludes patients with damage at baseline (never infused):
    // its SoC arm is the ITT SoC arm with f_damage0 = 0.
    const undamaged = runCart(evidence, "sle", PRESETS.us, lifeTable, { overrides: { f_damage0: 0 } });
    expect(infused.strategies.find((s) => s.id === "soc")!.cost).toBeCloseTo(
      undamaged.strategies.find((s) => s.id === "soc")!.cost,
      6,
    );
    expect(
      infused.result.strategies.find((s) => s.id === "autologous")!.byState.find((x) => x.state === "Damage")!.lifeYears
        .discounted,
    ).toBeLessThan(
      itt.result.strategies.find((s) => s.id === "autologous")!.byState.find((x) => x.state === "Damage")!.lifeYears
        .discounted,
    );
  });
});

describe("presets", { timeout: 60_000 }, () => {
  it("US reports cost per evLYG; UK reports the severity modifier and uses 3.5%", () => {
    const us = runCart(evidence, "mg", PRESETS.us, lifeTable);
    expect(us.versusSoc[0].incrementalEvly).not.toBeNull();
    expect(us.severity).toBeNull();
    const uk = runCart(evidence, "mg", PRESETS.uk, lifeTable);
    expect(uk.versusSoc[0].incrementalEvly).toBeNull();
    expect(uk.severity).not.toBeNull();
    expect(uk.result.discount).toEqual({ costs: 0.035, outcomes: 0.035 });
    expect(uk.result.currency).toBe("GBP");
  });
  it("offset scenarios have the preset's cap", () => {
    expect(offsetScenarios(PRESETS.us).find((s) => s.id === "cap")!.annualCap).toBe(150000);
  });
});

describe("result tables", { timeout: 60_000 }, () => {
  it("results by health state add up to the totals; the UK preset adds the 1.5% discount scenario", async () => {
    const { cartStateCostTable } = await import("../../src/cart/index.js");
    const a = runCart(evidence, "aav", PRESETS.uk, lifeTable);
    const t = cartStateCostTable(a) as Record<string, unknown[]>;
    for (const s of a.strategies) {
      const rows = t.strategy.map((x, i) => (x === s.id ? i : -1)).filter((i) => i >= 0);
      const sum = (c: string) => rows.reduce((acc, i) => acc + (t[c][i] as number), 0);
      expect(sum("life_years_discounted")).toBeCloseTo(s.lifeYears, 9);
      expect(sum("qalys_discounted")).toBeCloseTo(
        s.qalys - a.result.strategies.find((x) => x.id === s.id)!.values.qaly_infusion.discounted,
        9,
      );
    }
    expect(a.discountScenario!.rates).toEqual({ costs: 0.015, outcomes: 0.015 });
    expect(runCart(evidence, "aav", PRESETS.us, lifeTable).discountScenario).toBeNull();
    // lower discount rates value the long-term benefit of CAR T more
    const v = a.versusSoc.find((x) => x.strategy === "autologous")!;
    expect(a.discountScenario!.versusSoc.find((x) => x.strategy === "autologous")!.incrementalQalys).toBeGreaterThan(
      v.incrementalQalys,
    );
  });
});
