/**
 * Global setup of the node tests: compiles the CLI (tools/build-cli.mjs) before any test spawns
 * `node bin/cartecon.js`, so the CLI tests always run the current source, never a stale build/cli.js.
 */
import { execFileSync } from "node:child_process";

export default function setup(): void {
  execFileSync(process.execPath, ["tools/build-cli.mjs"], { stdio: "inherit", timeout: 120_000 });
}
