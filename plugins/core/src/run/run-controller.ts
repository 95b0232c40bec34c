import { type EaselClient, EaselError } from "@easel/shared/client";
import { isTerminal, type Job, type JobEvent, type Layer } from "@easel/shared/protocol";
import { buildJobRequest, type RequestContext } from "../commands/build-request.js";
import type { CommandInput, CommandKind } from "../commands/command.js";
import { CancelledError } from "../errors/run-errors.js";
import { type ArrivedCandidate, ArrivedCandidates } from "./arrived-candidates.js";
import type { CandidateFeedback } from "./feedback.js";
import { eventUpdate, progressUpdate, type RunUpdate } from "./progress-label.js";
import { rankCandidates } from "./rank.js";

/** Encoded inputs a command uploads (PNG bytes). */
export interface RunInputs {
  image?: Uint8Array;
  mask?: Uint8Array;
}

/** A finished run: the job and its candidates best first. */
export interface RunResult {
  job: Job;
  candidates: Layer[];
}

export interface RunControllerOptions {
  client: EaselClient;
  /**
   * `stream`: follow `GET /v1/jobs/:id/events` (SSE; read whole where the host cannot stream).
   * `poll`: `GET /v1/jobs/:id` every `pollIntervalMs`, for hosts without streaming bodies where
   * progress should still move. Default: `stream` when the host has `ReadableStream`, else `poll`.
   */
  follow?: "stream" | "poll";
  pollIntervalMs?: number;
  onUpdate?: (update: RunUpdate) => void;
  /** Every raw event (stream mode only), e.g. to show candidates as they arrive. */
  onEvent?: (event: JobEvent) => void;
  /** Called once the job exists, e.g. to store its id so a reopened panel can reattach. */
  onJobCreated?: (jobId: string) => void;
  /**
   * Each candidate as soon as the server finished it (stream mode), with the gallery best-so-far first,
   * so the first image shows while the others are made. The run's result has the final order.
   */
  onCandidate?: (candidate: ArrivedCandidate) => void;
  /**
   * The panel's feedback reporter (feedback.ts), shared by its runs: a run tells it when candidates are
   * shown, and a new run on the same unkept source is sent as a regeneration of the job before it.
   */
  feedback?: CandidateFeedback;
}

/** True when the host can read a response body as a stream (UXP 7.3+, browsers, Node). */
export function hostCanStream(): boolean {
  return typeof ReadableStream === "function" && typeof Response === "function" && "body" in Response.prototype;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** FNV-1a over the bytes (sampled for big inputs): a cheap key for "this exact image was uploaded". */
function fingerprint(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  const step = Math.max(1, Math.floor(bytes.length / 65_536));
  for (let i = 0; i < bytes.length; i += step) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return `${bytes.length}:${(h >>> 0).toString(16)}`;
}

/**
 * One job's life on the plugin side: upload once, create, follow, cancel, and return the ranked
 * candidates. Cancelling never needs an abort signal: it asks the server (`POST /v1/jobs/:id/cancel`),
 * and the job's own terminal event or status ends the follow loop.
 */
export class RunController {
  private readonly uploads = new Map<string, string>();
  private current: { jobId: string | null; cancelled: boolean } | null = null;
  /** Called once each job exists (replaceable, e.g. to store the id with host data for that run). */
  onJobCreated: ((jobId: string) => void) | undefined;

  constructor(private readonly options: RunControllerOptions) {
    this.onJobCreated = options.onJobCreated;
  }

  /** The job being followed, if any. */
  get jobId(): string | null {
    return this.current?.jobId ?? null;
  }

  get running(): boolean {
    return this.current !== null;
  }

  /** Uploads `bytes` unless this controller already did (asset ids are content-addressed on the server). */
  async upload(bytes: Uint8Array): Promise<string> {
    const key = fingerprint(bytes);
    const known = this.uploads.get(key);
    if (known) return known;
    const asset = await this.options.client.uploadAsset(bytes, "image/png");
    this.uploads.set(key, asset.id);
    return asset.id;
  }

  /** Uploads the inputs, creates the job, follows it to the end and returns its candidates. */
  async run(input: CommandInput, inputs: RunInputs, context: RequestContext = {}): Promise<RunResult> {
    if (this.current) throw new Error("a job is already running in this panel");
    const state = { jobId: null as string | null, cancelled: false };
    this.current = state;
    try {
      const image = inputs.image ? await this.upload(inputs.image) : undefined;
      const mask = inputs.mask ? await this.upload(inputs.mask) : undefined;
      if (state.cancelled) throw new CancelledError();
      const request = buildJobRequest(input, { ...(image ? { image } : {}), ...(mask ? { mask } : {}) }, context);
      const regenerates = this.options.feedback?.beforeRun(request);
      const created = await this.options.client.createJob(regenerates ? { ...request, regenerates } : request);
      state.jobId = created.id;
      this.onJobCreated?.(created.id);
      // Cancel pressed while the job was being created: stop it now.
      if (state.cancelled) await this.options.client.cancel(created.id).catch(() => undefined);
      return await this.followJob(created.id, input.kind);
    } finally {
      this.current = null;
    }
  }

  /** Follows a job that already exists (a reopened panel reattaching) and returns its candidates. */
  async follow(jobId: string, kind: CommandKind): Promise<RunResult> {
    if (this.current) throw new Error("a job is already running in this panel");
    this.current = { jobId, cancelled: false };
    try {
      return await this.followJob(jobId, kind);
    } finally {
      this.current = null;
    }
  }

  /** Asks the server to stop the current job; the run then ends with `CancelledError`. */
  async cancel(): Promise<void> {
    const state = this.current;
    if (!state) return;
    state.cancelled = true;
    if (state.jobId) await this.options.client.cancel(state.jobId).catch(() => undefined);
  }

  private async followJob(jobId: string, kind: CommandKind): Promise<RunResult> {
    const { client, onUpdate, onEvent, onCandidate } = this.options;
    const mode = this.options.follow ?? (hostCanStream() ? "stream" : "poll");
    if (mode === "stream") {
      const arrived = new ArrivedCandidates();
      let shown: RunUpdate | undefined;
      for await (const event of client.events(jobId)) {
        onEvent?.(event);
        const candidate = event.type === "candidate" ? arrived.add(event.data) : null;
        if (candidate) onCandidate?.(candidate);
        const update = eventUpdate(kind, event, shown);
        if (!update) continue;
        shown = update;
        onUpdate?.(update);
      }
    } else {
      let shown: RunUpdate | undefined;
      for (;;) {
        const job = await client.getJob(jobId);
        shown = progressUpdate(kind, job.status, job.progress, shown);
        onUpdate?.(shown);
        if (isTerminal(job.status)) break;
        await sleep(this.options.pollIntervalMs ?? 500);
      }
    }
    const job = await client.getJob(jobId);
    if (job.status === "cancelled") throw new CancelledError();
    if (job.status === "failed" && job.problem) throw new EaselError(job.problem);
    this.options.feedback?.shown(job);
    return { job, candidates: rankCandidates(job.layers) };
  }
}
