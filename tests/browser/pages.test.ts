// End-to-end check of the built report: every page in dist/ loads from a plain static host
// at desktop and phone widths without errors or outside requests, draws its Plot chart,
// and every internal link resolves. Run after `npm run build` (the test script does).
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { describeProblems, distDir, servedReport } from "../../tools/browser.js";

const widths = [1280, 390];

// Pages that deliberately have no Plot chart on load: the Parameters page is an editable table.
// The Uncertainty page draws its charts after a PSA run (tests/browser/uncertainty.test.ts runs one).
// The presets example (docs/notebook.md) shows tables only.
const pagesWithoutChart = new Set<string>(["parameters.html", "uncertainty.html", "example-presets.html"]);

/** Page files relative to dist/, e.g. "index.html"; Framework's own assets live under "_" dirs. */
function listPages(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const pages: string[] = [];
  const visit = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!entry.name.startsWith("_")) visit(join(d, entry.name));
      } else if (entry.name.endsWith(".html")) {
        pages.push(relative(dir, join(d, entry.name)).split("\\").join("/"));
      }
    }
  };
  visit(dir);
  return pages.sort();
}

const pages = listPages(distDir);

describe("built report in chromium", () => {
  const report = servedReport();

  it("dist/ has at least one page to test (run `npm run build` first)", () => {
    expect(pages.length, `no .html pages in ${distDir}`).toBeGreaterThan(0);
  });

  it("every page of the navigation (observablehq.config.ts) is built, including Compare, Incremental analysis and Summary", async () => {
    const config = (await import("../../observablehq.config.js")).default as { pages: { path: string }[] };
    const nav = config.pages.map((p) => `${p.path.replace(/^\//, "")}.html`);
    for (const p of ["compare.html", "incremental.html", "summary.html"]) expect(nav).toContain(p);
    expect(nav.filter((p) => !pages.includes(p))).toEqual([]);
  });

  for (const path of pages) {
    for (const width of widths) {
      it(`${path} at ${width}px loads with no errors, no outside requests and ${pagesWithoutChart.has(path) ? "no chart check" : "a rendered Plot chart"}`, async () => {
        const { page, problems } = await report.open();
        try {
          await page.setViewportSize({ width, height: 900 });
          const response = await page.goto(`${report.origin}/${path}`, { waitUntil: "networkidle" });
          expect(response?.status(), `HTTP status of /${path}`).toBe(200);
          // Framework shows <observablehq-loading> until a cell has rendered.
          await page.waitForFunction(() => document.querySelector("observablehq-loading") === null);

          const cellErrors = await page.locator(".observablehq--error").allInnerTexts();
          expect(cellErrors, "cells that rendered an error").toEqual([]);

          if (!pagesWithoutChart.has(path)) {
            const chart = page.locator('svg[class^="plot"]').first();
            await chart.waitFor({ state: "visible" });
            const box = await chart.boundingBox();
            expect(box?.width ?? 0, "Plot SVG width in px").toBeGreaterThan(100);
            expect(box?.width ?? Infinity, "Plot SVG fits the viewport").toBeLessThanOrEqual(width);
            expect(
              await chart.locator("path, circle, rect, line").count(),
              "marks drawn in the Plot SVG",
            ).toBeGreaterThan(0);
          }

          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, "horizontal overflow in px (page wider than the viewport)").toBeLessThanOrEqual(0);

          await page.waitForLoadState("networkidle");
          expect(describeProblems(problems)).toEqual([]);
        } finally {
          await page.close();
        }
      });
    }
  }

  it("every internal link on every page returns 200 from a host without URL rewriting", async () => {
    const targets = new Map<string, string>(); // target URL → page that links to it
    for (const path of pages) {
      const { page, problems } = await report.open();
      try {
        await page.goto(`${report.origin}/${path}`, { waitUntil: "networkidle" });
        const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
        for (const href of hrefs) {
          const url = new URL(href);
          if (url.origin !== report.origin) continue; // outside links are not requests the page makes
          url.hash = "";
          if (!targets.has(url.href)) targets.set(url.href, path);
        }
        expect(describeProblems(problems)).toEqual([]);
      } finally {
        await page.close();
      }
    }
    expect(targets.size, "internal links found").toBeGreaterThan(0);
    const broken: string[] = [];
    for (const [target, from] of targets) {
      // A plain GET from node: the status is what any browser gets from this static server. Problems on
      // the linked pages themselves are covered by the per-page tests above. (Loading each target in the
      // browser instead took over 120 s at load average 20 on the 2-core machine.)
      const response = await fetch(target);
      await response.arrayBuffer();
      if (response.status !== 200) broken.push(`${target} (linked from ${from}): HTTP ${response.status}`);
    }
    expect(broken).toEqual([]);
  }, 300_000);
});
