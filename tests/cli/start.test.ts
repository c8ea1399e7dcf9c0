/** The CLI runs compiled JavaScript (build/cli.js), so it starts about as fast as Node itself. */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The specifiers of a build file's static imports (`import ... from "x"`, `import "x"`), not its dynamic `import("x")`. */
function staticImports(file: string): string[] {
  const text = readFileSync(join("build", file), "utf8");
  return [...text.matchAll(/^import\s*(?:[^"';]*?\s*from\s*)?"([^"]+)";/gm)].map((m) => m[1]);
}

/** The build files an entry loads statically: itself and the chunks its static imports reach. */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>([entry]);
  const todo = [entry];
  while (todo.length) {
    for (const s of staticImports(todo.pop()!)) {
      if (!s.startsWith("./")) continue;
      const f = s.slice(2);
      if (!seen.has(f)) (seen.add(f), todo.push(f));
    }
  }
  return [...seen];
}

describe("compiled CLI", { timeout: 120_000 }, () => {
  it("bin/cartecon.js loads build/cli.js and nothing that compiles TypeScript", () => {
    const bin = readFileSync("bin/cartecon.js", "utf8");
    expect(bin).toContain("../build/cli.js");
    expect(bin).not.toMatch(/tsx|\.ts["']/);
    // Every import in the bundle's files is an npm package, a Node built-in or a chunk of the build, never a source file.
    for (const f of staticClosure("cli.js").concat(readdirSync("build").filter((x) => x.endsWith(".js")))) {
      for (const s of staticImports(f)) expect(s, `${f} imports ${s}`).not.toMatch(/\.ts$|^tsx|^\.\.|\/src\//);
    }
  });

  it("the entry loads only commander and the command list statically; each command's work is a dynamic import", () => {
    const closure = staticClosure("cli.js");
    const text = closure.map((f) => readFileSync(join("build", f), "utf8")).join("\n");
    // The engine, the CAR T model and the commands' work stay out of what --help and --version parse.
    for (const name of [
      "function compileModel(",
      "function runEvaluate(",
      "function runCartCommand(",
      "function runPsaCommand(",
      "function runBudgetCommand(",
      "function buildCartModel(",
    ]) {
      expect(text, `${name} is loaded at start`).not.toContain(name);
    }
    const entry = readFileSync("build/cli.js", "utf8");
    const dynamic = [...entry.matchAll(/import\("(\.\/[^"]+)"\)/g)].map((m) => m[1]);
    expect(dynamic.length).toBeGreaterThanOrEqual(6); // main (validate, evaluate, cart), dsa, psa, evppi, voi, budget
    const all = dynamic.map((d) => readFileSync(join("build", d), "utf8")).join("\n");
    for (const name of ["runEvaluate", "runPsaCommand", "runBudgetCommand"]) expect(all).toContain(name);
  });

  it("says how to build the CLI when build/cli.js is missing (exit 3, no stack trace)", () => {
    const dir = mkdtempSync(join(tmpdir(), "cartecon-nobuild-"));
    mkdirSync(join(dir, "bin"));
    copyFileSync("bin/cartecon.js", join(dir, "bin", "cartecon.js"));
    const r = runCli(["--help"], { bin: join(dir, "bin", "cartecon.js"), timeoutMs: 60_000 });
    expect(r.code).toBe(3);
    expect(r.err).toContain("run npm run build:cli");
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it("prints the version from package.json", () => {
    const r = runCli(["--version"], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
  });

  it("--help prints every command and exits 0 without compiling anything (start-up time is measured by npm run bench, not asserted)", () => {
    // A timed assertion would fail on a busy 2-core CI machine for reasons unrelated to the code;
    // bench/run.ts prints the medians of interleaved `--help` and bare `node -e 0` starts instead.
    const r = runCli(["--help"], { timeoutMs: 60_000 });
    expect(r.code, r.err).toBe(0);
    for (const c of ["validate", "evaluate", "cart", "psa", "dsa", "evppi", "voi", "budget"])
      expect(r.out).toMatch(new RegExp(`^\\s+${c}\\b`, "m"));
    expect(r.err).toBe("");
  });
});
