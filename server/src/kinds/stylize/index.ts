import type { JobKindModule } from "../job-kind.js";
import { runStylize } from "./engine-stage.js";
import { planStylize } from "./plan.js";

/** Grade an image toward a brand kit: its engine stage is the grade itself (`brand.grade`). */
export const stylize: JobKindModule<"stylize"> = {
  kind: "stylize",
  doing: "styling to the brand kit",
  plan: planStylize,
  outputSize: (plan) => ({ width: plan.input.width, height: plan.input.height }),
  inputs: (plan) => [plan.input.assetId],
  workClass: () => "stylize",
  images: () => 1,
  provenance: (plan) => ({
    action: "edited",
    // A colour grade (CIELAB statistics and a LUT): no trained model made these pixels.
    generatedPixels: false,
    parentAssetId: plan.input.assetId,
    parameters: {
      brandKit: plan.brand ? `${plan.brand.slug}@${plan.brand.version}` : null,
      strength: plan.brand?.strength,
    },
  }),
  engine: { name: "brand.grade", run: runStylize },
};
