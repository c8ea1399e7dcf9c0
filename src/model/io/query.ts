/**
 * The `key=value&...` text of the pages' share links (a scenario's fragment, the Access page's query
 * string, the Uncertainty page's fragment, a comparison), read one way: the pairs in order, each key
 * and value percent-decoded strictly (a `%` that does not begin a UTF-8 character written as `%XX`
 * pairs is named, not kept as typed or read as U+FFFD), a `+` read as the link's writer meant it.
 * The readers of each link (decodeScenario, decodeBudgetSettings, scenarioFromHash, decodeComparison)
 * check the values; this reads the text. Written here rather than with URLSearchParams because it
 * decodes leniently (`%ZZ` kept as typed) and always reads `+` as a space (`wtp=1e+5` read as `1e 5`).
 */

/**
 * One `key=value` of a link, in the link's order: `first`, the key's first value, decoded (a part
 * without `=` has the value ""); `again`, a later value of a key already given (its reader names it
 * with GIVEN_TWICE: a hand-edited link that sets a key again keeps what it set first, on every page);
 * `undecoded`, a part that does not decode, as written (cut by shortText; named with NOT_DECODED).
 */
export interface LinkEntry {
  key: string;
  value: string;
  kind: "first" | "again" | "undecoded";
}

/** Why an undecodable part was not read (said after its `key=value`). */
export const NOT_DECODED = "not a valid link value (a % must begin a UTF-8 character written as %XX pairs)";

/** Why a repeated key's later values were not read (said after its `key=value`). */
// "or the default if that is refused": `wtp=3%&wtp=5` keeps the default; the bare wording read as if 5 were
// ignored for a value that was in force (review s37).
export const GIVEN_TWICE = "given twice; only the first is read, or the default if that is refused";

/**
 * The entries of a link's text, in order, without its leading `#` or `?`. `plus`: "plus" for links
 * whose values never hold a space (settings: `wtp=1e+5`, written as such by hand or by a page),
 * "space" for links written by URLSearchParams from values that may hold spaces (a comparison's
 * scenario names).
 */
export function linkEntries(text: string, plus: "plus" | "space"): LinkEntry[] {
  const out: LinkEntry[] = [];
  const seen = new Set<string>();
  const body = text.startsWith("#") || text.startsWith("?") ? text.slice(1) : text;
  const decode = (s: string) => decodeURIComponent(plus === "space" ? s.replace(/\+/g, " ") : s);
  for (const part of body.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? "" : part.slice(eq + 1);
    let key = rawKey;
    try {
      key = decode(rawKey);
      const value = decode(raw);
      out.push({ key, value, kind: seen.has(key) ? "again" : "first" });
      seen.add(key);
    } catch {
      // The key was given, though its value does not read: a later value is `again`, as after any
      // first value its reader refuses (`wtp=3%&wtp=5` keeps the default, not 5).
      out.push({ key: shortText(key), value: shortText(raw), kind: "undecoded" });
      seen.add(key);
    }
  }
  return out;
}

/** A key or value as a problem shows it: at most 60 characters (a pasted paragraph is cut, with "..."). */
export function shortText(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}

/**
 * A link's data stamp: `data=` and a digest of the data tables the pages were built from (12 hex
 * digits, dataStamp in src/cart/load.ts, written by src/data/cart-inputs.json.ts). Every page's link carries it, so a link opened
 * after the evidence, life or access tables changed says so (dataChanged) instead of silently
 * reproducing other numbers under the same settings.
 */
export const DATA_STAMP = {
  key: "data",
  pattern: /^[0-9a-f]{12}$/,
  /** Why a `data=` value is refused, and what was expected (every link's reader says it so). */
  refused: { message: "not a data stamp", expected: "12 hexadecimal digits" },
} as const;

/**
 * What to tell the reader of a link made from other data than the page's, or null (no stamp in the
 * link, as in links made before stamps, or the same data).
 */
export function dataChanged(link: string | undefined, here: string | undefined, what = "This link"): string | null {
  if (!link || !here || link === here) return null;
  return `${what} was made from other data (data ${link}; this report: data ${here}): the evidence, life or access tables have changed since, so its results may differ from those its author saw. Its settings are read as written.`;
}
