import { qualitySizeLimit } from "../brand/image-quality.js";
import { AppError } from "../errors/app-error.js";
import type { Plan } from "./plan-types.js";

/**
 * Refuses a plan (whose outputs are `size`, as its kind says: kinds/) whose outputs the worker could not score (every output is measured by
 * `measureImageQuality`, so its size rule, `qualitySizeLimit`, is checked here at creation): a 422
 * naming `image` (or the size parameters of a text-to-image job) and saying the limit.
 */
export function checkOutputSize(plan: Plan, size: { width: number; height: number } | null): void {
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
