import type { CreateJobInput, FeedbackRequest, Job, Layer } from "@easel/shared/protocol";

/** What sending feedback needs of the client (`EaselClient.sendFeedback`). */
export interface FeedbackClient {
  sendFeedback(jobId: string, feedback: FeedbackRequest): Promise<unknown>;
}

/** The candidates on screen: which job, what it worked on, and whether one was kept. */
interface Shown {
  jobId: string;
  source: string;
  kept: boolean;
}

/** What a request works on: its kind and input assets, or its prompt when it has none (as the server keys it). */
function sourceOf(request: Pick<CreateJobInput, "kind">): string {
  const r = request as { kind: string; image?: string; mask?: string; prompt?: string };
  if (r.image !== undefined) return [r.kind, r.image, r.mask ?? ""].join(":");
  return `${r.kind}:prompt:${(r.prompt ?? "").trim().toLowerCase()}`;
}

/**
 * Tells the service what the designer did with a job's candidates (`POST /v1/jobs/:id/feedback`), so it
 * can measure first-try satisfaction and learn its ranking: Keep sends the kept layer's index; starting
 * another run, or closing the candidates, without keeping one sends "none kept"; a new run on the same
 * source (same kind and input assets, or the same prompt) is a regeneration and names the job it retries.
 * One instance per panel, shared by its runs (RunController calls `beforeRun` and `shown`; the UI calls
 * `kept` and `discarded`). Feedback never blocks or fails the designer's work: errors go to `onError`.
 */
export class CandidateFeedback {
  private current: Shown | null = null;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly client: FeedbackClient,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** A run finished and its candidates are on screen. */
  shown(job: Job): void {
    if (job.layers.length === 0) return;
    this.current = { jobId: job.id, source: sourceOf(job.request), kept: false };
  }

  /** The designer kept `layer` of `job` (placed it as a layer). */
  kept(job: Pick<Job, "id">, layer: Pick<Layer, "index">): void {
    if (this.current?.jobId === job.id) this.current.kept = true;
    this.send(job.id, { kept: layer.index });
  }

  /** The candidates were closed without keeping one (`reason` in the designer's words, when given). */
  discarded(reason?: string): void {
    const shown = this.current;
    this.current = null;
    if (!shown || shown.kept) return;
    this.send(shown.jobId, { kept: null, ...(reason ? { reason } : {}) });
  }

  /**
   * A new run is about to start: the candidates on screen were not satisfying unless one was kept. Returns
   * the job this request regenerates (same source, nothing kept), which the request then names.
   */
  beforeRun(request: CreateJobInput): string | undefined {
    const shown = this.current;
    if (!shown || shown.kept) {
      this.current = null;
      return undefined;
    }
    const again = shown.source === sourceOf(request);
    this.discarded(again ? "regenerated" : "replaced by another run");
    return again ? shown.jobId : undefined;
  }

  /** Resolves once every feedback sent so far has been answered (tests, and a panel about to close). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private send(jobId: string, feedback: FeedbackRequest): void {
    const sending = this.client
      .sendFeedback(jobId, feedback)
      .then(() => undefined)
      .catch((error: unknown) => this.onError(error))
      .finally(() => this.pending.delete(sending));
    this.pending.add(sending);
  }
}
