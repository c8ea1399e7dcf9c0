#!/usr/bin/env node
// Runs the compiled CLI (build/cli.js, written by `npm run build:cli`; `npm ci` builds it through
// `prepare`). Compiled ahead of time so a start costs a plain Node start, not a TypeScript compile.
import { existsSync } from "node:fs";

const cli = new URL("../build/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("cartecon: the compiled CLI (build/cli.js) is missing: run npm run build:cli\n");
  process.exit(3);
}
await import(cli.href);
