// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Dependencies point one way: libs never import apps; domain imports only events and contracts.
      'no-restricted-imports': ['error', { patterns: ['**/apps/**'] }],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@nestjs/*',
            'typeorm',
            'pg',
            '@eventstore/*',
            '@journey/event-store',
            '@journey/postgres',
            '@journey/read-models',
            '@journey/records',
            '**/apps/**',
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Pass time in.' },
      ],
    },
  },
  {
    // The PostgreSQL plumbing knows nothing of the store or the tables that use it; the records'
    // entities and table list stand alone too.
    files: ['libs/postgres/**/*.ts', 'libs/records/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@journey/*', '**/apps/**'] }] },
  },
  {
    // The API's answer types: the dashboard bundles them, so they import nothing.
    files: ['libs/contracts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@journey/*', '**/apps/**'] }] },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      'bench/**/*.ts',
      '**/test/**/*.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    // Benchmarks drive the apps' own entry points, as tests do; product code never imports an app.
    files: ['bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
