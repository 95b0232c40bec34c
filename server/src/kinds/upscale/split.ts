import { readRaster, splitAlpha } from "../../imaging/raster-io.js";
import type { UpscalePlan } from "../../pipeline/plan-types.js";
import { stageContext } from "../../pipeline/run-context.js";
import type { SplitCapability } from "../../pipeline/split.js";
import { cropRows, planStrips } from "../../pipeline/upscale-strips.js";

/** Strips at most: the job's own thread and up to three free ones. */
const MAX_STRIPS = 4;

/**
 * Upscales split by horizontal strips (strips.ts), one per free thread, blended back on the job's thread
 * by the engine stage. Engines that are not worth splitting (a plain resampler) say so on their descriptor.
 */
export const upscaleSplit: SplitCapability<UpscalePlan> = {
  parts(plan, threads) {
    if (plan.engineFacts?.splits !== true) return 1;
    // Small images split into fewer strips (each needs room for its overlap).
    return planStrips(plan.input.height, Math.min(MAX_STRIPS, threads)).length;
  },
  async runPart(plan, part, context) {
    const upscaler = await context.engines.upscaler(plan.engine);
    const { rgb } = splitAlpha(await readRaster(context.inputPath(plan.input.assetId)));
    const span = planStrips(rgb.height, part.count)[part.index];
    if (!span) throw new Error(`strip ${part.index} of ${part.count} does not exist`);
    const image = await upscaler.upscale(
      cropRows(rgb, span.y0, span.y1),
      { scale: plan.scale },
      stageContext(context, "engine.upscale"),
    );
    return { meta: { ...span }, image };
  },
};
