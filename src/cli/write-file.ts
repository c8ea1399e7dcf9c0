/**
 * Every output file of the CLI is written whole or not at all: the text goes to a hidden file
 * beside the target (`.<name>.partial-<pid>`), which is renamed over the target once written. A
 * write that fails part-way (a full disk, a file-size limit) left a truncated CSV that looked like a
 * result; now it leaves the target as it was and removes the partial file. A target that is a
 * symbolic link is written through it (the file it names is replaced), as a direct write did, and an
 * existing file keeps its permissions. A writable file in a folder that cannot be written (no
 * room for the partial file) is written in place, as before.
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
import { basename, dirname, join } from "node:path";

export function writeWhole(file: string, text: string): void {
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
