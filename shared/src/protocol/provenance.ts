import { z } from "zod";
import { InclusionProof, SignedTreeHead } from "../transparency/schemas.js";

/** One C2PA validation status (C2PA 2.1 §15.2.1 standard codes, e.g. `assertion.dataHash.mismatch`). */
const ValidationCode = z.object({
  code: z.string(),
  /** The validator's technical explanation. */
  explanation: z.string().optional(),
  /** What the code means, in plain words, where Easel knows the code. */
  meaning: z.string().optional(),
  /** JUMBF URI of what was checked. */
  url: z.string().optional(),
});

/** Status codes of one manifest, by kind (C2PA 2.1 §15.2.2). */
const StatusCodes = z.object({
  success: z.array(ValidationCode),
  informational: z.array(ValidationCode),
  failure: z.array(ValidationCode),
});

/** C2PA 2.x validationResults: the active manifest's codes and, per ingredient, what changed since it was recorded. */
export const ValidationResults = z.object({
  activeManifest: StatusCodes,
  ingredientDeltas: z.array(z.object({ ingredientAssertionURI: z.string(), validationDeltas: StatusCodes })),
});
export type ValidationResults = z.infer<typeof ValidationResults>;

/** How a manifest validates on its own: trusted, valid (intact, unknown signer) or invalid. */
const ManifestValidity = z.enum(["trusted", "valid", "invalid"]);

/** `POST /v1/provenance/verify`: what an image's Content Credentials say and whether they hold. */
export const VerificationResult = z.object({
  /**
   * trusted = the manifest binds to these bytes and is signed under a trusted root; valid = binds and is intact, but
   * the signer is unknown; invalid = tampered, broken or not checkable (see `failures`); matched = no manifest binds
   * to these bytes, but the image has the exact pixels of an output whose stored manifest is `storedManifest` (a
   * stripped, re-encoded copy: never trusted, since nothing ties that manifest to this file); absent = no Content
   * Credentials at all.
   */
  state: z.enum(["trusted", "valid", "invalid", "matched", "absent"]),
  /** embedded: the image carries its manifest; pixels: it was stripped and the stored manifest matched its pixels. */
  match: z.enum(["embedded", "pixels", "none"]),
  summary: z.string(),
  /** Failed checks (active manifest and ingredients), standard C2PA codes. */
  failures: z.array(ValidationCode),
  /** Informational codes of the active manifest (e.g. `signingCredential.ocsp.skipped`). */
  informational: z.array(ValidationCode),
  /** Every code the validator reported, as C2PA 2.x structures them; null when no manifest was read. */
  validationResults: ValidationResults.nullable(),
  /** With `matched`: how the stored manifest validates on its own (all but the binding to these bytes). */
  storedManifest: z
    .object({ state: ManifestValidity, failures: z.array(ValidationCode), validationResults: ValidationResults })
    .nullable(),
  /** The active manifest: signer, claim generator, actions, ingredients (the edit chain), Easel assertion. */
  manifest: z.unknown().nullable(),
  /** The manifest's place in Easel's transparency log, when Easel signed it. */
  log: z
    .object({ manifestId: z.string(), index: z.number().int(), treeHead: SignedTreeHead, inclusion: InclusionProof })
    .nullable(),
});
export type VerificationResult = z.infer<typeof VerificationResult>;

/** `GET /v1/provenance/manifests/:id`: a stored manifest of the org's output, with its log position. */
export const StoredManifest = VerificationResult.extend({ jobId: z.string(), assetId: z.string() });
export type StoredManifest = z.infer<typeof StoredManifest>;

/** Query of `GET /v1/transparency/inclusion`. */
export const InclusionQuery = z.object({
  index: z.coerce.number({ error: "must be an integer" }).int("must be an integer"),
  size: z.coerce.number({ error: "must be an integer" }).int("must be an integer").optional(),
});

/** Query of `GET /v1/transparency/consistency`. */
export const ConsistencyQuery = z.object({
  first: z.coerce.number({ error: "must be an integer" }).int("must be an integer"),
  second: z.coerce.number({ error: "must be an integer" }).int("must be an integer").optional(),
});
