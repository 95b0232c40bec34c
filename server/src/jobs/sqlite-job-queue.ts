import { randomBytes } from "node:crypto";
import { type JobEvent, type JobEventData, type JobEventType, type Problem, problemType } from "@easel/shared/protocol";
import { and, asc, desc, eq, gt, inArray, lt, lte, ne, sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { assets, jobEvents, jobs, layers, manifests } from "../db/schema.js";
import type { PlanOutput } from "../pipeline/plan-types.js";
import { newId } from "../util/ids.js";
import { retryDelayMs } from "./backoff.js";
import type { JobEventBus } from "./job-event-bus.js";
import type { CancelOutcome, ClaimedJob, FailOutcome, JobQueue, NewJob } from "./job-queue.js";
import { type JobRow, toJob } from "./job-view.js";
import { priorityFor } from "./lanes.js";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface SqliteJobQueueOptions {
  leaseMs: number;
  retryBaseMs: number;
  /** Identifies this process's leases; leases of other owners are foreign. */
  owner: string;
}

/** The embedded job queue: SQLite rows, fenced leases, events persisted in the same transaction. */
export class SqliteJobQueue implements JobQueue {
  constructor(
    protected readonly db: Db,
    private readonly bus: JobEventBus,
    private readonly options: SqliteJobQueueOptions,
  ) {}

  async enqueue(job: NewJob) {
    const now = Date.now();
    const request = job.request;
    const row = this.transact((tx, emit) => {
      const waiting = tx
        .select({ n: sql<number>`count(*)` })
        .from(jobs)
        .where(and(eq(jobs.status, "queued"), eq(jobs.lane, job.lane), eq(jobs.orgId, job.orgId)))
        .get();
      tx.insert(jobs)
        .values({
          id: job.id,
          orgId: job.orgId,
          userId: job.userId,
          kind: request.kind,
          status: "queued",
          request,
          plan: job.plan,
          document: request.document ?? null,
          parent: request.parent ?? null,
          maxAttempts: job.maxAttempts,
          timeoutMs: job.timeoutMs,
          runAfter: now,
          notes: job.notes,
          commercialRights: job.commercialRights,
          provenance: job.provenance,
          lane: job.lane,
          priority: priorityFor(job.lane, waiting?.n ?? 0),
          createdAt: now,
        })
        .run();
      emit(job.id, "queued", { attempt: 1 });
      return this.row(tx, job.id);
    });
    return toJob(row, []);
  }

  async claim(owner: string): Promise<ClaimedJob | null> {
    const now = Date.now();
    return this.transact((tx, emit) => {
      const next = tx
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(eq(jobs.status, "queued"), lte(jobs.runAfter, now)))
        .orderBy(asc(jobs.priority), asc(jobs.runAfter), asc(jobs.createdAt))
        .limit(1)
        .get();
      if (!next) return null;
      const leaseToken = randomBytes(12).toString("hex");
      const row = tx
        .update(jobs)
        .set({
          status: "running",
          attempts: sql`${jobs.attempts} + 1`,
          leaseOwner: owner,
          leaseToken,
          leaseExpiresAt: now + this.options.leaseMs,
          startedAt: sql`coalesce(${jobs.startedAt}, ${now})`,
          progress: null,
        })
        .where(and(eq(jobs.id, next.id), eq(jobs.status, "queued")))
        .returning()
        .get();
      if (!row) return null;
      emit(row.id, "started", { attempt: row.attempts, worker: owner });
      return toClaimed(row, leaseToken);
    });
  }

  async heartbeat(id: string, leaseToken: string) {
    const row = this.db
      .update(jobs)
      .set({ leaseExpiresAt: Date.now() + this.options.leaseMs })
      .where(and(eq(jobs.id, id), eq(jobs.leaseToken, leaseToken), eq(jobs.status, "running")))
      .returning({ cancelRequestedAt: jobs.cancelRequestedAt })
      .get();
    return { held: row !== undefined, cancelRequested: row?.cancelRequestedAt != null };
  }

  async reportProgress(id: string, leaseToken: string, progress: JobEventData<"progress">) {
    return this.transact((tx, emit) => {
      const { preview: _preview, ...stored } = progress;
      const changed = tx.update(jobs).set({ progress: stored }).where(this.held(id, leaseToken)).run().changes;
      if (changed === 0) return false;
      emit(id, "progress", progress);
      return true;
    });
  }

  async succeed(id: string, leaseToken: string, outputs: PlanOutput[]) {
    const now = Date.now();
    return this.transact((tx, emit) => {
      const row = tx.select().from(jobs).where(this.held(id, leaseToken)).get();
      if (!row) return false;
      const layerRows = outputs.map((output, idx) => ({
        id: newId("lyr"),
        jobId: id,
        idx,
        assetId: output.sha256,
        width: output.width,
        height: output.height,
        placement: output.placement,
        label: output.label,
        seed: output.seed,
        scores: output.scores,
        manifestId: output.manifest?.label ?? null,
        commercialRights: row.commercialRights,
      }));
      for (const output of outputs) {
        tx.insert(assets)
          .values({
            orgId: row.orgId,
            id: output.sha256,
            width: output.width,
            height: output.height,
            format: output.format,
            bytes: output.bytes,
            hasAlpha: output.hasAlpha,
            source: "output",
            createdAt: now,
          })
          .onConflictDoNothing()
          .run();
      }
      // The unique (job_id, idx) index makes a duplicate delivery impossible even if fencing failed.
      if (layerRows.length > 0) tx.insert(layers).values(layerRows).run();
      outputs.forEach((output, idx) => {
        if (!output.manifest) return;
        tx.insert(manifests)
          .values({
            id: output.manifest.label,
            orgId: row.orgId,
            jobId: id,
            layerIdx: idx,
            assetId: output.sha256,
            pixelSha256: output.manifest.pixelSha256,
            storeSha256: output.manifest.storeSha256,
            manifestHash: output.manifest.manifestHash,
            createdAt: now,
          })
          .run();
      });
      tx.update(jobs)
        .set({ status: "succeeded", finishedAt: now, leaseToken: null, leaseOwner: null, leaseExpiresAt: null })
        .where(eq(jobs.id, id))
        .run();
      const saved = tx.select().from(layers).where(eq(layers.jobId, id)).orderBy(asc(layers.idx)).all();
      emit(id, "succeeded", { layers: toJob(row, saved).layers });
      return true;
    });
  }

  async fail(id: string, leaseToken: string, problem: Problem, retryable: boolean): Promise<FailOutcome> {
    const now = Date.now();
    return this.transact((tx, emit) => {
      const row = tx.select().from(jobs).where(this.held(id, leaseToken)).get();
      if (!row) return "stale";
      return this.failRow(tx, emit, row, problem, retryable, now);
    });
  }

  async requestCancel(orgId: string, id: string): Promise<CancelOutcome> {
    const now = Date.now();
    return this.transact((tx, emit) => {
      const row = tx
        .select()
        .from(jobs)
        .where(and(eq(jobs.id, id), eq(jobs.orgId, orgId)))
        .get();
      if (!row) return "not_found";
      if (row.status === "queued") {
        tx.update(jobs)
          .set({ status: "cancelled", finishedAt: now, cancelRequestedAt: now })
          .where(eq(jobs.id, id))
          .run();
        emit(id, "cancelled", { reason: "cancelled before it started" });
        return "cancelled";
      }
      if (row.status === "running") {
        tx.update(jobs).set({ cancelRequestedAt: now }).where(eq(jobs.id, id)).run();
        return "cancelling";
      }
      return "terminal";
    });
  }

  async confirmCancelled(id: string, leaseToken: string, reason: string) {
    return this.transact((tx, emit) => {
      const changed = tx
        .update(jobs)
        .set({ status: "cancelled", finishedAt: Date.now(), leaseToken: null, leaseOwner: null, leaseExpiresAt: null })
        .where(this.held(id, leaseToken))
        .run().changes;
      if (changed > 0) emit(id, "cancelled", { reason });
      return changed > 0;
    });
  }

  async release(id: string, leaseToken: string) {
    return this.transact((tx, emit) => {
      const row = tx
        .update(jobs)
        .set({
          status: "queued",
          attempts: sql`max(0, ${jobs.attempts} - 1)`,
          leaseToken: null,
          leaseOwner: null,
          leaseExpiresAt: null,
          runAfter: Date.now(),
        })
        .where(this.held(id, leaseToken))
        .returning()
        .get();
      if (row) emit(id, "queued", { attempt: row.attempts + 1 });
      return row !== undefined;
    });
  }

  async recoverExpired(options: { includeForeignLeases?: boolean } = {}) {
    const now = Date.now();
    return this.transact((tx, emit) => {
      const expired = lt(jobs.leaseExpiresAt, now);
      const orphaned = options.includeForeignLeases
        ? sql`(${expired} OR ${ne(jobs.leaseOwner, this.options.owner)})`
        : expired;
      const rows = tx
        .select()
        .from(jobs)
        .where(and(eq(jobs.status, "running"), orphaned))
        .all();
      for (const row of rows) {
        if (row.cancelRequestedAt !== null) {
          tx.update(jobs)
            .set({ status: "cancelled", finishedAt: now, leaseToken: null, leaseOwner: null, leaseExpiresAt: null })
            .where(eq(jobs.id, row.id))
            .run();
          emit(row.id, "cancelled", { reason: "cancelled while its worker was lost" });
          continue;
        }
        const problem = {
          type: problemType("job_failed"),
          title: "Job failed",
          status: 500,
          detail: `the worker running attempt ${row.attempts} stopped without finishing (lease expired)`,
          code: "job_failed" as const,
        };
        this.failRow(tx, emit, row, problem, true, now);
      }
      return rows.length;
    });
  }

  async msUntilNextDue() {
    const row = this.db
      .select({ runAfter: jobs.runAfter })
      .from(jobs)
      .where(eq(jobs.status, "queued"))
      .orderBy(asc(jobs.runAfter))
      .limit(1)
      .get();
    return row ? Math.max(0, row.runAfter - Date.now()) : null;
  }

  async get(orgId: string, id: string) {
    const row = this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.id, id), eq(jobs.orgId, orgId)))
      .get();
    if (!row) return null;
    const layerRows = this.db.select().from(layers).where(eq(layers.jobId, id)).orderBy(asc(layers.idx)).all();
    return toJob(row, layerRows);
  }

  async list(
    orgId: string,
    query: { document?: string; parent?: string; status?: string; limit: number; cursor?: string },
  ) {
    const conditions = [eq(jobs.orgId, orgId)];
    if (query.document !== undefined) conditions.push(eq(jobs.document, query.document));
    if (query.parent !== undefined) conditions.push(eq(jobs.parent, query.parent));
    if (query.status !== undefined) conditions.push(eq(jobs.status, query.status as JobRow["status"]));
    if (query.cursor !== undefined) conditions.push(lt(jobs.id, query.cursor));
    const rows = this.db
      .select()
      .from(jobs)
      .where(and(...conditions))
      .orderBy(desc(jobs.id))
      .limit(query.limit + 1)
      .all();
    const page = rows.slice(0, query.limit);
    const ids = page.map((r) => r.id);
    const layerRows =
      ids.length === 0
        ? []
        : this.db.select().from(layers).where(inArray(layers.jobId, ids)).orderBy(asc(layers.idx)).all();
    const jobsOut = page.map((row) =>
      toJob(
        row,
        layerRows.filter((l) => l.jobId === row.id),
      ),
    );
    const last = page.at(-1);
    return { jobs: jobsOut, nextCursor: rows.length > query.limit && last ? last.id : null };
  }

  async eventsAfter(orgId: string, id: string, afterSeq: number): Promise<JobEvent[]> {
    const owned = this.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.id, id), eq(jobs.orgId, orgId)))
      .get();
    if (!owned) return [];
    return this.db
      .select()
      .from(jobEvents)
      .where(and(eq(jobEvents.jobId, id), gt(jobEvents.seq, afterSeq)))
      .orderBy(asc(jobEvents.seq))
      .all()
      .map(
        (e) =>
          ({ seq: e.seq, jobId: e.jobId, type: e.type, at: new Date(e.at).toISOString(), data: e.data }) as JobEvent,
      );
  }

  protected failRow(tx: Tx, emit: Emit, row: JobRow, problem: Problem, retryable: boolean, now: number): FailOutcome {
    const cleared = { leaseToken: null, leaseOwner: null, leaseExpiresAt: null };
    if (retryable && row.attempts < row.maxAttempts) {
      const runAfter = now + retryDelayMs(row.attempts, this.options.retryBaseMs);
      tx.update(jobs)
        .set({ status: "queued", runAfter, progress: null, ...cleared })
        .where(eq(jobs.id, row.id))
        .run();
      emit(row.id, "retrying", {
        attempt: row.attempts + 1,
        reason: problem.detail,
        runAfter: new Date(runAfter).toISOString(),
      });
      return "retrying";
    }
    const detail =
      retryable && row.attempts > 1 ? `${problem.detail} (gave up after ${row.attempts} attempts)` : problem.detail;
    const final = { ...problem, detail };
    tx.update(jobs)
      .set({ status: "failed", finishedAt: now, problem: final, ...cleared })
      .where(eq(jobs.id, row.id))
      .run();
    emit(row.id, "failed", { problem: final });
    return "failed";
  }

  protected held(id: string, leaseToken: string) {
    return and(eq(jobs.id, id), eq(jobs.leaseToken, leaseToken), eq(jobs.status, "running"));
  }

  protected row(tx: Tx, id: string): JobRow {
    return tx.select().from(jobs).where(eq(jobs.id, id)).get() as JobRow;
  }

  /** Runs `work` in one transaction; events it emits are written there and published only after commit. */
  protected transact<T>(work: (tx: Tx, emit: Emit) => T): T {
    const pending: JobEvent[] = [];
    const result = this.db.transaction((tx) =>
      work(tx, (jobId, type, data) => {
        const now = Date.now();
        const { lastSeq } = tx
          .update(jobs)
          .set({ lastSeq: sql`${jobs.lastSeq} + 1` })
          .where(eq(jobs.id, jobId))
          .returning({ lastSeq: jobs.lastSeq })
          .get() as { lastSeq: number };
        tx.insert(jobEvents).values({ jobId, seq: lastSeq, type, data, at: now }).run();
        pending.push({ seq: lastSeq, jobId, type, data, at: new Date(now).toISOString() } as JobEvent);
      }),
    );
    for (const event of pending) this.bus.publish(event);
    return result;
  }
}

export type Emit = <T extends JobEventType>(jobId: string, type: T, data: JobEventData<T>) => void;

/** The runner's view of a leased job row. */
export function toClaimed(row: JobRow, leaseToken: string): ClaimedJob {
  return {
    id: row.id,
    orgId: row.orgId,
    userId: row.userId,
    plan: row.plan as ClaimedJob["plan"],
    attempt: row.attempts,
    leaseToken,
    timeoutMs: row.timeoutMs,
    provenance: (row.provenance as ClaimedJob["provenance"] | null) ?? {
      commercialRights: row.commercialRights,
      brandKit: null,
      promptHash: null,
      safety: [],
    },
  };
}
