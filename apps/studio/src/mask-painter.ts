/** A canvas at image resolution on which the user paints the region to fill (red = unknown). */
export class MaskPainter {
  private painting = false;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly brush = 2) {
    canvas.addEventListener('pointerdown', (event) => {
      this.painting = true;
      canvas.setPointerCapture(event.pointerId);
      this.paintAt(event);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (this.painting) this.paintAt(event);
    });
    const stop = (): void => {
      this.painting = false;
    };
    canvas.addEventListener('pointerup', stop);
    canvas.addEventListener('pointercancel', stop);
  }

  /** Sets the image size and clears the mask. */
  reset(width: number, height: number): void {
    this.canvas.width = width;
    this.canvas.height = height;
    this.canvas.getContext('2d')!.clearRect(0, 0, width, height);
  }

  private paintAt(event: PointerEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    const x = Math.floor(((event.clientX - rect.left) / rect.width) * this.canvas.width);
    const y = Math.floor(((event.clientY - rect.top) / rect.height) * this.canvas.height);
    const context = this.canvas.getContext('2d')!;
    context.fillStyle = 'rgb(255, 0, 0)';
    context.fillRect(x - this.brush, y - this.brush, 2 * this.brush + 1, 2 * this.brush + 1);
  }

  /** The known-pixel mask [h * w]: 1 where nothing was painted, 0 where the model should fill. */
  knownMask(): Float32Array {
    const { width, height } = this.canvas;
    const alpha = this.canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    const mask = new Float32Array(width * height);
    for (let p = 0; p < width * height; p++) mask[p] = alpha[p * 4 + 3]! > 0 ? 0 : 1;
    return mask;
  }
}
