// Data loader: the access tables (population, capacity, thresholds, sources), validated here so the
// build fails on a bad table, and passed to the page as text (parsed with the same code as the CLI).
import { loadAccessFiles } from "../access/load.js";
import { readAccessData } from "../access/population.js";

try {
  const files = loadAccessFiles();
  readAccessData(files);
  process.stdout.write(JSON.stringify({ files }));
} catch (err) {
  process.stderr.write(`access-inputs: ${(err as Error).message}\n`);
  process.exit(1);
}
