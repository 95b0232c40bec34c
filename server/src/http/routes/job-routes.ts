import { API } from "@easel/shared/protocol";
import { streamSSE } from "hono/streaming";
import { AppError } from "../../errors/app-error.js";
import type { JobService } from "../../jobs/job-service.js";
import { ContractRouter } from "../contract.js";
import type { StreamSlots } from "../stream-slots.js";

const KEEPALIVE_MS = 15_000;

/**
 * Jobs: create, read, list, cancel, and the SSE event stream with `Last-Event-ID` resume (at most
 * `streams`' cap open per API key; a finished job's stream ends once its events are sent).
 */
export function jobRoutes(jobs: JobService, streams: StreamSlots) {
  return new ContractRouter("/v1/jobs")
    .on(API.createJob, async (c, { body }) => {
      const job = await jobs.create(c.get("principal"), body);
      const url = `/v1/jobs/${job.id}`;
      c.header("location", url);
      return { id: job.id, status: job.status, url, eventsUrl: `${url}/events` };
    })
    .on(API.listJobs, async (c, { query }) => jobs.list(c.get("principal"), query))
    .on(API.getJob, async (c, { params }) => jobs.get(c.get("principal"), params.id))
    .on(API.cancelJob, async (c, { params }) => jobs.cancel(c.get("principal"), params.id))
    .on(API.jobEvents, async (c, { params, query }) => {
      const principal = c.get("principal");
      const { id } = params;
      const after = parseAfter(c.req.header("last-event-id") ?? query.after);
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
    }).app;
}

function parseAfter(value: string | undefined): number {
  if (value === undefined || value === "") return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new AppError("validation", "`Last-Event-ID` must be an event sequence number", { field: "last-event-id" });
  return n;
}
