import type { JobEvent } from "@easel/shared/protocol";
import { and, asc, desc, eq, gt, inArray, lt } from "drizzle-orm";
import { first, type MetaDb } from "../db/meta-db.js";
import { type JobRow, toJob } from "./job-view.js";

export interface JobListQuery {
  document?: string;
  parent?: string;
  status?: string;
  limit: number;
  cursor?: string;
}

/** The read side of the job records: one job with its layers, an org's history, a job's stored events. */
export class DbJobReads {
  constructor(private readonly db: MetaDb) {}

  async get(orgId: string, id: string) {
    const { jobs, layers } = this.db.t;
    return this.db.run(async (q) => {
      const row = first(
        await q
          .select()
          .from(jobs)
          .where(and(eq(jobs.id, id), eq(jobs.orgId, orgId))),
      );
      if (!row) return null;
      const layerRows = await q.select().from(layers).where(eq(layers.jobId, id)).orderBy(asc(layers.idx));
      return toJob(row, layerRows);
    });
  }

  async list(orgId: string, query: JobListQuery) {
    const { jobs, layers } = this.db.t;
    const conditions = [eq(jobs.orgId, orgId)];
    if (query.document !== undefined) conditions.push(eq(jobs.document, query.document));
    if (query.parent !== undefined) conditions.push(eq(jobs.parent, query.parent));
    if (query.status !== undefined) conditions.push(eq(jobs.status, query.status as JobRow["status"]));
    if (query.cursor !== undefined) conditions.push(lt(jobs.id, query.cursor));
    return this.db.run(async (q) => {
      const rows = await q
        .select()
        .from(jobs)
        .where(and(...conditions))
        .orderBy(desc(jobs.id))
        .limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      const ids = page.map((r) => r.id);
      const layerRows =
        ids.length === 0
          ? []
          : await q.select().from(layers).where(inArray(layers.jobId, ids)).orderBy(asc(layers.idx));
      const jobsOut = page.map((row) =>
        toJob(
          row,
          layerRows.filter((l) => l.jobId === row.id),
        ),
      );
      const last = page.at(-1);
      return { jobs: jobsOut, nextCursor: rows.length > query.limit && last ? last.id : null };
    });
  }

  async eventsAfter(orgId: string, id: string, afterSeq: number): Promise<JobEvent[]> {
    const { jobs, jobEvents } = this.db.t;
    return this.db.run(async (q) => {
      const owned = first(
        await q
          .select({ id: jobs.id })
          .from(jobs)
          .where(and(eq(jobs.id, id), eq(jobs.orgId, orgId))),
      );
      if (!owned) return [];
      const rows = await q
        .select()
        .from(jobEvents)
        .where(and(eq(jobEvents.jobId, id), gt(jobEvents.seq, afterSeq)))
        .orderBy(asc(jobEvents.seq));
      return rows.map(
        (e) =>
          ({ seq: e.seq, jobId: e.jobId, type: e.type, at: new Date(e.at).toISOString(), data: e.data }) as JobEvent,
      );
    });
  }
}
