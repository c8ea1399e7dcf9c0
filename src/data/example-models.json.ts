// Data loader: the worked example models of data/models/, validated, as one JSON object keyed by
// file name. Runs in the project root (Framework's convention for loaders); writes JSON to stdout,
// logs to stderr, exits non-zero if a model is invalid.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadModelFile } from "../model/io/files.js";
import { compileModel } from "../model/index.js";

const dir = "data/models";
const models: Record<string, unknown> = {};
try {
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".json")).sort()) {
    const spec = loadModelFile(join(dir, f));
    compileModel(spec);
    models[f] = spec;
  }
} catch (err) {
  process.stderr.write(`example-models: ${(err as Error).message}\n`);
  process.exit(1);
}
process.stdout.write(JSON.stringify(models));
