import type { RasterImage } from "./raster.js";

/** Bad mask input; the HTTP layer maps it to a 400 problem naming `field`. */
export class MaskError extends Error {
  readonly field = "mask";
  override name = "MaskError";
}

/** An axis-aligned rectangle in pixel coordinates (px); `x`/`y` is the top-left pixel. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Luminance threshold (0..255) at or above which a mask pixel means "regenerate". */
const ON = 128;

/**
 * Turns a mask as uploaded (grey, RGB or RGBA PNG) into a one-channel 0/255 mask.
 * Rule: luminance Y = 0.299 R + 0.587 G + 0.114 B (BT.601, integer maths), and for RGBA the pixel is
 * first flattened onto black (Y × alpha / 255), so white strokes on a transparent layer select only
 * the strokes, and an opaque black-and-white mask works as is. A pixel is on when the result is ≥ 128.
 */
export function binariseMask(mask: RasterImage): RasterImage {
  const { width, height, channels, data } = mask;
  const n = width * height;
  const out = new Uint8Array(n);
  for (let i = 0, p = 0; i < n; i++, p += channels) out[i] = maskPixelOn(data, p, channels) ? 255 : 0;
  return { data: out, width, height, channels: 1 };
}

/** Whether the mask pixel at byte offset `p` is on, by binariseMask's rule (pure red, luminance 76, is off). */
export function maskPixelOn(data: Uint8Array, p: number, channels: number): boolean {
  let y1000: number; // luminance × 1000
  if (channels === 1) y1000 = (data[p] as number) * 1000;
  else y1000 = 299 * (data[p] as number) + 587 * (data[p + 1] as number) + 114 * (data[p + 2] as number);
  if (channels === 4) y1000 = (y1000 * (data[p + 3] as number)) / 255;
  return y1000 >= ON * 1000;
}

/**
 * Whether any pixel in [`from`, `to`) (pixel indices) of a mask as uploaded is on, by binariseMask's rule:
 * job creation uses it to refuse a mask that selects nothing, in slices that keep the event loop free.
 */
export function maskSelectsAny(mask: RasterImage, from = 0, to = mask.width * mask.height): boolean {
  const { channels, data } = mask;
  for (let i = from, p = from * channels; i < to; i++, p += channels) if (maskPixelOn(data, p, channels)) return true;
  return false;
}

/** Checks a mask against its image and returns it binarised; throws `MaskError` when it cannot be used. */
export function validateMask(image: RasterImage, mask: RasterImage): RasterImage {
  if (mask.width !== image.width || mask.height !== image.height) {
    throw new MaskError(
      `\`mask\` must be the same size as \`image\` (${image.width}x${image.height}), got ${mask.width}x${mask.height}`,
    );
  }
  const binary = binariseMask(mask);
  if (!binary.data.includes(255)) throw new MaskError("`mask` is empty: paint the area to regenerate in white");
  return binary;
}

/** The smallest rectangle holding every non-zero pixel of a one-channel mask, or undefined when there is none. */
export function maskBounds(mask: RasterImage): PixelRect | undefined {
  const { width, height, data } = oneChannel(mask);
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (data[row + x] === 0) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  return x1 < 0 ? undefined : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * Euclidean distance (px) from every pixel to the nearest pixel where `isSource(value)` holds
 * (Felzenszwalb & Huttenlocher 2012, exact and O(n)); Infinity when no pixel qualifies.
 * Only pixels inside the image count: the image border is not a source.
 */
export function maskDistance(mask: RasterImage, to: "masked" | "unmasked"): Float32Array {
  const { width, height, data } = oneChannel(mask);
  const far = 1e20; // stands in for Infinity so the envelope arithmetic never yields NaN
  const sq = new Float64Array(width * height);
  for (let i = 0; i < sq.length; i++) sq[i] = (data[i] !== 0) === (to === "masked") ? 0 : far;
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = sq[y * width + x] as number;
    envelope1d(f, height, d, v, z);
    for (let y = 0; y < height; y++) sq[y * width + x] = d[y] as number;
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) f[x] = sq[row + x] as number;
    envelope1d(f, width, d, v, z);
    for (let x = 0; x < width; x++) {
      const s = d[x] as number;
      out[row + x] = s >= far / 2 ? Number.POSITIVE_INFINITY : Math.sqrt(s);
    }
  }
  return out;
}

/** Lower envelope of parabolas: d[q] = min_p (q - p)² + f[p] over p < n. */
function envelope1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = Number.NEGATIVE_INFINITY;
  z[1] = Number.POSITIVE_INFINITY;
  for (let q = 1; q < n; q++) {
    const fq = (f[q] as number) + q * q;
    let p = v[k] as number;
    let s = (fq - ((f[p] as number) + p * p)) / (2 * (q - p));
    while (s <= (z[k] as number)) {
      k--;
      p = v[k] as number;
      s = (fq - ((f[p] as number) + p * p)) / (2 * (q - p));
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Number.POSITIVE_INFINITY;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while ((z[k + 1] as number) < q) k++;
    const p = v[k] as number;
    d[q] = (q - p) * (q - p) + (f[p] as number);
  }
}

/** Dilates a one-channel mask by a disc of radius `px` (Euclidean). */
export function growMask(mask: RasterImage, px: number): RasterImage {
  if (px <= 0) return binariseMask(oneChannel(mask));
  // Every masked pixel lies inside the bounds, so distances measured within bounds + px are exact.
  return nearBounds(mask, Math.ceil(px) + 1, (region) => {
    const dist = maskDistance(region, "masked");
    return (i) => (dist[i] as number) <= px;
  });
}

/** Erodes a one-channel mask by a disc of radius `px` (Euclidean); the image border does not erode it. */
export function erodeMask(mask: RasterImage, px: number): RasterImage {
  if (px <= 0) return binariseMask(oneChannel(mask));
  return nearBounds(mask, 1, (region) => {
    const dist = maskDistance(region, "unmasked");
    return (i) => (dist[i] as number) > px;
  });
}

/**
 * Largest distance (px) from a set pixel to the nearest unset one: half the thickness of the mask at
 * its widest. 0 for an empty mask, Infinity when every pixel is set.
 */
export function maskDepth(mask: RasterImage): number {
  let depth = 0;
  nearBounds(mask, 1, (region) => {
    const dist = maskDistance(region, "unmasked");
    for (let i = 0; i < dist.length; i++)
      if (region.data[i] !== 0 && (dist[i] as number) > depth) depth = dist[i] as number;
    return () => false;
  });
  return depth;
}

/**
 * Evaluates a per-pixel rule only within `pad` px of the mask's bounds (a 1 px pad is always unset,
 * so distances to unset pixels measured inside it are exact too): work follows the mask, not the image.
 */
function nearBounds(
  mask: RasterImage,
  pad: number,
  rule: (region: RasterImage) => (i: number) => boolean,
): RasterImage {
  const { width, height, data } = oneChannel(mask);
  const out = new Uint8Array(width * height);
  const bounds = maskBounds(mask);
  if (!bounds) return { data: out, width, height, channels: 1 };
  const x0 = Math.max(0, bounds.x - pad);
  const y0 = Math.max(0, bounds.y - pad);
  const w = Math.min(width, bounds.x + bounds.width + pad) - x0;
  const h = Math.min(height, bounds.y + bounds.height + pad) - y0;
  const region = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) region.set(data.subarray((y0 + y) * width + x0, (y0 + y) * width + x0 + w), y * w);
  const on = rule({ data: region, width: w, height: h, channels: 1 });
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) if (on(y * w + x)) out[(y0 + y) * width + x0 + x] = 255;
  }
  return { data: out, width, height, channels: 1 };
}

/**
 * Softens mask edges by `px` with two box blurs whose radii add up to `px` (a tent-like kernel):
 * the result is 0 farther than `px` outside the mask and 255 farther than `px` inside it.
 */
export function featherMask(mask: RasterImage, px: number): RasterImage {
  const src = oneChannel(mask);
  const r = Math.max(0, Math.round(px));
  if (r === 0) return { ...src, data: src.data.slice() };
  const { width, height } = src;
  let buf: Float32Array = Float32Array.from(src.data);
  for (const radius of [Math.ceil(r / 2), Math.floor(r / 2)]) {
    if (radius === 0) continue;
    buf = boxBlur1d(buf, width, height, radius, true);
    buf = boxBlur1d(buf, width, height, radius, false);
  }
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(buf[i] as number);
  return { data: out, width, height, channels: 1 };
}

/** Mean over a (2 radius + 1) window along rows or columns; samples outside the image repeat the edge. */
function boxBlur1d(src: Float32Array, width: number, height: number, radius: number, rows: boolean): Float32Array {
  const out = new Float32Array(src.length);
  const lines = rows ? height : width;
  const len = rows ? width : height;
  const step = rows ? 1 : width;
  const norm = 1 / (2 * radius + 1);
  for (let line = 0; line < lines; line++) {
    const base = rows ? line * width : line;
    const at = (i: number) => src[base + Math.min(len - 1, Math.max(0, i)) * step] as number;
    let sum = 0;
    for (let i = -radius; i <= radius; i++) sum += at(i);
    for (let i = 0; i < len; i++) {
      out[base + i * step] = sum * norm;
      sum += at(i + radius + 1) - at(i - radius);
    }
  }
  return out;
}

/**
 * The region an engine should look at around a hole: `bounds` grown on each side by
 * `ratio` × its longer side (at least `minMargin` px), clamped to the image.
 */
export function contextCrop(
  bounds: PixelRect,
  imageWidth: number,
  imageHeight: number,
  ratio = 0.75,
  minMargin = 32,
): PixelRect {
  const margin = Math.max(minMargin, Math.round(ratio * Math.max(bounds.width, bounds.height)));
  const x0 = Math.max(0, bounds.x - margin);
  const y0 = Math.max(0, bounds.y - margin);
  const x1 = Math.min(imageWidth, bounds.x + bounds.width + margin);
  const y1 = Math.min(imageHeight, bounds.y + bounds.height + margin);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Blends `generated` over `original` by a one-channel 0..255 mask: 0 copies the original bytes
 * exactly, 255 takes the generated ones, values between mix linearly (rounded to nearest).
 */
export function compositeOver(original: RasterImage, generated: RasterImage, blendMask: RasterImage): RasterImage {
  const { width, height, channels } = original;
  if (generated.width !== width || generated.height !== height || generated.channels !== channels) {
    throw new Error(
      `compositeOver: generated image is ${generated.width}x${generated.height}x${generated.channels}, expected ${width}x${height}x${channels}`,
    );
  }
  const blend = oneChannel(blendMask);
  if (blend.width !== width || blend.height !== height) {
    throw new MaskError(
      `\`mask\` must be the same size as \`image\` (${width}x${height}), got ${blend.width}x${blend.height}`,
    );
  }
  const out = original.data.slice();
  const o = original.data;
  const g = generated.data;
  for (let i = 0, p = 0; i < width * height; i++, p += channels) {
    const a = blend.data[i] as number;
    if (a === 0) continue;
    for (let c = 0; c < channels; c++) {
      // (g·a + o·(255 − a) + 127) / 255 keeps o exactly where g === o.
      out[p + c] =
        a === 255
          ? (g[p + c] as number)
          : (((g[p + c] as number) * a + (o[p + c] as number) * (255 - a) + 127) / 255) | 0;
    }
  }
  return { data: out, width, height, channels };
}

function oneChannel(mask: RasterImage): RasterImage {
  if (mask.channels !== 1) throw new Error(`expected a one-channel mask, got ${mask.channels} channels`);
  return mask;
}
