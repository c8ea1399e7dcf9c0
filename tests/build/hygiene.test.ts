/** Repository hygiene (issue 11, item 7): one formatter for every kind of source, explicit timeouts on tests that spawn. */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return name === "node_modules" || name === ".observablehq" ? [] : filesUnder(path, ext);
    return ext.test(name) ? [path] : [];
  });
}

describe("formatter", () => {
  it("formats .ts, .js and .md alike: one Prettier configuration, print width 120", async () => {
    for (const file of [
      "src/model/index.ts",
      "src/components/charts.js",
      "src/index.md",
      "docs/cli.md",
      "bin/cartecon.js",
    ]) {
      const config = await prettier.resolveConfig(file, { editorconfig: false });
      expect(config, file).toMatchObject({ printWidth: 120, semi: true, singleQuote: false, trailingComma: "all" });
      const info = await prettier.getFileInfo(file, { ignorePath: ".prettierignore" });
      expect(info.ignored, file).toBe(false);
      expect(info.inferredParser, file).not.toBeNull();
    }
  });
  it("leaves generated files, data and fixtures alone", async () => {
    for (const file of [
      "dist/index.html",
      "build/cli.js",
      "data/cart/exchange-rates.csv",
      "package-lock.json",
      "tests/fixtures/math-reference.json.gz",
      "src/.observablehq/cache/x.json",
    ]) {
      expect((await prettier.getFileInfo(file, { ignorePath: ".prettierignore" })).ignored, file).toBe(true);
    }
  });
  it("npm run format writes and npm run format:check checks", () => {
    const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;
    expect(scripts.format).toBe("prettier --write .");
    expect(scripts["format:check"]).toBe("prettier --check .");
  });
});

describe("tests", () => {
  it("every child process a test starts has a timeout (a hung CLI or browser fails the test instead of the run)", () => {
    const calls: string[] = [];
    for (const file of filesUnder("tests", /\.ts$/)) {
      const text = readFileSync(file, "utf8");
      // A call from its name to the end of its statement (the options object follows the arguments).
      for (const m of text.matchAll(/\b(spawnSync|execFileSync|execSync)\(([^;]*)\)/g)) {
        if (!/\btimeout:/.test(m[2])) calls.push(`${file}: ${m[0].slice(0, 80)}`);
      }
    }
    expect(calls).toEqual([]);
  });
});

describe("components", () => {
  // Not yet annotated and moved to htl (landed from parallel work the same day); listed in tsconfig.components.json too.
  const pending = new Set(["src/components/parameter-editor.js", "src/components/access-charts.js"]);
  const components = filesUnder("src/components", /\.js$/).filter((f) => !pending.has(f));

  it("are type-checked from their JSDoc by npm run typecheck", () => {
    const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;
    expect(scripts.typecheck).toContain("tsc -p tsconfig.components.json");
    const config = readFileSync("tsconfig.components.json", "utf8");
    expect(config).toMatch(/"checkJs": true/);
    expect(config).toMatch(/"src\/components\/\*\*\/\*\.js"/);
  });
  it("build DOM with htl, not document.createElement chains", () => {
    expect(components.length).toBeGreaterThanOrEqual(7);
    for (const f of components) expect(readFileSync(f, "utf8"), f).not.toMatch(/document\.createElement(NS)?\(/);
  });
});

describe("one source for each fact", () => {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

  it(
    "pages do not type the toolkit's version; the package.json loader gives it from package.json",
    { timeout: 60_000 },
    () => {
      for (const page of filesUnder("src", /\.md$/))
        expect(readFileSync(page, "utf8"), page).not.toMatch(/["'`]\d+\.\d+\.\d+["'`]/);
      const out = execFileSync(process.execPath, ["--import", "tsx", "src/data/package.json.ts"], {
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(JSON.parse(out)).toEqual({ name: "cartecon", version: pkg.version });
    },
  );
});

describe("dependencies", () => {
  it("d3 is not a dependency and nothing imports it (pages import Plot, arquero and d3-dsv by name)", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as Record<string, Record<string, string>>;
    for (const group of ["dependencies", "devDependencies"]) {
      expect(Object.keys(pkg[group])).not.toContain("d3");
      expect(Object.keys(pkg[group])).not.toContain("@types/d3");
    }
    const sources = ["src", "tests", "bench", "tools"].flatMap((d) => filesUnder(d, /\.(ts|js|mjs|md)$/));
    expect(sources.length).toBeGreaterThan(50);
    for (const f of sources) expect(readFileSync(f, "utf8"), f).not.toMatch(/from ["']d3["']|\bd3\.[a-z]/);
  });
});
