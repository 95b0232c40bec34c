import type { JobProgress, Problem } from "@easel/shared/protocol";
import type { Plan, PlanOutput } from "../pipeline/plan-types.js";
import type { ProvenanceContext } from "../provenance/output-signer.js";

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

/**
 * The lease protocol a runner drives an attempt with. The state machine (`queued → running →
 * succeeded | failed | cancelled`) lives behind these named transitions; each is persisted before its
 * event is announced. The database queue implements it on the API node; a worker process implements it
 * over Redis (redis/redis-worker-queue.ts), reporting each transition to the API node.
 */
export interface JobLeases {
  /** Takes the next runnable job and leases it to `owner`, or null when nothing is due. */
  claim(owner: string): Promise<ClaimedJob | null>;
  /** Extends a lease; tells the runner whether a cancel was requested meanwhile. */
  heartbeat(id: string, leaseToken: string): Promise<{ held: boolean; cancelRequested: boolean }>;
  reportProgress(id: string, leaseToken: string, progress: JobProgress & { preview?: string }): Promise<boolean>;
  /**
   * Announces one candidate the attempt finished (allowed, signed, stored) as a `candidate` event, while
   * the lease is held: at most once per job and candidate number, whatever the attempt. A withheld
   * output is never announced. False when nothing was announced.
   */
  reportCandidate(id: string, leaseToken: string, output: PlanOutput): Promise<boolean>;
  /** `running → succeeded`, storing the outputs once; false when the lease was lost (a stale worker). */
  succeed(id: string, leaseToken: string, outputs: PlanOutput[]): Promise<boolean>;
  /** `running → queued` (retry with backoff) or `running → failed`: the job's own fault, one of its attempts. */
  fail(id: string, leaseToken: string, problem: Problem, retryable: boolean): Promise<FailOutcome>;
  /**
   * `running → queued` for an attempt the service itself lost (a restart, a crashed thread or worker):
   * not one of the job's attempts; counted as an interruption, of which only so many are allowed.
   */
  interrupt(id: string, leaseToken: string, problem: Problem): Promise<FailOutcome>;
  /** `running → cancelled`, after the runner stopped the work. */
  confirmCancelled(id: string, leaseToken: string, reason: string): Promise<boolean>;
  /** Gives a lease back without counting an attempt (graceful shutdown). */
  release(id: string, leaseToken: string): Promise<boolean>;
  /** Re-queues (an interruption; failed when out of them) running jobs whose lease expired. */
  recoverExpired(options?: { includeForeignLeases?: boolean }): Promise<number>;
  /** Milliseconds until the next delayed job is due, or null when none is waiting. */
  msUntilNextDue(): Promise<number | null>;
}
