// Verifies the C2PA manifest of any image (Easel's or another tool's) with c2pa-rs in wasm, or a stored
// ("sidecar") manifest store for a copy whose embedded metadata a design tool stripped.
import { loadC2pa } from "./c2pa-runtime.js";
import { readerSettings } from "./c2pa-settings.js";
import { insertManifestSegments, manifestSegments } from "./jpeg-manifest-segments.js";
import {
  certificateDetails,
  type ManifestReport,
  type ManifestState,
  manifestReport,
  type RawManifestStore,
  stateOf,
  type ValidationCode,
} from "./manifest-report.js";
import { insertManifestChunk } from "./png-manifest-chunk.js";
import { codeForReaderError, meaningOf } from "./validation-codes.js";
import { allFailures, failureResults, type ValidationResults, validationResultsOf } from "./validation-results.js";
import { verifiableFormat } from "./verify-format.js";

/** trusted = valid and chained to a trust anchor; valid = intact but not trusted; invalid = a check failed;
 * absent = no C2PA manifest covers these bytes. */
export type VerificationState = "trusted" | "valid" | "invalid" | "absent";

/** What verifyImage found. */
export interface VerificationReport {
  state: VerificationState;
  /** Where the manifest came from: embedded in the image, the stored manifest store, or nowhere. */
  source: "embedded" | "sidecar" | "none";
  /** Failed checks of the active manifest (and of ingredients that changed since they were recorded). */
  failures: ValidationCode[];
  /** Checks that were skipped or are only informative (e.g. OCSP not fetched). */
  informational: ValidationCode[];
  /** Every status code c2pa-rs reported (C2PA 2.x validationResults); empty when no manifest was read. */
  validationResults: ValidationResults;
  activeManifest?: ManifestReport;
  /** When a stored store was given but does not bind to these bytes: how that store validates on its own
   * (signature, certificate, assertions — everything but the hash of the image bytes). */
  detachedManifest?: {
    state: "trusted" | "valid" | "invalid";
    failures: ValidationCode[];
    validationResults: ValidationResults;
    manifest?: ManifestReport;
  };
  /** One sentence for people. */
  summary: string;
}

/** Options of verifyImage. */
export interface VerifyOptions {
  /** PEM roots to trust (the service's CA, a C2PA trust list …). */
  trustAnchorsPem: string[];
  /** The manifest store stored for this image, used when the image carries none. */
  manifestStore?: Uint8Array;
}

interface ReadResult {
  store: RawManifestStore;
  crJson: unknown;
}

/** Reads with c2pa-rs; undefined when there is no C2PA data, throws (as a string) for unreadable data. */
async function read(
  format: string,
  bytes: Uint8Array,
  trustAnchorsPem: readonly string[],
): Promise<ReadResult | undefined> {
  const c2pa = await loadC2pa();
  let reader: Awaited<ReturnType<typeof c2pa.WasmReader.fromBytes>>;
  try {
    reader = await c2pa.WasmReader.fromBytes(format, bytes, readerSettings(trustAnchorsPem));
  } catch (error) {
    const message = String(error);
    if (message.includes("JumbfNotFound")) return undefined;
    throw new Error(message);
  }
  try {
    return { store: reader.manifestStore() as RawManifestStore, crJson: JSON.parse(reader.crJson()) };
  } finally {
    reader.free();
  }
}

function isDataHash(code: ValidationCode): boolean {
  return code.code.startsWith("assertion.dataHash") || code.code.startsWith("assertion.boxesHash");
}

function reportFrom(result: ReadResult, source: "embedded" | "sidecar"): VerificationReport {
  const { store } = result;
  const validationResults = validationResultsOf(store.validation_results, store.validation_status);
  const failures = allFailures(validationResults);
  const successes = validationResults.activeManifest.success;
  const label = store.active_manifest;
  // c2pa-rs's own verdict (C2PA 2.x validation states) wins; recompute only for readers that omit it.
  const verdicts: Record<string, ManifestState> = { Trusted: "trusted", Valid: "valid", Invalid: "invalid" };
  const state = verdicts[store.validation_state ?? ""] ?? stateOf(failures, successes);
  const activeManifest = label ? manifestReport(store, label, certificateDetails(result.crJson)) : undefined;
  return {
    state,
    source,
    failures,
    informational: validationResults.activeManifest.informational,
    validationResults,
    ...(activeManifest ? { activeManifest } : {}),
    summary: summarise(state, activeManifest, failures),
  };
}

function summarise(state: VerificationState, manifest: ManifestReport | undefined, failures: ValidationCode[]): string {
  const signer = manifest?.signer.commonName ?? manifest?.signer.organization ?? "an unknown signer";
  switch (state) {
    case "trusted":
      return `Content Credentials intact, signed by ${signer}, whose certificate chains to a trusted root.`;
    case "valid":
      return `Content Credentials intact, signed by ${signer}, but the certificate does not chain to a trusted root.`;
    case "invalid":
      return `Content Credentials fail validation: ${failures.map((f) => f.code).join(", ") || "unreadable"}.`;
    case "absent":
      return "No Content Credentials cover these bytes.";
    default:
      return state satisfies never;
  }
}

/** The reader threw before it could validate: report the standard code for why (C2PA 2.1 §15.2.1). */
function unreadable(message: string, source: "embedded" | "sidecar"): VerificationReport {
  const standard = codeForReaderError(message);
  const meaning = meaningOf(standard);
  const code: ValidationCode = { code: standard, explanation: message, ...(meaning ? { meaning } : {}) };
  return {
    state: "invalid",
    source,
    failures: [code],
    informational: [],
    validationResults: failureResults(code),
    summary: summarise("invalid", undefined, [code]),
  };
}

/** The c2pa.hash.data exclusion of the active manifest (where the store sat in the signed file). */
function dataHashExclusion(result: ReadResult): { start: number; length: number } | undefined {
  const label = result.store.active_manifest;
  const manifests =
    (result.crJson as { manifests?: { label?: string; assertions?: Record<string, unknown> }[] }).manifests ?? [];
  const active = manifests.find((m) => m.label === label);
  const hash = active?.assertions?.["c2pa.hash.data"] as
    | { exclusions?: { start: number; length: number }[] }
    | undefined;
  return hash?.exclusions?.[0];
}

/** The signed file as it was, if `bytes` are it minus the manifest store `store` (PNG `caBX`, JPEG APP11). */
function reinsert(
  bytes: Uint8Array,
  format: string,
  store: Uint8Array,
  exclusion: { start: number; length: number },
): Uint8Array | undefined {
  if (format === "image/png" && exclusion.length === store.length + 12) {
    return insertManifestChunk(bytes, store, exclusion.start);
  }
  if (format === "image/jpeg" && exclusion.length === manifestSegments(store).length) {
    return insertManifestSegments(bytes, store, exclusion.start);
  }
  return undefined;
}

async function verifySidecar(
  bytes: Uint8Array,
  format: string,
  store: Uint8Array,
  anchors: string[],
): Promise<VerificationReport> {
  let detached: ReadResult | undefined;
  try {
    detached = await read("application/c2pa", store, anchors);
  } catch (error) {
    return unreadable(`stored manifest store: ${(error as Error).message}`, "sidecar");
  }
  if (!detached) return unreadable("the stored manifest store holds no C2PA manifest", "sidecar");

  // Put the store back where the signed file had it; if these are the signed bytes minus the manifest, the
  // data hash verifies exactly as it did before the manifest was stripped.
  const exclusion = dataHashExclusion(detached);
  const rebuilt = exclusion ? reinsert(bytes, format, store, exclusion) : undefined;
  if (rebuilt) {
    const rebound = await read(format, rebuilt, anchors).catch(() => undefined);
    if (rebound) {
      const report = reportFrom(rebound, "sidecar");
      if (!report.failures.some(isDataHash)) {
        return {
          ...report,
          summary: `${report.summary} (From the stored manifest: these bytes are the signed file minus its embedded copy.)`,
        };
      }
    }
  }

  // The bytes differ from the signed ones (re-encoded, resized …): the store proves what Easel signed, not that
  // these pixels are it. Report its own validity apart from the hard binding, which cannot hold.
  const own = reportFrom(detached, "sidecar");
  const failures = own.failures.filter((f) => !isDataHash(f));
  const detachedState = stateOf(failures, own.validationResults.activeManifest.success);
  return {
    state: "absent",
    source: "sidecar",
    failures: [],
    informational: own.informational,
    validationResults: validationResultsOf(undefined),
    detachedManifest: {
      state: detachedState,
      failures,
      validationResults: own.validationResults,
      ...(own.activeManifest ? { manifest: own.activeManifest } : {}),
    },
    summary: `These bytes are not the ones the stored manifest signed (re-encoded or edited), so no Content Credentials bind to them; the stored manifest itself is ${detachedState}.`,
  };
}

/** Verifies the image's embedded C2PA manifest, or the stored one when the image carries none. */
export async function verifyImage(bytes: Uint8Array, options: VerifyOptions): Promise<VerificationReport> {
  const format = verifiableFormat(bytes);
  const anchors = options.trustAnchorsPem;
  const none = (summary: string): VerificationReport => ({
    state: "absent",
    source: "none",
    failures: [],
    informational: [],
    validationResults: validationResultsOf(undefined),
    summary,
  });
  if (!format) return none("Not an image format whose Content Credentials this service reads.");
  let embedded: ReadResult | undefined;
  try {
    embedded = await read(format, bytes, anchors);
  } catch (error) {
    return unreadable((error as Error).message, "embedded");
  }
  if (embedded) return reportFrom(embedded, "embedded");
  if (options.manifestStore) return verifySidecar(bytes, format, options.manifestStore, anchors);
  return none("No Content Credentials are embedded in this image.");
}
