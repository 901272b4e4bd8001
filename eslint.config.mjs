// The layering rules of ARCHITECTURE.md, checked on every `npm test` (and so in CI), with
// typescript-eslint's recommended rules, React's hook rules and Next's own.
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import specifiers a layer may not use, as no-restricted-imports patterns (relative paths included). */
const forbid = (groups, message) => ({ group: groups, message });
const APP = ['@/app', '@/app/*', '**/app/*', '../app', '../../app'];
const COMPONENTS = ['@/components/*', '**/components/*'];
const REACT = ['react', 'react/*', 'react-dom', 'react-dom/*'];
const NEXT = ['next', 'next/*'];
const DB = ['@/lib/db/*', '**/db/*', '../db', '../../db'];

const restrict = (...patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['.next/**', 'node_modules/**', 'lib/db/generated/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      // A `let` assigned once, after the closures that read it are set up (signal handlers), stays a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    rules: { ...reactHooks.configs.recommended.rules, ...nextPlugin.configs.recommended.rules, ...nextPlugin.configs['core-web-vitals'].rules },
  },
  // lib: the domain, free of the framework and the UI.
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/actions/**', 'lib/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(
        forbid(APP, 'lib never imports app/: routes call the domain, not the other way round.'),
        forbid(COMPONENTS, 'lib never imports components/.'),
        forbid([...REACT, ...NEXT], 'lib is free of React and Next (only lib/actions talks to Next).'),
      ),
    },
  },
  // lib/actions: the server actions, the one part of lib that talks to Next (request context, redirects).
  {
    files: ['lib/actions/**/*.ts'],
    ignores: ['lib/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'next', message: 'actions use next/headers, next/navigation and next/cache only.' }],
          patterns: [
            forbid(APP, 'actions never import app/.'),
            forbid(COMPONENTS, 'actions never import components/.'),
            forbid(REACT, 'actions are server code: no React.'),
            forbid(['next/*', '!next/headers', '!next/navigation', '!next/cache'], 'actions use next/headers, next/navigation and next/cache only.'),
          ],
        },
      ],
    },
  },
  // lib/runner: the load engine runs in a worker thread and knows nothing of the database.
  {
    files: ['lib/runner/**/*.ts'],
    ignores: ['lib/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(
        forbid(DB, 'the engine imports no database code: the run manager (lib/runs) persists what it reports.'),
        forbid(['**/runs/*', '../runs', '@/lib/runs/*', '**/actions/*', '**/auth/*', '**/targets/*'], 'the engine is the bottom layer: it imports none of the app’s services.'),
        forbid([...REACT, ...NEXT, ...APP, ...COMPONENTS], 'the engine is free of the framework and the UI.'),
      ),
    },
  },
  // components: UI. Server actions come from lib/actions, never from app/.
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict(forbid(APP, 'components never import app/: take server actions from lib/actions.')),
    },
  },
);
