// Data loader: the CAR T evidence tables and the life table, validated here so the build fails on a
// bad table, and passed to the pages as text (the pages parse them with the same code as the CLI),
// with the data stamp of everything under data/cart, data/access and data/lifetables.
import { readFileSync } from "node:fs";
import { dataStamp, loadEvidenceFiles, LIFE_TABLE } from "../cart/load.js";
import { PRESETS } from "../cart/presets.js";
import { readEvidence } from "../cart/evidence.js";

try {
  const files = loadEvidenceFiles();
  readEvidence(files);
  const lifeTable = { file: LIFE_TABLE, text: readFileSync(LIFE_TABLE, "utf8") };
  const lifeTables = Object.fromEntries(Object.values(PRESETS).map((p) => [p.id, { file: p.lifeTable.file, text: readFileSync(p.lifeTable.file, "utf8") }]));
  // The data stamp every page writes into its links (DATA_STAMP in src/cart/scenario.ts).
  process.stdout.write(JSON.stringify({ files, lifeTable, lifeTables, stamp: dataStamp() }));
} catch (err) {
  process.stderr.write(`cart-inputs: ${(err as Error).message}\n`);
  process.exit(1);
}
