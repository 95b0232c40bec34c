import type { Capability } from "@easel/shared/protocol";
import type {
  EngineContext,
  EngineDescriptor,
  GenerateOptions,
  Generator,
  ImageToImageOptions,
  RasterImage,
  UpscaleOptions,
  Upscaler,
} from "../types.js";
import { ComfyClient } from "./comfy-client.js";
import { ComfyError, isComfyError } from "./comfy-error.js";
import {
  type ComfyJob,
  type ComfyJobSettings,
  type ComfyReferenceOptions,
  generateJob,
  inpaintJob,
  outpaintJob,
  resizeTo,
  upscaleJob,
  varyJob,
} from "./comfy-jobs.js";
import type { PromptRun, RunTimings } from "./prompt-run.js";
import { pngToRgb, uploadName } from "./raster-png.js";
import { type ComfyServerStatus, ServerScheduler } from "./server-scheduler.js";
import type { InpaintMode } from "./workflows/inpaint.js";
import { DEFAULT_IP_ADAPTER, type IpAdapterSettings } from "./workflows/ip-adapter.js";
import type { OutpaintExtend } from "./workflows/outpaint.js";
import type { ModelSettings } from "./workflows/sampling.js";

export interface ComfyPoolOptions {
  /** Base URLs, one ComfyUI server per GPU (e.g. "http://gpu-1:8188"). */
  servers: readonly string[];
  /** Checkpoint (required) and sampler; the same files must exist on every server. */
  models: Pick<ModelSettings, "checkpoint"> & Partial<ModelSettings>;
  inpaintMode?: InpaintMode;
  inpaintGrow?: number; // px
  outpaintFeathering?: number; // px
  /** Enables reference images through IP-Adapter (needs ComfyUI_IPAdapter_plus on every server). */
  ipAdapter?: Partial<IpAdapterSettings>;
  /** Enables `upscale`: a file in models/upscale_models and its native factor. */
  upscale?: { model: string; modelScale: number };
  /** Health check period for every server (ms). */
  healthIntervalMs?: number;
  /** Faster re-check period while jobs wait and no server is up (ms). */
  downRetryMs?: number;
  /** Servers one job may be tried on when servers fail under it. */
  maxAttempts?: number;
  /** How long a job may wait while no server is up before it fails `unreachable` (ms). */
  acquireTimeoutMs?: number;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  timings?: Partial<RunTimings>;
}

/**
 * A Generator over N ComfyUI servers: periodic health checks, least-loaded dispatch with exactly
 * one of our prompts in flight per server, a job whose server fails retried on another (bounded),
 * and a cancel forwarded as an interrupt to the server running it.
 */
export class ComfyPool implements Generator {
  readonly descriptor: EngineDescriptor;
  /** The pool as an Upscaler, when an upscale model is configured. */
  readonly upscaler: Upscaler | null;
  /** Whether jobs may carry reference images (IP-Adapter configured). */
  readonly referenceImages: boolean;
  private readonly scheduler: ServerScheduler;
  private readonly settings: ComfyJobSettings;
  private readonly maxAttempts: number;

  constructor(options: ComfyPoolOptions) {
    if (options.servers.length === 0) throw new Error("ComfyPool needs at least one server URL");
    for (const url of options.servers) {
      if (!/^https?:\/\//.test(url) || !URL.canParse(url))
        throw new Error(`ComfyUI server URL must be http(s)://host:port, got "${url}"`);
    }
    this.maxAttempts = options.maxAttempts ?? 3;
    this.settings = {
      models: { sampler: "euler", scheduler: "normal", ...options.models },
      inpaintMode: options.inpaintMode ?? "noise-mask",
      inpaintGrow: options.inpaintGrow ?? 8,
      outpaintFeathering: options.outpaintFeathering ?? 40,
      ipAdapter: options.ipAdapter ? { ...DEFAULT_IP_ADAPTER, ...options.ipAdapter } : null,
      upscale: options.upscale ?? null,
    };
    this.referenceImages = this.settings.ipAdapter !== null;
    const clients = options.servers.map(
      (url) =>
        new ComfyClient({
          url,
          ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
          ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
          ...(options.timings ? { timings: options.timings } : {}),
        }),
    );
    this.scheduler = new ServerScheduler(clients, {
      healthIntervalMs: options.healthIntervalMs ?? 5_000,
      downRetryMs: options.downRetryMs ?? 500,
      acquireTimeoutMs: options.acquireTimeoutMs ?? 30_000,
    });
    this.descriptor = this.describe("generate");
    const upscale = this.settings.upscale;
    this.upscaler = upscale
      ? {
          descriptor: {
            name: "comfyui-upscale",
            capability: "upscale",
            description: `${upscale.model} (${upscale.modelScale}x) on a pool of ${this.scheduler.slots.length} ComfyUI server(s)`,
            limits: { servers: this.scheduler.slots.length, model: upscale.model, scales: ["2", "3", "4"] },
            splits: true,
          },
          tier: "best",
          scales: [2, 3, 4],
          upscale: (image, options, context) => this.upscale(image, options, context),
        }
      : null;
  }

  /** The descriptor under which the pool serves `capability` (generate, vary, inpaint, outpaint). */
  describe(capability: Capability): EngineDescriptor {
    const { checkpoint, sampler, scheduler } = this.settings.models;
    return {
      name: "comfyui",
      capability,
      description: `${checkpoint} on a pool of ${this.scheduler.slots.length} ComfyUI server(s), one prompt in flight each`,
      limits: {
        servers: this.scheduler.slots.length,
        checkpoint,
        sampler: `${sampler}/${scheduler}`,
        referenceImages: this.referenceImages ? "ip-adapter" : "none",
      },
    };
  }

  /** Runs the first health checks (jobs call it implicitly); resolves when every server has answered or failed. */
  start(): Promise<void> {
    return this.scheduler.start();
  }

  /** Each server's health and load. */
  status(): ComfyServerStatus[] {
    return this.scheduler.status();
  }

  async generate(options: GenerateOptions & ComfyReferenceOptions, context: EngineContext): Promise<RasterImage> {
    return this.runJob(await generateJob(this.settings, options), context);
  }

  async vary(
    image: RasterImage,
    options: ImageToImageOptions & ComfyReferenceOptions,
    context: EngineContext,
  ): Promise<RasterImage> {
    // Strength 0 keeps the input: no need to occupy a GPU for it.
    if (options.strength <= 0) return resizeTo(image, options.width, options.height);
    return this.runJob(await varyJob(this.settings, image, options), context);
  }

  async inpaint(
    image: RasterImage,
    mask: RasterImage,
    options: GenerateOptions & ComfyReferenceOptions,
    context: EngineContext,
  ): Promise<RasterImage> {
    return this.runJob(await inpaintJob(this.settings, image, mask, options), context);
  }

  /** Extends the canvas by `extend` px per side and fills the new area (ImagePadForOutpaint). */
  async outpaint(
    image: RasterImage,
    extend: OutpaintExtend,
    options: GenerateOptions & ComfyReferenceOptions,
    context: EngineContext,
  ): Promise<RasterImage> {
    return this.runJob(await outpaintJob(this.settings, image, extend, options), context);
  }

  /** Upscales with the configured model to exactly `scale` times the input. */
  async upscale(image: RasterImage, options: UpscaleOptions, context: EngineContext): Promise<RasterImage> {
    return this.runJob(await upscaleJob(this.settings, image, options.scale), context);
  }

  /** Stops health checks, fails waiting jobs and closes every server connection. */
  close(): void {
    this.scheduler.close();
    for (const slot of this.scheduler.slots) slot.client.close();
  }

  private async runJob(job: ComfyJob, context: EngineContext): Promise<RasterImage> {
    const tried = new Set<string>();
    let lastError: ComfyError | undefined;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const slot = await this.scheduler.acquire(tried, context.signal);
      let run: PromptRun | undefined;
      try {
        const { client } = slot;
        const files = await Promise.all(
          job.uploads.map((u) => client.upload(u.png, uploadName(u.png, u.role), context.signal)),
        );
        run = client.run(job.build(files), {
          signal: context.signal,
          onProgress: (v, max, preview) => context.progress(v, max, preview),
        });
        const [png] = (await run.result).images;
        slot.completed++;
        const image = await pngToRgb(png as Uint8Array);
        if (image.width !== job.expect.width || image.height !== job.expect.height) {
          throw new ComfyError(
            "protocol",
            `ComfyUI returned ${image.width}x${image.height}, expected ${job.expect.width}x${job.expect.height}`,
            {
              server: client.url,
              promptId: run.promptId,
            },
          );
        }
        return job.finish ? job.finish(image) : image;
      } catch (error) {
        if (!isComfyError(error) || !error.retryable || context.signal.aborted) throw error;
        // The server failed under the job: take it out of rotation until a health check passes, try another.
        this.scheduler.markDown(slot, error.message);
        tried.add(slot.client.url);
        lastError = error;
      } finally {
        this.scheduler.release(slot, run?.settled);
      }
    }
    const error = lastError as ComfyError;
    throw new ComfyError(error.kind, `${error.message} (tried ${[...tried].join(", ")})`, {
      server: error.server,
      retryable: error.retryable,
      cause: error,
    });
  }
}
