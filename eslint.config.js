import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import noModuleCycle from './eslint-rules/no-module-cycle.js';

/*
 * Module boundaries (ARCHITECTURE.md, "Rules"). Every folder under src/ is a module; core/ and
 * db/ are the shared kernel every module uses file by file. The rest are domain modules: another
 * module sees only their index.ts, and tests (and testing/ helpers) also their testing/ folder.
 * metrics/clv/ is a module of its own inside metrics/ with its own index.ts. The list is read
 * from the tree, so a new folder is covered the day it appears.
 */
const KERNEL = ['core', 'db'];
const SUBMODULES = { metrics: ['clv'] };
const MODULES = readdirSync(new URL('./src/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const DOMAIN = MODULES.filter((name) => !KERNEL.includes(name));
const TEST_FILES = ['src/**/*.test.ts', 'src/**/*.test.tsx', 'src/**/testing/**'];

function entryPointZones({ forTests }) {
  return DOMAIN.map((name) => {
    const entries = ['', ...(SUBMODULES[name] ?? []).map((sub) => `${sub}/`)];
    return {
      target: `./src/!(${name})/**/*`,
      from: `./src/${name}`,
      except: entries.flatMap((prefix) => [`./${prefix}index.ts`, ...(forTests ? [`./${prefix}testing`] : [])]),
      message: forTests
        ? `Import ${name}/ through its index.ts (or its testing/ helpers), not its internals.`
        : `Import ${name}/ through its index.ts, not its internals; export what you need there.`,
    };
  });
}

const kernelZone = {
  target: KERNEL.map((name) => `./src/${name}`),
  from: DOMAIN.map((name) => `./src/${name}`),
  message: 'core/ and db/ import no domain module: pass what they need in, or move the shared part into core/.',
};

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
    ignores: ['src/core/config.ts', 'src/**/*.test.ts', 'src/db/testing/**', 'src/cli/testing/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings through core/config.ts.' }],
    },
  },
  {
    // Module boundaries: resolved paths, so `../auth/permissions.js` and `../../auth/permissions.js` are the same import.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      // import-x reads the imported files to follow cycles; it must know to parse TypeScript.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'], extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [kernelZone, ...entryPointZones({ forTests: false })] }],
    },
  },
  {
    // No import cycles between modules. Every cross-module import lands on an index.ts, so a
    // cycle between modules passes through one, and no-cycle reports it there; checking only
    // the index files keeps `npm run lint` fast (no-cycle on every file took half of its time).
    files: ['src/*/index.ts', 'src/metrics/clv/index.ts'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // ...and the one case no-cycle cannot see: a file that its module's index.ts does not load
    // (a CLI command, a route) importing a module that imports its module back.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { boundaries: { rules: { 'no-module-cycle': noModuleCycle } } },
    rules: { 'boundaries/no-module-cycle': 'error' },
  },
  {
    files: TEST_FILES,
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [kernelZone, ...entryPointZones({ forTests: true })] }],
    },
  },
);
