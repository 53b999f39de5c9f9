/**
 * Literature reference figures for the quality mode, printed beside the project's own and
 * labelled with the paper they come from. Speed has no fixed reference: `--compare pytorch`
 * measures the PyTorch implementation on the same machine in the same invocation instead.
 */
export interface ReferenceFigure {
  task: string;
  metric: string;
  value: number;
  unit: string;
  source: string;
}

export const REFERENCES: readonly ReferenceFigure[] = [
  { task: 'vae-mlp', metric: 'iwae:mnist', value: 87, unit: 'nats', source: 'literature: Burda et al. 2016 (IWAE), K = 50 model, stochastically binarized MNIST' },
  { task: 'realnvp', metric: 'bpd:mnist', value: 1.06, unit: 'bits/dim', source: 'literature: RealNVP (Dinh et al. 2017) on dequantized MNIST, as tabulated by Grathwohl et al. 2019 (FFJORD, Table 2)' },
  { task: 'realnvp', metric: 'bpd:mnist', value: 1.05, unit: 'bits/dim', source: 'literature: Glow (Kingma & Dhariwal 2018) on dequantized MNIST, as tabulated by Grathwohl et al. 2019 (FFJORD, Table 2)' },
  { task: 'realnvp', metric: 'bpd:mnist', value: 1.89, unit: 'bits/dim', source: 'literature: MAF (Papamakarios et al. 2017) on dequantized MNIST, a different network and protocol: compare with care' },
  { task: 'pixelcnn', metric: 'nll:mnist', value: 81.3, unit: 'nats', source: 'literature: van den Oord et al. 2016 (PixelRNN paper, PixelCNN row), stochastically binarized MNIST' },
  { task: 'nade', metric: 'nll:mnist', value: 88.9, unit: 'nats', source: 'literature: Larochelle & Murray 2011 (NADE, H = 500), stochastically binarized MNIST' },
  { task: 'made', metric: 'nll:mnist', value: 86.6, unit: 'nats', source: 'literature: Germain et al. 2015 (MADE, 32 masks), stochastically binarized MNIST' },
];

export function referencesFor(task: string): readonly ReferenceFigure[] {
  return REFERENCES.filter((r) => r.task === task);
}
