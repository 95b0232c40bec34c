import type { CreateJobRequest, Job, JobEvent, JobProgress, Problem } from "@easel/shared/protocol";
import type { Q } from "../db/meta-db.js";
import type { Plan, PlanOutput } from "../pipeline/plan-types.js";
import type { ProvenanceContext } from "../provenance/output-signer.js";
import type { Lane } from "./lanes.js";

export interface NewJob {
  id: string;
  orgId: string;
  userId: string;
  request: CreateJobRequest;
  plan: Plan;
  notes: string[];
  maxAttempts: number;
  timeoutMs: number;
  commercialRights: boolean;
  provenance: ProvenanceContext;
  lane: Lane;
}

/** A job a runner holds the lease of; `leaseToken` fences every later write. */
export interface ClaimedJob {
  id: string;
  orgId: string;
  userId: string;
  plan: Plan;
  attempt: number;
  leaseToken: string;
  timeoutMs: number;
  provenance: ProvenanceContext;
}

export type FailOutcome = "retrying" | "failed" | "stale";
export type CancelOutcome = "cancelled" | "cancelling" | "terminal" | "not_found";

/**
 * The durable job queue. The state machine (`queued → running → succeeded | failed | cancelled`)
 * lives behind these named transitions; each one is persisted before its event is announced.
 * The embedded implementation is SQLite; a distributed one (BullMQ on Redis) implements the same.
 */
export interface JobQueue {
  /** Stores a new job; `within` runs first in the same transaction (the quota reservation). */
  enqueue(job: NewJob, within?: (q: Q) => Promise<void>): Promise<Job>;
  /** Takes the next runnable job and leases it to `owner`, or null when nothing is due. */
  claim(owner: string): Promise<ClaimedJob | null>;
  /** Extends a lease; tells the runner whether a cancel was requested meanwhile. */
  heartbeat(id: string, leaseToken: string): Promise<{ held: boolean; cancelRequested: boolean }>;
  reportProgress(id: string, leaseToken: string, progress: JobProgress & { preview?: string }): Promise<boolean>;
  /** `running → succeeded`, storing the outputs once; false when the lease was lost (a stale worker). */
  succeed(id: string, leaseToken: string, outputs: PlanOutput[]): Promise<boolean>;
  /** `running → queued` (retry with backoff) or `running → failed`: the job's own fault, one of its attempts. */
  fail(id: string, leaseToken: string, problem: Problem, retryable: boolean): Promise<FailOutcome>;
  /**
   * `running → queued` for an attempt the service itself lost (a restart, a crashed thread or worker):
   * not one of the job's attempts; counted as an interruption, of which only so many are allowed.
   */
  interrupt(id: string, leaseToken: string, problem: Problem): Promise<FailOutcome>;
  /** `queued → cancelled` at once, or marks a running job so its runner stops it. */
  requestCancel(orgId: string, id: string): Promise<CancelOutcome>;
  /** `running → cancelled`, after the runner stopped the work. */
  confirmCancelled(id: string, leaseToken: string, reason: string): Promise<boolean>;
  /** Gives a lease back without counting an attempt (graceful shutdown). */
  release(id: string, leaseToken: string): Promise<boolean>;
  /** Re-queues (an interruption; failed when out of them) running jobs whose lease expired. */
  recoverExpired(options?: { includeForeignLeases?: boolean }): Promise<number>;
  /** Milliseconds until the next delayed job is due, or null when none is waiting. */
  msUntilNextDue(): Promise<number | null>;
  get(orgId: string, id: string): Promise<Job | null>;
  list(
    orgId: string,
    query: { document?: string; parent?: string; status?: string; limit: number; cursor?: string },
  ): Promise<{ jobs: Job[]; nextCursor: string | null }>;
  eventsAfter(orgId: string, id: string, afterSeq: number): Promise<JobEvent[]>;
}
