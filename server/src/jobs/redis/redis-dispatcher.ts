import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { JobEventBus } from "../job-event-bus.js";
import type { JobScheduler } from "../job-scheduler.js";
import { WORK_CLASSES, type WorkClass, workClassOf } from "../lanes.js";
import { type SettleHooks, settleOutputs } from "../settle-outputs.js";
import type { DispatchEntry, DispatchJobStore } from "./dispatch-job-store.js";
import { attemptJobId, RedisKeys } from "./redis-keys.js";
import { WorkerReport } from "./worker-report.js";

export interface RedisDispatcherOptions {
  url: string;
  prefix: string;
  /** This API node's name in the reports consumer group (its unacknowledged reports are its own). */
  consumer: string;
  /** How long a cancel of a running job waits for the worker's confirmation before answering (ms). */
  cancelWaitMs: number;
  log: (level: "info" | "warn" | "error", message: string) => void;
}

const GROUP = "api";
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

  constructor(
    private readonly store: DispatchJobStore,
    private readonly bus: JobEventBus,
    private readonly hooks: SettleHooks,
    private readonly options: RedisDispatcherOptions,
  ) {
    this.keys = new RedisKeys(options.prefix);
    this.redis = new Redis(options.url, { maxRetriesPerRequest: null });
    // Blocking reads get their own connection, so they never delay other commands.
    this.reader = new Redis(options.url, { maxRetriesPerRequest: null });
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

  /** Applies reports left unacknowledged by a previous run, then dispatches and consumes continuously. */
  async start(): Promise<void> {
    try {
      await this.redis.xgroup("CREATE", this.keys.reports, GROUP, "0", "MKSTREAM");
    } catch (error) {
      if (!String(error).includes("BUSYGROUP")) throw error;
    }
    while ((await this.consumeBatch("0")) > 0) {}
    this.consuming = this.consume();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.reader.disconnect();
    await this.consuming.catch(() => undefined);
    await Promise.all([...this.queues.values()].map((q) => q.close()));
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
          batch = this.store.undispatched(SWEEP_BATCH);
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
    this.store.markDispatched(entry.id, entry.attempt);
  }

  private async consume(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.consumeBatch(">");
      } catch (error) {
        if (this.stopped) return;
        this.options.log("error", `worker reports: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
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
        if (this.store.adoptClaim(jobId, report.worker, leaseToken) === "stop") await this.signalStop(jobId);
        return;
      case "progress":
        await this.store.reportProgress(jobId, leaseToken, report.progress);
        return;
      case "succeeded": {
        const job = this.store.claimedJob(jobId, leaseToken);
        if (job) await settleOutputs(this.store, this.hooks, job, report.outputs, report.computeMs);
        return;
      }
      case "failed": {
        const job = this.store.claimedJob(jobId, leaseToken);
        if (!job) return;
        this.hooks.meter?.({ job, computeMs: report.computeMs, images: 0 });
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
