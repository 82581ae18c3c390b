import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each test file gets its own SQLite files under test-output/; tests never share a database.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
