import type { JobKindModule } from "../job-kind.js";
import { runUpscale } from "./engine-stage.js";
import { planUpscale } from "./plan.js";
import { upscaleSplit } from "./split.js";

/** Upscale: one output at an exact size, split by horizontal strips across free threads. */
export const upscale: JobKindModule<"upscale"> = {
  kind: "upscale",
  doing: "upscaling",
  plan: planUpscale,
  outputSize: (plan) => plan.output,
  inputs: (plan) => [plan.input.assetId],
  workClass: () => "upscale",
  images: () => 1,
  provenance: (plan) => ({
    action: "edited",
    parentAssetId: plan.input.assetId,
    parameters: { scale: plan.scale, output: plan.output },
  }),
  engine: { name: "engine.upscale", run: runUpscale },
  split: upscaleSplit,
};
