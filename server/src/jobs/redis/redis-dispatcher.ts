import type { JobEvent } from "@easel/shared/protocol";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { safeJson } from "../../util/safe-json.js";
import { leaseLost } from "../db-job-queue.js";
import type { JobEventBus } from "../job-event-bus.js";
import type { JobScheduler } from "../job-scheduler.js";
import { WORK_CLASSES, type WorkClass, workClassOf } from "../lanes.js";
import type { SettleHooks } from "../settle-outputs.js";
import type { DispatchEntry, DispatchJobStore } from "./dispatch-job-store.js";
import { attemptJobId, RedisKeys } from "./redis-keys.js";
import { RedisLease } from "./redis-lease.js";
import { ReportConsumer } from "./report-consumer.js";

export interface RedisDispatcherOptions {
  url: string;
  prefix: string;
  /** This API node's name in the reports consumer group. */
  consumer: string;
  /** Unique per process: the reports lease holder and the origin of relayed events. */
  processId: string;
  /** How long a cancel of a running job waits for the worker's confirmation before answering (ms). */
  cancelWaitMs: number;
  /** How often, and after how long unclaimed, dispatched attempts are checked to still be in Redis (ms). */
  staleCheckMs: number;
  log: (level: "info" | "warn" | "error", message: string) => void;
}

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
  private readonly reports: ReportConsumer;
  private readonly queues = new Map<WorkClass, Queue>();
  private sweeping = false;
  private sweepAgain = false;
  private stopped = false;
  private sweepTimer: NodeJS.Timeout | null = null;
  private lastStaleCheck = Date.now();
  private consuming: Promise<void> = Promise.resolve();
  private readonly subscriber: Redis;
  private readonly lease: RedisLease;
  private unrelay = () => {};

  constructor(
    private readonly store: DispatchJobStore,
    private readonly bus: JobEventBus,
    hooks: SettleHooks,
    private readonly options: RedisDispatcherOptions,
  ) {
    this.keys = new RedisKeys(options.prefix);
    this.redis = new Redis(options.url, { maxRetriesPerRequest: null });
    // Subscriptions get their own connection (a subscribed connection takes no other commands).
    this.subscriber = new Redis(options.url, { maxRetriesPerRequest: null });
    this.reports = new ReportConsumer(
      this.redis,
      this.keys,
      store,
      hooks,
      { signalStop: (jobId) => this.signalStop(jobId), wake: () => this.wake() },
      { url: options.url, consumer: options.consumer, log: options.log },
    );
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
    await this.reports.ensureGroup();
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
    if (this.lease.isHeld) this.consuming = this.reports.run(() => !this.stopped && this.lease.isHeld);
    this.lease.start((held) => {
      this.options.log("info", held ? "applying worker reports (took the lease)" : "lost the worker reports lease");
      if (held) this.consuming = this.reports.run(() => !this.stopped && this.lease.isHeld);
    });
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.unrelay();
    this.reports.close();
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
        const redispatched = await this.redispatchLost();
        if (batch.length > 0 || redispatched > 0 || this.sweepAgain) await this.redis.publish(this.keys.work, "1");
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

  /**
   * Now and then, re-dispatches queued attempts that Redis no longer has (it restarted without its
   * data, or was restored from an older snapshot); the job records are the source of truth.
   */
  private async redispatchLost(): Promise<number> {
    const now = Date.now();
    if (now - this.lastStaleCheck < this.options.staleCheckMs) return 0;
    this.lastStaleCheck = now;
    let lost = 0;
    for (const entry of await this.store.staleDispatched(now - this.options.staleCheckMs, SWEEP_BATCH)) {
      const queue = this.queues.get(workClassOf(entry.job.plan)) as Queue;
      if (await queue.getJob(attemptJobId(entry.id, entry.attempt))) continue;
      await this.dispatch(entry);
      lost++;
    }
    if (lost > 0) this.options.log("warn", `re-dispatched ${lost} queued attempt(s) that Redis had lost`);
    // A running attempt whose BullMQ job is gone has no lock another worker could inherit: if its
    // worker is alive it notices at its next heartbeat; if not, nothing would ever end the attempt.
    let abandoned = 0;
    for (const running of await this.store.runningRemote(SWEEP_BATCH)) {
      const queue = this.queues.get(workClassOf(running.entry.job.plan)) as Queue;
      if (await queue.getJob(attemptJobId(running.id, running.entry.attempt))) continue;
      const outcome = await this.store.interrupt(running.id, running.leaseToken, leaseLost(running.attempt));
      if (outcome !== "stale") abandoned++;
    }
    if (abandoned > 0) this.options.log("warn", `${abandoned} running attempt(s) were unknown to Redis: retrying them`);
    return lost + abandoned;
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
}
