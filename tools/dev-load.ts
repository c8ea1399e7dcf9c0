/**
 * First load of the Overview under `observable preview` (npm run dev), measured: starts the dev
 * server on a free port, opens / in headless Chromium and times until the threshold chart is drawn,
 * then a second load (warm). Prints the times, the requests the page made and the server's log
 * lines. Usage: npx tsx tools/dev-load.ts [--cold] (--cold clears src/.observablehq/cache first, so
 * the data loaders run as on a fresh clone; --verbose runs `observable preview` itself instead of
 * `npm run dev`'s quiet wrapper, tools/dev.mjs). Not a test: a figure for the README and notes.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { launchChromium } from "./browser.js";

const cold = process.argv.includes("--cold");
const verbose = process.argv.includes("--verbose");
if (cold) rmSync("src/.observablehq/cache", { recursive: true, force: true });
const port = 4300 + Math.floor(Math.random() * 500);
const server = spawn(
  process.execPath,
  verbose
    ? ["node_modules/@observablehq/framework/dist/bin/observable.js", "preview", "--port", String(port), "--no-open"]
    : ["tools/dev.mjs", "--port", String(port), "--no-open"],
  { env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" }, stdio: ["ignore", "pipe", "pipe"] },
);
const log: string[] = [];
server.stdout.on("data", (d) => log.push(...String(d).split("\n").filter(Boolean)));
server.stderr.on("data", (d) => log.push(...String(d).split("\n").filter(Boolean)));
const origin = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${origin}/_observablehq/client.js`)).ok) break;
    } catch {
      if (i > 600) throw new Error("dev server did not start in 60 s");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await launchChromium();
  try {
    for (const run of ["first", "second"]) {
      const page = await browser.context.newPage();
      let requests = 0;
      page.on("request", () => requests++);
      const t0 = performance.now();
      await page.goto(`${origin}/`, { waitUntil: "commit", timeout: 300_000 });
      await page.waitForSelector("#threshold-chart svg", { timeout: 300_000 });
      const ms = performance.now() - t0;
      console.log(
        `${run} load of / (${cold && run === "first" ? "cold cache" : "warm cache"}): ${(ms / 1000).toFixed(1)} s, ${requests} requests`,
      );
      await page.close();
    }
  } finally {
    await browser.close();
  }
  const before = log.length;
  console.log(`server log: ${before} lines`);
  for (const l of log.slice(0, 40)) console.log(`  | ${l}`);
} finally {
  server.kill();
}
