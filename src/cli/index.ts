import { cli } from "./program.js";

process.exitCode = await cli(process.argv.slice(2));
