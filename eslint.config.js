import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules", "src/generated", "data", "coverage", "test-output", "dist", ".scratch", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    // The storage boundary: the core talks to stores it declares (src/core/audit/stores.ts,
    // src/core/import/stores.ts, src/core/stores/), implemented under src/db/; it never sees a connection.
    files: ["src/core/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "better-sqlite3", message: "src/core talks to stores it declares; SQL lives in src/db/." }],
          patterns: [
            {
              group: ["**/db/**", "**/generated/**", "@prisma/*", "prisma", "prisma/*"],
              message: "src/core talks to stores it declares; the database lives in src/db/.",
            },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name=/^(sqlite|prisma)$/]",
          message: "src/core is handed stores, not database handles (`.sqlite`, `.prisma`).",
        },
      ],
    },
  },
);
