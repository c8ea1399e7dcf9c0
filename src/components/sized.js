// Charts sized to their container, as Framework's resize(), for pages that recompute often: a chart
// is drawn at once with the width its slot had last time (no wait for the browser to lay the page
// out and report the size), drawn again only if the width turns out different, and not drawn at
// all when neither its data nor its width changed (the same element is shown again).
import { html } from "htl";

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
    const w = entry.contentRect.width;
    if (!(w > 0) || w === width) return;
    width = w;
    show(w);
  });
  observer.observe(div);
  invalidation?.then(() => observer.disconnect());
  return div;
}
