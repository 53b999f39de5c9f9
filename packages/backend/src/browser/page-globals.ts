/**
 * The few browser globals the browser loaders read, typed structurally so that the package keeps
 * compiling without the DOM library (its Node side must not see DOM types).
 */
export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}
export interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  isFallbackAdapter?: boolean;
}
export interface NavigatorLike {
  gpu?: { requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null> };
  hardwareConcurrency?: number;
}
export interface WebglContextLike {
  getExtension(name: string): unknown;
  getParameter(parameter: number): unknown;
}
export interface CanvasLike {
  getContext(kind: 'webgl2' | 'webgl'): WebglContextLike | null;
}
export interface PageGlobals {
  navigator?: NavigatorLike;
  crossOriginIsolated?: boolean;
  isSecureContext?: boolean;
  SharedArrayBuffer?: unknown;
  OffscreenCanvas?: new (width: number, height: number) => CanvasLike;
  document?: { createElement(tag: 'canvas'): CanvasLike };
}

/** The page's globals (in a worker or Node some are simply absent). */
export function pageGlobals(): PageGlobals {
  return globalThis as unknown as PageGlobals;
}
