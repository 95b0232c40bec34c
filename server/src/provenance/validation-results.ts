// The C2PA 2.x validation results of a manifest store (C2PA 2.1 §15.2.2, "validationResults"): the active
// manifest's success, informational and failure codes, and per ingredient what changed since it was recorded.
// Kept whole in the verify response, so a caller sees every code c2pa-rs reported, not just a verdict.
import { type RawValidationResults, toCodes, type ValidationCode } from "./manifest-report.js";

/** Status codes of one manifest, by kind. */
export interface StatusCodes {
  success: ValidationCode[];
  informational: ValidationCode[];
  failure: ValidationCode[];
}

/** What c2pa-rs found: the active manifest's codes and each ingredient's deltas. */
export interface ValidationResults {
  activeManifest: StatusCodes;
  ingredientDeltas: { ingredientAssertionURI: string; validationDeltas: StatusCodes }[];
}

function statusCodes(raw: RawValidationResults["activeManifest"]): StatusCodes {
  return { success: toCodes(raw?.success), informational: toCodes(raw?.informational), failure: toCodes(raw?.failure) };
}

/** Validation results from c2pa-rs's JSON; readers that only give a flat `validation_status` list it as failures. */
export function validationResultsOf(
  raw: RawValidationResults | undefined,
  flatStatus?: Parameters<typeof toCodes>[0],
): ValidationResults {
  if (!raw)
    return { activeManifest: { ...statusCodes(undefined), failure: toCodes(flatStatus) }, ingredientDeltas: [] };
  return {
    activeManifest: statusCodes(raw.activeManifest),
    ingredientDeltas: (raw.ingredientDeltas ?? []).map((d) => ({
      ingredientAssertionURI: d.ingredientAssertionURI,
      validationDeltas: statusCodes(d.validationDeltas),
    })),
  };
}

/** Results holding one failure: what to report when the reader could not get as far as validating. */
export function failureResults(code: ValidationCode): ValidationResults {
  return { activeManifest: { success: [], informational: [], failure: [code] }, ingredientDeltas: [] };
}

/** Every failure: the active manifest's, then each ingredient's (as C2PA 2.x states judge them together). */
export function allFailures(results: ValidationResults): ValidationCode[] {
  return [...results.activeManifest.failure, ...results.ingredientDeltas.flatMap((d) => d.validationDeltas.failure)];
}
