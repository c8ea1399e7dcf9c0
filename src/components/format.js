// Number formatting for display (tables and text). Files keep full precision.

/**
 * A number with thousands separators and fixed decimals; "" for null, "n/a" for NaN.
 * @param {number | null | undefined} x
 * @param {number} [decimals]
 * @returns {string}
 */
export function fmt(x, decimals = 0) {
  if (x === null || x === undefined) return "";
  if (!Number.isFinite(x)) return "n/a";
  return formatter(decimals).format(x);
}

// One Intl.NumberFormat per number of decimals: creating one per call (as toLocaleString with
// options does) costs more than the formatting itself.
/** @type {Map<number, Intl.NumberFormat>} */
const formatters = new Map();
/** @param {number} decimals */
function formatter(decimals) {
  let f = formatters.get(decimals);
  if (!f) formatters.set(decimals, (f = new Intl.NumberFormat("en-US", {minimumFractionDigits: decimals, maximumFractionDigits: decimals})));
  return f;
}

/**
 * "USD 2025" for an analysis.
 * @param {{preset: {currency: string, priceYear: number}}} analysis
 * @returns {string}
 */
export function money(analysis) {
  return `${analysis.preset.currency} ${analysis.preset.priceYear}`;
}
