import { z } from "zod";
import { JobKind, JobStatus } from "./job-kind.js";
import { CreateJobRequest, JobId } from "./job-request.js";
import { Layer } from "./layer.js";
import { Problem } from "./problem.js";

export const JobProgress = z.object({
  step: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  stage: z.string(),
});
export type JobProgress = z.infer<typeof JobProgress>;

/** A job as the API reports it. */
export const Job = z.object({
  id: JobId,
  kind: JobKind,
  status: JobStatus,
  request: CreateJobRequest,
  document: z.string().nullable(),
  parent: z.string().nullable(),
  createdBy: z.string(),
  attempts: z.number().int().nonnegative(),
  /** The queue lane the job waits in (see the request's `priority`). */
  lane: z.enum(["interactive", "bulk"]),
  progress: JobProgress.nullable(),
  layers: z.array(Layer),
  problem: Problem.nullable(),
  notes: z.array(z.string()),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof Job>;

export const CreatedJob = z.object({ id: JobId, status: JobStatus, url: z.string(), eventsUrl: z.string() });
export type CreatedJob = z.infer<typeof CreatedJob>;

export const JobList = z.object({ jobs: z.array(Job), nextCursor: z.string().nullable() });
export type JobList = z.infer<typeof JobList>;

/** Query of `GET /v1/jobs`. */
export const JobListQuery = z.object({
  document: z.string().min(1).max(200).optional(),
  parent: JobId.optional(),
  status: JobStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});
export type JobListQuery = z.infer<typeof JobListQuery>;
