#!/usr/bin/env node
/**
 * Compiles the CLI (src/cli/index.ts and what it imports from src/) into ES modules in build/:
 * the entry build/cli.js and chunks, split at each command's `await import(...)` (src/cli/program.ts),
 * so `cartecon --help` parses commander and the command list only, not the 1.7 MB of engine and
 * analyses (a start took ~3× a bare `node -e 0` when it parsed everything). Plain JavaScript, so
 * `cartecon` never transpiles TypeScript when it starts (tsx took ~0.5 s per start). Run by `npm run build:cli`, by `prepare` (so `npm ci`
 * builds it) and by the node tests' global setup (so tests never spawn a stale build).
 * Plain JavaScript on purpose: it must run before anything can compile TypeScript.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { readdirSync, rmSync } from "node:fs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// Every npm package is bundled (loading ~100 CommonJS files from node_modules took longer than the
// rest of start-up) except piscina, which starts its worker threads from its own files on disk.
const KEEP_EXTERNAL = ["piscina"];

/** @type {import("esbuild").Plugin} */
const externalOnlyPiscina = {
  name: "external-only-piscina",
  setup(build) {
    // A bare specifier (not ./, ../ or an absolute path): bundled, unless it is kept external.
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      KEEP_EXTERNAL.some((k) => args.path === k || args.path.startsWith(k + "/"))
        ? { path: args.path, external: true }
        : undefined,
    );
  },
};

/** @returns {Promise<string>} the path of the written bundle */
export async function buildCli() {
  const outfile = join(root, "build", "cli.js");
  // Chunk names carry a content hash: remove the previous build's so none is left stale.
  try {
    for (const f of readdirSync(join(root, "build")))
      if (/^chunk-.*\.js(\.map)?$/.test(f)) rmSync(join(root, "build", f));
  } catch {
    // no build/ yet
  }
  await build({
    // The PSA worker (piscina) is its own entry: workers load build/psa-worker.js beside the CLI.
    entryPoints: {
      cli: join(root, "src", "cli", "index.ts"),
      "psa-worker": join(root, "src", "cli", "commands", "psa-worker.ts"),
    },
    outdir: join(root, "build"),
    bundle: true,
    platform: "node",
    format: "esm",
    // Code shared by the entries and the commands' dynamic imports goes into chunks (ESM only).
    splitting: true,
    target: "node20",
    plugins: [externalOnlyPiscina],
    sourcemap: "linked", // stack traces of internal errors (exit 3) point at src/ with --enable-source-maps
    logLevel: "warning",
    absWorkingDir: root,
    // Some bundled CommonJS (@stdlib's debug helper) calls require("tty") at load time; an ES module
    // has no `require`, so give the bundle Node's own.
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
    },
  });
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
}
