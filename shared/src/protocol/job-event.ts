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
  // A candidate, announced as soon as it finished the tail (passed the safety stages, scored, signed and
  // stored) while the job makes the next one: progressive delivery. At most one per job and candidate,
  // whatever the attempt; a withheld output is never announced (see `safety`). `succeeded` carries the
  // final order. The fields after `layer` were added later: an older server sends only `index` and `layer`.
  z.object({
    ...base,
    type: z.literal("candidate"),
    data: z.object({
      /** Its place among the candidates delivered so far, best first (0 = best so far); `layer.index` too. */
      index: z.number().int(),
      layer: Layer,
      /** Which of the job's candidates it is (0-based, in the order they were made); the same in every attempt. */
      candidate: z.number().int().nonnegative().optional(),
      /** `index + 1`: 1 for the best so far. */
      rank: z.number().int().positive().optional(),
      /** The combined ranking score (0..1) it was ranked by, as in `layer.scores.score`. */
      score: z.number().optional(),
    }),
  }),
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
