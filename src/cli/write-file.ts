/**
 * Every output file of the CLI is written whole or not at all: the text goes to a hidden file
 * beside the target (`.<name>.partial-<pid>`), which is renamed over the target once written. A
 * write that fails part-way (a full disk, a file-size limit) left a truncated CSV that looked like a
 * result; now it leaves the target as it was and removes the partial file. A target that is a
 * symbolic link is written through it (the file it names is replaced), as a direct write did, and an
 * existing file keeps its permissions. A writable file in a folder that cannot be written (no
 * room for the partial file) is written in place, as before.
 *
 * Ctrl-C (SIGINT) or SIGTERM during the write killed the process between the two steps and left the
 * hidden partial file behind. While a file is written the two signals are held: the write and the
 * rename (or the removal of the partial file) finish, and the process exits with 128 + the signal's
 * number (130 for SIGINT, 143 for SIGTERM) when the command's synchronous code returns (Node runs a
 * signal listener only then; outputs written right after this one are written whole too), the
 * target whole or as it was. They are held only around the writes, not for the whole run: the
 * one-thread PSA loop is synchronous, so a listener there would delay Ctrl-C until the end of the run.
 */
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { constants as osConstants } from "node:os";
import { basename, dirname, join } from "node:path";

const HELD_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** Runs once the write is over (Node calls a signal listener only when the synchronous code has returned). */
function exitOnSignal(signal: NodeJS.Signals): void {
  process.exit(128 + osConstants.signals[signal]);
}

/** How many writes hold the signals now (a command writes several files in a row). */
let holding = 0;

function holdSignals(): void {
  if (holding++ === 0) for (const s of HELD_SIGNALS) process.on(s, exitOnSignal);
}

/**
 * The listener stays until the event loop has polled once more: a signal that arrived during the
 * write is waiting there, and removing the last listener before it is delivered drops it (the run
 * went on, exit 0). An immediate scheduled from an immediate runs after the next poll.
 */
function releaseSignals(): void {
  setImmediate(() =>
    setImmediate(() => {
      if (--holding === 0) for (const s of HELD_SIGNALS) process.off(s, exitOnSignal);
    }),
  );
}

export function writeWhole(file: string, text: string): void {
  holdSignals();
  try {
    writeHeld(file, text);
  } finally {
    releaseSignals();
  }
}

function writeHeld(file: string, text: string): void {
  const target = existsSync(file) ? realpathSync(file) : file;
  try {
    accessSync(dirname(target), constants.W_OK);
  } catch {
    writeFileSync(target, text, "utf8");
    return;
  }
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  try {
    writeFileSync(partial, text, "utf8");
    if (existsSync(target)) chmodSync(partial, statSync(target).mode & 0o7777);
    renameSync(partial, target);
  } catch (err) {
    try {
      unlinkSync(partial);
    } catch {
      // Not created, or already renamed: nothing to remove.
    }
    throw err;
  }
}
