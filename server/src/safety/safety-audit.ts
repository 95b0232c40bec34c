import { and, asc, desc, eq, gte } from "drizzle-orm";
import type { MetaDb } from "../db/meta-db.js";
import type { safetyAudit } from "../db/schema.js";
import { newId } from "../util/ids.js";
import { type FaceDay, faceDays } from "./face-count.js";

export type AuditStage = "prompt" | "output" | "similarity" | "upload";
export type AuditDecision = "allow" | "rewrite" | "block";

export interface AuditEntry {
  orgId: string;
  userId: string;
  jobId: string;
  stage: AuditStage;
  decision: AuditDecision;
  category?: string | null;
  reason: string;
  details?: unknown;
  quarantinedSha256?: string | null;
}

/** One stored safety decision. */
export type AuditRow = typeof safetyAudit.$inferSelect;

/** The append-only record of every safety decision (DESIGN.md §6: audited with its reason). */
export class SafetyAudit {
  constructor(private readonly db: MetaDb) {}

  /** Appends one decision. */
  async record(entry: AuditEntry): Promise<void> {
    const { safetyAudit } = this.db.t;
    const row = {
      id: newId("aud"),
      orgId: entry.orgId,
      userId: entry.userId,
      jobId: entry.jobId,
      stage: entry.stage,
      decision: entry.decision,
      category: entry.category ?? null,
      reason: entry.reason,
      details: entry.details ?? null,
      quarantinedSha256: entry.quarantinedSha256 ?? null,
      at: Date.now(),
    };
    await this.db.run((q) => q.insert(safetyAudit).values(row));
  }

  /** The decisions about one of an org's jobs, newest first. */
  async forJob(orgId: string, jobId: string): Promise<AuditRow[]> {
    const { safetyAudit } = this.db.t;
    return this.db.run((q) =>
      q
        .select()
        .from(safetyAudit)
        .where(and(eq(safetyAudit.orgId, orgId), eq(safetyAudit.jobId, jobId)))
        .orderBy(desc(safetyAudit.at)),
    );
  }

  /** Faces in an org's outputs per day since `sinceMs` (representation monitoring; see face-count.ts). */
  async faceDays(orgId: string, sinceMs: number): Promise<FaceDay[]> {
    const { safetyAudit } = this.db.t;
    const rows = await this.db.run((q) =>
      q
        .select({ at: safetyAudit.at, details: safetyAudit.details })
        .from(safetyAudit)
        .where(and(eq(safetyAudit.orgId, orgId), eq(safetyAudit.stage, "output"), gte(safetyAudit.at, sinceMs)))
        .orderBy(asc(safetyAudit.at)),
    );
    return faceDays(rows);
  }
}
