import type { z } from "zod";
import { Asset, AssetList } from "../protocol/asset.js";
import { EngineList } from "../protocol/engine.js";
import { CreatedJob, Job, JobList, type JobListQuery } from "../protocol/job.js";
import { JobEvent } from "../protocol/job-event.js";
import { isTerminal } from "../protocol/job-kind.js";
import type { CreateJobInput } from "../protocol/job-request.js";
import { EaselError } from "./easel-error.js";
import { parseSse, parseSseText, type SseMessage } from "./sse-parser.js";

export interface EaselClientOptions {
  /** Service root, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string;
  apiKey: string;
  /**
   * Defaults to the global `fetch` (Node ≥ 18, browsers, the Figma UI iframe, UXP). The client only
   * passes plain-object headers and `Uint8Array`/string bodies, and reads the response with
   * `text()`/`arrayBuffer()` (plus `body.getReader()` when the host streams), so a host `fetch`
   * without `Headers`, `Blob` or streaming bodies works too.
   */
  fetch?: typeof fetch;
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

/** Typed client for the Easel HTTP API; uses only `fetch`, so it runs in Node, browsers and plugin iframes. */
export class EaselClient {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly fetchImpl: typeof fetch;
  private readonly priority: EaselClientOptions["priority"];

  constructor(options: EaselClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.apiKey = options.apiKey;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.priority = options.priority;
  }

  /** Uploads image bytes (PNG, JPEG or WebP); identical bytes return the same asset. */
  async uploadAsset(bytes: Uint8Array | Blob, contentType = "application/octet-stream"): Promise<Asset> {
    // A Uint8Array is a valid fetch body everywhere; no `Blob` needed (UXP before 7.x has none).
    const body = bytes as BodyInit;
    return this.json("/v1/assets", Asset, { method: "POST", body, headers: { "content-type": contentType } });
  }

  async getAsset(id: string): Promise<Asset> {
    return this.json(`/v1/assets/${encodeURIComponent(id)}`, Asset);
  }

  async listAssets(cursor?: string): Promise<AssetList> {
    return this.json(`/v1/assets${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`, AssetList);
  }

  /** Downloads an asset's bytes. */
  async downloadAsset(id: string): Promise<Uint8Array> {
    const response = await this.request(`/v1/assets/${encodeURIComponent(id)}/content`);
    return new Uint8Array(await response.arrayBuffer());
  }

  async createJob(request: CreateJobInput): Promise<CreatedJob> {
    return this.json("/v1/jobs", CreatedJob, {
      method: "POST",
      body: JSON.stringify(
        this.priority && request.priority === undefined ? { ...request, priority: this.priority } : request,
      ),
      headers: { "content-type": "application/json" },
    });
  }

  async getJob(id: string): Promise<Job> {
    return this.json(`/v1/jobs/${encodeURIComponent(id)}`, Job);
  }

  async listJobs(query: Partial<JobListQuery> = {}): Promise<JobList> {
    // Built by hand: `URLSearchParams` is not a documented UXP global.
    const qs = Object.entries(query)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
      .join("&");
    return this.json(`/v1/jobs${qs ? `?${qs}` : ""}`, JobList);
  }

  async cancel(id: string): Promise<Job> {
    return this.json(`/v1/jobs/${encodeURIComponent(id)}/cancel`, Job, { method: "POST" });
  }

  async engines(): Promise<EngineList> {
    return this.json("/v1/engines", EngineList);
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
        const response = await this.request(`/v1/jobs/${encodeURIComponent(jobId)}/events`, init);
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

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    // A plain object, not `Headers`: not every plugin host has the class.
    const headers = { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${this.apiKey}` };
    const response = await this.fetchImpl(`${this.baseUrl}${path}`, { ...init, headers });
    if (!response.ok) throw await EaselError.fromResponse(response);
    return response;
  }

  private async json<S extends z.ZodType>(path: string, schema: S, init?: RequestInit): Promise<z.infer<S>> {
    const response = await this.request(path, init);
    return schema.parse(await response.json());
  }
}
