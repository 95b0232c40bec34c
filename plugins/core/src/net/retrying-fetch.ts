// Retries what the server asked to be retried: `429 Too Many Requests` and `503 Service Unavailable`
// with `Retry-After` (RFC 9110 §10.2.3, seconds or an HTTP date). A 503 without it is a missing
// capability (no diffusion model configured), which waiting does not fix, so it is returned as is;
// so is any wait longer than `maxWaitMs` (a monthly quota resets in days, not seconds).

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RetryOptions {
  /** Attempts after the first (default 4). */
  retries?: number;
  /** The longest single wait the plugin accepts before giving the error to the user (ms, default 30 s). */
  maxWaitMs?: number;
  /** First backoff when the server gives no `Retry-After` (ms, default 500), doubled each attempt. */
  baseDelayMs?: number;
  /** Waits (a test can record the waits instead of sleeping them). */
  sleep?: (ms: number) => Promise<void>;
  /** Told about each retry, e.g. to show "Server busy, retrying in 3 s". */
  onRetry?: (info: { status: number; waitMs: number; attempt: number }) => void;
}

/** The wait a `Retry-After` header asks for (ms), or null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wraps a fetch so that 429/503-with-Retry-After answers are retried after the wait the server asked for. */
export function retryingFetch(fetchImpl: FetchLike, options: RetryOptions = {}): FetchLike {
  const retries = options.retries ?? 4;
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const sleep = options.sleep ?? defaultSleep;
  return async (input, init) => {
    const method = (init?.method ?? "GET").toUpperCase();
    // Uploads are content-addressed and GETs have no effect, so a dropped connection may be retried.
    const idempotent = method === "GET" || method === "HEAD" || (method === "POST" && /\/v1\/assets$/.test(input));
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetchImpl(input, init);
      } catch (error) {
        if (!idempotent || attempt >= 1) throw error;
        continue;
      }
      if (response.status !== 429 && response.status !== 503) return response;
      const asked = retryAfterMs(response.headers?.get?.("retry-after") ?? null);
      if (response.status === 503 && asked === null) return response;
      const waitMs = asked ?? baseDelayMs * 2 ** attempt;
      if (attempt >= retries || waitMs > maxWaitMs) return response;
      options.onRetry?.({ status: response.status, waitMs, attempt: attempt + 1 });
      await sleep(waitMs);
    }
  };
}
