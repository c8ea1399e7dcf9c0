/** Shared by the input tests: a small model, a scratch folder, and the CLI as a user runs it. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aliveDead } from "../../bench/models.js";
import { runCli } from "../helpers/cli.js";

export const tmp = mkdtempSync(join(tmpdir(), "cartecon-input-"));

/** The two-state model of bench/models.ts as a plain object to edit (p_die 0.05, 40 yearly cycles, counted at the beginning). */
export function model(): Record<string, any> {
  return JSON.parse(JSON.stringify(aliveDead()));
}

/**
 * Undiscounted life years of that model with death probability p: the cohort alive at the start of
 * cycles 1..40 is (1 - p)^(t - 1), so LY = sum_{t=0}^{39} (1 - p)^t = (1 - (1 - p)^40) / p.
 */
export const lifeYears = (p: number) => (1 - (1 - p) ** 40) / p;

/** Writes a file (an object as JSON, or text as is) in the scratch folder and returns its path. */
export function file(name: string, content: unknown): string {
  const f = join(tmp, name);
  writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content, null, 1));
  return f;
}

/** `cartecon ...args`, killed at 60 s. */
export const cartecon = (...args: string[]) => runCli(args, { timeoutMs: 60_000 });

/** A stack trace line ("    at f (file:1:2)"). */
export const STACK = /\n\s+at /;

export { modelError } from "../helpers/errors.js";
