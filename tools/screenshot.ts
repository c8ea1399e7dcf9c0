/**
 * Screenshots of the built report for review: every page at 1280 and 390 px wide.
 * Usage: npx tsx tools/screenshot.ts [outDir] (after npm run build). Not a test.
 */
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { distDir, launchChromium, openPage, serveStatic } from "./browser.js";

const out = process.argv[2] ?? "/tmp/screens";
mkdirSync(out, { recursive: true });
const pages = readdirSync(distDir).filter((f) => f.endsWith(".html"));
const site = await serveStatic();
const browser = await launchChromium();
try {
  for (const p of pages) {
    for (const width of [1280, 390]) {
      const { page, problems } = await openPage(browser, site.origin);
      page.setDefaultTimeout(120_000); // a busy machine: full-page captures of long pages take a while
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${site.origin}/${p}`);
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(500);
      // A full-page capture does not scroll: show the tables the browser would lay out when a reader
      // scrolls to them (content-visibility: auto), so the picture is what a reader sees.
      await page.addStyleTag({ content: ".table-wrap { content-visibility: visible !important; }" });
      await page.waitForTimeout(100);
      const file = join(out, `${p.replace(".html", "")}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      const errs = [...problems.consoleErrors, ...problems.pageErrors];
      console.log(file, errs.length ? `errors: ${errs.join(" | ")}` : "");
      await page.close();
    }
  }
} finally {
  await browser.close();
  await site.close();
}
