import { inpaintRegion } from "../../engines/inpaint/inpaint-region.js";
import type { Generator, Inpainter, RasterImage } from "../../engines/types.js";
import { buildOutpaintCanvas, type OutpaintLayout } from "../../imaging/outpaint-canvas.js";
import { readRaster, splitAlpha } from "../../imaging/raster-io.js";
import { type Candidate, candidateLabel } from "../../pipeline/candidate.js";
import type { GenerativeFill, InpaintPlan, OutpaintPlan } from "../../pipeline/plan-types.js";

/** A diffusion engine seen as an inpainter: it fills the mask from the plan's prompt, at the image's size. */
function asInpainter(generator: Generator, fill: GenerativeFill): Inpainter {
  return {
    descriptor: generator.descriptor,
    inpaint: (image, mask, options, context) =>
      generator.inpaint(
        image,
        mask,
        { ...fill, width: image.width, height: image.height, seed: options.seed ?? 0 },
        context,
      ),
  };
}

import { type RunContext, stageContext } from "../../pipeline/run-context.js";
import { facesToProtect, maskWithoutFaces, restoreFaces, selectsAny } from "./protect-faces.js";

/**
 * Inpaint and outpaint: builds the image and mask to fill (for outpaint, the extended canvas whose
 * new area is the mask), then fills once per seed. Pixels outside the grown mask stay bit-identical.
 */
export async function runFill(plan: InpaintPlan | OutpaintPlan, context: RunContext): Promise<Candidate[]> {
  const inpainter = plan.generative
    ? asInpainter(await context.engines.generator(plan.engine), plan.generative)
    : await context.engines.inpainter(plan.engine);
  const { rgb, alpha } = splitAlpha(await readRaster(context.inputPath(plan.input.assetId)));
  let image: RasterImage;
  let mask: RasterImage;
  let outAlpha: RasterImage | null;
  if (plan.kind === "inpaint") {
    image = rgb;
    mask = await readRaster(context.inputPath(plan.mask.assetId));
    outAlpha = alpha;
  } else {
    const { extend, width, height } = plan.canvas;
    const layout: OutpaintLayout = {
      width,
      height,
      extend,
      placement: { x: extend.left, y: extend.top, width: rgb.width, height: rgb.height },
    };
    ({ image, mask } = buildOutpaintCanvas(rgb, layout));
    // The new area continues the edge's transparency, like its colour.
    outAlpha = alpha ? buildOutpaintCanvas(alpha, layout).image : null;
  }

  // Faces the designer asked to keep: out of the hole before filling, and restored byte for byte after.
  const faces = plan.protectFaces
    ? await facesToProtect(image, context.engines.select, stageContext(context, "engine.inpaint"))
    : null;
  if (faces) mask = maskWithoutFaces(mask, faces);
  const holeLeft = !faces || selectsAny(mask);

  const outputs: Candidate[] = [];
  const candidates = plan.seeds.length;
  for (const [index, seed] of plan.seeds.entries()) {
    const filled = !holeLeft
      ? image
      : await inpaintRegion(
          inpainter,
          image,
          mask,
          {
            grow: plan.grow,
            feather: plan.feather,
            seed,
            ...(plan.method && plan.method !== "auto" ? { method: plan.method } : {}),
          },
          {
            signal: context.signal,
            // One progress scale across all candidates.
            progress: (step, total) => context.progress("engine.inpaint", index * total + step, candidates * total),
          },
        );
    const candidate: Candidate = {
      image: faces ? restoreFaces(filled, image, faces) : filled,
      alpha: outAlpha,
      placement: plan.placement,
      label: candidateLabel(plan.label, index, candidates),
      seed,
      scores: {},
    };
    outputs.push(candidate);
    // Decided on, signed, stored and announced before the next one is made (pipeline/run-stages.ts).
    await context.made?.(candidate);
  }
  return outputs;
}
