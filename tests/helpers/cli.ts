/**
 * Runs the built command line (bin/cartecon.js, after `npm run build:cli`) as a user would, in a
 * child process, and returns its exit code and output. The CLI tests share it instead of each
 * spawning the process in its own way.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

export interface CliRun {
  /** The exit code; null when the process was killed (e.g. at its timeout). */
  code: number | null;
  out: string;
  /** Standard error, followed by the spawn's own error when there is one (e.g. ETIMEDOUT). */
  err: string;
}

/** The built CLI's entry, absolute so that a run from another folder (`cwd`) finds it. */
export const CLI_BIN = resolve("bin/cartecon.js");

/**
 * `cartecon ...args` in `cwd` (default the project folder). The process is killed at `timeoutMs`
 * (default 100 s: inside the CLI tests' 120 s test timeouts, so a hung command fails with what it
 * wrote rather than as a bare test timeout). `bin` runs another copy of bin/cartecon.js (one without
 * a build beside it).
 */
export function runCli(args: string[], options: { cwd?: string; timeoutMs?: number; bin?: string } = {}): CliRun {
  const r = spawnSync(process.execPath, [options.bin ?? CLI_BIN, ...args], {
    encoding: "utf8",
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 100_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr + (r.error ? `\n[spawn: ${r.error.message}]` : "") };
}

/** `cartecon ...args` in the project folder, killed at 100 s. */
export const cartecon = (...args: string[]): CliRun => runCli(args);
