// npm run dev: Framework's preview server with its per-request log left out. `observable preview`
// prints a line for every GET (about 175 for one load of the Overview), every socket open and close,
// and the whole of every message it exchanges with the page (on each edit, the page's diff); it has
// no option to stop (Framework 1.13.4, src/preview.ts). This wrapper passes everything else through
// (the address, data loader output, build errors; stderr untouched). `npm run dev:verbose` runs the
// preview server as it is. Arguments are passed on (e.g. npm run dev -- --port 3001 --no-open).
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../node_modules/@observablehq/framework/dist/bin/observable.js", import.meta.url));
const child = spawn(process.execPath, [bin, "preview", ...process.argv.slice(2)], {
  env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" },
  stdio: ["inherit", "pipe", "inherit"],
});

// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-9;]*m/g;
// A request ("GET /…"), a socket opening or closing, or a message to or from the page ("↑ {…").
const hidden = /(GET|HEAD|POST|PUT|DELETE) \/|socket (open|close) |[↑↓] /;
let inMessage = false;
const lines = createInterface({ input: child.stdout });
lines.on("line", (line) => {
  const plain = line.replace(ansi, "");
  if (inMessage) {
    // A message printed over several lines ends with a closing brace at the start of a line.
    if (plain === "}") inMessage = false;
    return;
  }
  // A hidden line can also start mid-line, after a data loader's "load … → " (its result follows
  // later): the text before it is kept.
  const at = plain.search(hidden);
  if (at >= 0) {
    if (at > 0) process.stdout.write(plain.slice(0, at));
    inMessage = /^[↑↓] /.test(plain.slice(at)) && plain.trimEnd().endsWith("{");
    return;
  }
  process.stdout.write(line + "\n");
  if (/↳ http/.test(plain))
    process.stdout.write(`(request and socket lines are hidden; npm run dev:verbose shows them)\n`);
});

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
