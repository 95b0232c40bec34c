import { CreateJobRequest, type JobEvent, type JobEventData } from "@easel/shared/protocol";
import { beforeEach, describe, expect, it } from "vitest";
import { ApiKeys } from "../auth/api-keys.js";
import { DIALECTS, freshMetaDbs } from "../db/testing/fresh-meta-db.js";
import type { PlanOutput } from "../pipeline/plan-types.js";
import { DbJobQueue } from "./db-job-queue.js";
import { JobEventBus } from "./job-event-bus.js";

/** Candidate `n` of a job, stored under its own blob, with the combined score it was ranked by. */
const made = (candidate: number, score: number, extra: Partial<PlanOutput> = {}): PlanOutput => ({
  sha256: String(candidate).repeat(64),
  width: 8,
  height: 8,
  bytes: 100,
  hasAlpha: false,
  format: "png",
  placement: { x: 0, y: 0, width: 8, height: 8 },
  label: `Fill (${candidate + 1}/4)`,
  seed: 40 + candidate,
  scores: { quality: score, score },
  candidate,
  ...extra,
});

const dbs = freshMetaDbs();
const problem = { type: "x", title: "t", status: 500, detail: "worker lost", code: "internal" as const };

describe.each(DIALECTS)("candidate events on %s", (dialect) => {
  let queue: DbJobQueue;
  let published: JobEvent[];
  let orgId: string;

  beforeEach(async () => {
    const db = await dbs.fresh(dialect);
    orgId = (await new ApiKeys(db).ensureOrg("studio")).id;
    const bus = new JobEventBus();
    published = [];
    bus.subscribeAll((event) => published.push(event));
    queue = new DbJobQueue(db, bus, { leaseMs: 10_000, retryBaseMs: 0, owner: "proc_me" });
    await queue.enqueue({
      id: "job_candidates",
      orgId,
      lane: "interactive",
      userId: "usr_1",
      request: CreateJobRequest.parse({ kind: "noop" }),
      plan: { kind: "noop", stages: ["engine.noop"], workMs: 0 },
      notes: [],
      maxAttempts: 3,
      timeoutMs: 60_000,
      commercialRights: true,
      provenance: { commercialRights: true, brandKit: null, promptHash: null, safety: [] },
    });
  });

  const candidates = () =>
    published.filter((e) => e.type === "candidate").map((e) => e.data as JobEventData<"candidate">);

  it("announces each candidate as it is reported, ranked among those so far, and never one withheld", async () => {
    const job = await queue.claim("proc_me");
    const report = (output: PlanOutput) => queue.reportCandidate("job_candidates", job?.leaseToken as string, output);
    expect(await report(made(0, 0.5))).toBe(true);
    expect(await report(made(1, 0.7))).toBe(true);
    const copy = { decision: "block" as const, category: "copyright", reason: "copies ref_x", scores: {} };
    expect(await report(made(2, 0.9, { safety: copy }))).toBe(false);
    expect(await report(made(3, 0.6))).toBe(true);
    expect(candidates().map((c) => [c.candidate, c.rank, c.index, c.layer.index, c.score])).toEqual([
      [0, 1, 0, 0, 0.5],
      [1, 1, 0, 0, 0.7],
      [3, 2, 1, 1, 0.6],
    ]);
    expect(candidates()[0]?.layer).toMatchObject({ jobId: "job_candidates", seed: 40, commercialRights: true });
    // All while the job still runs.
    expect((await queue.get(orgId, "job_candidates"))?.status).toBe("running");
  });

  it("announces a candidate once per job, whatever the attempt, and the settle only the rest", async () => {
    const first = await queue.claim("proc_me");
    expect(await queue.reportCandidate("job_candidates", first?.leaseToken as string, made(0, 0.5))).toBe(true);
    expect(await queue.reportCandidate("job_candidates", first?.leaseToken as string, made(0, 0.5))).toBe(false);
    expect(await queue.fail("job_candidates", first?.leaseToken as string, problem, true)).toBe("retrying");
    // A stale attempt cannot announce anything; the next attempt does not announce candidate 0 again.
    expect(await queue.reportCandidate("job_candidates", first?.leaseToken as string, made(1, 0.8))).toBe(false);
    const second = await queue.claim("proc_me");
    const token = second?.leaseToken as string;
    expect(await queue.reportCandidate("job_candidates", token, made(0, 0.5))).toBe(false);
    expect(await queue.reportCandidate("job_candidates", token, made(1, 0.8))).toBe(true);
    // Candidate 2's report was lost: the settle announces it, and nothing twice.
    expect(await queue.succeed("job_candidates", token, [made(1, 0.8), made(2, 0.6), made(0, 0.5)])).toBe(true);
    const announced = candidates();
    expect(announced.map((c) => c.candidate)).toEqual([0, 1, 2]);
    expect(published.at(-1)?.type).toBe("succeeded");
    // The final order is the succeeded event's; each layer keeps the id it was announced with.
    const layers = (published.at(-1) as { data: JobEventData<"succeeded"> }).data.layers;
    expect(layers.map((l) => l.seed)).toEqual([41, 42, 40]);
    const byCandidate = new Map(announced.map((c) => [c.candidate, c.layer.id]));
    expect(layers.map((l) => l.id)).toEqual([byCandidate.get(1), byCandidate.get(2), byCandidate.get(0)]);
    expect(new Set(layers.map((l) => l.id)).size).toBe(3);
    const job = await queue.get(orgId, "job_candidates");
    expect(job?.layers.map((l) => l.id)).toEqual(layers.map((l) => l.id));
  });
});
