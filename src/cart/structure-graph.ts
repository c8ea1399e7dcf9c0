/**
 * The health states and transitions of a built model, read off its specification, for the structure
 * diagrams of the Methods page: drawn from the model itself, a diagram cannot drift from it.
 */
import type { ModelSpec } from "../model/spec/spec.js";

export interface StructureGraph {
  /** States in the model's order, with their labels. */
  states: Array<{ id: string; label: string }>;
  /** Possible moves between different states (entries that are not the literal 0), in the model's order. */
  transitions: Array<{ from: string; to: string }>;
  /** States a patient can stay in for another cycle (a self entry that is not the literal 0). */
  stays: string[];
}

/**
 * States and transitions of `spec` (named transitions only, as the CAR T model writes them). An entry
 * is a transition unless it is the number 0 or the text "0"; "C" (the rest of the row) and formulas
 * count, since they can be positive for some parameter values. Staying in a state is not listed.
 */
export function structureGraph(spec: ModelSpec): StructureGraph {
  if (Array.isArray(spec.transitions))
    throw new Error(
      `structureGraph: model ${JSON.stringify(spec.name ?? "(no name)")} gives its transitions as a matrix (${spec.transitions.length} row${spec.transitions.length === 1 ? "" : "s"}); ` +
        `expected named transitions {"From": {"To": entry}}, as buildCartModel writes them`,
    );
  const states = spec.states.map((s) => ({ id: s.id, label: s.label ?? s.id }));
  const transitions: StructureGraph["transitions"] = [];
  const stays: string[] = [];
  for (const s of spec.states) {
    const row = spec.transitions[s.id] ?? {};
    for (const [to, e] of Object.entries(row)) {
      if (e === 0 || (typeof e === "string" && e.trim() === "0")) continue;
      if (to === s.id) stays.push(s.id);
      else transitions.push({ from: s.id, to });
    }
  }
  return { states, transitions, stays };
}
