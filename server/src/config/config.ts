import { availableParallelism, hostname } from "node:os";
import { resolve } from "node:path";
import { z } from "zod";
import { type BlobStoreConfig, blobStoreConfigFromEnv } from "../storage/blob-store-config.js";
import { describeBlobStore } from "../storage/create-blob-store.js";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((value) => value === "1" || value === "true" || value === "yes");

/** Environment variables the service reads, with their defaults. */
const EnvSchema = z.object({
  EASEL_DATA_DIR: z.string().default("./.easel"),
  EASEL_HOST: z.string().default("127.0.0.1"),
  EASEL_PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  /** Largest accepted upload (bytes). */
  EASEL_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  /** Largest accepted body of every non-upload request: JSON and forms (bytes). */
  EASEL_MAX_JSON_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /**
   * Time a client has to send a whole request, headers and body (ms); a body that promises more bytes
   * than it sends is dropped then. Long enough for the largest upload at ~5 Mbit/s.
   */
  EASEL_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
  /** Open job event streams (SSE) per API key on one API node. */
  EASEL_MAX_STREAMS_PER_KEY: z.coerce.number().int().min(1).default(16),
  /** Largest accepted input image (pixels), checked from the header before decoding. */
  EASEL_MAX_INPUT_PIXELS: z.coerce
    .number()
    .int()
    .positive()
    .default(4096 * 4096),
  /** Longest side of any output the server makes (px); clients may ask for less (Figma: 4096). */
  EASEL_MAX_OUTPUT_SIDE: z.coerce.number().int().min(256).max(32768).default(8192),
  EASEL_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  EASEL_JOB_TIMEOUT_MS: z.coerce.number().int().positive().default(300_000),
  EASEL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  EASEL_MAX_INTERRUPTIONS: z.coerce.number().int().min(0).max(1000).default(10),
  EASEL_LEASE_MS: z.coerce.number().int().min(1000).default(30_000),
  EASEL_RETRY_BASE_MS: z.coerce.number().int().min(0).default(1000),
  EASEL_BLOB_GC_GRACE_S: z.coerce.number().int().min(60).default(3600),
  EASEL_BLOB_GC_INTERVAL_S: z.coerce.number().int().min(0).default(3600),
  /** An image+mask→image ONNX model (LaMa / MI-GAN contract) offered as an extra inpaint engine. */
  EASEL_INPAINT_MODEL: z.string().optional(),
  /** A Stable Diffusion ONNX export (diffusers layout) that serves generate and vary. */
  EASEL_SD_MODEL_DIR: z.string().optional(),
  /** ComfyUI servers (comma separated base URLs, one per GPU) and the checkpoint they all have. */
  EASEL_COMFYUI_URLS: z.string().default(""),
  EASEL_COMFYUI_CHECKPOINT: z.string().default("v1-5-pruned-emaonly.safetensors"),
  /** Production signing: the certificate chain (leaf first) and private key, as PEM files. */
  EASEL_SIGNING_CERT: z.string().optional(),
  EASEL_SIGNING_KEY: z.string().optional(),
  /** The transparency log's own ES256 key (PEM, P-256) that signs tree heads; every API node needs the same one. */
  EASEL_TRANSPARENCY_KEY: z.string().optional(),
  /** Compute prices for the cost report (USD per second of one CPU core / one GPU). */
  EASEL_COST_CPU_S: z.coerce.number().min(0).default(0.000012),
  EASEL_COST_GPU_S: z.coerce.number().min(0).default(0.00035),
  /** Upscalers run on ONNX Runtime (converted once into the data dir); `0` keeps them on TF.js wasm. */
  EASEL_UPSCALE_ONNX: bool.default(true),
  /** Precision of the best upscale tier on ONNX: int8 where the CPU has VNNI, or forced. */
  EASEL_UPSCALE_BEST_PRECISION: z.enum(["auto", "int8", "fp32"]).default("auto"),
  /** Time budget for choosing an upscale tier automatically (s). */
  EASEL_UPSCALE_AUTO_BUDGET_S: z.coerce.number().positive().default(60),
  /** Output classifier limits for standard orgs (nsfwjs Porn+Hentai, and Sexy); free orgs use stricter ones. */
  EASEL_SAFETY_EXPLICIT: z.coerce.number().min(0).max(1).default(0.6),
  EASEL_SAFETY_SUGGESTIVE: z.coerce.number().min(0).max(1).default(0.85),
  /**
   * Proxies in front of the service that it trusts (`0`/`off`: none, the default; `1`/`on`: one, e.g. a
   * TLS-terminating load balancer; `N`: a chain of N). Only then are `X-Forwarded-For` (the client is the
   * Nth address from the right) and `X-Forwarded-Proto` believed; otherwise they are ignored.
   */
  EASEL_TRUST_PROXY: z
    .string()
    .default("off")
    .transform((v) => v.trim().toLowerCase())
    .refine((v) => /^(\d{1,2}|on|off|true|false|yes|no)$/.test(v), "must be off, on or a number of proxies")
    .transform((v) => (/^\d+$/.test(v) ? Number(v) : ["on", "true", "yes"].includes(v) ? 1 : 0)),
  /** Failed authentications (wrong API keys, at the API or the console sign-in) per client address per window. */
  EASEL_AUTH_FAILURES: z.coerce.number().int().min(1).default(10),
  EASEL_AUTH_FAILURE_WINDOW_S: z.coerce.number().int().min(1).default(300),
  /** Per-key token-bucket rate limits (on by default; benchmarks of the queue turn them off). */
  EASEL_RATE_LIMITS: bool.default(true),
  /** Enables the `noop` diagnostic job kind (benchmarks, failure tests). */
  EASEL_DIAGNOSTICS: bool.default(false),
  /** Extra CORS origins besides `null` (the Figma plugin iframe), comma separated. */
  EASEL_CORS_ORIGINS: z.string().default(""),
  /**
   * Where jobs queue: `sqlite` (embedded: this process runs them on worker threads) or a Redis URL
   * (`redis://host:6379/0`): API nodes dispatch through BullMQ and `easel worker` processes run them.
   */
  EASEL_QUEUE: z
    .string()
    .default("sqlite")
    .refine((v) => v === "sqlite" || /^rediss?:\/\/.+/.test(v), "must be sqlite or a redis:// URL"),
  /**
   * Metadata in PostgreSQL (`postgres://user:pass@host:5432/db`) for several API nodes; default: SQLite
   * in the data dir. Needs the Redis queue (API nodes share job events through it).
   */
  EASEL_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// URL")
    .optional(),
  /** Prefix of every Redis key, so deployments can share one Redis. */
  EASEL_REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}$/)
    .default("easel"),
  /** This node's name (reports consumer in Redis mode); default: the host name. */
  EASEL_NODE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .optional(),
  EASEL_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export interface Config {
  dataDir: string;
  host: string;
  port: number;
  maxUploadBytes: number;
  maxJsonBytes: number;
  requestTimeoutMs: number;
  maxStreamsPerKey: number;
  maxInputPixels: number;
  maxOutputSide: number;
  workers: number;
  jobTimeoutMs: number;
  maxAttempts: number;
  /** Attempts the service itself may lose per job (restarts, crashed threads or workers), counted apart. */
  maxInterruptions: number;
  leaseMs: number;
  retryBaseMs: number;
  /** Unreferenced blobs younger than this are never collected (s). */
  blobGcGraceS: number;
  /** How often this process collects unreferenced blobs (s; 0 = never, use `easel blobs gc`). */
  blobGcIntervalS: number;
  diagnostics: boolean;
  rateLimits: boolean;
  /** Trusted proxies in front of the service (0: none; X-Forwarded-* are then ignored). */
  trustProxy: number;
  /** At most `failures` failed authentications per client address in `windowS` seconds, then 429. */
  authThrottle: { failures: number; windowS: number };
  outputThresholds: { explicit: number; suggestive: number };
  upscaleBudgetS: number;
  upscaleOnnx: boolean;
  upscaleBestPrecision: "auto" | "int8" | "fp32";
  inpaintModelPath: string | null;
  sdModelDir: string | null;
  comfy: { servers: string[]; checkpoint: string } | null;
  signingCertPath: string | null;
  signingKeyPath: string | null;
  transparencyKeyPath: string | null;
  costRates: { cpuSecondUsd: number; gpuSecondUsd: number };
  corsOrigins: string[];
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  queue: QueueConfig;
  /** PostgreSQL URL of the metadata database, or null for SQLite in the data dir. */
  databaseUrl: string | null;
  nodeName: string;
  /** Where blobs (inputs, outputs, kit files) live: the data dir, a shared directory or S3. */
  blobs: BlobStoreConfig;
}

export type QueueConfig = { kind: "sqlite" } | { kind: "redis"; url: string; prefix: string };

/** Reads and validates the configuration; a bad variable stops start-up with its name. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${String(issue?.path.join("."))}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    dataDir: resolve(e.EASEL_DATA_DIR),
    host: e.EASEL_HOST,
    port: e.EASEL_PORT,
    maxUploadBytes: e.EASEL_MAX_UPLOAD_BYTES,
    maxJsonBytes: e.EASEL_MAX_JSON_BYTES,
    requestTimeoutMs: e.EASEL_REQUEST_TIMEOUT_MS,
    maxStreamsPerKey: e.EASEL_MAX_STREAMS_PER_KEY,
    maxInputPixels: e.EASEL_MAX_INPUT_PIXELS,
    maxOutputSide: e.EASEL_MAX_OUTPUT_SIDE,
    workers: e.EASEL_WORKERS ?? Math.max(1, availableParallelism()),
    jobTimeoutMs: e.EASEL_JOB_TIMEOUT_MS,
    maxAttempts: e.EASEL_MAX_ATTEMPTS,
    maxInterruptions: e.EASEL_MAX_INTERRUPTIONS,
    leaseMs: e.EASEL_LEASE_MS,
    retryBaseMs: e.EASEL_RETRY_BASE_MS,
    blobGcGraceS: e.EASEL_BLOB_GC_GRACE_S,
    blobGcIntervalS: e.EASEL_BLOB_GC_INTERVAL_S,
    diagnostics: e.EASEL_DIAGNOSTICS,
    rateLimits: e.EASEL_RATE_LIMITS,
    trustProxy: e.EASEL_TRUST_PROXY,
    authThrottle: { failures: e.EASEL_AUTH_FAILURES, windowS: e.EASEL_AUTH_FAILURE_WINDOW_S },
    outputThresholds: { explicit: e.EASEL_SAFETY_EXPLICIT, suggestive: e.EASEL_SAFETY_SUGGESTIVE },
    upscaleBudgetS: e.EASEL_UPSCALE_AUTO_BUDGET_S,
    upscaleOnnx: e.EASEL_UPSCALE_ONNX,
    upscaleBestPrecision: e.EASEL_UPSCALE_BEST_PRECISION,
    inpaintModelPath: e.EASEL_INPAINT_MODEL ? resolve(e.EASEL_INPAINT_MODEL) : null,
    sdModelDir: e.EASEL_SD_MODEL_DIR ? resolve(e.EASEL_SD_MODEL_DIR) : null,
    comfy: comfyServers(e.EASEL_COMFYUI_URLS, e.EASEL_COMFYUI_CHECKPOINT),
    signingCertPath: e.EASEL_SIGNING_CERT ? resolve(e.EASEL_SIGNING_CERT) : null,
    signingKeyPath: e.EASEL_SIGNING_KEY ? resolve(e.EASEL_SIGNING_KEY) : null,
    transparencyKeyPath: e.EASEL_TRANSPARENCY_KEY ? resolve(e.EASEL_TRANSPARENCY_KEY) : null,
    costRates: { cpuSecondUsd: e.EASEL_COST_CPU_S, gpuSecondUsd: e.EASEL_COST_GPU_S },
    corsOrigins: e.EASEL_CORS_ORIGINS.split(",")
      .map((origin) => origin.trim())
      .filter(Boolean),
    logLevel: e.EASEL_LOG_LEVEL,
    queue:
      e.EASEL_QUEUE === "sqlite"
        ? { kind: "sqlite" }
        : { kind: "redis", url: e.EASEL_QUEUE, prefix: e.EASEL_REDIS_PREFIX },
    databaseUrl: e.EASEL_DATABASE_URL ?? null,
    nodeName: e.EASEL_NODE_NAME ?? hostname(),
    blobs: blobStoreConfigFromEnv(env, resolve(e.EASEL_DATA_DIR)),
    ...overrides,
  };
}

function comfyServers(urls: string, checkpoint: string): Config["comfy"] {
  const servers = urls
    .split(",")
    .map((u) => u.trim().replace(/\/+$/, ""))
    .filter(Boolean);
  for (const server of servers) {
    if (!/^https?:\/\/[^/]+/.test(server))
      throw new Error(`Invalid configuration: EASEL_COMFYUI_URLS: "${server}" is not an http(s) URL`);
  }
  return servers.length > 0 ? { servers, checkpoint } : null;
}

/** The configuration as printed in the start banner. */
export function describeConfig(config: Config): string {
  const masked: Record<string, unknown> = {
    ...config,
    blobs: describeBlobStore(config.blobs),
    databaseUrl: config.databaseUrl ? maskPassword(config.databaseUrl) : "sqlite (data dir)",
    queue:
      config.queue.kind === "sqlite"
        ? "sqlite"
        : `redis ${maskPassword(config.queue.url)} (prefix ${config.queue.prefix})`,
  };
  return Object.entries(masked)
    .map(([key, value]) => {
      const shown = Array.isArray(value)
        ? value.join(", ") || "-"
        : typeof value === "object" && value !== null
          ? JSON.stringify(value)
          : String(value);
      return `  ${key.padEnd(16)} ${shown}`;
    })
    .join("\n");
}

/** A URL with its password replaced, for logs. */
function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
