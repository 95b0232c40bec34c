import { z } from "zod";

/** Every job kind the service knows. `noop` is a diagnostic kind, off unless the server enables it. */
export const JobKind = z.enum([
  "generate",
  "vary",
  "inpaint",
  "outpaint",
  "upscale",
  "stylize",
  "noop",
  "select",
  "adjust",
]);
export type JobKind = z.infer<typeof JobKind>;

/** The product's kinds, without the diagnostic one. */
export const PRODUCT_JOB_KINDS = [
  "generate",
  "vary",
  "inpaint",
  "outpaint",
  "upscale",
  "stylize",
  "select",
  "adjust",
] as const;

export const JobStatus = z.enum(["queued", "running", "succeeded", "failed", "cancelled"]);
export type JobStatus = z.infer<typeof JobStatus>;

export const TERMINAL_STATUSES: readonly JobStatus[] = ["succeeded", "failed", "cancelled"];

/** Whether a job in this status will never change again. */
export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
