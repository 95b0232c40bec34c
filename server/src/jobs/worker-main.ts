import { parentPort, workerData } from "node:worker_threads";
import sharp from "sharp";
import { WorkerEngines } from "../engines/builtin-engines.js";
import { AppError } from "../errors/app-error.js";
import type { Plan } from "../pipeline/plan-types.js";
import { runPlan } from "../pipeline/run-plan.js";
import { upscaleStrip } from "../pipeline/run-upscale.js";
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

/** The input an edit started from (its parent ingredient), if the plan has one. */
function parentAssetOf(plan: Plan): string | null {
  switch (plan.kind) {
    case "upscale":
    case "inpaint":
    case "outpaint":
    case "stylize":
      return plan.input.assetId;
    case "generate":
    case "vary":
      return plan.input?.assetId ?? null;
    case "noop":
      return null;
  }
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
    if (task.part && task.plan.kind === "upscale") {
      const { span, image } = await upscaleStrip(task.plan, task.part, {
        engines,
        blobs,
        signal: controller.signal,
        inputPath: (assetId) => task.inputPaths[assetId] as string,
        progress: (stage, step, total) => send({ type: "progress", taskId: task.taskId, stage, step, total }),
        outputThresholds: setup.outputThresholds,
      });
      const strip = { span, data: image.data, width: image.width, height: image.height };
      send({ type: "done", taskId: task.taskId, outputs: [], computeMs: computeMs(), strip }, [
        image.data.buffer as ArrayBuffer,
      ]);
      return;
    }
    const strict = task.provenance.strictOutputSafety === true;
    const { outputs, stageMs } = await runPlan(task.plan, {
      ...(task.strips
        ? {
            strips: task.strips.map((s) => ({
              span: s.span,
              image: { data: s.data, width: s.width, height: s.height, channels: 3 as const },
            })),
          }
        : {}),
      engines,
      blobs,
      inputPath: (assetId) => {
        const path = task.inputPaths[assetId];
        if (!path) throw new Error(`input ${assetId} was not handed to the worker`);
        return path;
      },
      signal: controller.signal,
      outputThresholds: strict ? strictest(setup.outputThresholds, STRICT_THRESHOLDS) : setup.outputThresholds,
      ...(task.plan.kind === "noop"
        ? {}
        : {
            sign: async (png: Uint8Array, output: { title: string; seed: number | null; format: "png" | "jpeg" }) => {
              const plan = task.plan as Exclude<Plan, { kind: "noop" }>;
              const parent = parentAssetOf(plan);
              return signOutput(
                png,
                plan,
                task.provenance,
                {
                  ...output,
                  parentPath: parent ? (task.inputPaths[parent] ?? null) : null,
                  referencePaths: (plan.brand?.referenceAssetIds ?? []).flatMap((id) => task.inputPaths[id] ?? []),
                },
                await signingIdentity(),
              );
            },
          }),
      progress: (stage, step, total, preview) =>
        send({
          type: "progress",
          taskId: task.taskId,
          stage,
          step,
          total,
          ...(preview === undefined ? {} : { preview }),
        }),
    });
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
