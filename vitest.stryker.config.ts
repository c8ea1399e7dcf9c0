import { defineConfig } from "vitest/config";

// Mutation testing (`npm run mutate`, stryker.config.json) runs the node tests only: the browser
// tests need a built site and a browser, the build test needs dist/, and the CLI tests spawn
// processes whose coverage Stryker cannot attribute to a test.
export default defineConfig({
  test: {
    name: "node",
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/browser/**", "tests/build/**", "tests/cli/**", "**/node_modules/**"],
    environment: "node",
    testTimeout: 60_000,
  },
});
