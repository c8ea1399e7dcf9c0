/**
 * Named scenarios as files (issue [10], item 2): the JSON a user exports from the report, imports
 * back, keeps in the browser, and runs with `cartecon cart --scenario FILE`. Every value passes the
 * same checks as a link, the Parameters page and `--set` (check.ts for parameters, checkSetting
 * for the analysis options); a file with any problem is refused whole, the file named once at the
 * head of the message and every problem with its JSON path, the value and the expected range.
 */
import { ModelError, Problems } from "../model/errors.js";
import { stripBom } from "../model/io/text.js";
import { checkCureFraction, checkDurability, checkParameterValue, type Checked } from "./check.js";
import { PLATFORMS, type PlatformId } from "./dictionary.js";
import { PRESET_IDS } from "./presets.js";
import { DEFAULT_SCENARIO, SCENARIO_KEYS, checkSetting, cureFractionClash, type Scenario } from "./scenario.js";

/** Written in every file so that a reader knows what it holds; version 1 is this shape. */
export const SCENARIO_FORMAT = "cartecon-scenario";
export const SCENARIO_FORMAT_VERSION = 1;

export interface NamedScenario {
  name: string;
  scenario: Scenario;
}

/** The file's text (stable key order, so two saves of one scenario are byte-identical). */
export function scenarioFileText(s: NamedScenario): string {
  const sc = s.scenario;
  const overrides = Object.fromEntries(Object.entries(sc.overrides).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const doc = {
    format: SCENARIO_FORMAT,
    version: SCENARIO_FORMAT_VERSION,
    name: s.name,
    scenario: Object.fromEntries(SCENARIO_KEYS.map((k) => [k, k === "overrides" ? overrides : sc[k]])),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const MAX_NAME = 80;

/**
 * Reads a scenario file (`file` names it, once, at the head of an error's message). `diseases` are
 * the known disease ids. Throws one ModelError listing every problem (path, value, expected) if
 * anything is wrong; keys are read as own entries only (`"__proto__"` is an unknown key, never a
 * prototype).
 */
export function readScenarioFile(text: string, file: string, diseases: readonly string[]): NamedScenario {
  let doc: unknown;
  try {
    doc = JSON.parse(stripBom(text));
  } catch (e) {
    throw new ModelError({
      where: file,
      message: `not JSON (${(e as Error).message})`,
      expected: `a scenario file exported by the report (format "${SCENARIO_FORMAT}")`,
    });
  }
  // Each problem is placed by its JSON path alone: the file is named once, at the head of the message
  // ("s.json is not a usable scenario: scenario.wtp: ..."), not again before every problem.
  const problems = new Problems();
  if (!isObject(doc))
    throw new ModelError({
      where: file,
      message: "not a JSON object",
      expected: `{"format": "${SCENARIO_FORMAT}", "version": 1, "name": ..., "scenario": {...}}`,
    });
  if (doc.format !== SCENARIO_FORMAT) problems.add("format", "not a scenario file", doc.format, `"${SCENARIO_FORMAT}"`);
  if (doc.version !== SCENARIO_FORMAT_VERSION)
    problems.add("version", "unsupported version", doc.version, String(SCENARIO_FORMAT_VERSION));
  const name = typeof doc.name === "string" ? doc.name.trim() : "";
  if (!name || name.length > MAX_NAME)
    problems.add("name", "not a usable name", doc.name, `text of 1 to ${MAX_NAME} characters`);
  for (const k of Object.keys(doc))
    if (!["format", "version", "name", "scenario"].includes(k))
      problems.add(k, "unknown key", undefined, "format, version, name, scenario");
  const s: Scenario = { ...DEFAULT_SCENARIO, overrides: {} };
  const sc = doc.scenario;
  if (!isObject(sc)) {
    problems.add(
      "scenario",
      "missing or not an object",
      sc,
      "an object with disease, preset, platform, overrides, ...",
    );
  } else {
    // A checked field: its value, or its problem added at its path (no check: the value had the wrong type).
    const checked = <T>(k: string, v: unknown, c: Checked<T> | null, wrongType: string, expected: string) => {
      if (c?.ok) return c.value;
      problems.add(`scenario.${k}`, c ? c.problem.message : wrongType, v, c ? c.problem.expected : expected);
      return undefined;
    };
    const text = (k: "disease" | "preset" | "platform", known: readonly string[]) => {
      const v = sc[k];
      if (typeof v !== "string" || !known.includes(v))
        problems.add(`scenario.${k}`, `unknown ${k}`, v, `one of ${known.join(", ")}`);
      return v as string;
    };
    if (Object.hasOwn(sc, "disease")) s.disease = text("disease", diseases);
    else problems.add("scenario.disease", "missing", undefined, `one of ${diseases.join(", ")}`);
    if (Object.hasOwn(sc, "preset")) s.preset = text("preset", PRESET_IDS);
    if (Object.hasOwn(sc, "platform")) s.platform = text("platform", PLATFORMS) as PlatformId;
    for (const k of ["wtp", "discountCosts", "discountOutcomes", "horizonAge"] as const) {
      if (!Object.hasOwn(sc, k)) continue;
      const v = sc[k];
      if (v === null && k !== "horizonAge") continue; // null: the preset's default
      // A file holds numbers, not text: "0.03" in quotes is refused like any other type error.
      const x = checked(k, v, typeof v === "number" ? checkSetting(k, v) : null, "not a number", "a number");
      if (x !== undefined) s[k] = x;
    }
    // The structural durability scenario and its cure fraction (null: the scenario's default).
    if (Object.hasOwn(sc, "durability")) {
      const v = sc.durability;
      const c = typeof v === "string" ? checkDurability(v) : null;
      const x = checked("durability", v, c, "not text", "a durability scenario id");
      if (x !== undefined) s.durability = x;
    }
    if (Object.hasOwn(sc, "cureFraction") && sc.cureFraction !== null) {
      const v = sc.cureFraction;
      const x = checked(
        "cureFraction",
        v,
        typeof v === "number" ? checkCureFraction(v) : null,
        "not a number",
        "a number",
      );
      if (x !== undefined) s.cureFraction = x;
    }
    if (Object.hasOwn(sc, "overrides")) {
      const o = sc.overrides;
      if (!isObject(o)) problems.add("scenario.overrides", "not an object", o, '{"parameter": number, ...}');
      else
        for (const id of Object.keys(o)) {
          const v = o[id];
          const c = typeof v === "number" ? checkParameterValue(id, v, { where: `scenario.overrides.${id}` }) : null;
          if (c?.ok) s.overrides[id] = c.value;
          else if (c) problems.add(c.problem.where, c.problem.message, c.problem.value, c.problem.expected);
          else problems.add(`scenario.overrides.${id}`, "not a number", v, "a number");
        }
    }
    const known: readonly string[] = SCENARIO_KEYS;
    for (const k of Object.keys(sc))
      if (!known.includes(k)) problems.add(`scenario.${k}`, "unknown key", undefined, known.join(", "));
  }
  // A cure fraction without the cure scenario has no effect: dropped, not refused. The Explorer before
  // 7 December 2026 kept a link's fraction after the durability changed, and saved such scenarios;
  // refusing them made the saved list drop (and then erase) them.
  if (cureFractionClash(s)) s.cureFraction = null;
  // s.preset is the default or a value text() found in PRESET_IDS (the own keys of PRESETS): any other
  // preset is a problem above, so no second check of it is needed here.
  problems.throwIfAny(`${file} is not a usable scenario`);
  return { name, scenario: s };
}
