// Data loader for the Methods page: the CHEERS 2022 checklist with where this toolkit addresses each
// item (src/data/cheers.ts). Fails the build if an item names a file or page that does not exist.
// Runs in the project root; JSON to stdout, problems to stderr.
import { existsSync, readdirSync } from "node:fs";
import config from "../../observablehq.config.js";
import { CHEERS_2022, CHEERS_CITATION, PAGE_NAMES, cheersProblems } from "./cheers.js";

try {
  // Pages are the Markdown files of src/; the sidebar (observablehq.config.ts) may not list them all.
  const pages = readdirSync("src").filter((f) => f.endsWith(".md")).map((f) => `/${f.replace(/\.md$/, "")}`);
  const problems = cheersProblems(CHEERS_2022, existsSync, pages);
  if (problems.length) throw new Error(`the CHEERS checklist has problems:\n  ${problems.join("\n  ")}`);
  const listed = new Map((config.pages as Array<{ name: string; path: string }>).map((p) => [p.path, p.name]));
  const named = new Set(CHEERS_2022.flatMap((x) => x.pages));
  for (const p of named) if (!listed.has(p)) process.stderr.write(`cheers: page ${p} is not listed in observablehq.config.ts (no sidebar link)\n`);
  const names = Object.fromEntries([...named].map((p) => [p, listed.get(p) ?? PAGE_NAMES[p] ?? p]));
  const items = CHEERS_2022.map((x) => ({
    item: x.item,
    section: x.section,
    topic: x.topic,
    guidance: x.guidance,
    status: x.status,
    where: [...x.pages.map((p) => `${names[p]} page`), ...x.files].join("; "),
    pages: x.pages.map((p) => ({ path: p, name: names[p] })),
    files: x.files,
    note: x.note,
  }));
  process.stdout.write(JSON.stringify({ citation: CHEERS_CITATION, items }));
} catch (err) {
  process.stderr.write(`cheers: ${(err as Error).message}\n`);
  process.exit(1);
}
