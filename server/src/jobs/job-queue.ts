import type { JobLeases } from "./job-leases.js";
import type { JobStore } from "./job-store.js";

export type { ClaimedJob, FailOutcome, JobLeases } from "./job-leases.js";
export type { CancelOutcome, JobStore, NewJob } from "./job-store.js";

/**
 * The durable job queue in the metadata database: the job records and events (`JobStore`) and the lease
 * protocol attempts run under (`JobLeases`). An API node has both (db-job-queue.ts); a worker process
 * implements only the leases, over Redis (redis/redis-worker-queue.ts).
 */
export type JobQueue = JobStore & JobLeases;
