import { describe, expect, it } from "vitest";
import { EaselClient } from "./easel-client.js";

/** A fetch that records request bodies and answers like `POST /v1/jobs`. */
function recordingFetch(bodies: unknown[]): typeof fetch {
  return async (_input, init) => {
    bodies.push(JSON.parse(String(init?.body)));
    const created = {
      id: `job_${"0".repeat(26)}`,
      status: "queued",
      url: "/v1/jobs/x",
      eventsUrl: "/v1/jobs/x/events",
    };
    return new Response(JSON.stringify(created), { status: 201, headers: { "content-type": "application/json" } });
  };
}

describe("EaselClient job lanes", () => {
  it("puts jobs that name no lane in the client's lane, and keeps a lane the request names", async () => {
    const bodies: unknown[] = [];
    const client = new EaselClient({
      baseUrl: "http://easel.test",
      apiKey: "k",
      priority: "interactive",
      fetch: recordingFetch(bodies),
    });
    await client.createJob({ kind: "noop" });
    await client.createJob({ kind: "noop", priority: "bulk" });
    expect(bodies).toEqual([
      { kind: "noop", priority: "interactive" },
      { kind: "noop", priority: "bulk" },
    ]);
  });

  it("leaves the lane to the server when the client has none", async () => {
    const bodies: unknown[] = [];
    const client = new EaselClient({ baseUrl: "http://easel.test", apiKey: "k", fetch: recordingFetch(bodies) });
    await client.createJob({ kind: "noop" });
    expect(bodies).toEqual([{ kind: "noop" }]);
  });
});
