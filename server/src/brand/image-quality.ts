/**
 * No-reference image quality for ranking candidates: sharpness, exposure and noise from the luma
 * plane, each mapped to 0..1 (1 = good) and combined into `score`.
 *
 * Analysis scale: images whose longer side exceeds 1024 px are first box-averaged by an integer
 * factor to at most 1024 px, so candidates of different sizes compare fairly and a 2048² image
 * costs ~30–45 ms. Luma is BT.601 on the 8-bit sRGB values (Y' = 0.299 R' + 0.587 G' + 0.114 B').
 *
 * - Noise: J. Immerkær, "Fast noise variance estimation", Computer Vision and Image Understanding
 *   64(2):300–302, 1996: σ = √(π/2) · mean|I ∗ N| / 6 with N = [1 −2 1; −2 4 −2; 1 −2 1], a mask
 *   that cancels locally linear structure. Texture and edges still leak into it (forest-stream.png,
 *   clean but textured, reads σ 8.0 over all pixels), so — as Tai & Yang (ICALIP 2008) do — the mean
 *   is taken only over the flatter half of the pixels (Sobel |gx| + |gy| at most its median): that
 *   reads 6.1 there, 0.5–1.7 on the other fixtures, and still recovers added Gaussian noise of σ 8
 *   as 8.1–8.7 (10.6 on forest-stream).
 * - Sharpness: variance of the 4-neighbour Laplacian (Pech-Pacheco et al., ICPR 2000). White noise
 *   of variance σ² adds 20·σ² to it (the kernel's squared weights sum to 20), so that much is
 *   subtracted: noise must not pass for detail.
 * - Exposure: shares of clipped shadows (luma ≤ 4) and highlights (luma ≥ 251), and the mean luma.
 *   Blown highlights cost twice as much as crushed shadows: a black backdrop is often deliberate.
 * The scale constants were set on the fixture photos: the sharp originals score ≥ 0.6 sharpness,
 * a 1.5 px Gaussian blur ≤ 0.4.
 */
import type { RasterImage } from "../engines/types.js";

/** Longest side (px) the measurements run at. */
export const ANALYSIS_SIDE = 1024;
/** Sharpness score 1 − e^(−v / SHARPNESS_SCALE) for a signal Laplacian variance v (luma levels²). */
const SHARPNESS_SCALE = 150;
/** Noise score e^(−(σ / NOISE_SCALE)²) for an estimated σ (luma levels). */
const NOISE_SCALE = 6;
const SHADOW_CLIP = 4; // luma levels
const HIGHLIGHT_CLIP = 251; // luma levels
/** Best mean luma (levels), and the spread (levels) of the Gaussian penalty around it. */
const MID_LUMA = 118;
const MID_SPREAD = 90;
/** Exposure score lost per unit share of clipped pixels. */
const SHADOW_PENALTY = 2;
const HIGHLIGHT_PENALTY = 4;

export interface QualityWeights {
  sharpness: number;
  exposure: number;
  noise: number;
}

export const DEFAULT_QUALITY_WEIGHTS: QualityWeights = { sharpness: 0.4, exposure: 0.3, noise: 0.3 };

export interface ImageQuality {
  /** Weighted mean of the three component scores, 0..1. */
  score: number;
  sharpness: { laplacianVariance: number; score: number };
  exposure: { meanLuma: number; clippedShadows: number; clippedHighlights: number; score: number };
  noise: { sigma: number; score: number };
}

interface Plane {
  y: Float32Array;
  width: number;
  height: number;
}

/** Smallest analysis plane (px a side) the 3×3 filters below can run on. */
const MIN_PLANE_SIDE = 3;

/** The integer box-averaging factor an image is measured at, and the plane it gives (px). */
function analysisPlane(width: number, height: number): { factor: number; width: number; height: number } {
  const factor = Math.max(1, Math.ceil(Math.max(width, height) / ANALYSIS_SIDE));
  return { factor, width: Math.floor(width / factor), height: Math.floor(height / factor) };
}

/**
 * The size limit an image of `width`x`height` px breaks, in words, or null when it can be measured: its
 * analysis plane must be at least 3×3 px, so every side at least 3 px and, past 1024 px, the short side at
 * least 3 px per started 1024 px of the long side. Every output is scored, so the planner refuses (at job
 * creation) a request whose result breaks this, with the same words measureImageQuality would throw.
 */
export function qualitySizeLimit(width: number, height: number): string | null {
  const plane = analysisPlane(width, height);
  if (plane.width >= MIN_PLANE_SIDE && plane.height >= MIN_PLANE_SIDE) return null;
  const long = Math.max(width, height);
  return plane.factor === 1
    ? `at least ${MIN_PLANE_SIDE}x${MIN_PLANE_SIDE} px`
    : `at least ${MIN_PLANE_SIDE * plane.factor} px on the short side when the long side is ${long} px (${MIN_PLANE_SIDE} px per ${ANALYSIS_SIDE} px)`;
}

/** Luma, box-averaged by the smallest integer factor that brings the longer side to ≤ ANALYSIS_SIDE. */
function lumaPlane(image: RasterImage): Plane {
  const { data, channels, width, height } = image;
  const { factor: f, width: w, height: h } = analysisPlane(width, height);
  const y = new Float32Array(w * h);
  const rowStride = width * channels;
  for (let row = 0; row < h * f; row++) {
    const out = Math.floor(row / f) * w;
    let i = row * rowStride;
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let k = 0; k < f; k++, i += channels) {
        acc +=
          channels === 1
            ? (data[i] as number)
            : 0.299 * (data[i] as number) + 0.587 * (data[i + 1] as number) + 0.114 * (data[i + 2] as number);
      }
      y[out + x] = (y[out + x] as number) + acc;
    }
  }
  if (f > 1) for (let p = 0; p < y.length; p++) y[p] = (y[p] as number) / (f * f);
  return { y, width: w, height: h };
}

/** Immerkær σ over the flatter half of the interior, and the Laplacian variance over all of it. */
function filters({ y, width: w, height: h }: Plane): { sigma: number; laplacianVariance: number } {
  const interior = (w - 2) * (h - 2);
  const response = new Float32Array(interior);
  const gradient = new Uint16Array(interior);
  const gradientCounts = new Uint32Array(4 * 255 * 2 + 1);
  let lapSum = 0;
  let lapSq = 0;
  for (let row = 1, k = 0; row < h - 1; row++) {
    for (let i = row * w + 1, end = row * w + w - 1; i < end; i++, k++) {
      const n = y[i - w] as number;
      const s = y[i + w] as number;
      const e = y[i + 1] as number;
      const west = y[i - 1] as number;
      const c = y[i] as number;
      const nw = y[i - w - 1] as number;
      const ne = y[i - w + 1] as number;
      const sw = y[i + w - 1] as number;
      const se = y[i + w + 1] as number;
      const lap = n + s + e + west - 4 * c;
      lapSum += lap;
      lapSq += lap * lap;
      response[k] = Math.abs(nw + ne + sw + se - 2 * (n + s + e + west) + 4 * c);
      const gx = ne + 2 * e + se - (nw + 2 * west + sw);
      const gy = sw + 2 * s + se - (nw + 2 * n + ne);
      const g = Math.round(Math.abs(gx) + Math.abs(gy));
      gradient[k] = g;
      gradientCounts[g] = (gradientCounts[g] as number) + 1;
    }
  }
  let median = 0;
  for (let seen = 0; median < gradientCounts.length; median++) {
    seen += gradientCounts[median] as number;
    if (seen * 2 >= interior) break;
  }
  let sum = 0;
  let count = 0;
  for (let k = 0; k < interior; k++) {
    if ((gradient[k] as number) <= median) {
      sum += response[k] as number;
      count++;
    }
  }
  return {
    sigma: (Math.sqrt(Math.PI / 2) * sum) / (6 * Math.max(1, count)),
    laplacianVariance: lapSq / interior - (lapSum / interior) ** 2,
  };
}

/** Measures sharpness, exposure and noise of an 8-bit grey, RGB or RGBA image (alpha ignored; see qualitySizeLimit). */
export function measureImageQuality(
  image: RasterImage,
  weights: QualityWeights = DEFAULT_QUALITY_WEIGHTS,
): ImageQuality {
  const limit = qualitySizeLimit(image.width, image.height);
  if (limit) throw new RangeError(`image quality needs ${limit}, got ${image.width}x${image.height}`);
  const plane = lumaPlane(image);
  const total = weights.sharpness + weights.exposure + weights.noise;
  if (!(total > 0)) throw new RangeError("quality weights must not all be zero");
  const { y } = plane;
  let lumaSum = 0;
  let shadows = 0;
  let highlights = 0;
  for (let p = 0; p < y.length; p++) {
    const v = y[p] as number;
    lumaSum += v;
    if (v <= SHADOW_CLIP) shadows++;
    else if (v >= HIGHLIGHT_CLIP) highlights++;
  }
  const { sigma, laplacianVariance } = filters(plane);
  const meanLuma = lumaSum / y.length;
  const clippedShadows = shadows / y.length;
  const clippedHighlights = highlights / y.length;

  const sharpnessScore = 1 - Math.exp(-Math.max(0, laplacianVariance - 20 * sigma * sigma) / SHARPNESS_SCALE);
  const noiseScore = Math.exp(-((sigma / NOISE_SCALE) ** 2));
  const clipScore = Math.max(0, 1 - SHADOW_PENALTY * clippedShadows - HIGHLIGHT_PENALTY * clippedHighlights);
  const exposureScore = clipScore * Math.exp(-(((meanLuma - MID_LUMA) / MID_SPREAD) ** 2));
  return {
    score: (weights.sharpness * sharpnessScore + weights.exposure * exposureScore + weights.noise * noiseScore) / total,
    sharpness: { laplacianVariance, score: sharpnessScore },
    exposure: { meanLuma, clippedShadows, clippedHighlights, score: exposureScore },
    noise: { sigma, score: noiseScore },
  };
}
