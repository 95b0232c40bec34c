import type { JobKindModule } from "../job-kind.js";
import { runAdjust } from "./engine-stage.js";
import { planAdjust } from "./plan.js";

/** Exposure, tone, colour and recolor inside a mask: shared/src/adjust, the plugins' live preview maths. */
export const adjust: JobKindModule<"adjust"> = {
  kind: "adjust",
  doing: "adjusting",
  plan: planAdjust,
  outputSize: (plan) => ({ width: plan.input.width, height: plan.input.height }),
  inputs: (plan) => [plan.input.assetId, ...(plan.mask ? [plan.mask.assetId] : [])],
  workClass: () => "stylize",
  images: () => 1,
  provenance: (plan) => ({
    action: "edited",
    // Arithmetic on colours (CIELAB): no trained model made these pixels, whoever made the mask.
    generatedPixels: false,
    parentAssetId: plan.input.assetId,
    parameters: { ...plan.settings, mask: plan.mask?.assetId ?? null },
  }),
  engine: { name: "engine.adjust", run: runAdjust },
};
