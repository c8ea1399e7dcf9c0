/**
 * Ctrl-C (SIGINT) or SIGTERM while the CLI writes an output (src/cli/write-file.ts): the process was
 * killed between the write of the hidden `.<name>.partial-<pid>` file and its rename, and left the
 * partial file beside the target. The signal is now held for the write: the write and the rename
 * finish, then the process exits with 128 + the signal's number (SIGINT 2 -> 130, SIGTERM 15 -> 143,
 * as a shell reports a process ended by the signal).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-write-whole-"));
// Each test leaves a 320 MiB file: removed, not left in the temporary folder run after run.
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const CHILD = resolve("tests/helpers/write-whole-child.ts");
/** 320 MiB: several hundred milliseconds of writing on a fast disk, so the signal lands mid-write. */
const MIB = 320;
const BYTES = MIB * 1024 * 1024;

interface Interrupted {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The partial file was seen (and the signal sent) while the child was still running. */
  sentMidWrite: boolean;
  err: string;
}

/** Runs the child writing `target`, sends `signal` as soon as its partial file appears, waits for its end. */
function interruptWrite(dir: string, target: string, signal: NodeJS.Signals): Promise<Interrupted> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, target, String(MIB)]);
    let err = "";
    let sentMidWrite = false;
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    // A watch on the folder reports the partial file the moment it is created; the poll is its
    // fallback on a file system without notifications.
    const look = () => {
      if (sentMidWrite || child.exitCode !== null) return;
      if (readdirSync(dir).some((f) => f.includes(".partial-"))) {
        sentMidWrite = child.kill(signal);
      }
    };
    const watcher = watch(dir, look);
    const poll = setInterval(look, 5);
    // Killed outright if it hangs: the test then fails on its exit, not at vitest's timeout.
    const hung = setTimeout(() => child.kill("SIGKILL"), 100_000);
    child.on("error", fail);
    child.on("exit", (code, sig) => {
      watcher.close();
      clearInterval(poll);
      clearTimeout(hung);
      done({ code, signal: sig, sentMidWrite, err });
    });
  });
}

describe("writeWhole(file, text) under a signal", () => {
  for (const [signal, exitCode] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`finishes the write, leaves no partial file and exits ${exitCode} on ${signal} mid-write`, async () => {
      const dir = mkdtempSync(join(tmp, `${signal}-`));
      const target = join(dir, "draws.csv");
      writeFileSync(target, "older draws\n");
      const r = await interruptWrite(dir, target, signal);
      // Not seen: the write was over before the signal could be sent, and nothing was tested.
      expect(
        r.sentMidWrite,
        `the partial file was never seen while the child ran (exit ${r.code}): if it exited 0, make MIB larger. ${r.err}`,
      ).toBe(true);
      expect({ code: r.code, signal: r.signal }, r.err).toEqual({ code: exitCode, signal: null });
      expect(readdirSync(dir)).toEqual(["draws.csv"]);
      // The older file as it was, or the new one whole (its length: 320 MiB is not read back); statSync
      // throws if the target is gone.
      const size = statSync(target).size;
      if (size !== BYTES) expect(readFileSync(target, "utf8")).toBe("older draws\n");
      // 320 MiB a case: removed at once, so the two cases never hold 640 MiB of disk together.
      rmSync(dir, { recursive: true, force: true });
    }, 120_000);
  }
});
