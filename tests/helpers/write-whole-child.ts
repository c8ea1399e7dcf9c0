/**
 * A process that writes one large text with writeWhole (src/cli/write-file.ts), for the signal tests
 * of tests/cli/write-whole.test.ts: `node --import tsx write-whole-child.ts FILE MIB` writes MIB MiB of
 * lines of "x" (each line 1023 x and a newline) to FILE and exits 0 when the write is over.
 */
import { writeWhole } from "../../src/cli/write-file.js";

const [file, mib] = process.argv.slice(2);
writeWhole(file, ("x".repeat(1023) + "\n").repeat(Number(mib) * 1024));
