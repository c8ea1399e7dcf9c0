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
  if (!f)
    formatters.set(
      decimals,
      (f = new Intl.NumberFormat("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })),
    );
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

/**
 * A number as a person reads it in an input box or a table cell without a format of its own: at most
 * six significant digits after the decimal point and no float noise (75010.5630468198 -> "75010.6",
 * 0.07500000000000001 -> "0.075", 1234567.8 -> "1234568"); no thousands separators, so the text
 * reads back as the number it shows. Downloads keep full precision.
 * @param {number | null | undefined} x
 * @returns {string}
 */
export function displayNumber(x) {
  if (x === null || x === undefined) return "";
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs < 1) return String(Number(x.toPrecision(6)));
  const digits = Math.floor(Math.log10(abs)) + 1;
  return String(Number(x.toFixed(Math.max(0, 6 - digits))));
}
