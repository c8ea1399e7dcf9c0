// The width of one line of text in Plot's type, for a chart that must decide before Plot draws it
// whether a label fits (the Durability page's payback target, the two-way map's axis labels, the
// tornado's and EVPPI bars' row names, the structure diagram's column names).

/** Plot's own type: every SVG it draws has `font: 10px system-ui, sans-serif`; a mark may set another size. */
const PLOT_FAMILY = "system-ui, sans-serif";
/**
 * Px a character at 10 px where no canvas can measure (Node, the unit tests): a little more than
 * Chromium's 5.2 px a character for "pay back within 10 years" in Plot's type, so a label judged to
 * fit does; in proportion at other sizes.
 */
const FALLBACK_CHAR_PX = 6;

/** @type {OffscreenCanvasRenderingContext2D | null | undefined} */
let context;

/**
 * The width in px of `text` set on one line in Plot's sans-serif at `size` px (Plot's own 10 px
 * unless a mark sets `fontSize`), measured with a canvas (rounded up), else FALLBACK_CHAR_PX a
 * character at 10 px, in proportion to `size`.
 * @param {string} text
 * @param {number} [size] font size in px
 * @returns {number}
 */
export function plotTextWidth(text, size = 10) {
  if (context === undefined)
    context = typeof OffscreenCanvas === "undefined" ? null : new OffscreenCanvas(1, 1).getContext("2d");
  if (!context) return Math.ceil((FALLBACK_CHAR_PX * size * text.length) / 10);
  context.font = `${size}px ${PLOT_FAMILY}`;
  return Math.ceil(context.measureText(text).width);
}

/**
 * `text` whole if it fits `width` px on one line at `size` px, else its longest start that fits
 * with "…" after it (at least one character).
 * @param {string} text
 * @param {number} width px
 * @param {number} [size] font size in px
 * @returns {string}
 */
export function fitText(text, width, size = 10) {
  if (plotTextWidth(text, size) <= width) return text;
  let n = text.length - 1;
  while (n > 1 && plotTextWidth(text.slice(0, n) + "…", size) > width) n--;
  return text.slice(0, n) + "…";
}
