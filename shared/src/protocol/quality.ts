import { z } from "zod";
import { JobId } from "./job-request.js";

/**
 * The first-try satisfaction loop: what designers did with a job's candidates (feedback), the figures
 * computed from it (`GET /v1/quality`) and the ranking weights learned from it (`GET /v1/quality/weights`).
 */

/** The candidate features the ranker weighs, each 0..1 with 1 = better (server/src/brand, server/src/imaging). */
export const RANK_FEATURES = ["adherence", "sharpness", "exposure", "noise"] as const;
export type RankFeature = (typeof RANK_FEATURES)[number];

/** Non-negative weights over the rank features, summing to 1. */
export const RankWeights = z.object({
  adherence: z.number().min(0),
  sharpness: z.number().min(0),
  exposure: z.number().min(0),
  noise: z.number().min(0),
});
export type RankWeights = z.infer<typeof RankWeights>;

/** Body of `POST /v1/jobs/:id/feedback`. Sending again replaces the job's earlier feedback. */
export const FeedbackRequest = z.object({
  /** The kept candidate's layer `index`, or null when the designer discarded every candidate. */
  kept: z.number().int().min(0).max(63).nullable(),
  /** Thumbs down / neutral / up. */
  rating: z.union([z.literal(-1), z.literal(0), z.literal(1)]).optional(),
  /** Why, in the designer's words (never shown to other orgs). */
  reason: z.string().trim().max(500).optional(),
});
export type FeedbackRequest = z.infer<typeof FeedbackRequest>;

/** A job's attempt chain: the first job on a source and the regenerations that followed it. */
export const AttemptInfo = z.object({
  /** The chain's first job. */
  first: JobId,
  /** 1 for the first attempt, 2 for the first regeneration, … */
  number: z.number().int().min(1),
  /** The job this one regenerates (null for a first attempt). */
  regenerates: JobId.nullable(),
  /** Whether a later job regenerated this one (then it was not satisfying). */
  regenerated: z.boolean(),
});
export type AttemptInfo = z.infer<typeof AttemptInfo>;

/** The stored feedback of one job (`POST /v1/jobs/:id/feedback` answers it). */
export const JobFeedback = z.object({
  jobId: JobId,
  kept: z.number().int().nullable(),
  /** The kept candidate's place in the service's ranking (1 = ranked first), or null. */
  keptRank: z.number().int().min(1).nullable(),
  /** Candidates the job delivered. */
  candidates: z.number().int().min(0),
  rating: z.number().int().min(-1).max(1).nullable(),
  reason: z.string().nullable(),
  attempt: AttemptInfo,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type JobFeedback = z.infer<typeof JobFeedback>;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a day, YYYY-MM-DD");

/** Query of `GET /v1/quality`: a UTC day range (default: the last 30 days), optionally one kit or kind. */
export const QualityQuery = z.object({
  from: Day.optional(),
  to: Day.optional(),
  kit: z.string().min(1).max(63).optional(),
  kind: z.string().min(1).max(32).optional(),
});
export type QualityQuery = z.infer<typeof QualityQuery>;

/** The two satisfaction figures over a set of attempts. */
export const QualityFigures = z.object({
  /** First attempts with an outcome: feedback was sent, or the designer regenerated. */
  attempts: z.number().int(),
  /** Of those, the ones whose candidate was kept without regenerating. */
  firstTrySatisfied: z.number().int(),
  /** firstTrySatisfied / attempts, or null without attempts. Target: 0.9. */
  firstTrySatisfaction: z.number().nullable(),
  /** Kept candidates of jobs that delivered at least two (any attempt). */
  kept: z.number().int(),
  /** Of those, the ones the service had ranked first. */
  top1Kept: z.number().int(),
  /** top1Kept / kept, or null. */
  top1KeptRate: z.number().nullable(),
});
export type QualityFigures = z.infer<typeof QualityFigures>;

export const QualityReport = z.object({
  from: Day,
  to: Day,
  /** The first-try satisfaction the product aims at. */
  target: z.number(),
  overall: QualityFigures,
  byKind: z.array(QualityFigures.extend({ kind: z.string() })),
  /** `kit` null: jobs without a brand kit. */
  byKit: z.array(QualityFigures.extend({ kit: z.string().nullable() })),
  /** One entry per UTC day of the range, by the day each first attempt was created. */
  daily: z.array(QualityFigures.extend({ day: Day })),
});
export type QualityReport = z.infer<typeof QualityReport>;

/** The ranking weights one scope (the org, or one of its kits) uses for new jobs. */
export const RankWeightsScope = z.object({
  /** null: the org-wide weights (jobs without a kit, and kits without enough feedback of their own). */
  kit: z.string().nullable(),
  source: z.enum(["learned", "default"]),
  weights: RankWeights,
  /** Kept-vs-discarded comparisons the fit saw (feedback on jobs with at least two candidates). */
  samples: z.number().int(),
});
export type RankWeightsScope = z.infer<typeof RankWeightsScope>;

/** `GET /v1/quality/weights` (admins). */
export const RankWeightsReport = z.object({
  default: RankWeights,
  /** Comparisons a scope needs before its learned weights replace the default. */
  minSamples: z.number().int(),
  scopes: z.array(RankWeightsScope),
});
export type RankWeightsReport = z.infer<typeof RankWeightsReport>;
