import type { EngineDescriptor } from "../types.js";
import type { EsrganModelSpec, EsrganTier } from "./esrgan-models.js";
import { ESRGAN_MODELS } from "./esrgan-models.js";
import type { TilingOptions } from "./tiling.js";

/**
 * Overlap between tiles (input px), measured on 80x80 photo crops x4 against running each as one tile:
 * the largest pixel difference is 3-4 levels at 12 px (PSNR 58-63 dB) for all three tiers, 6-7 at 8 px,
 * 12-20 at 4 px and ~100 with no overlap (a visible seam).
 */
export const DEFAULT_OVERLAP = 12;

/**
 * Mirrored context added around the image before the model (input px), measured on flat and photo inputs:
 * 8 px removes the dark frame zero padding leaves (4 px still leaves ±4 levels) and lifts PSNR on whole photos
 * by ~0.02 dB; it costs (W+16)(H+16)/(WH) more pixels: 1.08x at 512x340, 1.33x at 128x85. See border-padding.ts.
 */
export const DEFAULT_BORDER_PAD = 8;

/** Cost of one input pixel on one core with the wasm backend (ms), measured at 64-128 px tiles; for descriptions. */
export const MS_PER_INPUT_PIXEL: Record<EsrganTier, number> = { fast: 0.013, balanced: 0.034, best: 0.31 };

/** The static facts of one tier (no TF.js import, so the main thread can list it). */
export function esrganDescriptor(spec: EsrganModelSpec, tiling: TilingOptions, borderPad: number): EngineDescriptor {
  return {
    name: `esrgan-${spec.tier}`,
    capability: "upscale",
    // Tiled: a large image split in strips across free threads finishes sooner.
    splits: true,
    description:
      `ESRGAN ${spec.packageName.replace("@upscalerjs/esrgan-", "")} (${spec.network}; ${spec.packageName}@1.0.0, MIT) on TF.js wasm, ` +
      `${tiling.tileSize} px tiles with ${tiling.overlap} px feathered overlap, ~${MS_PER_INPUT_PIXEL[spec.tier]} ms per input px on one core` +
      (spec.tier === "best" ? "; the only ESRGAN tier that clearly beats bicubic on photos" : ""),
    limits: {
      scales: spec.scales.map(String),
      tileSize: tiling.tileSize,
      overlap: tiling.overlap,
      borderPad,
      package: spec.packageName,
      alpha: "RGB through the model; alpha resized with lanczos3",
      msPerInputPixel: MS_PER_INPUT_PIXEL[spec.tier],
    },
  };
}

/** A tier's descriptor with its default tiling, as the catalog lists it. */
export function defaultEsrganDescriptor(tier: EsrganTier): EngineDescriptor {
  const spec = ESRGAN_MODELS[tier];
  return esrganDescriptor(spec, { tileSize: spec.tileSize, overlap: DEFAULT_OVERLAP }, DEFAULT_BORDER_PAD);
}
