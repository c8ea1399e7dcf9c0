/** Opening a page of the built report (`npm run build`) and reading its tables, for the browser tests. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConsoleMessage, Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { describeProblems, type PageProblems, type servedReport } from "../../tools/browser.js";

/** A page of the report opened by `report.open()`, with the problems it has recorded since. */
export interface OpenedPage {
  page: Page;
  problems: PageProblems;
}

/** How `visit` opens a page: see visits(). */
export interface VisitOptions {
  width?: number;
  height?: number;
  timeout?: number;
  settle?: boolean;
  clean?: boolean;
}

/**
 * `visit(path, options)` opens `path` of the report that `report` serves in a fresh page that records
 * its problems, `width` × `height` (900) px if a width is given, with `timeout` ms for each wait, and
 * waits for the network to idle; unless `settle` is false, it then waits (up to `timeout`) until
 * Framework has rendered every cell and expects none to have rendered an error. With `clean`, the page
 * must also load without problems: its first uncaught error or console error fails the visit with the
 * page's message, and none may be recorded by the time the cells have rendered (see withoutProblems).
 */
export function visits(report: ReturnType<typeof servedReport>) {
  return async (
    path: string,
    { width, height = 900, timeout = 120_000, settle: settles = true, clean = false }: VisitOptions = {},
  ): Promise<OpenedPage> => {
    const { page, problems } = await report.open();
    page.setDefaultTimeout(timeout);
    if (width !== undefined) await page.setViewportSize({ width, height });
    await page.goto(`${report.origin}/${path}`, { waitUntil: "networkidle" });
    if (settles) await settle(page, { timeout, problems: clean ? problems : undefined });
    return { page, problems };
  };
}

/**
 * Waits (up to `timeout` ms, 120 s) until Framework has rendered every cell of the page open in `page`,
 * then expects none to have rendered an error: for a page `visit` opened without settling, or one
 * navigated since. Given the page's `problems`, the wait is made withoutProblems.
 */
export async function settle(
  page: Page,
  { timeout = 120_000, problems }: { timeout?: number; problems?: PageProblems } = {},
): Promise<void> {
  // Framework shows <observablehq-loading> until a cell has rendered.
  const rendered = () =>
    page.waitForFunction(() => document.querySelector("observablehq-loading") === null, undefined, { timeout });
  await (problems ? withoutProblems({ page, problems }, rendered) : rendered());
  expect(await page.locator(".observablehq--error").allInnerTexts()).toEqual([]);
}

/**
 * Runs `wait()` for the page open in `page`, failing at once with the page's message if it throws an
 * uncaught error or logs a console error meanwhile (rather than when the wait times out), and fails with
 * each problem's message if `problems` holds any before or after: a problem the page recorded while it
 * loaded is a failure, whatever it was.
 */
export async function withoutProblems<T>({ page, problems }: OpenedPage, wait: () => Promise<T>): Promise<T> {
  const expectNone = () => {
    const found = describeProblems(problems);
    if (found.length > 0) throw new Error(`${page.url()} had problems while it loaded:\n${found.join("\n")}`);
  };
  expectNone();
  let stop = () => {};
  const failed = new Promise<never>((_, reject) => {
    const onError = (error: Error) => reject(new Error(`${page.url()} threw while it loaded: ${String(error)}`));
    const onConsole = (message: ConsoleMessage) => {
      if (message.type() === "error") reject(new Error(`${page.url()} logged a console error: ${message.text()}`));
    };
    page.on("pageerror", onError);
    page.on("console", onConsole);
    stop = () => {
      page.off("pageerror", onError);
      page.off("console", onConsole);
    };
  });
  try {
    const result = await Promise.race([wait(), failed]);
    expectNone();
    return result;
  } finally {
    stop();
  }
}

/** Where download() saves files: one folder per test file that imports this module. */
const downloads = mkdtempSync(join(tmpdir(), "cartecon-page-downloads-"));

/**
 * Saves the download a click on the button named `name` starts (a string matches part of the name, as
 * Playwright's getByRole does), or on the element `name` locates, in a temporary folder, as `file` or
 * else under the name the page gives it (basename of the path returned); returns its path.
 */
export async function download(page: Page, name: string | RegExp | Locator, file?: string): Promise<string> {
  const target = typeof name === "string" || name instanceof RegExp ? page.getByRole("button", { name }) : name;
  const [d] = await Promise.all([page.waitForEvent("download", { timeout: 120_000 }), target.click()]);
  const path = join(downloads, file ?? d.suggestedFilename());
  await d.saveAs(path);
  return path;
}

/** The rows of the CSV file at `path`, split at commas: for the page's tables whose writer quotes no cell. */
export const csvRows = (path: string): string[][] =>
  readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(","));

/** The client box of an element. */
export type Box = { left: number; right: number; top: number; bottom: number };

/** The client boxes of the elements `selector` finds inside `scope`. */
export const boxes = (scope: Locator, selector: string): Promise<Box[]> =>
  scope.evaluate(
    (el, sel) =>
      [...el.querySelectorAll(sel)].map((e) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      }),
    selector,
  );

/** The cells of `table`'s column headed `header` (a `thead th`, compared trimmed), each trimmed; "" where a row has no such cell. */
export function columnOf(table: Locator, header: string): Promise<string[]> {
  return table.evaluate((t, header) => {
    const i = [...t.querySelectorAll("thead th")].findIndex((th) => th.textContent?.trim() === header);
    if (i < 0) throw new Error(`no column headed "${header}"`);
    return [...t.querySelectorAll("tbody tr")].map((tr) => tr.children[i]?.textContent?.trim() ?? "");
  }, header);
}
