/** The one way the tests take the error a call throws. */
import { ModelError } from "../../src/model/index.js";

/** The ModelError `f` throws (fails the test if it throws anything else or nothing). */
export function modelError(f: () => unknown): ModelError {
  try {
    f();
  } catch (err) {
    if (err instanceof ModelError) return err;
    throw new Error(`expected a ModelError, got ${(err as Error)?.stack ?? err}`);
  }
  throw new Error("expected a ModelError, but nothing was thrown");
}

/** The first problem of the ModelError `f` throws, with the error's whole message as `text`. */
export function problemOf(f: () => unknown) {
  const e = modelError(f);
  return { ...e.problems[0], text: e.message };
}

/**
 * The message with which the option parser `parse` refuses `value` (fails the test if it accepts it):
 * the CLI's parsers (src/cli/args.ts) throw commander's InvalidArgumentError, not a ModelError.
 */
export function refusal(parse: (value: string) => unknown, value: string): string {
  try {
    parse(value);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`"${value}" was accepted`);
}

/** The message of whatever `f` throws, or "" when it throws nothing (for tests that read a refusal's words). */
export function thrownMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "";
}
