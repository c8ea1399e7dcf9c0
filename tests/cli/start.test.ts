/** The CLI runs compiled JavaScript (build/cli.js), so it starts about as fast as Node itself. */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function spawnMs(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return performance.now() - t0;
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

  it("starts (--help) within 3 times a bare node start (medians of 7 interleaved spawns)", () => {
    const cli: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < 7; i++) {
      cli.push(spawnMs(["bin/cartecon.js", "--help"]));
      bare.push(spawnMs(["-e", "0"]));
    }
    console.log(`CLI start: node bin/cartecon.js --help ${median(cli).toFixed(0)} ms, node -e 0 ${median(bare).toFixed(0)} ms`);
    expect(median(cli)).toBeLessThan(3 * median(bare));
  });
});
