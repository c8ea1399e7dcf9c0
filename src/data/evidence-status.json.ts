// Data loader for the Methods page: the evidence gaps of the CAR T model, counted from the evidence
// tables when the site is built (src/data/evidence-status.ts). Runs in the project root; writes JSON
// to stdout, logs to stderr, exits non-zero if the tables are invalid.
import { loadEvidence } from "../cart/load.js";
import { evidenceStatus } from "./evidence-status.js";

try {
  const status = evidenceStatus(loadEvidence());
  process.stdout.write(JSON.stringify(status));
} catch (err) {
  process.stderr.write(`evidence-status: ${(err as Error).message}\n`);
  process.exit(1);
}
