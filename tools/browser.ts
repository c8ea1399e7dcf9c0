// Browser test harness: serves dist/ with a plain static file server on an ephemeral
// localhost port and drives Debian's chromium through playwright-core. Every page it opens
// records console errors, uncaught page errors, failed requests and any request to a host
// other than the local server ("no request leaves the page").
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const distDir = resolve(import.meta.dirname, "../dist");
export const chromiumPath = "/usr/bin/chromium";

// Playwright adds --headless itself (headless: true) and refuses --user-data-dir in args;
// launchPersistentContext gets a fresh temporary profile directory instead.
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
};

export interface StaticSite {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** URL paths requested so far, with the status served. */
  log: { path: string; status: number }[];
  close(): Promise<void>;
}

/**
 * Serves `root` as a dumb static host would: a path maps to exactly that file, and a path
 * ending in "/" maps to its index.html. No rewriting: /foo is a 404 even if foo.html exists,
 * so links that rely on clean URLs fail here as they would on a plain host.
 */
export async function serveStatic(root: string = distDir): Promise<StaticSite> {
  const log: StaticSite["log"] = [];
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: string | Buffer, type = "text/plain; charset=utf-8") => {
      log.push({ path: req.url ?? "", status });
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "method not allowed");
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      return send(400, "bad request");
    }
    if (pathname.endsWith("/")) pathname += "index.html";
    const file = normalize(join(root, pathname));
    if (file !== root && !file.startsWith(root + sep)) return send(403, "forbidden");
    try {
      if (!(await stat(file)).isFile()) return send(404, "not found");
      send(200, await readFile(file), contentTypes[extname(file)] ?? "application/octet-stream");
    } catch {
      send(404, "not found");
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", ok);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : ok()));
      }),
  };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches /usr/bin/chromium headless with a fresh profile; throws if it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. The browser tests need Debian's chromium package: ` +
        "run `apt-get update && apt-get install -y chromium` (Playwright cannot download its own browser here).",
    );
  }
  const profile = mkdtempSync(join(tmpdir(), "cartecon-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  /** Requests to anything but the local server; they are also aborted. */
  externalRequests: string[];
}

/**
 * Opens a new tab that records problems. Requests that leave the local origin are aborted
 * and recorded, so a test sees them even when the machine has no network.
 */
export async function openPage(browser: Browser, origin: string): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.context.newPage();
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], failedRequests: [], externalRequests: [] };
  page.on("console", (message) => {
    if (message.type() === "error") problems.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => problems.pageErrors.push(String(error)));
  // A request the page's own next navigation cuts (a reload while a data file loads) fails with
  // net::ERR_ABORTED; that is the test navigating, not a defect, so it is not recorded.
  let navigations = 0;
  const startedAt = new WeakMap<object, number>();
  page.on("request", (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) navigations++;
    else startedAt.set(request, navigations);
  });
  page.on("requestfailed", (request) => {
    if (!request.url().startsWith(origin)) return; // already recorded as external
    const error = request.failure()?.errorText ?? "failed";
    const started = startedAt.get(request);
    if (error === "net::ERR_ABORTED" && started !== undefined && navigations > started) return;
    problems.failedRequests.push(`${request.url()}: ${error}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
  });
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + "/") || url === origin || url.startsWith("data:") || url.startsWith("blob:")) {
      return route.continue();
    }
    problems.externalRequests.push(url);
    return route.abort("blockedbyclient");
  });
  return { page, problems };
}

/** A one-line-per-problem summary, empty when the page was clean. */
export function describeProblems(problems: PageProblems): string[] {
  return [
    ...problems.consoleErrors.map((s) => `console error: ${s}`),
    ...problems.pageErrors.map((s) => `page error: ${s}`),
    ...problems.failedRequests.map((s) => `failed request: ${s}`),
    ...problems.externalRequests.map((s) => `request left the page: ${s}`),
  ];
}

/**
 * The built report served and a browser launched for the tests of one describe block (closed after
 * them): `origin` is the site's address, `open()` a fresh page that records its problems.
 */
export function servedReport(): { readonly origin: string; open(): Promise<{ page: Page; problems: PageProblems }> } {
  let site: StaticSite | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    site = await serveStatic(distDir);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
  return {
    get origin() {
      return site!.origin;
    },
    open: () => openPage(browser!, site!.origin),
  };
}

/** What a page shows when it has updated after an input change: a status element's data attribute and a chart's markup both change. */
export interface UpdateSignal {
  /** Selector of the status element, e.g. `#explorer-status`. */
  status: string;
  /** The `data-*` key of the status element that changes with the inputs, e.g. `scenario`. */
  key: string;
  /** Selector of a chart that must be redrawn. */
  chart: string;
}

/** Sets a range input (found by its label) and resolves with the ms until the page has updated (see UpdateSignal). */
export async function changeInput(
  page: Page,
  label: string,
  value: number,
  signal: UpdateSignal,
  timeoutMs = 30_000,
): Promise<number> {
  return page.evaluate(
    async ({ label, value, signal, timeoutMs }) => {
      const form = [...document.querySelectorAll("form")].find((f) =>
        f.querySelector("label")?.textContent?.startsWith(label),
      );
      if (!form) throw new Error(`no input labelled ${label}`);
      const range = form.querySelector('input[type="range"]') as HTMLInputElement;
      const statusOf = () => (document.querySelector(signal.status) as HTMLElement | null)?.dataset[signal.key];
      const chartOf = () => document.querySelector(signal.chart)?.innerHTML;
      const before = statusOf();
      const beforeChart = chartOf();
      const t0 = performance.now();
      range.value = String(value);
      range.dispatchEvent(new Event("input", { bubbles: true }));
      await new Promise<void>((resolve, reject) => {
        const deadline = t0 + timeoutMs;
        const check = () => {
          if (statusOf() !== before && chartOf() !== beforeChart) resolve();
          else if (performance.now() > deadline) reject(new Error("the page did not update"));
          else requestAnimationFrame(check);
        };
        check();
      });
      return performance.now() - t0;
    },
    { label, value, signal, timeoutMs },
  );
}

/**
 * Starts counting the page's layouts (Chromium's LayoutCount metric, over the DevTools protocol);
 * the function returned gives the number since the start. Unlike wall-clock time, it does not depend
 * on the machine's load, so a test can hold a page to it.
 */
export async function layoutCounter(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const count = async () =>
    (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "LayoutCount")?.value ?? NaN;
  const start = await count();
  return async () => (await count()) - start;
}

/** Text boxes of the SVG `svgSelector` that overlap each other (area > 1 px²) or leave the SVG (by more than 1 px). */
export async function textProblems(page: Page, svgSelector: string): Promise<{ texts: number; problems: string[] }> {
  return svgTextProblems(page.locator(svgSelector).first());
}

/** Text boxes of the SVG `svg` that overlap each other (area > 1 px²) or leave the SVG (by more than 1 px). */
export async function svgTextProblems(svg: Locator): Promise<{ texts: number; problems: string[] }> {
  return svg.evaluate((svg) => {
    const frame = svg.getBoundingClientRect();
    const boxes = [...svg.querySelectorAll("text")]
      .filter((t) => (t.textContent ?? "").trim() !== "")
      .map((t) => ({ text: (t.textContent ?? "").trim(), r: t.getBoundingClientRect() }));
    const problems: string[] = [];
    for (const { text, r } of boxes)
      if (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1 || r.bottom > frame.bottom + 1)
        problems.push(`"${text}" leaves the chart`);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r;
        const b = boxes[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 0 && h > 0 && w * h > 1) problems.push(`"${boxes[i].text}" overlaps "${boxes[j].text}"`);
      }
    return { texts: boxes.length, problems };
  });
}
