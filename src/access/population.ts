/**
 * Eligible population and uptake for the budget-impact and access analysis (ISPOR budget-impact
 * good practice, Sullivan et al. 2014: eligible population, treatment mix, uptake). Pure functions
 * over the texts of data/access/*.csv; reading files is done by load.ts.
 */
import { csvParse } from "d3-dsv";
import { ModelError, Problems } from "../model/errors.js";
import { parseDecimal, whyNotDecimal } from "../model/io/number.js";
import { stripBom } from "../model/io/text.js";
import { PLATFORMS, type PlatformId } from "../cart/dictionary.js";
import { exp } from "../model/math.js";
import { BUDGET_SETTING_RANGES as R, rangeProblem } from "./ranges.js";

/** One row of data/access/population.csv: a disease in a jurisdiction. */
export interface PopulationRow {
  disease: string;
  jurisdiction: string;
  /** Residents (persons). */
  population: number;
  /** Diagnosed patients per 100,000 residents. */
  prevalencePer100k: number;
  /** New diagnoses per 100,000 residents per year. */
  incidencePer100kYear: number;
  /** Share refractory to standard therapy (proportion). */
  refractoryShare: number;
  /** Share of refractory patients eligible for CAR T (fit, no exclusion; proportion). */
  eligibleShare: number;
  status: string;
  sourceId: string;
  note: string;
}

/** One row of data/access/capacity.csv: treatment capacity of a platform in a jurisdiction. */
export interface CapacityRow {
  platform: PlatformId;
  jurisdiction: string;
  /** Manufacturing slots per year in year 1 (patients starting manufacture; Infinity: unlimited). */
  manufacturingPerYear: number;
  /** Patients treatment centres can start per year in year 1 (apheresis/conditioning; Infinity: unlimited). */
  centrePerYear: number;
  /** Annual growth of both capacities (0.2 = +20% a year). */
  growthPerYear: number;
  status: string;
  sourceId: string;
  note: string;
}

/** One row of data/access/thresholds.csv: an affordability threshold with its year and source. */
export interface ThresholdRow {
  jurisdiction: string;
  kind: string;
  /** Net annual budget impact that triggers an affordability alert (currency units per year). */
  amount: number;
  currency: string;
  year: number;
  /**
   * Whether the threshold moves with prices ("yes": inflated to the analysis's price year with the
   * price index, as ICER recomputes its threshold each period) or is a fixed cash amount ("no": NHS
   * England's GBP 20 million test, unchanged since 2017, compared as it stands).
   */
  uprated: boolean;
  status: string;
  sourceId: string;
  note: string;
}

export interface AccessData {
  population: PopulationRow[];
  capacity: CapacityRow[];
  thresholds: ThresholdRow[];
  /** Source id -> citation (data/access/sources.csv). */
  sources: Map<string, string>;
}

export const ACCESS_FILES = {
  population: "data/access/population.csv",
  capacity: "data/access/capacity.csv",
  thresholds: "data/access/thresholds.csv",
  sources: "data/access/sources.csv",
} as const;

type Row = Record<string, string | undefined>;

function table(text: string, file: string, columns: string[], problems: Problems): Row[] {
  const rows = csvParse(stripBom(text));
  const missing = columns.filter((c) => !rows.columns.includes(c));
  if (missing.length)
    problems.add(`${file} row 1`, `missing column(s) ${missing.join(", ")}`, rows.columns.join(","), columns.join(","));
  return missing.length ? [] : (rows as unknown as Row[]);
}

function numberCell(
  r: Row,
  col: string,
  where: string,
  problems: Problems,
  min: number,
  max: number,
  range: string,
  allowInf = false,
): number {
  const cell = (r[col] ?? "").trim();
  if (allowInf && /^(inf|infinity|unlimited)$/i.test(cell)) return Infinity;
  const x = parseDecimal(cell);
  if (x === undefined) {
    problems.add(`${where} column ${col}`, whyNotDecimal(cell), cell, range);
    return NaN;
  }
  if (x < min || x > max) problems.add(`${where} column ${col}`, "out of range", x, range);
  return x;
}

/** Reads the access tables; every problem is listed (file, row, column, value, expected range) before anything is returned. */
export function readAccessData(files: Record<string, string>): AccessData {
  const problems = new Problems();
  const text = (k: keyof typeof ACCESS_FILES) => {
    const t = files[ACCESS_FILES[k]];
    if (t === undefined)
      throw new ModelError({ where: ACCESS_FILES[k], message: "file missing from the access tables" });
    return t;
  };
  const population = populationRows(text("population"), problems);
  const capacity = capacityRows(text("capacity"), problems);
  const thresholds = thresholdRows(text("thresholds"), problems);
  const sources = new Map<string, string>();
  for (const r of table(text("sources"), ACCESS_FILES.sources, ["id", "citation"], problems))
    sources.set((r.id ?? "").trim(), r.citation ?? "");
  for (const [file, rows] of [
    [ACCESS_FILES.population, population],
    [ACCESS_FILES.capacity, capacity],
    [ACCESS_FILES.thresholds, thresholds],
  ] as const) {
    rows.forEach((r, i) => {
      for (const id of r.sourceId
        .split(";")
        .map((s) => s.trim())
        .filter(Boolean))
        if (!sources.has(id))
          problems.add(`${file} row ${i + 2} column source_id`, "source not in data/access/sources.csv", id);
    });
  }
  problems.throwIfAny("access tables");
  return { population, capacity, thresholds, sources };
}

/** data/access/population.csv: residents, prevalence, incidence and the refractory and eligible shares. */
function populationRows(text: string, problems: Problems): PopulationRow[] {
  const columns = [
    "disease",
    "jurisdiction",
    "population",
    "prevalence_per_100k",
    "incidence_per_100k_year",
    "refractory_share",
    "eligible_share",
    "status",
    "source_id",
    "note",
  ];
  return table(text, ACCESS_FILES.population, columns, problems).map((r, i) => {
    const w = `${ACCESS_FILES.population} row ${i + 2}`;
    return {
      disease: (r.disease ?? "").trim(),
      jurisdiction: (r.jurisdiction ?? "").trim(),
      population: numberCell(r, "population", w, problems, 0, 1e10, "a number of persons >= 0"),
      prevalencePer100k: numberCell(
        r,
        "prevalence_per_100k",
        w,
        problems,
        0,
        1e5,
        "patients per 100,000 in [0, 100000]",
      ),
      incidencePer100kYear: numberCell(
        r,
        "incidence_per_100k_year",
        w,
        problems,
        0,
        1e5,
        "new patients per 100,000 per year in [0, 100000]",
      ),
      refractoryShare: numberCell(r, "refractory_share", w, problems, 0, 1, "a proportion in [0, 1]"),
      eligibleShare: numberCell(r, "eligible_share", w, problems, 0, 1, "a proportion in [0, 1]"),
      status: r.status ?? "",
      sourceId: r.source_id ?? "",
      note: r.note ?? "",
    };
  });
}

/** data/access/capacity.csv: manufacturing and centre capacity per platform and jurisdiction, and its growth. */
function capacityRows(text: string, problems: Problems): CapacityRow[] {
  const columns = [
    "platform",
    "jurisdiction",
    "manufacturing_per_year",
    "centre_per_year",
    "growth_per_year",
    "status",
    "source_id",
    "note",
  ];
  return table(text, ACCESS_FILES.capacity, columns, problems).map((r, i) => {
    const w = `${ACCESS_FILES.capacity} row ${i + 2}`;
    const platform = (r.platform ?? "").trim();
    if (!(PLATFORMS as readonly string[]).includes(platform))
      problems.add(`${w} column platform`, "unknown platform", platform, PLATFORMS.join(", "));
    return {
      platform: platform as PlatformId,
      jurisdiction: (r.jurisdiction ?? "").trim(),
      manufacturingPerYear: numberCell(
        r,
        "manufacturing_per_year",
        w,
        problems,
        0,
        Infinity,
        "patients per year >= 0 or 'unlimited'",
        true,
      ),
      centrePerYear: numberCell(
        r,
        "centre_per_year",
        w,
        problems,
        0,
        Infinity,
        "patients started per year >= 0 or 'unlimited'",
        true,
      ),
      growthPerYear: numberCell(r, "growth_per_year", w, problems, -1, 10, "an annual growth in [-1, 10]"),
      status: r.status ?? "",
      sourceId: r.source_id ?? "",
      note: r.note ?? "",
    };
  });
}

/** The `uprated` cell of thresholds.csv: "yes" or "no" (a blank or any other word is a problem, not a default). */
function upratedCell(cell: string | undefined, where: string, problems: Problems): boolean {
  const v = (cell ?? "").trim();
  if (v !== "yes" && v !== "no") problems.add(`${where} column uprated`, "not yes or no", cell ?? "", "yes or no");
  return v === "yes";
}

/** data/access/thresholds.csv: the affordability threshold of each jurisdiction. */
function thresholdRows(text: string, problems: Problems): ThresholdRow[] {
  const columns = ["jurisdiction", "kind", "amount", "currency", "year", "uprated", "status", "source_id", "note"];
  return table(text, ACCESS_FILES.thresholds, columns, problems).map((r, i) => {
    const w = `${ACCESS_FILES.thresholds} row ${i + 2}`;
    return {
      jurisdiction: (r.jurisdiction ?? "").trim(),
      kind: r.kind ?? "",
      amount: numberCell(r, "amount", w, problems, 0, Infinity, "an amount per year >= 0"),
      currency: (r.currency ?? "").trim(),
      year: numberCell(r, "year", w, problems, 1990, 2100, "a year"),
      uprated: upratedCell(r.uprated, w, problems),
      status: r.status ?? "",
      sourceId: r.source_id ?? "",
      note: r.note ?? "",
    };
  });
}

/** Eligible patients of a disease in a jurisdiction: prevalent at the start and incident per year. */
export interface EligiblePopulation {
  prevalent: number;
  incidentPerYear: number;
  row: PopulationRow;
}

/**
 * prevalent = population x prevalence/100,000 x refractory share x eligible share;
 * incident per year = population x incidence/100,000 x refractory share x eligible share.
 */
export function eligiblePopulation(data: AccessData, disease: string, jurisdiction: string): EligiblePopulation {
  const row = data.population.find((r) => r.disease === disease && r.jurisdiction === jurisdiction);
  if (!row) {
    throw new ModelError({
      where: `${ACCESS_FILES.population}`,
      message: `no row for disease ${disease} in jurisdiction ${jurisdiction}`,
      expected: data.population.map((r) => `${r.disease}/${r.jurisdiction}`).join(", "),
    });
  }
  const share = row.refractoryShare * row.eligibleShare;
  return {
    prevalent: (row.population * row.prevalencePer100k * share) / 1e5,
    incidentPerYear: (row.population * row.incidencePer100kYear * share) / 1e5,
    row,
  };
}

/**
 * Uptake: the cumulative share of the eligible population (prevalent at the start plus incident so
 * far) that has asked for CAR T by time t (years since launch). htaBIM's curve shapes:
 * constant u(t) = level; linear u(t) = start + (level - start) min(1, t / rampYears);
 * logistic u(t) = level / (1 + exp(-slope (t - midpoint))); step u(t) = start before stepYear, level from it.
 */
export type UptakeCurve =
  | { shape: "constant"; level: number }
  | { shape: "linear"; start: number; level: number; rampYears: number }
  | { shape: "logistic"; level: number; midpoint: number; slope: number }
  | { shape: "step"; start: number; level: number; stepYear: number };

export const DEFAULT_UPTAKE: UptakeCurve = { shape: "logistic", level: 0.5, midpoint: 3, slope: 1.2 };

export function checkUptake(u: UptakeCurve, where = "uptake", problems = new Problems()): Problems {
  const share = (k: string, x: number) => {
    const why = rangeProblem("uptakeLevel", x);
    if (why) problems.add(`${where}.${k}`, `uptake share ${why.message}`, x, `${why.expected} (0% to 100%)`);
  };
  // Years beyond R.uptakeTiming.max (100) mean nothing in a budget of at most 15 years; a steepness
  // beyond R.uptakeSlope is a step (1e300 gave no patient at all, without a word).
  const T = R.uptakeTiming.max;
  const late = (k: string, x: number, interval = `[0, ${T}]`) => {
    if (Math.abs(x) > T) problems.add(`${where}.${k}`, "out of range", x, `years in ${interval}`);
  };
  if (u.shape === "constant") share("level", u.level);
  else if (u.shape === "linear") {
    share("start", u.start);
    share("level", u.level);
    if (!(u.rampYears > 0)) problems.add(`${where}.rampYears`, "ramp must be positive", u.rampYears, "years > 0");
    else late("rampYears", u.rampYears, `(0, ${T}]`);
  } else if (u.shape === "logistic") {
    share("level", u.level);
    if (!Number.isFinite(u.midpoint)) problems.add(`${where}.midpoint`, "not a number", u.midpoint, "years");
    else late("midpoint", u.midpoint, `[-${T}, ${T}]`);
    if (!(u.slope > 0)) problems.add(`${where}.slope`, "slope must be positive", u.slope, "per year > 0");
    else {
      const why = rangeProblem("uptakeSlope", u.slope);
      if (why) problems.add(`${where}.slope`, why.message, u.slope, why.expected);
    }
  } else if (u.shape === "step") {
    share("start", u.start);
    share("level", u.level);
    if (!(u.stepYear >= 0)) problems.add(`${where}.stepYear`, "step year must be >= 0", u.stepYear, "years >= 0");
    else late("stepYear", u.stepYear);
  } else
    problems.add(
      `${where}.shape`,
      "unknown uptake curve",
      (u as { shape: string }).shape,
      "constant, linear, logistic or step",
    );
  return problems;
}

/** u(t) for t in years since launch. */
export function uptakeAt(u: UptakeCurve, t: number): number {
  switch (u.shape) {
    case "constant":
      return u.level;
    case "linear":
      return u.start + (u.level - u.start) * Math.min(1, t / u.rampYears);
    case "logistic":
      return u.level / (1 + exp(-u.slope * (t - u.midpoint)));
    case "step":
      return t < u.stepYear ? u.start : u.level;
  }
}

/** The numbers of each uptake curve's text, in order (what `--uptake` and a link write after the shape). */
const UPTAKE_NUMBERS: Record<UptakeCurve["shape"], string[]> = {
  constant: ["LEVEL"],
  linear: ["START", "LEVEL", "RAMP_YEARS"],
  logistic: ["LEVEL", "MIDPOINT", "SLOPE"],
  step: ["START", "LEVEL", "YEAR"],
};

/** Reads an uptake curve from CLI or link text: `constant:0.5`, `linear:0.1,0.6,5`, `logistic:0.5,3,1.2`, `step:0,0.5,2`. */
export function parseUptake(text: string, where = "uptake"): UptakeCurve {
  const m = /^(constant|linear|logistic|step):(.*)$/.exec(text.trim());
  const bad = () =>
    new ModelError({
      where,
      message: "cannot read the uptake curve",
      value: text,
      expected: "constant:LEVEL, linear:START,LEVEL,RAMP_YEARS, logistic:LEVEL,MIDPOINT,SLOPE or step:START,LEVEL,YEAR",
    });
  if (!m) throw bad();
  const names = UPTAKE_NUMBERS[m[1] as UptakeCurve["shape"]];
  const parts = m[2].split(",");
  if (parts.length !== names.length) throw bad();
  // Each number named with why it is not one ("1e400": not a finite number), not only "cannot read".
  const v = parts.map((s, i) => {
    const x = parseDecimal(s);
    if (x === undefined)
      throw new ModelError({
        where: `${where} ${names[i]}`,
        message: whyNotDecimal(s),
        value: s,
        expected: `a number (${m[1]}:${names.join(",")})`,
      });
    return x;
  });
  const u: UptakeCurve =
    m[1] === "constant"
      ? { shape: "constant", level: v[0] }
      : m[1] === "linear"
        ? { shape: "linear", start: v[0], level: v[1], rampYears: v[2] }
        : m[1] === "logistic"
          ? { shape: "logistic", level: v[0], midpoint: v[1], slope: v[2] }
          : { shape: "step", start: v[0], level: v[1], stepYear: v[2] };
  checkUptake(u, where).throwIfAny("invalid uptake");
  return u;
}

/** A share as a percentage in words ("50%", "12.5%"). */
const pct = (x: number) => `${Number((x * 100).toFixed(1))}%`;

/**
 * An uptake curve in words, for summaries (formatUptake writes the link and CLI syntax). u(t) is the
 * cumulative share of eligible patients referred by year t; the logistic curve
 * level / (1 + exp(-slope (t - midpoint))) rises to `level`, reaching half of it at `midpoint`.
 */
export function describeUptake(u: UptakeCurve): string {
  if (u.shape === "constant") return `${pct(u.level)} of eligible patients referred from launch`;
  if (u.shape === "linear")
    return `rising in a straight line from ${pct(u.start)} of eligible patients at launch to ${pct(u.level)} at year ${u.rampYears}, then flat`;
  if (u.shape === "logistic")
    return `logistic curve rising to ${pct(u.level)} of eligible patients, half of that (${pct(u.level / 2)}) at year ${u.midpoint}, steepness ${u.slope} a year`;
  return `${pct(u.start)} of eligible patients until year ${u.stepYear}, then ${pct(u.level)}`;
}

export function formatUptake(u: UptakeCurve): string {
  if (u.shape === "constant") return `constant:${u.level}`;
  if (u.shape === "linear") return `linear:${u.start},${u.level},${u.rampYears}`;
  if (u.shape === "logistic") return `logistic:${u.level},${u.midpoint},${u.slope}`;
  return `step:${u.start},${u.level},${u.stepYear}`;
}
