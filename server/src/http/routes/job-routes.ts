import { JobListQuery } from "@easel/shared/protocol";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { JobService } from "../../jobs/job-service.js";
import { AppError } from "../../errors/app-error.js";
import type { AppEnv } from "../env.js";
import { readJsonBody } from "../json-body.js";
import type { StreamSlots } from "../stream-slots.js";
import { parseOrThrow } from "../validate.js";

const KEEPALIVE_MS = 15_000;

/**
 * Jobs: create, read, list, cancel, and the SSE event stream with `Last-Event-ID` resume (at most
 * `streams`' cap open per API key; a finished job's stream ends once its events are sent).
 */
export function jobRoutes(jobs: JobService, streams: StreamSlots) {
  return new Hono<AppEnv>()
    .post("/", async (c) => {
      const job = await jobs.create(c.get("principal"), await readJsonBody(c));
      const url = `/v1/jobs/${job.id}`;
      return c.json({ id: job.id, status: job.status, url, eventsUrl: `${url}/events` }, 202, { location: url });
    })
    .get("/", async (c) => {
      const query = parseOrThrow(JobListQuery, c.req.query(), "query");
      return c.json(await jobs.list(c.get("principal"), query));
    })
    .get("/:id", async (c) => c.json(await jobs.get(c.get("principal"), c.req.param("id"))))
    .post("/:id/cancel", async (c) => c.json(await jobs.cancel(c.get("principal"), c.req.param("id"))))
    .get("/:id/events", async (c) => {
      const principal = c.get("principal");
      const id = c.req.param("id");
      const after = parseAfter(c.req.header("last-event-id") ?? c.req.query("after"));
      await jobs.get(principal, id); // 404 before the stream starts
      const release = streams.acquire(principal.keyId); // 429 before it starts, too
      return streamSSE(c, async (stream) => {
        const controller = new AbortController();
        stream.onAbort(() => {
          controller.abort();
          release();
        });
        const keepalive = setInterval(() => void stream.writeSSE({ event: "ping", data: "{}" }), KEEPALIVE_MS);
        try {
          for await (const event of jobs.events(principal, id, after, controller.signal)) {
            await stream.writeSSE({ id: String(event.seq), event: event.type, data: JSON.stringify(event) });
          }
        } finally {
          clearInterval(keepalive);
          release();
        }
      });
    });
}

function parseAfter(value: string | undefined): number {
  if (value === undefined || value === "") return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new AppError("validation", "`Last-Event-ID` must be an event sequence number", { field: "last-event-id" });
  return n;
}
