// What a caller says about one output, in Easel's terms; manifest-builder turns it into a C2PA manifest.
import type { PRODUCT_JOB_KINDS } from "@easel/shared";

/** Formats Easel signs (C2PA embeds the store in a PNG `caBX` chunk or JPEG APP11 segments). */
export type SignableFormat = "image/png" | "image/jpeg";

/**
 * Formats an ingredient may have: every format Easel accepts as input (assets/image-probe.ts). c2pa-rs records
 * an ingredient in any of them (and reads a manifest a WebP parent carries); the parent's bytes are bound by
 * `EaselGenerationRecord.parentSha256`.
 */
export type IngredientFormat = SignableFormat | "image/webp";

/** A product job kind (`generate` … `stylize`). */
export type ProvenanceJobKind = (typeof PRODUCT_JOB_KINDS)[number];

/** An image that went into the output, with its bytes as stored (a signed parent keeps its manifest). */
export interface IngredientSource {
  bytes: Uint8Array;
  format: IngredientFormat;
  title: string;
}

/** One safety decision about the job (prompt policy, output classifier, similarity check …). */
export interface SafetyDecisionRecord {
  /** Which check decided, e.g. "prompt", "output", "similarity". */
  stage?: string;
  decision: string;
  reasons: string[];
}

/** Easel's own record of how the pixels were made; signed as the `dev.easel.generation` assertion. */
export interface EaselGenerationRecord {
  engine: string;
  modelId: string | null;
  /** SHA-256 (hex) of the model weights, so a verifier can tell which exact model ran. */
  modelHash: string | null;
  seed: number | null;
  parameters: Record<string, unknown>;
  /** `slug@version`, or null without a brand kit. */
  brandKit: string | null;
  /** SHA-256 (hex) of the prompt; the prompt itself only when the organisation opted in (`prompt`). */
  promptHash: string | null;
  prompt?: string;
  safety: SafetyDecisionRecord[];
  /** Whether the plan the image was made under grants commercial use. */
  commercialRights: boolean;
  /**
   * SHA-256 (hex) of the parent image's bytes (an edit's input, Easel's asset id): binds the `parentOf`
   * ingredient to those bytes whatever their format, as C2PA only hashes an ingredient's own manifest
   * and an unsigned upload (a WebP, say) has none.
   */
  parentSha256?: string;
}

/** Whether others may train on or mine the output (CAWG training-and-data-mining assertion values). */
export type TrainingMiningUse = "allowed" | "notAllowed" | "constrained";

/** Everything needed to sign one output. */
export interface ProvenanceSpec {
  /** `created` for generate (new pixels from nothing), `edited` for inpaint/outpaint/stylize/vary/upscale. */
  action: "created" | "edited";
  jobKind: ProvenanceJobKind;
  /** Title of the output (its file name, usually). */
  title: string;
  format: SignableFormat;
  claimGenerator: { name: "Easel"; version: string };
  /** The image an edit started from: a `parentOf` ingredient, opened by `c2pa.opened`. Required for edits. */
  parent?: IngredientSource;
  /** Brand-kit reference images the engine was conditioned on: `inputTo` ingredients. */
  references?: IngredientSource[];
  /** Whether a trained model produced (some of) the pixels; upscaling with lanczos does not, ESRGAN does. */
  generatedPixels: boolean;
  easel: EaselGenerationRecord;
  /** Default "notAllowed". */
  trainingMining?: TrainingMiningUse;
  /** Free text for `constrained`. */
  trainingMiningConstraint?: string;
}

/** IPTC digital source types (https://cv.iptc.org/newscodes/digitalsourcetype/). */
export const DIGITAL_SOURCE_TYPE = {
  trainedAlgorithmicMedia: "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
  compositeWithTrainedAlgorithmicMedia:
    "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia",
} as const;

/** Label of Easel's custom assertion (reverse-domain custom label, C2PA 2.1 §6.2). */
export const EASEL_ASSERTION_LABEL = "dev.easel.generation";
