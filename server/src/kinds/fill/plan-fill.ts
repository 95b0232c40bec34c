import type { JobRequestOf } from "@easel/shared/protocol";
import { HOW_TO_CONFIGURE } from "../../engines/engine-catalog.js";
import { fail } from "../../errors/app-error.js";
import { OutpaintError, planOutpaint } from "../../imaging/outpaint-canvas.js";
import { composePrompt } from "../../pipeline/compose-prompt.js";
import { type PlanContext, type PlanResult, requireInput } from "../../pipeline/plan-context.js";
import type { InpaintPlan, OutpaintPlan } from "../../pipeline/plan-types.js";
import { outputStages } from "../../pipeline/stage-names.js";
import { DEFAULT_GUIDANCE, DEFAULT_STEPS } from "../generate/plan.js";

type FillRequest = JobRequestOf<"inpaint"> | JobRequestOf<"outpaint">;

/**
 * The engine for a fill: a named one; else, for a prompt, a diffusion engine when one is configured
 * (generative fill); else the local inpainter, which follows no prompt (and says so).
 */
function pickFillEngine(request: FillRequest, context: PlanContext, notes: string[]) {
  const { engine: name, method } = request.params;
  const generator =
    name !== undefined
      ? context.catalog.forCapability("generate").find((e) => e.descriptor.name === name)
      : request.prompt
        ? context.catalog.pick("generate")
        : undefined;
  if (generator && (name !== undefined || request.prompt)) {
    const composed = composePrompt(request.prompt ?? "", request.negativePrompt, context.brand?.kit ?? null);
    return {
      engine: generator.descriptor.name,
      method: null,
      generative: {
        ...composed,
        steps: request.params.steps ?? DEFAULT_STEPS,
        guidance: request.params.guidance ?? DEFAULT_GUIDANCE,
      },
    };
  }
  if (request.prompt)
    notes.push("no text-to-image engine is configured: the area was filled from its surroundings, not from the prompt");
  const engine = context.catalog.pick("inpaint", name);
  if (!engine) {
    if (name === undefined) throw fail.unavailable(HOW_TO_CONFIGURE[request.kind], "kind");
    const known = context.catalog.forCapability("inpaint").map((e) => e.descriptor.name);
    throw fail.validation(
      "params.engine",
      `no inpaint engine named "${name}" (available: ${known.join(", ") || "none"})`,
    );
  }
  const methods = engine.descriptor.limits.methods;
  if (method !== undefined && Array.isArray(methods) && !methods.includes(method)) {
    throw fail.validation(
      "params.method",
      `\`params.method\` must be one of ${methods.join(", ")} for ${engine.descriptor.name}`,
    );
  }
  return { engine: engine.descriptor.name, method: method ?? null, generative: null };
}

function seedsFor(request: FillRequest, context: PlanContext): number[] {
  const first = request.params.seed ?? context.randomSeed;
  return Array.from({ length: request.params.candidates }, (_, i) => (first + i) % 4_294_967_296);
}

/** Plans an inpaint (removal or generative fill) on the image with its mask. */
export function planInpaint(request: JobRequestOf<"inpaint">, context: PlanContext): PlanResult {
  const input = requireInput(context, "image");
  const mask = requireInput(context, "mask");
  if (mask.width !== input.width || mask.height !== input.height) {
    throw fail.validation(
      "mask",
      `\`mask\` must be the same size as \`image\` (${input.width}x${input.height}), got ${mask.width}x${mask.height}`,
    );
  }
  const notes: string[] = [];
  const plan: InpaintPlan = {
    kind: "inpaint",
    stages: outputStages("engine.inpaint"),
    ...pickFillEngine(request, context, notes),
    input,
    mask,
    grow: request.params.grow,
    protectFaces: request.params.protectFaces,
    feather: request.params.feather,
    seeds: seedsFor(request, context),
    placement: { x: 0, y: 0, width: input.width, height: input.height },
    label: request.prompt ? `Fill · ${request.prompt}` : "Remove",
  };
  return { plan, notes };
}

/** Plans an outpaint: the extended canvas, filled like an inpaint. */
export function planOutpaintJob(request: JobRequestOf<"outpaint">, context: PlanContext): PlanResult {
  const input = requireInput(context, "image");
  const { extend, aspectRatio } = request.params;
  if (extend === undefined && aspectRatio === undefined) {
    throw fail.validation(
      "params.extend",
      "give `params.extend` (pixels per side) or `params.aspectRatio` (e.g. 16:9)",
    );
  }
  let layout: ReturnType<typeof planOutpaint>;
  try {
    layout = planOutpaint(input, { extend, aspectRatio }, context.maxOutputSide);
  } catch (error) {
    if (error instanceof OutpaintError) throw fail.validation(error.field, error.message);
    throw error;
  }
  const notes: string[] = [];
  const plan: OutpaintPlan = {
    kind: "outpaint",
    stages: outputStages("engine.inpaint"),
    ...pickFillEngine(request, context, notes),
    input,
    canvas: { width: layout.width, height: layout.height, extend: layout.extend },
    grow: request.params.grow,
    protectFaces: request.params.protectFaces,
    feather: request.params.feather,
    seeds: seedsFor(request, context),
    placement: { x: -layout.extend.left, y: -layout.extend.top, width: layout.width, height: layout.height },
    label: `Expand to ${layout.width}x${layout.height}`,
  };
  return { plan, notes };
}
