import type { ProblemCode } from "@easel/shared/protocol";

const STATUS: Record<ProblemCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  capability_unavailable: 503,
  storage_unavailable: 503,
  rate_limited: 429,
  quota_exceeded: 429,
  content_policy: 422,
  job_failed: 500,
  timeout: 504,
  cancelled: 409,
  internal: 500,
};

const TITLE: Record<ProblemCode, string> = {
  validation: "Invalid request",
  unauthorized: "Authentication required",
  forbidden: "Not allowed",
  not_found: "Not found",
  conflict: "Conflict",
  payload_too_large: "Payload too large",
  unsupported_media_type: "Unsupported media type",
  capability_unavailable: "Capability not configured",
  storage_unavailable: "Storage unavailable",
  rate_limited: "Too many requests",
  quota_exceeded: "Quota exceeded",
  content_policy: "Refused by content policy",
  job_failed: "Job failed",
  timeout: "Timed out",
  cancelled: "Cancelled",
  internal: "Internal error",
};

export interface AppErrorOptions {
  field?: string;
  status?: number;
  retryable?: boolean;
  headers?: Record<string, string>;
}

/** The one error type the service throws on purpose; `onError` turns it into problem+json. */
export class AppError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly retryable: boolean;
  readonly headers: Record<string, string>;

  constructor(code: ProblemCode, detail: string, options: AppErrorOptions = {}) {
    super(detail);
    this.name = "AppError";
    this.code = code;
    this.status = options.status ?? STATUS[code];
    this.field = options.field;
    this.retryable = options.retryable ?? false;
    this.headers = options.headers ?? {};
  }

  get title(): string {
    return TITLE[this.code];
  }
}

/** Shorthands for the common cases, so call sites read as sentences. */
export const fail = {
  validation: (field: string, detail: string) => new AppError("validation", detail, { field }),
  notFound: (what: string, field?: string) =>
    new AppError("not_found", `${what} was not found`, field === undefined ? {} : { field }),
  unavailable: (detail: string, field?: string) =>
    new AppError("capability_unavailable", detail, field === undefined ? {} : { field }),
};
