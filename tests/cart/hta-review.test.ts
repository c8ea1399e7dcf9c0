/**
 * Evidence Review Group check of the CAR T defaults (brief s23): each test holds a value of
 * data/cart/ against the figure of its source, written out here, and a hand calculation.
 */
import { describe, expect, it } from "vitest";
import { buildCartModel, PRESETS, runCart } from "../../src/cart/index.js";
import { psaDistribution } from "../../src/cart/distributions.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();

const row = (id: string, disease: string, strategy: string, currency: string | null) => {
  const r = evidence.parameters.filter(
    (x) => x.id === id && x.disease === disease && x.strategy === strategy && x.currency === currency,
  );
  expect(r, `${id},${disease},${strategy},${currency}`).toHaveLength(1);
  return r[0];
};

// NHS England National Cost Collection 2024/25, National Schedule (COSTmos data/ncc.rda, ncc_version
// "2024/25", read on 5 Dec 2026): unit costs as published, per attendance or spell.
const NCC_SA34Z_DAYCASE = 1290.6744; // Peripheral Blood Stem Cell Harvest, day case (activity 2984)
const NCC_SA34Z_ELECTIVE = 6273.7026; // the same currency as an elective inpatient spell (activity 382)
const NCC_SA26A_ELECTIVE = 21825.7991; // Peripheral Blood Stem Cell Transplant, Autologous, 19 years and over, elective inpatient (1629)
// NHS bed-day 2020/21 incl. diagnosis and treatment (written answer, 1 Mar 2023) and the PSSRU NHSCII
// pay-and-prices index levels of data/cart/price-index.csv (2014/15 = 100): 2020/21 110.37, 2024/25 129.51.
const BEDDAY_2020 = 1032.09;
const NHSCII_2020 = 110.37;
const NHSCII_2024 = 129.51;

describe("UK leukapheresis (c_apheresis, autologous)", () => {
  it("is the NCC 2024/25 stem cell harvest day case SA34Z, not a PPP transfer of the US assumption", () => {
    const r = row("c_apheresis", "all", "autologous", "GBP");
    expect(r.value).toBeCloseTo(NCC_SA34Z_DAYCASE, 0);
    expect(r.high).toBeCloseTo(2 * NCC_SA34Z_DAYCASE, 0); // a second day-case collection
    expect(r.low).toBeCloseTo(NCC_SA34Z_DAYCASE / 2, 0);
    expect(r.sourceId).toBe("NCC2024");
    expect(r.priceYear).toBe(2024);
    expect(r.priceKind).toBe("resource");
    expect(r.note).toMatch(/SA34Z/);
  });

  it("has a PSA gamma with its mode above 0: the elective inpatient spell (mobilisation admission) is not its high end", () => {
    const r = row("c_apheresis", "all", "autologous", "GBP");
    expect(r.high!).toBeLessThan(NCC_SA34Z_ELECTIVE);
    // Hand calculation (docs/methods.md, "Probabilistic analysis inputs": the range is a 95% interval, gamma by method
    // of moments): SE = (2581 - 645) / (2 x 1.959964) = 493.887, shape = 1291^2 / 493.887^2 = 6.8328 (> 1,
    // so the density is 0 at a cost of 0). With the spell 6274 as the high end: SE 1436.0, shape 0.81.
    const d = psaDistribution(r);
    expect(d.kind).toBe("gamma");
    expect(d.se).toBeCloseTo(493.887, 3);
    expect(d.params.shape).toBeCloseTo(6.8328, 4);
  });

  it("enters the UK model at face value (GBP 2024 is the preset's price year) and is not flagged as a transfer", () => {
    const built = buildCartModel(evidence, "sle", PRESETS.uk, lifeTables.uk);
    const p = built.provenance.find((x) => x.id === "c_apheresis" && x.strategy === "autologous")!;
    expect(p.transfer).toBeNull();
    expect(p.factor).toBe(1);
    expect(p.value).toBeCloseTo(1291, 6);
  });
});

describe("UK autologous HSCT episode (c_price, ahsct)", () => {
  // Hand calculation: harvest 1290.67 + transplant spell 21825.80 + 3 mobilisation bed-days at
  // 1032.09 x 129.51 / 110.37 = 1211.07 each (3633.21) = 26749.69, stated as 26750.
  const expected = NCC_SA34Z_DAYCASE + NCC_SA26A_ELECTIVE + (3 * BEDDAY_2020 * NHSCII_2024) / NHSCII_2020;

  it.each(["sle", "ms"])(
    "%s: is the NCC 2024/25 harvest (SA34Z) + transplant (SA26A) + mobilisation sum",
    (disease) => {
      expect(expected).toBeCloseTo(26749.69, 2);
      const r = row("c_price", disease, "ahsct", "GBP");
      expect(Math.abs(r.value - expected)).toBeLessThan(1);
      expect(r.sourceId).toBe("NCC2024");
      expect(r.priceYear).toBe(2024);
      expect(r.priceKind).toBe("resource");
      expect(r.low!).toBeLessThan(NCC_SA34Z_DAYCASE + NCC_SA26A_ELECTIVE);
      expect(r.high).toBe(45000);
    },
  );
});

describe("MG standard of care (diseases.csv)", () => {
  it("names conventional therapy, as c_soc_drug costs it, and keeps FcRn and complement inhibitors as separate strategies", () => {
    const mg = evidence.diseases.find((d) => d.disease === "mg")!;
    expect(mg.comparator).toMatch(/^Lifelong conventional therapy/);
    expect(mg.comparator).toMatch(/separate comparator strategies/);
    // c_soc_drug (USD row): 0.25 x 161478 (chronic IVIG, JNS2022_IVIG) + 0.5 x 12000 (rituximab) + 1000 = 47369.5.
    const us = row("c_soc_drug", "mg", "all", "USD");
    expect(Math.abs(us.value - (0.25 * 161478 + 0.5 * 12000 + 1000))).toBeLessThan(50);
    expect(us.note).toMatch(/conventional therapy/);
    // UK row: 300 + 0.5 x 2 x 2 x 873.15 (rituximab 2 x 1 g, BNF 66) + 0.25 x 910 g x 54.00 (Privigen) = 14331.30.
    const uk = row("c_soc_drug", "mg", "all", "GBP");
    expect(uk.value).toBeCloseTo(300 + 0.5 * 4 * 873.15 + 0.25 * 910 * 54, 0);
    const strategies = evidence.comparators.filter((c) => c.disease === "mg").map((c) => c.strategy);
    expect(strategies).toEqual(["fcrn", "complement"]);
    expect(mg.sourceIds).toContain("NICE_TA1069");
  });
});

describe("UK definitive treatments of Graves' disease (c_price, radioiodine and thyroidectomy)", () => {
  // NCC 2024/25 (as above): KA09E Thyroid Procedures with CC Score 0-1, elective inpatient 6195.6097 and
  // day case 3943.9778; KA09C (CC Score 4+) elective inpatient 8226.9890; RN51Z Oral Delivery of
  // Radiotherapy for Thyroid Ablation (nuclear medicine) 793.3067. NCC 2023/24 WF01A follow-up 192.2812.
  it("thyroidectomy is the KA09E elective spell, with the day case and the CC 4+ spell as its range", () => {
    const r = row("c_price", "graves", "thyroidectomy", "GBP");
    // Rounded to whole pounds in the table: within 0.5 of the published figures.
    expect(r.value).toBeCloseTo(6195.6097, 0);
    expect(r.low).toBeCloseTo(3943.9778, 0);
    expect(r.high).toBeCloseTo(8226.989, 0);
    expect(r.sourceId).toBe("NCC2024");
    expect(r.priceYear).toBe(2024);
  });

  it("radioiodine is RN51Z plus one follow-up attendance inflated to 2024/25 (793.31 + 192.28 x 129.51/124.50 = 993.33)", () => {
    const r = row("c_price", "graves", "radioiodine", "GBP");
    const expected = 793.3067 + (192.2812 * NHSCII_2024) / 124.5;
    expect(expected).toBeCloseTo(993.33, 2);
    expect(Math.abs(r.value - expected)).toBeLessThan(0.5);
    expect(r.low).toBeCloseTo(793.3067, 0);
    expect(r.sourceId).toBe("NCC2024");
  });
});

describe("US alemtuzumab (c_price, ms, alemtuzumab)", () => {
  it("is the US launch list price for both courses, 158,000 USD (2014), not the UK list price at PPP", () => {
    // LEMTRADA_US2014: "The sticker price for Lemtrada is $158,000 for the first round of drugs ... the
    // initial five days of infusions and the three day treatment one year later."
    const r = row("c_price", "ms", "alemtuzumab", "USD");
    expect(r.value).toBe(158000);
    expect(r.priceYear).toBe(2014);
    expect(r.priceKind).toBe("list");
    expect(r.sourceId).toBe("LEMTRADA_US2014");
    // The earlier value is the low end: UK list 8 vials x 7045 = 56360 GBP (NICE TA312) / 0.70 GBP per USD.
    expect(r.low).toBeCloseTo((8 * 7045) / 0.7, 0); // 80514.29
    expect(evidence.sources.has("LEMTRADA_US2014")).toBe(true);
  });

  it("enters the US model at face value (a list price is not inflated)", () => {
    const built = buildCartModel(evidence, "ms", PRESETS.us, lifeTables.us);
    const p = built.provenance.find((x) => x.id === "c_price" && x.strategy === "alemtuzumab")!;
    expect(p.value).toBe(158000);
    expect(p.transfer).toBeNull();
  });
});

describe("UK IVIG list prices (BNF_IVIG): one price year in every row", () => {
  // BNF page (issuhub id 3493, page 800): "Privigen 5 g/ 50 ml solution for infusion vials | 1 vial £ 270. 00"
  // = 54.00 per g; the edition is not printed on the page, so one price year (2020) is used wherever it is.
  const PRIVIGEN_PER_G = 270 / 5;

  it("every row citing BNF_IVIG as its source has price year 2020 and uses 54.00 per g", () => {
    const rows = evidence.parameters.filter((x) => x.sourceId === "BNF_IVIG");
    // The autologous UK c_ivig row and MG's c_soc_drug (the other platforms and aHSCT read the autologous c_ivig).
    expect(rows.length).toBe(2);
    for (const r of rows) expect(r.priceYear, `${r.id},${r.disease},${r.strategy}`).toBe(2020);
    // c_ivig: 0.4 g/kg/month x 70 kg x 12 = 336 g a year x 54.00 = 18144.
    expect(row("c_ivig", "all", "autologous", "GBP").value).toBeCloseTo(336 * PRIVIGEN_PER_G, 6);
    // MG conventional therapy: 300 + 0.5 x 3492.60 + 0.25 x 910 g x 54.00 = 14331.30.
    const mg = row("c_soc_drug", "mg", "all", "GBP");
    expect(mg.value).toBeCloseTo(300 + 0.5 * 3492.6 + 0.25 * 910 * PRIVIGEN_PER_G, 0);
    expect(mg.priceYear).toBe(2020);
    expect(mg.priceKind).toBe("list");
  });
});

describe("UK Graves' standard of care: the Donovan ATD-strategy cost is counted once", () => {
  // DONOVAN2016: lifetime ATD-strategy cost 16,866 GBP (2015), all SoC costs, relapses included. Spread
  // over 40 years at 3.5%: 16,866 x 0.035 / (1 - 1.035^-40) = 16,866 x 0.046827 = 789.79, stated as 790;
  // inflated to the UK preset's 2024 prices with NHSCII 129.51 / 100.40 = 1019.06 a year.
  const annuity = (16866 * 0.035) / (1 - 1.035 ** -40);
  const perYear2024 = (790 * NHSCII_2024) / 100.4;

  it("c_soc_drug is Donovan's ATD cost annuitised; c_active, c_soc_monitoring and c_soc_ae add nothing", () => {
    expect(annuity).toBeCloseTo(789.79, 1);
    expect(Math.abs(row("c_soc_drug", "graves", "all", "GBP").value - annuity)).toBeLessThan(0.5);
    for (const id of ["c_active", "c_soc_monitoring", "c_soc_ae"]) {
      const r = row(id, "graves", "all", "GBP");
      expect(r.value, id).toBe(0);
      expect(r.sourceId, id).toBe("DONOVAN2016");
    }
  });

  it(
    "a year in Active costs what a year in Controlled costs on SoC: 790 x 129.51 / 100.40 = 1019.06, nothing added",
    { timeout: 120_000 },
    () => {
      const ageStart = evidence.parameters.find((x) => x.id === "age_start" && x.disease === "graves")!.value;
      const r = runCart(evidence, "graves", PRESETS.uk, lifeTables.uk, { horizonAge: ageStart + 2 }).result;
      const soc = r.strategies.find((s) => s.id === "soc")!;
      const perLifeYear = (state: string) => {
        const st = soc.byState.find((b) => b.state === state)!;
        const ly = st.lifeYears.undiscounted;
        expect(ly, state).toBeGreaterThan(0);
        const v = (id: string) => (st.values[id]?.undiscounted ?? 0) / ly;
        return v("c_soc_drug") + v("c_soc_other") + v("c_disease_active") + v("c_disease_damage");
      };
      expect(perLifeYear("Controlled")).toBeCloseTo(perYear2024, 6);
      expect(perLifeYear("Active")).toBeCloseTo(perYear2024, 6);
    },
  );
});

describe("US kidney-failure cost: health-care sector payer mix (SLE c_dialysis, AAV c_damage)", () => {
  // OPTUM_LN: ESKD 18,084 a month, low activity 2,523 a month (commercial claims): (18084 - 2523) x 12 =
  // 186,732 a year. USRDS2018: Medicare spending per haemodialysis patient-year 90,971 (2016), per
  // transplant patient-year 34,780; PCE health index 2016 98.1, 2019 103.1 (data/cart/price-index.csv).
  // MEDICARE_MSP_ESRD: the group plan pays first for 33 months from the first in-centre dialysis.
  const COMMERCIAL = (18084 - 2523) * 12;
  const MEDICARE_2019 = (90971 * 103.1) / 98.1;
  const mix = (exitRate: number) => {
    const early = 1 - Math.exp(-exitRate * 2.75); // share of dialysis time in the first 33 months
    return early * COMMERCIAL + (1 - early) * MEDICARE_2019;
  };

  it("the hand calculation: 0.38875 x 186,732 + 0.61125 x 95,607.65 = 131,032 (SLE, exits 0.065 + 0.114)", () => {
    expect(COMMERCIAL).toBe(186732);
    expect(MEDICARE_2019).toBeCloseTo(95607.65, 1);
    expect(1 - Math.exp(-0.179 * 2.75)).toBeCloseTo(0.38875, 5);
    expect(mix(0.179)).toBeCloseTo(131032.28, 1);
    expect(mix(0.122)).toBeCloseTo(121579.86, 1);
  });

  it("SLE c_dialysis and AAV c_damage (USD rows) are the mix at each disease's own exits from dialysis", () => {
    const rate = (id: string, disease: string) =>
      evidence.parameters.find((x) => x.id === id && x.disease === disease && x.strategy === "all")!.value;
    const exits = (disease: string, death: string) => rate(death, disease) + rate("r_transplant", disease);
    expect(exits("sle", "r_excess_death_eskd")).toBeCloseTo(0.179, 9);
    expect(exits("aav", "r_excess_death_damage")).toBeCloseTo(0.122, 9);
    const sle = row("c_dialysis", "sle", "all", "USD");
    expect(Math.abs(sle.value - mix(exits("sle", "r_excess_death_eskd")))).toBeLessThan(0.5);
    expect(sle.low).toBeCloseTo(MEDICARE_2019, -1);
    expect(sle.high).toBe(280098);
    expect(sle.priceYear).toBe(2019);
    const aav = row("c_damage", "aav", "all", "USD");
    expect(Math.abs(aav.value - mix(exits("aav", "r_excess_death_damage")))).toBeLessThan(0.5);
    expect(aav.low).toBeCloseTo(MEDICARE_2019, -1);
    expect(aav.high).toBe(18084 * 12);
  });

  it("transplant follow-up takes the same mix: 34,780 / 90,971 x c_dialysis", () => {
    const ratio = 34780 / 90971;
    expect(Math.abs(row("c_transplant_followup", "sle", "all", "USD").value - ratio * mix(0.179))).toBeLessThan(1);
    expect(Math.abs(row("c_transplant_followup", "aav", "all", "USD").value - ratio * mix(0.122))).toBeLessThan(1);
  });
});

// Brief s25: the last three PPP transfers, replaced with figures seen in UK or US sources.
describe("UK MG damage cost (c_damage, mg, GBP): PSSRU home care, not a PPP transfer", () => {
  // PSSRU_UCHSC2024 (Unit Costs of Health and Social Care 2024, 2023/2024 values): Table 10.4.1 home care
  // worker "Per weekday hour £27"; Table 5.2.1 voluntary and private sector residential care homes for adults
  // requiring physical support "Cost per resident week care package costs (A to E) £ 1,377"; 52.14 weeks in 2024.
  const HOME_CARE_HOUR = 27;
  const CARE_HOME_WEEK = 1377;
  const WEEKS = 52.14;

  it("is 14 hours a week of home care (27 x 14 x 52.14 = 19708.92), 7 hours at the low end, a care home at the high end", () => {
    const r = row("c_damage", "mg", "all", "GBP");
    expect(HOME_CARE_HOUR * 14 * WEEKS).toBeCloseTo(19708.92, 2);
    expect(Math.abs(r.value - HOME_CARE_HOUR * 14 * WEEKS)).toBeLessThan(0.5);
    expect(Math.abs(r.low! - HOME_CARE_HOUR * 7 * WEEKS)).toBeLessThan(0.5); // 9854.46
    expect(Math.abs(r.high! - CARE_HOME_WEEK * WEEKS)).toBeLessThan(0.5); // 71796.78
    expect(r.sourceId).toBe("PSSRU_UCHSC2024");
    expect(r.status).toBe("assumption"); // the hours of care are assumed
    expect(r.priceYear).toBe(2023);
    expect(r.priceKind).toBe("resource");
    expect(r.note).toMatch(/Was 14000, a PPP transfer/);
    expect(evidence.sources.has("PSSRU_UCHSC2024")).toBe(true);
  });

  it("is inflated from 2023/24 to the UK preset's 2024/25 with the NHSCII (x 129.51 / 124.50) and not flagged", () => {
    const built = buildCartModel(evidence, "mg", PRESETS.uk, lifeTables.uk);
    const p = built.provenance.find((x) => x.id === "c_damage")!;
    expect(p.transfer).toBeNull();
    expect(p.factor).toBeCloseTo(NHSCII_2024 / 124.5, 9);
    expect(p.value).toBeCloseTo((19709 * NHSCII_2024) / 124.5, 6); // 20502.11
  });
});

describe("UK efgartigimod (c_soc_drug, mg, fcrn, GBP): vial price x ADAPT+ cycles, not a PPP transfer", () => {
  // VYVGART_SMPC_UK: 400 mg vials, "10 mg/kg ... once weekly infusions for 4 weeks" a cycle; at 70 kg 700 mg =
  // 2 vials an infusion, 8 a cycle. ADAPT_PLUS: "a median (range) 5.2 (0.5-7.5) cycles per year".
  // EFGARTIGIMOD_UK_PRESS: "more than £6,500 per infusion vial"; "approximately £200,000 per year".
  const VIALS_PER_CYCLE = Math.ceil((10 * 70) / 400) * 4;
  const VIAL = 6500;

  it("is 8 vials x 5.2 cycles x 6500 = 270400 a year; low the reported 200000; high 7.5 cycles (390000)", () => {
    expect(VIALS_PER_CYCLE).toBe(8);
    const r = row("c_soc_drug", "mg", "fcrn", "GBP");
    expect(r.value).toBeCloseTo(VIALS_PER_CYCLE * 5.2 * VIAL, 6);
    expect(r.low).toBe(200000);
    expect(r.high).toBeCloseTo(VIALS_PER_CYCLE * 7.5 * VIAL, 6);
    expect(r.sourceId).toBe("EFGARTIGIMOD_UK_PRESS");
    expect(r.status).toBe("assumption"); // a press-reported lower bound, not a BNF price
    expect(r.priceKind).toBe("list");
    expect(r.priceYear).toBe(2024);
    for (const id of ["EFGARTIGIMOD_UK_PRESS", "VYVGART_SMPC_UK", "ADAPT_PLUS"])
      expect(evidence.sources.has(id)).toBe(true);
  });

  it("enters the UK model at face value (a list price of the preset's year) and is not flagged", () => {
    const built = buildCartModel(evidence, "mg", PRESETS.uk, lifeTables.uk);
    const p = built.provenance.find((x) => x.id === "c_soc_drug" && x.strategy === "fcrn")!;
    expect(p.transfer).toBeNull();
    expect(p.factor).toBe(1);
    expect(p.value).toBe(270400);
  });
});

describe("MG u_controlled (BARNETT2019): class I mean, an assumed spread wider than the class mean's SE", () => {
  // BARNETT2019 abstract: "Minimal Manifestations, 0.92±0.04; Class I, 0.89±0.06; Class II, 0.78±0.16" (mean ± patient-level
  // SD; the number of patients per class is not reported there, so the SE of the class I mean, 0.06 / sqrt(n), is unknown).
  const CLASS_I = 0.89;
  const CLASS_I_SD = 0.06;
  const CLASS_II = 0.78;
  const MINIMAL_MANIFESTATIONS = 0.92;

  it("is the class I mean 0.89 with the class II and minimal-manifestation means as its range", () => {
    const r = row("u_controlled", "mg", "all", null);
    expect(r.value).toBe(CLASS_I);
    expect(r.low).toBe(CLASS_II);
    expect(r.high).toBe(MINIMAL_MANIFESTATIONS);
    expect(r.sourceId).toBe("BARNETT2019");
    expect(r.note).toContain("Class I, 0.89±0.06");
  });

  it("draws a beta whose SD (0.92 - 0.78) / 3.92 = 0.0357 exceeds the class I mean's SE 0.06 / sqrt(3) = 0.0346 for n >= 3", () => {
    const d = psaDistribution(row("u_controlled", "mg", "all", null));
    expect(d.kind).toBe("beta");
    // Hand calculation: SE = 0.14 / (2 x 1.959964) = 0.0357149; concentration c = 0.89 x 0.11 / SE^2 - 1 = 75.751,
    // alpha = 0.89 c = 67.418, beta = 0.11 c = 8.3326.
    expect(d.se).toBeCloseTo(0.0357149, 6);
    expect(d.params.alpha).toBeCloseTo(67.42, 2);
    expect(d.params.beta).toBeCloseTo(8.333, 3);
    expect(d.se).toBeGreaterThan(CLASS_I_SD / Math.sqrt(3));
  });
});

describe("US cladribine (c_price, ms, cladribine, USD): the US list price, not the UK price at PPP", () => {
  // MAVENCLAD_US2019: "the annual price tag is expected to be $99,500 for the two-year treatment";
  // PRICES_MS2021 Table 1: "Cladribine (2019) | $100,975 | $107,460" (2020 US dollars; January 2020).
  it("is 2 yearly courses x 99500 = 199000 (2019); low 99500; high 2 x 107460 = 214920", () => {
    const r = row("c_price", "ms", "cladribine", "USD");
    expect(r.value).toBe(2 * 99500);
    expect(r.low).toBe(99500);
    expect(r.high).toBe(2 * 107460);
    expect(r.priceYear).toBe(2019);
    expect(r.priceKind).toBe("list");
    expect(r.sourceId).toBe("MAVENCLAD_US2019");
    expect(r.note).toMatch(/Was 70191, a PPP transfer/);
    expect(evidence.sources.has("MAVENCLAD_US2019")).toBe(true);
  });

  it("enters the US model at face value (a list price is not inflated) and is not flagged", () => {
    const built = buildCartModel(evidence, "ms", PRESETS.us, lifeTables.us);
    const p = built.provenance.find((x) => x.id === "c_price" && x.strategy === "cladribine")!;
    expect(p.value).toBe(199000);
    expect(p.transfer).toBeNull();
  });
});
