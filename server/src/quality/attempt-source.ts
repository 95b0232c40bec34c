import { createHash } from "node:crypto";
import type { CreateJobRequest } from "@easel/shared/protocol";

/** How long after a job a new one on the same source still counts as its regeneration (ms). */
export const REGENERATION_WINDOW_MS = 30 * 60_000;

/**
 * What a job works on, as a key regenerations share: the kind and its input assets (content-addressed,
 * so the same pixels re-uploaded give the same ids), or, for text-to-image, the kind and the prompt's
 * hash. The prompt of an edit is not part of it: trying a fill again with other words is still a retry
 * of the same region.
 */
export function sourceKey(request: CreateJobRequest): string {
  const r = request as { kind: string; image?: string; mask?: string; prompt?: string };
  if (r.image !== undefined) return [r.kind, r.image, r.mask ?? ""].join(":");
  const prompt = (r.prompt ?? "").trim().toLowerCase();
  return `${r.kind}:prompt:${createHash("sha256").update(prompt).digest("hex").slice(0, 32)}`;
}

/** The earlier attempt a new job may continue, as the store reads it. */
export interface PriorAttempt {
  jobId: string;
  firstJobId: string;
  attemptNo: number;
  kept: number | null;
  createdAt: number; // ms
}

/** Where a new job sits in its attempt chain. */
export interface AttemptLink {
  firstJobId: string;
  attemptNo: number;
  /** The attempt it regenerates, or null for a first attempt. */
  regenerates: string | null;
}

/**
 * Links a new job: to the job the client says it regenerates, else to the latest attempt by the same user
 * on the same source within the window, unless that one's candidate was kept (then the designer was
 * satisfied and this is new work). Pure.
 */
export function linkAttempt(
  jobId: string,
  explicit: PriorAttempt | null,
  latestOnSource: PriorAttempt | null,
  now: number,
): AttemptLink {
  const prior =
    explicit ??
    (latestOnSource && latestOnSource.kept === null && now - latestOnSource.createdAt <= REGENERATION_WINDOW_MS
      ? latestOnSource
      : null);
  if (!prior) return { firstJobId: jobId, attemptNo: 1, regenerates: null };
  return { firstJobId: prior.firstJobId, attemptNo: prior.attemptNo + 1, regenerates: prior.jobId };
}
