// The browser tests' problem recorder (tools/browser.ts openPage): a request the page's own next
// navigation cuts is not a defect; a missing file, or a request the page aborts without navigating,
// still is. (Clean-clone CI run 254 failed a test whose reload cut a data file's request.)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeProblems } from "../../tools/browser.js";
import { servedBlankSite } from "../helpers/blank-site.js";

const site = servedBlankSite("p", (dir) => writeFileSync(join(dir, "slow.json"), "{}"));

/** Holds every request for slow.json until the test ends: it is in flight when the page acts. */
async function holdSlow(page: import("playwright-core").Page): Promise<() => Promise<void>> {
  let arrived: () => void = () => {};
  const seen = new Promise<void>((ok) => (arrived = ok));
  await page.route("**/slow.json", () => arrived());
  return () => seen;
}

describe("the browser tests' problem recorder", () => {
  it("a request cut by the page's reload is not recorded", async () => {
    const { page, problems } = await site.open();
    await page.goto(`${site.origin}/index.html`);
    const seen = await holdSlow(page);
    await page.evaluate(() => void fetch("/slow.json").catch(() => {}));
    await seen();
    const cut = page.waitForEvent("requestfailed", (r) => r.url().endsWith("/slow.json"));
    await page.reload();
    expect((await cut).failure()?.errorText).toBe("net::ERR_ABORTED");
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  }, 60_000);

  it("a missing file, and a request the page aborts without navigating, are recorded", async () => {
    const { page, problems } = await site.open();
    await page.goto(`${site.origin}/index.html`);
    const seen = await holdSlow(page);
    await page.evaluate(() => {
      const controller = new AbortController();
      void fetch("/slow.json", { signal: controller.signal }).catch(() => {});
      (window as unknown as { stop: () => void }).stop = () => controller.abort();
    });
    await seen();
    await page.evaluate(() => (window as unknown as { stop: () => void }).stop());
    await page.evaluate(() => fetch("/nosuch.json").then(() => undefined));
    // Chromium also logs the 404 as a console error; the two failed requests are what is checked.
    const failed = () => describeProblems(problems).filter((line) => line.startsWith("failed request:"));
    await expect.poll(() => failed().length, { timeout: 10_000 }).toBe(2);
    expect(failed().join("\n")).toMatch(/failed request: .*\/slow\.json: net::ERR_ABORTED/);
    expect(failed().join("\n")).toMatch(/failed request: .*\/nosuch\.json: HTTP 404/);
    await page.close();
  }, 60_000);
});
