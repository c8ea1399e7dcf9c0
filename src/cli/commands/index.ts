/** The uncertainty commands (docs/cli.md): psa, dsa, evppi, voi. */
import type { Command } from "commander";
import { registerPsa } from "./psa.js";
import { registerDsa } from "./dsa.js";
import { registerEvppi } from "./evppi.js";
import { registerVoi } from "./voi.js";
import { runAction } from "./run.js";

export function registerUncertainty(program: Command): void {
  registerDsa(program, runAction);
  registerPsa(program, runAction);
  registerEvppi(program, runAction);
  registerVoi(program, runAction);
}
