import { genmodelsVitestConfig } from '@genmodels/vitest-config';

/**
 * The family conformance suites (core-nn/testing) run here on webgpu, from their own files (paths
 * from the repository root); only their conformance tests run, the rest of each file stays on cpu.
 * CI runs one model per family, chosen to exercise what had to be fixed, within its budget of
 * 8 minutes on 2 cores; GENMODELS_WEBGPU_SUITES=all (tooling/scripts/gpu-check.sh) runs every
 * model of every conformance file.
 */
const CI_SUITES: Record<string, string> = {
  'packages/vae/src/vae.test.ts': 'conv-vae (Bernoulli)', // convolutions and their transposes
  'packages/autoregressive/src/conformance.test.ts': 'Gated PixelCNN (class-conditional)', // empty inputs, embedding gradients
  'packages/gan/src/gan.conformance.test.ts': 'wgan-gp (DCGAN, layer norm, spectral norm)', // second-order gradients
  'packages/flow/src/glow.test.ts': 'Glow (2-D points)', // LU 1x1 and ActNorm; CPU forwarding broke its seeded samples
  'packages/score-diffusion/src/ddpm.test.ts': 'DDPM (tiny UNet, 8x8)', // group norm, upsampling, attention
};
const ALL_FILES = [
  ...Object.keys(CI_SUITES),
  'packages/vae/src/cvae.test.ts',
  'packages/vae/src/autoencoder.test.ts',
  'packages/flow/src/real-nvp.test.ts',
  'packages/flow/src/maf.test.ts',
  'packages/score-diffusion/src/ncsn.test.ts',
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const all = process.env.GENMODELS_WEBGPU_SUITES === 'all';
const models = all ? '[^>]*' : `(?:${Object.values(CI_SUITES).map(escape).join('|')})`;

export default genmodelsVitestConfig({
  testBackend: 'webgpu',
  dir: '../..',
  include: ['tooling/webgpu-test/src/**/*.test.ts', ...(all ? ALL_FILES : Object.keys(CI_SUITES))],
  // This package's own tests all run; a conformance file contributes only the chosen models.
  testNamePattern: new RegExp(`${models}: GenerativeModel v1 conformance|on webgpu|host-read counter`),
  testTimeout: 300_000,
});
