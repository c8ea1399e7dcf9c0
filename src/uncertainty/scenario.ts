/**
 * The PSA scenario of the Uncertainty page (disease, preset, draws, seed) as a link fragment, so a
 * result can be shared and re-run: `#disease=sle&preset=us&n=1000&seed=1`. Reading a fragment
 * checks every field (numbers with parseDecimal, the one reader of typed numbers) and names what it
 * ignored; unknown or invalid fields fall back to the defaults.
 */
import { parseDecimal } from "../model/io/number.js";
import { MAX_DRAWS } from "./psa.js";

export interface PsaScenario {
  disease: string;
  preset: string;
  n: number;
  seed: number;
}

export const SCENARIO_FIELDS = ["disease", "preset", "n", "seed"] as const;

/** The fragment (with its leading "#") that reproduces the scenario. */
export function scenarioHash(s: PsaScenario): string {
  return "#" + SCENARIO_FIELDS.map((k) => `${k}=${encodeURIComponent(String(s[k]))}`).join("&");
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
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  if (text === "") return { scenario, ignored };
  for (const part of text.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    let value: string;
    try {
      value = eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1));
    } catch {
      ignored.push(`${key}: not a valid link value`);
      continue;
    }
    if (key === "disease" || key === "preset") {
      const list = key === "disease" ? allowed.diseases : allowed.presets;
      if (list.includes(value)) scenario[key] = value;
      else ignored.push(`${key}=${value}: expected one of ${list.join(", ")}`);
    } else if (key === "n" || key === "seed") {
      const x = parseDecimal(value);
      const max = key === "n" ? MAX_DRAWS : Number.MAX_SAFE_INTEGER;
      const min = key === "n" ? 1 : 0;
      if (x !== undefined && Number.isInteger(x) && x >= min && x <= max) scenario[key] = x;
      else ignored.push(`${key}=${value}: expected a whole number from ${min} to ${max}`);
    } else {
      ignored.push(`${key}: unknown field (expected ${SCENARIO_FIELDS.join(", ")})`);
    }
  }
  return { scenario, ignored };
}
