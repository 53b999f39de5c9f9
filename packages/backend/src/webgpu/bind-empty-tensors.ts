import type { TensorInfo } from '@tensorflow/tfjs-core';

interface GpuBufferLike {
  readonly size: number;
}

/** The parts of tfjs-backend-webgpu 4.22's WebGPUBackend that binding an empty input touches. */
export interface EmptyBindingBackend {
  device: { createBuffer(descriptor: { size: number; usage: number }): GpuBufferLike };
  tensorToBinding(tensor?: TensorInfo): unknown;
}

function gpuBufferUsage(name: string): number {
  const value = (globalThis as unknown as { GPUBufferUsage?: Record<string, number> }).GPUBufferUsage?.[name];
  if (typeof value !== 'number') throw new Error(`GPUBufferUsage.${name} is not defined: load the webgpu package's globals first`);
  return value;
}

/**
 * Lets tfjs-backend-webgpu run a program one of whose inputs has no elements. It binds every input's
 * buffer, and WebGPU rejects a zero-sized binding ("Binding size ... is zero"), which invalidates
 * the whole command buffer: the up to 15 dispatches TF.js batches into it never run and their
 * outputs keep stale memory. That happened in Gated PixelCNN sampling, whose vertical stack
 * convolves an empty row slice with explicit padding (cpu: zeros). Empty inputs are bound to one
 * shared 16-byte zero buffer instead; their shapes still say they are empty, so the shaders read
 * only padding, and WebGPU's robust buffer access keeps any other read inside that buffer.
 */
export function bindEmptyTensorsToStandIn(backend: EmptyBindingBackend): void {
  const stock = backend.tensorToBinding.bind(backend);
  let standIn: GpuBufferLike | undefined;
  backend.tensorToBinding = (tensor?: TensorInfo): unknown => {
    const binding = stock(tensor);
    const buffer = (binding as { buffer?: GpuBufferLike } | null)?.buffer;
    if (buffer === undefined || buffer.size !== 0) return binding;
    standIn ??= backend.device.createBuffer({
      size: 16,
      usage: gpuBufferUsage('STORAGE') | gpuBufferUsage('COPY_SRC') | gpuBufferUsage('COPY_DST'),
    });
    return { buffer: standIn };
  };
}
