import { cli } from "./main.js";

process.exitCode = cli(process.argv.slice(2));
