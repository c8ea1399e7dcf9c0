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

/**
 * displayNumber's digits (six significant, whole units above that; no float noise) with thousands separators and
 * never in e-notation: 350000 -> "350,000", 0.000123 -> "0.000123", 28.5 -> "28.5", 1e-7 ->
 * "0.0000001". For values a reader compares with what they type (the Parameters page's defaults and
 * ranges, which read 28.5 as "29" and 0.00005 as "0.0001").
 * @param {number | null | undefined} x
 */
export function groupedNumber(x) {
  if (x === null || x === undefined) return "";
  if (!Number.isFinite(x)) return String(x);
  return Number(displayNumber(x)).toLocaleString("en-US", { maximumFractionDigits: 20 });
}

/**
 * A tick label for money (and other large amounts) on a chart axis: thousands as "k", millions as
 * "M", billions as "B", with only the digits the tick needs: 0 -> "0", 950 -> "950", 20000 -> "20k",
 * 1500000 -> "1.5M", -40000 -> "−40k" (a minus sign, as Plot writes it), 0.25 -> "0.25". One label
 * per value, so zero reads "0" (Plot's "s"/"~s" formats gave every tick the largest tick's prefix:
 * "0k", "0M") and small amounts never take SI's milli ("100m" for 0.1). "" for null, undefined or
 * NaN (no tick is drawn there), "∞"/"−∞" for infinities.
 * @param {number | null | undefined} x
 * @returns {string}
 */
export function moneyTick(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return "";
  const sign = x < 0 ? "−" : "";
  const abs = Math.abs(x);
  if (abs === Infinity) return `${sign}∞`;
  const [unit, suffix] = abs >= 1e9 ? [1e9, "B"] : abs >= 1e6 ? [1e6, "M"] : abs >= 1e3 ? [1e3, "k"] : [1, ""];
  // 12 significant digits: drops float noise such as 0.30000000000000004 from a tick value.
  return `${sign}${Number((abs / unit).toPrecision(12))}${suffix}`;
}

/**
 * Plot options that put a bottom x-axis label below its tick labels: at Plot's defaults (30 px
 * bottom margin) the label's box overlapped the rightmost ticks' ("60" on "Years from the
 * treatment decision →") in every chart. Spread X_AXIS_BELOW into the plot's options and
 * X_LABEL_BELOW into its x scale's.
 */
export const X_AXIS_BELOW = { marginBottom: 44 };
export const X_LABEL_BELOW = { labelOffset: 38 };

/**
 * A tick label for a parameter's value on a chart axis, at 3 significant digits and never in
 * e-notation: thousands and more as moneyTick writes them (1875 -> "1.88k", 250000 -> "250k"),
 * smaller values plainly (0.025 -> "0.025", 12.345 -> "12.3", 0.000012345 -> "0.0000123"). The unit
 * goes in the axis label. "" for null, undefined or NaN.
 * @param {number | string | null | undefined} x
 * @returns {string}
 */
export function valueTick(x) {
  if (x === null || x === undefined || x === "") return "";
  const v = Number(x);
  if (Number.isNaN(v)) return "";
  if (!Number.isFinite(v) || v === 0) return moneyTick(v);
  const r = Number(v.toPrecision(3));
  if (Math.abs(r) >= 1000) return moneyTick(r);
  // Number#toString switches to e-notation below 1e-6: fixed decimals to the third significant digit.
  const decimals = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(r))));
  const text = Math.abs(r).toFixed(decimals);
  return `${r < 0 ? "−" : ""}${decimals > 0 ? text.replace(/0+$/, "").replace(/\.$/, "") : text}`;
}
