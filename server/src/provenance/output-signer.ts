import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Plan } from "../pipeline/plan-types.js";
import { EASEL_VERSION } from "../version.js";
import { signImage } from "./c2pa-sign.js";
import { sniffIngredientFormat } from "./image-format.js";
import type { IngredientSource, ProvenanceJobKind, ProvenanceSpec, SafetyDecisionRecord } from "./manifest-spec.js";
import { ProvenanceError } from "./provenance-error.js";
import type { SigningIdentity } from "./signing-identity.js";

/** What the job knows that the plan does not: handed to the worker with each task. */
export interface ProvenanceContext {
  commercialRights: boolean;
  brandKit: string | null;
  /** sha256 (hex) of the prompt, or null without one; the prompt itself is never signed by default. */
  promptHash: string | null;
  /** The prompt itself, only when the org opted in (OrgSettings.promptInManifest). */
  prompt?: string;
  safety: SafetyDecisionRecord[];
  /** Output classification thresholds: strict for free orgs (DESIGN.md §6). */
  strictOutputSafety?: boolean;
}

/** What a signed output carries back to the main thread. */
export interface SignedOutputManifest {
  label: string;
  manifestHash: string;
  /** The manifest store, to keep server-side (design tools strip embedded metadata). */
  store: Uint8Array;
}

/** Engines whose pixels come from a trained model (C2PA digitalSourceType); classical ones do not. */
function usesTrainedModel(engine: string): boolean {
  return !(engine === "lanczos3" || engine === "local-inpaint" || engine === "brand-grade" || engine === "noop");
}

/** The parameters worth recording for a plan (never the prompt: only its hash goes in). */
function parametersOf(plan: Plan): Record<string, unknown> {
  switch (plan.kind) {
    case "upscale":
      return { scale: plan.scale, output: plan.output };
    case "inpaint":
      return { method: plan.method, grow: plan.grow, feather: plan.feather };
    case "outpaint":
      return { method: plan.method, canvas: plan.canvas, grow: plan.grow, feather: plan.feather };
    case "generate":
    case "vary":
      return {
        width: plan.width,
        height: plan.height,
        steps: plan.steps,
        guidance: plan.guidance,
        strength: plan.strength,
      };
    case "stylize":
      return {
        brandKit: plan.brand ? `${plan.brand.slug}@${plan.brand.version}` : null,
        strength: plan.brand?.strength,
      };
    case "noop":
      return {};
  }
}

/**
 * Signs one output PNG with a C2PA manifest: `created` for generate, `edited` with the input as the
 * parent ingredient for everything else, whatever format the input was uploaded in (DESIGN.md §5).
 */
export async function signOutput(
  png: Uint8Array,
  plan: Exclude<Plan, { kind: "noop" }>,
  job: ProvenanceContext,
  output: {
    title: string;
    seed: number | null;
    parentPath: string | null;
    format?: "png" | "jpeg";
    /** Brand-kit reference images the output was styled after. */
    referencePaths?: string[];
  },
  identity: SigningIdentity,
): Promise<{ png: Uint8Array; manifest: SignedOutputManifest }> {
  const jobKind = plan.kind as ProvenanceJobKind;
  const spec: ProvenanceSpec = {
    action: plan.kind === "generate" ? "created" : "edited",
    jobKind,
    // Labels quote the prompt: without the org's opt-in the title must not carry it either.
    title:
      job.prompt === undefined
        ? `easel-${plan.kind}${output.seed === null ? "" : `-${output.seed}`}.${output.format === "jpeg" ? "jpg" : "png"}`
        : output.title,
    format: output.format === "jpeg" ? "image/jpeg" : "image/png",
    claimGenerator: { name: "Easel", version: EASEL_VERSION },
    generatedPixels: usesTrainedModel(plan.engine),
    easel: {
      engine: plan.engine,
      modelId: plan.engine,
      modelHash: null,
      seed: output.seed,
      parameters: parametersOf(plan),
      brandKit: job.brandKit,
      promptHash: job.promptHash,
      ...(job.prompt === undefined ? {} : { prompt: job.prompt }),
      safety: job.safety,
      commercialRights: job.commercialRights,
    },
  };
  if (output.parentPath) {
    spec.parent = await ingredientAt(output.parentPath, "source");
    spec.easel.parentSha256 = createHash("sha256").update(spec.parent.bytes).digest("hex");
  }
  const references: IngredientSource[] = [];
  for (const [i, path] of (output.referencePaths ?? []).entries()) {
    references.push(await ingredientAt(path, `brand reference ${i + 1}`));
  }
  if (references.length > 0) spec.references = references;
  const signed = await signImage(png, spec, identity);
  return {
    png: signed.bytes,
    manifest: { label: signed.manifestLabel, manifestHash: signed.manifestHash, store: signed.manifestStore },
  };
}

/**
 * An input image as an ingredient, in any format Easel accepts: one C2PA does not sign into is still an
 * ingredient (for the parent, bound by `parentSha256`). Inputs were sniffed at upload: an unknown format
 * here means the blob store changed under the job.
 */
async function ingredientAt(path: string, title: string): Promise<IngredientSource> {
  const bytes = new Uint8Array(await readFile(path));
  const format = sniffIngredientFormat(bytes);
  if (!format) throw new ProvenanceError(`the ${title} image is in no format Easel accepts`);
  return { bytes, format, title };
}

/** sha256 (hex) of a prompt, as recorded in manifests. */
export function promptHash(prompt: string | undefined): string | null {
  return prompt ? createHash("sha256").update(prompt).digest("hex") : null;
}
