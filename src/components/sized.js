// Charts sized to their container, as Framework's resize(), for pages that recompute often: a chart
// is drawn at once with the width its slot had last time (no wait for the browser to lay the page
// out and report the size), drawn again only if the width turns out different, and not drawn at
// all when neither its data nor its width changed (the same element is shown again).
import { html } from "htl";

/**
 * Narrowest width (px) a chart is drawn at. A slot narrower than this gets a chart this wide, which
 * the card scrolls, rather than a chart whose plot area is narrower than its margins: Plot then
 * writes negative SVG widths (Chromium logs "<rect> attribute width: A negative value is not valid"
 * for each bar). Phones are 320 px or wider; a browser's full-page capture briefly lays the page out
 * 1 px wide, which is how this was seen. The charts' margins add up to at most 150 px when narrow.
 */
export const MIN_CHART_WIDTH = 240;

/** @type {Map<string, {width: number, key: string, node: Node}>} slot -> what it showed last */
const memory = new Map();

/**
 * A container that shows render(width): `slot` names the chart on the page, `deps` is everything
 * the chart shows (compared as JSON), `invalidation` is the cell's invalidation promise.
 * @param {string} slot
 * @param {unknown} deps
 * @param {(width: number) => Node} render
 * @param {Promise<unknown>} [invalidation]
 * @returns {HTMLDivElement}
 */
export function sized(slot, deps, render, invalidation) {
  const key = JSON.stringify(deps);
  /** @type {HTMLDivElement} */
  const div = html`<div style="position: relative"></div>`;
  /** @type {number | undefined} */
  let width;
  const show = (/** @type {number} */ w) => {
    const m = memory.get(slot);
    const node = m && m.width === w && m.key === key ? m.node : render(w);
    memory.set(slot, { width: w, key, node });
    div.replaceChildren(node);
  };
  const known = memory.get(slot)?.width;
  if (known !== undefined && known > 0) {
    width = known;
    show(known);
  }
  const observer = new ResizeObserver(([entry]) => {
    const w = Math.max(MIN_CHART_WIDTH, entry.contentRect.width);
    if (!(entry.contentRect.width > 0) || w === width) return;
    width = w;
    show(w);
  });
  observer.observe(div);
  invalidation?.then(() => observer.disconnect());
  return div;
}
