export { default } from '@genmodels/eslint-config';
