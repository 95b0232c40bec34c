import { DEFAULT_BORDER_PAD, DEFAULT_OVERLAP } from "../esrgan/esrgan-descriptor.js";
import { ESRGAN_MODELS, type EsrganTier } from "../esrgan/esrgan-models.js";
import type { TilingOptions } from "../esrgan/tiling.js";
import type { EngineDescriptor } from "../types.js";

/**
 * Default tile side per tier on ONNX Runtime (input px). Time per tile pixel on one core is nearly flat in the
 * tile size (measured, best: 60.5 µs at 64 px, 60.8 at 128, 64.1 at 192, 65.6 at 256), so the choice trades the
 * overlap re-computed around each tile, (T / (T - 12))², against how long one tile holds up progress and
 * cancellation. Cost per useful pixel, best: 91.6 µs at 64, 74.0 at 128, 72.9 at 192, 72.1 at 256: 128 px is
 * within 3% of the flattest point with ~1 s per tile on one core. fast and balanced cost 8-15x less per pixel and
 * whole 1024² images x4 took the same time at any tile size (fast 0.0049-0.0053 ms per input px from 192 to
 * 512 px tiles, balanced 0.0099-0.0101 from 128 to 384), so they take big tiles (fewer, still under 1 s each).
 */
export const ONNX_TILE_SIZE: Readonly<Record<EsrganTier, number>> = { fast: 384, balanced: 256, best: 128 };

/**
 * Whole-image cost per input pixel on one core (ms), tiling overlap included, measured with the default tiles
 * on 1024x1024 inputs x4 (best: 60.8 µs per tile px x 1.25 tile px per image px); the planner's automatic tier
 * choice reads it as `limits.msPerInputPixel`. TF.js wasm, for comparison: 0.013, 0.034, 0.31.
 */
export const ONNX_MS_PER_INPUT_PIXEL: Readonly<Record<EsrganTier, number>> = {
  fast: 0.005,
  balanced: 0.01,
  best: 0.075,
};

/** The same for the int8 variant of best (ms), measured likewise. */
export const ONNX_INT8_MS_PER_INPUT_PIXEL_BEST = 0.03;

/** The static facts of one tier running on onnxruntime-node (no ORT import: the main thread lists it). */
export function onnxEsrganDescriptor(
  tier: EsrganTier,
  tiling: TilingOptions,
  borderPad: number,
  precision: "fp32" | "int8" = "fp32",
): EngineDescriptor {
  const spec = ESRGAN_MODELS[tier];
  const msPerInputPixel = precision === "int8" ? ONNX_INT8_MS_PER_INPUT_PIXEL_BEST : ONNX_MS_PER_INPUT_PIXEL[tier];
  return {
    name: `esrgan-${tier}`,
    capability: "upscale",
    // Tiled: a large image split in strips across free threads finishes sooner.
    splits: true,
    description:
      `ESRGAN ${spec.packageName.replace("@upscalerjs/esrgan-", "")} (${spec.network}; ${spec.packageName}@1.0.0, MIT) ` +
      `converted to ONNX${precision === "int8" ? " with int8 convolutions" : ""} and run on onnxruntime-node (CPU), ` +
      `${tiling.tileSize} px tiles with ${tiling.overlap} px feathered overlap, ~${msPerInputPixel} ms per input px on one core` +
      (tier === "best" ? "; the only ESRGAN tier that clearly beats bicubic on photos" : ""),
    limits: {
      scales: spec.scales.map(String),
      tileSize: tiling.tileSize,
      overlap: tiling.overlap,
      borderPad,
      package: spec.packageName,
      runtime: "onnxruntime-node",
      precision,
      alpha: "RGB through the model; alpha resized with lanczos3",
      msPerInputPixel,
    },
  };
}

/** A tier's ONNX descriptor with its default tiling. */
export function defaultOnnxEsrganDescriptor(tier: EsrganTier): EngineDescriptor {
  return onnxEsrganDescriptor(tier, { tileSize: ONNX_TILE_SIZE[tier], overlap: DEFAULT_OVERLAP }, DEFAULT_BORDER_PAD);
}
