import type { JobRequestOf } from "@easel/shared/protocol";
import type { CatalogEntry } from "../../engines/engine-catalog.js";
import { composePrompt } from "../../pipeline/compose-prompt.js";
import { type PlanContext, type PlanResult, requireInput } from "../../pipeline/plan-context.js";
import type { GeneratePlan } from "../../pipeline/plan-types.js";
import { outputStages } from "../../pipeline/stage-names.js";
import { checkSide, diffusionSettings, pickGenerator } from "./pick-model.js";

/** Diffusion defaults when the request does not say (SD 1.5-class models; Turbo/LCM want 1–4 steps, guidance ≤ 1). */
export const DEFAULT_STEPS = 20;
export const DEFAULT_GUIDANCE = 7.5;

/** The engine's name, and a registered model's directory for the worker to load. */
function engineOf(entry: CatalogEntry): { engine: string; modelDir?: string } {
  return { engine: entry.descriptor.name, ...(entry.model ? { modelDir: entry.model.dir } : {}) };
}

/** Says which registered model runs, and why when the request did not name it. */
function modelNote(entry: CatalogEntry, asked: string | undefined, context: PlanContext, notes: string[]): void {
  if (!entry.model) return;
  const name = entry.model.name;
  const why =
    asked !== undefined
      ? ""
      : context.catalog.defaultModelOf(context.orgId) === name
        ? " (the organisation's default)"
        : " (the server's default)";
  notes.push(`model "${name}"${why}`);
}

function snap8(value: number, field: string, notes: string[]): number {
  const snapped = Math.max(8, Math.round(value / 8) * 8);
  if (snapped !== value) notes.push(`\`${field}\` ${value} was snapped to ${snapped} (a multiple of 8)`);
  return snapped;
}

/** Plans text-to-image on the configured diffusion engine. */
export function planGenerate(request: JobRequestOf<"generate">, context: PlanContext): PlanResult {
  const engine = pickGenerator("generate", request.params, context);
  checkSide("params.width", request.params.width, engine.generation);
  checkSide("params.height", request.params.height, engine.generation);
  const settings = diffusionSettings(request.params, engine.generation, {
    steps: DEFAULT_STEPS,
    guidance: DEFAULT_GUIDANCE,
  });
  const notes: string[] = [];
  modelNote(engine, request.params.model, context, notes);
  const width = snap8(request.params.width, "params.width", notes);
  const height = snap8(request.params.height, "params.height", notes);
  const first = request.params.seed ?? context.randomSeed;
  const plan: GeneratePlan = {
    kind: "generate",
    stages: outputStages("engine.generate"),
    ...engineOf(engine),
    ...composePrompt(request.prompt, request.negativePrompt, context.brand?.kit ?? null),
    input: null,
    width,
    height,
    ...settings,
    strength: 1,
    seeds: Array.from({ length: request.params.candidates }, (_, i) => (first + i) % 4_294_967_296),
    placement: { x: 0, y: 0, width, height },
    label: request.prompt.slice(0, 80),
  };
  return { plan, notes };
}

/** Plans image-to-image variations. */
export function planVary(request: JobRequestOf<"vary">, context: PlanContext): PlanResult {
  const input = requireInput(context, "image");
  const engine = pickGenerator("vary", request.params, context);
  checkSide("image width", input.width, engine.generation);
  checkSide("image height", input.height, engine.generation);
  const settings = diffusionSettings(request.params, engine.generation, {
    steps: DEFAULT_STEPS,
    guidance: DEFAULT_GUIDANCE,
  });
  const notes: string[] = [];
  modelNote(engine, request.params.model, context, notes);
  const width = snap8(input.width, "image width", notes);
  const height = snap8(input.height, "image height", notes);
  const first = request.params.seed ?? context.randomSeed;
  const plan: GeneratePlan = {
    kind: "vary",
    stages: outputStages("engine.generate"),
    ...engineOf(engine),
    ...composePrompt(request.prompt ?? "", request.negativePrompt, context.brand?.kit ?? null),
    input,
    width,
    height,
    ...settings,
    strength: request.params.strength,
    seeds: Array.from({ length: request.params.candidates }, (_, i) => (first + i) % 4_294_967_296),
    placement: { x: 0, y: 0, width: input.width, height: input.height },
    label: request.prompt ? `Variation · ${request.prompt.slice(0, 60)}` : "Variation",
  };
  return { plan, notes };
}
