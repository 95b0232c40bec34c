import type { GenerationLimits } from "@easel/shared/protocol";
import { type CatalogEntry, HOW_TO_CONFIGURE } from "../../engines/engine-catalog.js";
import { AppError, fail } from "../../errors/app-error.js";
import type { PlanContext } from "../../pipeline/plan-context.js";

/** The diffusion parameters a generate or vary request may give. */
export interface DiffusionParams {
  engine?: string | undefined;
  model?: string | undefined;
  steps?: number | undefined;
  guidance?: number | undefined;
}

const invalid = (field: string, detail: string) => new AppError("validation", detail, { field, status: 422 });

/**
 * The engine a generate or vary job runs on: `params.model` (a registered model the org may use), else
 * `params.engine`, else the org's default model, else the server's default. An unknown model is a 422
 * naming `params.model` and listing the ones there are.
 */
export function pickGenerator(kind: "generate" | "vary", params: DiffusionParams, context: PlanContext): CatalogEntry {
  const { catalog, orgId } = context;
  if (params.model !== undefined) {
    const entry = catalog.model(kind, params.model, orgId);
    if (!entry) {
      const all = catalog.forCapability("generate", orgId).flatMap((e) => (e.model ? [e.model.name] : []));
      const detail = all.includes(params.model)
        ? `model "${params.model}" cannot ${kind}: its export has no vae_encoder (image-to-image needs one)`
        : `no model named "${params.model}" (available: ${all.join(", ") || "none; an operator adds them with `easel models add`"})`;
      throw invalid("params.model", detail);
    }
    if (params.engine !== undefined && params.engine !== entry.descriptor.name) {
      throw invalid("params.engine", `\`params.engine\` "${params.engine}" contradicts params.model "${params.model}"`);
    }
    if (entry.model?.status === "failing") {
      throw new AppError(
        "capability_unavailable",
        `model "${params.model}" failed its last test; an operator can run \`easel models test ${params.model}\``,
        { field: "params.model" },
      );
    }
    return entry;
  }
  if (params.engine !== undefined) {
    const entry = catalog.pick(kind, params.engine, orgId);
    if (entry) return entry;
    const known = catalog.forCapability(kind, orgId).map((e) => e.descriptor.name);
    throw fail.validation(
      "params.engine",
      `no ${kind} engine named "${params.engine}" (available: ${known.join(", ") || "none"})`,
    );
  }
  const orgDefault = catalog.defaultModelOf(orgId);
  const preferred = orgDefault === undefined ? undefined : catalog.model(kind, orgDefault, orgId);
  if (preferred && preferred.model?.status !== "failing") return preferred;
  const entry = catalog.pick(kind, undefined, orgId);
  if (entry) return entry;
  throw fail.unavailable(HOW_TO_CONFIGURE[kind], "kind");
}

/** Steps and guidance inside the engine's limits (422 naming the field), with its defaults when left out. */
export function diffusionSettings(
  params: DiffusionParams,
  limits: GenerationLimits | undefined,
  fallback: { steps: number; guidance: number },
): { steps: number; guidance: number } {
  if (!limits) return { steps: params.steps ?? fallback.steps, guidance: params.guidance ?? fallback.guidance };
  const within = (field: "steps" | "guidance", value: number | undefined) => {
    const range = limits[field];
    if (value === undefined) return range.default;
    if (value < range.min || value > range.max) {
      throw invalid(
        `params.${field}`,
        `\`params.${field}\` must be from ${range.min} to ${range.max} for this model, got ${value}`,
      );
    }
    return value;
  };
  return { steps: within("steps", params.steps), guidance: within("guidance", params.guidance) };
}

/** The largest side the engine takes (422 naming the field when a request asks for more). */
export function checkSide(field: string, value: number, limits: GenerationLimits | undefined): void {
  if (limits && value > limits.maxSide) {
    throw invalid(field, `\`${field}\` must be at most ${limits.maxSide} px for this model, got ${value}`);
  }
}
