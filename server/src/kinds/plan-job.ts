import type { CreateJobRequest } from "@easel/shared/protocol";
import type { PlanContext, PlanResult } from "../pipeline/plan-context.js";
import { checkOutputSize } from "../pipeline/plan-output-size.js";
import type { StageName } from "../pipeline/plan-types.js";
import { outputStages } from "../pipeline/stage-names.js";
import { kindOf } from "./index.js";

export type { PlanContext, PlanResult } from "../pipeline/plan-context.js";

/** Turns a validated request into a plan, or throws an AppError naming the field at fault. Pure. */
export function planJob(request: CreateJobRequest, context: PlanContext): PlanResult {
  const kind = kindOf(request);
  const result = kind.plan(request, context);
  checkOutputSize(result.plan, kind.outputSize(result.plan));
  // The engine's facts travel with the plan: the runner (split or not) and the signer read them there.
  const facts = "engine" in result.plan ? context.catalog.factsOf(result.plan.engine) : null;
  if (facts) result.plan.engineFacts = facts;
  if (request.kind !== "noop" && request.output?.format === "jpeg") {
    // Text-to-image and variations make opaque pixels: only an edit can carry the input's alpha.
    const keepsAlpha = result.plan.kind !== "generate" && result.plan.kind !== "vary";
    if (keepsAlpha && "input" in result.plan && result.plan.input?.hasAlpha)
      result.notes.push("JPEG has no transparency: transparent areas are flattened onto white");
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
