/**
 * What drives a result: one-way swings of a platform's net monetary benefit against standard of care
 * when each parameter moves to its low and high value (its evidence range), largest first.
 */
import { compileCached } from "../model/compile/cache.js";
import { evaluate } from "../model/run/evaluate.js";
import type { TableSpec } from "../model/spec/spec.js";
import type { Evidence } from "./evidence.js";
import { buildCartModel, type CartOptions } from "./model.js";
import type { Preset } from "./presets.js";

export interface Swing {
  parameter: string;
  low: number;
  high: number;
  nmbAtLow: number;
  nmbAtHigh: number;
  /** |NMB(high) - NMB(low)|. */
  swing: number;
}

/** One-way swings of `platform`'s NMB against SoC (at the preset's first threshold), for every parameter with a range. */
export function oneWaySwings(
  evidence: Evidence,
  disease: string,
  preset: Preset,
  lifeTable: TableSpec,
  platform: string,
  options: CartOptions = {},
): Swing[] {
  const built = buildCartModel(evidence, disease, preset, lifeTable, options);
  const { model, parameters } = compileCached(built.spec);
  const wtp = preset.wtp[0];
  const nmb = (values: Record<string, number>) => {
    const r = evaluate(model, { parameters: values, trace: false, perCycle: false });
    const s = r.strategies.find((x) => x.id === platform)!;
    const soc = r.strategies.find((x) => x.id === "soc")!;
    return wtp * (s.qalys.discounted - soc.qalys.discounted) - (s.cost.discounted - soc.cost.discounted);
  };
  const out: Swing[] = [];
  // Parameters the builder reads itself (start age, sex mix, time-in-state limit) change the structure: not swung here.
  const structural = new Set(Object.keys(built.structural));
  for (const p of built.provenance) {
    if (structural.has(p.parameter) || p.row.low === null || p.row.high === null || p.row.low === p.row.high) continue;
    if (!model.paramIndex.has(p.parameter)) continue;
    const low = p.row.low * p.factor;
    const high = p.row.high * p.factor;
    const a = nmb({ ...parameters, [p.parameter]: low });
    const b = nmb({ ...parameters, [p.parameter]: high });
    out.push({ parameter: p.parameter, low, high, nmbAtLow: a, nmbAtHigh: b, swing: Math.abs(b - a) });
  }
  return out.sort((x, y) => y.swing - x.swing);
}
