export type { CheckContext, ConformanceCheck, ConformanceOptions } from './conformance.js';
export { describeGenerativeModelConformance, generativeModelConformanceChecks } from './conformance.js';
export { expectNoLeakedTensors } from './leaks.js';
export { logAbsDeterminant, numericalGradient, numericalJacobian } from './numerical.js';
