/**
 * One region of one built page, for review: npx tsx tools/shot-region.ts PAGE WIDTH OUT.png [SELECTOR | y0:height] [#hash]
 * (after npm run build). Not a test.
 */
import { distDir, launchChromium, openPage, serveStatic } from "./browser.js";

const [p, w, out, region = "", hash = ""] = process.argv.slice(2);
const width = Number(w);
const site = await serveStatic(distDir);
const browser = await launchChromium();
try {
  const { page, problems } = await openPage(browser, site.origin);
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`${site.origin}/${p}${hash}`);
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(800);
  await page.addStyleTag({ content: ".table-wrap { content-visibility: visible !important; }" });
  await page.waitForTimeout(100);
  const m = /^(\d+):(\d+)$/.exec(region);
  if (m)
    await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: Number(m[1]), width, height: Number(m[2]) } });
  else if (region) await page.locator(region).first().screenshot({ path: out });
  else await page.screenshot({ path: out, fullPage: true });
  const errs = [...problems.consoleErrors, ...problems.pageErrors];
  console.log(out, errs.length ? `errors: ${errs.join(" | ")}` : "");
} finally {
  await browser.close();
  await site.close();
}
