import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test-cache/**', '.test-output/**', 'test/fixtures/**', 'test/agent/scripted-model/dist/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Use import * as z from 'zod': the named import bundles all of zod.",
        },
      ],
    },
  },
  {
    // The bundles stub these packages (scripts/bundle/unreachableModules.mjs): our code must not need them.
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['@modelcontextprotocol/server/_shims', 'source-map-js'].map((name) => ({
            name,
            message: `${name} is stubbed in the bundles (scripts/bundle/unreachableModules.mjs).`,
          })),
          patterns: [{ group: ['web-streams-polyfill', 'web-streams-polyfill/*'], message: 'web-streams-polyfill is stubbed in the bundles (scripts/bundle/unreachableModules.mjs).' }],
        },
      ],
    },
  },
  {
    // The rooms without vscode must stay importable from plain Node.
    files: ['src/gmail/**/*.ts', 'src/guard/**/*.ts', 'src/mcp/**/*.ts', 'src/writes/**/*.ts', 'src/audit/**/*.ts', 'test/fakeGoogle/**/*.ts', 'test/unit/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'This room must not import vscode (see DESIGN.md).' },
          ],
        },
      ],
    },
  },
);
