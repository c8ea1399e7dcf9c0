/**
 * Screenshots of the built report for review: every page at 1280 and 390 px wide.
 * Usage: npx tsx tools/screenshot.ts [outDir] (after npm run build). Not a test.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { distDir, launchChromium, openPage, serveStatic } from "../tests/browser/harness.js";

const out = process.argv[2] ?? "/tmp/screens";
const pages = readdirSync(distDir).filter((f) => f.endsWith(".html"));
const site = await serveStatic();
const browser = await launchChromium();
try {
  for (const p of pages) {
    for (const width of [1280, 390]) {
      const { page, problems } = await openPage(browser, site.origin);
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${site.origin}/${p}`);
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(500);
      // Scroll through the page as a reader would: content laid out on demand (content-visibility) renders.
      await page.evaluate(`(async () => {
        for (let y = 0; y < document.body.scrollHeight; y += 600) {
          window.scrollTo(0, y);
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        }
        window.scrollTo(0, 0);
      })()`);
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
