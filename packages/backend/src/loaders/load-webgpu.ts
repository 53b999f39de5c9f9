import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../backend-name.js';
import { registerCpuFixes } from '../kernels/cpu/register-cpu-fixes.js';
import { captureDawnEventCallbacks } from '../webgpu/dawn-event-pump.js';
import { prepareWebgpuBackend } from '../webgpu/prepare-webgpu-backend.js';
import { importOptional, type LoaderOptions } from './loader.js';

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}
interface WebgpuPackage {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

/**
 * On Linux Dawn reaches GPUs only through the Vulkan loader. Without libvulkan.so.1 there can be
 * no adapter, and loading Dawn would only print its own warning, so the check comes first.
 */
function hasVulkanLoader(): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib'];
  if (dirs.some((dir) => existsSync(path.join(dir, 'libvulkan.so.1')))) return true;
  try {
    return readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1');
  } catch {
    return false;
  }
}

/**
 * Linux exposes every GPU that a Vulkan driver can drive as a device node: /dev/dri/renderD* (Mesa
 * and AMD/Intel drivers), /dev/nvidia* (NVIDIA's driver), /dev/dxg (WSL 2). Without one only a
 * software adapter can exist, so the automatic order skips webgpu without starting Dawn (which
 * would print its own warnings).
 */
function hasGpuDeviceNode(): boolean {
  if (process.platform !== 'linux') return true;
  const list = (dir: string): string[] => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  return list('/dev/dri').some((f) => f.startsWith('renderD')) || list('/dev').some((f) => /^nvidia\d+$/.test(f) || f === 'dxg');
}

/** Makes `navigator.gpu` answer with Dawn's GPU object (Node 20 has no navigator; Node 21+ has one without gpu). */
function provideNavigatorGpu(gpu: GpuLike): void {
  const host = globalThis as { navigator?: object };
  if (host.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else {
    Object.defineProperty(host.navigator, 'gpu', { value: gpu, configurable: true });
  }
}

/**
 * TF.js's WebGPU backend in Node through the `webgpu` npm package (Dawn, the binary ships in the
 * npm tarball). `@tensorflow/tfjs-backend-webgpu` registers itself only when `navigator.gpu`
 * exists at the moment its module loads, so the adapter is found and `navigator.gpu` provided
 * first; prepareWebgpuBackend then fixes what differs from the cpu backend in Node (dataSync,
 * CPU forwarding, empty inputs, AddN). Machines without a GPU (or without a Vulkan driver Dawn
 * accepts) report 'no adapter'. A software adapter (Mesa's lavapipe, SwiftShader: Dawn's fallback
 * adapters) is slower than the wasm paths, so it is taken only when the caller names webgpu.
 */
export async function loadWebgpu(options: Pick<LoaderOptions, 'explicit'>): Promise<BackendChoice> {
  const webgpu = await importOptional<WebgpuPackage>('webgpu', ' (optional peer for GPU machines: npm i webgpu @tensorflow/tfjs-backend-webgpu)');
  if (!hasVulkanLoader()) throw new Error('no adapter: no Vulkan loader (libvulkan.so.1) on this machine, so Dawn can reach no GPU');
  if (!options.explicit && !hasGpuDeviceNode()) {
    throw new Error('no adapter: no GPU device node (/dev/dri/renderD*, /dev/nvidia*, /dev/dxg); GENMODELS_BACKEND=webgpu tries a software adapter');
  }
  captureDawnEventCallbacks(); // before Dawn schedules anything: synchronous reads need its event callback
  const gpu = webgpu.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) throw new Error('no adapter: Dawn found no GPU with a usable Vulkan/Metal/D3D12 driver');
  const info = adapter.info ?? {};
  const described = [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(' ') || 'unnamed';
  if (info.isFallbackAdapter === true && !options.explicit) {
    throw new Error(`no adapter: only a software one (${described}), slower than wasm; GENMODELS_BACKEND=webgpu uses it anyway`);
  }
  Object.assign(globalThis, webgpu.globals); // GPUBufferUsage, GPUMapMode, GPUShaderStage, ...
  provideNavigatorGpu(gpu);
  await importOptional<unknown>('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('the webgpu backend failed to initialise');
  const prepared = prepareWebgpuBackend();
  // The cpu backend stays registered beside it (tfjs-backend-webgpu depends on it): correct it too.
  await import('@tensorflow/tfjs-backend-cpu');
  registerCpuFixes();
  return {
    name: 'webgpu',
    tfBackend: tf.getBackend(),
    threads: 1,
    details: [
      `WebGPU adapter: ${described}${info.isFallbackAdapter === true ? ' (software)' : ''} (Dawn via the webgpu npm package)`,
      prepared,
    ],
  };
}
