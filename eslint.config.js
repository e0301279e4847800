// Flat config. The layering of STYLE.md (registry ← queries ← features ← app, with components, hooks, lib and
// config below the features, testing/ only for tests, no import cycles) is kept by eslint/boundaries.js, which
// checks where an import lands whether it is spelled relative or "@/…"; tests/stack/lint.test.mjs shows each
// rule failing on a deliberate violation.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import local from './eslint/boundaries.js';

/** no-restricted-imports of packages for files under `dir`. */
function zone(files, groups, message) {
  return {
    files,
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }] },
  };
}

export default tseslint.config(
  { ignores: ['dist', 'dist-cli', 'node_modules', '.tmp', 'coverage', 'bench/results', 'docs/rendered'] },
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
  // where an import lands, relative or "@/…": eslint/boundaries.js (features are the folders of src/features)
  { files: ['src/**/*.{ts,tsx}'], plugins: { local }, rules: { 'local/boundaries': 'error', 'local/no-cycle': 'error' } },
  zone(['src/registry/**'], ['react', 'react-dom', 'react-*', '@tanstack/*'], 'src/registry is framework-free: no React, no @tanstack.'),
);
