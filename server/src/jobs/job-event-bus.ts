import type { JobEvent } from "@easel/shared/protocol";

type Listener = (event: JobEvent) => void;

/** In-process fan-out of job events that are already persisted; SSE streams and the runner listen. */
export class JobEventBus {
  private readonly byJob = new Map<string, Set<Listener>>();
  private readonly everyJob = new Set<Listener>();
  private readonly settlers: ((event: JobEvent) => Promise<void>)[] = [];

  /** Listens to one job's events; returns the unsubscribe function. */
  subscribe(jobId: string, listener: Listener): () => void {
    let set = this.byJob.get(jobId);
    if (!set) {
      set = new Set();
      this.byJob.set(jobId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byJob.delete(jobId);
    };
  }

  subscribeAll(listener: Listener): () => void {
    this.everyJob.add(listener);
    return () => this.everyJob.delete(listener);
  }

  /**
   * Work that must be done before anyone hears of an event: when a client sees `succeeded`, the quota
   * is charged and the manifests are in the transparency log. Handlers deal with their own errors.
   */
  settleBefore(handler: (event: JobEvent) => Promise<void>): void {
    this.settlers.push(handler);
  }

  /** Runs the settle handlers for an event this process just persisted, then announces it. */
  async publishPersisted(event: JobEvent): Promise<void> {
    for (const settle of this.settlers) await settle(event);
    this.publish(event);
  }

  /** Announces an event this process persisted: to the job's listeners and to every-job listeners. */
  publish(event: JobEvent): void {
    for (const listener of this.byJob.get(event.jobId) ?? []) listener(event);
    for (const listener of this.everyJob) listener(event);
  }

  /**
   * Delivers an event another API node persisted (relayed through Redis) to this job's listeners
   * (SSE streams, cancels waiting for the end) only: every-job listeners such as quota settlement
   * already ran on the node that persisted it.
   */
  deliverRemote(event: JobEvent): void {
    for (const listener of this.byJob.get(event.jobId) ?? []) listener(event);
  }
}
