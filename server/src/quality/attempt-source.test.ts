import { describe, expect, it } from "vitest";
import { linkAttempt, REGENERATION_WINDOW_MS, sourceKey } from "./attempt-source.js";

const prior = (over: Partial<Parameters<typeof linkAttempt>[1] & object> = {}) => ({
  jobId: "job_b",
  firstJobId: "job_a",
  attemptNo: 2,
  kept: null,
  createdAt: 1_000_000,
  ...over,
});

describe("attempt chains", () => {
  it("keys a job by its kind and inputs, or by the prompt for text-to-image", () => {
    const inpaint = { kind: "inpaint", image: "a1", mask: "m1", params: {} } as never;
    expect(sourceKey(inpaint)).toBe("inpaint:a1:m1");
    expect(sourceKey({ kind: "inpaint", image: "a1", mask: "m1", prompt: "a boat", params: {} } as never)).toBe(
      "inpaint:a1:m1",
    );
    const g1 = sourceKey({ kind: "generate", prompt: "A red fox ", params: {} } as never);
    expect(g1).toBe(sourceKey({ kind: "generate", prompt: "a red fox", params: {} } as never));
    expect(g1).not.toBe(sourceKey({ kind: "generate", prompt: "a grey fox", params: {} } as never));
  });

  it("continues the chain of the job the client names as regenerated", () => {
    expect(linkAttempt("job_c", prior(), null, 5_000_000_000)).toEqual({
      firstJobId: "job_a",
      attemptNo: 3,
      regenerates: "job_b",
    });
  });

  it("links a recent unkept attempt on the same source, and starts a new chain after a keep or the window", () => {
    const now = 1_000_000 + REGENERATION_WINDOW_MS;
    expect(linkAttempt("job_c", null, prior(), now).regenerates).toBe("job_b");
    expect(linkAttempt("job_c", null, prior({ kept: 0 }), now)).toEqual({
      firstJobId: "job_c",
      attemptNo: 1,
      regenerates: null,
    });
    expect(linkAttempt("job_c", null, prior(), now + 1).regenerates).toBeNull();
    expect(linkAttempt("job_c", null, null, now).attemptNo).toBe(1);
  });
});
