import { planInpaint } from "../fill/plan-fill.js";
import { runFill } from "../fill/run-fill.js";
import type { JobKindModule } from "../job-kind.js";

/** Fill the white part of a mask (object removal, generative fill), one candidate per seed. */
export const inpaint: JobKindModule<"inpaint"> = {
  kind: "inpaint",
  doing: "filling the masked area",
  plan: planInpaint,
  outputSize: (plan) => ({ width: plan.input.width, height: plan.input.height }),
  inputs: (plan) => [plan.input.assetId, plan.mask.assetId],
  // Diffusion fills go to generate workers, classical fills to inpaint ones.
  workClass: (plan) => (plan.generative ? "generate" : "inpaint"),
  images: (request) => request.params?.candidates ?? 1,
  provenance: (plan) => ({
    action: "edited",
    parentAssetId: plan.input.assetId,
    parameters: { method: plan.method, grow: plan.grow, feather: plan.feather },
  }),
  engine: { name: "engine.inpaint", run: runFill },
};
