import type { Asset, AssetList } from "../protocol/asset.js";
import type { EngineList } from "../protocol/engine.js";
import type { CreatedJob, Job, JobList, JobListQuery } from "../protocol/job.js";
import { JobEvent } from "../protocol/job-event.js";
import { isTerminal } from "../protocol/job-kind.js";
import type { CreateJobInput } from "../protocol/job-request.js";
import type { FeedbackRequest, JobFeedback } from "../protocol/quality.js";
import type { ContractClientOptions } from "./contract-client.js";
import { EaselError } from "./easel-error.js";
import { OrgClient } from "./org-client.js";
import { parseSse, parseSseText, type SseMessage } from "./sse-parser.js";

export interface EaselClientOptions extends ContractClientOptions {
  /** The queue lane of jobs that do not name one: plugins say `interactive` (a designer is waiting). */
  priority?: "interactive" | "bulk";
}

export interface EventsOptions {
  /** Resume after this event sequence number (SSE `Last-Event-ID`). */
  after?: number;
  signal?: AbortSignal;
  /** Reconnect after a dropped stream until a terminal event arrives (default true). */
  reconnect?: boolean;
}

const TERMINAL_EVENTS = new Set(["succeeded", "failed", "cancelled"]);

/**
 * Typed client for the Easel HTTP API, one method per route of the contract (`API` in the protocol
 * package), typed and parsed by the same schemas the server validates with. Uses only `fetch`, so
 * it runs in Node, browsers and plugin iframes.
 */
export class EaselClient extends OrgClient {
  private readonly priority: EaselClientOptions["priority"];

  constructor(options: EaselClientOptions) {
    super(options);
    this.priority = options.priority;
  }

  /** Uploads image bytes (PNG, JPEG or WebP); identical bytes return the same asset. */
  async uploadAsset(bytes: Uint8Array | Blob, contentType = "application/octet-stream"): Promise<Asset> {
    return this.call("uploadAsset", {}, { upload: { body: bytes, contentType } });
  }

  async getAsset(id: string): Promise<Asset> {
    return this.call("getAsset", { params: { id } });
  }

  async listAssets(cursor?: string): Promise<AssetList> {
    return this.call("listAssets", { query: cursor ? { cursor } : {} });
  }

  /** Downloads an asset's bytes. */
  async downloadAsset(id: string): Promise<Uint8Array> {
    return this.call("assetContent", { params: { id } });
  }

  async createJob(request: CreateJobInput): Promise<CreatedJob> {
    const body = this.priority && request.priority === undefined ? { ...request, priority: this.priority } : request;
    return this.call("createJob", { body });
  }

  async getJob(id: string): Promise<Job> {
    return this.call("getJob", { params: { id } });
  }

  /** The org's jobs, newest first; `document` gives a design document's history, `parent` a job's children. */
  async listJobs(query: Partial<JobListQuery> = {}): Promise<JobList> {
    return this.call("listJobs", { query });
  }

  async cancel(id: string): Promise<Job> {
    return this.call("cancelJob", { params: { id } });
  }

  /**
   * `POST /v1/jobs/:id/feedback`: what the designer did with a finished job's candidates — kept one (its
   * layer `index`) or none (`kept: null`). Sending again replaces the job's earlier feedback.
   */
  async sendFeedback(jobId: string, feedback: FeedbackRequest): Promise<JobFeedback> {
    return this.call("jobFeedback", { params: { id: jobId }, body: feedback });
  }

  async engines(): Promise<EngineList> {
    return this.call("engines", {});
  }

  /**
   * Streams a job's events until it ends, resuming with `Last-Event-ID` after a dropped connection.
   * Where the host's `fetch` has no streaming `Response.body` (UXP before 7.3), the events endpoint
   * is read whole: the server closes it after the terminal event, so every event still arrives, at
   * the end. Hosts that need progress meanwhile poll `getJob` instead (see @easel/plugin-core).
   */
  async *events(jobId: string, options: EventsOptions = {}): AsyncGenerator<JobEvent> {
    let after = options.after ?? 0;
    const reconnect = options.reconnect ?? true;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { accept: "text/event-stream" };
      if (after > 0) headers["last-event-id"] = String(after);
      let ended = false;
      try {
        const init: RequestInit = { headers };
        if (options.signal) init.signal = options.signal;
        const response = await this.request(this.pathOf("jobEvents", { params: { id: jobId } }), init);
        attempt = 0;
        const messages: AsyncIterable<SseMessage> | Iterable<SseMessage> =
          response.body && typeof response.body.getReader === "function"
            ? parseSse(response.body)
            : parseSseText(await response.text());
        for await (const message of messages) {
          if (message.event === "ping") continue;
          const event = JobEvent.parse(JSON.parse(message.data));
          after = event.seq;
          yield event;
          if (TERMINAL_EVENTS.has(event.type)) {
            ended = true;
            return;
          }
        }
      } catch (error) {
        if (error instanceof EaselError || options.signal?.aborted || !reconnect || attempt >= 5) throw error;
      }
      if (ended || !reconnect) return;
      const job = await this.getJob(jobId);
      if (isTerminal(job.status) && after >= 1) {
        // The stream closed after the last event was sent; replay anything missed, then stop.
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** attempt)));
    }
  }

  /** Waits for a job to end and returns it. */
  async waitForJob(jobId: string, signal?: AbortSignal): Promise<Job> {
    for await (const _event of this.events(jobId, signal ? { signal } : {})) {
      // drain until a terminal event
    }
    return this.getJob(jobId);
  }
}
