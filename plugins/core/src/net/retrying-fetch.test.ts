import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EaselProcess, startEasel } from "../../../../tests/support/easel-process.js";
import { createPluginClient } from "./create-client.js";
import { retryAfterMs } from "./retrying-fetch.js";

// Against a real server with its default rate limits: the free plan allows a burst of 10 job
// creations, then one every 6 s, answering `429` with `Retry-After` in between
// (server/src/http/rate-limit.ts, server/src/billing/plans.ts).

describe("retries honouring Retry-After", () => {
  let easel: EaselProcess;
  beforeAll(async () => {
    easel = await startEasel({ EASEL_DIAGNOSTICS: "1" });
  });
  afterAll(async () => easel?.stop());

  it("waits as long as the 429 asks and creates every job of a burst past the rate limit", async () => {
    const apiKey = await easel.createKey("thrifty", "ana", "designer", "free");
    const waits: number[] = [];
    const client = createPluginClient({
      serverUrl: easel.url,
      apiKey,
      retry: { retries: 10, onRetry: ({ status, waitMs }) => waits.push(status === 429 ? waitMs : -1) },
    });
    const created = [];
    for (let i = 0; i < 11; i++) created.push(await client.createJob({ kind: "noop" }));
    expect(new Set(created.map((j) => j.id)).size).toBe(11);
    expect(waits.length).toBeGreaterThan(0);
    // The server says "retry in N s" with N ≥ 1; the client waited exactly that.
    expect(waits.every((w) => w >= 1000 && w % 1000 === 0)).toBe(true);
  });

  it("gives a 503 without Retry-After (a missing capability) to the caller at once", async () => {
    const apiKey = await easel.createKey("studio", "bo");
    const waits: number[] = [];
    const client = createPluginClient({
      serverUrl: easel.url,
      apiKey,
      retry: { onRetry: ({ waitMs }) => waits.push(waitMs) },
    });
    const error = await client
      .createJob({ kind: "generate", prompt: "a kite", params: { width: 256, height: 256 } })
      .catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(503);
    expect(waits).toEqual([]);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:58 GMT"))).toBe(2000);
    expect(retryAfterMs("soon")).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });
});
