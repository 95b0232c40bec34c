import type { RasterImage } from "../engines/types.js";
import { readRaster, resizeRaster, splitAlpha } from "../imaging/raster-io.js";
import type { Candidate } from "./candidate.js";
import type { UpscalePlan } from "./plan-types.js";
import { type RunContext, stageContext } from "./run-context.js";
import { blendStrips, cropRows, planStrips, type StripSpan } from "./upscale-strips.js";

/** Upscales one horizontal strip of the input (rows with overlap), for a job split across workers. */
export async function upscaleStrip(
  plan: UpscalePlan,
  part: { index: number; count: number },
  context: RunContext,
): Promise<{ span: StripSpan; image: RasterImage }> {
  const upscaler = await context.engines.upscaler(plan.engine);
  const { rgb } = splitAlpha(await readRaster(context.inputPath(plan.input.assetId)));
  const span = planStrips(rgb.height, part.count)[part.index];
  if (!span) throw new Error(`strip ${part.index} of ${part.count} does not exist`);
  const image = await upscaler.upscale(
    cropRows(rgb, span.y0, span.y1),
    { scale: plan.scale },
    stageContext(context, "engine.upscale"),
  );
  return { span, image };
}

/** Upscales the input by the plan's factor (or blends strips other workers made), then resizes exactly. */
export async function runUpscale(plan: UpscalePlan, context: RunContext): Promise<Candidate[]> {
  const source = await readRaster(context.inputPath(plan.input.assetId));
  // Engines see RGB only; alpha is resized separately so every engine preserves transparency alike.
  const { rgb, alpha } = splitAlpha(source);
  const upscaled = context.strips
    ? blendStrips(context.strips, plan.scale)
    : await (await context.engines.upscaler(plan.engine)).upscale(
        rgb,
        { scale: plan.scale },
        stageContext(context, "engine.upscale"),
      );
  const { width, height } = plan.output;
  const finalRgb = await resizeRaster(upscaled, width, height);
  const finalAlpha = alpha ? await resizeRaster(alpha, width, height) : null;
  return [{ image: finalRgb, alpha: finalAlpha, placement: plan.placement, label: plan.label, seed: null, scores: {} }];
}
