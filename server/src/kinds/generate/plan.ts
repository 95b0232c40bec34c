import type { JobRequestOf } from "@easel/shared/protocol";
import { HOW_TO_CONFIGURE } from "../../engines/engine-catalog.js";
import { fail } from "../../errors/app-error.js";
import { composePrompt } from "../../pipeline/compose-prompt.js";
import { type PlanContext, type PlanResult, requireInput } from "../../pipeline/plan-context.js";
import type { GeneratePlan } from "../../pipeline/plan-types.js";
import { outputStages } from "../../pipeline/stage-names.js";

/** Diffusion defaults when the request does not say (SD 1.5-class models; Turbo/LCM want 1–4 steps, guidance ≤ 1). */
export const DEFAULT_STEPS = 20;
export const DEFAULT_GUIDANCE = 7.5;

function pickGenerator(kind: "generate" | "vary", name: string | undefined, context: PlanContext) {
  const engine = context.catalog.pick(kind, name);
  if (engine) return engine;
  if (name === undefined) throw fail.unavailable(HOW_TO_CONFIGURE[kind], "kind");
  const known = context.catalog.forCapability(kind).map((e) => e.descriptor.name);
  throw fail.validation(
    "params.engine",
    `no ${kind} engine named "${name}" (available: ${known.join(", ") || "none"})`,
  );
}

function snap8(value: number, field: string, notes: string[]): number {
  const snapped = Math.max(8, Math.round(value / 8) * 8);
  if (snapped !== value) notes.push(`\`${field}\` ${value} was snapped to ${snapped} (a multiple of 8)`);
  return snapped;
}

/** Plans text-to-image on the configured diffusion engine. */
export function planGenerate(request: JobRequestOf<"generate">, context: PlanContext): PlanResult {
  const engine = pickGenerator("generate", request.params.engine, context);
  const notes: string[] = [];
  const width = snap8(request.params.width, "params.width", notes);
  const height = snap8(request.params.height, "params.height", notes);
  const first = request.params.seed ?? context.randomSeed;
  const plan: GeneratePlan = {
    kind: "generate",
    stages: outputStages("engine.generate"),
    engine: engine.descriptor.name,
    ...composePrompt(request.prompt, request.negativePrompt, context.brand?.kit ?? null),
    input: null,
    width,
    height,
    steps: request.params.steps ?? DEFAULT_STEPS,
    guidance: request.params.guidance ?? DEFAULT_GUIDANCE,
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
  const engine = pickGenerator("vary", request.params.engine, context);
  const notes: string[] = [];
  const width = snap8(input.width, "image width", notes);
  const height = snap8(input.height, "image height", notes);
  const first = request.params.seed ?? context.randomSeed;
  const plan: GeneratePlan = {
    kind: "vary",
    stages: outputStages("engine.generate"),
    engine: engine.descriptor.name,
    ...composePrompt(request.prompt ?? "", request.negativePrompt, context.brand?.kit ?? null),
    input,
    width,
    height,
    steps: request.params.steps ?? DEFAULT_STEPS,
    guidance: request.params.guidance ?? DEFAULT_GUIDANCE,
    strength: request.params.strength,
    seeds: Array.from({ length: request.params.candidates }, (_, i) => (first + i) % 4_294_967_296),
    placement: { x: 0, y: 0, width: input.width, height: input.height },
    label: request.prompt ? `Variation · ${request.prompt.slice(0, 60)}` : "Variation",
  };
  return { plan, notes };
}
