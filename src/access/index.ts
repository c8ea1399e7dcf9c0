/** Access and budget impact on the CAR T model (no I/O: see load.ts for reading the files). */
export * from "./population.js";
export * from "./queue.js";
export * from "./payment.js";
export * from "./engine.js";
export * from "./budget.js";
export * from "./tables.js";
export * from "./link.js";
