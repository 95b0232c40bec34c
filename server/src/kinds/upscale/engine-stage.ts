import { readRaster, resizeRaster, splitAlpha } from "../../imaging/raster-io.js";
import type { Candidate } from "../../pipeline/candidate.js";
import type { UpscalePlan } from "../../pipeline/plan-types.js";
import { type RunContext, stageContext } from "../../pipeline/run-context.js";
import { blendStrips, type StripSpan } from "../../pipeline/upscale-strips.js";

/** Upscales the input by the plan's factor (or blends the strips other threads made), then resizes exactly. */
export async function runUpscale(plan: UpscalePlan, context: RunContext): Promise<Candidate[]> {
  const source = await readRaster(context.inputPath(plan.input.assetId));
  // Engines see RGB only; alpha is resized separately so every engine preserves transparency alike.
  const { rgb, alpha } = splitAlpha(source);
  // Split across threads (split.ts): the strips other threads made are blended instead.
  const upscaled = context.parts
    ? blendStrips(
        context.parts.map((p) => ({ span: p.meta as unknown as StripSpan, image: p.image })),
        plan.scale,
      )
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
