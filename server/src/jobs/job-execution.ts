import type { Config } from "../config/config.js";
import type { MetaDb } from "../db/meta-db.js";
import type { BlobStore } from "../storage/blob-store.js";
import type { Logger } from "../util/logger.js";
import { DbJobQueue } from "./db-job-queue.js";
import type { JobEventBus } from "./job-event-bus.js";
import type { JobQueue } from "./job-queue.js";
import { JobRunner } from "./job-runner.js";
import type { JobScheduler } from "./job-scheduler.js";
import { type SettleHooks, settleOutputs } from "./settle-outputs.js";
import type { WorkerSetup } from "./worker-messages.js";
import { WorkerPool } from "./worker-pool.js";

/** How an API node gets its jobs run: on its own worker threads, or by worker processes via Redis. */
export interface JobExecution {
  queue: JobQueue;
  scheduler: JobScheduler;
  /** The worker threads (embedded mode only). */
  pool: WorkerPool | null;
  runner: JobRunner | null;
  readiness: { name: string; check: () => Promise<{ ok: boolean; detail: string }> };
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ExecutionDeps {
  config: Config;
  db: MetaDb;
  bus: JobEventBus;
  blobs: BlobStore;
  owner: string;
  hooks: SettleHooks;
  logger: Logger;
  workerSetup: Omit<WorkerSetup, "worker">;
}

/** Builds the execution the config names. */
export async function createJobExecution(deps: ExecutionDeps): Promise<JobExecution> {
  return deps.config.queue.kind === "redis" ? dispatchedExecution(deps) : embeddedExecution(deps);
}

/** Embedded: the SQLite queue and one worker thread per core in this process. */
function embeddedExecution({ config, db, bus, blobs, owner, hooks, logger, workerSetup }: ExecutionDeps): JobExecution {
  const queue = new DbJobQueue(db, bus, {
    leaseMs: config.leaseMs,
    retryBaseMs: config.retryBaseMs,
    maxInterruptions: config.maxInterruptions,
    owner,
  });
  const pool = new WorkerPool({ size: config.workers, setup: workerSetup });
  const runner = new JobRunner(queue, pool, {
    owner,
    leaseMs: config.leaseMs,
    inputPath: (id) => blobs.localPath(id),
    log: (level, message) => logger.log(level, message),
    ...hooks,
    settle: (job, outputs, computeMs) => settleOutputs(queue, hooks, job, outputs, computeMs),
  });
  return {
    queue,
    scheduler: runner,
    pool,
    runner,
    readiness: {
      name: "workers",
      check: async () => ({ ok: pool.size > 0, detail: `${pool.idle}/${pool.size} idle` }),
    },
    start: () => runner.start(),
    async stop() {
      await runner.stop();
      await pool.close();
    },
  };
}

/** Distributed: records stay here; BullMQ on Redis carries attempts to `easel worker` processes. */
async function dispatchedExecution({ config, db, bus, owner, hooks, logger }: ExecutionDeps): Promise<JobExecution> {
  if (config.queue.kind !== "redis") throw new Error("dispatched execution needs a Redis queue");
  // Loaded only in this mode: BullMQ and ioredis are hundreds of modules an embedded service never needs.
  const [{ DispatchJobStore }, { RedisDispatcher }] = await Promise.all([
    import("./redis/dispatch-job-store.js"),
    import("./redis/redis-dispatcher.js"),
  ]);
  const store = new DispatchJobStore(db, bus, {
    leaseMs: config.leaseMs,
    retryBaseMs: config.retryBaseMs,
    maxInterruptions: config.maxInterruptions,
    owner,
  });
  const dispatcher = new RedisDispatcher(store, bus, hooks, {
    url: config.queue.url,
    prefix: config.queue.prefix,
    consumer: config.nodeName,
    processId: owner,
    cancelWaitMs: Math.min(30_000, config.leaseMs),
    staleCheckMs: Math.max(5000, config.leaseMs),
    log: (level, message) => logger.log(level, message),
  });
  return {
    queue: store,
    scheduler: dispatcher,
    pool: null,
    runner: null,
    readiness: {
      name: "redis",
      check: async () => {
        try {
          // A Redis that is down holds commands until it is back: answer "not ready" instead of hanging.
          const ok = await Promise.race([
            dispatcher.ping(),
            new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer within 1 s")), 1000)),
          ]);
          const counts = Object.entries(await dispatcher.workerCounts())
            .map(([workClass, n]) => `${workClass} ${n}`)
            .join(", ");
          return { ok, detail: `worker processes per class: ${counts}` };
        } catch (error) {
          return { ok: false, detail: `redis: ${(error as Error).message}` };
        }
      },
    },
    start: () => dispatcher.start(),
    stop: () => dispatcher.stop(),
  };
}
