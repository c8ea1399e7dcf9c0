#!/usr/bin/env node
/**
 * Compiles the CLI (src/cli/index.ts and what it imports from src/) into one ES module,
 * build/cli.js, so `cartecon` starts as plain JavaScript instead of transpiling TypeScript on every
 * run (tsx took ~0.5 s per start). npm dependencies stay external: they are imported from
 * node_modules at run time, as before. Run by `npm run build:cli`, by `prepare` (so `npm ci`
 * builds it) and by the node tests' global setup (so tests never spawn a stale build).
 * Plain JavaScript on purpose: it must run before anything can compile TypeScript.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** @returns {Promise<string>} the path of the written bundle */
export async function buildCli() {
  const outfile = join(root, "build", "cli.js");
  await build({
    entryPoints: [join(root, "src", "cli", "index.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked", // stack traces of internal errors (exit 3) point at src/ with --enable-source-maps
    logLevel: "warning",
    absWorkingDir: root,
  });
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
}
