import { isIdentity } from "@easel/shared/adjust";
import type { JobRequestOf } from "@easel/shared/protocol";
import { fail } from "../../errors/app-error.js";
import { type PlanContext, type PlanResult, requireInput } from "../../pipeline/plan-context.js";
import type { AdjustPlan } from "../../pipeline/plan-types.js";
import { outputStages } from "../../pipeline/stage-names.js";

/** The adjust maths (shared/src/adjust): no catalog engine, no trained model. */
export const ADJUST_ENGINE = "easel-adjust";

/** Plans adjustments of an image inside an optional mask of the same size. */
export function planAdjust(request: JobRequestOf<"adjust">, context: PlanContext): PlanResult {
  const input = requireInput(context, "image");
  const mask = context.inputs.mask ?? null;
  if (mask && (mask.width !== input.width || mask.height !== input.height)) {
    throw fail.validation(
      "mask",
      `\`mask\` must be the same size as \`image\` (${input.width}x${input.height}), got ${mask.width}x${mask.height}`,
    );
  }
  const notes: string[] = [];
  if (isIdentity(request.params)) notes.push("no adjustment was asked for: the output is the input, re-signed");
  const plan: AdjustPlan = {
    kind: "adjust",
    stages: outputStages("engine.adjust"),
    engine: ADJUST_ENGINE,
    input,
    mask,
    settings: request.params,
    placement: { x: 0, y: 0, width: input.width, height: input.height },
    label: request.params.recolor ? `Recolor · ${request.params.recolor.colour}` : "Adjusted",
  };
  return { plan, notes };
}
