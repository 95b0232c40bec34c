import type { JobEvent } from "@easel/shared/protocol";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { JobEventBus } from "../job-event-bus.js";
import type { JobScheduler } from "../job-scheduler.js";
import { WORK_CLASSES, type WorkClass, workClassOf } from "../lanes.js";
import { type SettleHooks, settleOutputs } from "../settle-outputs.js";
import type { DispatchEntry, DispatchJobStore } from "./dispatch-job-store.js";
import { attemptJobId, RedisKeys } from "./redis-keys.js";
import { RedisLease } from "./redis-lease.js";
import { WorkerReport } from "./worker-report.js";

export interface RedisDispatcherOptions {
  url: string;
  prefix: string;
  /** This API node's name in the reports consumer group. */
  consumer: string;
  /** Unique per process: the reports lease holder and the origin of relayed events. */
  processId: string;
  /** How long a cancel of a running job waits for the worker's confirmation before answering (ms). */
  cancelWaitMs: number;
  log: (level: "info" | "warn" | "error", message: string) => void;
}

const GROUP = "api";
/** How long the reports lease outlives its holder (ms): the longest pause before another node takes over. */
const LEASE_MS = 5000;
const SWEEP_BATCH = 500;
/** Completed attempts stay known to BullMQ this long (s), so a late re-dispatch of one is a no-op. */
const KEEP_COMPLETED_S = 3600;

/**
 * The API node's side of the distributed mode. It hands queued jobs to BullMQ (one queue per work
 * class, priority = lane + org fairness), and applies the reports workers send back, in order, to
 * the job records: this node stays the only writer of the state machine, and runs the safety review
 * and metering that need the metadata database.
 */
export class RedisDispatcher implements JobScheduler {
  private readonly keys: RedisKeys;
  private readonly redis: Redis;
  private readonly reader: Redis;
  private readonly queues = new Map<WorkClass, Queue>();
  private sweeping = false;
  private sweepAgain = false;
  private stopped = false;
  private sweepTimer: NodeJS.Timeout | null = null;
  private consuming: Promise<void> = Promise.resolve();
  private readonly subscriber: Redis;
  private readonly lease: RedisLease;
  private unrelay = () => {};

  constructor(
    private readonly store: DispatchJobStore,
    private readonly bus: JobEventBus,
    private readonly hooks: SettleHooks,
    private readonly options: RedisDispatcherOptions,
  ) {
    this.keys = new RedisKeys(options.prefix);
    this.redis = new Redis(options.url, { maxRetriesPerRequest: null });
    // Blocking reads and subscriptions get their own connections, so they never delay other commands.
    this.reader = new Redis(options.url, { maxRetriesPerRequest: null });
    this.subscriber = new Redis(options.url, { maxRetriesPerRequest: null });
    this.lease = new RedisLease(this.redis, this.keys.reportsLease, options.processId, LEASE_MS);
    for (const workClass of WORK_CLASSES) {
      this.queues.set(
        workClass,
        new Queue(this.keys.queueName(workClass), {
          connection: { url: options.url },
          prefix: options.prefix,
          defaultJobOptions: { removeOnComplete: { age: KEEP_COMPLETED_S }, removeOnFail: { age: KEEP_COMPLETED_S } },
        }),
      );
    }
  }

  /**
   * Relays job events between API nodes, competes for the lease on applying worker reports (one node
   * applies them, in stream order), and starts dispatching.
   */
  async start(): Promise<void> {
    try {
      await this.redis.xgroup("CREATE", this.keys.reports, GROUP, "0", "MKSTREAM");
    } catch (error) {
      if (!String(error).includes("BUSYGROUP")) throw error;
    }
    this.subscriber.on("message", (channel: string, message: string) => {
      if (channel !== this.keys.events) return;
      const relayed = safeJson(message) as { origin?: string; event?: JobEvent } | null;
      if (relayed?.event && relayed.origin !== this.options.processId) this.bus.deliverRemote(relayed.event);
    });
    await this.subscriber.subscribe(this.keys.events);
    this.unrelay = this.bus.subscribeAll((event) => {
      void this.redis.publish(this.keys.events, JSON.stringify({ origin: this.options.processId, event }));
    });
    await this.lease.tryHold();
    if (this.lease.isHeld) this.consuming = this.consume();
    this.lease.start((held) => {
      this.options.log("info", held ? "applying worker reports (took the lease)" : "lost the worker reports lease");
      if (held) this.consuming = this.consume();
    });
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.unrelay();
    this.reader.disconnect();
    await this.consuming.catch(() => undefined);
    await this.lease.stop();
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.subscriber.disconnect();
    this.redis.disconnect();
  }

  /** Redis answers: the readiness check. */
  async ping(): Promise<boolean> {
    return (await this.redis.ping()) === "PONG";
  }

  /** How many worker processes listen on each work class's queue (BullMQ names their connections). */
  async workerCounts(): Promise<Record<WorkClass, number>> {
    const entries = await Promise.all(
      [...this.queues].map(async ([workClass, queue]) => [workClass, await queue.getWorkersCount()] as const),
    );
    return Object.fromEntries(entries) as Record<WorkClass, number>;
  }

  wake(): void {
    if (this.stopped) return;
    if (this.sweeping) {
      this.sweepAgain = true;
      return;
    }
    void this.sweep();
  }

  /** Tells the worker running the job to stop, and waits (bounded) for its confirmation. */
  async cancel(jobId: string): Promise<void> {
    let unsubscribe = () => {};
    const ended = new Promise<void>((resolve) => {
      unsubscribe = this.bus.subscribe(jobId, (event) => {
        if (event.type === "cancelled" || event.type === "succeeded" || event.type === "failed") resolve();
      });
    });
    try {
      await this.signalStop(jobId);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, this.options.cancelWaitMs)))]);
      clearTimeout(timer);
    } finally {
      unsubscribe();
    }
  }

  private async signalStop(jobId: string): Promise<void> {
    await this.redis.set(this.keys.cancel(jobId), "1", "EX", 86_400);
    await this.redis.publish(this.keys.cancels, jobId);
  }

  /** Hands every queued, not yet dispatched attempt to its work class's queue, best priority first. */
  private async sweep(): Promise<void> {
    this.sweeping = true;
    try {
      do {
        this.sweepAgain = false;
        let batch: DispatchEntry[];
        do {
          batch = await this.store.undispatched(SWEEP_BATCH);
          await Promise.all(batch.map((entry) => this.dispatch(entry)));
        } while (batch.length === SWEEP_BATCH && !this.stopped);
        if (batch.length > 0 || this.sweepAgain) await this.redis.publish(this.keys.work, "1");
      } while (this.sweepAgain && !this.stopped);
    } catch (error) {
      this.options.log("error", `dispatch: ${(error as Error).message}`);
    } finally {
      this.sweeping = false;
      // Retries wait in the records (runAfter) and are dispatched as delayed attempts by the next sweep.
      if (!this.stopped) {
        if (this.sweepTimer) clearTimeout(this.sweepTimer);
        this.sweepTimer = setTimeout(() => this.wake(), 1000);
        this.sweepTimer.unref();
      }
    }
  }

  private async dispatch(entry: DispatchEntry): Promise<void> {
    const queue = this.queues.get(workClassOf(entry.job.plan)) as Queue;
    await queue.add(entry.job.plan.kind, entry, {
      jobId: attemptJobId(entry.id, entry.attempt),
      priority: entry.priority,
      delay: Math.max(0, entry.runAfter - Date.now()),
    });
    await this.store.markDispatched(entry.id, entry.attempt);
  }

  /** While this node holds the lease: takes over reports another node left unacknowledged, then new ones. */
  private async consume(): Promise<void> {
    try {
      await this.takeOverPending();
      while ((await this.consumeBatch("0")) > 0) {}
    } catch (error) {
      if (!this.stopped) this.options.log("error", `worker reports: ${(error as Error).message}`);
    }
    while (!this.stopped && this.lease.isHeld) {
      try {
        await this.consumeBatch(">");
      } catch (error) {
        if (this.stopped) return;
        this.options.log("error", `worker reports: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /** Moves every delivered-but-unacknowledged report (a previous holder's) to this consumer. */
  private async takeOverPending(): Promise<void> {
    let cursor = "0-0";
    do {
      const reply = (await this.redis.xautoclaim(
        this.keys.reports,
        GROUP,
        this.options.consumer,
        0,
        cursor,
        "COUNT",
        500,
      )) as [string, unknown[]];
      cursor = reply[0];
    } while (cursor !== "0-0");
  }

  /** Reads reports (`0` = this consumer's pending ones, `>` = new ones) and applies them in order. */
  private async consumeBatch(from: "0" | ">"): Promise<number> {
    const reply = (
      from === ">"
        ? await this.reader.xreadgroup(
            "GROUP",
            GROUP,
            this.options.consumer,
            "COUNT",
            200,
            "BLOCK",
            1000,
            "STREAMS",
            this.keys.reports,
            from,
          )
        : await this.reader.xreadgroup(
            "GROUP",
            GROUP,
            this.options.consumer,
            "COUNT",
            200,
            "STREAMS",
            this.keys.reports,
            from,
          )
    ) as [string, [string, string[]][]][] | null;
    let count = 0;
    for (const [, entries] of reply ?? []) {
      for (const [id, fields] of entries) {
        await this.apply(fields[1] ?? "");
        await this.redis.xack(this.keys.reports, GROUP, id);
      }
      if (entries.length > 0) await this.redis.xtrim(this.keys.reports, "MINID", entries.at(-1)?.[0] as string);
      count += entries.length;
    }
    return count;
  }

  private async apply(raw: string): Promise<void> {
    const parsed = WorkerReport.safeParse(safeJson(raw));
    if (!parsed.success) {
      this.options.log("error", `ignored a malformed worker report: ${parsed.error.message.slice(0, 200)}`);
      return;
    }
    const report = parsed.data;
    const { jobId, leaseToken } = report;
    switch (report.type) {
      case "claimed":
        if ((await this.store.adoptClaim(jobId, report.worker, leaseToken)) === "stop") await this.signalStop(jobId);
        return;
      case "progress":
        await this.store.reportProgress(jobId, leaseToken, report.progress);
        return;
      case "succeeded": {
        const job = await this.store.claimedJob(jobId, leaseToken);
        if (job) await settleOutputs(this.store, this.hooks, job, report.outputs, report.computeMs);
        return;
      }
      case "failed": {
        const job = await this.store.claimedJob(jobId, leaseToken);
        if (!job) return;
        await this.hooks.meter?.({ job, computeMs: report.computeMs, images: 0 });
        if ((await this.store.fail(jobId, leaseToken, report.problem, report.retryable)) === "retrying") this.wake();
        return;
      }
      case "cancelled":
        await this.store.confirmCancelled(jobId, leaseToken, report.reason);
        return;
      case "released":
        await this.store.release(jobId, leaseToken);
        return;
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
