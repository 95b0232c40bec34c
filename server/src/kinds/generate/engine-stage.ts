import type { RasterImage } from "../../engines/types.js";
import { readRaster, resizeRaster, splitAlpha } from "../../imaging/raster-io.js";
import { type Candidate, candidateLabel } from "../../pipeline/candidate.js";
import type { GeneratePlan } from "../../pipeline/plan-types.js";
import type { RunContext } from "../../pipeline/run-context.js";

/** Text-to-image or image-to-image with a diffusion backend, one output per seed, with live previews (the brand grade, when the kit asks, is the `brand.grade` stage after this one). */
export async function runGenerate(plan: GeneratePlan, context: RunContext): Promise<Candidate[]> {
  const generator = await context.engines.generator(plan.engine, plan.modelDir);
  let source: RasterImage | null = null;
  if (plan.input) {
    const { rgb } = splitAlpha(await readRaster(context.inputPath(plan.input.assetId)));
    source = await resizeRaster(rgb, plan.width, plan.height);
  }
  const outputs: Candidate[] = [];
  const candidates = plan.seeds.length;
  for (const [index, seed] of plan.seeds.entries()) {
    const options = {
      prompt: plan.prompt,
      ...(plan.negativePrompt === null ? {} : { negativePrompt: plan.negativePrompt }),
      width: plan.width,
      height: plan.height,
      steps: plan.steps,
      guidance: plan.guidance,
      seed,
    };
    const engineContext = {
      signal: context.signal,
      progress: (step: number, total: number, preview?: Uint8Array) =>
        context.progress(
          "engine.generate",
          index * total + step,
          candidates * total,
          preview ? `data:image/png;base64,${Buffer.from(preview).toString("base64")}` : undefined,
        ),
    };
    const image = source
      ? await generator.vary(source, { ...options, strength: plan.strength }, engineContext)
      : await generator.generate(options, engineContext);
    // img2img keeps the source's own size: the plugin places the layer exactly over it.
    const final = plan.input ? await resizeRaster(image, plan.input.width, plan.input.height) : image;
    const candidate: Candidate = {
      image: final,
      alpha: null,
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
