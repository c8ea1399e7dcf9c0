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

/** @type {import("esbuild").Plugin} */
const externalExceptStdlib = {
  name: "external-except-stdlib",
  setup(build) {
    // A bare specifier (not ./, ../ or an absolute path) outside @stdlib/ is left to Node.
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@stdlib/") ? undefined : { path: args.path, external: true }));
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
    // npm packages stay external (imported from node_modules at run time), except @stdlib's maths:
    // they are some 65 tiny CommonJS packages whose resolution and loading took longer than the rest
    // of the CLI's start-up; inside the bundle they cost nothing to find.
    plugins: [externalExceptStdlib],
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
