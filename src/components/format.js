// Number formatting for display (tables and text). Files keep full precision.

/** A number with thousands separators and fixed decimals; "" for null, "n/a" for NaN. */
export function fmt(x, decimals = 0) {
  if (x === null || x === undefined) return "";
  if (!Number.isFinite(x)) return "n/a";
  return x.toLocaleString("en-US", {minimumFractionDigits: decimals, maximumFractionDigits: decimals});
}

/** "USD 2025" for an analysis. */
export function money(analysis) {
  return `${analysis.preset.currency} ${analysis.preset.priceYear}`;
}
