import { z } from "zod";

/** Stable machine-readable problem codes; `type` URIs are derived from them. */
export const ProblemCode = z.enum([
  "validation",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "capability_unavailable",
  "storage_unavailable",
  "rate_limited",
  "quota_exceeded",
  "content_policy",
  "job_failed",
  "timeout",
  "cancelled",
  "internal",
]);
export type ProblemCode = z.infer<typeof ProblemCode>;

/** RFC 9457 problem details, as every Easel error is reported. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: ProblemCode,
  field: z.string().optional(),
  requestId: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;

export const PROBLEM_TYPE_BASE = "https://easel.dev/problems/";

/** The `type` URI for a problem code. */
export function problemType(code: ProblemCode): string {
  return `${PROBLEM_TYPE_BASE}${code.replaceAll("_", "-")}`;
}
