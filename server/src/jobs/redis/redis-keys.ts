import type { WorkClass } from "../lanes.js";

/** Names of everything the distributed mode keeps in Redis, under one prefix per deployment. */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** The BullMQ queue a work class is dispatched on (BullMQ adds its own `prefix:name:*` keys). */
  queueName(workClass: WorkClass): string {
    return `jobs-${workClass}`;
  }

  /** Worker → API node transitions, read by the API node's consumer group. */
  get reports(): string {
    return `${this.prefix}:reports`;
  }

  /** Which API node applies the reports (a lease: see redis-lease.ts). */
  get reportsLease(): string {
    return `${this.prefix}:reports-lease`;
  }

  /** Pub/sub: job events an API node persisted, for the other API nodes' SSE streams. */
  get events(): string {
    return `${this.prefix}:events`;
  }

  /** Set while a cancel of a running job is pending; workers check it on every heartbeat. */
  cancel(jobId: string): string {
    return `${this.prefix}:cancel:${jobId}`;
  }

  /** Pub/sub: job ids to stop now (cancel), so a worker does not wait for its next heartbeat. */
  get cancels(): string {
    return `${this.prefix}:cancels`;
  }

  /** Pub/sub: "new work was dispatched", so idle workers claim at once instead of at their next poll. */
  get work(): string {
    return `${this.prefix}:work`;
  }
}

/** The BullMQ job id of one attempt: a re-dispatch of the same attempt is then a no-op. */
export function attemptJobId(jobId: string, attempt: number): string {
  return `${jobId}-a${attempt}`;
}
