import { runGenerate } from "../generate/engine-stage.js";
import { diffusionParameters } from "../generate/index.js";
import { planVary } from "../generate/plan.js";
import type { JobKindModule } from "../job-kind.js";

/** Image-to-image variations of an input on a diffusion engine, one candidate per seed. */
export const vary: JobKindModule<"vary"> = {
  kind: "vary",
  doing: "making variations",
  plan: planVary,
  outputSize: (plan) => ({ width: plan.width, height: plan.height }),
  inputs: (plan) => (plan.input ? [plan.input.assetId] : []),
  workClass: () => "generate",
  images: (request) => request.params?.candidates ?? 1,
  provenance: (plan) => ({
    action: "edited",
    parentAssetId: plan.input?.assetId ?? null,
    parameters: diffusionParameters(plan),
  }),
  engine: { name: "engine.generate", run: runGenerate },
};
