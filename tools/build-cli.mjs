#!/usr/bin/env node
/**
 * Compiles the CLI (src/cli/index.ts and what it imports from src/) into one ES module,
 * build/cli.js, so `cartecon` starts as plain JavaScript instead of transpiling TypeScript on every
 * run (tsx took ~0.5 s per start). Run by `npm run build:cli`, by `prepare` (so `npm ci`
 * builds it) and by the node tests' global setup (so tests never spawn a stale build).
 * Plain JavaScript on purpose: it must run before anything can compile TypeScript.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// Every npm package is bundled (loading ~100 CommonJS files from node_modules took longer than the
// rest of start-up) except piscina, which starts its worker threads from its own files on disk.
const KEEP_EXTERNAL = ["piscina"];

/** @type {import("esbuild").Plugin} */
const externalOnlyPiscina = {
  name: "external-only-piscina",
  setup(build) {
    // A bare specifier (not ./, ../ or an absolute path): bundled, unless it is kept external.
    build.onResolve({ filter: /^[^./]/ }, (args) => (KEEP_EXTERNAL.some((k) => args.path === k || args.path.startsWith(k + "/")) ? { path: args.path, external: true } : undefined));
  },
};

/** @returns {Promise<string>} the path of the written bundle */
export async function buildCli() {
  const outfile = join(root, "build", "cli.js");
  await build({
    // The PSA worker (piscina) is its own entry: workers load build/psa-worker.js beside the CLI.
    entryPoints: { cli: join(root, "src", "cli", "index.ts"), "psa-worker": join(root, "src", "cli", "commands", "psa-worker.ts") },
    outdir: join(root, "build"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    plugins: [externalOnlyPiscina],
    sourcemap: "linked", // stack traces of internal errors (exit 3) point at src/ with --enable-source-maps
    logLevel: "warning",
    absWorkingDir: root,
    // Some bundled CommonJS (@stdlib's debug helper) calls require("tty") at load time; an ES module
    // has no `require`, so give the bundle Node's own.
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  });
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
}
