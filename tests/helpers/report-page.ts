/** Opening a page of the built report (`npm run build`) and reading its tables, for the browser tests. */
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import type { PageProblems, servedReport } from "../../tools/browser.js";

/**
 * `visit(path, options)` opens `path` of the report that `report` serves in a fresh page that records
 * its problems, `width` × 900 px if a width is given, with `timeout` ms for each wait, and waits for the
 * network to idle; unless `settle` is false, it then waits (up to 120 s) until Framework has rendered
 * every cell and expects none to have rendered an error.
 */
export function visits(report: ReturnType<typeof servedReport>) {
  return async (
    path: string,
    { width, timeout = 120_000, settle: settles = true }: { width?: number; timeout?: number; settle?: boolean } = {},
  ): Promise<{ page: Page; problems: PageProblems }> => {
    const { page, problems } = await report.open();
    page.setDefaultTimeout(timeout);
    if (width !== undefined) await page.setViewportSize({ width, height: 900 });
    await page.goto(`${report.origin}/${path}`, { waitUntil: "networkidle" });
    if (settles) await settle(page);
    return { page, problems };
  };
}

/**
 * Waits (up to 120 s) until Framework has rendered every cell of the page open in `page`, then expects
 * none to have rendered an error: for a page `visit` opened without settling, or one navigated since.
 */
export async function settle(page: Page): Promise<void> {
  // Framework shows <observablehq-loading> until a cell has rendered.
  await page.waitForFunction(() => document.querySelector("observablehq-loading") === null, undefined, {
    timeout: 120_000,
  });
  expect(await page.locator(".observablehq--error").allInnerTexts()).toEqual([]);
}

/** The cells of `table`'s column headed `header` (a `thead th`, compared trimmed), each trimmed; "" where a row has no such cell. */
export function columnOf(table: Locator, header: string): Promise<string[]> {
  return table.evaluate((t, header) => {
    const i = [...t.querySelectorAll("thead th")].findIndex((th) => th.textContent?.trim() === header);
    if (i < 0) throw new Error(`no column headed "${header}"`);
    return [...t.querySelectorAll("tbody tr")].map((tr) => tr.children[i]?.textContent?.trim() ?? "");
  }, header);
}
