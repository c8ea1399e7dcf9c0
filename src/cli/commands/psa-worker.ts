/** Worker thread of `cartecon psa --threads`: evaluates a chunk of draws (src/uncertainty/psa.ts). */
import { compileModel, type CompiledModel, type ModelSpec } from "../../model/index.js";
import { ModelError, type Problem } from "../../model/errors.js";
import { evaluateDraws } from "../../uncertainty/psa.js";

let cached: { key: string; model: CompiledModel } | null = null;

/** A chunk's draws evaluated, or the input problem that stopped it (a draw the engine rejected). */
export type WorkerResult = { costs: Float64Array[]; effects: Float64Array[] } | { problems: Problem[]; total: number };

/**
 * A ModelError is returned as data, not thrown: an error thrown in a worker reaches the main
 * thread as a plain Error, which the CLI took for a bug (exit 3 and a stack trace) where one
 * thread gave exit 1 naming the draw.
 */
export default function run(task: {
  specJson: string;
  ids: string[];
  inputs: Float64Array[];
  effect: string;
  /** The index of the chunk's first draw in the run (its inputs are that chunk's slice). */
  first: number;
}): WorkerResult {
  try {
    if (!cached || cached.key !== task.specJson)
      cached = { key: task.specJson, model: compileModel(JSON.parse(task.specJson) as ModelSpec) };
    return evaluateDraws(cached.model, task.ids, task.inputs, 0, task.inputs[0].length, {
      effect: task.effect,
      offset: task.first,
    });
  } catch (err) {
    if (!(err instanceof ModelError)) throw err;
    return { problems: err.problems, total: err.total };
  }
}
