// Writes data/drivers/autologous-nmb-swings.csv: per disease and preset, the three largest one-way
// swings of autologous CAR T's net monetary benefit against SoC (oneWaySwings, src/cart/drivers.ts),
// with the defaults of data/cart/. Several minutes (every parameter at its low and high value), so the
// Overview reads this file instead of computing it at build time; re-run after changing the tables:
//   npx tsx tools/drivers.ts
// tests/cart/drivers-file.test.ts recomputes one disease and preset and fails if the file is stale.
import { writeFileSync } from "node:fs";
import { oneWaySwings, PRESETS } from "../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../src/cart/load.js";
import { csvFormatRows } from "d3-dsv";

export const DRIVERS_FILE = "data/drivers/autologous-nmb-swings.csv";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const rows: string[][] = [
  ["disease", "preset", "rank", "parameter", "low", "high", "nmb_at_low", "nmb_at_high", "swing", "wtp", "currency"],
];
for (const presetId of Object.keys(PRESETS))
  for (const d of evidence.diseases) {
    const preset = PRESETS[presetId];
    const swings = oneWaySwings(evidence, d.disease, preset, lifeTables[presetId], "autologous").slice(0, 3);
    swings.forEach((s, i) =>
      rows.push([
        d.disease,
        presetId,
        String(i + 1),
        s.parameter,
        String(s.low),
        String(s.high),
        s.nmbAtLow.toFixed(0),
        s.nmbAtHigh.toFixed(0),
        s.swing.toFixed(0),
        String(preset.wtp[0]),
        preset.currency,
      ]),
    );
    process.stderr.write(`${presetId} ${d.disease}\n`);
  }
writeFileSync(DRIVERS_FILE, csvFormatRows(rows) + "\n");
