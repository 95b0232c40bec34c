import { and, asc, eq, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import { first } from "../../db/meta-db.js";
import { DbJobQueue, DEFAULT_MAX_INTERRUPTIONS, leaseLost, toClaimed } from "../db-job-queue.js";
import type { ClaimedJob } from "../job-queue.js";
import type { JobRow } from "../job-view.js";

/** What a Redis queue entry carries: everything a stateless worker needs to run one attempt. */
export interface DispatchEntry {
  id: string;
  attempt: number;
  priority: number;
  runAfter: number;
  job: Omit<ClaimedJob, "leaseToken" | "attempt">;
}

export type AdoptOutcome = "running" | "stop";

/**
 * The API node's job records in the distributed mode: the same state machine, plus the transitions a
 * remote worker's reports drive. Leases are the Redis queue's (BullMQ locks); a claim reported with a
 * token the record does not hold means the queue recovered a stalled attempt.
 */
export class DispatchJobStore extends DbJobQueue {
  /** Queued jobs whose next attempt has not been handed to the Redis queue yet, best first. */
  async undispatched(limit: number): Promise<DispatchEntry[]> {
    const { jobs } = this.db.t;
    const rows = await this.db.run((q) =>
      q
        .select()
        .from(jobs)
        .where(
          and(
            eq(jobs.status, "queued"),
            or(isNull(jobs.dispatchedAttempt), lte(jobs.dispatchedAttempt, jobs.attempts)),
          ),
        )
        .orderBy(asc(jobs.priority), asc(jobs.runAfter))
        .limit(limit),
    );
    return rows.map(toEntry);
  }

  /**
   * Queued jobs whose next attempt was handed to Redis but has waited since before `olderThan`: the
   * dispatcher checks that Redis still has them (a Redis that lost its data must not lose jobs).
   */
  async staleDispatched(olderThan: number, limit: number): Promise<DispatchEntry[]> {
    const { jobs } = this.db.t;
    const rows = await this.db.run((q) =>
      q
        .select()
        .from(jobs)
        .where(
          and(
            eq(jobs.status, "queued"),
            eq(jobs.dispatchedAttempt, sql`${jobs.attempts} + 1`),
            lt(jobs.runAfter, olderThan),
          ),
        )
        .orderBy(asc(jobs.runAfter))
        .limit(limit),
    );
    return rows.map(toEntry);
  }

  /** Running attempts leased through Redis, oldest first, to check that Redis still knows them. */
  async runningRemote(
    limit: number,
  ): Promise<{ id: string; leaseToken: string; attempt: number; entry: DispatchEntry }[]> {
    const { jobs } = this.db.t;
    const rows = await this.db.run((q) =>
      q
        .select()
        .from(jobs)
        .where(and(eq(jobs.status, "running"), isNull(jobs.leaseExpiresAt), isNotNull(jobs.dispatchedAttempt)))
        .orderBy(asc(jobs.startedAt))
        .limit(limit),
    );
    return rows.map((row) => ({
      id: row.id,
      leaseToken: row.leaseToken as string,
      attempt: row.attempts,
      entry: { ...toEntry(row), attempt: row.dispatchedAttempt as number },
    }));
  }

  /** Records that an attempt is in the Redis queue, so a sweep does not hand it over twice. */
  async markDispatched(id: string, attempt: number): Promise<void> {
    const { jobs } = this.db.t;
    await this.db.run((q) => q.update(jobs).set({ dispatchedAttempt: attempt }).where(eq(jobs.id, id)));
  }

  /**
   * A worker took an attempt: `queued → running` under its token. A different token on a running
   * record is a takeover after the previous worker stalled, counted as a new attempt (or the end, when
   * none are left). `stop` tells the caller the worker must stop (cancelled, finished or out of attempts).
   */
  async adoptClaim(id: string, owner: string, leaseToken: string): Promise<AdoptOutcome> {
    const now = Date.now();
    const { jobs } = this.db.t;
    return this.transact(async (q, emit) => {
      const row = first(await q.select().from(jobs).where(eq(jobs.id, id)));
      if (!row) return "stop";
      if (row.status === "running" && row.leaseToken === leaseToken) return "running";
      if (row.status === "running") {
        if (row.cancelRequestedAt !== null) {
          await q
            .update(jobs)
            .set({ status: "cancelled", finishedAt: now, leaseToken: null, leaseOwner: null, leaseExpiresAt: null })
            .where(eq(jobs.id, id));
          await emit(id, "cancelled", { reason: "cancelled while its worker was lost" });
          return "stop";
        }
        // The previous worker was lost: an interruption, never one of the job's own attempts.
        const interruptions = row.interruptions + 1;
        if (interruptions > (this.options.maxInterruptions ?? DEFAULT_MAX_INTERRUPTIONS)) {
          await this.failRow(q, emit, row, leaseLost(row.attempts), "interruption", now);
          return "stop";
        }
        await q.update(jobs).set({ interruptions }).where(eq(jobs.id, id));
        await emit(id, "retrying", {
          attempt: row.attempts + 1,
          reason: leaseLost(row.attempts).detail,
          runAfter: new Date(now).toISOString(),
        });
      } else if (row.status !== "queued") {
        return "stop";
      }
      const [claimed] = await q
        .update(jobs)
        // The Redis queue expires remote leases; the API node's own recovery must not.
        .set(this.startAttempt(owner, leaseToken, null, now))
        .where(eq(jobs.id, id))
        .returning();
      await emit(id, "started", { attempt: (claimed as JobRow).attempts, worker: owner });
      return "running";
    });
  }

  /** The runner's view of a record while `leaseToken` holds it, for settling a worker's outputs. */
  async claimedJob(id: string, leaseToken: string): Promise<ClaimedJob | null> {
    const { jobs } = this.db.t;
    const row = first(await this.db.run((q) => q.select().from(jobs).where(this.held(id, leaseToken))));
    return row ? toClaimed(row, leaseToken) : null;
  }
}

function toEntry(row: JobRow): DispatchEntry {
  const { leaseToken: _token, attempt: _attempt, ...job } = toClaimed(row, "");
  return { id: row.id, attempt: row.attempts + 1, priority: row.priority, runAfter: row.runAfter, job };
}
