import { inflateSync } from 'node:zlib';

/**
 * Two faults in how pdfkit's PNG decoder (png-js) reads the pixels of a transparent,
 * indexed-transparent or interlaced PNG, fixed where it does it (`decodePixels`). It is a
 * fix, not a speed-up, so it is installed even with BRIEFSMITH_STOCK_RENDER=1.
 *
 * - png-js inflates the pixels asynchronously and pdfkit writes the image (and makes its
 *   soft mask, an object number) when they arrive: with two such images of similar size
 *   the order they finish in, and so the PDF's bytes, changed from run to run. The pixels
 *   are now handed over in the order they were asked for.
 * - png-js throws from its callback when the data is not zlib: an image from the input's
 *   folder could end the whole process. The data is now inflated once more as the image is
 *   drawn (the callback cannot be guarded from outside), so the render fails with the
 *   reason instead; images are few, and small next to a page of text.
 */
export function decodePngsInOrder(png: PngDecoder): void {
  if (decoders.has(png)) return;
  decoders.add(png);
  const own = png.decodePixels;
  /** Images whose pixels were asked for and not yet handed over, in the order asked. */
  const waiting: { deliver?: () => void }[] = [];
  png.decodePixels = function (this: PngDecoder & { imgData: Uint8Array }, use) {
    try {
      inflateSync(this.imgData);
    } catch (error) {
      throw new Error(`a PNG image's pixel data is damaged (${(error as Error).message})`);
    }
    const turn: { deliver?: () => void } = {};
    waiting.push(turn);
    own.call(this, (pixels: Buffer) => {
      turn.deliver = () => use(pixels);
      while (waiting[0]?.deliver) waiting.shift()!.deliver!();
    });
  };
}

/** The part of png-js's PNG class pdfkit uses to read pixels. */
export interface PngDecoder {
  decodePixels(use: (pixels: Buffer) => void): void;
}

const decoders = new WeakSet<object>();

/** A 1 × 1 transparent PNG, to reach png-js's class through pdfkit's `openImage`. */
export const PROBE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII=',
  'base64',
);
