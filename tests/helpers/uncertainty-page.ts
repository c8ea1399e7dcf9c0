import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import type { servedReport } from "../../tools/browser.js";
import { visits, withoutProblems, type OpenedPage } from "./report-page.js";

/** Where download() saves files: one folder per test file that imports this module. */
const downloads = mkdtempSync(join(tmpdir(), "cartecon-page-downloads-"));

/**
 * Saves the download a click on the button named `name` starts (a string matches part of the name, as
 * Playwright's getByRole does), as `file` in a temporary folder; returns its path.
 */
export async function download(page: Page, name: string | RegExp, file: string): Promise<string> {
  const [d] = await Promise.all([
    page.waitForEvent("download", { timeout: 120_000 }),
    page.getByRole("button", { name }).click(),
  ]);
  const path = join(downloads, file);
  await d.saveAs(path);
  return path;
}

/** The window an Uncertainty page opens in: Chromium's 1280 × 800 px unless a width is given (height 900 px then). */
export type Viewport = { width?: number; height?: number };

/**
 * Opens the Uncertainty page at `hash` in a fresh page of `report`, 240 s for each wait, and waits until
 * every cell that needs the disease's parameters has rendered. Fails with the page's message if the page
 * throws, logs a console error, has a request fail or renders an error cell while it loads.
 */
export async function openUncertaintyPage(
  report: ReturnType<typeof servedReport>,
  hash = "",
  viewport: Viewport = {},
): Promise<OpenedPage> {
  const opened = await visits(report)(`uncertainty.html${hash}`, { ...viewport, timeout: 240_000, clean: true });
  const { page } = opened;
  await withoutProblems(opened, async () => {
    // The parameters come from a worker after the page loads; the cells that wait for them, down to
    // the last (the workbook button), have rendered.
    await page.locator(".groups-editor option").first().waitFor({ state: "attached" });
    await page.locator(".scenario-link a").waitFor({ state: "attached" });
    await page.locator("button.download-xlsx").waitFor({ state: "attached" });
  });
  return opened;
}

/** The VOI upload's file choosers, in the page's order. */
export type VoiRole = "inputs" | "nb" | "costs" | "effects";

/**
 * Opens the Uncertainty page in a fresh page of `report` and waits for its VOI upload ("Value of
 * information for any model"), failing as openUncertaintyPage does if the page does not load cleanly.
 */
export async function openVoi(report: ReturnType<typeof servedReport>, viewport: Viewport = {}): Promise<OpenedPage> {
  const opened = await visits(report)("uncertainty.html", { ...viewport, timeout: 240_000, clean: true });
  await withoutProblems(opened, () => opened.page.locator(".voi-panel").waitFor());
  return opened;
}

/** The VOI upload's file chooser for `role`. */
export const voiChooser = (page: Page, role: VoiRole) =>
  page.locator(`.voi-panel input[type="file"][data-role="${role}"]`);

/** The text of the first element matching `selector` ("" for none inside it). */
export const textOf = (page: Page, selector: string) => page.locator(selector).evaluate((e) => e.textContent ?? "");
