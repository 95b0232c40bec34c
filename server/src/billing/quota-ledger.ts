import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Plan } from "../auth/principal.js";
import { first, type MetaDb, type Q } from "../db/meta-db.js";
import { AppError } from "../errors/app-error.js";
import { PLANS, periodOf, secondsUntilNextPeriod } from "./plans.js";

export interface QuotaUsage {
  period: string;
  limit: number | null;
  used: number;
  reserved: number;
  remaining: number | null;
}

/**
 * Monthly image quotas: reserved atomically when a job is created (so concurrent requests can never
 * overspend, also across API nodes sharing PostgreSQL), then settled once — charged what the job
 * delivered, refunded on failure, cancellation or a safety block. Settling is idempotent, so retries,
 * restarts and several nodes settling the same job never charge twice.
 */
export class QuotaLedger {
  constructor(private readonly db: MetaDb) {}

  /**
   * Reserves `amount` images for a job, or refuses with 429 when the plan's month is used up. Given
   * `within`, it runs in that (caller's, serializable) transaction, so it commits with the job or not at all.
   */
  async reserve(orgId: string, plan: Plan, jobId: string, amount: number, now = Date.now(), within?: Q): Promise<void> {
    if (amount <= 0) return;
    const { quotaReservations: r } = this.db.t;
    const limit = PLANS[plan].monthlyImages;
    const period = periodOf(now);
    // Serializable on both dialects (SQLite: BEGIN IMMEDIATE takes the write lock before reading;
    // PostgreSQL: SSI aborts and the MetaDb retries one of two transactions that both saw room), so
    // the sum read here is still the truth when the reservation is written.
    const work = async (q: Q) => {
      if (limit !== null) {
        const row = first(
          await q
            .select({
              taken:
                sql<number>`coalesce(sum(case ${r.state} when 'reserved' then ${r.reserved} else ${r.charged} end), 0)`.mapWith(
                  Number,
                ),
            })
            .from(r)
            .where(and(eq(r.orgId, orgId), eq(r.period, period))),
        );
        const taken = row?.taken ?? 0;
        if (taken + amount > limit) {
          const left = Math.max(0, limit - taken);
          throw new AppError(
            "quota_exceeded",
            `the ${plan} plan includes ${limit} images per month; ${left} left in ${period} and this job needs ${amount}. Upgrade to pro for more`,
            { field: "quota", headers: { "retry-after": String(secondsUntilNextPeriod(now)) } },
          );
        }
      }
      await q.insert(r).values({ jobId, orgId, period, reserved: amount, state: "reserved", createdAt: now });
    };
    await (within ? work(within) : this.db.tx(work));
  }

  /** Charges what a finished job delivered (at most what it reserved); a no-op once settled. */
  async charge(jobId: string, delivered: number, now = Date.now()): Promise<boolean> {
    const { quotaReservations: r } = this.db.t;
    const settled = await this.db.run((q) =>
      q
        .update(r)
        .set({
          state: "charged",
          // min(reserved, delivered), written portably (SQLite's two-argument min() is not SQL).
          charged: sql`case when ${r.reserved} < ${delivered} then ${r.reserved} else ${delivered} end`,
          settledAt: now,
        })
        .where(and(eq(r.jobId, jobId), eq(r.state, "reserved")))
        .returning({ jobId: r.jobId }),
    );
    return settled.length > 0;
  }

  /** Gives a job's reservation back (failure, cancellation, safety block); a no-op once settled. */
  async refund(jobId: string, now = Date.now()): Promise<boolean> {
    const { quotaReservations: r } = this.db.t;
    const settled = await this.db.run((q) =>
      q
        .update(r)
        .set({ state: "refunded", settledAt: now })
        .where(and(eq(r.jobId, jobId), eq(r.state, "reserved")))
        .returning({ jobId: r.jobId }),
    );
    return settled.length > 0;
  }

  /**
   * Settles reservations whose job ended while nobody listened (a crash between the job's last
   * transition and its settlement), and refunds reservations whose job was never stored.
   */
  async reconcile(now = Date.now()): Promise<number> {
    const { quotaReservations: r, jobs, layers } = this.db.t;
    const open = await this.db.run((q) =>
      q
        .select({ jobId: r.jobId, createdAt: r.createdAt, status: jobs.status })
        .from(r)
        .leftJoin(jobs, eq(jobs.id, r.jobId))
        .where(eq(r.state, "reserved")),
    );
    const succeeded = open.filter((row) => row.status === "succeeded").map((row) => row.jobId);
    const counts = new Map<string, number>();
    if (succeeded.length > 0) {
      const rows = await this.db.run((q) =>
        q
          .select({ jobId: layers.jobId, n: sql<number>`count(*)`.mapWith(Number) })
          .from(layers)
          .where(inArray(layers.jobId, succeeded))
          .groupBy(layers.jobId),
      );
      for (const row of rows) counts.set(row.jobId, row.n);
    }
    let settled = 0;
    for (const row of open) {
      if (row.status === "succeeded") settled += Number(await this.charge(row.jobId, counts.get(row.jobId) ?? 0, now));
      else if (row.status === "failed" || row.status === "cancelled")
        settled += Number(await this.refund(row.jobId, now));
      else if (row.status === null && row.createdAt < now - 60_000)
        settled += Number(await this.refund(row.jobId, now));
    }
    return settled;
  }

  /** The org's quota position in a period. */
  async usage(orgId: string, plan: Plan, period: string): Promise<QuotaUsage> {
    const { quotaReservations: r } = this.db.t;
    const row = await this.db.run(async (q) =>
      first(
        await q
          .select({
            used: sql<number>`coalesce(sum(case ${r.state} when 'charged' then ${r.charged} else 0 end), 0)`.mapWith(
              Number,
            ),
            reserved:
              sql<number>`coalesce(sum(case ${r.state} when 'reserved' then ${r.reserved} else 0 end), 0)`.mapWith(
                Number,
              ),
          })
          .from(r)
          .where(and(eq(r.orgId, orgId), eq(r.period, period))),
      ),
    );
    const used = row?.used ?? 0;
    const reserved = row?.reserved ?? 0;
    const limit = PLANS[plan].monthlyImages;
    return {
      period,
      limit,
      used,
      reserved,
      remaining: limit === null ? null : Math.max(0, limit - used - reserved),
    };
  }

  /** Reservations older than `ms` still open (for diagnostics). */
  async openOlderThan(ms: number, now = Date.now()): Promise<number> {
    const { quotaReservations: r } = this.db.t;
    const row = await this.db.run(async (q) =>
      first(
        await q
          .select({ n: sql<number>`count(*)`.mapWith(Number) })
          .from(r)
          .where(and(eq(r.state, "reserved"), lt(r.createdAt, now - ms))),
      ),
    );
    return row?.n ?? 0;
  }
}
