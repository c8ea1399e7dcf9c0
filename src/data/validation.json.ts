// Data loader for the Validation page: runs the engine's checks against closed-form answers and
// published worked examples (src/data/validation-checks.ts) when the site is built. Runs in the
// project root; writes JSON to stdout, logs to stderr, and exits non-zero if any check fails, so a
// broken engine cannot publish a validation page.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { assertAllPass, runValidationChecks } from "./validation-checks.js";

function gitCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || null;
  } catch {
    return null;
  }
}

try {
  const t0 = performance.now();
  const checks = runValidationChecks("data/models");
  const ms = performance.now() - t0;
  assertAllPass(checks);
  const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
  process.stderr.write(`validation: ${checks.length} checks passed in ${ms.toFixed(0)} ms\n`);
  process.stdout.write(
    JSON.stringify({
      builtAt: new Date().toISOString(),
      version,
      commit: gitCommit(),
      node: process.version,
      ms,
      tolerance: "A value published with d decimals passes if |computed - expected| < 0.5 x 10^-d (it rounds to the published figure); texts must be equal.",
      checks,
    }),
  );
} catch (err) {
  process.stderr.write(`validation: ${(err as Error).message}\n`);
  process.exit(1);
}
