/** The cohort-model engine: pure TypeScript, no DOM, no I/O. */
export * from "./errors.js";
export * from "./spec/spec.js";
export * from "./spec/limits.js";
export { checkSchema, MODEL_SCHEMA } from "./spec/schema.js";
export * from "./formula/formula.js";
export * from "./run/discount.js";
export * from "./compile/counting.js";
export { compileCached } from "./compile/cache.js";
export {
  compileModel,
  programFor,
  type CompiledModel,
  type DeclaredState,
  type ValueInfo,
  type ParameterInfo,
} from "./compile/compile.js";
export {
  checkOverrides,
  unknownParameter,
  evaluate,
  PROBABILITY_TOLERANCE,
  ROW_SUM_TOLERANCE,
  type EvaluateOptions,
  type Amount,
  type ModelResult,
  type OnCycle,
  type StateResult,
  type StrategyResult,
} from "./run/evaluate.js";
export { evaluateBatch, BatchSetError, DEFAULT_BATCH_SIZE, type BatchOptions } from "./run/batch.js";
export * from "./summarize/incremental.js";
export * from "./io/csv.js";
export * from "./summarize/tables.js";
export * from "./io/json.js";
export * from "./io/csv-table.js";
export * as detMath from "./math.js";
export * from "./io/number.js";
export * from "./io/text.js";
export * from "./dist/index.js";
