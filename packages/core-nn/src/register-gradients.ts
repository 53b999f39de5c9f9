/**
 * Registers TF.js's gradient functions (side effect). tfjs-core alone does not register them in
 * Node; the build bundles tfjs-core's own gradient definitions into vendor/ (see
 * scripts/bundle-gradients.mjs). Imported by minimize(), so any package that trains through
 * core-nn gets gradients without depending on the @tensorflow/tfjs union package.
 */
import '@tensorflow/tfjs-core';
import './vendor/tfjs-core-gradients.js';
