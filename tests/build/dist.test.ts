// Checks the built report in dist/ (the test script builds it first): it must exist, must
// not have fallen back to CDN-resolved npm: modules, and must load nothing from another origin
// (a CDN or web-font service), since readers and build servers may be offline (README.md, "Publishing the report").
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const distDir = resolve(import.meta.dirname, "../../dist");
const srcDir = resolve(import.meta.dirname, "../../src");

/**
 * What would make a reader's browser fetch from another origin (a CDN, a web-font service), whatever
 * its host: an absolute (http:, https:) or protocol-relative URL in an element that loads what it
 * names, in a CSS @import or url(), or in a JavaScript import. Links a reader follows (<a href>) are
 * not loads.
 */
const remoteLoads: [string, RegExp, RegExp][] = [
  // [what, in which files, pattern]
  [
    "element",
    /\.html$/,
    /<(?:script|link|img|iframe|source|audio|video)\b[^>]*?\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//gi,
  ],
  ["CSS", /\.(?:css|html)$/, /(?:@import\s+|\burl\(\s*)["']?(?:https?:)?\/\//gi],
  ["import", /\.(?:m?js|html)$/, /(?:\bfrom\s*|\bimport\s*\(?\s*)["'`](?:https?:)?\/\//g],
];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

const rel = (path: string) => relative(distDir, path).split("\\").join("/");

/**
 * Markdown pages Framework 1.13.4 builds, as the .html paths it writes: every .md under the
 * root except in .observablehq/, parameterized names ([x]) and `draft: true` pages
 * (see visitFiles in its files.js and findPagePaths in its loader.js).
 */
function sourcePages(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === ".observablehq" || /\[.*\]/.test(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcePages(path);
    if (!entry.name.endsWith(".md")) return [];
    const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(path, "utf8"))?.[1] ?? "";
    if (/^draft:\s*true\s*$/m.test(frontMatter)) return [];
    return [relative(srcDir, path).split("\\").join("/").replace(/\.md$/, ".html")];
  });
}

describe("dist/", () => {
  const exists = existsSync(distDir) && statSync(distDir).isDirectory();

  it("exists (run `npm run build` first; `npm test` does)", () => {
    expect(exists, `${distDir} is missing`).toBe(true);
  });

  it.runIf(exists)("has no _npm/ directory (an npm: import or implicit global was resolved from a CDN)", () => {
    const npmDirs = readdirSync(distDir, { recursive: true, encoding: "utf8" })
      .map((path) => path.split("\\").join("/"))
      .filter((path) => path.split("/").at(-1) === "_npm");
    expect(npmDirs, 'import the package by bare name instead, e.g. import * as Plot from "@observablehq/plot"').toEqual(
      [],
    );
  });

  it.runIf(exists)(
    "carries the kernel's assembled bytes, identical to kernel-wasm.ts, and not the assembler (wabt)",
    async () => {
      const { KERNEL_WASM_BASE64 } = await import("../../src/model/kernel/kernel-wasm.js");
      const files = walk(distDir).filter((path) => path.endsWith(".js"));
      const withKernel = files.filter((path) => readFileSync(path, "utf8").includes(KERNEL_WASM_BASE64.slice(0, 96)));
      expect(withKernel.map(rel)).toHaveLength(1);
      // join the string pieces ("..." + "...") only: base64 has "+" characters of its own
      const text = readFileSync(withKernel[0], "utf8").replace(/["']\s*\+\s*["']/g, "");
      expect(text).toContain(KERNEL_WASM_BASE64);
      expect(files.filter((path) => /wabt/i.test(rel(path)))).toEqual([]);
    },
  );

  it.runIf(exists)("pages do not load modules from _npm/", () => {
    // Framework's client bundle always names ../_npm/ for its lazily loaded implicit globals;
    // a page that uses one would request it. The pages themselves must not.
    const offenders = walk(distDir)
      .filter((path) => path.endsWith(".html") && readFileSync(path, "utf8").includes("_npm/"))
      .map(rel);
    expect(offenders, "pages that reference _npm/").toEqual([]);
  });

  it.runIf(exists)("loads nothing from another origin (no CDN, no web-font service)", () => {
    const offenders: string[] = [];
    for (const path of walk(distDir)) {
      const checks = remoteLoads.filter(([, files]) => files.test(path));
      if (checks.length === 0) continue;
      const text = readFileSync(path, "utf8");
      for (const [kind, , pattern] of checks)
        for (const m of text.matchAll(pattern)) offenders.push(`${rel(path)}: ${kind} ${m[0].slice(0, 80)}`);
    }
    expect(offenders, "files in dist/ that load from another origin").toEqual([]);
  });

  it("the check of remote loads finds each kind (on strings written here)", () => {
    const samples = [
      '<link rel="stylesheet" href="https://example.org/a.css">',
      "<script src=//example.org/a.js></script>",
      '@import url("https://example.org/font.css");',
      "src: url(https://example.org/font.woff2)",
      'import x from "https://example.org/x.js";',
      "await import(`https://example.org/${name}`)",
    ];
    for (const sample of samples)
      expect(
        remoteLoads.some(([, , pattern]) => new RegExp(pattern.source, pattern.flags).test(sample)),
        sample,
      ).toBe(true);
    for (const local of ['<a href="https://example.org/paper">', '<link rel="icon" href="./_file/favicon.svg">'])
      expect(
        remoteLoads.some(([, , pattern]) => new RegExp(pattern.source, pattern.flags).test(local)),
        local,
      ).toBe(false);
  });

  it.runIf(exists)(
    "the report's stylesheet carries Observable Inputs' rules (the pages import Inputs by bare name)",
    () => {
      // Framework adds Inputs' stylesheet only for its implicit, CDN-fetched Inputs; src/style.css bundles
      // the package's own. Its rules are namespaced inputs-3a86ea, the class the bundled Inputs puts on forms.
      const styles = walk(join(distDir, "_import")).filter((path) => /\/style\.[\w]+\.css$/.test(path));
      expect(styles.map(rel)).toHaveLength(1);
      const css = readFileSync(styles[0], "utf8");
      expect(css).toContain("form.inputs-3a86ea");
      expect(css).toContain("--label-width");
    },
  );

  it.runIf(exists)("has no module that imports a Node built-in (a browser cannot load it)", () => {
    // e.g. `import * as aq from "arquero"` in browser code: see src/components/arquero.js.
    const nodeImport = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](node:[\w/]+)["']/g;
    const offenders: string[] = [];
    for (const path of walk(distDir)) {
      if (!/\.(?:m?js|html)$/.test(path)) continue;
      const builtins = [...readFileSync(path, "utf8").matchAll(nodeImport)].map((m) => m[1]);
      if (builtins.length > 0) offenders.push(`${rel(path)}: ${[...new Set(builtins)].join(", ")}`);
    }
    expect(offenders, "files in dist/ that import Node built-ins").toEqual([]);
  });

  it.runIf(exists)("has an .html file for every Markdown page in src/", () => {
    const expected = sourcePages(srcDir);
    expect(expected.length, "Markdown pages found in src/").toBeGreaterThan(0);
    const missing = expected.filter((page) => !existsSync(join(distDir, page)));
    expect(missing, "pages in src/ with no .html in dist/").toEqual([]);
  });

  it.runIf(exists)("has the favicon the pages link to", () => {
    const index = readFileSync(join(distDir, "index.html"), "utf8");
    const icon = /<link rel="icon" href="\.\/([^"]+)"/.exec(index)?.[1];
    expect(icon, 'index.html has a <link rel="icon"> with a relative href').toBeDefined();
    expect(existsSync(join(distDir, icon!)), `dist/${icon} exists`).toBe(true);
  });
});
