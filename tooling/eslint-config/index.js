// Shared flat config: typescript-eslint's recommended rules plus the project's own rules.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/build/**', '**/node_modules/**', '**/.turbo/**', '**/runs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Only packages/backend may import a TF.js backend; libraries peer-depend on tfjs-core.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tensorflow/tfjs-backend-*', '@tensorflow/tfjs-node*', '@tensorflow/tfjs'],
              message: 'Import backends only in packages/backend (libraries use @tensorflow/tfjs-core).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/backend/**', 'tooling/**', '**/*.test.ts', '**/test/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
