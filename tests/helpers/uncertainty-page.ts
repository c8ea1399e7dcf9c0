import type { Page } from "playwright-core";

/** Opens the Uncertainty page at `hash` and waits until every cell that needs the disease's parameters has rendered. */
export async function openUncertaintyPage(page: Page, origin: string, hash = ""): Promise<void> {
  page.setDefaultTimeout(240_000);
  await page.goto(`${origin}/uncertainty.html${hash}`, { waitUntil: "networkidle" });
  await page.waitForFunction(() => document.querySelector("observablehq-loading") === null);
  await page.locator(".scenario-link a").waitFor({ state: "attached" });
  await page.locator("button.download-xlsx").waitFor({ state: "attached" });
}
