/** The CAR T vs lifelong-therapy model on the engine (no I/O: see load.ts for reading the files). */
export * from "./dictionary.js";
export * from "./evidence.js";
export * from "./presets.js";
export * from "./model.js";
export * from "./analysis.js";
export * from "./tables.js";
export * from "./scenario.js";
export * from "./check.js";
export * from "./durability.js";
export * from "./distributions.js";
export * from "./drivers.js";
export * from "./structures.js";
export * from "./scenario-file.js";
export * from "./compare.js";
export * from "./frontier.js";
export * from "./summary.js";
export * from "./structure-graph.js";
