/** "Did you mean": the known name nearest to a misspelt one (no dependencies, so the browser workers can use it). */

export interface EditDistanceOptions {
  /** Compare letters as they are (default false: both names are lower-cased first, "Cost" is "cost"). */
  caseSensitive?: boolean;
  /** If `a` (the name typed) is longer than this, Infinity without comparing: bounds the work on a pasted paragraph (default: no cap). */
  maxLength?: number;
  /** If the lengths differ by more than this, Infinity without comparing: the distance is at least the difference (default: no cap). */
  maxLengthDifference?: number;
}

/**
 * Levenshtein distance (insertions, deletions and substitutions of one UTF-16 unit, each costing 1)
 * between `a` and `b`, or Infinity when a cap in `options` applies. The one edit distance of the
 * project: schema field names, VOI column names and CAR T parameter ids all use it.
 */
export function editDistance(a: string, b: string, options: EditDistanceOptions = {}): number {
  const { caseSensitive = false, maxLength = Infinity, maxLengthDifference = Infinity } = options;
  const s = caseSensitive ? a : a.toLowerCase();
  const t = caseSensitive ? b : b.toLowerCase();
  if (s.length > maxLength || Math.abs(s.length - t.length) > maxLengthDifference) return Infinity;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[t.length];
}

/** The known name nearest to `name`, if it is near enough to be a likely misspelling. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
