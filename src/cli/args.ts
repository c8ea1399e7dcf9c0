/**
 * Parsers of option values and help texts shared by the commands: light on purpose (commander and
 * the strict number reader only), since the CLI's start (`--help`, `--version`) loads them while the
 * commands themselves load on first use (program.ts).
 */
import { InvalidArgumentError } from "commander";
import { parseDecimal, whyNotDecimal } from "../model/io/number.js";
import { escapeTerminal } from "./format.js";

/** Text the user typed, quoted and escaped for an error message. */
export const quoted = (s: string) => escapeTerminal(JSON.stringify(s.length > 80 ? s.slice(0, 77) + "..." : s));

export function collectSet(value: string, previous: Record<string, number>): Record<string, number> {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(value);
  if (!m) throw new InvalidArgumentError(`expected name=value, got ${quoted(value)}`);
  const x = parseDecimal(m[2]);
  if (x === undefined)
    throw new InvalidArgumentError(
      `the value of ${m[1]} must be a decimal number, got ${quoted(m[2])}: ${whyNotDecimal(m[2])}`,
    );
  if (Object.hasOwn(previous, m[1]))
    throw new InvalidArgumentError(
      `${m[1]} is set twice, ${quoted(String(previous[m[1]]))} and ${quoted(m[2])}: give it once`,
    );
  // A fresh object with the name as an own property ("__proto__" included), never an inherited one.
  const next: Record<string, number> = { ...previous };
  Object.defineProperty(next, m[1], { value: x, enumerable: true, writable: true, configurable: true });
  return next;
}

/**
 * The number an option's value holds, read as every number people type is read (parseDecimal:
 * surrounding spaces are trimmed, so `--years "5 "` is 5), else a usage error saying what was expected,
 * the value and why it is not a number: "1e400" and "Infinity" are not a finite number (they were
 * only told "expected a number >= 0"). Every numeric option's parser starts here.
 */
function optionNumber(value: string, expected: string): number {
  const x = parseDecimal(value);
  if (x === undefined)
    throw new InvalidArgumentError(`expected ${expected}, got ${quoted(value)}: ${whyNotDecimal(value)}`);
  return x;
}

/** A number in range, else `expected ${expected}` with the value typed. */
function optionInRange(value: string, expected: string, ok: (x: number) => boolean): number {
  const x = optionNumber(value, expected);
  if (!ok(x)) throw new InvalidArgumentError(`expected ${expected}, got ${quoted(value)}`);
  return x;
}

export function nonNegative(value: string): number {
  return optionInRange(value, "a decimal number >= 0", (x) => x >= 0);
}

export function positive(value: string): number {
  return optionInRange(value, "a decimal number > 0", (x) => x > 0);
}

export function collectCartSet(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const m = /^([^=]+)=(.*)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected name=value, got "${value}"`);
  const out: Record<string, string> = Object.assign(Object.create(null), previous);
  const name = m[1].trim();
  // The last value was taken without a word; `evaluate`'s --set refuses a repeated name too.
  if (name in out)
    throw new InvalidArgumentError(`${name} is set twice, ${quoted(out[name])} and ${quoted(m[2])}: give it once`);
  out[name] = m[2];
  return out;
}

/** Collects a repeatable option into a list. */
export const collect = (v: string, prev: string[]) => [...prev, v];

export function positiveInteger(max: number, min = 1) {
  return (value: string): number =>
    optionInRange(value, `a whole number from ${min} to ${max}`, (x) => Number.isInteger(x) && x >= min && x <= max);
}

export function seedArg(value: string): number {
  return optionInRange(value, "a whole number >= 0 (at most 2^53 − 1)", (x) => Number.isSafeInteger(x) && x >= 0);
}

export function numberArg(value: string): number {
  return optionInRange(value, "a number >= 0", (x) => x >= 0);
}

/**
 * `--wtp` of every command: one willingness to pay, a number >= 0. A list or range (voi's and dampack's WTP
 * vectors: "10000,20000", "10000:50000"), a thousands separator ("20,000", "20 000"), a currency sign
 * ("$20,000") and a decimal comma ("20000,5") are refused with what to type instead; `command` names the
 * command to run once per value, and a range says where the command gives results over a range of WTP.
 */
export const wtpArg =
  (command: string) =>
  (value: string): number => {
    const x = parseDecimal(value);
    if (x !== undefined && x >= 0) return x;
    const v = value.trim();
    // "0,035": a decimal comma only (no number is written with a leading 0 group), as whyNotDecimal reads it.
    if (/^0,\d+$/.test(v))
      throw new InvalidArgumentError(
        `expected one number >= 0 with a '.' decimal point, got "${value}": a decimal comma; write ${v.replace(",", ".")}`,
      );
    // One amount written as people write money: "$20,000", "£30 000", "20'000 EUR" (see plainAmount).
    const amount = plainAmount(v);
    if (amount !== undefined && amount.without.length > 0)
      throw new InvalidArgumentError(
        `expected a number >= 0 without ${amount.without.join(" or ")}, got "${value}": write ${amount.digits}`,
      );
    // "20000,5" or "1,5": a decimal comma as likely as a list of two (a second WTP of 1 or 2 digits).
    if (/^\d+,\d{1,2}$/.test(v)) {
      const [a, b] = v.split(",");
      throw new InvalidArgumentError(
        `expected one number >= 0 with a '.' decimal point, got "${value}": for a decimal comma write ${a}.${b}; for two values run ${command} once per value (--wtp ${a}, then --wtp ${b})`,
      );
    }
    // A range: R's and voi's "10000:50000", MATLAB's "0:1000:50000" (start:step:end), "10000-50000",
    // "10000..50000", "10000 to 50000". Never a list of two values to run.
    const range = v.match(/^(.+?)\s*(:|\.\.|-|\u2013|\u2014|\bto\b)\s*(.+?)(?:\s*:\s*(.+))?$/);
    const ends = range && (range[4] === undefined || range[2] === ":") ? [range[1], range[4] ?? range[3]] : [];
    const [from, to] = ends.map((e) => plainAmount(e)?.value);
    if (from !== undefined && to !== undefined && from >= 0 && to > from)
      throw new InvalidArgumentError(
        `--wtp takes one value, got the range "${value}": ${WTP_RANGE[command]?.(to) ?? `run ${command} once per value in the range (--wtp ${from}, ..., --wtp ${to})`}`,
      );
    const list = v.split(/[,;:\s]+/).filter(Boolean);
    if (list.length > 1 && list.every((w) => parseDecimal(w) !== undefined))
      throw new InvalidArgumentError(`one willingness to pay per run, got "${value}": ${listAdvice(command, list)}`);
    if (x !== undefined)
      throw new InvalidArgumentError(
        `expected a number >= 0, got "${value}": a willingness to pay cannot be negative (0 or more)`,
      );
    // "Infinity", "1e400", "0x10": the reader's reason (a finite plain decimal is what it takes).
    const why = whyNotDecimal(value);
    throw new InvalidArgumentError(
      `expected a number >= 0 (digits only, no currency sign), got "${value}"${/finite|double|hexadecimal/.test(why) ? `: ${why}` : ""}`,
    );
  };

/**
 * One amount >= 0 as people write money, with what had to go to read it: a currency sign or code
 * before or after ("$", "£", "€", "¥", "USD", "EUR", "GBP") and thousands written with a comma, a space
 * (also the no-break and narrow no-break spaces a copied "20 000" holds) or an apostrophe ("20'000").
 * Undefined when it is not one such amount ("20,00", "1,5" and "0,035" are not: a decimal comma or a list).
 */
function plainAmount(text: string): { value: number; digits: string; without: string[] } | undefined {
  const t = text.trim();
  const bare = t.replace(/^(?:[$£€¥]|USD|EUR|GBP)\s*|\s*(?:[$£€¥]|USD|EUR|GBP)$/gi, "");
  const without = bare === t ? [] : ["a currency sign"];
  const thousands = bare.match(/^[1-9]\d{0,2}([, \u00A0\u202F'])\d{3}(?:\1\d{3})*(\.\d+)?$/);
  const digits = thousands ? bare.split(thousands[1]).join("") : bare;
  if (thousands) without.push("a thousands separator");
  const value = parseDecimal(digits);
  return value !== undefined && value >= 0 && /^[\d.eE+]+$/.test(digits) ? { value, digits, without } : undefined;
}

/**
 * What to run for a --wtp list: one run per value, each value once (the first spelling of a number
 * given twice, "20000,2e4" included) and never a negative one, which is named as such. The advice
 * was "--wtp -5, then --wtp 10" for "-5,10" (a value refused) and "--wtp 20000, then --wtp 20000"
 * for "20000,20000".
 */
function listAdvice(command: string, list: string[]): string {
  const runs: string[] = [];
  const seen = new Set<number>();
  for (const w of list) {
    const x = parseDecimal(w)!;
    if (x >= 0 && !seen.has(x)) runs.push(w);
    seen.add(x);
  }
  const negative = list.filter((w) => parseDecimal(w)! < 0);
  const why = negative.length
    ? `${negative.join(", ")} ${negative.length === 1 ? "is" : "are"} negative: a willingness to pay cannot be negative (0 or more)`
    : "";
  if (runs.length === 0) return why;
  if (runs.length === 1)
    return `write --wtp ${runs[0]}${negative.length ? `; ${why}` : " (the one value given, repeated)"}`;
  const range = WTP_RANGE[command] ? `; ${WTP_RANGE[command](Math.max(...runs.map(Number)))}` : "";
  return `run ${command} once per value (--wtp ${runs[0]}, then --wtp ${runs[1]}, ...)${negative.length ? `; ${why}` : ""}${range}`;
}

/**
 * Where a command gives results over a range of WTP (said when a range or list is refused), for a
 * range up to `to`: psa's --ceac grid and voi's CEAC run from 0 to 3 × --wtp (61 and 31 points).
 */
const WTP_RANGE: Record<string, (to: number) => string> = {
  psa: (to) =>
    `--ceac ceac.csv gives the CEAC, CEAF and expected loss from 0 to 3 × --wtp in one run (--wtp ${Math.ceil(to / 3)} reaches ${to}; the summary is at --wtp)`,
  voi: (to) =>
    `with --costs and --effects, --json gives the CEAC from 0 to 3 × --wtp in one run (--wtp ${Math.ceil(to / 3)} reaches ${to}; EVPI and EVPPI are at --wtp)`,
};

/**
 * An annual discount rate as a fraction in [0, 1], as `budget --discount` reads it: `--discount 3.5`
 * (meant as 3.5%) was taken as 350% a year and shrank population EVPPI without a word.
 */
export function rateArg(value: string): number {
  return optionInRange(value, "an annual rate in [0, 1] (0.035 for 3.5%)", (x) => x >= 0 && x <= 1);
}

/** A share in [0, 1], as `cart --cure-fraction` reads it (read by Number, "abc" was reported as "got NaN"). */
export function fractionArg(value: string): number {
  return optionInRange(value, "a number in [0, 1]", (x) => x >= 0 && x <= 1);
}

export const TARGET_HELP = {
  cart: "analyse the CAR T model for this disease (sle, ms, mg, aav, graves, t1d) instead of a model file",
  preset: "CAR T jurisdiction preset: us or uk",
};

/** EVPPI metamodel for groups of parameters (src/uncertainty/evppi.ts): auto, pspline or gp. */
export type GroupMethod = "auto" | "pspline" | "gp";

/** Reads --group-method: auto, pspline or gp. */
export function groupMethodArg(v: string): GroupMethod {
  if (v === "auto" || v === "pspline" || v === "gp") return v;
  throw new InvalidArgumentError(`expected auto, pspline or gp, got "${v}"`);
}

/**
 * dsa's --bracket lo,hi: two plain decimals with lo < hi, checked as the option is read (a usage
 * error, exit 2: it was exit 1 after the model was read, as a problem of the model file).
 */
export function bracketArg(value: string): [number, number] {
  const parts = value.split(",");
  if (parts.length !== 2)
    throw new InvalidArgumentError(`expected two numbers lo,hi (e.g. 0.1,0.9), got ${quoted(value)}`);
  const [lo, hi] = parts.map((p) => {
    const x = parseDecimal(p);
    if (x === undefined)
      throw new InvalidArgumentError(`expected two numbers lo,hi, got ${quoted(p)}: ${whyNotDecimal(p)}`);
    return x;
  });
  if (!(lo < hi)) throw new InvalidArgumentError(`expected low < high, got ${lo} and ${hi}`);
  return [lo, hi];
}

/** dsa's --two-way a,b: two different parameter ids (whether the model has them is dsa's check). */
export function twoWayArg(value: string): [string, string] {
  const names = value.split(",").map((s) => s.trim());
  if (names.length !== 2 || names.includes("") || names[0] === names[1])
    throw new InvalidArgumentError(
      `expected two different parameters separated by a comma (e.g. p_x,c_y), got ${quoted(value)}`,
    );
  return [names[0], names[1]];
}
