import type { JobRequestOf } from "@easel/shared/protocol";
import { BLAZEFACE_DESCRIPTOR } from "../../engines/blazeface/blazeface-descriptor.js";
import { GRABCUT_DESCRIPTOR } from "../../engines/grabcut/grabcut-descriptor.js";
import { SELFIE_DESCRIPTOR } from "../../engines/selfie/selfie-descriptor.js";
import { fail } from "../../errors/app-error.js";
import { type PlanContext, type PlanResult, requireInput } from "../../pipeline/plan-context.js";
import type { SelectPlan } from "../../pipeline/plan-types.js";
import { outputStages } from "../../pipeline/stage-names.js";

const LABELS = { subject: "Subject", people: "People", faces: "Faces", background: "Background" } as const;

/** Plans a selection mask: which engine makes it and what seeds grabCut. Checks `box` and `hint` against the image. */
export function planSelect(request: JobRequestOf<"select">, context: PlanContext): PlanResult {
  const input = requireInput(context, "image");
  const hint = context.inputs.hint ?? null;
  if (hint && (hint.width !== input.width || hint.height !== input.height)) {
    throw fail.validation(
      "hint",
      `\`hint\` must be the same size as \`image\` (${input.width}x${input.height}), got ${hint.width}x${hint.height}`,
    );
  }
  const box = request.box ?? null;
  if (box && (box.x + box.width > input.width || box.y + box.height > input.height)) {
    throw fail.validation(
      "box",
      `\`box\` must lie inside the image (${input.width}x${input.height}), got ${box.width}x${box.height} at ${box.x},${box.y}`,
    );
  }
  const notes: string[] = [];
  if ((request.mode === "people" || request.mode === "faces") && (box || hint)) {
    notes.push(`\`box\` and \`hint\` seed subject and background selections; ${request.mode} ignores them`);
  }
  const grabCut = request.mode === "subject" || request.mode === "background";
  const engine = grabCut
    ? GRABCUT_DESCRIPTOR.name
    : request.mode === "people"
      ? SELFIE_DESCRIPTOR.name
      : BLAZEFACE_DESCRIPTOR.name;
  const plan: SelectPlan = {
    kind: "select",
    stages: outputStages("engine.select"),
    engine,
    mode: request.mode,
    input,
    hint,
    box,
    seedWithPeople: grabCut && !box && !hint,
    feather: request.params.feather,
    placement: { x: 0, y: 0, width: input.width, height: input.height },
    label: `Selection · ${LABELS[request.mode]}`,
  };
  return { plan, notes };
}

/** Whether a trained model made (part of) the mask: people and faces always; grabCut when seeded by people. */
export function selectUsesModel(plan: SelectPlan): boolean {
  return plan.mode === "people" || plan.mode === "faces" || plan.seedWithPeople;
}
