import { join } from "node:path";
import type { Config } from "./config/config.js";
import { JobRunner } from "./jobs/job-runner.js";
import type { WorkClass } from "./jobs/lanes.js";
import { RedisWorkerQueue } from "./jobs/redis/redis-worker-queue.js";
import { WorkerPool } from "./jobs/worker-pool.js";
import { loadSigningIdentity } from "./provenance/signing-identity.js";
import { createBlobStore } from "./storage/create-blob-store.js";
import { newId } from "./util/ids.js";
import { createLogger } from "./util/logger.js";

/** A running `easel worker`: pulls attempts from Redis, runs them on its threads, reports back. */
export interface WorkerNode {
  owner: string;
  workClasses: WorkClass[];
  /** Stops claiming; running attempts go back to their queue at once for another worker. */
  stop(): Promise<void>;
}

/**
 * Starts a stateless worker process: no database, no HTTP. Inputs come from and outputs go to the
 * shared blob store; every transition is reported to the API node, which owns the job records.
 */
export async function startWorkerNode(config: Config, workClasses: WorkClass[]): Promise<WorkerNode> {
  if (config.queue.kind !== "redis") {
    throw new Error("easel worker needs EASEL_QUEUE=redis://… (the embedded mode runs jobs inside `easel serve`)");
  }
  const logger = createLogger(config.logLevel);
  const blobs = createBlobStore(config.blobs);
  const owner = `${config.nodeName}/${newId("wrk")}`;
  const signing = {
    dir: join(config.dataDir, "provenance"),
    certChainPemPath: config.signingCertPath,
    privateKeyPemPath: config.signingKeyPath,
  };
  // Fail at start-up, naming the file, rather than on the first job.
  await loadSigningIdentity({
    dir: signing.dir,
    ...(signing.certChainPemPath ? { certChainPemPath: signing.certChainPemPath } : {}),
    ...(signing.privateKeyPemPath ? { privateKeyPemPath: signing.privateKeyPemPath } : {}),
  });
  const queue = new RedisWorkerQueue({
    url: config.queue.url,
    prefix: config.queue.prefix,
    workClasses,
    leaseMs: config.leaseMs,
  });
  const pool = new WorkerPool({
    size: config.workers,
    setup: {
      blobs: config.blobs,
      sharpConcurrency: 1,
      engines: {
        inpaintModelPath: config.inpaintModelPath,
        sdModelDir: config.sdModelDir,
        comfy: config.comfy,
        modelCacheDir: config.upscaleOnnx ? join(config.dataDir, "models") : null,
        bestPrecision: config.upscaleBestPrecision,
      },
      provenance: signing,
      outputThresholds: config.outputThresholds,
    },
  });
  const runner = new JobRunner(queue, pool, {
    owner,
    leaseMs: config.leaseMs,
    inputPath: (id) => blobs.localPath(id),
    log: (level, message) => logger.log(level, message),
    // Review and metering need the metadata database: the API node runs them on this worker's report,
    // which carries the compute the attempt used (on failures too, noted by the meter hook first).
    meter: ({ job, computeMs }) => queue.noteCompute(job.id, computeMs),
    settle: async (job, outputs, computeMs) => {
      queue.noteCompute(job.id, computeMs);
      await queue.succeed(job.id, job.leaseToken, outputs);
    },
  });
  await queue.start({ onWork: () => runner.wake(), onCancel: (jobId) => void runner.cancel(jobId) });
  await runner.start();
  logger.log("info", `worker ${owner} takes ${workClasses.join(", ")} jobs on ${pool.size} thread(s)`);
  let stopping: Promise<void> | null = null;
  return {
    owner,
    workClasses,
    stop() {
      stopping ??= (async () => {
        await runner.stop();
        await pool.close();
        await queue.close();
      })();
      return stopping;
    },
  };
}
