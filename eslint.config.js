import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'bench-results/', 'node_modules/', 'test-results/', 'src/web/lib/api.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/web/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Configuration is read once, in core/config.ts (STYLE.md §7).
    files: ['src/**/*.ts'],
    ignores: ['src/core/config.ts', 'src/**/*.test.ts', 'src/db/testing/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings through core/config.ts.' }],
    },
  },
);
