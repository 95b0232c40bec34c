import type { WorkerEngines } from "../engines/builtin-engines.js";
import type { EngineContext, RasterImage } from "../engines/types.js";
import type { SignedOutputManifest } from "../provenance/output-signer.js";
import type { OutputThresholds } from "../safety/output-classification.js";
import type { BlobStore } from "../storage/blob-store.js";
import type { Candidate } from "./candidate.js";
import type { PlanOutput, StageName } from "./plan-types.js";

/** What a plan runs with inside a worker thread (jobs/worker-main.ts builds it for each task). */
export interface RunContext {
  engines: WorkerEngines;
  blobs: BlobStore;
  signal: AbortSignal;
  /** The blob path of an input asset. */
  inputPath(assetId: string): string;
  progress(stage: StageName, step: number, total: number, preview?: string): void;
  /** The parts other threads made of a split engine stage (split.ts): the kind's engine stage merges them. */
  parts?: SplitPart[];
  /** The output classifier's limits for this job (strict ones for free orgs). */
  outputThresholds: OutputThresholds;
  /**
   * Hands a candidate to the shared tail the moment the engine stage made it, so it is decided on, signed,
   * stored and announced before the next one is made (progressive delivery). Set by runStages for the
   * engine stage only; an engine stage that makes several candidates awaits it for each, in order, and
   * still returns them all (one that never calls it has its candidates finished after it returns).
   */
  made?(candidate: Candidate): Promise<void>;
  /** Announces a candidate that passed the whole tail (allowed, signed, stored); never a withheld one. */
  delivered?(output: PlanOutput): void;
  /** Signs encoded output bytes with the job's provenance (C2PA); absent where signing is off. */
  sign?(
    bytes: Uint8Array,
    output: { title: string; seed: number | null; format: "png" | "jpeg" },
  ): Promise<{ png: Uint8Array; manifest: SignedOutputManifest }>;
}

/** An engine context whose progress is reported under `stage`. */
export function stageContext(context: RunContext, stage: StageName): EngineContext {
  return { signal: context.signal, progress: (step, total) => context.progress(stage, step, total) };
}

/** One part of a split engine stage (split.ts): its pixels and what the merge needs to place them (plain numbers). */
export interface SplitPart {
  meta: Record<string, number>;
  image: RasterImage;
}
