import type { GrayImage, RgbaImage } from "./pixels.js";

// Area-average (box) resampling: every source pixel contributes by the fraction of it each target
// pixel covers, so downscaling does not alias. Upscaling a mask back uses the same code (each
// target pixel then samples one source pixel). Pure JS: no canvas in UXP or Figma's main thread.

function resample(src: Uint8Array, sw: number, sh: number, channels: number, tw: number, th: number): Uint8Array {
  const out = new Uint8Array(tw * th * channels);
  const sx = sw / tw;
  const sy = sh / th;
  const acc = new Float64Array(channels);
  for (let ty = 0; ty < th; ty++) {
    const y0 = ty * sy;
    const y1 = y0 + sy;
    for (let tx = 0; tx < tw; tx++) {
      const x0 = tx * sx;
      const x1 = x0 + sx;
      acc.fill(0);
      let total = 0;
      for (let y = Math.floor(y0); y < Math.min(sh, Math.ceil(y1)); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(sw, Math.ceil(x1)); x++) {
          const w = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
          const i = (y * sw + x) * channels;
          for (let c = 0; c < channels; c++) acc[c] = (acc[c] as number) + w * (src[i + c] as number);
          total += w;
        }
      }
      const o = (ty * tw + tx) * channels;
      for (let c = 0; c < channels; c++) out[o + c] = Math.round((acc[c] as number) / total);
    }
  }
  return out;
}

/** Resizes RGBA pixels to `width`x`height` (px) by area averaging. */
export function resizeRgba(image: RgbaImage, width: number, height: number): RgbaImage {
  if (image.width === width && image.height === height) return image;
  return { width, height, data: resample(image.data, image.width, image.height, 4, width, height) };
}

/** Resizes a mask to `width`x`height` (px) by area averaging (edges stay soft, never jagged). */
export function resizeGray(image: GrayImage, width: number, height: number): GrayImage {
  if (image.width === width && image.height === height) return image;
  return { width, height, data: resample(image.data, image.width, image.height, 1, width, height) };
}
