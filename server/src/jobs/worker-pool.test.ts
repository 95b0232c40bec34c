import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { NoopPlan } from "../pipeline/plan-types.js";
import { TaskError, WorkerPool } from "./worker-pool.js";

const provenance = { commercialRights: false, brandKit: null, promptHash: null, safety: [] };
const noop = (workMs: number): NoopPlan => ({ kind: "noop", stages: ["engine.noop"], workMs });

function pool(size: number, abortGraceMs?: number) {
  const dir = mkdtempSync(join(tmpdir(), "easel-pool-"));
  const created = new WorkerPool({
    size,
    ...(abortGraceMs === undefined ? {} : { abortGraceMs }),
    setup: {
      blobs: { kind: "local", root: join(dir, "blobs") },
      sharpConcurrency: 1,
      engines: { inpaintModelPath: null, sdModelDir: null, comfy: null, modelCacheDir: null, bestPrecision: "auto" },
      outputThresholds: { explicit: 0.6, suggestive: 0.85 },
      provenance: { dir: join(dir, "provenance"), certChainPemPath: null, privateKeyPemPath: null },
    },
  });
  return { pool: created, dir };
}

describe("WorkerPool", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  const make = (size: number, abortGraceMs?: number) => {
    const made = pool(size, abortGraceMs);
    cleanups.push(async () => {
      await made.pool.close();
      rmSync(made.dir, { recursive: true, force: true });
    });
    return made.pool;
  };

  it("leases each thread to one holder: no lease is handed out twice, and a crashed thread's replacement stays leased", async () => {
    const workers = make(2);
    const a = workers.lease();
    const b = workers.lease();
    expect(a && b && a.index !== b.index).toBe(true);
    // Both threads are idle but promised: nobody else gets one.
    expect(workers.idle).toBe(2);
    expect(workers.free).toBe(0);
    expect(workers.lease()).toBeNull();
    await workers.kill(a?.index ?? 0);
    expect(workers.lease()).toBeNull();
    a?.release();
    expect(workers.free).toBe(1);
    const result = await workers.run(
      { jobId: "job_1", plan: noop(10), inputPaths: {}, provenance },
      () => undefined,
      new AbortController().signal,
      b as NonNullable<typeof b>,
    );
    expect(result.outputs).toEqual([]);
  });

  it("meters the time a stopped task's thread spent, also when the thread outlives the stop", async () => {
    // A grace far shorter than a fresh thread's start-up: the task is settled as stopped while its
    // thread has not even begun (as with a long native call), so the thread cannot report its time.
    const workers = make(1, 5);
    const lease = workers.lease();
    if (!lease) throw new Error("no lease");
    const controller = new AbortController();
    const running = workers.run(
      { jobId: "job_1", plan: noop(400), inputPaths: {}, provenance },
      () => undefined,
      controller.signal,
      lease,
    );
    controller.abort(new Error("timeout"));
    const error = (await running.catch((e: unknown) => e)) as TaskError;
    expect(error).toBeInstanceOf(TaskError);
    expect(error.failure.aborted).toBe(true);
    // The thread was held for at least the grace period: that is metered, not 0.
    expect(error.computeMs).toBeGreaterThanOrEqual(5);
    // Once the thread is free again, the rest of its time is reported too.
    expect(error.drained).not.toBeNull();
    expect(await error.drained).toBeGreaterThanOrEqual(0);
  });
});
