// Lint: ESLint's and typescript-eslint's recommended rules over every source file (src, test,
// scripts, bench, bin). `npm run lint` runs it with prettier's check; the CI runs both.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // an argument or binding named `_x` is there for its position, not its value
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // control characters are what several patterns exist to find: NULs and C0 controls in pages,
      // terminal escapes in progress output
      'no-control-regex': 'off',
    },
  },
  {
    files: ['test/**'],
    // tests read output JSON and reach into it by path; typing every shape would hide the assertions
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
