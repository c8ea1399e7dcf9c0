/**
 * Evidence gaps of the CAR T model, computed from the evidence tables (data/cart/): how many rows
 * and model inputs are seen in a source, calculated from seen values, or the modellers'
 * assumptions, by disease and by platform, and which parameters are assumptions wherever they are
 * used. Pure: takes the evidence base read by src/cart/load.ts.
 *
 * "Inputs used" follows the model builder (src/cart/model.ts): for a disease and a preset's
 * currency, `rowsFor` picks one row per (parameter, strategy); a CAR T arm reads the disease-level
 * and model-level parameters (strategy "all") and its platform's parameters (a disease-specific
 * row takes precedence over the row for all diseases).
 */
import { DISEASE_SHORT_LABELS, PARAMETERS, PLATFORMS, STRATEGY_LABELS, type ParameterDefinition, type PlatformId } from "../cart/dictionary.js";
import { rowsFor, STATUSES, type Evidence, type ParameterRow } from "../cart/evidence.js";
import { PRESETS } from "../cart/presets.js";

const PLATFORM_SHORT: Record<PlatformId, string> = { autologous: "Autologous", allogeneic: "Allogeneic", invivo: "In vivo" };

export interface StatusCount {
  seen: number;
  calculated: number;
  assumption: number;
  total: number;
  /** assumption / total. */
  share_assumption: number;
}

function count(rows: ParameterRow[]): StatusCount {
  const c = { seen: 0, calculated: 0, assumption: 0 };
  for (const r of rows) c[r.status] += 1;
  const total = rows.length;
  return { ...c, total, share_assumption: total ? c.assumption / total : 0 };
}

/** The parameter rows a CAR T arm of `platform` reads for `disease` in `currency`, keyed by parameter id. */
export function inputsUsed(evidence: Evidence, disease: string, platform: PlatformId, currency: (typeof PRESETS)[string]["currency"]): Map<string, ParameterRow> {
  const rows = rowsFor(evidence, disease, currency);
  const out = new Map<string, ParameterRow>();
  for (const def of PARAMETERS) {
    // A platform without its own row of a sameForPlatforms parameter reads the autologous row.
    const row =
      rows.get(`${def.id}|${def.scope === "platform" ? platform : "all"}`) ??
      (def.sameForPlatforms ? rows.get(`${def.id}|autologous`) : undefined);
    if (row) out.set(def.id, row);
  }
  return out;
}

export interface EvidenceStatus {
  statuses: readonly string[];
  /** Rows of the parameter tables by their disease column ("all": rows that apply to every disease). */
  byDisease: Array<{ disease: string; label: string; short_label: string } & StatusCount>;
  /** Rows of the parameter tables by their strategy column ("all": disease-level rows, used by every strategy). */
  byPlatform: Array<{ strategy: string; label: string } & StatusCount>;
  /** Inputs a CAR T arm reads, by preset (currency of the rows preferred), disease and platform. */
  inputs: Array<{ preset: string; currency: string; disease: string; disease_label: string; disease_short: string; platform: string; platform_label: string; platform_short: string } & StatusCount>;
  /** Parameters whose every input, for every disease, platform and preset, is an assumption. */
  alwaysAssumed: Array<{ id: string; scope: ParameterDefinition["scope"]; kind: string; description: string; rows_used: number }>;
  /** Parameters in the dictionary. */
  nParameters: number;
  /** Rows in the parameter tables. */
  nRows: number;
}

export function evidenceStatus(evidence: Evidence): EvidenceStatus {
  const diseases = evidence.diseases.map((d) => d.disease);
  const labelOf = (d: string) => evidence.diseases.find((x) => x.disease === d)?.label ?? (d === "all" ? "All diseases (platform rows)" : d);
  const shortOf = (d: string) => DISEASE_SHORT_LABELS[d] ?? (d === "all" ? "All (platform rows)" : labelOf(d));
  const byDisease = [...diseases, "all"].map((d) => ({ disease: d, label: labelOf(d), short_label: shortOf(d), ...count(evidence.parameters.filter((r) => r.disease === d)) })).filter((r) => r.total > 0);
  const strategyLabel = (s: string) => (s === "all" ? "Disease-level rows (every strategy)" : STRATEGY_LABELS[s as PlatformId] ?? s);
  // Rows of the non-CAR T comparators (comparators.csv) are counted under their own strategy id.
  const comparatorIds = [...new Set(evidence.comparators.map((c) => c.strategy))];
  const comparatorLabel = (s: string) => evidence.comparators.find((c) => c.strategy === s)?.label ?? s;
  const byPlatform = ["all", ...PLATFORMS, ...comparatorIds]
    .map((s) => ({ strategy: s, label: comparatorIds.includes(s) ? comparatorLabel(s) : strategyLabel(s), ...count(evidence.parameters.filter((r) => r.strategy === s)) }))
    .filter((r) => r.total > 0);

  const inputs: EvidenceStatus["inputs"] = [];
  const used = new Map<string, Set<ParameterRow>>();
  for (const preset of Object.values(PRESETS)) {
    for (const d of diseases) {
      for (const p of PLATFORMS) {
        const rows = inputsUsed(evidence, d, p, preset.currency);
        for (const [id, row] of rows) {
          if (!used.has(id)) used.set(id, new Set());
          used.get(id)!.add(row);
        }
        inputs.push({ preset: preset.id, currency: preset.currency, disease: d, disease_label: labelOf(d), disease_short: shortOf(d), platform: p, platform_label: STRATEGY_LABELS[p], platform_short: PLATFORM_SHORT[p], ...count([...rows.values()]) });
      }
    }
  }
  const alwaysAssumed = PARAMETERS.filter((def) => {
    const rows = used.get(def.id);
    return rows !== undefined && rows.size > 0 && [...rows].every((r) => r.status === "assumption");
  }).map((def) => ({ id: def.id, scope: def.scope, kind: def.kind, description: def.description, rows_used: used.get(def.id)!.size }));

  return { statuses: STATUSES, byDisease, byPlatform, inputs, alwaysAssumed, nParameters: PARAMETERS.length, nRows: evidence.parameters.length };
}
