import { planOutpaintJob } from "../fill/plan-fill.js";
import { runFill } from "../fill/run-fill.js";
import type { JobKindModule } from "../job-kind.js";

/** Extend the canvas and fill the new area, one candidate per seed. */
export const outpaint: JobKindModule<"outpaint"> = {
  kind: "outpaint",
  doing: "extending the canvas",
  plan: planOutpaintJob,
  outputSize: (plan) => ({ width: plan.canvas.width, height: plan.canvas.height }),
  inputs: (plan) => [plan.input.assetId],
  workClass: (plan) => (plan.generative ? "generate" : "inpaint"),
  images: (request) => request.params?.candidates ?? 1,
  provenance: (plan) => ({
    action: "edited",
    parentAssetId: plan.input.assetId,
    parameters: { method: plan.method, canvas: plan.canvas, grow: plan.grow, feather: plan.feather },
  }),
  engine: { name: "engine.inpaint", run: runFill },
};
