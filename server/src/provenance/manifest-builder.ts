// ProvenanceSpec -> the manifest definition c2pa-rs's Builder reads (ManifestDefinition JSON) plus the
// ingredient streams to add to it. Pure: no wasm, no I/O, unit-tested on its own.
import {
  DIGITAL_SOURCE_TYPE,
  EASEL_ASSERTION_LABEL,
  type IngredientSource,
  type ProvenanceJobKind,
  type ProvenanceSpec,
} from "./manifest-spec.js";

/** A C2PA action as the manifest definition spells it (C2PA 2.1 §18.15, actions v2). */
export interface ManifestAction {
  action: string;
  digitalSourceType?: string;
  softwareAgent?: { name: string; version: string };
  description?: string;
  /** `ingredientIds` name ingredients by their definition label; c2pa-rs turns them into hashed URIs. */
  parameters?: { ingredientIds?: string[]; [key: string]: unknown };
}

/**
 * One assertion of the definition. `created: true` lists it among the claim's `created_assertions` (what the
 * claim generator itself asserts, C2PA 2.2 §10.3.1); otherwise c2pa-rs files it under `gathered_assertions`.
 */
export interface AssertionDefinition {
  label: string;
  data: unknown;
  created?: boolean;
}

/** The manifest definition JSON (c2pa-rs `ManifestDefinition`). */
export interface ManifestDefinition {
  claim_generator_info: { name: string; version: string }[];
  title: string;
  format: string;
  assertions: AssertionDefinition[];
}

/** An ingredient to add from its bytes; c2pa-rs reads (and keeps) its own manifest store when it has one. */
export interface IngredientPlan {
  definition: { title: string; relationship: "parentOf" | "inputTo"; label: string };
  format: string;
  bytes: Uint8Array;
}

/** What c2pa-sign feeds the wasm builder. */
export interface ManifestPlan {
  definition: ManifestDefinition;
  ingredients: IngredientPlan[];
}

/** The C2PA action that best names each edit, and what it did, in words a reviewer reads. */
const EDIT_ACTIONS: Record<Exclude<ProvenanceJobKind, "generate">, (generated: boolean) => ManifestAction> = {
  inpaint: () => ({ action: "c2pa.edited", description: "Filled a masked region (inpainting)" }),
  outpaint: () => ({ action: "c2pa.edited", description: "Extended the canvas and filled the new area (outpainting)" }),
  vary: () => ({ action: "c2pa.edited", description: "Made a variation of the image" }),
  upscale: (generated) => ({
    action: "c2pa.resized",
    description: generated ? "Upscaled with a super-resolution model" : "Upscaled by resampling",
  }),
  // Colour grading to a brand kit is a colour adjustment; a model restyling the pixels is an edit.
  stylize: (generated) =>
    generated
      ? { action: "c2pa.edited", description: "Restyled to the brand kit with a generative model" }
      : { action: "c2pa.color_adjustments", description: "Colour-graded to the brand kit" },
  // A selection mask is a new image derived from the parent; a segmentation model made it unless grabCut alone did.
  select: (generated) => ({
    action: "c2pa.edited",
    description: generated
      ? "Selection mask made by a segmentation model"
      : "Selection mask made by grabCut (no trained model)",
  }),
  // Exposure, tone, white balance, saturation and recolor inside a mask: C2PA names these colour adjustments.
  adjust: () => ({ action: "c2pa.color_adjustments", description: "Adjusted tone and colour inside a selection" }),
};

const PARENT_LABEL = "parent";
const referenceLabel = (i: number) => `reference-${i}`;

function checkSpec(spec: ProvenanceSpec): void {
  if (spec.action === "created" && spec.parent) {
    throw new Error("a created image has no parent: C2PA allows a parentOf ingredient only on edits (`opened`)");
  }
  if (spec.action === "edited" && !spec.parent) {
    throw new Error(`an edit (${spec.jobKind}) needs its parent image: C2PA's c2pa.opened action names it`);
  }
  if ((spec.action === "created") !== (spec.jobKind === "generate")) {
    throw new Error(
      `job kind ${spec.jobKind} is ${spec.jobKind === "generate" ? "created" : "an edit"}, not ${spec.action}`,
    );
  }
  if (!spec.title.trim()) throw new Error("title must not be empty");
}

/** CAWG training-and-data-mining entries (CAWG TDM assertion 1.1 §3), each predefined use set to one choice. */
const TRAINING_MINING_USES = [
  "cawg.data_mining",
  "cawg.ai_inference",
  "cawg.ai_training",
  "cawg.ai_generative_training",
];

/**
 * The do-not-train/mine choice as the CAWG training-and-data-mining assertion, label `cawg.training-mining`: C2PA 2.x
 * deprecated its own `c2pa.training-mining` (1.x) in favour of it, so only the CAWG label is written. Gathered, not
 * created: it records the organisation's choice rather than something Easel observed making the pixels.
 */
function trainingMiningAssertion(spec: ProvenanceSpec): AssertionDefinition {
  const use = spec.trainingMining ?? "notAllowed";
  // `constraint_info` as the assertion's CDDL spells it (free text or a URL describing the constraint).
  const entry = {
    use,
    ...(use === "constrained" && spec.trainingMiningConstraint
      ? { constraint_info: spec.trainingMiningConstraint }
      : {}),
  };
  return {
    label: "cawg.training-mining",
    data: { entries: Object.fromEntries(TRAINING_MINING_USES.map((u) => [u, entry])) },
  };
}

function ingredient(source: IngredientSource, relationship: "parentOf" | "inputTo", label: string): IngredientPlan {
  return { definition: { title: source.title, relationship, label }, format: source.format, bytes: source.bytes };
}

/** Builds the manifest definition and ingredient list for `spec`; throws when the spec contradicts C2PA's rules. */
export function buildManifest(spec: ProvenanceSpec): ManifestPlan {
  checkSpec(spec);
  const agent = { name: spec.claimGenerator.name, version: spec.claimGenerator.version };
  const references = (spec.references ?? []).map((r, i) => ingredient(r, "inputTo", referenceLabel(i)));
  const referenceIds = references.map((r) => r.definition.label);
  const withReferences = referenceIds.length ? { parameters: { ingredientIds: referenceIds } } : {};

  const actions: ManifestAction[] = [];
  if (spec.action === "created") {
    actions.push({
      action: "c2pa.created",
      digitalSourceType: DIGITAL_SOURCE_TYPE.trainedAlgorithmicMedia,
      softwareAgent: agent,
      description: "Generated by a trained model",
      ...withReferences,
    });
  } else {
    actions.push({ action: "c2pa.opened", parameters: { ingredientIds: [PARENT_LABEL] } });
    const edit = EDIT_ACTIONS[spec.jobKind as Exclude<ProvenanceJobKind, "generate">](spec.generatedPixels);
    actions.push({
      ...edit,
      softwareAgent: agent,
      ...(spec.generatedPixels ? { digitalSourceType: DIGITAL_SOURCE_TYPE.compositeWithTrainedAlgorithmicMedia } : {}),
      ...withReferences,
    });
  }

  const { prompt, ...record } = spec.easel;
  const easel = { jobKind: spec.jobKind, ...record, ...(prompt !== undefined ? { prompt } : {}) };
  return {
    definition: {
      claim_generator_info: [agent],
      title: spec.title,
      format: spec.format,
      // The actions assertion is a created assertion (C2PA 2.2 §18.14.2: the claim generator asserts what it did);
      // so is Easel's own record of how it made the pixels.
      assertions: [
        { label: "c2pa.actions.v2", data: { actions }, created: true },
        trainingMiningAssertion(spec),
        { label: EASEL_ASSERTION_LABEL, data: easel, created: true },
      ],
    },
    ingredients: [...(spec.parent ? [ingredient(spec.parent, "parentOf", PARENT_LABEL)] : []), ...references],
  };
}
