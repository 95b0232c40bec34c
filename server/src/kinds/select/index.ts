import type { JobKindModule } from "../job-kind.js";
import { runSelect } from "./engine-stage.js";
import { planSelect, selectUsesModel } from "./plan.js";

/** A selection mask (people, faces, a subject or its background) the size of the image. */
export const select: JobKindModule<"select"> = {
  kind: "select",
  doing: "selecting",
  plan: planSelect,
  outputSize: (plan) => ({ width: plan.input.width, height: plan.input.height }),
  inputs: (plan) => [plan.input.assetId, ...(plan.hint ? [plan.hint.assetId] : [])],
  workClass: () => "select",
  images: () => 1,
  provenance: (plan) => ({
    action: "edited",
    // A trained model made the mask for people and faces (and seeded grabCut without a box or hint).
    generatedPixels: selectUsesModel(plan),
    parentAssetId: plan.input.assetId,
    parameters: {
      mode: plan.mode,
      engine: plan.engine,
      box: plan.box,
      seedWithPeople: plan.seedWithPeople,
      feather: plan.feather,
    },
  }),
  engine: { name: "engine.select", run: runSelect },
};
