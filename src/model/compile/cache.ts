/**
 * Compiled models kept by structure: specifications that differ only in the numbers given as
 * parameter values share one compiled model, evaluated with those numbers as parameter overrides.
 * A report recomputing after each input change then compiles once and reuses the compiled model's
 * run arrays and kernel memory (see run/buffers.ts).
 */
import { compileModel, type CompiledModel } from "./compile.js";
import { Problems } from "../errors.js";
import { checkSpecShape, type ModelSpec } from "../spec/spec.js";
import { checkModelCounts } from "../spec/limits.js";

const MAX_ENTRIES = 8;
const cache = new Map<string, CompiledModel>();

/** The specification's numeric parameter values (a number, or `{value: number}`). */
function numericValues(spec: ModelSpec): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, p] of Object.entries(spec.parameters ?? {})) {
    const v = typeof p === "object" ? p.value : p;
    if (typeof v === "number") out.set(id, v);
  }
  return out;
}

/** The specification with numeric parameter values blanked: equal keys mean equal compiled models up to those values. */
function structureKey(spec: ModelSpec): string {
  const parameters: Record<string, unknown> = {};
  for (const [id, p] of Object.entries(spec.parameters ?? {})) {
    if (typeof p === "number") parameters[id] = "#";
    else if (typeof p === "object" && typeof p.value === "number") parameters[id] = { ...p, value: "#" };
    else parameters[id] = p;
  }
  return JSON.stringify({ ...spec, parameters });
}

/**
 * A compiled model for `spec` and the parameter overrides that make it compute what compiling
 * `spec` itself would: the numeric values that differ from the cached model's. Compiles (and
 * validates) on a miss; keeps the last few structures.
 */
export function compileCached(spec: ModelSpec): { model: CompiledModel; parameters: Record<string, number> } {
  // Checked as compiling checks it (counts, shape, ranges, probabilities), before anything reads it.
  checkModelCounts(spec);
  const problems = new Problems();
  checkSpecShape(spec, problems);
  problems.throwIfAny("invalid model");
  const key = structureKey(spec);
  let model = cache.get(key);
  if (model) {
    cache.delete(key); // most recently used last
    cache.set(key, model);
  } else {
    model = compileModel(spec);
    cache.set(key, model);
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  const parameters: Record<string, number> = {};
  for (const [id, v] of numericValues(spec)) {
    const base = model.paramIndex.get(id)!.value;
    if (!Object.is(base, v)) parameters[id] = v;
  }
  return { model, parameters };
}
