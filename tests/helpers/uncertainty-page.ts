import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";

/** Where download() saves files: one folder per test file that imports this module. */
const downloads = mkdtempSync(join(tmpdir(), "cartecon-page-downloads-"));

/** Saves the download a click on the button named `name` starts, as `file` in a temporary folder; returns its path. */
export async function download(page: Page, name: RegExp, file: string): Promise<string> {
  const [d] = await Promise.all([
    page.waitForEvent("download", { timeout: 120_000 }),
    page.getByRole("button", { name }).click(),
  ]);
  const path = join(downloads, file);
  await d.saveAs(path);
  return path;
}

/** Opens the Uncertainty page at `hash` and waits until every cell that needs the disease's parameters has rendered. */
export async function openUncertaintyPage(page: Page, origin: string, hash = ""): Promise<void> {
  page.setDefaultTimeout(240_000);
  await page.goto(`${origin}/uncertainty.html${hash}`, { waitUntil: "networkidle" });
  await page.waitForFunction(() => document.querySelector("observablehq-loading") === null);
  await page.locator(".scenario-link a").waitFor({ state: "attached" });
  await page.locator("button.download-xlsx").waitFor({ state: "attached" });
}

/** The VOI upload's file choosers, in the page's order. */
export type VoiRole = "inputs" | "nb" | "costs" | "effects";

/** Opens the Uncertainty page and waits for its VOI upload ("Value of information for any model"). */
export async function openVoi(page: Page, origin: string): Promise<void> {
  page.setDefaultTimeout(240_000);
  await page.goto(`${origin}/uncertainty.html`, { waitUntil: "networkidle" });
  await page.waitForFunction(() => document.querySelector("observablehq-loading") === null);
  await page.locator(".voi-panel").waitFor();
}

/** The VOI upload's file chooser for `role`. */
export const voiChooser = (page: Page, role: VoiRole) =>
  page.locator(`.voi-panel input[type="file"][data-role="${role}"]`);

/** The text of the first element matching `selector` ("" for none inside it). */
export const textOf = (page: Page, selector: string) => page.locator(selector).evaluate((e) => e.textContent ?? "");
