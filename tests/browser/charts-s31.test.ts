// Chart and table defects of a review of the report pages (s31), each kept fixed, read from the
// built pages (`npm run build`): the parity line drawn across rates without parity; Durability's
// "no parity" triangles touching at 390 px; near-equal prices' dots on the threshold example drawn
// over one another; Compare's note on coincident points in caption type; the Access page's ICER
// column scrolled out of view at 390 px.
import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport } from "../../tools/browser.js";
import { boxes, visits, type Box } from "../helpers/report-page.js";

describe("charts and tables of the report (review s31)", { timeout: 600_000 }, () => {
  const visit = visits(servedReport());

  it("parityScanChart breaks its line where there is no parity, and never joins years across the gap", async () => {
    const { page, problems } = await visit("durability.html", { width: 1280 });
    // The page's own scan (SLE, US): parity for the 13 lowest rates, none after: one unbroken run.
    const figure = page.locator("figure", { hasText: "Cost-parity year of in-vivo CAR T" }).first();
    await figure.locator("svg .parity-reached").first().waitFor();
    const pageLine = await figure.locator("svg [aria-label=line] path").getAttribute("d");
    expect(pageLine?.match(/M/g)?.length).toBe(1);
    // The chart as the page imports it, on a scan with parity, then none, then parity again: x = 0..6,
    // years 2, 3, -, -, 4, 5, -. Runs of consecutive years: {0, 1} and {4, 5}, so two segments (two
    // "M" moves); the one line through all four years drew a single segment across x = 2 and 3.
    // The module the page loaded; a string, so vitest does not rewrite this import() as its own.
    await page.evaluate(
      `import(document.querySelector('link[rel=modulepreload][href*="/components/charts."]').href).then((m) => { window.chartsModule = m; })`,
    );
    const d: { d: string; dots: number[] } = await page.evaluate(() => {
      const m = (window as unknown as { chartsModule: { parityScanChart: Function } }).chartsModule;
      const years = [2, 3, null, null, 4, 5, null];
      const fig = m.parityScanChart(
        years.map((y, x) => ({ x, parity_year: y })),
        { width: 640, height: 300, title: "gap test" },
      );
      document.body.append(fig);
      const line = fig.querySelector("[aria-label=line] path");
      // The x (px) of the four dots, x = 0, 1, 4 and 5.
      const dots = [...fig.querySelectorAll(".parity-reached circle")].map((c: Element) =>
        Number(c.getAttribute("cx")),
      );
      return { d: line?.getAttribute("d") ?? "", dots };
    });
    const segments = d.d.split("M").filter((s) => s.length > 0);
    expect(segments).toHaveLength(2);
    // Each segment starts and ends at a dot: the first runs x = 0 to 1, the second x = 4 to 5.
    const xs = segments.map((s) => s.split(/[LCZ]/).map((p) => Number(p.split(",")[0])));
    expect(d.dots).toHaveLength(4);
    expect(xs[0][0]).toBeCloseTo(d.dots[0], 1);
    expect(xs[0][xs[0].length - 1]).toBeCloseTo(d.dots[1], 1);
    expect(xs[1][0]).toBeCloseTo(d.dots[2], 1);
    expect(xs[1][xs[1].length - 1]).toBeCloseTo(d.dots[3], 1);
    expect(describeProblems(problems)).toEqual([]);
  });

  for (const width of [1280, 390]) {
    it(`durability.html at ${width} px: the "no parity" triangles do not touch`, async () => {
      const { page, problems } = await visit("durability.html", { width });
      const figure = page.locator("figure", { hasText: "Cost-parity year of in-vivo CAR T" }).first();
      await figure.locator("svg .parity-none path").first().waitFor();
      // Boxes of the triangles' geometry; their 1.5 px strokes reach 0.75 px beyond each side, so
      // neighbours' outlines keep at least 1 px of white between them when the geometry is 2.5 px apart.
      // Before: r = 4 px at 390 px, bases 10.8 px wide 11.5 px apart, 0.7 px apart.
      const none = (await boxes(figure, "svg .parity-none path")).sort((a, b) => a.left - b.left);
      expect(none.length).toBe(8); // SLE, US defaults: rates 0.325 to 0.5
      for (let i = 1; i < none.length; i++)
        expect(none[i].left - none[i - 1].right, "two triangles touch").toBeGreaterThanOrEqual(2.5);
      // Still readable: at least 6 px wide.
      for (const n of none) expect(n.right - n.left).toBeGreaterThanOrEqual(6);
      expect(describeProblems(problems)).toEqual([]);
    });

    it(`example-thresholds.html at ${width} px: no two platforms' dots overlap, even at near-equal prices`, async () => {
      const { page, problems } = await visit("example-thresholds.html", { width });
      const figure = page.locator("figure", { hasText: "Price per infusion at which" }).first();
      await figure.locator("svg [aria-label=dot] circle").first().waitFor();
      // Six diseases × three platforms. Type 1 diabetes: allogeneic -6,672 and in-vivo -5,540 GBP, about
      // 4 px apart at 1280 px (the table on the page); Graves' disease: -2,936, 748 and -1,254.
      const dots = await boxes(figure, "svg [aria-label=dot] circle");
      expect(dots.length).toBe(18);
      const centre = (b: Box) => [(b.left + b.right) / 2, (b.top + b.bottom) / 2];
      for (let i = 0; i < dots.length; i++)
        for (let j = i + 1; j < dots.length; j++) {
          const [a, b] = [centre(dots[i]), centre(dots[j])];
          // r = 5 px each: centres 10 px apart or more, or one dot covers part of another.
          expect(Math.hypot(a[0] - b[0], a[1] - b[1]), "two dots overlap").toBeGreaterThanOrEqual(10);
        }
      expect(describeProblems(problems)).toEqual([]);
    });

    it(`compare.html at ${width} px: the note on coincident points is set as the page's other notes`, async () => {
      const { page, problems } = await visit("compare.html", { width });
      const note = page.locator("figcaption", { hasText: "Same point, drawn side by side" });
      await note.waitFor();
      const other = page.locator("p.muted", { hasText: "Each scenario's platform is the one" });
      const style = (l: Locator) =>
        l.evaluate((e) => {
          const s = getComputedStyle(e);
          return { size: s.fontSize, family: s.fontFamily, color: s.color };
        });
      // Before: Plot's figcaption, "small" sans-serif (13 px), under a 0.85rem serif note (13.6 px).
      expect(await style(note)).toEqual(await style(other));
      expect(describeProblems(problems)).toEqual([]);
    });
  }

  for (const hash of [
    "",
    // Type 1 diabetes at a low price: incremental QALYs -0.00021 and "dominated" made the table's
    // columns 338 px at their narrowest in a 326 px box; the ICER column was cut ("dominatec").
    "#disease=t1d&preset=us&platform=autologous&p.c_price=1000",
  ]) {
    it(`access.html${hash} at 390 px: the ICER column of the payment models' table is in view, not scrolled off`, async () => {
      const { page, problems } = await visit(`access.html${hash}`, { width: 390 });
      const table = page.locator("table.data-table", { has: page.locator("th", { hasText: "ICER (per QALY)" }) });
      await table.locator("tbody tr").first().waitFor();
      await table.scrollIntoViewIfNeeded();
      const d = await table.evaluate((t) => {
        const wrap = t.closest(".table-wrap")!;
        const right = wrap.getBoundingClientRect().right;
        const icer = [...t.querySelectorAll("tr")].map((r) => r.lastElementChild!);
        return {
          table: t.getBoundingClientRect().width,
          box: wrap.clientWidth,
          cut: icer.filter((c) => c.getBoundingClientRect().right > right + 0.5).map((c) => c.textContent),
          icer: icer.slice(1).map((c) => c.textContent?.trim()),
        };
      });
      // Within a px, as the table's box judges "scrolls sideways" (table.js).
      expect(d.table).toBeLessThanOrEqual(d.box + 1);
      expect(d.cut).toEqual([]);
      expect(d.icer.length).toBe(3);
      if (hash) for (const x of d.icer) expect(x).toBe("dominated");
      expect(describeProblems(problems)).toEqual([]);
    });
  }
});
