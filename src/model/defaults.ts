/**
 * Default limits, in a module of their own (no imports) so that the CLI's help text can name them
 * without loading the engine (docs/model-spec.md, "Limits").
 */
/** Default largest number of cycles × expanded states (states plus time-in-state tunnels). */
export const DEFAULT_MAX_CELLS = 10_000_000;
/** Default largest file read (model, table, CSV), in MB (10^6 bytes); `--max-file-mb` raises it. */
export const DEFAULT_MAX_FILE_MB = 50;
