// The width of one line of text in Plot's type, for a chart that must decide before Plot draws it
// whether a label fits (the Durability page's payback target, the two-way map's axis labels).

/** Plot's own type: every SVG it draws has `font: 10px system-ui, sans-serif`. */
const PLOT_FONT = "10px system-ui, sans-serif";
/**
 * Px a character where no canvas can measure (Node, the unit tests): a little more than Chromium's
 * 5.2 px a character for "pay back within 10 years" in PLOT_FONT, so a label judged to fit does.
 */
const FALLBACK_CHAR_PX = 6;

/** @type {OffscreenCanvasRenderingContext2D | null | undefined} */
let context;

/**
 * The width in px of `text` set on one line in Plot's 10 px sans-serif, measured with a canvas
 * (rounded up), else FALLBACK_CHAR_PX a character.
 * @param {string} text
 * @returns {number}
 */
export function plotTextWidth(text) {
  if (context === undefined)
    context = typeof OffscreenCanvas === "undefined" ? null : new OffscreenCanvas(1, 1).getContext("2d");
  if (!context) return FALLBACK_CHAR_PX * text.length;
  context.font = PLOT_FONT;
  return Math.ceil(context.measureText(text).width);
}
