import { describe, expect, it } from 'vitest';
import { createAutoregressiveModel } from './create-autoregressive-model.js';
import { resolveGatedPixelCNNConfig } from './gated-pixelcnn-config.js';
import { resolveMADEDensityConfig } from './made-density-config.js';
import { resolveNADEConfig } from './nade-config.js';
import { PIXELCNN_DEFAULTS, resolvePixelCNNConfig } from './pixelcnn-config.js';

describe('configs', () => {
  it('PixelCNN defaults are the bench-spec network', () => {
    expect(PIXELCNN_DEFAULTS).toMatchObject({ inputShape: [28, 28, 1], filters: 64, firstKernelSize: 7, numResidualLayers: 6, residualKernelSize: 3, outputHiddenUnits: 64, likelihood: 'bernoulli' });
    expect(PIXELCNN_DEFAULTS.optimizer.learningRate).toBe(1e-3);
  });

  it('errors name the key and what is allowed', () => {
    expect(() => resolvePixelCNNConfig({ firstKernelSize: 4 })).toThrow(/firstKernelSize must be an odd positive integer/);
    expect(() => resolvePixelCNNConfig({ inputShape: [28, 28, 3] })).toThrow(/inputShape must be \[height, width, 1\]/);
    expect(() => resolveNADEConfig({ likelihood: 'categorical' as never })).toThrow(/likelihood must be 'bernoulli', got "categorical"/);
    expect(() => resolveMADEDensityConfig({ numMasks: 0 })).toThrow(/numMasks must be a positive integer/);
    expect(() => resolveGatedPixelCNNConfig({ numClasses: -1 })).toThrow(/numClasses must be an integer >= 0 \(0: unconditional\), got -1/);
    expect(() => resolveNADEConfig({ modelType: 'made' as never })).toThrow(/modelType must be 'nade'/);
    expect(() => createAutoregressiveModel({ modelType: 'wavenet' })).toThrow(/unknown autoregressive modelType "wavenet"/);
  });

  it('a config read back from JSON rebuilds a model with the same config', () => {
    const model = createAutoregressiveModel({ modelType: 'made', inputShape: [2, 2, 1], hiddenUnits: [4], ordering: [3, 1, 0, 2] });
    const again = createAutoregressiveModel(JSON.parse(JSON.stringify(model.config)));
    expect(again.config).toEqual(model.config);
    expect(Array.from(again.samplingOrder())).toEqual([2, 1, 3, 0]);
    model.dispose();
    again.dispose();
  });
});
