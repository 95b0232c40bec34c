import { applyAdjustments, type Mask } from "@easel/shared/adjust";
import type { AdjustParams } from "@easel/shared/protocol";
import type { RasterImage } from "../../engines/types.js";
import { readRaster } from "../../imaging/raster-io.js";
import type { Candidate } from "../../pipeline/candidate.js";
import type { AdjustPlan } from "../../pipeline/plan-types.js";
import type { RunContext } from "../../pipeline/run-context.js";

/** RGBA bytes of a 1-, 3- or 4-channel raster (opaque where it had no alpha). */
export function toRgba(image: RasterImage): Uint8Array {
  const n = image.width * image.height;
  const c = image.channels;
  if (c === 4) return image.data;
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const o = i * c;
    out[i * 4] = image.data[o] as number;
    out[i * 4 + 1] = image.data[c === 1 ? o : o + 1] as number;
    out[i * 4 + 2] = image.data[c === 1 ? o : o + 2] as number;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** A mask image's selection, one byte per pixel: luminance times alpha, as the plugins' masks mean it. */
export function toMask(image: RasterImage): Mask {
  const rgba = toRgba(image);
  const n = image.width * image.height;
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    const y = 0.2126 * (rgba[o] as number) + 0.7152 * (rgba[o + 1] as number) + 0.0722 * (rgba[o + 2] as number);
    data[i] = Math.round((y * (rgba[o + 3] as number)) / 255);
  }
  return { width: image.width, height: image.height, data };
}

/** Applies adjustments to a raster inside a mask: RGB out, and alpha when the input had one (untouched). */
export function runAdjustPixels(
  source: RasterImage,
  mask: Mask | null,
  settings: AdjustParams,
): { rgb: Uint8Array; alpha: RasterImage | null } {
  const { width, height } = source;
  const out = applyAdjustments({ width, height, data: toRgba(source) }, settings, mask);
  const n = width * height;
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) rgb.set(out.subarray(i * 4, i * 4 + 3), i * 3);
  let alpha: RasterImage | null = null;
  if (source.channels === 4) {
    const a = new Uint8Array(n);
    for (let i = 0; i < n; i++) a[i] = out[i * 4 + 3] as number;
    alpha = { data: a, width, height, channels: 1 };
  }
  return { rgb, alpha };
}

/** Applies the plan's adjustments (adjust's engine stage): the shared maths the plugins preview with. */
export async function runAdjust(plan: AdjustPlan, context: RunContext): Promise<Candidate[]> {
  const source = await readRaster(context.inputPath(plan.input.assetId));
  const mask = plan.mask ? toMask(await readRaster(context.inputPath(plan.mask.assetId))) : null;
  context.progress("engine.adjust", 0, 1);
  const { rgb, alpha } = runAdjustPixels(source, mask, plan.settings);
  context.progress("engine.adjust", 1, 1);
  return [
    {
      image: { data: rgb, width: source.width, height: source.height, channels: 3 },
      alpha,
      placement: plan.placement,
      label: plan.label,
      seed: null,
      scores: {},
    },
  ];
}
