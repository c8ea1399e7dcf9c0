import { defineConfig } from "vitest/config";

// Mutation testing (`npm run mutate`, stryker.config.json) runs the node tests only: the browser
// tests need a built site and a browser, the build test needs dist/, and the CLI tests spawn
// processes whose coverage Stryker cannot attribute to a test. MUTATE_TESTS (comma-separated
// globs) narrows the tests further for a quicker run on a busy machine; the score is then a lower
// bound of the full suite's.
const only = process.env.MUTATE_TESTS?.split(",").filter((s) => s.trim() !== "");

export default defineConfig({
  test: {
    name: "node",
    include: only?.length ? only : ["tests/**/*.test.ts"],
    exclude: ["tests/browser/**", "tests/build/**", "tests/cli/**", "**/node_modules/**"],
    environment: "node",
    testTimeout: 60_000,
  },
});
