import { z } from "zod";
import { JobProgress } from "./job.js";
import { Layer } from "./layer.js";
import { Problem } from "./problem.js";

const base = { seq: z.number().int().positive(), jobId: z.string(), at: z.string() };

/** What a job's SSE stream carries; `seq` is the SSE id, used for `Last-Event-ID` resume. */
export const JobEvent = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("queued"), data: z.object({ attempt: z.number().int() }) }),
  z.object({ ...base, type: z.literal("started"), data: z.object({ attempt: z.number().int(), worker: z.string() }) }),
  z.object({
    ...base,
    type: z.literal("progress"),
    data: JobProgress.extend({ preview: z.string().optional() }),
  }),
  // One per delivered layer, best first, just before `succeeded` (each has passed the safety stages and rank).
  z.object({ ...base, type: z.literal("candidate"), data: z.object({ index: z.number().int(), layer: Layer }) }),
  // A withheld output (safety decision `block`, with the reason), announced when the attempt settles.
  z.object({
    ...base,
    type: z.literal("safety"),
    data: z.object({ decision: z.enum(["allow", "rewrite", "block"]), reason: z.string() }),
  }),
  z.object({
    ...base,
    type: z.literal("retrying"),
    data: z.object({ attempt: z.number().int(), reason: z.string(), runAfter: z.string() }),
  }),
  z.object({ ...base, type: z.literal("succeeded"), data: z.object({ layers: z.array(Layer) }) }),
  z.object({ ...base, type: z.literal("failed"), data: z.object({ problem: Problem }) }),
  z.object({ ...base, type: z.literal("cancelled"), data: z.object({ reason: z.string() }) }),
]);
export type JobEvent = z.infer<typeof JobEvent>;
export type JobEventType = JobEvent["type"];
export type JobEventData<T extends JobEventType> = Extract<JobEvent, { type: T }>["data"];
