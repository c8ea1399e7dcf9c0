/**
 * docs/cli.md and `cartecon <command> --help` name the same options: every option a command's help
 * lists is documented in that command's section of docs/cli.md (or a section its options share:
 * "Limits" for validate/evaluate/cart, "Uncertainty commands" for dsa/psa/evppi/voi), and every
 * option a command's section names is one its help lists (cross-references to another command's
 * options are listed below by hand). The expected lists are the two texts themselves, read apart.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { readFileSync } from "node:fs";

const DOC = readFileSync("docs/cli.md", "utf8");

/** The options a help text lists: the first `--name` of each option line. */
function helpOptions(args: string[]): Set<string> {
  const r = runCli([...args, "--help"], { timeoutMs: 60_000 });
  expect(r.code, r.err).toBe(0);
  const options = new Set<string>();
  for (const m of r.out.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z0-9-]*)/gm)) options.add(m[1]);
  options.delete("--help");
  return options;
}

/** The text of the docs section whose heading starts with `heading`, up to the next heading of its level or above. */
function section(heading: string): string {
  const start = DOC.indexOf(`\n${heading}`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const level = heading.match(/^#+/)![0].length;
  const rest = DOC.slice(start + 1);
  const next = rest.slice(1).search(new RegExp(`\\n#{1,${level}} `));
  return next < 0 ? rest : rest.slice(0, next + 1);
}

/** The options a docs text names, but `--help` and `--version`, which every command has. */
const docOptions = (text: string) =>
  new Set(
    [...text.matchAll(/(?<![\w-])(--[a-z][a-z0-9-]*)/g)]
      .map((m) => m[1])
      .filter((o) => o !== "--help" && o !== "--version"),
  );

const LIMITS = section("### Limits");
const UNCERTAINTY = section("## Uncertainty commands").split("\n### ")[0];

// Each command: its section's text (with the shared sections its options are documented in) and the
// options its section names that belong to another command, written as cross-references.
const COMMANDS: Record<string, { text: string; crossReferences: string[] }> = {
  validate: { text: section("## `cartecon validate") + LIMITS, crossReferences: [] },
  evaluate: { text: section("## `cartecon evaluate") + LIMITS, crossReferences: [] },
  cart: { text: section("## `cartecon cart") + LIMITS, crossReferences: [] },
  // psa's section says the draws file "reads back as `voi --inputs`".
  psa: { text: section("### `cartecon psa") + UNCERTAINTY, crossReferences: ["--inputs"] },
  dsa: { text: section("### `cartecon dsa") + UNCERTAINTY, crossReferences: [] },
  evppi: { text: section("### `cartecon evppi") + UNCERTAINTY + section("### `cartecon psa"), crossReferences: [] },
  voi: { text: section("### `cartecon voi") + section("### `cartecon evppi"), crossReferences: [] },
  budget: { text: section("## `cartecon budget"), crossReferences: [] },
};

describe("docs/cli.md and --help", () => {
  it("`cartecon --help` lists exactly the commands docs/cli.md has a section for", () => {
    const r = runCli(["--help"], { timeoutMs: 60_000 });
    expect(r.code, r.err).toBe(0);
    const listed = [...r.out.matchAll(/^ {2}([a-z]+) (?:\[options\]|\[command\])/gm)]
      .map((m) => m[1])
      .filter((c) => c !== "help");
    const documented = [...DOC.matchAll(/^#{2,3} `cartecon ([a-z]+)/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(documented.sort());
    expect(listed.sort()).toEqual(Object.keys(COMMANDS).sort());
  }, 60_000);

  for (const [command, { text, crossReferences }] of Object.entries(COMMANDS)) {
    it(`${command}: every option of its --help is documented, and its section names no option it lacks`, () => {
      const help = helpOptions([command]);
      const own = section(
        command === "validate" || command === "evaluate" || command === "cart" || command === "budget"
          ? `## \`cartecon ${command}`
          : `### \`cartecon ${command}`,
      );
      const documented = docOptions(text);
      expect(
        [...help].filter((o) => !documented.has(o)),
        "in --help, not in docs/cli.md",
      ).toEqual([]);
      expect(
        [...docOptions(own)].filter((o) => !help.has(o) && !crossReferences.includes(o)),
        "in docs/cli.md, not in --help",
      ).toEqual([]);
    }, 60_000);
  }
});
