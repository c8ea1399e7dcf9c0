/**
 * A scenario: the assumptions a user changes in the report (disease, preset, platform, parameter
 * values, analysis options). It is what a shared link carries (in the URL fragment) and what every
 * download records. Pure functions: encoding, decoding with validation, and running it.
 */
import { MAX_PROBLEMS, ModelError, Problems, formatProblem } from "../model/errors.js";
import { compileCached } from "../model/compile/cache.js";
import { evaluate } from "../model/run/evaluate.js";
import { CsvTableReader, forEachRowInSlices, type CsvRow } from "../model/io/csv-table.js";
import { DATA_STAMP, GIVEN_TWICE, NOT_DECODED, linkEntries, shortText } from "../model/io/query.js";
export { DATA_STAMP, dataChanged } from "../model/io/query.js";
import {
  checkCureFraction,
  checkDurability,
  checkInRange,
  checkParameterValue,
  nearestParameters,
  type Checked,
} from "./check.js";
import type { ModelSpec, TableSpec } from "../model/spec/spec.js";
import { runCart, type CartAnalysis } from "./analysis.js";
import { PARAMETERS, PLATFORMS, type PlatformId } from "./dictionary.js";
import { readEvidence, type Evidence } from "./evidence.js";
import { buildCartModel, lifeTableFromCsv } from "./model.js";
import { PRESET_IDS, presetById, requirePreset } from "./presets.js";
import { DURABILITY_SCENARIOS, type DurabilityScenario } from "./durability.js";

export interface Scenario {
  disease: string;
  preset: string;
  platform: PlatformId;
  /** Parameter values replacing the defaults, in the preset's currency and price year for costs. */
  overrides: Record<string, number>;
  wtp: number | null;
  discountCosts: number | null;
  discountOutcomes: number | null;
  horizonAge: number;
  /** Structural durability scenario: an id of DURABILITY_SCENARIOS (src/cart/durability.ts). */
  durability: string;
  /** Cure fraction of the `cure` scenario; null: its default (DEFAULT_CURE_FRACTION). */
  cureFraction: number | null;
}

export const DEFAULT_SCENARIO: Scenario = {
  disease: "sle",
  preset: "us",
  platform: "autologous",
  overrides: {},
  wtp: null,
  discountCosts: null,
  discountOutcomes: null,
  horizonAge: 100,
  durability: "weibull",
  cureFraction: null,
};

/**
 * Every key a scenario carries, in the order a scenario file writes them and a link lists them
 * (overrides last; a link writes each as p.<parameter>). The one list that the file format
 * (scenario-file.ts), links and {@link evaluableScenario} read: a key added to Scenario goes here.
 */
export const SCENARIO_KEYS = [
  "disease",
  "preset",
  "platform",
  "wtp",
  "discountCosts",
  "discountOutcomes",
  "horizonAge",
  "durability",
  "cureFraction",
  "overrides",
] as const satisfies readonly (keyof Scenario)[];

export type ScenarioKey = (typeof SCENARIO_KEYS)[number];

// Compile-time check: a key of Scenario missing from SCENARIO_KEYS breaks the constraint below
// (exported only so that noUnusedLocals keeps it).
type NoneMissing<Missing extends never> = Missing;
export type EveryKeyListed = NoneMissing<Exclude<keyof Scenario, ScenarioKey>>;

/** Every key but the parameter overrides: the keys that hold one value each. */
const KEYS_BUT_OVERRIDES = SCENARIO_KEYS.filter((k): k is Exclude<ScenarioKey, "overrides"> => k !== "overrides");

/**
 * A cure fraction belongs to the `cure` durability scenario only: with another scenario it would be
 * ignored by the model yet kept in the link or file, as if it were in force. The problem, or null.
 * (`cartecon cart --cure-fraction` without `--durability-scenario cure` is refused the same way.)
 */
export function cureFractionClash(s: Scenario): [message: string, value: number, expected: string] | null {
  if (s.cureFraction === null || s.durability === "cure") return null;
  return [
    `a cure fraction applies only with durability=cure (this scenario's durability is ${s.durability})`,
    s.cureFraction,
    "durability=cure with the cure fraction, or no cure fraction",
  ];
}

/** The durability scenario a Scenario names (its id and, for `cure`, its fraction). */
export function scenarioDurability(s: Scenario): DurabilityScenario {
  const id = checkDurability(s.durability);
  if (!id.ok) throw new ModelError(id.problem);
  if (s.cureFraction !== null) {
    const f = checkCureFraction(s.cureFraction);
    if (!f.ok) throw new ModelError(f.problem);
  }
  return DURABILITY_SCENARIOS[id.value].make(s.cureFraction ?? undefined);
}

/**
 * Every parameter name a scenario may override: dictionary ids, platform parameters as id__platform
 * (but the same quantity on every platform, sameForPlatforms: the id only, which every platform reads).
 */
export function overridableParameters(): string[] {
  const out: string[] = [];
  for (const p of PARAMETERS) {
    if (p.scope === "platform" && !p.sameForPlatforms)
      for (const pl of PLATFORMS) out.push(pl === "autologous" ? p.id : `${p.id}__${pl}`);
    else out.push(p.id);
  }
  return out;
}

/**
 * The URL fragment of a scenario, as search parameters: the disease always (so no link is empty: a
 * link to the default scenario was `explorer.html` or `explorer.html#`, which a page reads as no
 * link and replaces with the reader's own stored scenario), then what differs from the defaults,
 * then, when given, the data stamp of the page that made it (DATA_STAMP).
 */
export function encodeScenario(s: Scenario, data?: string): string {
  const q = new URLSearchParams();
  q.set("disease", s.disease);
  for (const k of KEYS_BUT_OVERRIDES)
    if (k !== "disease" && s[k] !== DEFAULT_SCENARIO[k] && s[k] !== null) q.set(k, String(s[k]));
  for (const [k, v] of Object.entries(s.overrides).sort()) q.set(`p.${k}`, String(v));
  // Last, so the settings read first; only in a page's link and storage (Compare's s= has its own).
  if (data) q.set(DATA_STAMP.key, data);
  return q.toString();
}

/** Ranges of the scenario's settings (the parameters' ranges are in dictionary.ts). */
export const SETTING_RANGES = {
  // No HTA body uses a threshold above a few hundred thousand per QALY; 10 million leaves room for
  // exploration and refuses typos such as 1e9.
  wtp: { min: 0, max: 1e7, text: "an amount per QALY in [0, 10,000,000]" },
  discountCosts: { min: 0, max: 0.2, text: "an annual rate in [0, 0.2]" },
  discountOutcomes: { min: 0, max: 0.2, text: "an annual rate in [0, 0.2]" },
  horizonAge: { min: 1, max: 120, text: "an age in [1, 120] years" },
} as const;

export type SettingKey = keyof typeof SETTING_RANGES;

/**
 * The check of one scenario setting, as {@link checkParameterValue} is for parameters: `value` is
 * text typed by a person (read with parseDecimal) or a number. Returns the number or the problem.
 */
export function checkSetting(key: SettingKey, value: unknown): Checked<number> {
  return checkInRange(key, value, SETTING_RANGES[key]);
}

/** What decoding a link or a stored scenario found wrong: the first 100 problems and the count of all. */
export interface DecodedScenario {
  scenario: Scenario;
  problems: string[];
  /** How many problems in all (problems.length, or more when the list was cut at 100). */
  total: number;
  /** The data stamp the link was made with (`data=`), when it carries one (see DATA_STAMP). */
  data?: string;
}

/**
 * Reads a fragment (a link's `#...` or the text kept in the browser's storage). Anything invalid is
 * left at its default and named in `problems` (key, value and what was expected); the rest loads. A
 * stale, mistyped or hostile link never breaks the page: every name is looked up as an own entry
 * (`preset=constructor` is an unknown preset, `p.__proto__=1` an unknown parameter) and every
 * value goes through the same checks as the Parameters editor.
 */
export function decodeScenario(fragment: string, diseases: readonly string[]): DecodedScenario {
  const s: Scenario = { ...DEFAULT_SCENARIO, overrides: {} };
  const problems = new Problems();
  let data: string | undefined;
  // A `+` is a plus sign (`wtp=1e+5`), not the space a form would make of it: no value holds a space.
  const setting = (k: SettingKey, v: string): number | null => {
    const c = checkSetting(k, v);
    if (c.ok) return c.value;
    problems.add(c.problem.where, c.problem.message, c.problem.value, c.problem.expected);
    return null;
  };
  for (const { key: k, value: v, kind } of linkEntries(fragment, "plus")) {
    if (kind !== "first") problems.add(k, kind === "again" ? GIVEN_TWICE : NOT_DECODED, v);
    else if (k === DATA_STAMP.key)
      DATA_STAMP.pattern.test(v)
        ? (data = v)
        : problems.add(k, DATA_STAMP.refused.message, v, DATA_STAMP.refused.expected);
    else if (k === "disease")
      diseases.includes(v) ? (s.disease = v) : problems.add(k, "unknown disease", v, `one of ${diseases.join(", ")}`);
    else if (k === "preset")
      presetById(v) ? (s.preset = v) : problems.add(k, "unknown preset", v, `one of ${PRESET_IDS.join(", ")}`);
    else if (k === "platform")
      (PLATFORMS as readonly string[]).includes(v)
        ? (s.platform = v as PlatformId)
        : problems.add(k, "unknown platform", v, `one of ${PLATFORMS.join(", ")}`);
    else if (k === "wtp" || k === "discountCosts" || k === "discountOutcomes") s[k] = setting(k, v);
    else if (k === "horizonAge") s.horizonAge = setting(k, v) ?? DEFAULT_SCENARIO.horizonAge;
    else if (k === "durability" || k === "cureFraction") {
      const c = k === "durability" ? checkDurability(v) : checkCureFraction(v);
      if (c.ok) (s as unknown as Record<string, unknown>)[k] = c.value;
      else problems.add(c.problem.where, c.problem.message, c.problem.value, c.problem.expected);
    } else if (k.startsWith("p.")) {
      const c = checkParameterValue(k.slice(2), v, { where: k, suggest: problems.size < MAX_PROBLEMS });
      if (c.ok) s.overrides[c.parameter] = c.value;
      else problems.add(c.problem.where, c.problem.message, c.problem.value, c.problem.expected);
    } else
      problems.add(
        shortText(k),
        "not a scenario setting",
        undefined,
        `${KEYS_BUT_OVERRIDES.join(", ")}, p.<parameter> or ${DATA_STAMP.key}`,
      );
  }
  const clash = cureFractionClash(s);
  if (clash) {
    problems.add("cureFraction", ...clash);
    s.cureFraction = null;
  }
  return { scenario: s, problems: problems.list.map(formatProblem), total: problems.size, ...(data ? { data } : {}) };
}

/**
 * Why a scenario cannot be evaluated (the model's own message), or null if it can. Builds, compiles
 * (cached by structure) and evaluates once without per-cycle output: a few milliseconds.
 */
export function scenarioProblem(evidence: Evidence, lifeTable: TableSpec | LifeTables, s: Scenario): string | null {
  try {
    const preset = presetById(s.preset);
    if (!preset) return `unknown preset "${s.preset}"`;
    const discount =
      s.discountCosts !== null || s.discountOutcomes !== null
        ? { costs: s.discountCosts ?? preset.discount.costs, outcomes: s.discountOutcomes ?? preset.discount.outcomes }
        : undefined;
    const built = buildCartModel(evidence, s.disease, preset, lifeTableFor(lifeTable, s.preset), {
      overrides: s.overrides,
      horizonAge: s.horizonAge,
      discount,
      durability: scenarioDurability(s),
    });
    const { model, parameters } = compileCached(built.spec);
    evaluate(model, { parameters, trace: false, perCycle: false });
    return null;
  } catch (e) {
    // A page must never be left broken by its own storage: any failure, not only a ModelError, is a
    // reason to drop the setting that causes it.
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * A scenario that can be evaluated, from one that may not (a link or stored scenario whose values
 * pass their range checks one by one but not together, e.g. a start age above the horizon's end).
 * Starting from the defaults, the scenario's settings and overrides are added back in order; each
 * one that makes the scenario fail is dropped and named, the rest loads. The longest evaluable run
 * of additions is found by bisection, so a link with n settings costs about log2(n) + 2 evaluations
 * per dropped setting rather than n (page load stays bounded however long the link is).
 */
export function evaluableScenario(
  evidence: Evidence,
  lifeTable: TableSpec | LifeTables,
  s: Scenario,
): { scenario: Scenario; problems: string[] } {
  if (scenarioProblem(evidence, lifeTable, s) === null) return { scenario: s, problems: [] };
  let ok: Scenario = { ...DEFAULT_SCENARIO, overrides: {} };
  if (scenarioProblem(evidence, lifeTable, ok) !== null)
    throw new ModelError({ where: "default scenario", message: "the shipped defaults cannot be evaluated" });
  type Step = { label: string; apply: (x: Scenario) => Scenario };
  const steps: Step[] = [];
  for (const k of KEYS_BUT_OVERRIDES) {
    if (s[k] !== ok[k]) steps.push({ label: `${k}=${s[k]}`, apply: (x) => ({ ...x, [k]: s[k] }) });
  }
  for (const [id, v] of Object.entries(s.overrides).sort())
    steps.push({ label: `p.${id}=${v}`, apply: (x) => ({ ...x, overrides: { ...x.overrides, [id]: v } }) });
  const withSteps = (base: Scenario, from: number, to: number) =>
    steps.slice(from, to).reduce((x, step) => step.apply(x), base);
  const problems: string[] = [];
  let next = 0;
  while (next < steps.length) {
    // Invariant: ok + steps[next, lo) evaluates; ok + steps[next, hi) does not (or hi is past the end).
    if (scenarioProblem(evidence, lifeTable, withSteps(ok, next, steps.length)) === null) {
      ok = withSteps(ok, next, steps.length);
      break;
    }
    let lo = next;
    let hi = steps.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (scenarioProblem(evidence, lifeTable, withSteps(ok, next, mid)) === null) lo = mid;
      else hi = mid;
    }
    ok = withSteps(ok, next, lo);
    const why =
      scenarioProblem(evidence, lifeTable, steps[lo].apply(ok)) ?? "it fails together with the settings before it";
    problems.push(
      `${steps[lo].label}: dropped, the scenario cannot be evaluated with it (${why.split("\n").slice(0, 3).join(" ").trim()})`,
    );
    next = lo + 1;
  }
  return { scenario: ok, problems };
}

/** Life tables by preset id (each preset names its own; see presets.ts). */
export type LifeTables = Record<string, TableSpec>;

/** The life table of a preset: from a map by preset id, or the one table given. */
export function lifeTableFor(tables: TableSpec | LifeTables, presetId: string): TableSpec {
  if ("columns" in tables && "key" in tables) return tables as TableSpec;
  const t = (tables as LifeTables)[presetId];
  if (!t)
    throw new ModelError({
      where: "life tables",
      message: `no life table for preset "${presetId}"`,
      value: presetId,
      expected: Object.keys(tables).join(", "),
    });
  return t;
}

/** Evidence and life tables from the texts the report's data loader provides (`lifeTable`: the US table; `lifeTables`: one per preset). */
export function cartInputs(json: {
  files: Record<string, string>;
  lifeTable: { file: string; text: string };
  lifeTables?: Record<string, { file: string; text: string }>;
  stamp?: string;
}): {
  evidence: Evidence;
  lifeTable: TableSpec;
  lifeTables: LifeTables;
  /** The data stamp of the build (DATA_STAMP), when the loader wrote one. */
  stamp?: string;
} {
  const lifeTable = lifeTableFromCsv(json.lifeTable.text, json.lifeTable.file);
  const lifeTables: LifeTables = {};
  for (const [id, t] of Object.entries(json.lifeTables ?? {})) lifeTables[id] = lifeTableFromCsv(t.text, t.file);
  for (const id of PRESET_IDS) lifeTables[id] ??= lifeTable;
  return { evidence: readEvidence(json.files), lifeTable, lifeTables, ...(json.stamp ? { stamp: json.stamp } : {}) };
}

/** Runs a scenario (intention to treat unless told otherwise); `durability`, if given, replaces the scenario's. */
export function runScenario(
  evidence: Evidence,
  lifeTables: TableSpec | LifeTables,
  s: Scenario,
  intentionToTreat = true,
  durability?: DurabilityScenario,
): CartAnalysis {
  const preset = requirePreset(s.preset, "preset");
  const discount =
    s.discountCosts !== null || s.discountOutcomes !== null
      ? { costs: s.discountCosts ?? preset.discount.costs, outcomes: s.discountOutcomes ?? preset.discount.outcomes }
      : undefined;
  return runCart(evidence, s.disease, preset, lifeTableFor(lifeTables, s.preset), {
    overrides: s.overrides,
    wtp: s.wtp ?? undefined,
    discount,
    horizonAge: s.horizonAge,
    intentionToTreat,
    durability: durability ?? scenarioDurability(s),
  });
}

/**
 * What made a result: written next to every download. `data` is the page's data stamp (DATA_STAMP,
 * `inputs.stamp`): the link carries it and `dataStamp` names it, so a download says which data it came from.
 */
export function scenarioMetadata(a: CartAnalysis, s: Scenario, version: string, data?: string) {
  return {
    tool: `cartecon ${version}`,
    modelVersion: a.model.spec.version,
    disease: a.disease,
    preset: a.preset.id,
    perspective: a.preset.perspective,
    population: a.population,
    currency: a.preset.currency,
    priceYear: a.preset.priceYear,
    discount: a.result.discount,
    wtp: a.wtp,
    horizonAge: s.horizonAge,
    lifeTable: a.model.lifeTable,
    structuralScenario: a.structuralScenario.label,
    durability: s.durability,
    overrides: s.overrides,
    link: `#${encodeScenario(s, data)}`,
    dataStamp: data ?? null,
    seed: null,
    note: "Deterministic evaluation (no random draws). No published cost-effectiveness analysis of CAR T in this disease exists; defaults are exploratory.",
  };
}

/** Default value of every overridable parameter for a disease and preset (costs converted), with its provenance. */
export function defaultValues(
  evidence: Evidence,
  lifeTables: TableSpec | LifeTables,
  disease: string,
  preset: string,
): Map<string, import("./model.js").Provenance> {
  const p = requirePreset(preset, "preset");
  const built = buildCartModel(evidence, disease, p, lifeTableFor(lifeTables, preset));
  return new Map(built.provenance.map((p) => [p.parameter, p]));
}

/** One row of the Parameters page: a parameter's current value next to its default and provenance. */
export interface ParameterView {
  parameter: string;
  id: string;
  /** The strategy of the parameter's row ("all" for a disease-wide row). */
  strategy: string;
  /**
   * The one-time strategies (CAR T platforms, one-time comparators) whose model reads this value: more
   * than the row's strategy when others have no row of their own (a unit cost shared by every platform,
   * `sameForPlatforms`; a comparator reading CAR T's value). Empty for a disease-wide row ("all").
   */
  readBy: string[];
  description: string;
  value: number;
  defaultValue: number;
  edited: boolean;
  low: number | null;
  high: number | null;
  distribution: string;
  unit: string;
  status: string;
  sourceId: string;
  citation: string;
}

export function parameterViews(evidence: Evidence, lifeTables: TableSpec | LifeTables, s: Scenario): ParameterView[] {
  const preset = requirePreset(s.preset, "preset");
  const built = buildCartModel(evidence, s.disease, preset, lifeTableFor(lifeTables, s.preset));
  const readers = oneTimeReaders(built.spec.strategies ?? []);
  return built.provenance.map((p) => {
    const def = PARAMETERS.find((d) => d.id === p.id)!;
    const edited = Object.hasOwn(s.overrides, p.parameter) && s.overrides[p.parameter] !== p.value;
    const value = edited ? s.overrides[p.parameter] : p.value;
    return {
      parameter: p.parameter,
      id: p.id,
      strategy: p.strategy,
      readBy: p.strategy === "all" ? [] : (readers.get(p.parameter) ?? [p.strategy]),
      description: def.description,
      value,
      defaultValue: p.value,
      edited,
      low: p.row.low === null ? null : p.row.low * p.factor,
      high: p.row.high === null ? null : p.row.high * p.factor,
      distribution: p.row.distribution,
      unit: p.row.currency ? `${preset.currency} ${preset.priceYear} ${def.per ?? ""}`.trim() : p.row.unit,
      status: p.transfer === "ppp" ? `${p.row.status} (PPP transfer)` : p.row.status,
      sourceId: p.row.sourceId,
      citation: evidence.sources.get(p.row.sourceId)?.citation ?? "",
    };
  });
}

/** Columns of the parameter set the Parameters page downloads and accepts back. */
export const PARAMETER_SET_COLUMNS = [
  "parameter",
  "value",
  "default",
  "low",
  "high",
  "distribution",
  "unit",
  "status",
  "source_id",
  "description",
] as const;

export function parameterSetTable(views: ParameterView[]): Record<string, unknown[]> {
  return {
    parameter: views.map((v) => v.parameter),
    value: views.map((v) => v.value),
    default: views.map((v) => v.defaultValue),
    low: views.map((v) => v.low),
    high: views.map((v) => v.high),
    distribution: views.map((v) => v.distribution),
    unit: views.map((v) => v.unit),
    status: views.map((v) => (v.edited ? "user edit" : v.status)),
    source_id: views.map((v) => v.sourceId),
    description: views.map((v) => v.description),
  };
}

/** What reading an uploaded parameter set found. */
export interface ParameterSetResult {
  /** The values that differ from the defaults, or null when nothing is to change (problems, or no rows). */
  overrides: Record<string, number> | null;
  /** The first 100 problems, each naming file, row, column, value and what was expected. */
  problems: string[];
  /** How many problems in all. */
  total: number;
  /** Data rows read (blank lines not counted). */
  rows: number;
  /** The file has a header row but no data rows: nothing changes (an empty file must not reset every edit). */
  empty: boolean;
}

/** Checks the rows of a parameter set one at a time (shared by the whole-file and the sliced reader). */
function parameterSetReader(text: string, file: string, views: ParameterView[]) {
  const problems = new Problems();
  const reader = new CsvTableReader(text, file, problems, ["parameter", "value"]);
  const byName = new Map(views.map((v) => [v.parameter, v]));
  const seen = new Map<string, number>();
  const overrides: Record<string, number> = {};
  const onRow = ({ row, cells }: CsvRow) => {
    if (!cells) return; // its problem is already reported
    const where = `${file} row ${row}`;
    const name = cells.parameter.trim();
    const view = byName.get(name);
    if (!name) return problems.add(`${where} column parameter`, "blank cell", "", "a parameter name");
    if (!view) {
      const near = problems.size < MAX_PROBLEMS ? nearestParameters(name).filter((k) => byName.has(k)) : [];
      return problems.add(
        `${where} column parameter`,
        `unknown parameter${near.length ? `; did you mean ${near.join(" or ")}?` : ""}`,
        name.slice(0, 80),
        "a name from the parameter column of this page's download",
      );
    }
    if (seen.has(name))
      return problems.add(
        `${where} column parameter`,
        `"${name}" appears twice (also row ${seen.get(name)})`,
        name,
        "each parameter once",
      );
    seen.set(name, row);
    const c = checkParameterValue(name, cells.value, {
      where: `${where} column value`,
      negativeUtility: view.status === "seen",
      suggest: false,
    });
    if (!c.ok) return problems.add(c.problem.where, c.problem.message, c.problem.value, c.problem.expected);
    if (c.value !== view.defaultValue) overrides[name] = c.value;
  };
  const result = (): ParameterSetResult => {
    const list = problems.list.map(formatProblem);
    const empty = reader.headerOk && reader.rowsRead === 0;
    return {
      overrides: problems.size || empty ? null : overrides,
      problems: list,
      total: problems.size,
      rows: reader.rowsRead,
      empty,
    };
  };
  return { reader, onRow, result };
}

/**
 * Reads an uploaded parameter set (the download of the Parameters page, edited): columns
 * `parameter` and `value` at least, one row per parameter; parameters not listed take their
 * defaults. Every value passes the one range check (check.ts). The overrides are returned only if
 * there is no problem at all; the first 100 problems are listed with the count of the rest.
 */
export function readParameterSet(text: string, file: string, views: ParameterView[]): ParameterSetResult {
  const { reader, onRow, result } = parameterSetReader(text, file, views);
  for (let r = reader.next(); r; r = reader.next()) onRow(r);
  return result();
}

/**
 * The same as {@link readParameterSet}, reading in slices of about `sliceMs` milliseconds that
 * yield to the event loop between them, so a page stays responsive while a large file is read
 * (a 1.4 MB invalid upload once froze a tab for 17 s).
 */
export async function readParameterSetInSlices(
  text: string,
  file: string,
  views: ParameterView[],
  options: Parameters<typeof forEachRowInSlices>[2] = {},
): Promise<ParameterSetResult & { slices: number }> {
  const { reader, onRow, result } = parameterSetReader(text, file, views);
  const { slices } = await forEachRowInSlices(reader, onRow, options);
  return { ...result(), slices };
}

/**
 * For each parameter name, the one-time strategies (is_cart 1: the CAR T platforms and one-time
 * comparators) that read it: a strategy reads `id` itself unless its own parameters map `id` to
 * another name (id__<platform>, id__<comparator>). Standard of care and chronic comparators are left
 * out: their structure never reaches the one-time treatment's parameters.
 */
function oneTimeReaders(strategies: NonNullable<ModelSpec["strategies"]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const st of strategies) {
    const own = st.parameters ?? {};
    if (own.is_cart !== 1) continue;
    for (const def of PARAMETERS) {
      const name = typeof own[def.id] === "string" ? (own[def.id] as string) : def.id;
      out.set(name, [...(out.get(name) ?? []), st.id]);
    }
  }
  return out;
}
