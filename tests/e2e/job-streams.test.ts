import { EaselClient } from "@easel/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EaselProcess, startEasel } from "../support/easel-process.js";
import { call, expectProblem } from "../support/http.js";

const MAX_STREAMS = 3; // EASEL_MAX_STREAMS_PER_KEY below

/** The `id:` lines of an SSE body, in order. */
function eventIds(text: string): number[] {
  return [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
}

describe("job event streams (SSE) end and are bounded", () => {
  let easel: EaselProcess;
  let client: EaselClient;
  let key: string;
  let otherKey: string;
  let finished: { id: string; lastSeq: number };

  const events = (id: string, key: string, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    fetch(`${easel.url}/v1/jobs/${id}/events`, {
      headers: { authorization: `Bearer ${key}`, ...headers },
      ...(signal ? { signal } : {}),
    });

  beforeAll(async () => {
    easel = await startEasel({ EASEL_DIAGNOSTICS: "1", EASEL_MAX_STREAMS_PER_KEY: String(MAX_STREAMS) });
    key = await easel.createKey("streams", "ana");
    otherKey = await easel.createKey("streams", "ben");
    client = new EaselClient({ baseUrl: easel.url, apiKey: key });
    const job = await client.waitForJob((await client.createJob({ kind: "noop" })).id);
    expect(job.status).toBe("succeeded");
    const all = eventIds(await (await events(job.id, key)).text());
    finished = { id: job.id, lastSeq: all.at(-1) as number };
  });
  afterAll(async () => easel?.stop());

  it("replays a finished job's events and ends the stream", async () => {
    const res = await events(finished.id, key);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const text = await res.text(); // resolves only because the server ends the stream
    expect(eventIds(text)).toEqual(Array.from({ length: finished.lastSeq }, (_, i) => i + 1));
    expect(text).toContain("event: succeeded");
  });

  it.each([
    ["Last-Event-ID at the last event", (seq: number) => ({ headers: { "last-event-id": String(seq) }, query: "" })],
    [
      "Last-Event-ID past the last event",
      (seq: number) => ({ headers: { "last-event-id": String(seq + 50) }, query: "" }),
    ],
    ["?after= at the last event", (seq: number) => ({ headers: {}, query: `?after=${seq}` })],
  ])("ends a finished job's stream at once for %s (an EventSource reconnecting)", async (_what, how) => {
    const { headers, query } = how(finished.lastSeq);
    const res = await fetch(`${easel.url}/v1/jobs/${finished.id}/events${query}`, {
      headers: { authorization: `Bearer ${key}`, ...headers },
    });
    expect(res.status).toBe(200);
    expect(eventIds(await res.text())).toEqual([]);
  });

  it("gives the slots of streams that ended back: more sequential streams than the cap all open", async () => {
    for (let i = 0; i < MAX_STREAMS * 2; i++) {
      const res = await events(finished.id, key);
      expect(res.status).toBe(200);
      await res.text();
    }
  });

  it(`caps open streams per API key at ${MAX_STREAMS} with a 429, and frees a slot when a stream closes`, async () => {
    // A job that keeps running until cancelled, so its streams stay open.
    const running = await client.createJob({ kind: "noop", params: { workMs: 120_000 } });
    const controllers = Array.from({ length: MAX_STREAMS }, () => new AbortController());
    try {
      const open = await Promise.all(controllers.map((c) => events(running.id, key, {}, c.signal)));
      for (const res of open) expect(res.status).toBe(200);

      const refused = await call(`${easel.url}/v1/jobs/${running.id}/events`, { key });
      const problem = expectProblem(refused, 429);
      expect(problem.detail).toContain(`${MAX_STREAMS} event streams open`);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);

      // Another key of the same org has its own slots.
      const other = new AbortController();
      const theirs = await events(running.id, otherKey, {}, other.signal);
      expect(theirs.status).toBe(200);
      other.abort();

      // Closing one stream gives its slot back (the server notices the close; ask until it has).
      controllers[0]?.abort();
      let reopened: Response | undefined;
      const again = new AbortController();
      controllers.push(again);
      for (let tries = 0; tries < 600; tries++) {
        reopened = await events(running.id, key, {}, again.signal);
        if (reopened.status === 200) break;
        await reopened.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(reopened?.status).toBe(200);
    } finally {
      await client.cancel(running.id);
      for (const c of controllers) c.abort();
    }
  });
});
