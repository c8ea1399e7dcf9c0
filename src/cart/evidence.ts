/**
 * The evidence base of the CAR T model: parameter tables, sources, decision problems, price
 * indices and exchange rates, read from CSV text (the loader and the CLI read the files; this
 * module does no I/O) and validated all at once. Every problem names file, row, column, value and
 * what was expected; nothing is computed from tables with problems.
 */
import { ModelError, Problems } from "../model/errors.js";
import { parseDecimal, whyNotDecimal } from "../model/io/number.js";
import { DISTRIBUTIONS } from "../model/spec/spec.js";
import { CsvTableReader } from "../model/io/csv-table.js";
import {
  definedFor,
  PARAMETERS,
  PARAMETER_INDEX,
  PLATFORMS,
  STRATEGIES,
  parameterRange,
  type ParameterDefinition,
} from "./dictionary.js";

export const PARAMETER_COLUMNS = [
  "id",
  "disease",
  "strategy",
  "value",
  "low",
  "high",
  "distribution",
  "unit",
  "currency",
  "price_year",
  "status",
  "source_id",
  "note",
  "price_kind",
] as const;
/**
 * What a cost row is: a drug's `list` price or a `net` (discounted) price, entered at its real date
 * and never inflated (NICE and ICER use the current list or net price); or a `resource` cost (unit
 * costs, claims, cost studies), inflated to the analysis year with the currency's price index.
 */
export const PRICE_KINDS = ["list", "net", "resource"] as const;
export type PriceKind = (typeof PRICE_KINDS)[number];
/** Status of a price-index or exchange-rate value: read from the source, or reconstructed/extrapolated by the modellers (shown with every conversion that uses it). */
export const INDEX_STATUSES = ["seen", "reconstructed", "extrapolated", "estimate"] as const;
export const STATUSES = ["seen", "calculated", "assumption"] as const;
export const CURRENCIES = ["USD", "GBP", "EUR"] as const;
export type Currency = (typeof CURRENCIES)[number];

/** One row of a parameter table, with where it came from. */
export interface ParameterRow {
  id: string;
  disease: string;
  strategy: string;
  value: number;
  low: number | null;
  high: number | null;
  distribution: string;
  unit: string;
  currency: Currency | null;
  priceYear: number | null;
  /** For costs: list, net or resource (see PRICE_KINDS); null for non-monetary values. */
  priceKind: PriceKind | null;
  status: (typeof STATUSES)[number];
  sourceId: string;
  note: string;
  file: string;
  row: number;
}

export interface SourceRow {
  id: string;
  citation: string;
  url: string;
  kind: string;
  note: string;
}

export interface DiseaseRow {
  disease: string;
  label: string;
  population: string;
  comparator: string;
  damageState: string;
  remissionDefinition: string;
  notes: Record<string, string>;
  sourceIds: string[];
}

/**
 * A non-CAR T strategy of one disease besides lifelong standard of care (data/cart/comparators.csv).
 * `chronic`: the standard-of-care structure with its own drug cost and natural-history parameters
 * (e.g. FcRn inhibitors in MG). `one-time`: a one-off treatment that leads to remission, on the
 * same path as CAR T (wait, treatment episode, remission, relapse; e.g. autologous HSCT, alemtuzumab,
 * radioiodine), with its own parameter rows for every platform parameter but the unit costs it shares
 * with CAR T (`sameForComparators` in dictionary.ts). A comparator without a row of a parameter reads the base
 * (CAR T, autologous) row: one value and one PSA draw for both, which is how a comparator states that
 * a quantity is the same as CAR T's (e.g. u_remission, drug-free remission after aHSCT).
 */
export interface ComparatorRow {
  disease: string;
  strategy: string;
  label: string;
  kind: "chronic" | "one-time";
  note: string;
  sourceIds: string[];
}

export const COMPARATOR_KINDS = ["chronic", "one-time"] as const;

export interface Evidence {
  parameters: ParameterRow[];
  /** Non-CAR T strategies besides standard of care, per disease. */
  comparators: ComparatorRow[];
  sources: Map<string, SourceRow>;
  diseases: DiseaseRow[];
  /** Price index by currency and year. */
  priceIndex: Map<string, Map<number, number>>;
  /** US dollars per unit of currency, by currency and year. */
  usdPer: Map<string, Map<number, number>>;
  /** Values of the price index and exchange-rate tables that are not as published ("currency|year" -> status). */
  unverified: { priceIndex: Map<string, string>; usdPer: Map<string, string> };
}

/** The rows of a table (strict reader: src/cart/csv-reader.ts), each with its row number in the file. */
function readCsv(
  text: string,
  file: string,
  required: readonly string[],
  problems: Problems,
): Array<{ row: number; cells: Record<string, string> }> {
  return new CsvTableReader(text, file, problems, required).all();
}

const NA = "NA";

/**
 * Validates and reads the evidence files. `files` maps file names (as the user should see them,
 * e.g. "data/cart/parameters-sle.csv") to their text. Parameter files are those whose name contains
 * "parameters" (or those listed in `options.parameterFiles`); the others are recognised by name:
 * diseases.csv, sources.csv, price-index.csv, exchange-rates.csv.
 */
export function isParameterFile(name: string): boolean {
  return /parameters[^/]*\.csv$/.test(name);
}

export function readEvidence(files: Record<string, string>, options: { parameterFiles?: string[] } = {}): Evidence {
  const problems = new Problems();
  // Own keys only, so that a file named like an Object.prototype member is never "found".
  files = Object.assign(Object.create(null), files) as Record<string, string>;
  const named = (suffix: string) => {
    const name = Object.keys(files).find((f) => f.endsWith(suffix));
    return name === undefined ? undefined : { name, text: files[name] };
  };
  const sources = readSources(named("sources.csv"), problems);
  const diseases = readDiseases(named("diseases.csv"), sources, problems);
  const diseaseIds = new Set(diseases.map((d) => d.disease));
  const comparators = readComparators(named("comparators.csv"), diseaseIds, sources, problems);

  // parameters
  const parameters: ParameterRow[] = [];
  const paramFiles = options.parameterFiles ?? Object.keys(files).filter(isParameterFile).sort();
  if (paramFiles.length === 0) problems.add("data/cart/parameters-*.csv", "no parameter tables");
  let unread = false;
  for (const file of paramFiles) {
    if (!Object.hasOwn(files, file)) {
      problems.add(file, "no such parameter table");
      continue;
    }
    const before = problems.size;
    const rows = readCsv(files[file], file, PARAMETER_COLUMNS, problems);
    // A file with no rows read (empty, header only, semicolons, a missing column) is that one problem:
    // every required parameter of every disease listed as missing after it was 560 lines saying less.
    if (rows.length === 0) {
      unread = true;
      if (problems.size === before)
        problems.add(file, "the parameter table has a header but no rows", undefined, "one row per parameter");
    }
    rows.forEach(({ row, cells }) =>
      parameters.push(...parseParameterRow(cells, file, row, diseaseIds, sources, problems, comparators)),
    );
  }
  if (!unread) checkCoverage(parameters, [...diseaseIds], problems, comparators);

  // price index and exchange rates
  const priceIndex = new Map<string, Map<number, number>>();
  const usdPer = new Map<string, Map<number, number>>([["USD", new Map()]]);
  const unverified = { priceIndex: new Map<string, string>(), usdPer: new Map<string, string>() };
  const years = { sources, problems };
  readYearTable(
    named("price-index.csv"),
    "price-index.csv",
    "index",
    priceIndex,
    "price index",
    unverified.priceIndex,
    years,
  );
  readYearTable(
    named("exchange-rates.csv"),
    "exchange-rates.csv",
    "usd_per_unit",
    usdPer,
    "exchange rate",
    unverified.usdPer,
    years,
  );

  problems.throwIfAny("invalid evidence tables");
  return { parameters, sources, diseases, comparators, priceIndex, usdPer, unverified };
}

/** A table of the evidence, found by the end of its file name. */
type NamedTable = { name: string; text: string } | undefined;

/** The ids of a `source_ids` cell (separated by ;), each checked against sources.csv when that table was read. */
function sourceIdList(
  cell: string | undefined,
  where: string,
  sources: Map<string, SourceRow>,
  problems: Problems,
): string[] {
  const ids = (cell ?? "")
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of ids)
    if (sources.size && !sources.has(s))
      problems.add(`${where} column source_ids`, `unknown source id "${s}"`, s, "an id from sources.csv");
  return ids;
}

/** sources.csv: one citation per source id. */
function readSources(table: NamedTable, problems: Problems): Map<string, SourceRow> {
  const sources = new Map<string, SourceRow>();
  if (!table) {
    problems.add("data/cart/sources.csv", "the sources table is missing");
    return sources;
  }
  readCsv(table.text, table.name, ["id", "citation"], problems).forEach(({ row, cells: r }) => {
    const where = `${table.name} row ${row}`;
    if (!r.id?.trim()) problems.add(`${where} column id`, "blank cell", r.id, "a source id");
    else if (sources.has(r.id)) problems.add(`${where} column id`, "duplicate source id", r.id);
    else
      sources.set(r.id, {
        id: r.id,
        citation: r.citation ?? "",
        url: r.url_or_doi ?? "",
        kind: r.kind ?? "",
        note: r.note ?? "",
      });
    if (!r.citation?.trim()) problems.add(`${where} column citation`, "blank cell", r.citation, "a citation");
  });
  return sources;
}

/** diseases.csv: the decision problem of each disease. */
function readDiseases(table: NamedTable, sources: Map<string, SourceRow>, problems: Problems): DiseaseRow[] {
  const diseases: DiseaseRow[] = [];
  if (!table) {
    problems.add("data/cart/diseases.csv", "the decision-problem table is missing");
    return diseases;
  }
  readCsv(table.text, table.name, ["disease", "label", "population", "comparator"], problems).forEach(
    ({ row, cells: r }) => {
      const where = `${table.name} row ${row}`;
      for (const c of ["disease", "label", "population", "comparator"])
        if (!r[c]?.trim()) problems.add(`${where} column ${c}`, "blank cell", r[c]);
      if (diseases.some((d) => d.disease === r.disease))
        problems.add(`${where} column disease`, "duplicate disease", r.disease);
      const sourceIds = sourceIdList(r.source_ids, where, sources, problems);
      const notes: Record<string, string> = Object.create(null);
      for (const [k, v] of Object.entries(r)) if (k.endsWith("_note")) notes[k] = v;
      diseases.push({
        disease: r.disease,
        label: r.label,
        population: r.population,
        comparator: r.comparator,
        damageState: r.damage_state ?? "",
        remissionDefinition: r.remission_definition ?? "",
        notes,
        sourceIds,
      });
    },
  );
  return diseases;
}

/** comparators.csv (optional): the other non-CAR T strategies of each disease. */
function readComparators(
  table: NamedTable,
  diseaseIds: Set<string>,
  sources: Map<string, SourceRow>,
  problems: Problems,
): ComparatorRow[] {
  const comparators: ComparatorRow[] = [];
  if (!table) return comparators;
  const columns = ["disease", "strategy", "label", "kind", "note", "source_ids"];
  readCsv(table.text, table.name, columns, problems).forEach(({ row, cells: r }) => {
    const where = `${table.name} row ${row}`;
    for (const c of ["disease", "strategy", "label", "kind"])
      if (!r[c]?.trim()) problems.add(`${where} column ${c}`, "blank cell", r[c]);
    if (r.disease && !diseaseIds.has(r.disease))
      problems.add(`${where} column disease`, "unknown disease", r.disease, [...diseaseIds].join(", "));
    if ((STRATEGIES as readonly string[]).includes(r.strategy) || !/^[a-z][a-z0-9_]*$/.test(r.strategy ?? ""))
      problems.add(
        `${where} column strategy`,
        "not a new strategy id",
        r.strategy,
        `lower-case letters, digits and _, other than ${STRATEGIES.join(", ")}`,
      );
    if (comparators.some((c) => c.disease === r.disease && c.strategy === r.strategy))
      problems.add(`${where} column strategy`, "duplicate comparator", r.strategy);
    if (!(COMPARATOR_KINDS as readonly string[]).includes(r.kind))
      problems.add(`${where} column kind`, "unknown kind", r.kind, COMPARATOR_KINDS.join(", "));
    const sourceIds = sourceIdList(r.source_ids, where, sources, problems);
    comparators.push({
      disease: r.disease,
      strategy: r.strategy,
      label: r.label,
      kind: r.kind as ComparatorRow["kind"],
      note: r.note ?? "",
      sourceIds,
    });
  });
  return comparators;
}

/** price-index.csv or exchange-rates.csv: one positive value per currency and year, with its status. */
function readYearTable(
  table: NamedTable,
  suffix: string,
  valueColumn: string,
  into: Map<string, Map<number, number>>,
  what: string,
  marks: Map<string, string>,
  { sources, problems }: { sources: Map<string, SourceRow>; problems: Problems },
): void {
  if (!table) return problems.add(`data/cart/${suffix}`, `the ${what} table is missing`);
  readCsv(table.text, table.name, ["year", "currency", valueColumn], problems).forEach(({ row, cells: r }) => {
    const where = `${table.name} row ${row}`;
    const year = parseDecimal(r.year) ?? NaN;
    const x = parseDecimal(r[valueColumn]) ?? NaN;
    if (!Number.isInteger(year)) problems.add(`${where} column year`, "not a year", r.year);
    if (!(CURRENCIES as readonly string[]).includes(r.currency))
      problems.add(`${where} column currency`, "unknown currency", r.currency, CURRENCIES.join(", "));
    if (!(x > 0))
      problems.add(
        `${where} column ${valueColumn}`,
        parseDecimal(r[valueColumn]) === undefined ? whyNotDecimal(r[valueColumn]) : "must be a positive number",
        r[valueColumn],
        "a positive number",
      );
    if (r.source_id !== undefined && sources.size && !sources.has(r.source_id))
      problems.add(`${where} column source_id`, `unknown source id "${r.source_id}"`, r.source_id);
    if (r.status !== undefined) {
      if (!(INDEX_STATUSES as readonly string[]).includes(r.status))
        problems.add(`${where} column status`, "unknown status", r.status, INDEX_STATUSES.join(", "));
      else if (r.status !== "seen") marks.set(`${r.currency}|${year}`, r.status);
    }
    const m = into.get(r.currency) ?? new Map<number, number>();
    if (m.has(year)) problems.add(where, `duplicate ${what} for ${r.currency} ${year}`, r[valueColumn]);
    m.set(year, x);
    into.set(r.currency, m);
  });
}

/** Problems of one parameter row, each naming file, row and column; `ok` stays true until the first. */
interface RowCheck {
  bad(column: string, message: string, value: unknown, expected?: string): void;
  readonly ok: boolean;
}

function rowCheck(file: string, line: number, problems: Problems): RowCheck {
  let ok = true;
  return {
    bad(column, message, value, expected) {
      problems.add(`${file} row ${line} column ${column}`, message, value, expected);
      ok = false;
    },
    get ok() {
      return ok;
    },
  };
}

function parseParameterRow(
  r: Record<string, string>,
  file: string,
  line: number,
  diseases: Set<string>,
  sources: Map<string, SourceRow>,
  problems: Problems,
  comparators: ComparatorRow[] = [],
): ParameterRow[] {
  const check = rowCheck(file, line, problems);
  const { bad } = check;
  for (const c of PARAMETER_COLUMNS) {
    if (c === "note") continue;
    if ((r[c] ?? "").trim() === "")
      bad(c, "blank cell (write NA where a column does not apply)", r[c] ?? "", "a value or NA");
  }
  if (!check.ok) return [];
  const def: ParameterDefinition | undefined = PARAMETER_INDEX.get(r.id);
  if (!def) bad("id", `unknown parameter id "${r.id}"`, r.id, "an id of src/cart/dictionary.ts");
  if (r.disease !== "all" && !diseases.has(r.disease))
    bad("disease", "unknown disease", r.disease, `all or one of ${[...diseases].join(", ")}`);
  const comparator = comparators.find((c) => c.strategy === r.strategy && c.disease === r.disease);
  if (r.strategy !== "all" && !(STRATEGIES as readonly string[]).includes(r.strategy) && !comparator)
    bad(
      "strategy",
      "unknown strategy",
      r.strategy,
      `all, one of ${STRATEGIES.join(", ")}, or a comparator of this disease in comparators.csv`,
    );
  const num = (c: string, allowNA: boolean): number | null => {
    const s = r[c].trim();
    if (s === NA && allowNA) return null;
    const x = parseDecimal(s);
    if (x === undefined) {
      bad(c, s === NA ? "NA is not allowed here" : whyNotDecimal(s), s, allowNA ? "a number or NA" : "a number");
      return null;
    }
    return x;
  };
  const value = num("value", false);
  const distribution = r.distribution.trim();
  if (!DISTRIBUTIONS.has(distribution))
    bad("distribution", "unknown distribution", distribution, [...DISTRIBUTIONS].join(", "));
  // NA in low or high is allowed for fixed values only: num refuses it (naming the cell) for any
  // other distribution, so a distribution that is not fixed always has both bounds or a problem.
  const fixed = distribution === "fixed";
  const low = num("low", fixed);
  const high = num("high", fixed);
  const status = r.status.trim();
  if (!(STATUSES as readonly string[]).includes(status)) bad("status", "unknown status", status, STATUSES.join(", "));
  if (sources.size && !sources.has(r.source_id.trim()))
    bad("source_id", `unknown source id "${r.source_id}"`, r.source_id, "an id from sources.csv");
  let money: Money = { currency: null, priceYear: null, priceKind: null };
  if (def) {
    checkScope(def, r, comparator, diseases, bad);
    money = readMoney(def, r, bad);
    // The one range per parameter (src/cart/dictionary.ts, also used for overrides); utilities
    // below 0 ("worse than dead") only where a source reports them.
    const range = parameterRange(def.id, { negativeUtility: status === "seen" })!;
    for (const [c, x] of [
      ["value", value],
      ["low", low],
      ["high", high],
    ] as const) {
      if (x !== null && (x < range.min || x > range.max)) bad(c, `${def.id} is out of range`, x, range.text);
    }
  }
  if (value !== null && low !== null && value < low) bad("value", "value is below low", value, `>= ${low}`);
  if (value !== null && high !== null && value > high) bad("value", "value is above high", value, `<= ${high}`);
  if (low !== null && high !== null && low > high) bad("low", "low is above high", `${low} > ${high}`, "low <= high");
  if (!check.ok || value === null) return [];
  return [
    {
      id: r.id,
      disease: r.disease,
      strategy: r.strategy,
      value,
      low,
      high,
      distribution,
      unit: r.unit,
      ...money,
      status: status as ParameterRow["status"],
      sourceId: r.source_id.trim(),
      note: r.note ?? "",
      file,
      row: line,
    },
  ];
}

/** The disease and strategy columns of a row against the parameter's scope (per disease, per platform, whole model). */
function checkScope(
  def: ParameterDefinition,
  r: Record<string, string>,
  comparator: ComparatorRow | undefined,
  diseases: Set<string>,
  bad: RowCheck["bad"],
): void {
  if (def.scope === "disease" && r.strategy !== "all" && !comparator)
    bad(
      "strategy",
      `${r.id} is given per disease: strategy must be all (or a comparator of the disease)`,
      r.strategy,
      "all",
    );
  if (def.scope === "disease" && r.disease === "all")
    bad("disease", `${r.id} is given per disease: name the disease`, r.disease, [...diseases].join(", "));
  if (
    def.scope === "platform" &&
    !(PLATFORMS as readonly string[]).includes(r.strategy) &&
    comparator?.kind !== "one-time"
  )
    bad("strategy", `${r.id} is given per CAR T platform (or one-time comparator)`, r.strategy, PLATFORMS.join(", "));
  if (def.scope === "model" && (r.disease !== "all" || r.strategy !== "all"))
    bad(
      "disease",
      `${r.id} is one value for the whole model: disease and strategy must be all`,
      `${r.disease}/${r.strategy}`,
      "all/all",
    );
}

/** Currency, price year and price kind of a row: required for a cost, NA for anything else. */
type Money = Pick<ParameterRow, "currency" | "priceYear" | "priceKind">;

function readMoney(def: ParameterDefinition, r: Record<string, string>, bad: RowCheck["bad"]): Money {
  const money: Money = { currency: null, priceYear: null, priceKind: null };
  if (def.kind === "cost") {
    if (!(CURRENCIES as readonly string[]).includes(r.currency))
      bad("currency", "a cost needs a currency", r.currency, CURRENCIES.join(", "));
    else money.currency = r.currency as Currency;
    const y = parseDecimal(r.price_year) ?? NaN;
    if (!Number.isInteger(y) || y < 1950 || y > 2100)
      bad("price_year", "a cost needs its price year", r.price_year, "a year such as 2024");
    else money.priceYear = y;
    const k = r.price_kind.trim();
    if (!(PRICE_KINDS as readonly string[]).includes(k))
      bad("price_kind", "a cost needs its price kind", r.price_kind, PRICE_KINDS.join(", "));
    else money.priceKind = k as PriceKind;
  } else {
    if (r.currency !== NA) bad("currency", `${r.id} is not a cost: currency must be NA`, r.currency, "NA");
    if (r.price_year !== NA) bad("price_year", `${r.id} is not a cost: price_year must be NA`, r.price_year, "NA");
    if (r.price_kind.trim() !== NA)
      bad("price_kind", `${r.id} is not a cost: price_kind must be NA`, r.price_kind, "NA");
  }
  return money;
}

/** Every parameter the model reads is defined for every disease and platform; no duplicates. */
function checkCoverage(
  rows: ParameterRow[],
  diseases: string[],
  problems: Problems,
  comparators: ComparatorRow[] = [],
): void {
  const seen = new Map<string, ParameterRow>();
  for (const r of rows) {
    const key = `${r.id}|${r.disease}|${r.strategy}|${r.currency ?? ""}`;
    const prev = seen.get(key);
    if (prev)
      problems.add(
        `${r.file} row ${r.row}`,
        `duplicate of ${prev.file} row ${prev.row} (${r.id}, ${r.disease}, ${r.strategy}${r.currency ? ", " + r.currency : ""})`,
        r.value,
      );
    else seen.set(key, r);
  }
  const has = (id: string, disease: string, strategy: string) =>
    rows.some((r) => r.id === id && r.disease === disease && r.strategy === strategy);
  for (const def of PARAMETERS) {
    if (def.scope === "disease")
      for (const d of diseases)
        if (definedFor(def, d) && !has(def.id, d, "all"))
          problems.add(
            "parameter tables",
            `missing required parameter ${def.id} for disease ${d}`,
            undefined,
            `a row ${def.id},${d},all,...`,
          );
    // Every platform states a platform parameter, except the same quantity on every platform
    // (sameForPlatforms): the autologous row only, which a platform without its own row reads.
    if (def.scope === "platform")
      for (const p of def.sameForPlatforms ? (["autologous"] as const) : PLATFORMS)
        if (!has(def.id, "all", p) && !diseases.every((d) => has(def.id, d, p)))
          problems.add(
            "parameter tables",
            `missing required parameter ${def.id} for platform ${p}`,
            undefined,
            `a row ${def.id},all,${p},... (or one per disease)`,
          );
    // A parameter of one disease's own structure is read by that disease's model only.
    if (def.diseases)
      for (const r of rows)
        if (r.id === def.id && !def.diseases.includes(r.disease))
          problems.add(
            `${r.file} row ${r.row} column disease`,
            `${def.id} belongs to the state structure of ${def.diseases.join(", ")} only; no other model reads it`,
            r.disease,
            def.diseases.join(" or "),
          );
    if (def.scope === "model" && !has(def.id, "all", "all"))
      problems.add(
        "parameter tables",
        `missing required parameter ${def.id}`,
        undefined,
        `a row ${def.id},all,all,...`,
      );
    // A one-time comparator states every platform parameter itself, except the unit costs that are the
    // same quantity for it as for CAR T (sameForComparators: without a row it reads the autologous one).
    if (def.scope === "platform" && !def.sameForComparators)
      for (const c of comparators.filter((x) => x.kind === "one-time"))
        if (!has(def.id, c.disease, c.strategy))
          problems.add(
            "parameter tables",
            `missing required parameter ${def.id} for comparator ${c.strategy} (${c.disease})`,
            undefined,
            `a row ${def.id},${c.disease},${c.strategy},...`,
          );
  }
}

/** The parameter rows that apply to one disease, one value per (id, strategy), in the preferred currency where a row exists. */
export function rowsFor(evidence: Evidence, disease: string, preferredCurrency: Currency): Map<string, ParameterRow> {
  if (!evidence.diseases.some((d) => d.disease === disease)) {
    throw new ModelError({
      where: "disease",
      message: `unknown disease "${disease}"`,
      value: disease,
      expected: evidence.diseases.map((d) => d.disease).join(", "),
    });
  }
  const out = new Map<string, ParameterRow>();
  const score = (r: ParameterRow) => (r.disease === disease ? 2 : 0) + (r.currency === preferredCurrency ? 1 : 0);
  for (const r of evidence.parameters) {
    if (r.disease !== disease && r.disease !== "all") continue;
    const key = `${r.id}|${r.strategy}`;
    const prev = out.get(key);
    if (!prev || score(r) > score(prev)) out.set(key, r);
  }
  return out;
}

/**
 * Converts an amount to the target currency and price year: first to the target currency at the
 * row's price year (annual average exchange rate), then, for resource costs, inflated within the
 * target currency by its price index from the row's year to the target year. List and net drug
 * prices are not inflated: they are the price at their date (NICE and ICER use the current list or
 * net price). `unverified` lists the index or exchange-rate values used that are not as published.
 */
export function convertCost(
  evidence: Evidence,
  amount: number,
  from: { currency: Currency; year: number; priceKind?: PriceKind | null },
  to: { currency: Currency; year: number },
  where: string,
): { value: number; factor: number; inflated: boolean; unverified: string[] } {
  const unverified: string[] = [];
  const rate = (c: Currency, y: number) => {
    if (c === "USD") return 1;
    const r = evidence.usdPer.get(c)?.get(y);
    if (r === undefined)
      throw new ModelError({
        where,
        message: `no exchange rate for ${c} in ${y}`,
        value: `${c} ${y}`,
        expected: "a row in data/cart/exchange-rates.csv",
      });
    const mark = evidence.unverified?.usdPer.get(`${c}|${y}`);
    if (mark) unverified.push(`exchange rate ${c} ${y} (${mark})`);
    return r;
  };
  const index = (c: Currency, y: number) => {
    const x = evidence.priceIndex.get(c)?.get(y);
    if (x === undefined)
      throw new ModelError({
        where,
        message: `no price index for ${c} in ${y}`,
        value: `${c} ${y}`,
        expected: "a row in data/cart/price-index.csv",
      });
    const mark = evidence.unverified?.priceIndex.get(`${c}|${y}`);
    if (mark) unverified.push(`price index ${c} ${y} (${mark})`);
    return x;
  };
  const fx = from.currency === to.currency ? 1 : rate(from.currency, from.year) / rate(to.currency, from.year);
  const inflate = from.year !== to.year && from.priceKind !== "list" && from.priceKind !== "net";
  const inflation = inflate ? index(to.currency, to.year) / index(to.currency, from.year) : 1;
  const factor = fx * inflation;
  return { value: amount * factor, factor, inflated: inflate, unverified };
}
