/**
 * stripBom (src/model/io/text.ts): the one place a UTF-8 byte-order mark is removed from a file's
 * text. It was stripped in eight places, two ways (`replace(/^\uFEFF/, "")` and `charCodeAt(0) ===
 * 0xfeff`), and `cartecon cart --export-params` kept one in the header it copied. The readers' own
 * BOM tests (parameter-csv, readers.property, voi, scenario-file, files-hostile) cover each caller.
 */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { stripBom } from "../../src/model/index.js";

describe("stripBom(text)", () => {
  it("removes one leading U+FEFF and nothing else", () => {
    expect(stripBom("\uFEFFid,value\n")).toBe("id,value\n");
    expect(stripBom("id,value\n")).toBe("id,value\n");
    // A second mark is text, not a byte-order mark: kept, so a reader reports it.
    expect(stripBom("\uFEFF\uFEFFa")).toBe("\uFEFFa");
    expect(stripBom("a\uFEFFb")).toBe("a\uFEFFb");
    expect(stripBom("")).toBe("");
  });
  it("is the only code in src/ that names the byte-order mark", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (f.startsWith(".")) continue; // Framework's cache (src/.observablehq) holds bundled libraries
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|js)$/.test(f)) files.push(p);
      }
    };
    walk("src");
    const naming = files.filter((f) => /\\uFEFF|0xfeff/i.test(readFileSync(f, "utf8")));
    expect(naming).toEqual([join("src", "model", "io", "text.ts")]);
  });
});
