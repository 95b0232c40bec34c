import type { RasterImage } from "../types.js";

/** An image scaled to fit a square and centred on black, and where it went (px in the square). */
export interface Letterboxed {
  /** RGB, `size` x `size`. */
  data: Uint8Array;
  scale: number;
  padX: number;
  padY: number;
}

/**
 * Fits an image (RGB or RGBA) into a `size` square keeping its aspect ratio, by area averaging (box filter over
 * the source pixels each target pixel covers), so a detector sees the whole picture undistorted.
 */
export function letterbox(image: RasterImage, size: number): Letterboxed {
  const scale = size / Math.max(image.width, image.height);
  const w = Math.max(1, Math.round(image.width * scale));
  const h = Math.max(1, Math.round(image.height * scale));
  const padX = Math.floor((size - w) / 2);
  const padY = Math.floor((size - h) / 2);
  const data = new Uint8Array(size * size * 3);
  const c = image.channels;
  for (let ty = 0; ty < h; ty++) {
    const sy0 = Math.floor(ty / scale);
    const sy1 = Math.min(image.height, Math.max(sy0 + 1, Math.floor((ty + 1) / scale)));
    for (let tx = 0; tx < w; tx++) {
      const sx0 = Math.floor(tx / scale);
      const sx1 = Math.min(image.width, Math.max(sx0 + 1, Math.floor((tx + 1) / scale)));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = sy0; sy < sy1; sy++) {
        for (let sx = sx0; sx < sx1; sx++) {
          const o = (sy * image.width + sx) * c;
          r += image.data[o] as number;
          g += image.data[c === 1 ? o : o + 1] as number;
          b += image.data[c === 1 ? o : o + 2] as number;
        }
      }
      const n = (sy1 - sy0) * (sx1 - sx0);
      const t = ((ty + padY) * size + tx + padX) * 3;
      data[t] = r / n;
      data[t + 1] = g / n;
      data[t + 2] = b / n;
    }
  }
  return { data, scale, padX, padY };
}
