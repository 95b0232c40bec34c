import { randomBytes } from "node:crypto";
import { type JobEvent, type JobEventData, type JobEventType, type Problem, problemType } from "@easel/shared/protocol";
import { and, asc, eq, lt, lte, ne, or, sql } from "drizzle-orm";
import { first, type MetaDb, type Q } from "../db/meta-db.js";
import type { PlanOutput } from "../pipeline/plan-types.js";
import { newId } from "../util/ids.js";
import { retryDelayMs } from "./backoff.js";
import { announcedCandidates, candidateEvent, outputLayer, rankAmong } from "./candidate-events.js";
import { DbJobReads, type JobListQuery } from "./db-job-reads.js";
import type { JobEventBus } from "./job-event-bus.js";
import type { CancelOutcome, ClaimedJob, FailOutcome, JobQueue, NewJob } from "./job-queue.js";
import { type JobRow, toJob } from "./job-view.js";
import { priorityFor } from "./lanes.js";

export interface DbJobQueueOptions {
  leaseMs: number;
  retryBaseMs: number;
  /** Identifies this process's leases; leases of other owners are foreign. */
  owner: string;
  /** Attempts the service itself may lose (restarts, crashed threads) before the job fails; default 10. */
  maxInterruptions?: number;
}

/** Why an attempt ended without outputs: the job's own fault (retryable or not), or the service's. */
export type Ending = "permanent" | "retryable" | "interruption";

/**
 * The job queue in the metadata database (SQLite or PostgreSQL): rows with fenced leases, each
 * transition and its events written in one transaction and announced on the bus only after commit.
 */
export class DbJobQueue implements JobQueue {
  private readonly reads: DbJobReads;

  constructor(
    protected readonly db: MetaDb,
    private readonly bus: JobEventBus,
    protected readonly options: DbJobQueueOptions,
  ) {
    this.reads = new DbJobReads(db);
  }

  async enqueue(job: NewJob, within?: (q: Q) => Promise<void>) {
    const now = Date.now();
    const request = job.request;
    const { jobs } = this.db.t;
    // Outside the transaction on purpose: fairness needs only an approximate count, and reading the
    // org's queue inside a serializable transaction would make every concurrent enqueue conflict.
    const waiting = first(
      await this.db.run((q) =>
        q
          .select({ n: sql<number>`count(*)`.mapWith(Number) })
          .from(jobs)
          .where(and(eq(jobs.status, "queued"), eq(jobs.lane, job.lane), eq(jobs.orgId, job.orgId))),
      ),
    );
    const row = await this.transact(async (q, emit) => {
      await within?.(q);
      const [inserted] = await q
        .insert(jobs)
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
        .returning();
      await emit(job.id, "queued", { attempt: 1 });
      return inserted as JobRow;
    });
    return toJob(row, []);
  }

  async claim(owner: string): Promise<ClaimedJob | null> {
    const now = Date.now();
    const { jobs } = this.db.t;
    const leaseToken = randomBytes(12).toString("hex");
    return this.transact(async (q, emit) => {
      const next = first(
        await q
          .select({ id: jobs.id })
          .from(jobs)
          .where(and(eq(jobs.status, "queued"), lte(jobs.runAfter, now)))
          .orderBy(asc(jobs.priority), asc(jobs.runAfter), asc(jobs.createdAt))
          .limit(1),
      );
      if (!next) return null;
      const row = first(
        await q
          .update(jobs)
          .set(this.startAttempt(owner, leaseToken, now + this.options.leaseMs, now))
          .where(and(eq(jobs.id, next.id), eq(jobs.status, "queued")))
          .returning(),
      );
      if (!row) return null;
      await emit(row.id, "started", { attempt: row.attempts, worker: owner });
      return toClaimed(row, leaseToken);
    });
  }

  async heartbeat(id: string, leaseToken: string) {
    const { jobs } = this.db.t;
    const row = await this.db.run(async (q) =>
      first(
        await q
          .update(jobs)
          .set({ leaseExpiresAt: Date.now() + this.options.leaseMs })
          .where(and(eq(jobs.id, id), eq(jobs.leaseToken, leaseToken), eq(jobs.status, "running")))
          .returning({ cancelRequestedAt: jobs.cancelRequestedAt }),
      ),
    );
    return { held: row !== undefined, cancelRequested: row?.cancelRequestedAt != null };
  }

  async reportProgress(id: string, leaseToken: string, progress: JobEventData<"progress">) {
    const { jobs } = this.db.t;
    return this.transact(async (q, emit) => {
      const { preview: _preview, ...stored } = progress;
      const changed = await q
        .update(jobs)
        .set({ progress: stored })
        .where(this.held(id, leaseToken))
        .returning({ id: jobs.id });
      if (changed.length === 0) return false;
      await emit(id, "progress", progress);
      return true;
    });
  }

  /** Announces a safety decision on the attempt's outputs (a `safety` event), while the lease is held. */
  async reportSafety(id: string, leaseToken: string, decision: JobEventData<"safety">) {
    return this.transact(async (q, emit) => {
      const { jobs } = this.db.t;
      const held = await q.select({ id: jobs.id }).from(jobs).where(this.held(id, leaseToken));
      if (held.length === 0) return false;
      await emit(id, "safety", decision);
      return true;
    });
  }

  /**
   * Announces a candidate as soon as the worker finished it (progressive delivery): its asset is
   * recorded so the layer's `url` serves it at once, and it is ranked among the job's candidates
   * announced so far. Once per job and candidate number: a later attempt's copy is not announced again.
   */
  async reportCandidate(id: string, leaseToken: string, output: PlanOutput) {
    if (output.safety?.decision === "block" || output.candidate === undefined) return false;
    const now = Date.now();
    return this.transact(async (q, emit) => {
      const row = first(await q.select().from(this.db.t.jobs).where(this.held(id, leaseToken)));
      if (!row) return false;
      const announced = await announcedCandidates(this.db, q, id);
      if (announced.some((a) => a.candidate === output.candidate)) return false;
      await this.insertOutputAsset(q, row.orgId, output, now);
      const rank = rankAmong(announced, output);
      await emit(id, "candidate", candidateEvent(outputLayer(row, newId("lyr"), rank - 1, output), output, rank));
      return true;
    });
  }

  async succeed(id: string, leaseToken: string, outputs: PlanOutput[]) {
    const now = Date.now();
    const { jobs, layers, manifests } = this.db.t;
    return this.transact(async (q, emit) => {
      const row = first(await q.select().from(jobs).where(this.held(id, leaseToken)));
      if (!row) return false;
      // A candidate announced while the job ran keeps the layer id it was announced with.
      const announced = await announcedCandidates(this.db, q, id);
      const announcedId = (output: PlanOutput) => announced.find((a) => a.candidate === output.candidate)?.layerId;
      const layerIds = outputs.map((output) => announcedId(output) ?? newId("lyr"));
      const layerRows = outputs.map((output, idx) => ({
        id: layerIds[idx] as string,
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
      for (const output of outputs) await this.insertOutputAsset(q, row.orgId, output, now);
      // The unique (job_id, idx) index makes a duplicate delivery impossible even if fencing failed.
      if (layerRows.length > 0) await q.insert(layers).values(layerRows);
      for (const [idx, output] of outputs.entries()) {
        if (!output.manifest) continue;
        await q.insert(manifests).values({
          id: output.manifest.label,
          orgId: row.orgId,
          jobId: id,
          layerIdx: idx,
          assetId: output.sha256,
          pixelSha256: output.manifest.pixelSha256,
          storeSha256: output.manifest.storeSha256,
          manifestHash: output.manifest.manifestHash,
          createdAt: now,
        });
      }
      await q
        .update(jobs)
        .set({ status: "succeeded", finishedAt: now, leaseToken: null, leaseOwner: null, leaseExpiresAt: null })
        .where(eq(jobs.id, id));
      const saved = await q.select().from(layers).where(eq(layers.jobId, id)).orderBy(asc(layers.idx));
      const delivered = toJob(row, saved).layers;
      // Candidates the worker could not announce as it went (a worker from before progressive delivery,
      // a lost report) are announced now, best first, each once; then \`succeeded\` with the final order.
      for (const [index, layer] of delivered.entries()) {
        const output = outputs[index] as PlanOutput;
        if (announcedId(output) !== undefined) continue;
        await emit(id, "candidate", candidateEvent(layer, output, index + 1));
      }
      await emit(id, "succeeded", { layers: delivered });
      return true;
    });
  }

  /** Records an output's blob as an asset of the org (`source: output`), once. */
  private async insertOutputAsset(q: Q, orgId: string, output: PlanOutput, now: number): Promise<void> {
    await q
      .insert(this.db.t.assets)
      .values({
        orgId,
        id: output.sha256,
        width: output.width,
        height: output.height,
        format: output.format,
        bytes: output.bytes,
        hasAlpha: output.hasAlpha,
        source: "output",
        createdAt: now,
      })
      .onConflictDoNothing();
  }

  async fail(id: string, leaseToken: string, problem: Problem, retryable: boolean): Promise<FailOutcome> {
    const now = Date.now();
    const { jobs } = this.db.t;
    return this.transact(async (q, emit) => {
      const row = first(await q.select().from(jobs).where(this.held(id, leaseToken)));
      if (!row) return "stale";
      return this.failRow(q, emit, row, problem, retryable ? "retryable" : "permanent", now);
    });
  }

  async interrupt(id: string, leaseToken: string, problem: Problem): Promise<FailOutcome> {
    const now = Date.now();
    const { jobs } = this.db.t;
    return this.transact(async (q, emit) => {
      const row = first(await q.select().from(jobs).where(this.held(id, leaseToken)));
      if (!row) return "stale";
      return this.failRow(q, emit, row, problem, "interruption", now);
    });
  }

  async requestCancel(orgId: string, id: string): Promise<CancelOutcome> {
    const now = Date.now();
    const { jobs } = this.db.t;
    return this.transact(async (q, emit) => {
      const row = first(
        await q
          .select()
          .from(jobs)
          .where(and(eq(jobs.id, id), eq(jobs.orgId, orgId))),
      );
      if (!row) return "not_found";
      if (row.status === "queued") {
        await q
          .update(jobs)
          .set({ status: "cancelled", finishedAt: now, cancelRequestedAt: now })
          .where(eq(jobs.id, id));
        await emit(id, "cancelled", { reason: "cancelled before it started" });
        return "cancelled";
      }
      if (row.status === "running") {
        await q.update(jobs).set({ cancelRequestedAt: now }).where(eq(jobs.id, id));
        return "cancelling";
      }
      return "terminal";
    });
  }

  async confirmCancelled(id: string, leaseToken: string, reason: string) {
    const { jobs } = this.db.t;
    return this.transact(async (q, emit) => {
      const changed = await q
        .update(jobs)
        .set({ status: "cancelled", finishedAt: Date.now(), leaseToken: null, leaseOwner: null, leaseExpiresAt: null })
        .where(this.held(id, leaseToken))
        .returning({ id: jobs.id });
      if (changed.length > 0) await emit(id, "cancelled", { reason });
      return changed.length > 0;
    });
  }

  async release(id: string, leaseToken: string) {
    const { jobs } = this.db.t;
    return this.transact(async (q, emit) => {
      const row = first(
        await q
          .update(jobs)
          .set({
            status: "queued",
            attempts: sql`case when ${jobs.attempts} > 0 then ${jobs.attempts} - 1 else 0 end`,
            leaseToken: null,
            leaseOwner: null,
            leaseExpiresAt: null,
            runAfter: Date.now(),
          })
          .where(this.held(id, leaseToken))
          .returning(),
      );
      if (row) await emit(id, "queued", { attempt: row.attempts + 1 });
      return row !== undefined;
    });
  }

  async recoverExpired(options: { includeForeignLeases?: boolean } = {}) {
    const now = Date.now();
    const { jobs } = this.db.t;
    return this.transact(async (q, emit) => {
      const expired = lt(jobs.leaseExpiresAt, now);
      const orphaned = options.includeForeignLeases ? or(expired, ne(jobs.leaseOwner, this.options.owner)) : expired;
      const rows = await q
        .select()
        .from(jobs)
        .where(and(eq(jobs.status, "running"), orphaned));
      for (const row of rows) {
        if (row.cancelRequestedAt !== null) {
          await q
            .update(jobs)
            .set({ status: "cancelled", finishedAt: now, leaseToken: null, leaseOwner: null, leaseExpiresAt: null })
            .where(eq(jobs.id, row.id));
          await emit(row.id, "cancelled", { reason: "cancelled while its worker was lost" });
          continue;
        }
        // The process or worker holding it died: the service's fault, never one of the job's attempts.
        await this.failRow(q, emit, row, leaseLost(row.attempts), "interruption", now);
      }
      return rows.length;
    });
  }

  async msUntilNextDue() {
    const { jobs } = this.db.t;
    const row = await this.db.run(async (q) =>
      first(
        await q
          .select({ runAfter: jobs.runAfter })
          .from(jobs)
          .where(eq(jobs.status, "queued"))
          .orderBy(asc(jobs.runAfter))
          .limit(1),
      ),
    );
    return row ? Math.max(0, row.runAfter - Date.now()) : null;
  }

  get(orgId: string, id: string) {
    return this.reads.get(orgId, id);
  }

  list(orgId: string, query: JobListQuery) {
    return this.reads.list(orgId, query);
  }

  eventsAfter(orgId: string, id: string, afterSeq: number): Promise<JobEvent[]> {
    return this.reads.eventsAfter(orgId, id, afterSeq);
  }

  /**
   * Ends an attempt without outputs: another attempt later (with backoff) or `failed`. The job's own
   * faults spend its `maxAttempts`; interruptions (the service lost the attempt) are counted apart and
   * bounded by `maxInterruptions`, so a restart storm never fails a healthy job for lack of attempts.
   */
  protected async failRow(
    q: Q,
    emit: Emit,
    row: JobRow,
    problem: Problem,
    ending: Ending,
    now: number,
  ): Promise<FailOutcome> {
    const { jobs } = this.db.t;
    const cleared = { leaseToken: null, leaseOwner: null, leaseExpiresAt: null };
    const interrupted = ending === "interruption";
    const interruptions = row.interruptions + (interrupted ? 1 : 0);
    const faults = row.attempts - interruptions;
    const again = interrupted
      ? interruptions <= (this.options.maxInterruptions ?? DEFAULT_MAX_INTERRUPTIONS)
      : ending === "retryable" && faults < row.maxAttempts;
    if (again) {
      const runAfter = now + retryDelayMs(interrupted ? interruptions : faults, this.options.retryBaseMs);
      await q
        .update(jobs)
        .set({ status: "queued", runAfter, progress: null, interruptions, ...cleared })
        .where(eq(jobs.id, row.id));
      await emit(row.id, "retrying", {
        attempt: row.attempts + 1,
        reason: problem.detail,
        runAfter: new Date(runAfter).toISOString(),
      });
      return "retrying";
    }
    const detail = interrupted
      ? `${problem.detail} (gave up after ${interruptions} interrupted attempts)`
      : ending === "retryable" && faults > 1
        ? `${problem.detail} (gave up after ${faults} attempts)`
        : problem.detail;
    const final = { ...problem, detail };
    await q
      .update(jobs)
      .set({ status: "failed", finishedAt: now, problem: final, interruptions, ...cleared })
      .where(eq(jobs.id, row.id));
    await emit(row.id, "failed", { problem: final });
    return "failed";
  }

  /** The columns of `queued → running` for a new attempt under `leaseToken` (null expiry: leased elsewhere). */
  protected startAttempt(owner: string, leaseToken: string, leaseExpiresAt: number | null, now: number) {
    const { jobs } = this.db.t;
    return {
      status: "running" as const,
      attempts: sql`${jobs.attempts} + 1`,
      leaseOwner: owner,
      leaseToken,
      leaseExpiresAt,
      startedAt: sql`coalesce(${jobs.startedAt}, ${now})`,
      progress: null,
    };
  }

  protected held(id: string, leaseToken: string) {
    const { jobs } = this.db.t;
    return and(eq(jobs.id, id), eq(jobs.leaseToken, leaseToken), eq(jobs.status, "running"));
  }

  /**
   * Runs `work` in one transaction; the events it emits are written there and published only after
   * commit (a retried PostgreSQL transaction starts its list again).
   */
  protected async transact<T>(work: (q: Q, emit: Emit) => Promise<T>): Promise<T> {
    const { jobs, jobEvents } = this.db.t;
    let pending: JobEvent[] = [];
    const result = await this.db.tx(async (q) => {
      pending = [];
      return work(q, async (jobId, type, data) => {
        const now = Date.now();
        const [bumped] = await q
          .update(jobs)
          .set({ lastSeq: sql`${jobs.lastSeq} + 1` })
          .where(eq(jobs.id, jobId))
          .returning({ lastSeq: jobs.lastSeq });
        const seq = (bumped as { lastSeq: number }).lastSeq;
        await q.insert(jobEvents).values({ jobId, seq, type, data, at: now });
        pending.push({ seq, jobId, type, data, at: new Date(now).toISOString() } as JobEvent);
      });
    });
    for (const event of pending) await this.bus.publishPersisted(event);
    return result;
  }
}

/** Interruptions allowed by default: generous, since none of them is the job's fault. */
export const DEFAULT_MAX_INTERRUPTIONS = 10;

export type Emit = <T extends JobEventType>(jobId: string, type: T, data: JobEventData<T>) => Promise<void>;

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

/** The problem of an attempt whose worker stopped without finishing. */
export function leaseLost(attempt: number): Problem {
  return {
    type: problemType("job_failed"),
    title: "Job failed",
    status: 500,
    detail: `the worker running attempt ${attempt} stopped without finishing (lease expired)`,
    code: "job_failed",
  };
}
