import type { ResolvedKit } from "../brand/brand-kit-service.js";
import type { EngineCatalog } from "../engines/engine-catalog.js";
import { fail } from "../errors/app-error.js";
import type { ImageInput, Plan } from "./plan-types.js";

/** The request fields that name an input asset: the image, a mask to fill or adjust in, a select kind's rough hint. */
export const INPUT_FIELDS = ["image", "mask", "hint"] as const;
export type InputField = (typeof INPUT_FIELDS)[number];

export interface PlanContext {
  catalog: EngineCatalog;
  /** Resolved input images by request field (`image`, `mask`). */
  inputs: Partial<Record<InputField, ImageInput>>;
  maxOutputSide: number; // px
  diagnostics: boolean;
  /** Seed used when the request gives none (the caller draws it, so planning stays pure). */
  randomSeed: number;
  /** When no upscale tier is asked for, the best tier whose estimated time fits this budget is used (s). */
  upscaleBudgetS: number;
  /** The job's brand kit, pinned to a version, or null. */
  brand: ResolvedKit | null;
  /** The org the job is for: which registered models it may use, and its default model. */
  orgId?: string;
}

export interface PlanResult {
  plan: Plan;
  /** Things the user should know about how the request was interpreted. */
  notes: string[];
}

/** The resolved input image of a request field, or a 400 naming the field. */
export function requireInput(context: PlanContext, field: InputField): ImageInput {
  const input = context.inputs[field];
  if (!input) throw fail.validation(field, `\`${field}\` is required`);
  return input;
}
