import { genmodelsVitestConfig } from '@genmodels/vitest-config';

export default genmodelsVitestConfig();
