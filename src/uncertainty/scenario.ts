/**
 * The scenario of the Uncertainty page as a link fragment, so a result can be shared and re-run:
 * `#disease=sle&preset=us&n=1000&seed=1`, and, when set, the EVPPI groups
 * (`groups=r_flare,c_price;u_a,u_b,u_c`: groups separated by ";", ids by ","), the two-way map's
 * parameters and grid (`a=…&b=…&steps=11`) and what its cells show (`fill=optimal` or `fill=inmb`),
 * and the data stamp of the page that made it (`data=`, DATA_STAMP).
 * Reading a fragment checks every field (numbers with parseDecimal, the one reader of typed
 * numbers; ids by the model's id pattern) and names what it ignored; unknown or invalid fields fall
 * back to the defaults. Whether an id names a parameter of the chosen disease is checked by
 * `knownParameters`, once the page knows the disease's parameters.
 */
import { parseDecimal, wholeDecimalText, whyNotDecimal } from "../model/io/number.js";
import { DATA_STAMP, GIVEN_TWICE, NOT_DECODED, linkEntries, shortText } from "../model/io/query.js";
import { MAX_DRAWS } from "./limits.js";

export interface PsaScenario {
  disease: string;
  preset: string;
  n: number;
  seed: number;
  /** Parameter groups for a joint EVPPI (each of two or more parameter ids). */
  groups?: string[][];
  /** The two-way map's parameters ("" or absent: the widest one-way swings) and grid size. */
  a?: string;
  b?: string;
  steps?: number;
  /** What the two-way map's cells show: the optimal strategy (default) or the incremental NMB. */
  fill?: "optimal" | "inmb";
  /** The data stamp of the page that made the link (DATA_STAMP in src/model/io/query.ts). */
  data?: string;
}

export const SCENARIO_FIELDS = ["disease", "preset", "n", "seed", "groups", "a", "b", "steps", "fill", "data"] as const;

/** Grid points per parameter of the two-way map: the page's and the link's range. */
export const TWO_WAY_STEPS = { min: 2, max: 41, default: 11 } as const;

const ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The fragment (with its leading "#") that reproduces the scenario; optional fields only when set. */
export function scenarioHash(s: PsaScenario): string {
  const parts = (["disease", "preset", "n", "seed"] as const).map((k) => `${k}=${encodeURIComponent(String(s[k]))}`);
  // Ids are letters, digits and _, so "," and ";" (allowed in a fragment) need no escaping.
  if (s.groups?.length) parts.push(`groups=${s.groups.map((g) => g.join(",")).join(";")}`);
  if (s.a) parts.push(`a=${s.a}`);
  if (s.b) parts.push(`b=${s.b}`);
  if (s.steps !== undefined && s.steps !== TWO_WAY_STEPS.default) parts.push(`steps=${s.steps}`);
  if (s.fill && s.fill !== "optimal") parts.push(`fill=${s.fill}`);
  if (s.data) parts.push(`${DATA_STAMP.key}=${s.data}`);
  return "#" + parts.join("&");
}

/**
 * The scenario of a link fragment: each field present and valid replaces the default; `ignored`
 * says why any other was not used (field, value, what was expected).
 */
export function scenarioFromHash(
  hash: string,
  defaults: PsaScenario,
  allowed: { diseases: readonly string[]; presets: readonly string[] },
): { scenario: PsaScenario; ignored: string[] } {
  const scenario = { ...defaults };
  const ignored: string[] = [];
  for (const { key, value, kind } of linkEntries(hash, "plus")) {
    const why =
      kind === "first"
        ? readField(scenario, key, value, allowed)
        : `${key}=${value}: ${kind === "again" ? GIVEN_TWICE : NOT_DECODED}`;
    if (why) ignored.push(why);
  }
  if (scenario.a && scenario.a === scenario.b) {
    ignored.push(`b=${scenario.b}: the same parameter as a; expected two different parameters for the two-way map`);
    delete scenario.b;
  }
  return { scenario, ignored };
}

/** The whole-number fields of the scenario and their ranges (draws, seed, two-way grid points). */
export const WHOLE_NUMBER_RANGES = {
  n: [1, MAX_DRAWS],
  seed: [0, Number.MAX_SAFE_INTEGER],
  steps: [TWO_WAY_STEPS.min, TWO_WAY_STEPS.max],
} as const;

/**
 * Reads a typed or linked draw count, seed or grid size: a whole number in its range
 * (WHOLE_NUMBER_RANGES), or why not, naming what was typed and the range. The page's boxes and
 * the link use this one check, so a value the page refuses is also refused in a link.
 */
export function checkWholeNumber(
  key: keyof typeof WHOLE_NUMBER_RANGES,
  text: string,
): { ok: true; value: number } | { ok: false; message: string } {
  const [min, max] = WHOLE_NUMBER_RANGES[key];
  const expected = `expected a whole number from ${min} to ${max}`;
  const x = parseDecimal(text);
  if (x === undefined)
    return { ok: false, message: `${whyNotDecimal(text)} (got ${JSON.stringify(text)}); ${expected}` };
  // The text itself, not only its double: 9007199254740990.5 and 1000.00000000000001 round to whole
  // doubles and were read as 9007199254740990 and 1000 without a word.
  if (!Number.isInteger(x) || !wholeDecimalText(text))
    return { ok: false, message: `not a whole number (got ${text.trim()}); ${expected}` };
  if (x < min || x > max) return { ok: false, message: `out of range (got ${text.trim()}); ${expected}` };
  return { ok: true, value: x };
}

/** Sets field `key` of `scenario` from `value`, or returns why it was not used. */
function readField(
  scenario: PsaScenario,
  key: string,
  value: string,
  allowed: { diseases: readonly string[]; presets: readonly string[] },
): string | undefined {
  if (key === "disease" || key === "preset") {
    const list = key === "disease" ? allowed.diseases : allowed.presets;
    if (!list.includes(value)) return `${key}=${value}: expected one of ${list.join(", ")}`;
    scenario[key] = value;
  } else if (key === "n" || key === "seed" || key === "steps") {
    const c = checkWholeNumber(key, value);
    if (!c.ok) return `${key}=${value}: ${c.message}`;
    scenario[key] = c.value;
  } else if (key === "groups") {
    const groups = value.split(";").map((g) => g.split(","));
    const bad = groups.find((g) => g.length < 2 || g.some((id) => !ID.test(id)) || new Set(g).size !== g.length);
    if (bad)
      return `groups=${value}: expected groups of two or more different parameter ids, "," between ids, ";" between groups`;
    // The same group twice, in any order, as the page's editor refuses it.
    const keys = groups.map((g) => [...g].sort().join(","));
    const twice = groups.find((_, i) => keys.indexOf(keys[i]) !== i);
    if (twice) return `groups=${value}: the group ${twice.join(",")} is given twice; expected each group once`;
    scenario.groups = groups;
  } else if (key === "a" || key === "b") {
    if (!ID.test(value)) return `${key}=${value}: expected a parameter id`;
    scenario[key] = value;
  } else if (key === DATA_STAMP.key) {
    if (!DATA_STAMP.pattern.test(value))
      return `${key}=${value}: ${DATA_STAMP.refused.message}; expected ${DATA_STAMP.refused.expected}`;
    scenario.data = value;
  } else if (key === "fill") {
    if (value !== "optimal" && value !== "inmb") return `fill=${value}: expected optimal or inmb`;
    scenario.fill = value;
  } else {
    return `${shortText(key)}: unknown field (expected ${SCENARIO_FIELDS.join(", ")})`;
  }
  return undefined;
}

/**
 * The scenario with only parameter ids of `known` (the disease's parameters with a range) in its
 * two-way map and only ids of `drawn` (those the PSA draws: a ranged parameter fixed in the PSA has
 * no EVPPI) in its groups; `ignored` names what was dropped and why. (Groups were checked against
 * `known`, and the page's editor then dropped a group with a fixed member without a word.)
 */
export function knownParameters(
  scenario: PsaScenario,
  known: readonly string[],
  drawn: readonly string[] = known,
): { scenario: PsaScenario; ignored: string[] } {
  const ignored: string[] = [];
  const set = new Set(known);
  const isDrawn = new Set(drawn);
  const out = { ...scenario };
  if (scenario.groups) {
    out.groups = scenario.groups.filter((g) => {
      const unknown = g.filter((id) => !set.has(id) && !isDrawn.has(id));
      const fixed = g.filter((id) => set.has(id) && !isDrawn.has(id));
      if (unknown.length) ignored.push(`group ${g.join(",")}: not parameters of this model: ${unknown.join(", ")}`);
      if (fixed.length)
        ignored.push(
          `group ${g.join(",")}: not drawn in the PSA (fixed at their values), so no EVPPI: ${fixed.join(", ")}`,
        );
      return unknown.length === 0 && fixed.length === 0;
    });
  }
  for (const k of ["a", "b"] as const)
    if (scenario[k] && !set.has(scenario[k]!)) {
      ignored.push(`${k}=${scenario[k]}: not a parameter of this model with a range`);
      delete out[k];
    }
  return { scenario: out, ignored };
}
