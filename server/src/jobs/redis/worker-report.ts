import { JobProgress, Problem } from "@easel/shared/protocol";
import { z } from "zod";
import type { PlanOutput } from "../../pipeline/plan-types.js";

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * An output as a worker reports it. The blob is already in the shared store under `sha256`; the API
 * node checks the fields it stores and keeps the rest (fingerprint, safety, manifest) as the worker
 * computed them.
 */
const ReportedOutput = z
  .object({
    sha256: Sha256,
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    bytes: z.number().int().positive(),
    format: z.enum(["png", "jpeg"]),
    label: z.string(),
  })
  .passthrough()
  .transform((o) => o as unknown as PlanOutput);

const base = { jobId: z.string().min(1), leaseToken: z.string().min(1) };

/**
 * What a worker process tells the API node, one entry per transition on a Redis stream. The API node
 * applies them in stream order to the job records (the state machine's single writer).
 */
export const WorkerReport = z.discriminatedUnion("type", [
  z.object({ type: z.literal("claimed"), ...base, worker: z.string().min(1) }),
  z.object({
    type: z.literal("progress"),
    ...base,
    progress: JobProgress.extend({ preview: z.string().optional() }),
  }),
  /** One candidate finished (allowed, signed, stored) while the attempt runs: announced at once. */
  z.object({ type: z.literal("candidate"), ...base, output: ReportedOutput }),
  z.object({ type: z.literal("succeeded"), ...base, outputs: z.array(ReportedOutput), computeMs: z.number() }),
  z.object({
    type: z.literal("failed"),
    ...base,
    problem: Problem,
    retryable: z.boolean(),
    /** The worker's thread died under the attempt: an interruption, not one of the job's attempts. */
    interrupted: z.boolean().optional(),
    computeMs: z.number(),
  }),
  z.object({ type: z.literal("cancelled"), ...base, reason: z.string() }),
  z.object({ type: z.literal("released"), ...base }),
]);
export type WorkerReport = z.infer<typeof WorkerReport>;
