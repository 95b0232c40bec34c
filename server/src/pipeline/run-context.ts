import type { OutputEncoding, Placement } from "@easel/shared/protocol";
import sharp from "sharp";
import type { WorkerEngines } from "../engines/builtin-engines.js";
import { type EngineContext, type RasterImage, throwIfAborted } from "../engines/types.js";
import type { SignedOutputManifest } from "../provenance/output-signer.js";
import { pixelSha256 } from "../provenance/pixel-hash.js";
import type { BlobStore } from "../storage/blob-store.js";
import type { PlanOutput, StageName } from "./plan-types.js";
import type { StripSpan } from "./upscale-strips.js";

/** What a plan runs with inside a worker thread. */
export interface RunContext {
  engines: WorkerEngines;
  blobs: BlobStore;
  signal: AbortSignal;
  /** The blob path of an input asset. */
  inputPath(assetId: string): string;
  progress(stage: StageName, step: number, total: number, preview?: string): void;
  /** Upscale strips produced by other workers, to blend instead of running the engine. */
  strips?: { span: StripSpan; image: RasterImage }[];
  /** Classifies and fingerprints an output before it is stored (the worker provides it). */
  inspect?(png: Buffer): Promise<Pick<PlanOutput, "safety" | "fingerprint">>;
  /** Signs an encoded output with the job's provenance (C2PA); the worker provides it. */
  sign?(
    bytes: Buffer,
    output: { title: string; seed: number | null; format: "png" | "jpeg" },
  ): Promise<{ png: Uint8Array; manifest: SignedOutputManifest }>;
  /** JPEG outputs when asked for; PNG otherwise. */
  encoding?: OutputEncoding;
}

/** An engine context whose progress is reported under `stage`. */
export function stageContext(context: RunContext, stage: StageName): EngineContext {
  return { signal: context.signal, progress: (step, total) => context.progress(stage, step, total) };
}

/** Stores an encoded PNG output and describes it for the job's layers. */
export async function storePng(
  context: RunContext,
  png: Buffer,
  meta: {
    width: number;
    height: number;
    hasAlpha: boolean;
    placement: Placement;
    label: string;
    seed: number | null;
    scores?: Record<string, number>;
  },
): Promise<PlanOutput> {
  context.progress("store", 0, 1);
  const inspected = context.inspect ? await context.inspect(png) : {};
  const format = context.encoding?.format ?? "png";
  const encoded =
    format === "jpeg"
      ? await sharp(png)
          .flatten({ background: "#ffffff" })
          .jpeg({ quality: context.encoding?.quality ?? 90 })
          .toBuffer()
      : png;
  let bytes: Uint8Array = encoded;
  let manifest: PlanOutput["manifest"];
  // A blocked output is kept only as quarantined bytes for the audit: never signed, never delivered.
  // A cancelled or timed-out attempt stops here: nobody would fetch what it signed and stored.
  throwIfAborted(context.signal);
  if (context.sign && inspected.safety?.decision !== "block") {
    const signed = await context.sign(encoded, {
      title: `${meta.label}.${format === "jpeg" ? "jpg" : "png"}`,
      seed: meta.seed,
      format,
    });
    bytes = signed.png;
    throwIfAborted(context.signal);
    manifest = {
      label: signed.manifest.label,
      manifestHash: signed.manifest.manifestHash,
      storeSha256: await context.blobs.put(signed.manifest.store),
      pixelSha256: await pixelSha256(bytes),
    };
  }
  throwIfAborted(context.signal);
  const sha256 = await context.blobs.put(bytes);
  context.progress("store", 1, 1);
  return {
    ...inspected,
    ...(manifest ? { manifest } : {}),
    sha256,
    width: meta.width,
    height: meta.height,
    bytes: bytes.length,
    hasAlpha: meta.hasAlpha,
    format,
    placement: meta.placement,
    label: meta.label,
    seed: meta.seed,
    scores: meta.scores ?? {},
  };
}
