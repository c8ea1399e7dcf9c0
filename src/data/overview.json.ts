// Data loader: the headline results of every disease under both presets with the default
// assumptions, computed when the site is built (a few seconds).
import { PRESETS, PLATFORMS, icerColumns, runCart, frontierRows, negativeSurvivalWarnings } from "../cart/index.js";
import { dataStamp, loadEvidence, loadPresetLifeTables } from "../cart/load.js";
import { existsSync, readFileSync } from "node:fs";
import { csvParse } from "d3-dsv";

// The three largest one-way swings per disease and preset: several minutes to compute, so they are
// read from the file tools/drivers.ts writes (tests/cart/drivers-file.test.ts checks it is current).
const DRIVERS_FILE = "data/drivers/autologous-nmb-swings.csv";

try {
  const evidence = loadEvidence();
  const lifeTables = loadPresetLifeTables();
  const rows: Array<Record<string, unknown>> = [];
  const status: Array<Record<string, unknown>> = [];
  const warnings: Array<Record<string, unknown>> = [];
  const comparators: Array<Record<string, unknown>> = [];
  const negativeSurvival: Array<Record<string, unknown>> = [];
  // The incremental analysis over every strategy (the Incremental analysis page's QALY rows), which
  // the Overview's answer states beside its results against SoC alone.
  const frontier: Array<Record<string, unknown>> = [];
  for (const d of evidence.diseases) {
    for (const presetId of Object.keys(PRESETS)) {
      const a = runCart(evidence, d.disease, PRESETS[presetId], lifeTables[presetId]);
      // Tagged, so the Overview can show the negative-survival warning from its rows (negative_survival).
      const survivalWarning = negativeSurvivalWarnings(a.negativeSurvival);
      for (const w of a.warnings)
        warnings.push({ disease: d.disease, disease_label: d.label, preset: presetId, kind: survivalWarning.includes(w) ? "negative survival" : "other", warning: w });
      for (const x of a.negativeSurvival)
        negativeSurvival.push({ disease: d.disease, preset: presetId, state: x.state, state_label: x.stateLabel, strategy: x.strategy });
      for (const c of a.comparators) comparators.push({ disease: d.disease, preset: presetId, strategy: c.strategy, label: c.label, incremental_cost: c.incrementalCost, incremental_qalys: c.incrementalQalys, ...icerColumns(c.incrementalCost, c.incrementalQalys), cost_effective: c.costEffective, currency: a.preset.currency });
      for (const r of frontierRows(a, "qalys"))
        frontier.push({ disease: d.disease, preset: presetId, id: r.id, status: r.status, against: r.against, extendedBy: r.extendedBy, icer: r.icer, nmb: r.nmb });
      for (const v of a.versusSoc) {
        const std = v.thresholds.find((t) => t.scenario === "standard")!;
        const durability = a.durabilityShares.find((x) => x.strategy === v.strategy);
        rows.push({
          disease: d.disease,
          disease_label: d.label,
          preset: presetId,
          strategy: v.strategy,
          incremental_cost: v.incrementalCost,
          incremental_qalys: v.incrementalQalys,
          // The ratio only where it is an ICER; icer_status says dominant, dominated, ... (icer.ts).
          ...icerColumns(v.incrementalCost, v.incrementalQalys),
          cost_parity_year: v.costParityYear,
          current_price: std.currentPrice,
          cost_neutral_price: std.costNeutralPrice,
          cost_effective_price: std.costEffectivePrice,
          wtp: std.wtp,
          currency: a.preset.currency,
          price_year: a.preset.priceYear,
          // What the result assumes about durability (the Overview's sentences say it).
          remission_2y: durability ? durability.at2 : null,
          remission_5y: durability ? durability.at5 : null,
          durability_scenario: a.structuralScenario.label,
        });
      }
      if (presetId === "us") {
        for (const p of ["soc", ...PLATFORMS]) {
          const used = a.model.provenance.filter((x) => x.strategy === "all" || x.strategy === p);
          const count = (s: string) => used.filter((x) => x.row.status === s).length;
          status.push({ disease: d.disease, strategy: p, seen: count("seen"), calculated: count("calculated"), assumption: count("assumption"), total: used.length });
        }
      }
    }
  }
  const drivers = existsSync(DRIVERS_FILE)
    ? csvParse(readFileSync(DRIVERS_FILE, "utf8")).map((r) => ({
        disease: r.disease,
        preset: r.preset,
        rank: Number(r.rank),
        parameter: r.parameter,
        low: Number(r.low),
        high: Number(r.high),
        nmb_at_low: Number(r.nmb_at_low),
        nmb_at_high: Number(r.nmb_at_high),
        swing: Number(r.swing),
      }))
    : [];
  // The presets travel with the results, so the Overview needs no engine module to label them
  // (it loads fast in dev, where every imported module is a request).
  process.stdout.write(
    JSON.stringify({ rows, status, warnings, negative_survival: negativeSurvival, comparators, frontier, drivers, diseases: evidence.diseases, presets: PRESETS, stamp: dataStamp() }),
  );
} catch (err) {
  process.stderr.write(`overview: ${(err as Error).message}\n`);
  process.exit(1);
}
