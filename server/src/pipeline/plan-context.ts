import type { ResolvedKit } from "../brand/brand-kit-service.js";
import type { EngineCatalog } from "../engines/engine-catalog.js";
import { fail } from "../errors/app-error.js";
import type { ImageInput, Plan } from "./plan-types.js";

export interface PlanContext {
  catalog: EngineCatalog;
  /** Resolved input images by request field (`image`, `mask`). */
  inputs: Partial<Record<"image" | "mask", ImageInput>>;
  maxOutputSide: number; // px
  diagnostics: boolean;
  /** Seed used when the request gives none (the caller draws it, so planning stays pure). */
  randomSeed: number;
  /** When no upscale tier is asked for, the best tier whose estimated time fits this budget is used (s). */
  upscaleBudgetS: number;
  /** The job's brand kit, pinned to a version, or null. */
  brand: ResolvedKit | null;
}

export interface PlanResult {
  plan: Plan;
  /** Things the user should know about how the request was interpreted. */
  notes: string[];
}

/** The resolved input image of a request field, or a 400 naming the field. */
export function requireInput(context: PlanContext, field: "image" | "mask"): ImageInput {
  const input = context.inputs[field];
  if (!input) throw fail.validation(field, `\`${field}\` is required`);
  return input;
}
