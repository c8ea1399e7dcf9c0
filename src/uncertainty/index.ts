/** Uncertainty analyses on any model: DSA, PSA summaries, VOI (also on PSA samples from other models). */
export * from "./stats.js";
export * from "./evppi.js";
export { gpFit, nelderMead, type GpOptions, type GpFit, type GpPosterior } from "./evppi-gp.js";
export * from "./psa.js";
export * from "./dsa.js";
export * from "./samples.js";
export * from "./voi.js";
export * from "./scenario.js";
export * from "./correlation.js";
export * from "./groups.js";
export * from "./order.js";
