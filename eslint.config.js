import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "data/**", "node_modules/**", "app/generated/**", "bench/results.json"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: {
      globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", fetch: "readonly", setTimeout: "readonly", Headers: "readonly", Request: "readonly", Response: "readonly", AbortController: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    // process.env is read in one place: the environment module validates every
    // variable at start-up (ARCHITECTURE.md, "One environment module").
    files: ["app/**"],
    ignores: ["app/utils/env.server.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read settings through env() from ~/utils/env.server (add the variable to its schema)." },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "ImportDeclaration[source.value=/^(node:)?process$/]", message: "Read settings through env() from ~/utils/env.server." },
      ],
    },
  },
  {
    // Tests change variables through tests/support/env.ts (setTestEnv), which
    // re-reads the environment module; a plain assignment would not be seen.
    files: ["tests/integration/**", "tests/e2e/**/*.test.ts", "tests/reliability/**/*.test.ts", "app/**/*.test.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "AssignmentExpression > MemberExpression.left[object.object.name='process'][object.property.name='env']",
          message: "Use setTestEnv() from tests/support/env.ts.",
        },
        {
          selector: "UnaryExpression[operator='delete'] > MemberExpression[object.object.name='process'][object.property.name='env']",
          message: "Use setTestEnv({ NAME: undefined }) from tests/support/env.ts.",
        },
        { selector: "CallExpression[callee.object.name='vi'][callee.property.name='stubEnv']", message: "Use setTestEnv() from tests/support/env.ts." },
      ],
    },
  },
  {
    // The domain never imports routes or components (ARCHITECTURE.md).
    files: ["app/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["~/routes/*", "~/components/*", "@remix-run/*", "react", "react-dom"] },
      ],
    },
  },
);
