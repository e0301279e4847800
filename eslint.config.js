// Flat config. The import zones keep the layering of STYLE.md: registry ← queries ← features ← app, with
// components, hooks, lib and config below the features, and testing/ only for tests. Across folders imports use
// "@/…", so the zones are written against those specifiers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const FEATURES = ['catalog', 'tags', 'manifest', 'cleanup', 'auth', 'insight'];

/** no-restricted-imports for files under `dir`, forbidding the given "@/…" groups. */
function zone(files, groups, message, extra = []) {
  return {
    files,
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: groups, message }, ...extra] }],
    },
  };
}

const noTesting = { group: ['@/testing', '@/testing/*'], message: 'src/testing is for tests only.' };

export default tseslint.config(
  { ignores: ['dist', 'node_modules', '.tmp', 'coverage', 'bench/results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['src/**', 'public/**'], languageOptions: { globals: globals.browser } },
  {
    files: ['**/*.{js,mjs,cjs}', 'e2e/**', 'bench/**', 'scripts/**', 'tests/**', '*.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // React Compiler rules: advisory until the compiler is adopted
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/purity': 'off',
      'react-hooks/immutability': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // registry text is rendered as text only (STYLE.md habit 12)
      'react/no-danger': 'off',
      'no-restricted-syntax': ['error', { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Registry content is rendered as text only.' }],
    },
  },
  zone(
    ['src/registry/**'],
    ['@/app/*', '@/queries/*', '@/features/*', '@/components/*', '@/hooks/*', '@/lib/*', '@/config/*', 'react', 'react-dom', 'react-*', '@tanstack/*'],
    'src/registry is framework-free and imports nothing from the rest of src.',
    [noTesting],
  ),
  zone(['src/queries/**'], ['@/app/*', '@/features/*', '@/components/*', '@/hooks/*'], 'src/queries builds on registry, config and lib only.', [noTesting]),
  zone(
    ['src/components/**', 'src/hooks/**', 'src/lib/**'],
    ['@/app/*', '@/features/*', '@/queries/*'],
    'components, hooks and lib sit below the features and fetch nothing.',
    [noTesting],
  ),
  zone(['src/config/**'], ['@/*'], 'src/config imports nothing from src.', [noTesting]),
  ...FEATURES.map((f) =>
    zone([`src/features/${f}/**`], ['@/app/*', '@/features/*', `!@/features/${f}/*`], 'A feature never imports another feature: the route composes them.', [noTesting]),
  ),
  zone(['src/app/**'], ['@/testing/*'], 'src/testing is for tests only.'),
);
