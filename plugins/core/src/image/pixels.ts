/** 8-bit RGBA pixels, row-major, 4 bytes per pixel, sRGB unless stated otherwise. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** 8-bit single-channel pixels (masks, selections): 255 = selected / revealed. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A pixel rectangle; `right`/`bottom` exclusive (px). */
export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Converts interleaved 8-bit pixels with 1–4 components to RGBA (no alpha → opaque). */
export function toRgba(data: ArrayLike<number>, width: number, height: number, components: number): RgbaImage {
  const pixels = width * height;
  if (data.length !== pixels * components) {
    throw new Error(`expected ${pixels * components} values for ${width}x${height}x${components}, got ${data.length}`);
  }
  const out = new Uint8Array(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    const i = p * components;
    const o = p * 4;
    if (components >= 3) {
      out[o] = data[i] as number;
      out[o + 1] = data[i + 1] as number;
      out[o + 2] = data[i + 2] as number;
      out[o + 3] = components === 4 ? (data[i + 3] as number) : 255;
    } else {
      const v = data[i] as number;
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
      out[o + 3] = components === 2 ? (data[i + 1] as number) : 255;
    }
  }
  return { width, height, data: out };
}

/** True when no pixel of the mask is selected. */
export function isEmptyMask(mask: GrayImage): boolean {
  return mask.data.every((v) => v === 0);
}

/** Copies `src` into a `width`x`height` gray canvas at (`left`, `top`), clipping at the edges. */
export function placeGray(src: GrayImage, width: number, height: number, left: number, top: number): GrayImage {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < src.height; y++) {
    const ty = y + top;
    if (ty < 0 || ty >= height) continue;
    for (let x = 0; x < src.width; x++) {
      const tx = x + left;
      if (tx < 0 || tx >= width) continue;
      out[ty * width + tx] = src.data[y * src.width + x] as number;
    }
  }
  return { width, height, data: out };
}

/** Width and height of a rectangle (px). */
export const rectSize = (r: Rect) => ({ width: r.right - r.left, height: r.bottom - r.top });

/** The intersection of two rectangles (empty when they do not overlap). */
export function intersect(a: Rect, b: Rect): Rect {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  return {
    left,
    top,
    right: Math.max(left, Math.min(a.right, b.right)),
    bottom: Math.max(top, Math.min(a.bottom, b.bottom)),
  };
}
