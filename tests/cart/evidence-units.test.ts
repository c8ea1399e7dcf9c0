/**
 * The evidence reader (src/cart/evidence.ts) piece by piece: each table's checks, each problem with
 * its exact place, message, value and expectation, the rows as read, the coverage rules, the choice
 * of rows for one disease and the currency conversion. Expected values come from the data files in
 * data/cart/ (quoted where used), from rows written here, and, for conversions, from hand-made
 * tables with the arithmetic in a comment. Few calls of readEvidence, each with several edits in
 * different rows, keep the file quick.
 */
import { describe, expect, it } from "vitest";
import {
  convertCost,
  isParameterFile,
  readEvidence,
  rowsFor,
  type Evidence,
  type ParameterRow,
} from "../../src/cart/index.js";
import { loadEvidenceFiles } from "../../src/cart/load.js";
import type { Problem } from "../../src/model/errors.js";
import { whyNotDecimal } from "../../src/model/io/number.js";
import { DISTRIBUTIONS } from "../../src/model/spec/spec.js";
import { modelError } from "../helpers/errors.js";

const files = loadEvidenceFiles();
const D = "data/cart/";
const SLE = `${D}parameters-sle.csv`;
const MS = `${D}parameters-ms.csv`;
const PLATFORMS = `${D}parameters-platforms.csv`;
const DISEASES = "sle, ms, mg, aav, graves, t1d"; // the order of data/cart/diseases.csv

/** The lines of a shipped file (none of the shipped tables has a line break inside a cell). */
const linesOf = (file: string) => files[file].trimEnd().split("\n");

/** Edits of one file: lines replaced or dropped (found by their start, e.g. "u_active,sle,all,"), rows appended. */
class Edit {
  readonly lines: string[];
  constructor(readonly file: string) {
    this.lines = linesOf(file);
  }
  /** The row number (the header is row 1) of the line that starts with `prefix`. */
  rowOf(prefix: string): number {
    const i = this.lines.findIndex((l) => l.startsWith(prefix));
    if (i < 0) throw new Error(`no line starting ${prefix} in ${this.file}`);
    return i + 1;
  }
  /** Replaces the line that starts with `prefix` (null drops it: the rows after it move up); returns its row number. */
  set(prefix: string, line: string | null): number {
    const r = this.rowOf(prefix);
    if (line === null) this.lines.splice(r - 1, 1);
    else this.lines[r - 1] = line;
    return r;
  }
  /** Appends a row; returns its row number. */
  add(line: string): number {
    this.lines.push(line);
    return this.lines.length;
  }
  get text(): string {
    return this.lines.join("\n") + "\n";
  }
}

const textOf = (...edits: Edit[]) => Object.fromEntries(edits.map((e) => [e.file, e.text]));
/** Every problem of reading the shipped files with some replaced (the test fails if they read). */
const problemsOf = (replace: Record<string, string>, options = {}): Problem[] =>
  modelError(() => readEvidence({ ...files, ...replace }, options)).problems;
/** The problems whose place starts with `where`. */
const at = (ps: Problem[], where: string) => ps.filter((p) => p.where === where || p.where.startsWith(where + " "));

describe("isParameterFile(name)", () => {
  it("is a .csv whose file name (not a folder) contains 'parameters'", () => {
    for (const name of ["data/cart/parameters-sle.csv", "parameters.csv", "my-parameters-2024.csv", "x/parameters.csv"])
      expect(isParameterFile(name), name).toBe(true);
    for (const name of [
      "data/parameters/sle.csv", // the folder is named so, not the file
      "parameters-sle.csv.bak",
      "parameters-sle.CSV",
      "parameters-slexcsv",
      "data/cart/sources.csv",
      "params.csv",
    ])
      expect(isParameterFile(name), name).toBe(false);
  });
});

describe("readEvidence: the shipped tables as read", () => {
  // read inside each test: Stryker attributes only code run in a test to that test
  it("reads sources, decision problems and comparators with every field", () => {
    const ev = readEvidence(files);
    // sources.csv: MULLER2024,Muller F et al. ...,doi:10.1056/NEJMoa2308917,journal article,...,15 pts (8 SLE; 3 myositis; 4 SSc); median follow-up 15 mo
    const m = ev.sources.get("MULLER2024")!;
    expect(m.id).toBe("MULLER2024");
    expect(m.citation).toMatch(/^Muller F et al\. CD19 CAR T-cell therapy in autoimmune disease/);
    expect(m.url).toBe("doi:10.1056/NEJMoa2308917");
    expect(m.kind).toBe("journal article");
    expect(m.note).toMatch(/^15 pts \(8 SLE; 3 myositis; 4 SSc\); median follow-up 15 mo/);
    expect(ev.diseases.map((d) => d.disease)).toEqual(DISEASES.split(", "));
    // comparators.csv row 2: sle,ahsct,Autologous haematopoietic stem cell transplantation,one-time,"Non-myeloablative ...",BURT2006
    expect(ev.comparators[0]).toMatchObject({
      disease: "sle",
      strategy: "ahsct",
      label: "Autologous haematopoietic stem cell transplantation",
      kind: "one-time",
      sourceIds: ["BURT2006"],
    });
    expect(ev.comparators[0].note).toMatch(/^Non-myeloablative autologous HSCT for refractory SLE/);
    expect(ev.comparators.map((c) => `${c.disease}/${c.strategy}/${c.kind}`)).toContain("mg/fcrn/chronic");
  });
  it("reads the price index and exchange rates with the values that are not as published", () => {
    const ev = readEvidence(files);
    // price-index.csv: 2015,USD,96.2,...,reconstructed; exchange-rates.csv: 2014,GBP,1.6475,...,seen and 2025,GBP,1.32,...,estimate
    expect(ev.priceIndex.get("USD")!.get(2015)).toBe(96.2);
    expect(ev.usdPer.get("GBP")!.get(2014)).toBe(1.6475);
    expect(ev.unverified.priceIndex.get("USD|2015")).toBe("reconstructed");
    expect(ev.unverified.usdPer.get("GBP|2025")).toBe("estimate");
    expect(ev.unverified.usdPer.has("GBP|2014")).toBe(false);
  });
  it("reads the parameter files in name order whatever order they are given in", () => {
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    const order = [...new Set(readEvidence(reversed).parameters.map((p) => p.file))];
    expect(order).toEqual(Object.keys(files).filter(isParameterFile).sort());
    expect(order[0]).toBe(`${D}parameters-aav.csv`);
  });
});

describe("readEvidence: rows written here", () => {
  it("reads a utility row and a cost row field by field (note may be blank; source id and price kind trimmed)", () => {
    const sle = new Edit(SLE);
    const uRow = sle.set(
      "u_active,sle,all,",
      "u_active,sle,all, 0.5 ,0.4,0.6, beta ,utility,NA,NA, seen ,ASSUMPTION,, NA ",
    );
    const cRow = sle.set(
      "c_soc_drug,sle,all,29500,",
      "c_soc_drug,sle,all,1000,500,2000,gamma,USD/year,USD,2023,calculated, ASSUMPTION ,a note, resource ",
    );
    // a fixed value needs no range; a utility a source reports below 0 is allowed
    const fRow = sle.set("u_damage,sle,all,", "u_damage,sle,all,-0.2, NA ,NA,fixed,utility,NA,NA,seen,ASSUMPTION,n,NA");
    const ev = readEvidence({ ...files, [SLE]: sle.text });
    const row = (r: number) => ev.parameters.find((p) => p.file === SLE && p.row === r)!;
    expect(row(uRow)).toEqual({
      id: "u_active",
      disease: "sle",
      strategy: "all",
      value: 0.5,
      low: 0.4,
      high: 0.6,
      distribution: "beta",
      unit: "utility",
      currency: null,
      priceYear: null,
      priceKind: null,
      status: "seen",
      sourceId: "ASSUMPTION",
      note: "",
      file: SLE,
      row: uRow,
    } satisfies ParameterRow);
    expect(row(cRow)).toMatchObject({
      id: "c_soc_drug",
      value: 1000,
      low: 500,
      high: 2000,
      currency: "USD",
      priceYear: 2023,
      priceKind: "resource",
      status: "calculated",
      sourceId: "ASSUMPTION",
      note: "a note",
    });
    expect(row(fRow)).toMatchObject({ id: "u_damage", value: -0.2, low: null, high: null, distribution: "fixed" });
  });

  it("accepts values on the bounds of their range and of low and high, price years 1950 and 2100, list and net prices", () => {
    const sle = new Edit(SLE);
    const a = sle.set("p_male,sle,all,", "p_male,sle,all,0,0,1,beta,proportion,NA,NA,seen,ASSUMPTION,n,NA");
    const b = sle.set("u_active,sle,all,", "u_active,sle,all,1,0,1,beta,utility,NA,NA,assumption,ASSUMPTION,n,NA");
    const c = sle.set(
      "c_soc_drug,sle,all,29500,",
      "c_soc_drug,sle,all,1000,1000,1000,gamma,USD/year,USD,1950,assumption,ASSUMPTION,n,list",
    );
    const d = sle.set(
      "c_soc_drug,sle,all,11583,",
      "c_soc_drug,sle,all,1000000000,0,1000000000,gamma,GBP/year,GBP,2100,assumption,ASSUMPTION,n,net",
    );
    const ev = readEvidence({ ...files, [SLE]: sle.text });
    const row = (r: number) => ev.parameters.find((p) => p.file === SLE && p.row === r)!;
    expect([row(a).value, row(a).low, row(a).high]).toEqual([0, 0, 1]);
    expect([row(b).value, row(b).low, row(b).high]).toEqual([1, 0, 1]);
    expect([row(c).priceYear, row(c).priceKind]).toEqual([1950, "list"]);
    expect([row(d).value, row(d).priceYear, row(d).priceKind, row(d).currency]).toEqual([1e9, 2100, "net", "GBP"]);
  });
});

describe("readEvidence: problems of parameter rows", () => {
  const sle = new Edit(SLE);
  const rows = {
    naValue: sle.add("p_male,sle,all,NA,0.05,1,beta,proportion,NA,NA,seen,ASSUMPTION,n,NA"),
    // NA next to a negative bound: nothing is compared with the missing number
    naValueNeg: sle.add("u_active,sle,all,NA,-0.5,-0.1,beta,utility,NA,NA,seen,ASSUMPTION,n,NA"),
    naLowNeg: sle.add("u_active,sle,all,-0.3,NA,-0.1,beta,utility,NA,NA,seen,ASSUMPTION,n,NA"),
    naHigh: sle.add("p_male,sle,all,0.1,0.05,NA,beta,proportion,NA,NA,seen,ASSUMPTION,n,NA"),
    distribution: sle.add("p_male,sle,all,0.1,0.05,0.2,weibull,proportion,NA,NA,seen,ASSUMPTION,n,NA"),
    source: sle.add("p_male,sle,all,0.1,0.05,0.2,beta,proportion,NA,NA,seen,NOPE,n,NA"),
    naLow: sle.add("f_damage0,sle,all,0.1,NA,0.2,beta,proportion,NA,NA,seen,ASSUMPTION,n,NA"),
    badFixed: sle.add("u_icans,all,all,0.1,abc,NA,fixed,utility,NA,NA,seen,ASSUMPTION,n,NA"),
    blankHigh: sle.add("p_male,sle,all,0.1,0.05, ,beta,proportion,NA,NA,seen,ASSUMPTION,,NA"),
    status: sle.add("p_male,sle,all,0.1,0.05,0.2,beta,proportion,NA,NA,guess,ASSUMPTION,n,NA"),
    id: sle.add("p_flare_typo,sle,all,0.1,0.05,0.2,beta,probability,NA,NA,seen,ASSUMPTION,n,NA"),
    disease: sle.add("p_male,lupus,all,0.1,0.05,0.2,beta,proportion,NA,NA,seen,ASSUMPTION,n,NA"),
    strategy: sle.add("p_response,sle,fcrn,0.1,0.05,0.2,beta,probability,NA,NA,seen,ASSUMPTION,n,NA"),
    lowRange: sle.add("p_male,sle,all,0.1,-0.1,0.2,beta,proportion,NA,NA,seen,ASSUMPTION,n,NA"),
    highRange: sle.add("p_male,sle,all,0.1,0,1.5,beta,proportion,NA,NA,seen,ASSUMPTION,n,NA"),
    above: sle.add("p_male,sle,all,0.3,0.05,0.2,beta,proportion,NA,NA,seen,ASSUMPTION,n,NA"),
    lowHigh: sle.add("p_male,sle,all,0.5,0.6,0.4,beta,proportion,NA,NA,seen,ASSUMPTION,n,NA"),
    negative: sle.add("u_active,sle,all,-0.1,-0.2,0.5,beta,utility,NA,NA,assumption,ASSUMPTION,n,NA"),
    perDisease: sle.add("p_male,sle,autologous,0.1,0.05,0.2,beta,proportion,NA,NA,seen,ASSUMPTION,n,NA"),
    perDiseaseAll: sle.add("p_male,all,all,0.1,0.05,0.2,beta,proportion,NA,NA,seen,ASSUMPTION,n,NA"),
    platform: sle.add("p_response,sle,soc,0.1,0.05,0.2,beta,probability,NA,NA,seen,ASSUMPTION,n,NA"),
    modelDisease: sle.add("d_crs,sle,all,14,7,28,gamma,days,NA,NA,seen,ASSUMPTION,n,NA"),
    modelStrategy: sle.add("d_crs,all,autologous,14,7,28,gamma,days,NA,NA,seen,ASSUMPTION,n,NA"),
    currency: sle.add("c_active,sle,all,10,5,20,gamma,USD/year,JPY,2020,seen,ASSUMPTION,n,resource"),
    year1949: sle.add("c_active,sle,all,10,5,20,gamma,USD/year,USD,1949,seen,ASSUMPTION,n,resource"),
    year2101: sle.add("c_active,sle,all,10,5,20,gamma,USD/year,USD,2101,seen,ASSUMPTION,n,resource"),
    yearHalf: sle.add("c_active,sle,all,10,5,20,gamma,USD/year,USD,2020.5,seen,ASSUMPTION,n,resource"),
    kind: sle.add("c_active,sle,all,10,5,20,gamma,USD/year,USD,2020,seen,ASSUMPTION,n,gross"),
    notCost: sle.add("p_male,sle,all,0.1,0.05,0.2,beta,proportion,USD,2020,seen,ASSUMPTION,n,list"),
  };
  // read inside each test: Stryker attributes only code run in a test to that test
  const problems = () => problemsOf({ [SLE]: sle.text });
  const w = (row: number, column?: string) => `${SLE} row ${row}${column ? ` column ${column}` : ""}`;

  it("NA only where a column allows it, numbers read strictly, a blank cell named", () => {
    const ps = problems();
    expect(at(ps, w(rows.naValue))).toEqual([
      { where: w(rows.naValue, "value"), message: "NA is not allowed here", value: "NA", expected: "a number" },
    ]);
    // low or high NA is allowed for fixed values only: elsewhere NA is refused (and nothing more is said)
    expect(at(ps, w(rows.naLow))).toEqual([
      { where: w(rows.naLow, "low"), message: "NA is not allowed here", value: "NA", expected: "a number" },
    ]);
    expect(at(ps, w(rows.naValueNeg))).toEqual([
      { where: w(rows.naValueNeg, "value"), message: "NA is not allowed here", value: "NA", expected: "a number" },
    ]);
    expect(at(ps, w(rows.naLowNeg))).toEqual([
      { where: w(rows.naLowNeg, "low"), message: "NA is not allowed here", value: "NA", expected: "a number" },
    ]);
    expect(at(ps, w(rows.naHigh))).toEqual([
      { where: w(rows.naHigh, "high"), message: "NA is not allowed here", value: "NA", expected: "a number" },
    ]);
    expect(at(ps, w(rows.badFixed))).toEqual([
      { where: w(rows.badFixed, "low"), message: whyNotDecimal("abc"), value: "abc", expected: "a number or NA" },
    ]);
    expect(at(ps, w(rows.blankHigh))).toEqual([
      {
        where: w(rows.blankHigh, "high"),
        message: "blank cell (write NA where a column does not apply)",
        value: " ",
        expected: "a value or NA",
      },
    ]);
  });

  it("status, id, disease and strategy are checked against their lists", () => {
    const ps = problems();
    expect(at(ps, w(rows.distribution))).toEqual([
      {
        where: w(rows.distribution, "distribution"),
        message: "unknown distribution",
        value: "weibull",
        expected: [...DISTRIBUTIONS].join(", "),
      },
    ]);
    expect(at(ps, w(rows.source))).toEqual([
      {
        where: w(rows.source, "source_id"),
        message: 'unknown source id "NOPE"',
        value: "NOPE",
        expected: "an id from sources.csv",
      },
    ]);
    expect(at(ps, w(rows.status))).toEqual([
      {
        where: w(rows.status, "status"),
        message: "unknown status",
        value: "guess",
        expected: "seen, calculated, assumption",
      },
    ]);
    expect(at(ps, w(rows.id))).toEqual([
      {
        where: w(rows.id, "id"),
        message: 'unknown parameter id "p_flare_typo"',
        value: "p_flare_typo",
        expected: "an id of src/cart/dictionary.ts",
      },
    ]);
    expect(at(ps, w(rows.disease))).toContainEqual({
      where: w(rows.disease, "disease"),
      message: "unknown disease",
      value: "lupus",
      expected: `all or one of ${DISEASES}`,
    });
    // fcrn is a comparator of MG, not of SLE
    expect(at(ps, w(rows.strategy))).toContainEqual({
      where: w(rows.strategy, "strategy"),
      message: "unknown strategy",
      value: "fcrn",
      expected: "all, one of soc, autologous, allogeneic, invivo, or a comparator of this disease in comparators.csv",
    });
  });

  it("value, low and high within the parameter's range and in order; utilities below 0 only where a source reports them", () => {
    const ps = problems();
    expect(at(ps, w(rows.lowRange))).toEqual([
      {
        where: w(rows.lowRange, "low"),
        message: "p_male is out of range",
        value: -0.1,
        expected: "a number in [0, 1]",
      },
    ]);
    expect(at(ps, w(rows.highRange))).toEqual([
      {
        where: w(rows.highRange, "high"),
        message: "p_male is out of range",
        value: 1.5,
        expected: "a number in [0, 1]",
      },
    ]);
    expect(at(ps, w(rows.above))).toEqual([
      { where: w(rows.above, "value"), message: "value is above high", value: 0.3, expected: "<= 0.2" },
    ]);
    expect(at(ps, w(rows.lowHigh))).toEqual([
      { where: w(rows.lowHigh, "value"), message: "value is below low", value: 0.5, expected: ">= 0.6" },
      { where: w(rows.lowHigh, "value"), message: "value is above high", value: 0.5, expected: "<= 0.4" },
      { where: w(rows.lowHigh, "low"), message: "low is above high", value: "0.6 > 0.4", expected: "low <= high" },
    ]);
    const utility = "a utility in [0, 1] (negative only where the source reports it)";
    expect(at(ps, w(rows.negative))).toEqual([
      { where: w(rows.negative, "value"), message: "u_active is out of range", value: -0.1, expected: utility },
      { where: w(rows.negative, "low"), message: "u_active is out of range", value: -0.2, expected: utility },
    ]);
  });

  it("each parameter in its scope: per disease, per platform, one for the whole model", () => {
    const ps = problems();
    expect(at(ps, w(rows.perDisease))).toEqual([
      {
        where: w(rows.perDisease, "strategy"),
        message: "p_male is given per disease: strategy must be all (or a comparator of the disease)",
        value: "autologous",
        expected: "all",
      },
    ]);
    expect(at(ps, w(rows.perDiseaseAll))).toEqual([
      {
        where: w(rows.perDiseaseAll, "disease"),
        message: "p_male is given per disease: name the disease",
        value: "all",
        expected: DISEASES,
      },
    ]);
    expect(at(ps, w(rows.platform))).toEqual([
      {
        where: w(rows.platform, "strategy"),
        message: "p_response is given per CAR T platform (or one-time comparator)",
        value: "soc",
        expected: "autologous, allogeneic, invivo",
      },
    ]);
    const whole = "d_crs is one value for the whole model: disease and strategy must be all";
    expect(at(ps, w(rows.modelDisease))).toEqual([
      { where: w(rows.modelDisease, "disease"), message: whole, value: "sle/all", expected: "all/all" },
    ]);
    expect(at(ps, w(rows.modelStrategy))).toEqual([
      { where: w(rows.modelStrategy, "disease"), message: whole, value: "all/autologous", expected: "all/all" },
    ]);
  });

  it("a cost needs currency, a price year from 1950 to 2100 and a price kind; anything else has NA there", () => {
    const ps = problems();
    expect(at(ps, w(rows.currency))).toEqual([
      {
        where: w(rows.currency, "currency"),
        message: "a cost needs a currency",
        value: "JPY",
        expected: "USD, GBP, EUR",
      },
    ]);
    for (const [r, y] of [
      [rows.year1949, "1949"],
      [rows.year2101, "2101"],
      [rows.yearHalf, "2020.5"],
    ] as const)
      expect(at(ps, w(r))).toEqual([
        {
          where: w(r, "price_year"),
          message: "a cost needs its price year",
          value: y,
          expected: "a year such as 2024",
        },
      ]);
    expect(at(ps, w(rows.kind))).toEqual([
      {
        where: w(rows.kind, "price_kind"),
        message: "a cost needs its price kind",
        value: "gross",
        expected: "list, net, resource",
      },
    ]);
    expect(at(ps, w(rows.notCost))).toEqual([
      {
        where: w(rows.notCost, "currency"),
        message: "p_male is not a cost: currency must be NA",
        value: "USD",
        expected: "NA",
      },
      {
        where: w(rows.notCost, "price_year"),
        message: "p_male is not a cost: price_year must be NA",
        value: "2020",
        expected: "NA",
      },
      {
        where: w(rows.notCost, "price_kind"),
        message: "p_male is not a cost: price_kind must be NA",
        value: "list",
        expected: "NA",
      },
    ]);
  });
});

describe("readEvidence: coverage of the parameter tables", () => {
  it("names duplicates (by id, disease, strategy and currency), missing parameters and parameters of another disease's structure", () => {
    // drops first, so that the rows added after them keep their numbers
    const sle = new Edit(SLE);
    sle.set("u_damage,sle,all,", null);
    // p_response for invivo: the "all" row gone and SLE's own row gone; the SLE/aHSCT row gone too
    const platforms = new Edit(PLATFORMS);
    platforms.set("p_response,all,invivo,", null);
    platforms.set("d_crs,all,all,", null);
    sle.set("p_response,sle,invivo,", null);
    sle.set("p_response,sle,ahsct,", null);
    const uRow = sle.rowOf("u_active,sle,all,");
    const cRow = sle.rowOf("c_soc_drug,sle,all,29500,");
    const dupU = sle.add("u_active,sle,all,0.5,0.4,0.6,beta,utility,NA,NA,seen,ASSUMPTION,n,NA");
    const dupC = sle.add("c_soc_drug,sle,all,1000,500,2000,gamma,USD/year,USD,2023,seen,ASSUMPTION,n,resource");
    // r_transplant belongs to the kidney structure of SLE and AAV
    const ms = new Edit(MS);
    const transplant = ms.add("r_transplant,ms,all,0.1,0.05,0.2,gamma,1/year,NA,NA,seen,ASSUMPTION,n,NA");
    const ps = problemsOf(textOf(sle, ms, platforms));
    expect(ps).toContainEqual({
      where: `${SLE} row ${dupU}`,
      message: `duplicate of ${SLE} row ${uRow} (u_active, sle, all)`,
      value: 0.5,
    });
    expect(ps).toContainEqual({
      where: `${SLE} row ${dupC}`,
      message: `duplicate of ${SLE} row ${cRow} (c_soc_drug, sle, all, USD)`,
      value: 1000,
    });
    const tables = ps.filter((p) => p.where === "parameter tables");
    expect(tables).toEqual([
      {
        where: "parameter tables",
        message: "missing required parameter u_damage for disease sle",
        expected: "a row u_damage,sle,all,...",
      },
      {
        where: "parameter tables",
        message: "missing required parameter p_response for platform invivo",
        expected: "a row p_response,all,invivo,... (or one per disease)",
      },
      {
        where: "parameter tables",
        message: "missing required parameter p_response for comparator ahsct (sle)",
        expected: "a row p_response,sle,ahsct,...",
      },
      { where: "parameter tables", message: "missing required parameter d_crs", expected: "a row d_crs,all,all,..." },
    ]);
    expect(at(ps, `${MS} row ${transplant}`)).toEqual([
      {
        where: `${MS} row ${transplant} column disease`,
        message: "r_transplant belongs to the state structure of sle, aav only; no other model reads it",
        value: "ms",
        expected: "sle or aav",
      },
    ]);
  });

  it("a one-time comparator may leave out the unit costs it shares with CAR T (c_icu, c_ivig), not its other platform parameters", () => {
    // The shipped tables have no c_icu or c_ivig row for aHSCT (it reads CAR T's autologous rows);
    // p_icu (how often aHSCT patients need intensive care) is its own and still required.
    expect(files[SLE]).not.toMatch(/^c_icu,sle,ahsct,/m);
    expect(files[SLE]).not.toMatch(/^c_ivig,sle,ahsct,/m);
    const sle = new Edit(SLE);
    sle.set("p_icu,sle,ahsct,", null);
    expect(problemsOf(textOf(sle)).filter((p) => p.where === "parameter tables")).toEqual([
      {
        where: "parameter tables",
        message: "missing required parameter p_icu for comparator ahsct (sle)",
        expected: "a row p_icu,sle,ahsct,...",
      },
    ]);
  });

  it("a platform parameter given per disease for every disease needs no row for all diseases", () => {
    // every disease table has its own p_response,<disease>,invivo row (data/cart/parameters-*.csv)
    const platforms = new Edit(PLATFORMS);
    platforms.set("p_response,all,invivo,", null);
    const ev = readEvidence({ ...files, ...textOf(platforms) });
    expect(ev.parameters.filter((p) => p.id === "p_response" && p.strategy === "invivo")).toHaveLength(6);
  });

  it("parameterFiles names the tables to read: none, or one that is not there, is a problem", () => {
    expect(problemsOf({}, { parameterFiles: [] })[0]).toEqual({
      where: "data/cart/parameters-*.csv",
      message: "no parameter tables",
    });
    const ps = problemsOf({}, { parameterFiles: [SLE, "mine.csv", "constructor"] });
    expect(ps).toContainEqual({ where: "mine.csv", message: "no such parameter table" });
    expect(ps).toContainEqual({ where: "constructor", message: "no such parameter table" });
  });
});

describe("readEvidence: sources, decision problems and comparators", () => {
  it("a missing sources table is one problem, and source ids are then not checked", () => {
    const rest = { ...files };
    delete rest[`${D}sources.csv`];
    const e = modelError(() => readEvidence(rest));
    expect(e.problems).toEqual([{ where: "data/cart/sources.csv", message: "the sources table is missing" }]);
    expect(e.message).toMatch(/^invalid evidence tables: /);
  });

  it("names blank and duplicate source ids and blank citations; reads optional columns as empty", () => {
    const sources = new Edit(`${D}sources.csv`);
    const blank = sources.add(" ,A citation,NA,kind,via,note");
    const dup = sources.add("ASSUMPTION,Again,NA,kind,via,note");
    const noCitation = sources.add("NEWSRC, ,NA,kind,via,note");
    const ps = problemsOf(textOf(sources));
    const f = `${D}sources.csv`;
    expect(ps).toEqual([
      { where: `${f} row ${blank} column id`, message: "blank cell", value: " ", expected: "a source id" },
      { where: `${f} row ${dup} column id`, message: "duplicate source id", value: "ASSUMPTION" },
      { where: `${f} row ${noCitation} column citation`, message: "blank cell", value: " ", expected: "a citation" },
    ]);
    // a sources table of id and citation only: url, kind and note are empty
    const lines = linesOf(f).map((l) => l.split(",").slice(0, 1).join(",") + ",c");
    lines[0] = "id,citation";
    const ev = readEvidence({ ...files, [f]: lines.join("\n") + "\n" });
    expect(ev.sources.get("MULLER2024")).toEqual({ id: "MULLER2024", citation: "c", url: "", kind: "", note: "" });
  });

  it("names a missing decision-problem table, blank cells, duplicate diseases and unknown source ids", () => {
    const rest = { ...files };
    delete rest[`${D}diseases.csv`];
    expect(modelError(() => readEvidence(rest)).problems[0]).toEqual({
      where: "data/cart/diseases.csv",
      message: "the decision-problem table is missing",
    });
    const f = `${D}diseases.csv`;
    const diseases = new Edit(f);
    const blank = diseases.add("sle2, ,Pop,Comp,NA,NA,,,,ASSUMPTION");
    const dup = diseases.add("ms,L,Pop,Comp,NA,NA,,,,ASSUMPTION");
    const unknown = diseases.add("ms3,L,Pop,Comp,NA,NA,,,, NOPE ; ;ASSUMPTION");
    const ps = problemsOf(textOf(diseases));
    expect(at(ps, `${f} row ${blank}`)).toEqual([
      { where: `${f} row ${blank} column label`, message: "blank cell", value: " " },
    ]);
    expect(at(ps, `${f} row ${dup}`)).toEqual([
      { where: `${f} row ${dup} column disease`, message: "duplicate disease", value: "ms" },
    ]);
    expect(at(ps, `${f} row ${unknown}`)).toEqual([
      {
        where: `${f} row ${unknown} column source_ids`,
        message: 'unknown source id "NOPE"',
        value: "NOPE",
        expected: "an id from sources.csv",
      },
    ]);
  });

  it("reads a decision problem's fields, notes and source ids; optional columns are empty when absent", () => {
    const f = `${D}diseases.csv`;
    const diseases = new Edit(f);
    diseases.set("sle,", "sle,Label S,Pop P,Comp C,Damage D,Remission R,bnote,anote,snote, ASSUMPTION ; ;MULLER2024");
    const sle = readEvidence({ ...files, ...textOf(diseases) }).diseases.find((d) => d.disease === "sle")!;
    expect({ ...sle, notes: { ...sle.notes } }).toEqual({
      disease: "sle",
      label: "Label S",
      population: "Pop P",
      comparator: "Comp C",
      damageState: "Damage D",
      remissionDefinition: "Remission R",
      notes: { baseline_damage_note: "bnote", age_note: "anote", sex_note: "snote" },
      sourceIds: ["ASSUMPTION", "MULLER2024"],
    });
    const bare = ["disease,label,population,comparator", ...DISEASES.split(", ").map((d) => `${d},L,P,C`)];
    const ev = readEvidence({ ...files, [f]: bare.join("\n") + "\n" });
    expect(ev.diseases[0]).toEqual({
      disease: "sle",
      label: "L",
      population: "P",
      comparator: "C",
      damageState: "",
      remissionDefinition: "",
      notes: {},
      sourceIds: [],
    });
  });

  it("names blank cells, unknown diseases, strategy ids that are not new, duplicates and unknown kinds of comparators", () => {
    const f = `${D}comparators.csv`;
    const c = new Edit(f);
    const rows = {
      blank: c.add("sle,newcomp, ,chronic,n,ASSUMPTION"),
      blankDisease: c.add(",newcomp2,L,chronic,n,ASSUMPTION"),
      disease: c.add("lupus,newcomp3,L,chronic,n,ASSUMPTION"),
      platform: c.add("sle,autologous,L,chronic,n,ASSUMPTION"),
      upper: c.add("sle,Newcomp,L,chronic,n,ASSUMPTION"),
      digit: c.add("sle,1comp,L,chronic,n,ASSUMPTION"),
      dash: c.add("sle,new-comp,L,chronic,n,ASSUMPTION"),
      dup: c.add("sle,ahsct,L,one-time,n,ASSUMPTION"),
      kind: c.add("sle,newcomp4,L,lifelong,n,ASSUMPTION"),
      source: c.add("sle,newcomp5,L,chronic,n,NOPE"),
      fine: c.add("ms,new_comp2,L,chronic,n,ASSUMPTION"),
    };
    const ps = problemsOf(textOf(c));
    const w = (r: number, col: string) => `${f} row ${r} column ${col}`;
    const notNew = (r: number, value: string) => ({
      where: w(r, "strategy"),
      message: "not a new strategy id",
      value,
      expected: "lower-case letters, digits and _, other than soc, autologous, allogeneic, invivo",
    });
    expect(at(ps, `${f} row ${rows.blank}`)).toEqual([
      { where: w(rows.blank, "label"), message: "blank cell", value: " " },
    ]);
    expect(at(ps, `${f} row ${rows.blankDisease}`)).toEqual([
      { where: w(rows.blankDisease, "disease"), message: "blank cell", value: "" },
    ]);
    expect(at(ps, `${f} row ${rows.disease}`)).toEqual([
      { where: w(rows.disease, "disease"), message: "unknown disease", value: "lupus", expected: DISEASES },
    ]);
    expect(at(ps, `${f} row ${rows.platform}`)).toEqual([notNew(rows.platform, "autologous")]);
    expect(at(ps, `${f} row ${rows.upper}`)).toEqual([notNew(rows.upper, "Newcomp")]);
    expect(at(ps, `${f} row ${rows.digit}`)).toEqual([notNew(rows.digit, "1comp")]);
    expect(at(ps, `${f} row ${rows.dash}`)).toEqual([notNew(rows.dash, "new-comp")]);
    expect(at(ps, `${f} row ${rows.dup}`)).toEqual([
      { where: w(rows.dup, "strategy"), message: "duplicate comparator", value: "ahsct" },
    ]);
    expect(at(ps, `${f} row ${rows.kind}`)).toEqual([
      { where: w(rows.kind, "kind"), message: "unknown kind", value: "lifelong", expected: "chronic, one-time" },
    ]);
    expect(at(ps, `${f} row ${rows.source}`)).toEqual([
      {
        where: w(rows.source, "source_ids"),
        message: 'unknown source id "NOPE"',
        value: "NOPE",
        expected: "an id from sources.csv",
      },
    ]);
    expect(at(ps, `${f} row ${rows.fine}`)).toEqual([]);
  });

  it("without a comparator table, the comparators' parameter rows are unknown strategies", () => {
    const rest = { ...files };
    delete rest[`${D}comparators.csv`];
    const ps = modelError(() => readEvidence(rest)).problems;
    expect(ps.some((p) => p.where.includes("comparators.csv"))).toBe(false);
    // data/cart/parameters-graves.csv (read before the MS and SLE tables) has rows for the radioiodine comparator
    expect(ps).toContainEqual(expect.objectContaining({ message: "unknown strategy", value: "radioiodine" }));
  });
});

describe("readEvidence: the columns each table needs", () => {
  it("a table without a required column is named with the columns it needs", () => {
    const cases: Array<[string, string, string, string]> = [
      ["sources.csv", "id,url_or_doi", "missing column citation", "id, citation"],
      [
        "diseases.csv",
        "disease,label",
        "missing columns population, comparator",
        "disease, label, population, comparator",
      ],
      [
        "comparators.csv",
        "disease,strategy",
        "missing columns label, kind, note, source_ids",
        "disease, strategy, label, kind, note, source_ids",
      ],
      ["price-index.csv", "year,currency,series", "missing column index", "year, currency, index"],
      ["exchange-rates.csv", "year,currency", "missing column usd_per_unit", "year, currency, usd_per_unit"],
    ];
    for (const [name, header, message, columns] of cases) {
      const ps = problemsOf({ [`${D}${name}`]: header + "\n" });
      expect(ps, name).toContainEqual({
        where: `${D}${name} row 1`,
        message,
        value: header,
        expected: `the columns ${columns}`,
      });
    }
  });
});

describe("readEvidence: price index and exchange rates", () => {
  it("names each problem of a row: year, currency, value, source, status and duplicates", () => {
    const f = `${D}price-index.csv`;
    const t = new Edit(f);
    const rows = {
      year: t.add("20x5,USD,100,s,BEA_PCE_HEALTH,seen"),
      currency: t.add("2030,JPY,100,s,BEA_PCE_HEALTH,seen"),
      zero: t.add("2031,USD,0,s,BEA_PCE_HEALTH,seen"),
      text: t.add("2032,USD,abc,s,BEA_PCE_HEALTH,seen"),
      source: t.add("2033,USD,100,s,NOPE,seen"),
      status: t.add("2034,USD,100,s,BEA_PCE_HEALTH,guess"),
      dup: t.add("2020,USD,123,s,BEA_PCE_HEALTH,seen"),
    };
    const ps = problemsOf(textOf(t));
    const w = (r: number) => `${f} row ${r}`;
    expect(at(ps, w(rows.year))).toEqual([
      { where: `${w(rows.year)} column year`, message: "not a year", value: "20x5" },
    ]);
    expect(at(ps, w(rows.currency))).toEqual([
      {
        where: `${w(rows.currency)} column currency`,
        message: "unknown currency",
        value: "JPY",
        expected: "USD, GBP, EUR",
      },
    ]);
    expect(at(ps, w(rows.zero))).toEqual([
      {
        where: `${w(rows.zero)} column index`,
        message: "must be a positive number",
        value: "0",
        expected: "a positive number",
      },
    ]);
    expect(at(ps, w(rows.text))).toEqual([
      {
        where: `${w(rows.text)} column index`,
        message: whyNotDecimal("abc"),
        value: "abc",
        expected: "a positive number",
      },
    ]);
    expect(at(ps, w(rows.source))).toEqual([
      { where: `${w(rows.source)} column source_id`, message: 'unknown source id "NOPE"', value: "NOPE" },
    ]);
    expect(at(ps, w(rows.status))).toEqual([
      {
        where: `${w(rows.status)} column status`,
        message: "unknown status",
        value: "guess",
        expected: "seen, reconstructed, extrapolated, estimate",
      },
    ]);
    // price-index.csv already has 2020,USD,105.0
    expect(at(ps, w(rows.dup))).toEqual([
      { where: w(rows.dup), message: "duplicate price index for USD 2020", value: "123" },
    ]);
  });

  it("names a missing table; a table without source_id and status columns reads with nothing unverified", () => {
    for (const [name, what] of [
      ["price-index.csv", "price index"],
      ["exchange-rates.csv", "exchange rate"],
    ]) {
      const rest = { ...files };
      delete rest[`${D}${name}`];
      expect(modelError(() => readEvidence(rest)).problems).toEqual([
        { where: `data/cart/${name}`, message: `the ${what} table is missing` },
      ]);
    }
    const ev = readEvidence({
      ...files,
      [`${D}price-index.csv`]: "year,currency,index\n2020,USD,100\n2024,GBP,120\n",
      [`${D}exchange-rates.csv`]: "year,currency,usd_per_unit\n2020,GBP,1.25\n",
    });
    expect([...ev.priceIndex.get("USD")!]).toEqual([[2020, 100]]);
    expect([...ev.priceIndex.get("GBP")!]).toEqual([[2024, 120]]);
    expect([...ev.usdPer.get("GBP")!]).toEqual([[2020, 1.25]]);
    expect(ev.unverified.priceIndex.size + ev.unverified.usdPer.size).toBe(0);
  });
});

/** A parameter row made here (only the fields rowsFor reads matter). */
function row(
  id: string,
  disease: string,
  strategy: string,
  currency: "USD" | "GBP" | null,
  value: number,
): ParameterRow {
  return {
    id,
    disease,
    strategy,
    value,
    low: null,
    high: null,
    distribution: "fixed",
    unit: "",
    currency,
    priceYear: null,
    priceKind: null,
    status: "assumption",
    sourceId: "X",
    note: "",
    file: "f.csv",
    row: value,
  };
}

describe("rowsFor(evidence, disease, currency)", () => {
  const diseases = ["sle", "ms"].map((d) => ({ disease: d })) as Evidence["diseases"];
  it("takes the disease's own row over a row for all diseases, then the preferred currency, then the first", () => {
    const parameters = [
      row("c_x", "all", "autologous", "USD", 1),
      row("c_x", "sle", "autologous", "GBP", 2),
      row("c_x", "ms", "autologous", "USD", 3),
      row("c_x", "all", "invivo", "GBP", 4),
      row("c_x", "all", "invivo", "USD", 5),
      row("c_x", "all", "invivo", "USD", 6), // a tie: the first stays
      row("p_y", "all", "all", null, 7),
      row("p_y", "sle", "all", null, 8),
      row("p_y", "sle", "all", null, 9),
      row("c_z", "ms", "all", "GBP", 10), // another disease's row in the preferred currency is not read
      row("c_z", "all", "all", "USD", 11),
      row("c_w", "ms", "all", null, 12), // nor a parameter only another disease has
    ];
    const ev = { diseases, parameters } as Evidence;
    const pick = (d: string, c: "USD" | "GBP") =>
      Object.fromEntries([...rowsFor(ev, d, c)].map(([k, r]) => [k, r.value]));
    // sle, USD: c_x/autologous: the SLE row (score 2) beats all/USD (score 1); invivo: USD (1) over GBP (0)
    expect(pick("sle", "USD")).toEqual({ "c_x|autologous": 2, "c_x|invivo": 5, "p_y|all": 8, "c_z|all": 11 });
    expect(pick("sle", "GBP")).toEqual({ "c_x|autologous": 2, "c_x|invivo": 4, "p_y|all": 8, "c_z|all": 11 });
    // ms: its own autologous row; SLE's rows are not read
    expect(pick("ms", "GBP")).toEqual({
      "c_x|autologous": 3,
      "c_x|invivo": 4,
      "p_y|all": 7,
      "c_z|all": 10,
      "c_w|all": 12,
    });
  });
  it("refuses an unknown disease, naming the diseases there are", () => {
    const ev = { diseases, parameters: [] as ParameterRow[] } as Evidence;
    const e = modelError(() => rowsFor(ev, "lupus", "USD"));
    expect(e.problems).toEqual([
      { where: "disease", message: 'unknown disease "lupus"', value: "lupus", expected: "sle, ms" },
    ]);
  });
});

describe("convertCost(evidence, amount, from, to, where)", () => {
  // Hand-made tables: 1 GBP = 1.25 USD and 1 EUR = 1.1 USD in 2020; US index 100 (2020), 110 (2024),
  // UK index 80 (2020), 96 (2024). The UK 2024 index and the 2020 euro rate are marked as not published.
  const ev = {
    usdPer: new Map([
      ["USD", new Map()],
      ["GBP", new Map([[2020, 1.25]])],
      ["EUR", new Map([[2020, 1.1]])],
    ]),
    priceIndex: new Map([
      [
        "USD",
        new Map([
          [2020, 100],
          [2024, 110],
        ]),
      ],
      [
        "GBP",
        new Map([
          [2020, 80],
          [2024, 96],
        ]),
      ],
    ]),
    unverified: { usdPer: new Map([["EUR|2020", "estimate"]]), priceIndex: new Map([["GBP|2024", "extrapolated"]]) },
  } as unknown as Evidence;

  it("converts at the row's year, then inflates a resource cost within the target currency", () => {
    // 100 GBP of 2020 = 125 USD of 2020; × 110/100 = 137.5 USD of 2024
    const r = convertCost(
      ev,
      100,
      { currency: "GBP", year: 2020, priceKind: "resource" },
      { currency: "USD", year: 2024 },
      "w",
    );
    expect(r.value).toBeCloseTo(137.5, 10);
    expect(r.factor).toBeCloseTo(1.375, 12);
    expect(r.inflated).toBe(true);
    expect(r.unverified).toEqual([]);
    // 100 EUR of 2020 = 110 USD = 88 GBP of 2020 (÷ 1.25); × 96/80 = 105.6 GBP of 2024; both marks named
    const e = convertCost(ev, 100, { currency: "EUR", year: 2020 }, { currency: "GBP", year: 2024 }, "w");
    expect(e.value).toBeCloseTo(105.6, 10);
    expect(e.unverified).toEqual(["exchange rate EUR 2020 (estimate)", "price index GBP 2024 (extrapolated)"]);
  });

  it("does not inflate list and net prices, nor anything within its own year", () => {
    for (const priceKind of ["list", "net"] as const) {
      const r = convertCost(ev, 100, { currency: "GBP", year: 2020, priceKind }, { currency: "USD", year: 2024 }, "w");
      expect(r.value, priceKind).toBeCloseTo(125, 10);
      expect(r.inflated).toBe(false);
    }
    const same = convertCost(ev, 100, { currency: "USD", year: 2020 }, { currency: "GBP", year: 2020 }, "w");
    expect(same.value).toBeCloseTo(80, 10); // 100 / 1.25
    expect(same.inflated).toBe(false);
  });

  it("names the missing exchange rate or price index and the place of the cost", () => {
    const noRate = modelError(() =>
      convertCost(ev, 1, { currency: "EUR", year: 2019 }, { currency: "USD", year: 2019 }, "row 7"),
    );
    expect(noRate.problems).toEqual([
      {
        where: "row 7",
        message: "no exchange rate for EUR in 2019",
        value: "EUR 2019",
        expected: "a row in data/cart/exchange-rates.csv",
      },
    ]);
    const noIndex = modelError(() =>
      convertCost(ev, 1, { currency: "USD", year: 2020 }, { currency: "USD", year: 2023 }, "row 8"),
    );
    expect(noIndex.problems).toEqual([
      {
        where: "row 8",
        message: "no price index for USD in 2023",
        value: "USD 2023",
        expected: "a row in data/cart/price-index.csv",
      },
    ]);
  });

  it("converts within one currency without its exchange rate, and names a currency with no table at all", () => {
    // GBP has no exchange rate for 2024 here; a 2024 list price in GBP stays 100 GBP
    expect(convertCost(ev, 100, { currency: "GBP", year: 2024 }, { currency: "GBP", year: 2024 }, "w").value).toBe(100);
    const none = { usdPer: new Map(), priceIndex: new Map(), unverified: ev.unverified } as unknown as Evidence;
    const first = (f: () => unknown) => modelError(f).problems[0].message;
    expect(
      first(() => convertCost(none, 1, { currency: "GBP", year: 2020 }, { currency: "USD", year: 2020 }, "r")),
    ).toBe("no exchange rate for GBP in 2020");
    expect(
      first(() => convertCost(none, 1, { currency: "USD", year: 2020 }, { currency: "USD", year: 2024 }, "r")),
    ).toBe("no price index for USD in 2024");
  });

  it("works on evidence read before values were marked (no unverified tables)", () => {
    const old = { usdPer: ev.usdPer, priceIndex: ev.priceIndex } as Evidence;
    const r = convertCost(old, 100, { currency: "EUR", year: 2020 }, { currency: "GBP", year: 2024 }, "w");
    expect(r.value).toBeCloseTo(105.6, 10);
    expect(r.unverified).toEqual([]);
  });
});
