/** Opening the report's Uncertainty page and using its panels, for the browser tests. */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import type { servedReport } from "../../tools/browser.js";
import { download, visits, withoutProblems, type OpenedPage } from "./report-page.js";

/** The window an Uncertainty page opens in: `width` × `height` (900) px if a width is given, else Chromium's 1280 × 800 px. */
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

/** Runs the PSA (its button names `n` and `seed`) and waits for the EVPPI bars, the last view of a run. */
export async function runPsa(page: Page, n: number, seed: number): Promise<void> {
  await page.getByRole("button", { name: `Run PSA (${n} draws, seed ${seed})` }).click();
  await page.locator(".evppi-view figure > svg").first().waitFor();
}

/** The JSON of the assumptions download of `file` (its "Assumptions behind <file>" button). */
export async function assumptions(page: Page, file: string) {
  return JSON.parse(readFileSync(await download(page, `Assumptions behind ${file}`), "utf8"));
}
