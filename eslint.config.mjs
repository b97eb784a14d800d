// @ts-check
// ESLint for ZooKeeper Ops: type-aware typescript-eslint, one block per environment (node code in
// src/, browser code in webview/ with its own tsconfig, test/ and bench/), and the import rules that
// fence the rooms of docs/architecture (which code may import vscode, the ZooKeeper library, the
// webview toolkit, node built-ins). Formatting is Prettier's (.prettierrc.json); nothing here
// formats, except max-len for the long strings a formatter cannot break.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Modules only some rooms may import; every room gets the list of those it may not. */
const VSCODE = {
  name: 'vscode',
  message: 'src/core, src/shared, src/server and src/cli never import vscode: only src/ui and src/extension.ts adapt to the editor.',
};
const ZK_LIBRARY = {
  name: 'node-zookeeper-client',
  message:
    'Only src/core/zk touches node-zookeeper-client (its private internals are patched there, see src/core/zk/README.md); use ZkSession.',
};
const TOOLKIT = {
  name: '@vscode/webview-ui-toolkit',
  message: 'The webview toolkit is deprecated: only webview/controls.ts imports it, so it can be replaced in one place.',
};
const NODE_BUILTINS = {
  group: ['node:*'],
  message: 'src/shared is imported by the webview too: no node built-ins.',
};

/** One no-restricted-imports setting per room (a later block replaces, not merges, the rule). */
function restrictedImports({ paths = [], patterns = [] }) {
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

/** For code unit-tested without an editor: `import type` from vscode only. */
function vscodeTypesOnly(message) {
  return restrictedImports({ paths: [{ ...VSCODE, allowTypeImports: true, message }, ZK_LIBRARY, TOOLKIT] });
}

export default defineConfig([
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-output/**', 'media/**', '.vscode-test/**'],
  },

  // Plain JavaScript: the build script, the bin shim, small node helpers.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },

  // Every TypeScript file: recommended rules with type information, import hygiene, no cycles.
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    plugins: { 'import-x': importX },
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    settings: {
      // Without these the import rules skip .ts files (no-cycle would see no graph at all).
      'import-x/extensions': ['.ts', '.js', '.mjs', '.cjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'] })],
    },
    rules: {
      'max-len': ['error', { code: 180, ignoreUrls: true, ignoreRegExpLiterals: true }],
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-useless-path-segments': 'error',
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: ['test/**', 'bench/**', 'scripts/**', '*.mjs'] }],
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      // Async methods that implement a promise-returning interface need no await of their own.
      '@typescript-eslint/require-await': 'off',
      // Matching control characters is deliberate here: server and file text is escaped before display.
      'no-control-regex': 'off',
      // A `let` read by a closure before its one assignment (tree provider and cache wired in a circle).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },

  // Node code of the extension, language server and CLI.
  {
    files: ['src/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: restrictedImports({ paths: [ZK_LIBRARY, TOOLKIT] }),
  },
  {
    files: ['src/core/**/*.ts', 'src/server/**/*.ts', 'src/cli/**/*.ts'],
    rules: restrictedImports({ paths: [VSCODE, ZK_LIBRARY, TOOLKIT] }),
  },
  {
    files: ['src/core/zk/**/*.ts'],
    rules: restrictedImports({ paths: [VSCODE, TOOLKIT] }),
  },
  // Tested in plain node over narrow fakes: types of vscode only, never the runtime. The health
  // controller's lifecycle; the command operations (called by the dashboard, runbooks and tests;
  // src/ui/commands/adapters.ts adapts the editor to their services).
  {
    files: ['src/ui/health/controller.ts'],
    rules: vscodeTypesOnly('controller.ts takes narrow interfaces (HealthWindow, ...) so its unit test runs without an editor.'),
  },
  {
    files: ['src/ui/commands/operations/**/*.ts'],
    rules: vscodeTypesOnly('operations take narrow services (operations/services.ts) so they run without an editor.'),
  },
  // Shared by the extension, the language server and the webview: neither editor, node nor DOM.
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: restrictedImports({ paths: [VSCODE, ZK_LIBRARY, TOOLKIT], patterns: [NODE_BUILTINS] }),
  },

  // The dashboard in the browser: its own tsconfig (DOM lib), and of our code only src/shared.
  {
    files: ['webview/**/*.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { project: './tsconfig.webview.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      ...restrictedImports({ paths: [VSCODE, ZK_LIBRARY, TOOLKIT], patterns: [NODE_BUILTINS] }),
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './webview',
              from: ['./src', './test', './bench'],
              except: ['./shared'],
              message: 'webview/ imports only src/shared (it runs in the browser, apart from the extension).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['webview/controls.ts'],
    rules: restrictedImports({ paths: [VSCODE, ZK_LIBRARY], patterns: [NODE_BUILTINS] }),
  },

  // Tests and benchmarks run in plain node (host suites inside an extension host). Tests may use
  // node-zookeeper-client directly: some show what the library does without our seam.
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['bench/**/*.ts', 'scripts/**/*.ts'],
    rules: restrictedImports({ paths: [ZK_LIBRARY, TOOLKIT] }),
  },
]);
