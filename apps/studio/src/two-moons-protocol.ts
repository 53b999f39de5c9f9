/** Messages and the density grid shared by the two-moons view and its worker. */
export const GRID = 64;
/** The rectangle of the plane the density is drawn on (two-moons lies within it): x0, x1, y0, y1. */
export const EXTENT: readonly [number, number, number, number] = [-1.6, 2.6, -1.1, 1.6];

export type MoonsRequest = { type: 'start'; steps: number; backend?: string } | { type: 'stop' };
export type MoonsResponse =
  | { type: 'started'; backend: string }
  | { type: 'progress'; step: number; loss: number; density: Float32Array }
  | { type: 'done'; step: number; reason: string }
  | { type: 'error'; message: string };
