import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
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

/** What an output's manifest says about how it was made: from the job's kind and its engine's facts. */
export interface OutputOrigin {
  jobKind: ProvenanceJobKind;
  /** `created` for pixels from nothing (text-to-image), `edited` with the input as the parent ingredient. */
  action: "created" | "edited";
  engine: string;
  /** Whether a trained model made the pixels (C2PA digitalSourceType), from the engine's descriptor. */
  generatedPixels: boolean;
  /** The parameters worth recording (never the prompt: only its hash goes in). */
  parameters: Record<string, unknown>;
}

/**
 * Signs one output with a C2PA manifest: `created` or `edited` (with the input as the parent ingredient,
 * whatever format it was uploaded in) as its origin says (DESIGN.md §5).
 */
export async function signOutput(
  png: Uint8Array,
  origin: OutputOrigin,
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
  const spec: ProvenanceSpec = {
    action: origin.action,
    jobKind: origin.jobKind,
    // Labels quote the prompt: without the org's opt-in the title must not carry it either.
    title:
      job.prompt === undefined
        ? `easel-${origin.jobKind}${output.seed === null ? "" : `-${output.seed}`}.${output.format === "jpeg" ? "jpg" : "png"}`
        : output.title,
    format: output.format === "jpeg" ? "image/jpeg" : "image/png",
    claimGenerator: { name: "Easel", version: EASEL_VERSION },
    generatedPixels: origin.generatedPixels,
    easel: {
      engine: origin.engine,
      modelId: origin.engine,
      modelHash: null,
      seed: output.seed,
      parameters: origin.parameters,
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
