import type { UsageReport } from "@easel/shared/protocol";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Principal } from "../auth/principal.js";
import { hasRole } from "../auth/principal.js";
import type { MetaDb } from "../db/meta-db.js";
import { AppError } from "../errors/app-error.js";
import { type CostRates, computeCostUsd, grossMargin } from "./cost-model.js";
import { PLANS, periodOf } from "./plans.js";
import type { QuotaLedger } from "./quota-ledger.js";

export interface MeteredWork {
  jobId: string;
  orgId: string;
  engine: string;
  device: "cpu" | "gpu";
  computeMs: number;
  images: number;
}

/** Metering (compute per job and engine) and the usage report of an org's month. */
export class UsageService {
  constructor(
    private readonly db: MetaDb,
    private readonly ledger: QuotaLedger,
    private readonly rates: CostRates,
  ) {}

  /** Adds compute a job attempt used; attempts of one job accumulate. */
  async record(work: MeteredWork, now = Date.now()): Promise<void> {
    const { jobUsage } = this.db.t;
    // One upsert, atomic on both dialects, so two nodes metering attempts of one job both count.
    await this.db.run((q) =>
      q
        .insert(jobUsage)
        .values({ ...work, at: now })
        .onConflictDoUpdate({
          target: [jobUsage.jobId, jobUsage.engine],
          set: {
            computeMs: sql`${jobUsage.computeMs} + ${work.computeMs}`,
            // max(images, work.images), written portably (SQLite's two-argument max() is not SQL).
            images: sql`case when ${jobUsage.images} > ${work.images} then ${jobUsage.images} else ${work.images} end`,
            at: now,
          },
        }),
    );
  }

  /** The report for `period` (`YYYY-MM`, default the current month); cost only for admins. */
  async report(principal: Principal, period = periodOf(Date.now())): Promise<UsageReport> {
    const match = /^(\d{4})-(\d{2})$/.exec(period);
    if (!match) throw new AppError("validation", "`period` must look like 2026-11", { field: "period" });
    const start = Date.UTC(Number(match[1]), Number(match[2]) - 1, 1);
    const end = Date.UTC(Number(match[1]), Number(match[2]), 1);
    const { jobs, jobUsage, layers } = this.db.t;
    const quota = await this.ledger.usage(principal.orgId, principal.plan, period);
    const byKindRows = await this.db.run((q) =>
      q
        .select({ kind: jobs.kind, n: sql<number>`count(*)`.mapWith(Number) })
        .from(layers)
        .innerJoin(jobs, eq(jobs.id, layers.jobId))
        .where(and(eq(jobs.orgId, principal.orgId), gte(jobs.finishedAt, start), lt(jobs.finishedAt, end)))
        .groupBy(jobs.kind),
    );
    const byKind = Object.fromEntries(byKindRows.map((r) => [r.kind, r.n]));
    const total = byKindRows.reduce((sum, r) => sum + r.n, 0);
    const computeRows = await this.db.run((q) =>
      q
        .select({
          engine: jobUsage.engine,
          device: jobUsage.device,
          computeMs: sql<number>`sum(${jobUsage.computeMs})`.mapWith(Number),
          jobs: sql<number>`count(*)`.mapWith(Number),
        })
        .from(jobUsage)
        .where(and(eq(jobUsage.orgId, principal.orgId), gte(jobUsage.at, start), lt(jobUsage.at, end)))
        .groupBy(jobUsage.engine, jobUsage.device),
    );
    const plan = PLANS[principal.plan];
    let cost: UsageReport["cost"] = null;
    if (hasRole(principal.role, "admin")) {
      const computeUsd = computeCostUsd(computeRows, this.rates);
      const revenueUsd =
        plan.pricePerImageUsd !== null ? plan.pricePerImageUsd * quota.used : (plan.monthlyPriceUsd ?? null);
      cost = {
        computeUsd: round(computeUsd, 6),
        revenueUsd: revenueUsd === null ? null : round(revenueUsd, 2),
        grossMargin: revenueUsd === null ? null : round(grossMargin(revenueUsd, computeUsd) ?? 0, 4),
        costPerImageUsd: total > 0 ? round(computeUsd / total, 6) : null,
      };
    }
    return {
      period,
      plan: principal.plan,
      commercialRights: plan.commercialRights,
      quota,
      images: { total, byKind },
      compute: computeRows.map((r) => ({
        engine: r.engine,
        device: r.device,
        seconds: round(r.computeMs / 1000, 3),
        jobs: r.jobs,
      })),
      cost,
    };
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
