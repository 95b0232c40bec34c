import { Worker } from "node:worker_threads";
import type { PlanOutput, StageName } from "../pipeline/plan-types.js";
import type { FromWorker, PartPixels, RunTask, TaskFailure, WorkerSetup } from "./worker-messages.js";

export interface TaskProgress {
  step: number;
  total: number;
  stage: string;
  preview?: string;
}

/**
 * A task that ended without outputs: described by the worker, or the worker died. `computeMs` is the
 * thread time spent until then; a task settled as stopped while its thread still ran also carries
 * `drained`, the further time the thread spent before it was free again (known only when it is).
 */
export class TaskError extends Error {
  constructor(
    readonly failure: TaskFailure,
    readonly computeMs = 0,
    readonly drained: Promise<number> | null = null,
  ) {
    super(failure.message);
    this.name = "TaskError";
  }
}

interface Slot {
  worker: Worker;
  /** Promised to one job (see `lease`): nobody else may start a task here, even while it is idle. */
  leased: boolean;
  task: {
    id: number;
    resolve: (r: TaskResult) => void;
    reject: (e: TaskError) => void;
    onProgress: (p: TaskProgress) => void;
    onCandidate: ((output: PlanOutput) => void) | undefined;
    /** performance.now() when the task was handed to the thread (metering when it cannot report). */
    startedAt: number;
    /** Set once the task was settled as stopped: receives the thread's remaining time when it finishes. */
    drained?: (ms: number) => void;
    /** How much of a stopped task's time was metered when it was settled (ms). */
    settledAfterMs?: number;
  } | null;
  abortTimer: NodeJS.Timeout | null;
  /** Set when a stopped task was settled before its thread finished (see `abort`). */
  draining: NodeJS.Timeout | null;
}

/**
 * How long a thread that did not stop at a cancel may finish its current call before it is terminated
 * anyway (ms): terminating a thread inside native code (ONNX Runtime) aborts the whole process.
 */
const DRAIN_LIMIT_MS = 5 * 60_000;

/**
 * One thread promised to one holder from the moment it is leased (before the job's inputs are even
 * fetched) until `release`: only its holder runs tasks on it, so running never finds the pool full.
 */
export interface WorkerLease {
  readonly index: number;
  release(): void;
}

/** A finished task: its stored outputs and the compute it used (ms); a part task returns its pixels. */
export interface TaskResult {
  outputs: PlanOutput[];
  computeMs: number;
  /** How long each stage of the plan took in the thread (ms), by its plan name. */
  stageMs?: Partial<Record<StageName, number>>;
  part?: PartPixels;
}

export interface WorkerPoolOptions {
  size: number;
  setup: Omit<WorkerSetup, "worker">;
  /** How long an aborted task may take to stop before its thread is terminated (ms). */
  abortGraceMs?: number;
}

// From TypeScript sources (tsx, vitest) the thread starts through a loader bootstrap; bundled builds use the JS file.
const WORKER_URL = new URL(
  import.meta.url.endsWith(".ts") ? "./worker-entry.mjs" : "./worker-main.js",
  import.meta.url,
);

/** Worker threads (one per core by default) that run plans off the event loop. */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private nextTaskId = 1;
  private closed = false;
  private readonly abortGraceMs: number;

  constructor(private readonly options: WorkerPoolOptions) {
    this.abortGraceMs = options.abortGraceMs ?? 750;
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn(i));
  }

  get size(): number {
    return this.slots.length;
  }

  get idle(): number {
    return this.slots.filter((s) => s.task === null).length;
  }

  /** Threads neither running a task (a stopped one still draining counts as running) nor leased. */
  get free(): number {
    return this.slots.filter((s) => s.task === null && !s.leased).length;
  }

  /** Leases a free thread, or null when none is free (or the pool is closing). */
  lease(): WorkerLease | null {
    const index = this.slots.findIndex((s) => s.task === null && !s.leased);
    if (index < 0 || this.closed) return null;
    (this.slots[index] as Slot).leased = true;
    let released = false;
    return {
      index,
      release: () => {
        // The slot may have been replaced after a crash: the replacement inherited the lease.
        if (!released) (this.slots[index] as Slot).leased = false;
        released = true;
      },
    };
  }

  /**
   * Runs a plan on the leased thread; the signal aborts it (terminating the thread if it does not stop
   * in time). A holder runs one task at a time on its lease. `onCandidate` hears of each candidate the
   * thread finished (allowed, signed, stored) as it does, never after the task was settled as stopped.
   */
  run(
    task: Omit<RunTask, "type" | "taskId">,
    onProgress: (p: TaskProgress) => void,
    signal: AbortSignal,
    lease: WorkerLease,
    onCandidate?: (output: PlanOutput) => void,
  ): Promise<TaskResult> {
    const slot = this.slots[lease.index];
    if (this.closed) return Promise.reject(shuttingDown());
    if (!slot?.leased || slot.task !== null) {
      return Promise.reject(new Error(`worker ${lease.index} is not leased and idle (a runner bug)`));
    }
    const id = this.nextTaskId++;
    return new Promise<TaskResult>((resolve, reject) => {
      slot.task = { id, resolve, reject, onProgress, onCandidate, startedAt: performance.now() };
      const onAbort = () => this.abort(slot, id, signal.reason);
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
      const cleanup = () => signal.removeEventListener("abort", onAbort);
      slot.task.resolve = (o) => {
        cleanup();
        resolve(o);
      };
      slot.task.reject = (e) => {
        cleanup();
        reject(e);
      };
      // Strip pixels move to the assembling thread without a copy.
      const transfer = (task.parts ?? []).map((p) => p.data.buffer as ArrayBuffer);
      slot.worker.postMessage({ type: "run", taskId: id, ...task } satisfies RunTask, transfer);
    });
  }

  /** Terminates every thread once busy ones have finished (up to 30 s); running tasks fail as retryable. */
  async close(): Promise<void> {
    this.closed = true;
    const deadline = Date.now() + 30_000;
    while (this.slots.some((s) => s.task !== null) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  /** Terminates one worker, as if it crashed (failure tests). */
  async kill(index = 0): Promise<void> {
    await this.slots[index]?.worker.terminate();
  }

  private spawn(index: number): Slot {
    const setup: WorkerSetup = { ...this.options.setup, worker: { index, count: this.options.size } };
    const worker = new Worker(WORKER_URL, { workerData: setup });
    const slot: Slot = { worker, leased: false, task: null, abortTimer: null, draining: null };
    worker.on("message", (message: FromWorker) => this.onMessage(slot, message));
    worker.on("error", (error) => this.onExit(slot, `worker thread crashed: ${error.message}`));
    worker.on("exit", (code) => this.onExit(slot, `worker thread exited (code ${code})`));
    worker.unref();
    return slot;
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    const task = slot.task;
    if (message.type === "ready" || !task || message.taskId !== task.id) return;
    if (slot.draining) {
      // The task was already settled as stopped; its thread has now finished and is free again.
      if (message.type !== "progress" && message.type !== "candidate") {
        this.finish(slot);
        task.drained?.(Math.max(0, Math.round(message.computeMs - (task.settledAfterMs ?? 0))));
      }
      return;
    }
    if (message.type === "progress") {
      const { step, total, stage, preview } = message;
      task.onProgress(preview === undefined ? { step, total, stage } : { step, total, stage, preview });
      return;
    }
    if (message.type === "candidate") {
      task.onCandidate?.(message.output);
      return;
    }
    this.finish(slot);
    if (message.type === "done") {
      task.resolve({
        outputs: message.outputs,
        computeMs: message.computeMs,
        ...(message.stageMs ? { stageMs: message.stageMs } : {}),
        ...(message.part ? { part: message.part } : {}),
      });
    } else task.reject(new TaskError(message.failure, message.computeMs));
  }

  private onExit(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return; // already replaced
    const draining = slot.draining ? slot.task : null;
    const task = slot.draining ? null : slot.task;
    const aborting = slot.abortTimer !== null;
    this.finish(slot);
    draining?.drained?.(
      Math.max(0, Math.round(performance.now() - draining.startedAt - (draining.settledAfterMs ?? 0))),
    );
    const computeMs = task ? Math.round(performance.now() - task.startedAt) : 0;
    if (this.closed) {
      task?.reject(shuttingDown());
      return;
    }
    const replacement = this.spawn(index);
    replacement.leased = slot.leased;
    this.slots[index] = replacement;
    task?.reject(
      new TaskError(
        aborting
          ? { code: "cancelled", message: "stopped", retryable: false, aborted: true }
          : // The thread died under the task: the service's fault, not the job's (see `interrupted`).
            { code: "internal", message: reason, retryable: true, aborted: false, interrupted: true },
        computeMs,
      ),
    );
  }

  /**
   * Asks the thread to stop. If it has not stopped within the grace period (it may be inside one long
   * native call, such as an ONNX Runtime session, where terminating the thread would abort the process),
   * the task is settled as stopped at once and the thread finishes in the background; its slot stays
   * busy until it reports back, or is terminated after DRAIN_LIMIT_MS as a last resort.
   */
  private abort(slot: Slot, taskId: number, _reason: unknown): void {
    if (slot.task?.id !== taskId || slot.abortTimer) return;
    slot.worker.postMessage({ type: "abort", taskId });
    slot.abortTimer = setTimeout(() => {
      const task = slot.task;
      if (task?.id !== taskId || slot.draining) return;
      slot.draining = setTimeout(() => void slot.worker.terminate(), DRAIN_LIMIT_MS);
      slot.draining.unref();
      // Metered: the time the thread spent until now, then (drained) whatever it spends finishing.
      const spentMs = Math.round(performance.now() - task.startedAt);
      const drained = new Promise<number>((resolve) => {
        task.drained = resolve;
      });
      task.settledAfterMs = spentMs;
      task.reject(
        new TaskError({ code: "cancelled", message: "stopped", retryable: false, aborted: true }, spentMs, drained),
      );
    }, this.abortGraceMs);
  }

  private finish(slot: Slot): void {
    if (slot.abortTimer) clearTimeout(slot.abortTimer);
    if (slot.draining) clearTimeout(slot.draining);
    slot.abortTimer = null;
    slot.draining = null;
    slot.task = null;
  }
}

function shuttingDown(): TaskError {
  return new TaskError({ code: "internal", message: "the server is shutting down", retryable: true, aborted: false });
}
