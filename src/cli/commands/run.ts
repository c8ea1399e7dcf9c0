/**
 * Runs an uncertainty command's action, which may be asynchronous (worker threads): the exit code
 * follows the CLI's convention (1 input problem, 3 bug) and is set when the action ends, since
 * cli() itself returns before an asynchronous action finishes.
 */
import { ModelError } from "../../model/index.js";

export function runAction(action: () => void | Promise<void>): Promise<void> {
  return Promise.resolve()
    .then(action)
    .catch((err: unknown) => {
      if (err instanceof ModelError) {
        process.stderr.write(`error: ${err.message}\n`);
        process.exitCode = 1;
      } else {
        process.stderr.write(`internal error (please report it): ${(err as Error)?.stack ?? err}\n`);
        process.exitCode = 3;
      }
    });
}
