import { randomBytes } from "node:crypto";
import type { JobProgress, Problem } from "@easel/shared/protocol";
import { type Job as BullJob, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { PlanOutput } from "../../pipeline/plan-types.js";
import type { ClaimedJob, FailOutcome, JobLeases } from "../job-leases.js";
import type { WorkClass } from "../lanes.js";
import type { DispatchEntry } from "./dispatch-job-store.js";
import { RedisKeys } from "./redis-keys.js";
import type { WorkerReport } from "./worker-report.js";

export interface RedisWorkerQueueOptions {
  url: string;
  prefix: string;
  /** The work classes this process has engines for; it claims from their queues only. */
  workClasses: WorkClass[];
  /** Lock duration of a claimed attempt (ms); heartbeats extend it, a dead worker's expires. */
  leaseMs: number;
}

interface Held {
  bull: BullJob<DispatchEntry>;
  token: string;
  /** Compute used by the attempt, noted by the runner's meter hook and sent with the final report (ms). */
  computeMs: number;
}

/**
 * The job queue as a stateless worker process sees it: attempts come from BullMQ queues (one per
 * work class, priority-ordered, lock = lease, stalled attempts recovered by BullMQ) and every
 * transition goes back to the API node as a report on a Redis stream. It holds no job records.
 */
export class RedisWorkerQueue implements JobLeases {
  private readonly keys: RedisKeys;
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly workers: Worker<DispatchEntry>[];
  private readonly held = new Map<string, Held>();
  private next = 0;

  constructor(private readonly options: RedisWorkerQueueOptions) {
    this.keys = new RedisKeys(options.prefix);
    this.redis = new Redis(options.url, { maxRetriesPerRequest: null });
    this.subscriber = new Redis(options.url, { maxRetriesPerRequest: null });
    this.workers = options.workClasses.map(
      (workClass) =>
        new Worker<DispatchEntry>(this.keys.queueName(workClass), null, {
          connection: { url: options.url },
          prefix: options.prefix,
          autorun: false,
          lockDuration: options.leaseMs,
          stalledInterval: Math.max(1000, Math.floor(options.leaseMs / 2)),
          // Attempts are counted by the API node (which knows about retries); BullMQ only recovers.
          maxStalledCount: 1000,
        }),
    );
  }

  /** Starts BullMQ's stalled-attempt recovery and subscribes to wake-ups and cancels. */
  async start(listeners: { onWork: () => void; onCancel: (jobId: string) => void }): Promise<void> {
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    for (const worker of this.workers) void worker.startStalledCheckTimer();
    this.subscriber.on("message", (channel: string, message: string) => {
      if (channel === this.keys.work) listeners.onWork();
      else if (channel === this.keys.cancels && this.held.has(message)) listeners.onCancel(message);
    });
    await this.subscriber.subscribe(this.keys.work, this.keys.cancels);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close(true)));
    this.subscriber.disconnect();
    this.redis.disconnect();
  }

  /** The runner's meter hook: remembers an attempt's compute for its final report. */
  noteCompute(jobId: string, computeMs: number): void {
    const entry = this.held.get(jobId);
    if (entry) entry.computeMs = computeMs;
  }

  /** Takes the best attempt from the next work class that has one (round robin across classes). */
  async claim(owner: string): Promise<ClaimedJob | null> {
    for (let i = 0; i < this.workers.length; i++) {
      const worker = this.workers[(this.next + i) % this.workers.length] as Worker<DispatchEntry>;
      const token = randomBytes(12).toString("hex");
      const bull = await worker.getNextJob(token, { block: false });
      if (!bull) continue;
      this.next = (this.next + i + 1) % this.workers.length;
      const entry = bull.data;
      this.held.set(entry.id, { bull, token, computeMs: 0 });
      await this.report({ type: "claimed", jobId: entry.id, leaseToken: token, worker: owner });
      return { ...entry.job, attempt: entry.attempt, leaseToken: token };
    }
    return null;
  }

  async heartbeat(id: string, leaseToken: string) {
    const entry = this.heldBy(id, leaseToken);
    if (!entry) return { held: false, cancelRequested: false };
    const [extended, cancel] = await Promise.all([
      entry.bull.extendLock(leaseToken, this.options.leaseMs).catch(() => 0),
      this.redis.exists(this.keys.cancel(id)),
    ]);
    return { held: extended > 0, cancelRequested: cancel > 0 };
  }

  async reportProgress(id: string, leaseToken: string, progress: JobProgress & { preview?: string }) {
    if (!this.heldBy(id, leaseToken)) return false;
    await this.report({ type: "progress", jobId: id, leaseToken, progress });
    return true;
  }

  async reportCandidate(id: string, leaseToken: string, output: PlanOutput) {
    if (!this.heldBy(id, leaseToken)) return false;
    await this.report({ type: "candidate", jobId: id, leaseToken, output });
    return true;
  }

  async succeed(id: string, leaseToken: string, outputs: PlanOutput[]) {
    const entry = this.heldBy(id, leaseToken);
    if (!entry) return false;
    // Report first: if this process dies before completing the BullMQ job, a takeover finds the
    // record already finished and is told to stop, rather than the outputs being lost.
    await this.report({ type: "succeeded", jobId: id, leaseToken, outputs, computeMs: entry.computeMs });
    return this.finish(id, entry);
  }

  async fail(id: string, leaseToken: string, problem: Problem, retryable: boolean): Promise<FailOutcome> {
    return this.reportFailure(id, leaseToken, problem, retryable, false);
  }

  async interrupt(id: string, leaseToken: string, problem: Problem): Promise<FailOutcome> {
    return this.reportFailure(id, leaseToken, problem, true, true);
  }

  private async reportFailure(
    id: string,
    leaseToken: string,
    problem: Problem,
    retryable: boolean,
    interrupted: boolean,
  ): Promise<FailOutcome> {
    const entry = this.heldBy(id, leaseToken);
    if (!entry) return "stale";
    const computeMs = entry.computeMs;
    await this.report({ type: "failed", jobId: id, leaseToken, problem, retryable, interrupted, computeMs });
    await this.finish(id, entry);
    // The API node decides between a retry and the end; this side only logs the guess.
    return retryable ? "retrying" : "failed";
  }

  async confirmCancelled(id: string, leaseToken: string, reason: string) {
    const entry = this.heldBy(id, leaseToken);
    if (!entry) return false;
    await this.report({ type: "cancelled", jobId: id, leaseToken, reason });
    return this.finish(id, entry);
  }

  /** Graceful shutdown: the attempt goes back to its queue at once for another worker. */
  async release(id: string, leaseToken: string) {
    const entry = this.heldBy(id, leaseToken);
    if (!entry) return false;
    this.held.delete(id);
    await this.report({ type: "released", jobId: id, leaseToken });
    try {
      await entry.bull.moveToWait(leaseToken);
      return true;
    } catch {
      return false;
    }
  }

  /** BullMQ's stalled checker (started in `start`) recovers expired locks; nothing to do here. */
  async recoverExpired() {
    return 0;
  }

  /** Delayed attempts are promoted by BullMQ; the runner polls, and `work` messages wake it sooner. */
  async msUntilNextDue() {
    return null;
  }

  private heldBy(id: string, leaseToken: string): Held | undefined {
    const entry = this.held.get(id);
    return entry && entry.token === leaseToken ? entry : undefined;
  }

  /** Completes the BullMQ attempt under its lock; false when the lock was lost (a stalled takeover). */
  private async finish(id: string, entry: Held): Promise<boolean> {
    this.held.delete(id);
    try {
      await entry.bull.moveToCompleted(null, entry.token, false);
      return true;
    } catch {
      return false;
    }
  }

  private async report(report: WorkerReport): Promise<void> {
    await this.redis.xadd(this.keys.reports, "*", "r", JSON.stringify(report));
  }
}
