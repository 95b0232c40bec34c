import type { CreateJobRequest, Job, JobEvent } from "@easel/shared/protocol";
import type { Q } from "../db/meta-db.js";
import type { Plan } from "../pipeline/plan-types.js";
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

export type CancelOutcome = "cancelled" | "cancelling" | "terminal" | "not_found";

/**
 * The job records and their events, where they live (the API node's metadata database): what the
 * routes read and write. The lease side, what runs attempts, is `JobLeases` (job-leases.ts).
 */
export interface JobStore {
  /** Stores a new job; `within` runs first in the same transaction (the quota reservation). */
  enqueue(job: NewJob, within?: (q: Q) => Promise<void>): Promise<Job>;
  /** `queued → cancelled` at once, or marks a running job so its runner stops it. */
  requestCancel(orgId: string, id: string): Promise<CancelOutcome>;
  get(orgId: string, id: string): Promise<Job | null>;
  list(
    orgId: string,
    query: { document?: string; parent?: string; status?: string; limit: number; cursor?: string },
  ): Promise<{ jobs: Job[]; nextCursor: string | null }>;
  eventsAfter(orgId: string, id: string, afterSeq: number): Promise<JobEvent[]>;
}
