import { kindOf } from "../kinds/index.js";
import type { PlanOutput } from "../pipeline/plan-types.js";
import { storageFault, storageUnavailable } from "../storage/storage-fault.js";
import type { ClaimedJob, JobLeases } from "./job-leases.js";
import type { JobScheduler } from "./job-scheduler.js";
import { problem, type SettleHooks } from "./settle-outputs.js";
import type { RunTask } from "./worker-messages.js";
import { TaskError, type TaskProgress, type TaskResult, type WorkerLease, type WorkerPool } from "./worker-pool.js";

function sum(entries: { step: number; total: number }[], key: "step" | "total"): number {
  return entries.reduce((total, e) => total + e[key], 0);
}

export interface JobRunnerOptions extends SettleHooks {
  owner: string;
  leaseMs: number;
  /** Resolves an input asset id to a local file a worker thread reads (fetched first from remote storage). */
  inputPath: (assetId: string) => Promise<string>;
  log: (level: "info" | "warn" | "error", message: string) => void;
  /**
   * Delivers an attempt's outputs: on an API node `settleOutputs` (review, succeed, meter); worker
   * processes instead report them, with the compute used, to the API node that does this.
   */
  settle: (job: ClaimedJob, outputs: PlanOutput[], computeMs: number) => Promise<void>;
}

/** Reports to the queue, sent one after another in the order they were made; failures are dropped. */
class ReportChain {
  done: Promise<unknown> = Promise.resolve();

  send(work: () => Promise<unknown>): void {
    this.done = this.done.then(work).catch(() => false);
  }
}

class StopReason extends Error {
  constructor(readonly why: "cancelled" | "timeout" | "shutdown") {
    super(why);
  }
}

interface Running {
  job: ClaimedJob;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Claims due jobs while the pool has free threads and drives each through its transitions:
 * heartbeats keep the lease, a timer enforces the job's timeout, cancels abort the worker.
 *
 * Every claim is backed by a thread leased before the claim (`WorkerPool.lease`), and a split job (a kind
 * that declares the split capability, pipeline/split.ts) adds only threads free at that moment, leased
 * for it: a job can never reach a full pool. The runner knows no kind or engine: it provides threads.
 */
export class JobRunner implements JobScheduler {
  private readonly running = new Map<string, Running>();
  /** The pump in flight, if any (stop() waits for it). */
  private pumping: Promise<void> | null = null;
  private pumpAgain = false;
  private stopped = false;
  private wakeTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly queue: JobLeases,
    private readonly pool: WorkerPool,
    private readonly options: JobRunnerOptions,
  ) {}

  /** Recovers jobs orphaned by a previous process, then starts claiming. */
  async start(): Promise<void> {
    const recovered = await this.queue.recoverExpired({ includeForeignLeases: true });
    if (recovered > 0) this.options.log("warn", `recovered ${recovered} job(s) left running by a previous process`);
    this.wake();
  }

  /** Asks the runner to look for work now (new job, finished job, due retry). */
  wake(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = this.pump();
  }

  /** Stops a running job of this runner; resolves once the job has reached a terminal state. */
  async cancel(jobId: string): Promise<void> {
    const entry = this.running.get(jobId);
    if (!entry) return;
    entry.controller.abort(new StopReason("cancelled"));
    await entry.done;
  }

  /** Stops claiming; running jobs are stopped and their leases given back, so they run again later. */
  async stop(): Promise<void> {
    this.stopped = true;
    // A pump in flight (a claim, a wake-up timer it is about to arm) ends before the database closes.
    await this.pumping;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    for (const entry of this.running.values()) entry.controller.abort(new StopReason("shutdown"));
    await Promise.all([...this.running.values()].map((e) => e.done));
  }

  private async pump(): Promise<void> {
    try {
      do {
        this.pumpAgain = false;
        // The thread is leased before the claim, so it stays the job's through the awaits before it
        // runs (the claim itself, fetching inputs) and no other job or split can take it meanwhile.
        while (!this.stopped) {
          const lease = this.pool.lease();
          if (!lease) break;
          let job: ClaimedJob | null = null;
          try {
            job = await this.queue.claim(this.options.owner);
          } finally {
            if (!job) lease.release();
          }
          if (!job) break;
          this.execute(job, lease);
        }
      } while (this.pumpAgain && !this.stopped);
      await this.scheduleNextWake();
    } catch (error) {
      this.options.log("error", `job runner: ${(error as Error).stack ?? error}`);
      if (!this.stopped) this.wakeTimer = setTimeout(() => this.wake(), 1000);
    } finally {
      this.pumping = null;
    }
  }

  private async scheduleNextWake(): Promise<void> {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    const due = await this.queue.msUntilNextDue();
    if (this.stopped) return;
    // Also wake periodically to recover expired leases and catch jobs enqueued by other processes.
    const delay = Math.min(due ?? 1000, 1000);
    this.wakeTimer = setTimeout(
      () => {
        if (this.stopped) return;
        this.queue.recoverExpired().then(
          () => this.wake(),
          (error: unknown) => {
            this.options.log("warn", `job runner: recovering expired leases: ${(error as Error).message}`);
            this.wake();
          },
        );
      },
      Math.max(delay, 5),
    );
    this.wakeTimer.unref();
  }

  private execute(job: ClaimedJob, lease: WorkerLease): void {
    const controller = new AbortController();
    const entry: Running = { job, controller, done: Promise.resolve() };
    this.running.set(job.id, entry);
    entry.done = this.drive(job, controller, lease)
      // The queue itself failed (database or Redis unreachable): the lease lapses and the job is
      // recovered by whoever holds the queue next; this process keeps running.
      .catch((error: unknown) =>
        this.options.log("error", `job ${job.id}: could not record its outcome: ${(error as Error).message}`),
      )
      .finally(() => {
        lease.release();
        this.running.delete(job.id);
        this.wake();
      });
  }

  private async drive(job: ClaimedJob, controller: AbortController, lease: WorkerLease): Promise<void> {
    const { queue } = this;
    const heartbeat = setInterval(
      () => {
        queue.heartbeat(job.id, job.leaseToken).then(
          ({ held, cancelRequested }) => {
            if (!held) controller.abort(new StopReason("shutdown"));
            else if (cancelRequested) controller.abort(new StopReason("cancelled"));
          },
          // Unreachable queue: try again at the next beat; a lease that lapses meanwhile is fenced off.
          () => undefined,
        );
      },
      Math.max(250, Math.floor(this.options.leaseMs / 3)),
    );
    const timeout = setTimeout(() => controller.abort(new StopReason("timeout")), job.timeoutMs);
    const reports = new ReportChain();
    try {
      const inputIds = [...kindOf(job.plan).inputs(job.plan), ...(job.plan.brand?.referenceAssetIds ?? [])];
      const inputPaths = Object.fromEntries(
        await Promise.all(inputIds.map(async (id) => [id, await this.options.inputPath(id)] as const)),
      );
      const task = { jobId: job.id, plan: job.plan, inputPaths, provenance: job.provenance };
      // Reports leave in the order the thread made them, and all before the settle, which sees every
      // candidate announced. Best effort: a lost progress report is superseded by the next one, a lost
      // candidate is announced by the settle.
      const report = (p: TaskProgress) => reports.send(() => queue.reportProgress(job.id, job.leaseToken, p));
      const candidate = (o: PlanOutput) => reports.send(() => queue.reportCandidate(job.id, job.leaseToken, o));
      const extra = this.extraThreadsFor(job);
      const { outputs, computeMs, stageMs } =
        extra.length > 0
          ? await this.runSplit(task, [lease, ...extra], report, candidate, controller)
          : await this.pool.run(task, report, controller.signal, lease, candidate);
      await reports.done;
      if (stageMs) {
        const times = Object.entries(stageMs).map(([stage, ms]) => `${stage} ${ms} ms`);
        this.options.log("info", `job ${job.id} attempt ${job.attempt} stages: ${times.join(", ")}`);
      }
      await this.options.settle(job, outputs, computeMs);
    } catch (error) {
      if (error instanceof TaskError) {
        await this.options.meter?.({ job, computeMs: error.computeMs, images: 0 });
        // A thread that outlived the stop keeps computing for this job until it is free again.
        void error.drained
          ?.then((computeMs) => (computeMs > 0 ? this.options.meter?.({ job, computeMs, images: 0 }) : undefined))
          .catch((e: unknown) => this.options.log("warn", `job ${job.id}: metering a stopped thread: ${e}`));
      }
      await reports.done;
      await this.settleFailure(job, controller, error);
    } finally {
      clearInterval(heartbeat);
      clearTimeout(timeout);
    }
  }

  /**
   * The further threads a job is split across (none = not split): as many parts as its kind makes of the
   * threads free now (neither busy nor leased to a job still fetching its inputs), each leased here.
   */
  private extraThreadsFor(job: ClaimedJob): WorkerLease[] {
    const split = kindOf(job.plan).split;
    if (!split) return [];
    const parts = split.parts(job.plan, 1 + this.pool.free);
    const extra: WorkerLease[] = [];
    for (let i = 1; i < parts; i++) {
      const lease = this.pool.lease();
      if (lease) extra.push(lease);
    }
    return extra;
  }

  /**
   * Runs a split job's parts, one per leased thread, then the plan's stages on the job's own thread,
   * whose engine stage merges the parts (the tail then decides, signs and stores). Progress sums the
   * parts'. The extra threads are given back as soon as the parts are done.
   */
  private async runSplit(
    task: Omit<RunTask, "type" | "taskId">,
    leases: [WorkerLease, ...WorkerLease[]],
    report: (p: TaskProgress) => void,
    candidate: (output: PlanOutput) => void,
    controller: AbortController,
  ): Promise<TaskResult> {
    const [own, ...extra] = leases;
    const shards = leases.length;
    const parts = new AbortController();
    const abortParts = () => parts.abort(controller.signal.reason);
    controller.signal.addEventListener("abort", abortParts, { once: true });
    const progress = leases.map(() => ({ step: 0, total: 1 }));
    try {
      const results = await Promise.all(
        leases.map((lease, index) =>
          this.pool
            .run(
              { ...task, part: { index, count: shards } },
              (p) => {
                const entry = progress[index] as { step: number; total: number };
                entry.step = p.step;
                entry.total = p.total;
                report({ stage: p.stage, step: sum(progress, "step"), total: sum(progress, "total") });
              },
              parts.signal,
              lease,
            )
            .catch((error: unknown) => {
              parts.abort(error);
              throw error;
            }),
        ),
      );
      const computeMs = results.reduce((total, r) => total + r.computeMs, 0);
      const made = results.map((r) => {
        if (!r.part) throw new Error("a part task returned no pixels");
        return r.part;
      });
      for (const lease of extra) lease.release();
      this.wake();
      const assembled = await this.pool.run({ ...task, parts: made }, report, controller.signal, own, candidate);
      return { ...assembled, computeMs: computeMs + assembled.computeMs };
    } finally {
      for (const lease of extra) lease.release();
      controller.signal.removeEventListener("abort", abortParts);
    }
  }

  private async settleFailure(job: ClaimedJob, controller: AbortController, error: unknown): Promise<void> {
    const reason = controller.signal.reason;
    if (controller.signal.aborted && reason instanceof StopReason) {
      if (reason.why === "cancelled") {
        await this.queue.confirmCancelled(job.id, job.leaseToken, "cancelled by request");
      } else if (reason.why === "shutdown") {
        await this.queue.release(job.id, job.leaseToken);
      } else {
        const seconds = Math.round(job.timeoutMs / 100) / 10;
        await this.queue.fail(
          job.id,
          job.leaseToken,
          problem("timeout", `the job did not finish within ${seconds} s`),
          false,
        );
      }
      return;
    }
    if (error instanceof TaskError) {
      const { failure } = error;
      const p = problem(failure.code === "cancelled" ? "internal" : failure.code, failure.message, failure.field);
      const outcome = failure.interrupted
        ? await this.queue.interrupt(job.id, job.leaseToken, p)
        : await this.queue.fail(job.id, job.leaseToken, p, failure.retryable);
      this.options.log(
        outcome === "retrying" ? "warn" : "info",
        `job ${job.id} attempt ${job.attempt}: ${failure.message}${failure.cause ? ` (cause: ${failure.cause})` : ""} → ${outcome}`,
      );
      return;
    }
    const fault = storageFault(error);
    if (fault) {
      // Fetching inputs or recording outputs met full or read-only storage: retried once it is back.
      this.options.log("warn", `job ${job.id}: ${(error as Error).message}`);
      const { code, message } = storageUnavailable(fault);
      await this.queue.interrupt(job.id, job.leaseToken, problem(code, message));
      return;
    }
    this.options.log("error", `job ${job.id}: ${(error as Error).stack ?? error}`);
    await this.queue.fail(job.id, job.leaseToken, problem("internal", "the job failed unexpectedly"), true);
  }
}
