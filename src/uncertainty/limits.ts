/** The largest number of PSA draws, in a module of its own so the CLI's help can name it without loading the analyses. */
export const MAX_DRAWS = 100_000;

/** Draws of a PSA when none are asked for: `--n`'s default, psaDraws' and the Uncertainty page's. */
export const DEFAULT_DRAWS = 1000;
