import type {
  CreateJobRequest,
  FeedbackRequest,
  Job,
  JobFeedback,
  QualityQuery,
  QualityReport,
  RankWeightsReport,
} from "@easel/shared/protocol";
import { hasRole, type Principal } from "../auth/principal.js";
import type { Q } from "../db/meta-db.js";
import { AppError } from "../errors/app-error.js";
import { linkAttempt, sourceKey } from "./attempt-source.js";
import { qualityReport } from "./quality-metrics.js";
import type { AttemptRow, NewAttempt, QualityStore } from "./quality-store.js";
import { featuresOf } from "./rank-weights.js";
import type { RankWeightsCache, WeightsChoice } from "./rank-weights-cache.js";

const DAY_MS = 86_400_000;
/** Longest range `GET /v1/quality` reports (days). */
const MAX_RANGE_DAYS = 366;

/** What job creation takes from the quality loop: the ranking weights and where the job sits in its chain. */
export interface JobQualityPlan {
  weights: WeightsChoice;
  /** Stores the job's attempt row inside the job's own transaction. */
  record: (q: Q) => Promise<void>;
}

/** The slug of a `slug` or `slug@N` kit reference. */
const kitSlug = (ref: string | undefined) => (ref === undefined ? null : (ref.split("@")[0] ?? null));

/**
 * The first-try satisfaction loop: links each new job into its attempt chain and picks its ranking
 * weights; takes the designer's feedback; reports first-try satisfaction and the top-1 kept rate.
 */
export class QualityService {
  constructor(
    private readonly store: QualityStore,
    private readonly weights: RankWeightsCache,
    /** Reads one of the org's jobs (JobStore.get). */
    private readonly jobOf: (orgId: string, id: string) => Promise<Job | null>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Before a job is stored: its weights, and how to record its attempt. `regenerates` was checked by the caller. */
  async planJob(principal: Principal, jobId: string, request: CreateJobRequest): Promise<JobQualityPlan> {
    const kit = kitSlug(request.brandKit);
    const weights = await this.weights.choose(principal.orgId, kit);
    const key = sourceKey(request);
    const explicit =
      request.regenerates === undefined ? null : await this.store.prior(principal.orgId, request.regenerates);
    const latest = explicit ? null : await this.store.latestOnSource(principal.orgId, principal.userId, key);
    const now = this.now();
    const link = linkAttempt(jobId, explicit, latest, now);
    const attempt: NewAttempt = {
      jobId,
      orgId: principal.orgId,
      userId: principal.userId,
      kind: request.kind,
      kit,
      sourceKey: key,
      ...link,
      createdAt: now,
    };
    return { weights, record: (q) => this.store.insert(q, attempt) };
  }

  /** Stores (or replaces) the designer's feedback on a finished job. */
  async feedback(principal: Principal, jobId: string, body: FeedbackRequest): Promise<JobFeedback> {
    const job = await this.jobOf(principal.orgId, jobId);
    if (!job) throw new AppError("not_found", `job ${jobId} was not found`, { field: "id" });
    if (job.status !== "succeeded") {
      throw new AppError("conflict", `job ${jobId} is ${job.status}: feedback is for a job that delivered candidates`, {
        field: "id",
      });
    }
    const layers = [...job.layers].sort((a, b) => a.index - b.index);
    let keptRank: number | null = null;
    if (body.kept !== null) {
      const kept = layers.find((l) => l.index === body.kept);
      if (!kept) {
        const range = layers.length === 1 ? "0" : `0–${layers.length - 1}`;
        throw new AppError(
          "validation",
          `\`kept\` must be the index of one of the job's ${layers.length} candidate(s) (${range}), got ${body.kept}`,
          { field: "kept", status: 422 },
        );
      }
      keptRank = 1 + layers.filter((l) => l !== kept && outranks(l, kept)).length;
    }
    const now = this.now();
    const existing = await this.store.get(principal.orgId, jobId);
    const attempt: NewAttempt = {
      jobId,
      orgId: principal.orgId,
      userId: job.createdBy,
      kind: job.kind,
      kit: kitSlug(job.request.brandKit),
      sourceKey: sourceKey(job.request),
      firstJobId: jobId,
      attemptNo: 1,
      regenerates: null,
      createdAt: Date.parse(job.createdAt),
    };
    await this.store.saveFeedback(
      attempt,
      {
        candidates: layers.length,
        kept: body.kept,
        keptRank,
        rating: body.rating ?? null,
        reason: body.reason ?? null,
        features: layers.map((l) => featuresOf(l.scores)),
      },
      now,
    );
    this.weights.invalidate(principal.orgId);
    const row = (await this.store.get(principal.orgId, jobId)) ?? existing;
    if (!row) throw new Error(`feedback of ${jobId} was not stored`);
    return view(row);
  }

  /** First-try satisfaction and top-1 kept rate over a UTC day range (default: the last 30 days). */
  async report(principal: Principal, query: QualityQuery): Promise<QualityReport> {
    const today = new Date(this.now()).toISOString().slice(0, 10);
    const to = query.to ?? today;
    const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
    const fromMs = Date.parse(`${from}T00:00:00Z`);
    const toMs = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
    if (!Number.isFinite(fromMs))
      throw new AppError("validation", `\`from\` is not a date: ${from}`, { field: "from" });
    if (!Number.isFinite(toMs)) throw new AppError("validation", `\`to\` is not a date: ${to}`, { field: "to" });
    if (fromMs >= toMs)
      throw new AppError("validation", `\`from\` (${from}) is after \`to\` (${to})`, { field: "from" });
    if (toMs - fromMs > MAX_RANGE_DAYS * DAY_MS) {
      throw new AppError("validation", `the range may span at most ${MAX_RANGE_DAYS} days`, { field: "from" });
    }
    const attempts = await this.store.attempts(principal.orgId, fromMs, toMs, {
      ...(query.kit === undefined ? {} : { kit: query.kit }),
      ...(query.kind === undefined ? {} : { kind: query.kind }),
    });
    return qualityReport(attempts, from, to);
  }

  /** The weights new jobs use (brand admins and admins: they see how the org's taste steers ranking). */
  async weightsReport(principal: Principal): Promise<RankWeightsReport> {
    if (!hasRole(principal.role, "brand-admin")) {
      throw new AppError("forbidden", "only brand admins and admins see the org's ranking weights", {
        field: "authorization",
      });
    }
    return this.weights.report(principal.orgId);
  }
}

/** Whether layer `a` was ranked above `b`: the service's order (score, then quality, then index). */
function outranks(a: Job["layers"][number], b: Job["layers"][number]): boolean {
  const sa = a.scores.score ?? -1;
  const sb = b.scores.score ?? -1;
  if (sa !== sb) return sa > sb;
  const qa = a.scores.quality ?? -1;
  const qb = b.scores.quality ?? -1;
  if (qa !== qb) return qa > qb;
  return a.index < b.index;
}

function view(row: AttemptRow): JobFeedback {
  return {
    jobId: row.jobId,
    kept: row.kept,
    keptRank: row.keptRank,
    candidates: row.candidates ?? 0,
    rating: row.rating,
    reason: row.reason,
    attempt: {
      first: row.firstJobId,
      number: row.attemptNo,
      regenerates: row.regenerates,
      regenerated: row.regeneratedAt !== null,
    },
    createdAt: new Date(row.feedbackCreatedAt ?? row.createdAt).toISOString(),
    updatedAt: new Date(row.feedbackAt ?? row.createdAt).toISOString(),
  };
}
