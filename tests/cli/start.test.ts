/** The CLI runs compiled JavaScript (build/cli.js), so it starts about as fast as Node itself. */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * CPU seconds (user + system) used so far by this process's finished children, from /proc/self/stat
 * (fields cutime and cstime, in clock ticks of 1/100 s on Linux); null where /proc is not available.
 */
function childCpuSeconds(): number | null {
  if (!existsSync("/proc/self/stat")) return null;
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime: fields 16 and 17 of proc(5)
}

/** Wall-clock and CPU milliseconds of one run of `node <args>`. */
function spawnMs(args: string[]): { wall: number; cpu: number | null } {
  const cpu0 = childCpuSeconds();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 60_000 });
  const wall = performance.now() - t0;
  expect(r.status, r.stderr).toBe(0);
  const cpu1 = childCpuSeconds();
  return { wall, cpu: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) * 1000 };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe("compiled CLI", { timeout: 120_000 }, () => {
  it("bin/cartecon.js loads build/cli.js and nothing that compiles TypeScript", () => {
    const bin = readFileSync("bin/cartecon.js", "utf8");
    expect(bin).toContain("../build/cli.js");
    expect(bin).not.toMatch(/tsx|\.ts["']/);
    const bundle = readFileSync("build/cli.js", "utf8");
    // Every import left in the bundle is an npm package or a Node built-in (packages are external), never a source file.
    const specifiers = [...bundle.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(specifiers.length).toBeGreaterThan(0);
    for (const s of specifiers) expect(s).not.toMatch(/^\.|\.ts$|^tsx/);
  });

  it("says how to build the CLI when build/cli.js is missing (exit 3, no stack trace)", () => {
    const dir = mkdtempSync(join(tmpdir(), "cartecon-nobuild-"));
    mkdirSync(join(dir, "bin"));
    copyFileSync("bin/cartecon.js", join(dir, "bin", "cartecon.js"));
    const r = spawnSync(process.execPath, [join(dir, "bin", "cartecon.js"), "--help"], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("run npm run build:cli");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("prints the version from package.json", () => {
    const r = spawnSync(process.execPath, ["bin/cartecon.js", "--version"], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
  });

  it("--help prints every command and exits 0 without compiling anything (start-up time is measured by npm run bench, not asserted)", () => {
    // A timed assertion would fail on a busy 2-core CI machine for reasons unrelated to the code;
    // bench/run.ts prints the medians of interleaved `--help` and bare `node -e 0` starts instead.
    const r = spawnSync(process.execPath, ["bin/cartecon.js", "--help"], { encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    for (const c of ["validate", "evaluate", "cart", "psa", "dsa", "evppi", "voi", "budget"]) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, "m"));
    expect(r.stderr).toBe("");
  });
});
