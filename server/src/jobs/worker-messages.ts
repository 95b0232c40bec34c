import type { ProblemCode } from "@easel/shared/protocol";
import type { EngineSetup } from "../engines/builtin-engines.js";
import type { Plan, PlanOutput, StageName } from "../pipeline/plan-types.js";
import type { ProvenanceContext } from "../provenance/output-signer.js";
import type { BlobStoreConfig } from "../storage/blob-store-config.js";

/** What a worker thread needs to build its engines; plain data, cloned into each thread. */
export interface WorkerSetup {
  blobs: BlobStoreConfig;
  /** sharp's own thread count inside each worker. */
  sharpConcurrency: number;
  engines: EngineSetup;
  /** Output classifier limits for standard orgs. */
  outputThresholds: { explicit: number; suggestive: number };
  /** This thread's place in the pool. */
  worker: { index: number; count: number };
  /** Where the signing identity lives (created by the main thread at start-up). */
  provenance: { dir: string; certChainPemPath: string | null; privateKeyPemPath: string | null };
}

export interface RunTask {
  type: "run";
  taskId: number;
  jobId: string;
  plan: Plan;
  /** Absolute paths of input blobs by asset id. */
  inputPaths: Record<string, string>;
  provenance: ProvenanceContext;
  /** A split job (pipeline/split.ts): run just this part of its engine stage and hand back its pixels. */
  part?: { index: number; count: number };
  /** A split job: the parts other threads made, for its engine stage to merge. */
  parts?: PartPixels[];
}

/** One part of a split engine stage, passed between threads without copying (transferred). */
export interface PartPixels {
  meta: Record<string, number>;
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

export type ToWorker = RunTask | { type: "abort"; taskId: number };

/** A failure the worker could describe; `retryable` says whether another attempt may succeed. */
export interface TaskFailure {
  code: ProblemCode;
  message: string;
  field?: string;
  retryable: boolean;
  aborted: boolean;
  /** The library's own text behind an engine failure: logged by the runner, never put in the job's problem. */
  cause?: string;
  /** The thread died under the task (the service's fault, not the job's): an interruption, not an attempt. */
  interrupted?: boolean;
}

export type FromWorker =
  | { type: "ready" }
  | { type: "progress"; taskId: number; step: number; total: number; stage: string; preview?: string }
  /** A candidate that passed the whole tail (allowed, signed, stored), sent as soon as it did. */
  | { type: "candidate"; taskId: number; output: PlanOutput }
  | {
      type: "done";
      taskId: number;
      outputs: PlanOutput[];
      computeMs: number;
      stageMs?: Partial<Record<StageName, number>>;
      part?: PartPixels;
    }
  | { type: "failed"; taskId: number; failure: TaskFailure; computeMs: number };
