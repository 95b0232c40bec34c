import type { JobRequestOf } from "@easel/shared/protocol";
import { fail } from "../../errors/app-error.js";
import { type PlanContext, type PlanResult, requireInput } from "../../pipeline/plan-context.js";
import type { StylizePlan } from "../../pipeline/plan-types.js";
import { outputStages } from "../../pipeline/stage-names.js";

/** Plans grading an image toward its brand kit. */
export function planStylize(_request: JobRequestOf<"stylize">, context: PlanContext): PlanResult {
  const input = requireInput(context, "image");
  if (!context.brand) throw fail.validation("brandKit", "`brandKit` is required to stylize");
  const plan: StylizePlan = {
    kind: "stylize",
    stages: outputStages("brand.grade"),
    engine: "brand-grade",
    input,
    placement: { x: 0, y: 0, width: input.width, height: input.height },
    label: `Brand style · ${context.brand.slug}`,
  };
  return { plan, notes: [] };
}
