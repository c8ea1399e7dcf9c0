#!/usr/bin/env node
// Node 20 does not run TypeScript: tsx compiles the CLI's modules as they load.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/index.ts");
