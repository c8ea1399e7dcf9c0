/** Worker thread of `cartecon psa --threads`: evaluates a chunk of draws (src/uncertainty/psa.ts). */
import { compileModel, type CompiledModel, type ModelSpec } from "../../model/index.js";
import { evaluateDraws } from "../../uncertainty/psa.js";

let cached: { key: string; model: CompiledModel } | null = null;

export default function run(task: { specJson: string; ids: string[]; inputs: Float64Array[]; effect: string }): {
  costs: Float64Array[];
  effects: Float64Array[];
} {
  if (!cached || cached.key !== task.specJson)
    cached = { key: task.specJson, model: compileModel(JSON.parse(task.specJson) as ModelSpec) };
  return evaluateDraws(cached.model, task.ids, task.inputs, 0, task.inputs[0].length, task.effect);
}
