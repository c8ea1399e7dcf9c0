/** The largest number of PSA draws, in a module of its own so the CLI's help can name it without loading the analyses. */
export const MAX_DRAWS = 100_000;
