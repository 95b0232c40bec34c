/**
 * Full-reference image quality: PSNR and SSIM between a result and its ground truth of the same size.
 * Used by upscaler tests and the `upscale-quality` benchmark.
 */
import type { RasterImage } from "./raster.js";

const PEAK = 255; // largest 8-bit value, L in both formulas

function checkSameSize(a: RasterImage, b: RasterImage): void {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels) {
    throw new RangeError(
      `images must have the same size and channels: got ${a.width}x${a.height}x${a.channels} and ${b.width}x${b.height}x${b.channels}`,
    );
  }
  for (const [name, image] of [["first", a] as const, ["second", b] as const]) {
    if (image.data.length !== image.width * image.height * image.channels) {
      throw new RangeError(
        `${name} image data must hold ${image.width * image.height * image.channels} bytes, got ${image.data.length}`,
      );
    }
  }
}

/** Mean squared error over the colour channels (RGB of RGB/RGBA, the grey of grey; alpha is ignored). */
export function meanSquaredError(a: RasterImage, b: RasterImage): number {
  checkSameSize(a, b);
  const colours = a.channels === 1 ? 1 : 3;
  let sum = 0;
  for (let p = 0; p < a.width * a.height; p++) {
    for (let c = 0; c < colours; c++) {
      const i = p * a.channels + c;
      const d = (a.data[i] as number) - (b.data[i] as number);
      sum += d * d;
    }
  }
  return sum / (a.width * a.height * colours);
}

/** Peak signal-to-noise ratio in dB on RGB 0..255: 10·log10(255² / MSE); `Infinity` for identical images. */
export function psnr(a: RasterImage, b: RasterImage): number {
  const mse = meanSquaredError(a, b);
  return mse === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((PEAK * PEAK) / mse);
}

/** BT.601 luma (0.299 R + 0.587 G + 0.114 B, as MATLAB `rgb2gray`), unrounded; grey images as they are. */
function luma(image: RasterImage): Float64Array {
  const n = image.width * image.height;
  const y = new Float64Array(n);
  const { data, channels } = image;
  for (let p = 0; p < n; p++) {
    y[p] =
      channels === 1
        ? (data[p] as number)
        : 0.299 * (data[p * channels] as number) +
          0.587 * (data[p * channels + 1] as number) +
          0.114 * (data[p * channels + 2] as number);
  }
  return y;
}

/** The 11-tap Gaussian (σ = 1.5 px), normalised to sum 1: one axis of Wang et al.'s separable window. */
function gaussianTaps(size = 11, sigma = 1.5): Float64Array {
  const taps = new Float64Array(size);
  const mid = (size - 1) / 2;
  let sum = 0;
  for (let i = 0; i < size; i++) {
    taps[i] = Math.exp(-((i - mid) ** 2) / (2 * sigma * sigma));
    sum += taps[i] as number;
  }
  return taps.map((t) => t / sum);
}

/** 'valid' separable filtering of a width x height plane: output (width-n+1) x (height-n+1). */
function filterValid(plane: Float64Array, width: number, height: number, taps: Float64Array): Float64Array {
  const n = taps.length;
  const ow = width - n + 1;
  const oh = height - n + 1;
  const rows = new Float64Array(ow * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += (taps[k] as number) * (plane[y * width + x + k] as number);
      rows[y * ow + x] = s;
    }
  }
  const out = new Float64Array(ow * oh);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += (taps[k] as number) * (rows[(y + k) * ow + x] as number);
      out[y * ow + x] = s;
    }
  }
  return out;
}

/**
 * Mean SSIM on luma, as Wang, Bovik, Sheikh & Simoncelli, "Image quality assessment: from error visibility to
 * structural similarity", IEEE TIP 13(4), 2004, and their reference `ssim_index.m`: 11x11 Gaussian window
 * (σ = 1.5), K1 = 0.01, K2 = 0.03, L = 255, statistics over 'valid' window positions only, no downsampling.
 * 1 for identical images; needs both sides >= 11 px.
 */
export function ssim(a: RasterImage, b: RasterImage): number {
  checkSameSize(a, b);
  const { width, height } = a;
  const taps = gaussianTaps();
  if (width < taps.length || height < taps.length) {
    throw new RangeError(`SSIM needs images of at least ${taps.length}x${taps.length} px, got ${width}x${height}`);
  }
  const x = luma(a);
  const y = luma(b);
  const n = width * height;
  const xx = new Float64Array(n);
  const yy = new Float64Array(n);
  const xy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    const yi = y[i] as number;
    xx[i] = xi * xi;
    yy[i] = yi * yi;
    xy[i] = xi * yi;
  }
  const [muX, muY, eXX, eYY, eXY] = [x, y, xx, yy, xy].map((plane) => filterValid(plane, width, height, taps)) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const c1 = (0.01 * PEAK) ** 2;
  const c2 = (0.03 * PEAK) ** 2;
  let total = 0;
  for (let i = 0; i < muX.length; i++) {
    const mx = muX[i] as number;
    const my = muY[i] as number;
    const varX = (eXX[i] as number) - mx * mx;
    const varY = (eYY[i] as number) - my * my;
    const cov = (eXY[i] as number) - mx * my;
    total += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (varX + varY + c2));
  }
  return total / muX.length;
}
