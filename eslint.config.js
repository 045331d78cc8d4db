// ESLint 9 flat config. `npm run lint` runs it over the whole repository.
// The dependency rule is enforced twice: here per import (fast feedback in the editor) and in
// .dependency-cruiser.cjs over the whole graph (folders, cycles, type-only imports).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Packages and built-ins that `runtime/` and `nodes/` must reach only through a port. */
export const PORT_ONLY_MODULES = [
  'express',
  'sequelize',
  'react',
  'react-dom',
  'node:http',
  'node:https',
  'node:net',
  'http',
  'https',
  'net',
  'undici',
  'node-fetch',
  'axios',
  'pg',
  'sqlite3',
  'nodemailer',
  'node:timers',
  'timers',
];

const portMessage =
  'runtime/ and nodes/ do no I/O and keep no timers: use a port / the Clock port (runtime/ports/).';

const clockMessage = 'read the time from the Clock port (ctx.ports.clock.now()), not the wall clock.';

/** Globals that do I/O or schedule work behind the engine's back. */
const PORT_ONLY_GLOBALS = ['fetch', 'setTimeout', 'setInterval', 'setImmediate', 'XMLHttpRequest'];

/** Globals of Node scripts written in plain JavaScript (the TypeScript files get theirs from tsc). */
const nodeScriptGlobals = Object.fromEntries(
  ['process', 'console', 'URL', 'Buffer', 'setTimeout', 'clearTimeout'].map((name) => [name, 'readonly']),
);

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', '.vitest-results.json'] },

  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeScriptGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },

  // TypeScript: recommended + type-checked rules, one shared program through the project service.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.ts', '**/*.tsx'] })),
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // A port implementation may be `async` without awaiting: it keeps the Promise contract.
      '@typescript-eslint/require-await': 'off',
      // Nodes are objects with method shorthand (`run(ctx)`); destructuring them is routine, not a bug.
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  // Security (SPEC §12): nothing is evaluated as code, anywhere.
  {
    rules: {
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'off',
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: { '@typescript-eslint/no-implied-eval': 'error' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { 'no-implied-eval': 'error' },
  },

  // Product code: no `as` casts (style.md habit 9); `as const` stays allowed.
  {
    files: ['runtime/**/*.ts', 'nodes/**/*.ts', 'server/**/*.ts', 'editor/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }],
    },
  },

  // The dependency rule, per import: the engine and the node catalogue reach the world through ports.
  // This includes runtime/testing: the in-memory ports keep no timers either (tests use a virtual clock).
  {
    files: ['runtime/**/*.{ts,tsx,js}', 'nodes/**/*.{ts,tsx,js}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: PORT_ONLY_MODULES.map((name) => ({ name, message: portMessage })),
          patterns: [
            { group: ['@xyflow/*'], message: 'React Flow belongs to the editor.' },
            {
              group: ['express/*', 'sequelize/*', 'react/*', 'react-dom/*', 'node:timers/*', 'timers/*'],
              message: portMessage,
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...PORT_ONLY_GLOBALS.map((name) => ({ name, message: `${name}: use a port / the Clock port` })),
      ],
      // globalThis.setTimeout(...) and friends would slip past no-restricted-globals.
      'no-restricted-properties': [
        'error',
        ...['globalThis', 'window', 'global', 'self'].flatMap((object) =>
          PORT_ONLY_GLOBALS.map((property) => ({
            object,
            property,
            message: `${property}: use a port / the Clock port`,
          })),
        ),
        // The wall clock too: a virtual clock in tests must see every reading of the time.
        ...['Date', 'performance'].map((object) => ({ object, property: 'now', message: clockMessage })),
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: clockMessage },
      ],
    },
  },
  {
    files: ['nodes/**/*.{ts,tsx,js}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: PORT_ONLY_MODULES.map((name) => ({ name, message: portMessage })),
          patterns: [
            { group: ['@xyflow/*'], message: 'React Flow belongs to the editor.' },
            {
              group: ['express/*', 'sequelize/*', 'react/*', 'react-dom/*', 'node:timers/*', 'timers/*'],
              message: portMessage,
            },
            {
              group: ['**/server/**', '**/editor/**', '**/tests/**', '**/bench/**'],
              message: 'nodes/ imports only from runtime/.',
            },
          ],
        },
      ],
    },
  },

  // Tests and benchmarks may use anything, and poke at untyped JSON and HTTP bodies.
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
