// Chart defects of a first-time reader's review (s30), each kept fixed, read from the built pages
// (`npm run build`) at 1280 and 390 px: coincident points of the Compare plane hid one another;
// cost-parity labels sat on the curves; dots at the lowest price sat on the y axis' tick labels; the
// threshold example drew platforms in colours of its own; Durability's "no parity" points sat on the
// axis' top year; the two-way map wrote e-notation; table captions are shown to sighted readers and
// in print.
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport } from "../../tools/browser.js";
import { boxes, visits, type Box } from "../helpers/report-page.js";
import { openUncertaintyPage } from "../helpers/uncertainty-page.js";

describe("charts of the report (review s30)", { timeout: 600_000 }, () => {
  const report = servedReport();
  const visit = visits(report);

  for (const width of [1280, 390]) {
    it(`compare.html at ${width} px: the example pair's shared points are drawn side by side and named`, async () => {
      const { page, problems } = await visit("compare.html", { width });
      // The example pair differs only in the bespoke price (src/compare.md), so allogeneic and in-vivo
      // CAR T are the same point in both scenarios: two pairs, each drawn apart.
      const figure = page.locator("figure", { hasText: "Incremental cost and QALYs" }).first();
      await figure.locator("svg").first().waitFor();
      const spread = await boxes(figure, ".plane-point-spread path, .plane-point-spread use");
      expect(spread.length).toBe(4);
      const centre = (b: Box) => [(b.left + b.right) / 2, (b.top + b.bottom) / 2];
      for (let i = 0; i < spread.length; i++)
        for (let j = i + 1; j < spread.length; j++) {
          const [a, b] = [centre(spread[i]), centre(spread[j])];
          expect(Math.hypot(a[0] - b[0], a[1] - b[1]), "two shared points on one spot").toBeGreaterThan(5);
        }
      const note = await figure.locator("figcaption").innerText();
      expect(note).toContain("Same point, drawn side by side");
      expect(note).toContain("In-vivo CAR T in");
      expect(describeProblems(problems)).toEqual([]);
    });

    it(`explorer.html at ${width} px: no curve or rule passes through a cost-parity label`, async () => {
      const { page, problems } = await visit("explorer.html", { width });
      const figure = page.locator("figure", { hasText: "Cumulative discounted cost per patient" }).first();
      await figure.locator(".parity-label text").first().waitFor();
      const labels = await boxes(figure, ".parity-label text");
      expect(labels.length).toBeGreaterThan(0);
      // Lines and rules are the marks' paths and lines; every label lies wholly above all of them.
      const curves = await boxes(figure, "svg [aria-label=line] path, svg [aria-label=rule] line");
      const highest = Math.min(...curves.map((c) => c.top));
      for (const l of labels) expect(l.bottom, "label below the top of a curve or rule").toBeLessThanOrEqual(highest);
      // Labels one per row: no two overlap.
      for (let i = 0; i < labels.length; i++)
        for (let j = i + 1; j < labels.length; j++)
          expect(labels[i].bottom <= labels[j].top || labels[j].bottom <= labels[i].top).toBe(true);
      expect(describeProblems(problems)).toEqual([]);
    });

    // The row labels: the y axis' ticks and labels on the Overview; on the threshold example, whose
    // rows are facets since s31 (so near-equal prices can be stacked), the fy axis' labels.
    const Y_AXIS = "svg [aria-label='y-axis tick'] path, svg [aria-label='y-axis tick label'] text";
    for (const [path, title, rowLabels] of [
      ["index.html", "Threshold product prices", Y_AXIS],
      ["example-thresholds.html", "Price per infusion at which", "svg [aria-label='fy-axis tick label'] text"],
    ]) {
      it(`${path} at ${width} px: no dot touches the y axis' tick labels or tick marks`, async () => {
        const { page, problems } = await visit(path, { width });
        const figure = page.locator("figure", { hasText: title }).first();
        await figure.locator("svg [aria-label=dot]").first().waitFor();
        const ticks = await boxes(figure, rowLabels);
        const dots = await boxes(figure, "svg [aria-label=dot] circle, svg [aria-label=dot] path");
        expect(ticks.length).toBeGreaterThan(0);
        const axisRight = Math.max(...ticks.map((t) => t.right));
        for (const d of dots) expect(d.left, "a dot on the y axis").toBeGreaterThan(axisRight);
        expect(describeProblems(problems)).toEqual([]);
      });
    }

    it(`example-thresholds.html at ${width} px: platforms in the report's colours`, async () => {
      const { page, problems } = await visit("example-thresholds.html", { width });
      const figure = page.locator("figure", { hasText: "Price per infusion at which" }).first();
      await figure.locator("svg [aria-label=dot]").first().waitFor();
      const fills = await figure.evaluate((f) => [
        ...new Set([...f.querySelectorAll("svg [aria-label=dot] circle")].map((c) => c.getAttribute("fill"))),
      ]);
      // STRATEGY_COLORS of src/components/charts.js, as every other chart of the report draws them.
      expect(fills.sort()).toEqual(["#1f77b4", "#2ca02c", "#ff7f0e"]);
      // The table's caption is shown above it (the <caption> itself is for screen readers).
      const caption = page.locator(".table-caption", { hasText: "Per infusion" });
      expect(await caption.isVisible()).toBe(true);
      await page.emulateMedia({ media: "print" });
      expect(await caption.isVisible(), "caption hidden in print").toBe(true);
      expect(describeProblems(problems)).toEqual([]);
    });

    it(`durability.html at ${width} px: "no parity" points sit above the axis' last year, in a band with a legend entry`, async () => {
      const { page, problems } = await visit("durability.html", { width });
      const figure = page.locator("figure", { hasText: "Cost-parity year of in-vivo CAR T" }).first();
      await figure.locator("svg .parity-reached").first().waitFor();
      // Default disease (SLE): past a relapse rate of about 0.3 per year there is no parity.
      const none = await boxes(figure, "svg .parity-none path");
      expect(none.length).toBeGreaterThan(0);
      const topTick = Math.min(...(await boxes(figure, "svg [aria-label='y-axis tick'] path")).map((t) => t.top));
      for (const n of none) expect(n.bottom, "a no-parity point at or below the top year").toBeLessThan(topTick);
      expect(await figure.locator(".chart-legend").innerText()).toContain("no cost parity within the horizon");
      expect(describeProblems(problems)).toEqual([]);
    });

    it(`uncertainty.html at ${width} px: the two-way map's ticks are plain numbers, never e-notation`, async () => {
      // c_lymphodepletion__allogeneic is a cost per infusion in the thousands (GBP 2024): toPrecision(3)
      // wrote its ticks as "1.88e+3".
      const { page, problems } = await openUncertaintyPage(
        report,
        "#disease=ms&preset=uk&a=c_lymphodepletion__allogeneic&b=r_relapse&steps=3",
        { width },
      );
      await page.getByRole("button", { name: /Compute two-way map/ }).click();
      const svg = page.locator(".twoway-results figure > svg");
      await svg.waitFor();
      const ticks = await svg.evaluate((el) =>
        [...el.querySelectorAll('[aria-label$="-axis tick label"] text')].map((t) => (t.textContent ?? "").trim()),
      );
      expect(ticks.length).toBeGreaterThan(3);
      for (const t of ticks) expect(t).toMatch(/^−?\d+(\.\d+)?[kMB]?$/);
      expect(
        ticks.some((t) => t.endsWith("k")),
        "the cost axis in thousands",
      ).toBe(true);
      expect(describeProblems(problems)).toEqual([]);
    });
  }
});
