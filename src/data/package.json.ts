// Data loader: the toolkit's name and version from package.json, so pages state the version that
// built them (download metadata) without a copy typed into the page. Runs in the project root.
import { readFileSync } from "node:fs";

const { name, version } = JSON.parse(readFileSync("package.json", "utf8")) as { name: string; version: string };
process.stdout.write(JSON.stringify({ name, version }));
