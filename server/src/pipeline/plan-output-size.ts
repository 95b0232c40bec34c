import { qualitySizeLimit } from "../brand/image-quality.js";
import { AppError } from "../errors/app-error.js";
import type { Plan } from "./plan-types.js";

/** The size (px) of each output a plan makes, or null for the diagnostic job (which makes none). */
export function plannedOutputSize(plan: Plan): { width: number; height: number } | null {
  switch (plan.kind) {
    case "upscale":
      return plan.output;
    case "inpaint":
    case "stylize":
      return { width: plan.input.width, height: plan.input.height };
    case "outpaint":
      return { width: plan.canvas.width, height: plan.canvas.height };
    case "generate":
    case "vary":
      return { width: plan.width, height: plan.height };
    case "noop":
      return null;
  }
}

/**
 * Refuses a plan whose outputs the worker could not score (every output is measured by
 * `measureImageQuality`, so its size rule, `qualitySizeLimit`, is checked here at creation): a 422
 * naming `image` (or the size parameters of a text-to-image job) and saying the limit.
 */
export function checkOutputSize(plan: Plan): void {
  const size = plannedOutputSize(plan);
  if (!size) return;
  const limit = qualitySizeLimit(size.width, size.height);
  if (!limit) return;
  const result = `${size.width}x${size.height}`;
  const input = "input" in plan && plan.input ? plan.input : null;
  if (!input) {
    throw new AppError("validation", `the result would be ${result} px; results must be ${limit}`, {
      field: "params.width",
      status: 422,
    });
  }
  const given = `${input.width}x${input.height}`;
  throw new AppError(
    "validation",
    given === result
      ? `\`image\` is ${given} px; images to edit must be ${limit}`
      : `\`image\` is ${given} px, so the result would be ${result} px; results must be ${limit}`,
    { field: "image", status: 422 },
  );
}
