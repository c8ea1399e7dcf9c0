/** Distributions, seeded streams and correlated draws for probabilistic analysis (no DOM, no I/O). */
export * from "./rng.js";
export * from "./distributions.js";
export * from "./sample.js";
export * from "./fromspec.js";
