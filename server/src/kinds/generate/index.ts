import type { JobKindModule } from "../job-kind.js";
import { runGenerate } from "./engine-stage.js";
import { planGenerate } from "./plan.js";

/** Text-to-image on a diffusion engine, one candidate per seed. */
export const generate: JobKindModule<"generate"> = {
  kind: "generate",
  doing: "generating",
  plan: planGenerate,
  outputSize: (plan) => ({ width: plan.width, height: plan.height }),
  inputs: (plan) => (plan.input ? [plan.input.assetId] : []),
  workClass: () => "generate",
  images: (request) => request.params?.candidates ?? 1,
  provenance: (plan) => ({
    action: "created",
    parentAssetId: plan.input?.assetId ?? null,
    parameters: diffusionParameters(plan),
  }),
  engine: { name: "engine.generate", run: runGenerate },
};

/** What a diffusion output records of how it was made (never the prompt: only its hash). */
export function diffusionParameters(plan: {
  width: number;
  height: number;
  steps: number;
  guidance: number;
  strength: number;
}): Record<string, unknown> {
  return {
    width: plan.width,
    height: plan.height,
    steps: plan.steps,
    guidance: plan.guidance,
    strength: plan.strength,
  };
}
