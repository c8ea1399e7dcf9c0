/** The cohort-model engine: pure TypeScript, no DOM, no I/O. */
export * from "./errors.js";
export * from "./spec.js";
export * from "./formula.js";
export * from "./discount.js";
export * from "./counting.js";
export { compileCached } from "./cache.js";
export { compileModel, programFor, type CompiledModel, type DeclaredState, type ValueInfo, type ParameterInfo } from "./compile.js";
export * from "./evaluate.js";
export * from "./incremental.js";
export * from "./csv.js";
export * from "./tables.js";
export * from "./json.js";
export * from "./csvread.js";
export * as detMath from "./math.js";
