/**
 * Compile step 1, layout: the horizon in cycles, the declared states with their tunnels (a state
 * with time in state expands into one state per cycle spent in it, up to its limit), the values
 * with their per-cycle scale, and the look-up tables.
 */
import type { Problems } from "../errors.js";
import type { LookupTable } from "../formula/formula.js";
import { cycleLengthYears, type ModelSpec } from "../spec/spec.js";
import type { DeclaredState, ValueInfo } from "./types.js";

export interface Layout {
  cycleYears: number;
  startAge: number;
  nCycles: number;
  states: DeclaredState[];
  stateIndex: Map<string, number>;
  nExpanded: number;
  values: ValueInfo[];
  valueIndex: Map<string, number>;
  tables: Map<string, LookupTable>;
}

/** The model's layout; a horizon that is not a whole number of cycles is a problem (the rest is checked by the shape check). */
export function layoutOf(spec: ModelSpec, problems: Problems): Layout {
  const settings = spec.settings;
  const cycleYears = cycleLengthYears(settings.cycleLength);
  const startAge = settings.startAge ?? 0;
  const nCycles = horizonCycles(spec, cycleYears, startAge, problems);
  const states: DeclaredState[] = [];
  let nExpanded = 0;
  for (const s of spec.states) {
    const tis = s.timeInState !== undefined;
    // The shape check leaves timeInState undefined, true or {limit?}: only the object form carries a limit.
    const limit = typeof s.timeInState === "object" ? (s.timeInState.limit ?? nCycles) : nCycles;
    const tunnels = tis ? Math.max(1, Math.min(limit, nCycles)) : 1;
    states.push({
      id: s.id,
      label: s.label ?? s.id,
      dead: s.dead === true,
      tunnels,
      base: nExpanded,
      timeInState: tis,
    });
    nExpanded += tunnels;
  }
  const values: ValueInfo[] = spec.values.map((v) => {
    const per = v.per ?? (v.kind === "utility" ? "year" : "cycle");
    const discount = v.discount ?? (v.kind === "cost" ? "costs" : "outcomes");
    return { id: v.id, kind: v.kind, label: v.label ?? v.id, per, scale: per === "year" ? cycleYears : 1, discount };
  });
  return {
    cycleYears,
    startAge,
    nCycles,
    states,
    stateIndex: new Map(states.map((s, i) => [s.id, i])),
    nExpanded,
    values,
    valueIndex: new Map(values.map((v, i) => [v.id, i])),
    tables: lookupTables(spec),
  };
}

/** The horizon in cycles: given, or years (or years until an age) divided by the cycle length, which must come out whole. */
function horizonCycles(spec: ModelSpec, cycleYears: number, startAge: number, problems: Problems): number {
  const { horizon } = spec.settings;
  if (horizon.cycles !== undefined) return horizon.cycles;
  const years = horizon.years !== undefined ? horizon.years : (horizon.untilAge as number) - startAge;
  const exact = years / cycleYears;
  const nCycles = Math.round(exact);
  if (Math.abs(exact - nCycles) > 1e-6 * Math.max(1, exact)) {
    problems.add(
      "settings.horizon",
      "the horizon is not a whole number of cycles",
      `${years} years / ${cycleYears} years per cycle = ${exact}`,
      "a horizon that is a multiple of the cycle length",
    );
  }
  if (nCycles < 1) problems.add("settings.horizon", "the horizon is shorter than one cycle", years);
  return nCycles;
}

/** The look-up tables as typed columns; `integerStep` when the keys are consecutive integers (direct indexing). */
function lookupTables(spec: ModelSpec): Map<string, LookupTable> {
  const tables = new Map<string, LookupTable>();
  for (const [name, t] of Object.entries(spec.tables ?? {})) {
    const keys = Float64Array.from(t.columns[t.key]);
    const columns = new Map<string, Float64Array>();
    for (const [c, arr] of Object.entries(t.columns)) columns.set(c, Float64Array.from(arr));
    let integerStep = true;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== keys[0] + i) integerStep = false;
    tables.set(name, { name, keyColumn: t.key, keys, columns, integerStep });
  }
  return tables;
}
