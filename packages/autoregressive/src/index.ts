export { MADE } from './made.js';
export type { MADEOptions } from './made.js';
export { buildMADEMasks, resolveOrdering, seededPermutation, seededRandom } from './made-masks.js';
export type { MADEConnectivity, MADEMaskSet, MADEOrdering } from './made-masks.js';
