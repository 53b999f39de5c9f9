/**
 * Reference figures printed beside our own. PyTorch figures were measured on this machine kind
 * (AMD EPYC, 2 cores, PyTorch 1.13 CPU with OpenBLAS, 2 threads) with the bench-spec networks;
 * literature figures come from the papers named.
 */
export interface ReferenceFigure {
  task: string;
  metric: string;
  value: number;
  unit: string;
  source: string;
}

export const REFERENCES: readonly ReferenceFigure[] = [
  { task: 'vae-mlp', metric: 'train', value: 8000, unit: 'samples/s', source: 'PyTorch 1.13 CPU, 2 threads, this machine kind' },
  { task: 'vae-mlp', metric: 'neg-elbo:fashion-mnist', value: 124.3, unit: 'nats', source: 'PyTorch, 5 min budget, binarized Fashion-MNIST test' },
  { task: 'vae-mlp', metric: 'iwae:fashion-mnist', value: 115.9, unit: 'nats', source: 'PyTorch, 5 min budget, K = 5000, 1000 test images' },
  { task: 'vae-mlp', metric: 'iwae:mnist', value: 87, unit: 'nats', source: 'Burda et al. 2016 (IWAE), K = 50 model, stochastically binarized MNIST' },
  { task: 'realnvp', metric: 'train', value: 88, unit: 'samples/s', source: 'PyTorch CPU, 2 threads, this machine kind (issue 8)' },
  { task: 'realnvp', metric: 'bpd:mnist', value: 1.06, unit: 'bits/dim', source: 'RealNVP (Dinh et al. 2017) on dequantized MNIST, as tabulated by Grathwohl et al. 2019 (FFJORD, Table 2)' },
  { task: 'realnvp', metric: 'bpd:mnist', value: 1.05, unit: 'bits/dim', source: 'Glow (Kingma & Dhariwal 2018) on dequantized MNIST, as tabulated by Grathwohl et al. 2019 (FFJORD, Table 2)' },
  { task: 'realnvp', metric: 'bpd:mnist', value: 1.89, unit: 'bits/dim', source: 'MAF (Papamakarios et al. 2017) on dequantized MNIST, a different network and protocol: compare with care' },
  { task: 'dcgan', metric: 'train', value: 300, unit: 'samples/s', source: 'PyTorch CPU, 2 threads, this machine kind (issue 7)' },
  { task: 'pixelcnn', metric: 'train', value: 144, unit: 'samples/s', source: 'PyTorch CPU, 2 threads, this machine kind (issue 3)' },
  { task: 'pixelcnn', metric: 'nll:fashion-mnist', value: 111, unit: 'nats', source: 'PyTorch, bench-spec network, 5 min budget, binarized Fashion-MNIST test (issue 5)' },
  { task: 'pixelcnn', metric: 'nll:mnist', value: 81.3, unit: 'nats', source: 'van den Oord et al. 2016 (PixelRNN paper, PixelCNN row), stochastically binarized MNIST' },
  { task: 'nade', metric: 'nll:mnist', value: 88.9, unit: 'nats', source: 'Larochelle & Murray 2011 (NADE, H = 500), stochastically binarized MNIST' },
  { task: 'made', metric: 'nll:mnist', value: 86.6, unit: 'nats', source: 'Germain et al. 2015 (MADE, 32 masks), stochastically binarized MNIST' },
  { task: 'ddpm', metric: 'train', value: 155, unit: 'samples/s', source: 'PyTorch CPU, 2 threads, this machine kind (issue 9)' },
  { task: 'ddpm', metric: 'sample', value: 0.39, unit: 'images/s', source: 'PyTorch CPU, 2 threads, 1000-step ancestral sampling, batch 64 (issue 9)' },
  { task: 'ddpm-ddim50', metric: 'train', value: 155, unit: 'samples/s', source: 'PyTorch CPU, 2 threads, this machine kind (issue 9; the ddpm training step)' },
  { task: 'ddpm-ddim50', metric: 'sample', value: 8.3, unit: 'images/s', source: 'PyTorch CPU, 2 threads, DDIM 50 steps, batch 64 (issue 9)' },
  { task: 'ncsn', metric: 'train', value: 137, unit: 'samples/s', source: 'PyTorch CPU, 2 threads, this machine kind (issue 9)' },
];

export function referencesFor(task: string): readonly ReferenceFigure[] {
  return REFERENCES.filter((r) => r.task === task);
}
