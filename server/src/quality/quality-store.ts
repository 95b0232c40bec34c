import { and, desc, eq, gte, isNotNull, lt } from "drizzle-orm";
import { first, type MetaDb, type Q } from "../db/meta-db.js";
import type { PriorAttempt } from "./attempt-source.js";
import type { AttemptFacts } from "./quality-metrics.js";
import type { RankFeatures } from "./rank-weights.js";

/** A new attempt, stored with its job. */
export interface NewAttempt {
  jobId: string;
  orgId: string;
  userId: string;
  kind: string;
  kit: string | null;
  sourceKey: string;
  firstJobId: string;
  attemptNo: number;
  regenerates: string | null;
  createdAt: number; // ms
}

/** The designer's feedback on one job, as stored. */
export interface FeedbackRecord {
  candidates: number;
  kept: number | null;
  keptRank: number | null;
  rating: number | null;
  reason: string | null;
  features: RankFeatures[];
}

export type AttemptRow = Awaited<ReturnType<QualityStore["get"]>> & object;

/** One kept choice among at least two candidates: what the ranking weights are fitted from. */
export interface StoredChoice {
  kit: string | null;
  kept: number;
  features: RankFeatures[];
}

/** The quality_attempts table: attempt chains and feedback (both dialects, one set of queries). */
export class QualityStore {
  constructor(private readonly db: MetaDb) {}

  private get t() {
    return this.db.t.qualityAttempts;
  }

  async get(orgId: string, jobId: string) {
    const t = this.t;
    return first(
      await this.db.run((q) =>
        q
          .select()
          .from(t)
          .where(and(eq(t.orgId, orgId), eq(t.jobId, jobId))),
      ),
    );
  }

  /** The user's latest attempt on a source (regeneration detection). */
  async latestOnSource(orgId: string, userId: string, sourceKey: string): Promise<PriorAttempt | null> {
    const t = this.t;
    const row = first(
      await this.db.run((q) =>
        q
          .select()
          .from(t)
          .where(and(eq(t.orgId, orgId), eq(t.userId, userId), eq(t.sourceKey, sourceKey)))
          .orderBy(desc(t.createdAt))
          .limit(1),
      ),
    );
    return row ? prior(row) : null;
  }

  /** An attempt of the org as a possible predecessor, or null. */
  async prior(orgId: string, jobId: string): Promise<PriorAttempt | null> {
    const row = await this.get(orgId, jobId);
    return row ? prior(row) : null;
  }

  /** Stores a new attempt and marks the one it regenerates, inside the job's own transaction. */
  async insert(q: Q, attempt: NewAttempt): Promise<void> {
    const t = this.t;
    await q.insert(t).values(attempt).onConflictDoNothing();
    if (attempt.regenerates) {
      await q
        .update(t)
        .set({ regeneratedAt: attempt.createdAt })
        .where(and(eq(t.jobId, attempt.regenerates), eq(t.orgId, attempt.orgId)));
    }
  }

  /** Stores (or replaces) a job's feedback; `attempt` creates the row first for a job older than the table. */
  async saveFeedback(attempt: NewAttempt, feedback: FeedbackRecord, now: number): Promise<void> {
    const t = this.t;
    await this.db.tx(async (q) => {
      await q.insert(t).values(attempt).onConflictDoNothing();
      const current = first(await q.select({ created: t.feedbackCreatedAt }).from(t).where(eq(t.jobId, attempt.jobId)));
      await q
        .update(t)
        .set({ ...feedback, feedbackCreatedAt: current?.created ?? now, feedbackAt: now })
        .where(eq(t.jobId, attempt.jobId));
    });
  }

  /** Attempts of an org created in [fromMs, toMs), optionally of one kit or kind. */
  async attempts(
    orgId: string,
    fromMs: number,
    toMs: number,
    filter: { kit?: string; kind?: string },
  ): Promise<AttemptFacts[]> {
    const t = this.t;
    const conditions = [eq(t.orgId, orgId), gte(t.createdAt, fromMs), lt(t.createdAt, toMs)];
    if (filter.kit !== undefined) conditions.push(eq(t.kit, filter.kit));
    if (filter.kind !== undefined) conditions.push(eq(t.kind, filter.kind));
    const rows = await this.db.run((q) =>
      q
        .select()
        .from(t)
        .where(and(...conditions)),
    );
    return rows.map((r) => ({
      jobId: r.jobId,
      firstJobId: r.firstJobId,
      kind: r.kind,
      kit: r.kit,
      createdAt: r.createdAt,
      regenerated: r.regeneratedAt !== null,
      hasFeedback: r.feedbackAt !== null,
      kept: r.kept,
      keptRank: r.keptRank,
      candidates: r.candidates,
    }));
  }

  /** The org's latest kept choices among two or more candidates, newest first. */
  async choices(orgId: string, limit: number): Promise<StoredChoice[]> {
    const t = this.t;
    const rows = await this.db.run((q) =>
      q
        .select({ kit: t.kit, kept: t.kept, features: t.features, candidates: t.candidates })
        .from(t)
        .where(and(eq(t.orgId, orgId), isNotNull(t.kept), gte(t.candidates, 2)))
        .orderBy(desc(t.feedbackAt))
        .limit(limit),
    );
    return rows.flatMap((r) =>
      r.kept === null || !Array.isArray(r.features) ? [] : [{ kit: r.kit, kept: r.kept, features: r.features }],
    );
  }
}

function prior(row: { jobId: string; firstJobId: string; attemptNo: number; kept: number | null; createdAt: number }) {
  return {
    jobId: row.jobId,
    firstJobId: row.firstJobId,
    attemptNo: row.attemptNo,
    kept: row.kept,
    createdAt: row.createdAt,
  };
}
