// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'web/dist', 'coverage', 'artifacts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: 'error',
    },
  },
  {
    files: ['src/therapy/**', 'src/pump/**', 'src/body/**', 'src/world/**', 'src/advise/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      // The pure core takes time and randomness as arguments (docs/architecture.md, "pure core").
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Pure core: take the time as an argument.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'Pure core: take a seeded generator as an argument.',
        },
        { selector: "MemberExpression[object.name='console']", message: 'Pure core: no logging.' },
      ],
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'net', 'http'] }],
    },
  },
  {
    // Only the simulator may build a pump without its hard dose limits (src/pump/build.ts, docs/safety-case.md):
    // the link, programmer, clinic, server and command line get the certified build by default and cannot
    // name another.
    files: [
      'src/link/**',
      'src/programmer/**',
      'src/clinic/**',
      'src/server/**',
      'src/fhir/**',
      'src/reports/**',
      'src/cli/**',
      'src/demo/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/pump/build.ts'],
              message: 'Only src/sim may choose a pump build; every real pump runs the certified one.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS modules (bin/build-freshness.cjs, loaded synchronously by bin/itb.js and by the sources).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
