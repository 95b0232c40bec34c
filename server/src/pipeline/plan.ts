import type { CreateJobRequest } from "@easel/shared/protocol";
import type { PlanContext, PlanResult } from "./plan-context.js";
import { planInpaint, planOutpaintJob } from "./plan-fill.js";
import { planGenerate, planNoop, planStylize, planVary } from "./plan-generate.js";
import { checkOutputSize } from "./plan-output-size.js";
import type { StageName } from "./plan-types.js";
import { planUpscale } from "./plan-upscale.js";
import { outputStages } from "./stage-names.js";

export type { PlanContext, PlanResult } from "./plan-context.js";

/** Turns a validated request into a plan, or throws an AppError naming the field at fault. Pure. */
export function planJob(request: CreateJobRequest, context: PlanContext): PlanResult {
  const result = planKind(request, context);
  checkOutputSize(result.plan);
  if (request.kind !== "noop" && request.output?.format === "jpeg") {
    if (
      result.plan.kind === "upscale" ||
      result.plan.kind === "inpaint" ||
      result.plan.kind === "outpaint" ||
      result.plan.kind === "stylize"
    ) {
      if (result.plan.input.hasAlpha)
        result.notes.push("JPEG has no transparency: transparent areas are flattened onto white");
    }
    result.plan.encoding = request.output;
  }
  if (context.brand && result.plan.kind !== "noop") {
    const { kit, grade, slug, version } = context.brand;
    const graded =
      request.kind === "stylize" ||
      (kit.grading.enabled &&
        (request.kind === "generate" || request.kind === "vary") &&
        kit.grading.applyTo.includes(request.kind));
    const strength = request.kind === "stylize" ? request.params.strength : kit.defaults.styleStrength;
    result.plan.brand = {
      slug,
      version,
      palette: kit.palette,
      minAdherence: kit.minPaletteAdherence,
      grade: graded ? grade : null,
      strength,
      referenceAssetIds: context.brand.referenceAssetIds,
    };
    // Stylize's engine stage is the grade itself; generate and vary grade after their engine stage.
    if (graded && request.kind !== "stylize")
      result.plan.stages = outputStages(result.plan.stages[0] as StageName, true);
    result.notes.push(`brand kit ${slug}@${version}${graded ? `, graded at strength ${strength}` : ""}`);
  }
  return result;
}

function planKind(request: CreateJobRequest, context: PlanContext): PlanResult {
  switch (request.kind) {
    case "upscale":
      return planUpscale(request, context);
    case "noop":
      return planNoop(request, context);
    case "inpaint":
      return planInpaint(request, context);
    case "outpaint":
      return planOutpaintJob(request, context);
    case "generate":
      return planGenerate(request, context);
    case "vary":
      return planVary(request, context);
    case "stylize":
      return planStylize(request, context);
    default:
      return assertNever(request);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled job kind: ${JSON.stringify(value)}`);
}
