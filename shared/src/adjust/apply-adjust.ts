import type { AdjustParams } from "../protocol/adjust-params.js";
import { gaussianish } from "./box-blur.js";
import { hexToLab, labToLinear, linearToLab, linearToSrgb8, SRGB8_TO_LINEAR } from "./colour.js";
import { maskWeights } from "./mask-weights.js";
import type { Mask, RgbaImage } from "./raster.js";
import { planRecolor, recolorPixel } from "./recolor.js";
import { chromaFactor, clarity, clarityRadius, contrast, highlights, shadows } from "./tone.js";
import { whiteBalanceGains } from "./white-balance.js";

/** The adjustment settings, every field present (the protocol's `AdjustParams` after parsing). */
export type AdjustSettings = Omit<AdjustParams, "recolor"> & { recolor?: AdjustParams["recolor"] };

/** Whether the settings change any pixel at all. */
export function isIdentity(p: AdjustSettings): boolean {
  return (
    p.exposure === 0 &&
    p.contrast === 0 &&
    p.highlights === 0 &&
    p.shadows === 0 &&
    p.saturation === 0 &&
    p.vibrance === 0 &&
    p.temperature === 6500 &&
    p.tint === 0 &&
    p.clarity === 0 &&
    (!p.recolor || p.recolor.strength === 0)
  );
}

/**
 * Applies `settings` to an RGBA image, limited to `mask` (white = adjust; null: everywhere). Pure: the input is
 * not changed. Composition is exact: a pixel whose feathered mask weight is 0 keeps its bytes, alpha is never
 * touched. The server's `adjust` kind and the plugins' live preview run this same function.
 */
export function applyAdjustments(image: RgbaImage, settings: AdjustSettings, mask: Mask | null = null): Uint8Array {
  const { width, height, data } = image;
  const n = width * height;
  if (data.length !== n * 4) throw new RangeError(`image data must hold ${n * 4} bytes (RGBA), got ${data.length}`);
  if (mask && (mask.width !== width || mask.height !== height || mask.data.length !== n)) {
    throw new RangeError(
      `mask must be the same size as the image (${width}x${height}), got ${mask.width}x${mask.height}`,
    );
  }
  const out = new Uint8Array(data);
  const weights = mask ? maskWeights(mask, settings.feather, settings.invertMask) : null;
  if (isIdentity(settings)) return out;

  // 1. Linear light: white balance and exposure as gains. 2. CIELAB planes.
  const [gr, gg, gb] = whiteBalanceGains(settings.temperature, settings.tint, settings.exposure);
  const L = new Float64Array(n);
  const A = new Float64Array(n);
  const B = new Float64Array(n);
  const lab: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    linearToLab(
      gr * (SRGB8_TO_LINEAR[data[o] as number] as number),
      gg * (SRGB8_TO_LINEAR[data[o + 1] as number] as number),
      gb * (SRGB8_TO_LINEAR[data[o + 2] as number] as number),
      lab,
    );
    L[i] = lab[0];
    A[i] = lab[1];
    B[i] = lab[2];
  }

  // 3. Tone on L*, 4. chroma on a*/b*.
  const c = settings.contrast / 100;
  const h = settings.highlights / 100;
  const s = settings.shadows / 100;
  const k = settings.clarity / 100;
  const blurred = k !== 0 ? gaussianish(L, width, height, clarityRadius(width, height)) : null;
  const sat = settings.saturation / 100;
  const vib = settings.vibrance / 100;
  for (let i = 0; i < n; i++) {
    let l = L[i] as number;
    if (blurred) l = clarity(l, blurred[i] as number, k);
    l = shadows(highlights(contrast(l, c), h), s);
    L[i] = Math.min(100, Math.max(0, l));
    if (sat !== 0 || vib !== 0) {
      const f = chromaFactor(Math.hypot(A[i] as number, B[i] as number), sat, vib);
      A[i] = (A[i] as number) * f;
      B[i] = (B[i] as number) * f;
    }
  }

  // 5. Recolor, from the region's mean after the other adjustments.
  const recolor =
    settings.recolor && settings.recolor.strength > 0
      ? planRecolor(L, A, B, weights, hexToLab(settings.recolor.colour), settings.recolor.strength / 100)
      : null;

  // 6. Back to sRGB bytes, composed by weight; weight 0 keeps the input's bytes.
  const rgb: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const w = weights ? (weights[i] as number) : 1;
    if (w === 0) continue;
    lab[0] = L[i] as number;
    lab[1] = A[i] as number;
    lab[2] = B[i] as number;
    if (recolor) recolorPixel(lab, recolor);
    labToLinear(lab[0], lab[1], lab[2], rgb);
    const o = i * 4;
    for (let ch = 0; ch < 3; ch++) {
      const before = data[o + ch] as number;
      out[o + ch] = Math.round(before + w * (linearToSrgb8(rgb[ch] as number) - before));
    }
  }
  return out;
}
