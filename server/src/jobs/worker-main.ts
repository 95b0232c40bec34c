import { parentPort, workerData } from "node:worker_threads";
import type { JobKind } from "@easel/shared/protocol";
import sharp from "sharp";
import { WorkerEngines } from "../engines/builtin-engines.js";
import { AppError } from "../errors/app-error.js";
import { type JobKindModule, kindOf } from "../kinds/index.js";
import type { Plan } from "../pipeline/plan-types.js";
import type { RunContext } from "../pipeline/run-context.js";
import { runStages } from "../pipeline/run-stages.js";
import type { ProvenanceJobKind } from "../provenance/manifest-spec.js";
import { signOutput } from "../provenance/output-signer.js";
import { loadSigningIdentity, type SigningIdentity } from "../provenance/signing-identity.js";
import { STRICT_THRESHOLDS, strictest } from "../safety/output-classification.js";
import { createBlobStore } from "../storage/create-blob-store.js";
import { storageFault, storageUnavailable } from "../storage/storage-fault.js";
import { engineFailure } from "./engine-failure.js";
import type { FromWorker, RunTask, TaskFailure, ToWorker, WorkerSetup } from "./worker-messages.js";

// Entry point of a worker thread: runs one plan at a time, aborting it when the main thread asks.

const port = parentPort;
if (!port) throw new Error("worker-main must run in a worker thread");
const setup = workerData as WorkerSetup;
sharp.concurrency(setup.sharpConcurrency);
const engines = new WorkerEngines(setup.engines, setup.worker);
const blobs = createBlobStore(setup.blobs);
const running = new Map<number, AbortController>();
let identity: Promise<SigningIdentity> | undefined;

/** The signing identity, loaded once per thread from the files the main thread created or checked. */
function signingIdentity(): Promise<SigningIdentity> {
  const { dir, certChainPemPath, privateKeyPemPath } = setup.provenance;
  identity ??= loadSigningIdentity({
    dir,
    ...(certChainPemPath ? { certChainPemPath } : {}),
    ...(privateKeyPemPath ? { privateKeyPemPath } : {}),
  });
  return identity;
}

/** Signs an output with the job's provenance: what its kind records, and its engine's facts. */
async function sign(
  task: RunTask,
  kind: JobKindModule<JobKind>,
  bytes: Uint8Array,
  output: { title: string; seed: number | null; format: "png" | "jpeg" },
) {
  const { plan } = task;
  const made = kind.provenance(plan);
  const origin = {
    jobKind: plan.kind as ProvenanceJobKind,
    action: made.action,
    engine: "engine" in plan ? plan.engine : plan.kind,
    // Old plans carry no engine facts: a trained model is the conservative claim.
    generatedPixels: made.generatedPixels ?? plan.engineFacts?.trainedModel ?? true,
    parameters: made.parameters,
  };
  return signOutput(
    bytes,
    origin,
    task.provenance,
    {
      ...output,
      parentPath: made.parentAssetId ? (task.inputPaths[made.parentAssetId] ?? null) : null,
      referencePaths: (plan.brand?.referenceAssetIds ?? []).flatMap((id) => task.inputPaths[id] ?? []),
    },
    await signingIdentity(),
  );
}

const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

port.on("message", (message: ToWorker) => {
  if (message.type === "abort") running.get(message.taskId)?.abort(new Error("cancelled"));
  else void run(message);
});
send({ type: "ready" });

async function run(task: RunTask): Promise<void> {
  const controller = new AbortController();
  running.set(task.taskId, controller);
  const started = performance.now();
  // Wall time of the task in this thread: engines here are single-threaded, so it is CPU time too.
  const computeMs = () => Math.round(performance.now() - started);
  try {
    const kind = kindOf(task.plan);
    const context: RunContext = {
      engines,
      blobs,
      inputPath: (assetId) => {
        const path = task.inputPaths[assetId];
        if (!path) throw new Error(`input ${assetId} was not handed to the worker`);
        return path;
      },
      signal: controller.signal,
      outputThresholds:
        task.provenance.strictOutputSafety === true
          ? strictest(setup.outputThresholds, STRICT_THRESHOLDS)
          : setup.outputThresholds,
      ...(task.parts
        ? {
            parts: task.parts.map((p) => ({
              meta: p.meta,
              image: { data: p.data, width: p.width, height: p.height, channels: p.channels },
            })),
          }
        : {}),
      sign: (bytes, output) => sign(task, kind, bytes, output),
      delivered: (output) => send({ type: "candidate", taskId: task.taskId, output }),
      progress: (stage, step, total, preview) =>
        send({
          type: "progress",
          taskId: task.taskId,
          stage,
          step,
          total,
          ...(preview === undefined ? {} : { preview }),
        }),
    };
    if (task.part) {
      // One part of a split engine stage (pipeline/split.ts): its pixels go back to the job's thread.
      if (!kind.split) throw new Error(`a ${task.plan.kind} job cannot be split`);
      const { meta, image } = await kind.split.runPart(task.plan, task.part, context);
      const part = { meta, data: image.data, width: image.width, height: image.height, channels: image.channels };
      send({ type: "done", taskId: task.taskId, outputs: [], computeMs: computeMs(), part }, [
        image.data.buffer as ArrayBuffer,
      ]);
      return;
    }
    const { outputs, stageMs } = await runStages(task.plan, kind.engine, context);
    send({ type: "done", taskId: task.taskId, outputs, computeMs: computeMs(), stageMs });
  } catch (error) {
    send({
      type: "failed",
      taskId: task.taskId,
      failure: describe(error, controller.signal.aborted, task.plan),
      computeMs: computeMs(),
    });
  } finally {
    running.delete(task.taskId);
  }
}

function describe(error: unknown, aborted: boolean, plan: Plan): TaskFailure {
  if (aborted) return { code: "cancelled", message: "stopped", retryable: false, aborted: true };
  if (error instanceof AppError) {
    return {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      aborted: false,
      ...(error.field === undefined ? {} : { field: error.field }),
    };
  }
  const fault = storageFault(error);
  if (fault) {
    // Full or read-only storage is the service's state, not the job's: retried (as an interruption,
    // with backoff) until space returns, never failed for good as an engine error.
    const { code, message } = storageUnavailable(fault);
    return { code, message, retryable: true, aborted: false, interrupted: true };
  }
  const field = (error as { field?: unknown }).field;
  if (typeof field === "string") {
    return { code: "validation", message: (error as Error).message, field, retryable: false, aborted: false };
  }
  return engineFailure(error, plan);
}
