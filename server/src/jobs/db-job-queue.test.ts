import { CreateJobRequest, type JobEvent } from "@easel/shared/protocol";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { ApiKeys } from "../auth/api-keys.js";
import type { MetaDb } from "../db/meta-db.js";
import { DIALECTS, freshMetaDbs } from "../db/testing/fresh-meta-db.js";
import type { PlanOutput } from "../pipeline/plan-types.js";
import { DbJobQueue } from "./db-job-queue.js";
import { JobEventBus } from "./job-event-bus.js";
import type { Lane } from "./lanes.js";

const output: PlanOutput = {
  sha256: "b".repeat(64),
  width: 8,
  height: 8,
  bytes: 100,
  hasAlpha: false,
  format: "png",
  placement: { x: 0, y: 0, width: 4, height: 4 },
  label: "Upscale 2x",
  seed: null,
  scores: {},
};

const dbs = freshMetaDbs();
const freshMetaDb = (dialect: (typeof DIALECTS)[number]) => dbs.fresh(dialect);

describe.each(DIALECTS)("DbJobQueue on %s", (dialect) => {
  let queue: DbJobQueue;
  let published: JobEvent[];
  let orgId: string;
  let db: MetaDb;

  beforeEach(async () => {
    db = await freshMetaDb(dialect);
    orgId = (await new ApiKeys(db).ensureOrg("studio")).id;
    const bus = new JobEventBus();
    published = [];
    bus.subscribeAll((event) => published.push(event));
    queue = new DbJobQueue(db, bus, { leaseMs: 10_000, retryBaseMs: 0, owner: "proc_me" });
  });

  const enqueue = (id: string, lane: Lane = "interactive", org = orgId) =>
    queue.enqueue({
      id,
      orgId: org,
      lane,
      userId: "usr_1",
      request: CreateJobRequest.parse({ kind: "noop" }),
      plan: { kind: "noop", stages: ["engine.noop"], workMs: 0 },
      notes: [],
      maxAttempts: 3,
      timeoutMs: 60_000,
      commercialRights: false,
      provenance: { commercialRights: false, brandKit: null, promptHash: null, safety: [] },
    });

  it("fences a stale worker: only the current lease holder can finish, and outputs are stored once", async () => {
    await enqueue("job_00000000000000000000000001");
    const stale = await queue.claim("proc_dead");
    expect(stale?.attempt).toBe(1);
    // The dead process's lease is foreign to this one: recovery re-queues the job.
    expect(await queue.recoverExpired({ includeForeignLeases: true })).toBe(1);
    const fresh = await queue.claim("proc_me");
    expect(fresh?.attempt).toBe(2);
    expect(await queue.succeed(stale?.id as string, stale?.leaseToken as string, [output])).toBe(false);
    expect(await queue.succeed(fresh?.id as string, fresh?.leaseToken as string, [output])).toBe(true);
    expect(await queue.succeed(fresh?.id as string, fresh?.leaseToken as string, [output])).toBe(false);
    const job = await queue.get(orgId, "job_00000000000000000000000001");
    expect(job?.status).toBe("succeeded");
    expect(job?.layers).toHaveLength(1);
    // Each delivered layer is announced as a `candidate` just before `succeeded`.
    expect(published.map((e) => e.type)).toEqual([
      "queued",
      "started",
      "retrying",
      "started",
      "candidate",
      "succeeded",
    ]);
  });

  it("announces only what is persisted, in sequence order", async () => {
    await enqueue("job_00000000000000000000000002");
    const claimed = await queue.claim("proc_me");
    await queue.reportProgress(claimed?.id as string, claimed?.leaseToken as string, {
      step: 1,
      total: 2,
      stage: "engine.noop",
    });
    await queue.fail(
      claimed?.id as string,
      claimed?.leaseToken as string,
      {
        type: "x",
        title: "t",
        status: 400,
        detail: "bad input",
        code: "validation",
      },
      false,
    );
    const stored = await queue.eventsAfter(orgId, "job_00000000000000000000000002", 0);
    expect(stored).toEqual(published);
    expect(stored.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(stored.at(-1)?.type).toBe("failed");
  });

  it("gives up after the last attempt", async () => {
    await enqueue("job_00000000000000000000000003");
    const problem = { type: "x", title: "t", status: 500, detail: "worker lost", code: "internal" as const };
    for (let attempt = 1; attempt <= 3; attempt++) {
      const claimed = await queue.claim("proc_me");
      expect(claimed?.attempt).toBe(attempt);
      expect(await queue.fail(claimed?.id as string, claimed?.leaseToken as string, problem, true)).toBe(
        attempt < 3 ? "retrying" : "failed",
      );
    }
    const job = await queue.get(orgId, "job_00000000000000000000000003");
    expect(job?.problem?.detail).toBe("worker lost (gave up after 3 attempts)");
  });

  it("counts interruptions apart: lost attempts never spend the job's own, and only so many are allowed", async () => {
    const limited = new DbJobQueue(db, new JobEventBus(), {
      leaseMs: 10_000,
      retryBaseMs: 0,
      owner: "proc_me",
      maxInterruptions: 4,
    });
    await enqueue("job_00000000000000000000000013");
    const problem = { type: "x", title: "t", status: 500, detail: "thread died", code: "internal" as const };
    const outcomes: string[] = [];
    // 4 interruptions and 2 of the job's own failures: 6 attempts, and the job still runs again.
    for (const kind of ["interrupt", "fail", "interrupt", "interrupt", "fail", "interrupt"]) {
      const claimed = await limited.claim("proc_me");
      const { id, leaseToken } = claimed as NonNullable<typeof claimed>;
      outcomes.push(
        kind === "fail"
          ? await limited.fail(id, leaseToken, problem, true)
          : await limited.interrupt(id, leaseToken, problem),
      );
    }
    expect(outcomes).toEqual(Array(6).fill("retrying"));
    // The fifth interruption is one too many.
    const claimed = await limited.claim("proc_me");
    expect(claimed?.attempt).toBe(7);
    expect(await limited.interrupt(claimed?.id as string, claimed?.leaseToken as string, problem)).toBe("failed");
    const job = await limited.get(orgId, "job_00000000000000000000000013");
    expect(job?.problem?.detail).toBe("thread died (gave up after 5 interrupted attempts)");
  });

  it("re-queues a job whose lease expired as an interruption, not one of its attempts", async () => {
    const once = new DbJobQueue(db, new JobEventBus(), { leaseMs: 10_000, retryBaseMs: 0, owner: "proc_me" });
    const job = await enqueue("job_00000000000000000000000014");
    await db.run((q) => q.update(db.t.jobs).set({ maxAttempts: 1 }).where(eq(db.t.jobs.id, job.id)));
    for (let restart = 1; restart <= 3; restart++) {
      expect((await once.claim("proc_dead"))?.attempt).toBe(restart);
      // The next process finds the previous one's lease and takes the job back.
      expect(await once.recoverExpired({ includeForeignLeases: true })).toBe(1);
      expect((await once.get(orgId, job.id))?.status).toBe("queued");
    }
  });

  it("cancels a queued job at once and a running one only when its runner confirms", async () => {
    await enqueue("job_00000000000000000000000004");
    expect(await queue.requestCancel(orgId, "job_00000000000000000000000004")).toBe("cancelled");
    await enqueue("job_00000000000000000000000005");
    const claimed = await queue.claim("proc_me");
    expect(await queue.requestCancel(orgId, "job_00000000000000000000000005")).toBe("cancelling");
    expect((await queue.heartbeat(claimed?.id as string, claimed?.leaseToken as string)).cancelRequested).toBe(true);
    expect(await queue.confirmCancelled(claimed?.id as string, claimed?.leaseToken as string, "by request")).toBe(true);
    expect(await queue.requestCancel("org_other", "job_00000000000000000000000005")).toBe("not_found");
  });

  it("runs interactive jobs before bulk ones, and a quiet org's job before a busy org's backlog", async () => {
    const keys = new ApiKeys(db);
    const busy = (await keys.ensureOrg("busy-co")).id;
    const quiet = (await keys.ensureOrg("quiet-co")).id;
    const id = (n: number) => `job_${String(n).padStart(26, "0")}`;
    for (let n = 10; n < 15; n++) await enqueue(id(n), "bulk", busy);
    for (let n = 20; n < 23; n++) await enqueue(id(n), "interactive", busy);
    await enqueue(id(30), "bulk", quiet);
    await enqueue(id(40), "interactive", quiet);
    const order: string[] = [];
    for (let claimed = await queue.claim("proc_me"); claimed; claimed = await queue.claim("proc_me")) {
      order.push(claimed.id);
    }
    // Interactive first: busy's first, then quiet's only job overtakes busy's remaining two.
    expect(order.slice(0, 4)).toEqual([id(20), id(40), id(21), id(22)]);
    // Bulk: busy's first and quiet's first share the lowest priority (FIFO between them), then busy's backlog.
    expect(order.slice(4)).toEqual([id(10), id(30), id(11), id(12), id(13), id(14)]);
    expect((await queue.get(quiet, id(30)))?.lane).toBe("bulk");
  });
});
