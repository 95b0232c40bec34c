/** Interleaved 8-bit RGBA pixels, row-major, as canvas `ImageData` and sharp's raw output hold them. */
export interface RgbaImage {
  width: number; // px
  height: number; // px
  data: Uint8Array | Uint8ClampedArray;
}

/** One 8-bit channel per pixel, white (255) = selected. */
export interface Mask {
  width: number; // px
  height: number; // px
  data: Uint8Array | Uint8ClampedArray;
}

/** A mask from an RGBA image (a mask PNG, a canvas): its luminance, times its alpha. */
export function maskFromRgba(image: RgbaImage): Mask {
  const n = image.width * image.height;
  const out = new Uint8Array(n);
  const d = image.data;
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    // Rec. 709 luma weights on the encoded values: a grey mask keeps its exact bytes.
    const y = 0.2126 * (d[o] as number) + 0.7152 * (d[o + 1] as number) + 0.0722 * (d[o + 2] as number);
    out[i] = Math.round((y * (d[o + 3] as number)) / 255);
  }
  return { width: image.width, height: image.height, data: out };
}
