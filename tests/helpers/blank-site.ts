/** A blank page served from a temporary folder, for browser tests that need a page but not the report. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import {
  launchChromium,
  openPage,
  serveStatic,
  type Browser,
  type PageProblems,
  type StaticSite,
} from "../../tools/browser.js";

/**
 * For the tests of the file or describe block that calls it: a temporary folder holding an empty
 * index.html titled `title`, and whatever `fill(dir)` writes beside it, served on localhost with
 * Chromium launched (all removed after the tests). `origin` is the site's address, `open()` a fresh
 * page that records its problems, as servedReport's.
 */
export function servedBlankSite(
  title: string,
  fill: (dir: string) => void | Promise<void> = () => {},
): { readonly origin: string; open(): Promise<{ page: Page; problems: PageProblems }> } {
  let dir = "";
  let site: StaticSite | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `cartecon-${title.replace(/\W+/g, "-")}-`));
    writeFileSync(
      join(dir, "index.html"),
      `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title>`,
    );
    await fill(dir);
    site = await serveStatic(dir);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get origin() {
      return site!.origin;
    },
    open: () => openPage(browser!, site!.origin),
  };
}
