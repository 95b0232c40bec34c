import { afterEach, describe, expect, it, vi } from "vitest";
import type { ClaimedJob, JobLeases } from "./job-leases.js";
import { JobRunner } from "./job-runner.js";
import type { WorkerPool } from "./worker-pool.js";

/** A lease protocol whose claim answers only when the test says so, recording every call made to it. */
function pendingLeases() {
  const calls: string[] = [];
  let answerClaim: (job: ClaimedJob | null) => void = () => {};
  const record =
    <T>(name: string, value: T) =>
    async () => {
      calls.push(name);
      return value;
    };
  const leases = {
    claim: () => {
      calls.push("claim");
      return new Promise<ClaimedJob | null>((resolve) => {
        answerClaim = resolve;
      });
    },
    msUntilNextDue: record("msUntilNextDue", null),
    recoverExpired: record("recoverExpired", 0),
  } as unknown as JobLeases;
  return { leases, calls, answerClaim: (job: ClaimedJob | null) => answerClaim(job) };
}

const ONE_THREAD = { lease: () => ({ index: 0, release: () => {} }) } as unknown as WorkerPool;

describe("JobRunner.stop", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("waits for a claim in flight and arms no wake-up after it, so nothing queries a closed database", async () => {
    vi.useFakeTimers();
    const { leases, calls, answerClaim } = pendingLeases();
    const runner = new JobRunner(leases, ONE_THREAD, {
      owner: "test",
      leaseMs: 30_000,
      inputPath: async (id) => id,
      log: () => {},
      settle: async () => {},
    } as ConstructorParameters<typeof JobRunner>[2]);
    runner.wake();
    expect(calls).toEqual(["claim"]);
    let stopped = false;
    const stopping = runner.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    answerClaim(null);
    await stopping;
    const after = calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.slice(after)).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
