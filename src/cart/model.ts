/**
 * The CAR T vs lifelong-therapy model: builds an ordinary model specification (docs/model-spec.md)
 * from the evidence tables for one disease and one preset. The structure is documented in
 * docs/methods.md; every number comes from a parameter row with a source and status.
 */
import type { ModelSpec, ParameterSpec, StateSpec, TableSpec } from "../model/spec/spec.js";
import { ModelError, Problems } from "../model/errors.js";
import { readCsvRows } from "../model/io/csv-table.js";
import { parseDecimal, whyNotDecimal } from "../model/io/number.js";
import { checkParameterValue, nearestParameters } from "./check.js";
import { definedFor, PARAMETERS, PLATFORMS, STRATEGY_LABELS, type PlatformId } from "./dictionary.js";
import { competing, diseaseStructure, SOC_VALUES, type DiseaseStructure } from "./structures.js";
import { convertCost, rowsFor, type Evidence, type ParameterRow } from "./evidence.js";
import type { Preset } from "./presets.js";
import { DEFAULT_DURABILITY, durabilityLabel, type DurabilityScenario } from "./durability.js";
import { psaSpecDistribution } from "./distributions.js";
import type { PopulationNorms } from "./norms.js";

export interface CartOptions {
  /** Age at which the lifetime horizon ends (default 100). */
  horizonAge?: number;
  /** Results per patient intended to receive CAR T (true, default) or per infused patient (false). */
  intentionToTreat?: boolean;
  /** Replace parameter values (in the analysis currency and price year for costs). */
  overrides?: Record<string, number>;
  /** Replace the preset's discount rates. */
  discount?: { costs: number; outcomes: number };
  /** Structural durability scenario (default: Weibull relapse hazard). */
  durability?: DurabilityScenario;
}

/** Where each model parameter came from: the evidence row and the conversion factor applied. */
export interface Provenance {
  id: string;
  /** The model parameter (platform parameters get one per platform: `${id}` holds autologous, `${id}__allogeneic`, ...). */
  parameter: string;
  strategy: string;
  value: number;
  row: ParameterRow;
  /** Currency and price-year conversion factor applied to the row's value (1 for non-costs). */
  factor: number;
  overridden: boolean;
  /** "ppp": a cost transferred from another country at purchasing-power parity (source PPP_TRANSFER), flagged wherever parameters are shown. */
  transfer: "ppp" | null;
  /** Price-index or exchange-rate values used in the conversion that are reconstructed or estimated, not as published. */
  unverified: string[];
}

/** Source id of costs transferred from another country at purchasing-power parity. */
export const PPP_TRANSFER_SOURCE = "PPP_TRANSFER";

export interface BuiltModel {
  spec: ModelSpec;
  /** Parameters the builder reads itself rather than through formulas: start age, sex mix, time-in-state limit. */
  structural: Record<string, number>;
  provenance: Provenance[];
  disease: string;
  preset: Preset;
  /** The life table used for background mortality (its source file). */
  lifeTable: string;
  /** The structural scenario used: durability of remission. */
  structuralScenario: { durability: DurabilityScenario; label: string };
  /** Course-indexed state sets (retreatment response and the cap on courses, {@link courseSets}). */
  courses: CourseSets;
}

/** The CAR T cost values (product, episode, bridging, follow-up): one-time spend in the budget impact. */
export const CART_COST_VALUES = ["c_cart_product", "c_cart_episode", "c_cart_bridging", "c_cart_followup"] as const;
/** The lifelong-care cost values, which the offset scenarios may credit (CAR T treatment costs never are). */
export const CARE_COST_VALUES = ["c_soc_drug", "c_soc_other", "c_disease_active", "c_disease_damage"] as const;

const platformParam = (id: string, p: PlatformId) => (p === "autologous" ? id : `${id}__${p}`);

/** The life table as a model table: columns Age, Female, Male (annual death rates). */
export function lifeTableFromCsv(text: string, file: string): TableSpec {
  const problems = new Problems();
  const { header, rows } = readCsvRows(text, file, problems, ["Age", "Female", "Male"]);
  problems.throwIfAny("cannot read life table");
  const idx = (c: string) => header.indexOf(c);
  if (rows.length === 0)
    problems.add(file, "the life table has no data rows", header.join(","), "one row per single year of age");
  problems.throwIfAny("cannot read life table");
  const columns: Record<string, number[]> = { Age: [], Female: [], Male: [] };
  for (const { row, cells } of rows) {
    for (const c of ["Age", "Female", "Male"]) {
      const cell = cells[idx(c)];
      const x = parseDecimal(cell);
      if (x === undefined) problems.add(`${file} row ${row} column ${c}`, whyNotDecimal(cell), cell, "a number >= 0");
      else if (x < 0) problems.add(`${file} row ${row} column ${c}`, "negative", cell, "a number >= 0");
      columns[c].push(x ?? NaN);
    }
  }
  problems.throwIfAny("cannot read life table");
  // One row per single year of age, in order: the model looks up the row at or below the cohort's age,
  // so a gap (ages 50-70 deleted) applied age 49's rate for 21 years without a word, and ages out of
  // order were named as "tables.lt.columns.Age[61]", without the file or its row.
  const ages = columns.Age;
  rows.forEach(({ row }, i) => {
    const age = ages[i];
    if (!Number.isInteger(age))
      problems.add(`${file} row ${row} column Age`, "not a whole year of age", age, "whole years: 0, 1, 2, ...");
    else if (i > 0 && Number.isInteger(ages[i - 1]) && age !== ages[i - 1] + 1)
      problems.add(
        `${file} row ${row} column Age`,
        age <= ages[i - 1]
          ? `age ${age} after age ${ages[i - 1]}: the ages are not in increasing order`
          : `age ${age} after age ${ages[i - 1]}: ${age - ages[i - 1] === 2 ? `age ${ages[i - 1] + 1} is` : `ages ${ages[i - 1] + 1} to ${age - 1} are`} missing (the model would apply age ${ages[i - 1]}'s rates to ${age - ages[i - 1] === 2 ? "it" : "them"})`,
        age,
        `${ages[i - 1] + 1}: one row per single year of age, in increasing order`,
      );
  });
  problems.throwIfAny("cannot read life table");
  return { key: "Age", columns, source: file };
}

/**
 * The cohort's background mortality starts at its start age: a life table beginning later failed in the
 * first cycle as a lookup in the parameter mu_background, without the file.
 */
function checkLifeTableStart(lifeTable: TableSpec, ageStart: number, horizonAge: number): void {
  const firstAge = lifeTable.columns[lifeTable.key]?.[0];
  if (firstAge !== undefined && firstAge > Math.floor(ageStart))
    throw new ModelError({
      where: lifeTable.source ?? "life table",
      message: `the life table starts at age ${firstAge}, above the cohort's start age (age_start ${ageStart})`,
      value: firstAge,
      expected: `a first age of ${Math.floor(ageStart)} or below (one row per single year of age to ${horizonAge} or beyond)`,
    });
}

type Parameters = Record<string, ParameterSpec | number | string>;
type Comparator = Evidence["comparators"][number];

/** The model's parameters read from the evidence tables, where each came from, and the disease's comparators. */
interface EvidenceParameters {
  parameters: Parameters;
  provenance: Provenance[];
  comparators: Comparator[];
  /** Per comparator strategy: the parameters it replaces (id -> id__<comparator>), and is_cart for one-time ones. */
  comparatorOverrides: Record<string, Record<string, string | number>>;
}

/**
 * Builds the CAR T model of one disease under one preset: the evidence parameters (converted to the
 * preset's currency and price year, overrides applied), the structural parameters, the states and
 * transitions (with the disease's own structure, src/cart/structures.ts), strategies and cohorts.
 */
export function buildCartModel(
  evidence: Evidence,
  disease: string,
  preset: Preset,
  lifeTable: TableSpec,
  options: CartOptions = {},
): BuiltModel {
  const { parameters, provenance, comparators, comparatorOverrides } = evidenceParameters(
    evidence,
    disease,
    preset,
    options.overrides ?? {},
  );
  const ageStart = (parameters.age_start as ParameterSpec).value as number;
  const pMale = (parameters.p_male as ParameterSpec).value as number;
  const horizonAge = options.horizonAge ?? 100;
  const cycles = Math.round((horizonAge - ageStart) * 12);
  if (!(cycles >= 1))
    throw new ModelError({
      where: "horizon",
      message: "the horizon ends before the start age",
      value: `${horizonAge} vs ${ageStart}`,
      expected: "an end age above the start age",
    });
  checkLifeTableStart(lifeTable, ageStart, horizonAge);
  const itt = options.intentionToTreat !== false;
  const durability = options.durability ?? DEFAULT_DURABILITY;
  Object.assign(parameters, structuralParameters(preset, lifeTable, itt, durability));

  // A disease with damage stages of its own (src/cart/structures.ts) replaces Damage's exits and adds its stages.
  const structure = diseaseStructure(disease, "cycleLength");
  if (structure) Object.assign(parameters, structure.parameters);

  const relapseHorizon = Math.max(1, Math.round((parameters.m_relapse_horizon as ParameterSpec).value as number));
  // The time-limited scenario needs time since infusion counted up to the limit.
  const horizonLimit =
    durability.kind === "limited" ? Math.max(relapseHorizon, Math.round(durability.years * 12) + 1) : relapseHorizon;
  const d = evidence.diseases.find((x) => x.disease === disease)!;
  const f = cartFormulas(structure);
  const courses = courseSets(parameters);

  // The age adjustment and cap of utilities (f_utility_age, f_utility_cap; both fixed in the PSA, so known here).
  const switchValue = (id: string) => Number((parameters[id] as ParameterSpec).value);
  const adjustUtilities = switchValue("f_utility_age") !== 0 || switchValue("f_utility_cap") !== 0;
  const states = cartStates(structure, durability, f, { relapseHorizon, horizonLimit, adjustUtilities }, courses);
  Object.assign(parameters, adjustedUtilityParameters(states));
  const spec: ModelSpec = {
    name: `CAR T vs lifelong standard of care: ${d.label}`,
    description: `${d.population}. Comparator: ${d.comparator}. Irreversible damage: ${d.damageState}. Remission: ${d.remissionDefinition}. ${itt ? "Per patient intended to receive CAR T." : "Per infused patient."} Exploratory: no published cost-effectiveness analysis of CAR T in this disease exists; most CAR T inputs are assumptions.`,
    version: "cart-model 1",
    source: "cartecon src/cart/model.ts; evidence in data/cart/",
    settings: {
      cycleLength: { months: 1 },
      horizon: { cycles },
      startAge: ageStart,
      discount: options.discount ?? preset.discount,
      method: "half-cycle",
      currency: preset.currency,
      priceYear: preset.priceYear,
      wtp: preset.wtp[0],
      effect: "qalys",
    },
    parameters,
    tables: { lt: lifeTable, norms: preset.utilityNorms.table },
    values: CART_VALUES.map((v) => ({ ...v })),
    states,
    transitions: cartTransitions(structure, durability, f, courses),
    transitionValues: [
      ...courseIds(courses).waiting.map((w, i) => ({
        from: w,
        to: courseIds(courses).infusion[i],
        values: { c_cart_product: "c_price", c_cart_episode: "c_episode", qaly_infusion: "-q_infusion_loss" },
      })),
      // Retreatment after relapse needs a new apheresis for bespoke products (c_apheresis is 0 for the others),
      // plus the half of the first waiting cycle's second aphereses that half-cycle counting leaves out —
      // the same term the first course gets in oneOff below, so a retreatment course costs what a first one does.
      ...courseIds(courses).remission.map((r, i) => ({
        from: r,
        to: courseIds(courses).waiting[Math.min(i + 1, courses.waiting - 1)],
        values: { c_cart_episode: `c_apheresis + 0.5 * ${f.pRemanufactureApheresis}` },
      })),
      ...(structure?.transitionValues ?? []),
    ],
    oneOff: {
      // Intention to treat: everyone who starts a bespoke product has apheresis. Per infused patient:
      // the first infusion happens at time 0.
      // The second apheresis is an event of each cycle that starts in Waiting (members m_{t-1}); half-cycle
      // counting weights the count at time 0 by 1/2 and every later one by 1, so the other half of
      // the first cycle's events is added here (without it the expected second aphereses fall short
      // by half the first cycle's: 0.15 instead of 0.25 per patient with p_mfg_fail 0.2 retried at once).
      c_cart_episode: `is_cart * (itt * (1 - f_damage0) * (c_apheresis + 0.5 * ${f.pRemanufactureApheresis}) + (1 - itt) * (c_apheresis + c_episode))`,
      c_cart_product: "is_cart * (1 - itt) * c_price",
      qaly_infusion: "-is_cart * (1 - itt) * q_infusion_loss",
    },
    init: {
      Waiting: "is_cart * itt * (1 - f_damage0)",
      Infusion: "is_cart * (1 - itt)",
      Controlled: "(1 - is_cart) * (1 - f_damage_start) * f_controlled0",
      Active: "(1 - is_cart) * (1 - f_damage_start) * (1 - f_controlled0)",
      Damage: "f_damage_start",
    },
    strategies: cartStrategies(parameters, comparators, comparatorOverrides),
    cohorts: [
      { id: "female", label: "Women", weight: 1 - pMale, parameters: { male: 0 } },
      { id: "male", label: "Men", weight: pMale, parameters: { male: 1 } },
    ],
  };
  return {
    spec,
    provenance,
    disease,
    preset,
    lifeTable: lifeTable.source ?? "life table",
    structuralScenario: { durability, label: durabilityLabel(durability, relapseHorizon) },
    structural: { age_start: ageStart, p_male: pMale, m_relapse_horizon: horizonLimit },
    courses,
  };
}

/**
 * How many course-indexed state sets the model needs (item 4 of issue [7]): `waiting` sets of
 * Waiting + Infusion (set 1 is the first course, whose infusion responds with p_response; sets 2...
 * are retreatment courses, responding with p_retreat_response) and `remission` sets of Remission
 * (each a time-in-state tunnel set of m_relapse_horizon months). From the strategies' caps
 * n_max_courses (0: no cap): with the largest finite cap n, n sets of each, so that a relapse from the
 * remission of course k can go to course k + 1 only while k < the strategy's cap; a strategy without a
 * cap needs at least one retreatment set, whose responders share the last remission set and whose
 * relapses loop back to it (the course count no longer matters without a cap). Default (no cap
 * anywhere): 2 Waiting/Infusion sets and 1 Remission set, i.e. 2 more states than one course would need.
 */
export function courseSets(parameters: Record<string, ParameterSpec | number | string>): CourseSets {
  const caps = Object.entries(parameters)
    .filter(([id]) => id === "n_max_courses" || id.startsWith("n_max_courses__"))
    .map(([, p]) => Math.round(Number(typeof p === "object" ? p.value : p)));
  const finite = caps.filter((n) => n >= 1);
  const largest = finite.length ? Math.max(...finite) : 1;
  const uncapped = caps.length === 0 || caps.some((n) => !(n >= 1));
  return { waiting: uncapped ? Math.max(largest, 2) : largest, remission: largest, openEnded: uncapped };
}

export interface CourseSets {
  /** Sets of Waiting + Infusion states (course 1, 2, ...). */
  waiting: number;
  /** Sets of Remission tunnel states (remission after course 1, 2, ...). */
  remission: number;
  /**
   * Some strategy has no cap: its later courses stay in the last Waiting + Infusion set and the last
   * Remission set, so those sets hold "course n or later" (their labels say so).
   */
  openEnded: boolean;
}

/** State ids of the course sets: course 1 keeps the ids Waiting, Infusion, Remission; course k the suffix _k. */
export function courseIds(c: Pick<CourseSets, "waiting" | "remission">): {
  waiting: string[];
  infusion: string[];
  remission: string[];
} {
  const ids = (base: string, n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? base : `${base}_${i + 1}`));
  return {
    waiting: ids("Waiting", c.waiting),
    infusion: ids("Infusion", c.waiting),
    remission: ids("Remission", c.remission),
  };
}

/** The switches of the utilities' age adjustment and cap, whose source is the preset's population norms. */
const NORMS_SWITCHES = new Set(["f_utility_age", "f_utility_cap"]);

/**
 * Every evidence parameter of the disease as a model parameter: costs converted to the preset's
 * currency and price year, overrides checked (src/cart/check.ts; every problem reported at once)
 * and applied, platform parameters once per platform (id, id__allogeneic, id__invivo) and comparator
 * rows as id__<comparator>.
 */
function evidenceParameters(
  evidence: Evidence,
  disease: string,
  preset: Preset,
  overrides: Record<string, number>,
): EvidenceParameters {
  const rows = rowsFor(evidence, disease, preset.currency);
  const overrideProblems = new Problems();
  const provenance: Provenance[] = [];
  const parameters: Parameters = {};
  const target = { currency: preset.currency, year: preset.priceYear };

  const add = (tableRow: ParameterRow, parameter: string, strategy: string, id: string): void => {
    // The utilities' age adjustment and cap read the preset's population norms: their source is the
    // norms' (UK: HERNANDEZALAVA2022, the row's own; US: SZENDE2014), in every table that cites it.
    const row = NORMS_SWITCHES.has(id) ? { ...tableRow, sourceId: preset.utilityNorms.sourceId } : tableRow;
    let factor = 1;
    let value = row.value;
    let unverified: string[] = [];
    if (row.currency !== null && row.priceYear !== null) {
      const c = convertCost(
        evidence,
        row.value,
        { currency: row.currency, year: row.priceYear, priceKind: row.priceKind },
        target,
        `${row.file} row ${row.row}`,
      );
      factor = c.factor;
      value = c.value;
      unverified = c.unverified;
    }
    // Own keys only: an override named "constructor" or "__proto__" is an unknown parameter.
    const overridden = Object.hasOwn(overrides, parameter);
    if (overridden) {
      const c = checkParameterValue(parameter, overrides[parameter], {
        where: `overrides.${parameter}`,
        negativeUtility: row.status === "seen",
      });
      if (c.ok) value = c.value;
      else overrideProblems.add(c.problem.where, c.problem.message, c.problem.value, c.problem.expected);
    }
    const transfer = row.sourceId === PPP_TRANSFER_SOURCE ? "ppp" : null;
    provenance.push({ id, parameter, strategy, value, row, factor, overridden, transfer, unverified });
    const def = PARAMETERS.find((p) => p.id === id)!;
    // An override may fall outside the evidence range; the range then no longer describes it.
    const low = row.low === null || overridden ? undefined : row.low * factor;
    const high = row.high === null || overridden ? undefined : row.high * factor;
    parameters[parameter] = {
      value,
      low,
      high,
      distribution: psaSpecDistribution(row, value, low, high, `${row.file} row ${row.row}`),
      unit: row.currency ? `${preset.currency} ${def.per ?? ""}`.trim() : row.unit,
      currency: row.currency ? preset.currency : undefined,
      priceYear: row.currency ? preset.priceYear : undefined,
      status: overridden ? "user override" : row.status,
      source: row.sourceId,
      description: def.description,
    };
  };

  for (const def of PARAMETERS) {
    if (!definedFor(def, disease)) continue;
    for (const p of def.scope === "platform" ? PLATFORMS : (["all"] as const)) {
      const row = rows.get(`${def.id}|${p}`);
      // The same quantity on every platform: a platform without its own row reads the autologous one
      // (one value, one PSA draw; cartStrategies maps it only where id__<platform> exists).
      if (!row && def.sameForPlatforms && p !== "autologous") continue;
      if (!row)
        throw new ModelError({
          where: "parameter tables",
          message: `no row for ${def.id}${p === "all" ? "" : `, platform ${p}`}, disease ${disease}`,
        });
      add(row, p === "all" ? def.id : platformParam(def.id, p), p, def.id);
    }
  }
  // Other non-CAR T strategies of the disease: each row of a comparator defines id__<comparator>; a
  // parameter without a comparator row is the base one (the same quantity as CAR T's: one PSA draw).
  const comparators = evidence.comparators.filter((c) => c.disease === disease);
  const comparatorOverrides: Record<string, Record<string, string | number>> = {};
  for (const c of comparators) {
    const ov: Record<string, string | number> = c.kind === "one-time" ? { is_cart: 1 } : {};
    for (const def of PARAMETERS) {
      const row = rows.get(`${def.id}|${c.strategy}`);
      if (!row) continue;
      add(row, `${def.id}__${c.strategy}`, c.strategy, def.id);
      ov[def.id] = `${def.id}__${c.strategy}`;
    }
    comparatorOverrides[c.strategy] = ov;
  }
  for (const id of Object.keys(overrides))
    if (!Object.hasOwn(parameters, id)) {
      const { message, expected } = unknownOverride(id, parameters, comparators, disease);
      overrideProblems.add(`overrides.${id}`, message, id, expected);
    }
  overrideProblems.throwIfAny("invalid overrides");
  return { parameters, provenance, comparators, comparatorOverrides };
}

/**
 * Why an override names no parameter of the model, and what to override instead. An id__<strategy> of a
 * CAR T platform or a comparator without a row of its own: that strategy reads the base parameter, the
 * one to override (a platform parameter's base id is autologous CAR T's; any other is the disease's own,
 * e.g. u_remission, read by every strategy without a row of its own). Anything else: an unknown id, with
 * the nearest known ones.
 */
function unknownOverride(
  id: string,
  parameters: Parameters,
  comparators: readonly { strategy: string; label: string }[],
  disease: string,
): { message: string; expected: string } {
  const [base, strategy, ...rest] = id.split("__");
  const platform = strategy !== "autologous" && (PLATFORMS as readonly string[]).includes(strategy);
  const label =
    rest.length === 0 && Object.hasOwn(parameters, base)
      ? platform
        ? STRATEGY_LABELS[strategy as PlatformId]
        : comparators.find((c) => c.strategy === strategy)?.label
      : undefined;
  if (label) {
    const platformScope = PARAMETERS.find((p) => p.id === base)?.scope === "platform";
    const sharedWith = platformScope
      ? "one value, shared with autologous CAR T"
      : "the disease's one value, read by every strategy without a row of its own";
    return {
      message: `${label} has no row of its own for ${base}: the model reads ${base} for it (${sharedWith}), so override ${base}`,
      expected: platformScope
        ? `${base} (for autologous CAR T and ${strategy} alike)`
        : `${base} (for ${strategy} and every other strategy without a row of its own)`,
    };
  }
  // A parameter of another disease's own structure (a link made for MS opened for SLE): said so, not
  // "did you mean" the very same id.
  const def = PARAMETERS.find((p) => p.id === base);
  if (def?.diseases && !def.diseases.includes(disease))
    return {
      message: `a parameter of ${def.diseases.join(" and ")} only, not of ${disease} (its state structure has no use for it)`,
      expected: `a parameter of ${disease}'s model (src/cart/dictionary.ts)`,
    };
  const near = nearestParameters(id);
  return {
    message: `unknown parameter${near.length ? `; did you mean ${near.join(" or ")}?` : ""}`,
    expected: `a parameter id of src/cart/dictionary.ts (platform parameters: id__allogeneic, id__invivo for the other platforms; id__<strategy> for a comparator of ${disease}: ${comparators.map((c) => c.strategy).join(", ") || "none"})`,
  };
}

/**
 * The model's cost and outcome values (per cycle unless `per: "year"`), in the order results list them.
 * The one-time treatment's components are worded for every one-time strategy (CAR T and one-time
 * comparators such as autologous HSCT share them, src/cart/labels.ts), so a chart's legend is true
 * for every bar.
 */
const CART_VALUES: ModelSpec["values"] = [
  { id: "c_cart_product", kind: "cost", label: "One-time treatment: price" },
  { id: "c_cart_episode", kind: "cost", label: "One-time treatment: administration and side effects" },
  { id: "c_cart_bridging", kind: "cost", label: "Bridging while waiting", per: "year" },
  {
    id: "c_cart_followup",
    kind: "cost",
    label: "One-time treatment: follow-up care",
    per: "year",
  },
  { id: "c_soc_drug", kind: "cost", label: "Lifelong therapy: drugs", per: "year" },
  { id: "c_soc_other", kind: "cost", label: "Lifelong therapy: monitoring and adverse events", per: "year" },
  { id: "c_disease_active", kind: "cost", label: "Active disease", per: "year" },
  { id: "c_disease_damage", kind: "cost", label: "Irreversible damage", per: "year" },
  { id: "qaly", kind: "utility", label: "QALYs in health states" },
  { id: "qaly_infusion", kind: "utility", label: "QALY loss of infusion episodes" },
];

/**
 * Structural parameters (not evidence): switches, the background death rate and derived quantities.
 * Longer than ~120 lines because it is one table (an object literal, one entry per parameter with
 * its unit and why), which reads best whole.
 */
function structuralParameters(
  preset: Preset,
  lifeTable: TableSpec,
  itt: boolean,
  durability: DurabilityScenario,
): Parameters {
  const norms = preset.utilityNorms;
  return {
    is_cart: {
      value: 0,
      unit: "switch",
      description:
        "1 in the strategies of a one-time treatment (CAR T, and one-time comparators such as autologous HSCT): wait, treatment episode, remission",
      status: "structure",
    },
    itt: {
      value: itt ? 1 : 0,
      unit: "switch",
      description:
        "1: results per patient intended to receive CAR T (waiting, manufacturing failure counted); 0: per infused patient",
      status: "structure",
    },
    male: { value: 0, unit: "switch", description: "1 in the male cohort (life-table column)", status: "structure" },
    mu_background: {
      value: 'male ? lookup("lt", "Male", age) : lookup("lt", "Female", age)',
      unit: "1/year",
      description: `Background death rate at the current age (${lifeTable.source ?? "life table"})`,
    },
    // Absolute excess mortality where a source reports deaths per patient-year (ESKD): an SMR on a young
    // background rate understates it (SMR 10 at 40 gives about 1%/yr; LN-ESKD cohorts report 6.7%/yr).
    h_die_damage: {
      value: "max(mu_background * smr_damage, mu_background + r_excess_death_damage)",
      unit: "1/year",
      description: "Death rate in Damage",
    },
    // smr_disease is the published SMR of all patients, whose deaths include those of patients with damage.
    // Applied as it stands to the damage-free states on top of Damage's own rate, the damage deaths would
    // count twice. The damage-free rate is the all-patient rate with the damaged share's deaths removed:
    // mu smr = (1 - f) h_free + f h_damage  =>  h_free = (mu smr - f h_damage) / (1 - f), at least background.
    h_die_disease: {
      value: "max(mu_background, (mu_background * smr_disease - f_damage_smr * h_die_damage) / (1 - f_damage_smr))",
      unit: "1/year",
      description:
        "Death rate without damage: the all-patient SMR with the deaths of its damaged share (f_damage_smr, at Damage's rate) removed",
    },
    h_die_remission: { value: "mu_background * smr_remission", unit: "1/year" },
    // Age adjustment of health-state utilities (NICE DSU TSD 12, multiplicative): the general population's
    // EQ-5D-3L at the current age over that at the start age, by sex, from the preset's norms (England:
    // Hernández Alava et al. 2022, the norms of the severity modifier; US: Szende et al. 2014, not by sex;
    // src/cart/norms.ts). f_utility_age 0 turns it off.
    u_age_multiplier: {
      value: `1 - f_utility_age + f_utility_age * (male ? ${normRatio(norms, "Male")} : ${normRatio(norms, "Female")})`,
      unit: "ratio",
      description: `Multiplier of every health-state utility: the general population's utility at the current age over that at the start age (by sex; ${norms.label}), weighted by f_utility_age`,
    },
    // The cap: no health state above the general population of the same age and sex (f_utility_cap 1),
    // none at all (0: a cap of 1, full health).
    u_utility_cap: {
      value: `1 - f_utility_cap * (1 - (male ? ${normAt(norms, "Male", "age")} : ${normAt(norms, "Female", "age")}))`,
      unit: "utility",
      description: `Highest health-state utility: the general population's at the current age and sex (${norms.label}) when f_utility_cap is 1, full health (1) when it is 0`,
    },
    f_damage_start: {
      value: "itt * f_damage0",
      unit: "proportion",
      description:
        "Share starting in Damage: f_damage0 per patient intended to receive CAR T; 0 per infused patient (patients with damage are never infused, so they are not in that population)",
    },
    r_attempt: {
      value: "d_vein_to_vein > 0 ? 365.25 / d_vein_to_vein : 0",
      unit: "1/year",
      description: "Rate at which a product becomes available (inverse of the mean vein-to-vein time)",
    },
    no_wait: {
      value: "d_vein_to_vein <= 0",
      unit: "switch",
      description: "Products available at once: infusion within the first cycle",
    },
    r_damage_waiting: {
      value: "f_controlled0 * r_damage_controlled + (1 - f_controlled0) * r_damage_active",
      unit: "1/year",
      description: "Damage rate while waiting: standard of care in its baseline mix of controlled and active disease",
    },
    p_retreat_response: {
      value: "rr_retreat_response * p_response",
      unit: "probability",
      description:
        "Drug-free remission after a retreatment course: the first course's p_response times rr_retreat_response",
    },
    c_episode: {
      value:
        "c_lymphodepletion + c_admission + p_crs_severe * c_crs_severe + p_crs_mild * c_crs_mild + p_icans * c_icans + p_tocilizumab * c_tocilizumab + p_icu * c_icu + c_safety",
      unit: `${preset.currency} per infusion`,
      description: "Expected cost of an infusion episode besides the product, long-term safety events included",
    },
    // Long-term safety events as expected one-off amounts at each infusion (issue [7] item 6). Immunoglobulin
    // replacement beyond B-cell aplasia is counted undiscounted at infusion (y_hypogamma years of c_ivig).
    c_safety: {
      value:
        "p_t_malignancy * c_t_malignancy + p_cytopenia * c_cytopenia + p_hypogamma * y_hypogamma * c_ivig + p_fertility * c_fertility",
      unit: `${preset.currency} per infusion`,
      description:
        "Expected cost of long-term safety events per infusion: secondary T-cell malignancy, prolonged cytopenia, immunoglobulin replacement beyond B-cell aplasia, fertility preservation",
    },
    // QALY loss per infusion by component: the episode itself (u_infusion_loss), CRS and ICANS as utility
    // decrements (Howell et al. 2022) over their durations in days, and the long-term safety events.
    q_infusion_loss: {
      value:
        "u_infusion_loss + (p_crs_mild * u_crs_mild * d_crs + p_crs_severe * u_crs_severe * d_crs + p_icans * u_icans * d_icans) / 365.25 + p_cytopenia * q_cytopenia + p_t_malignancy * q_t_malignancy",
      unit: "QALYs per infusion",
      description:
        "Expected QALY loss of an infusion: episode, CRS and ICANS decrements over their durations, prolonged cytopenia, secondary T-cell malignancy",
    },
    c_bcell: {
      value: "p_ivig * c_ivig + c_infection",
      unit: `${preset.currency} per year`,
      description: "IVIG and infections during B-cell aplasia",
    },
    f_cure: {
      value: durability.kind === "cure" ? durability.cureFraction : 0,
      unit: "proportion",
      description: "Mixture-cure scenario: share of responders who never relapse (0 outside that scenario)",
      status: "structure",
    },
    y_benefit_limit: {
      value: durability.kind === "limited" ? durability.years : 0,
      unit: "years",
      description:
        "Time-limited-benefit scenario: years after infusion at which everyone still in remission relapses (0: no limit)",
      status: "structure",
    },
    t_relapse_clock: {
      value: "min(yearsInState, m_relapse_horizon / 12)",
      unit: "years",
      description: "Time since infusion for the Weibull hazard, held at m_relapse_horizon",
    },
    h_relapse_cycle: {
      // 50 = a cumulative hazard whose exit probability is 1 - e^-50, i.e. everyone, in the cycle that reaches the limit.
      value:
        "r_relapse * ((t_relapse_clock + cycleLength) ^ k_relapse - t_relapse_clock ^ k_relapse) + (y_benefit_limit > 0 && yearsInState + cycleLength > y_benefit_limit + 0.000001 ? 50 : 0)",
      unit: "cumulative hazard per cycle",
      description:
        "Weibull cumulative hazard of relapse over the cycle, by time since infusion (held after m_relapse_horizon); all relapse when a benefit limit is reached",
    },
    h_other_remission: {
      value: "(r_damage_remission + h_die_remission) * cycleLength",
      unit: "cumulative hazard per cycle",
      description: "Damage and death from remission over the cycle",
    },
    h_remission_cycle: {
      value: "h_relapse_cycle + h_other_remission",
      unit: "cumulative hazard per cycle",
      description: "All exits from remission over the cycle",
    },
    g_remission: {
      value: "h_remission_cycle > 0 ? (1 - exp(-h_remission_cycle)) / h_remission_cycle : 1",
      unit: "probability per unit of cumulative hazard",
      description:
        "Competing risks: the probability of each exit from remission is its cumulative hazard times this factor",
    },
  };
}

/** The prefix of a health-state utility's age-adjusted and capped copy: adj_u_remission for u_remission. */
export const ADJUSTED = "adj_";

/**
 * A utility a QALY formula reads, as it is or through its adjusted copy (group 1: the u_ id): u_ ids other
 * than the model's own multiplier and cap. Decrements (…_loss) match too; the callers leave them out.
 */
const UTILITY_READ = new RegExp(`\\b(?:${ADJUSTED})?(u_(?!age_multiplier\\b|utility_cap\\b)[a-z0-9_]+)\\b`, "g");

/**
 * A QALY formula reading each health-state utility u through its age-adjusted and capped copy
 * adj_u (a derived parameter, {@link adjustedUtilityParameters}); decrements (…_loss) as they are.
 * Derived parameters, not the expression inline: each is evaluated once per lane when the age
 * changes, not once per state and tunnel that reads it.
 */
function adjustedUtilities(formula: string): string {
  return formula.replace(UTILITY_READ, (read, u: string) => (read !== u || u.endsWith("_loss") ? read : ADJUSTED + u));
}

/** The derived parameters adj_u the states' QALY formulas read: min(u > 0 ? u m : u, cap). */
function adjustedUtilityParameters(states: StateSpec[]): Parameters {
  // The utilities read as they are or through their adjusted copies (both switches at 0: as they are).
  const ids = new Set(
    states.flatMap((st) =>
      [...String(st.values?.qaly ?? "").matchAll(UTILITY_READ)].map((m) => m[1]).filter((u) => !u.endsWith("_loss")),
    ),
  );
  return Object.fromEntries(
    [...ids].map((u) => [
      ADJUSTED + u,
      {
        value: `min(${u} > 0 ? ${u} * u_age_multiplier : ${u}, u_utility_cap)`,
        unit: "utility",
        description: `${u} age-adjusted (u_age_multiplier; not below 0) and capped at the population norm (u_utility_cap)`,
      },
    ]),
  );
}

/** The general population's utility at `age` (a formula), one sex's column; ages below the table's first read it. */
function normAt(norms: PopulationNorms, column: "Male" | "Female", age: string): string {
  return `lookup("norms", "${column}", max(${age}, ${norms.table.columns[norms.table.key][0]}))`;
}

/** The general population's utility at the current age over that at the start age, one sex's column. */
function normRatio(norms: PopulationNorms, column: "Male" | "Female"): string {
  return `${normAt(norms, column, "age")} / ${normAt(norms, column, "age_start")}`;
}

/** Transition formulas shared by states, transitions and one-off costs (per cycle of length L). */
interface CartFormulas {
  L: string;
  waiting: Record<"attempt" | "damage" | "dead", string>;
  controlled: Record<string, string>;
  active: Record<string, string>;
  remission: Record<"relapse" | "Damage" | "Dead", string>;
  pDieInfusion: string;
  /** Expected cost per cycle spent waiting of the new apheresis a second manufacture needs. */
  pRemanufactureApheresis: string;
}

function cartFormulas(structure: DiseaseStructure | null): CartFormulas {
  const L = "cycleLength";
  // While waiting, patients are on standard of care in its baseline mix of controlled and active disease.
  const die = structure?.deathRates ?? {
    Waiting: "h_die_disease",
    Controlled: "h_die_disease",
    Active: "h_die_disease",
  };
  const waiting = competing({
    attempt: "r_attempt * " + L,
    damage: `r_damage_waiting * ${L}`,
    dead: `${die.Waiting} * ${L}`,
  }) as CartFormulas["waiting"];
  return {
    L,
    waiting,
    controlled: competing({
      Active: `r_flare * ${L}`,
      Damage: `r_damage_controlled * ${L}`,
      Dead: `${die.Controlled} * ${L}`,
    }),
    active: competing({
      Controlled: `r_control * ${L}`,
      Damage: `r_damage_active * ${L}`,
      Dead: `${die.Active} * ${L}`,
    }),
    // Competing exits from remission: each exit's cumulative hazard times g_remission = (1 - e^-H) / H.
    remission: {
      relapse: "h_relapse_cycle * g_remission",
      Damage: `r_damage_remission * ${L} * g_remission`,
      Dead: `h_die_remission * ${L} * g_remission`,
    },
    pDieInfusion: `(1 - (1 - p_trm) * exp(-h_die_disease * ${L}))`,
    pRemanufactureApheresis: `(no_wait ? 1 : ${waiting.attempt}) * p_mfg_fail * p_remanufacture * c_apheresis`,
  };
}

/**
 * The states: Waiting, Infusion, Remission (time in state up to `horizonLimit` months) and the
 * retreatment courses' copies of them ({@link courseSets}), Cured in the mixture-cure scenario,
 * Controlled, Active, Damage, the disease's own damage stages, Dead. Events within shared states from
 * the disease's structure (`stateValues`) add to those states' values (Waiting's to every course's).
 */
function cartStates(
  structure: DiseaseStructure | null,
  durability: DurabilityScenario,
  f: CartFormulas,
  limits: { relapseHorizon: number; horizonLimit: number; adjustUtilities: boolean },
  courses: CourseSets,
): StateSpec[] {
  const remissionValues = {
    c_cart_followup: "c_remission_followup + (yearsInState * 12 < m_bcell_aplasia ? c_bcell : 0)",
    qaly: "u_remission",
  };
  const ids = courseIds(courses);
  const course = (k: number, last: boolean) =>
    k === 0 ? "" : ` (course ${k + 1}${last && courses.openEnded ? " or later" : ""})`;
  const waiting = ids.waiting.map((id, k): StateSpec => ({
    id,
    label:
      k === 0
        ? "Waiting for the product (on standard of care)"
        : `Waiting for a retreatment product (on standard of care)${course(k, k === courses.waiting - 1)}`,
    values: {
      ...SOC_VALUES,
      c_disease_active: "(1 - f_controlled0) * c_active",
      c_cart_bridging: "c_bridging",
      // A second manufacture needs a new apheresis (bespoke products; c_apheresis is 0 for the others):
      // an event of each cycle spent waiting, so an amount per cycle (see the one-off in buildCartModel).
      c_cart_episode: f.pRemanufactureApheresis,
      qaly: "f_controlled0 * u_controlled + (1 - f_controlled0) * u_active",
    },
  }));
  // The infusion month has the pre-treatment utility (the SoC mix, as while waiting); the toxicity and
  // admission are the separate decrement q_infusion_loss, so active-disease utility is not also applied.
  const infusion = ids.infusion.map((id, k): StateSpec => ({
    id,
    label: `Infusion month${course(k, k === courses.waiting - 1)}`,
    values: { qaly: "f_controlled0 * u_controlled + (1 - f_controlled0) * u_active" },
  }));
  const remission = ids.remission.map((id, k): StateSpec => ({
    id,
    label: `Drug-free remission after CAR T${k === 0 ? "" : ` (after course ${k + 1}${k === courses.remission - 1 && courses.openEnded ? " or later" : ""})`}`,
    timeInState: { limit: limits.horizonLimit },
    values: { ...remissionValues },
  }));
  const states: StateSpec[] = [
    ...waiting.flatMap((w, k) => [w, infusion[k], ...(remission[k] ? [remission[k]] : [])]),
    ...(durability.kind === "cure"
      ? [
          {
            id: "Cured",
            label: "Drug-free remission without relapse risk (mixture-cure scenario)",
            timeInState: { limit: limits.relapseHorizon },
            values: { ...remissionValues },
          },
        ]
      : []),
    {
      id: "Controlled",
      label: "Controlled on standard of care",
      values: { ...SOC_VALUES, qaly: "u_controlled" },
    },
    {
      id: "Active",
      label: "Active disease on standard of care",
      values: { ...SOC_VALUES, c_disease_active: "c_active", qaly: "u_active" },
    },
    {
      id: "Damage",
      label: structure?.damageLabel ?? "Irreversible damage",
      values: { ...SOC_VALUES, c_disease_damage: "c_damage", qaly: "u_damage" },
    },
    ...(structure?.states ?? []),
    { id: "Dead", label: "Dead", dead: true },
  ];
  // Each health-state utility a state's QALY formula reads is age-adjusted (u_age_multiplier, NICE DSU
  // TSD 12) and capped at the general population's (u_utility_cap) before the formula combines them, so
  // a mix (Waiting's f_controlled0 * u_controlled + ...) caps each part. A utility below 0 is not
  // multiplied (a factor below 1 would make it less negative, i.e. better, with age). Decrements
  // (…_loss), the events' QALY losses added below and the one-off losses of infusions and transitions
  // are neither adjusted nor capped. New objects: a structure's states are its own.
  // With both switches at 0 the formulas stay as they were (values that do not change with age: no
  // sums of changing values at all, docs/performance.md, 7 December 2026).
  if (limits.adjustUtilities)
    for (const [i, st] of states.entries())
      if (st.values?.qaly !== undefined)
        states[i] = { ...st, values: { ...st.values, qaly: adjustedUtilities(String(st.values.qaly)) } };
  for (const [stateId, extra] of Object.entries(structure?.stateValues ?? {})) {
    // Every course's copy of a state takes its terms; Cured (mixture-cure scenario) is remission
    // without relapse risk, so it takes Remission's terms too.
    const copies: Record<string, string[]> = {
      Waiting: ids.waiting,
      Infusion: ids.infusion,
      Remission: [...ids.remission, "Cured"],
    };
    const targets = copies[stateId] ?? [stateId];
    for (const st of states.filter((x) => targets.includes(x.id))) {
      const values = (st.values ??= {});
      for (const [v, e] of Object.entries(extra)) values[v] = values[v] === undefined ? e : `(${values[v]}) + (${e})`;
    }
  }
  return states;
}

/** Transition probabilities per cycle between the states of `cartStates`. */
function cartTransitions(
  structure: DiseaseStructure | null,
  durability: DurabilityScenario,
  f: CartFormulas,
  courses: CourseSets,
): ModelSpec["transitions"] {
  const { L, waiting, remission, pDieInfusion } = f;
  const attempt = `(no_wait ? 1 : ${waiting.attempt})`;
  const ids = courseIds(courses);
  const out: ModelSpec["transitions"] = {};
  ids.waiting.forEach((w, k) => {
    out[w] = {
      [w]: "C",
      [ids.infusion[k]]: `${attempt} * (1 - p_mfg_fail)`,
      // A failed manufacture without a second attempt returns the patient to standard of care (baseline mix).
      Controlled: `${attempt} * p_mfg_fail * (1 - p_remanufacture) * f_controlled0`,
      Active: `${attempt} * p_mfg_fail * (1 - p_remanufacture) * (1 - f_controlled0)`,
      Damage: `no_wait ? 0 : ${waiting.damage}`,
      Dead: `no_wait ? 0 : ${waiting.dead}`,
    };
    // Without remission the patient returns to standard of care in its baseline mix. A retreatment course
    // responds with p_retreat_response; its responders enter the remission set of their course (the last
    // set for courses beyond it, see courseSets).
    const response = k === 0 ? "p_response" : "p_retreat_response";
    out[ids.infusion[k]] = {
      [ids.remission[Math.min(k, courses.remission - 1)]]: `(1 - ${pDieInfusion}) * ${response} * (1 - f_cure)`,
      ...(durability.kind === "cure" ? { Cured: `(1 - ${pDieInfusion}) * ${response} * f_cure` } : {}),
      Controlled: `(1 - ${pDieInfusion}) * (1 - ${response}) * f_controlled0`,
      Active: "C",
      Dead: pDieInfusion,
    };
  });
  // Relapse from the remission of course k: retreated (p_retreat) while the strategy's cap allows another
  // course (n_max_courses 0: no cap); otherwise back to standard of care (Active, or the disease's own split).
  const toControlled = structure?.relapseToControlled;
  ids.remission.forEach((r, k) => {
    // round(): a non-integer cap counts as courseSets counts it (Math.round).
    const allowed = `(round(n_max_courses) < 1 || round(n_max_courses) > ${k + 1})`;
    const soc = `${remission.relapse} * (1 - p_retreat * ${allowed})`;
    out[r] = {
      [r]: "C",
      [ids.waiting[Math.min(k + 1, courses.waiting - 1)]]: `${remission.relapse} * p_retreat * ${allowed}`,
      ...(toControlled
        ? { Controlled: `${soc} * ${toControlled}`, Active: `${soc} * (1 - ${toControlled})` }
        : { Active: soc }),
      Damage: remission.Damage,
      Dead: remission.Dead,
    };
  });
  return {
    ...out,
    ...(durability.kind === "cure"
      ? {
          Cured: {
            Cured: "C",
            ...competing({ Damage: `r_damage_remission * ${L}`, Dead: `h_die_remission * ${L}` }),
          },
        }
      : {}),
    Controlled: { Controlled: "C", ...f.controlled },
    Active: { Active: "C", ...f.active },
    Damage: structure?.damageExits ?? { Damage: "C", Dead: `rateToProb(h_die_damage, ${L})` },
    ...(structure?.transitions ?? {}),
    Dead: { Dead: 1 },
  };
}

/**
 * Standard of care, the three CAR T platforms (platform parameters id__<platform> where `parameters` has
 * one, else the autologous id), then the disease's comparators.
 */
function cartStrategies(
  parameters: Parameters,
  comparators: Comparator[],
  comparatorOverrides: Record<string, Record<string, string | number>>,
): ModelSpec["strategies"] {
  const strategies: ModelSpec["strategies"] = (["soc", ...PLATFORMS] as const).map((id) => {
    if (id === "soc") return { id, label: STRATEGY_LABELS.soc, parameters: {} };
    const ov: Record<string, string | number> = { is_cart: 1 };
    // A platform reads id__<platform> where its table gives a row, else the autologous id (sameForPlatforms).
    if (id !== "autologous")
      for (const def of PARAMETERS)
        if (def.scope === "platform" && Object.hasOwn(parameters, platformParam(def.id, id)))
          ov[def.id] = platformParam(def.id, id);
    return { id, label: STRATEGY_LABELS[id], parameters: ov };
  });
  for (const c of comparators)
    strategies.push({ id: c.strategy, label: c.label, parameters: comparatorOverrides[c.strategy] });
  return strategies;
}
