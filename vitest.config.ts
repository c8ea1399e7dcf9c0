import { defineConfig } from "vitest/config";

// One `vitest run` runs everything. Two projects so the browser tests get their own
// timeouts and run one file at a time after the node tests (the machines have 2 cores).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/browser/**", "**/node_modules/**"],
          environment: "node",
          // Sized for a loaded 2-core machine (vitest's 5 s default fails there though nothing is
          // wrong); tests that build, spawn or run heavy loops set their own, larger timeouts.
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // The CLI tests spawn the compiled CLI: build it from the current source first.
          globalSetup: ["tests/setup/build-cli.ts"],
        },
      },
      {
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          environment: "node", // playwright-core drives /usr/bin/chromium from node
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
