import type { Context, MiddlewareHandler } from "hono";
import { AppError } from "../errors/app-error.js";

/** How many bytes a request body may have, and how a refusal names it. */
export interface BodyAllowance {
  maxBytes: number;
  /** Plural noun for the message: "request bodies are limited to …". */
  what: string;
  /** The problem's `field`. */
  field: string;
}

// Keyed by the request's Context, which every middleware and the handler share.
const allowances = new WeakMap<Context, BodyAllowance>();

/** The 413 a body over its allowance gets; the connection closes since the rest is never read. */
export function bodyTooLarge(allowance: BodyAllowance): AppError {
  return new AppError("payload_too_large", `${allowance.what} are limited to ${allowance.maxBytes} bytes`, {
    field: allowance.field,
    headers: { connection: "close" },
  });
}

/**
 * Lets the route this request reached read a larger (or smaller) body than the default: upload routes
 * call it before they read. A declared `Content-Length` over the allowance is refused at once.
 */
export function allowBody(c: Context, allowance: BodyAllowance): void {
  allowances.set(c, allowance);
  if (declaredLength(c) > allowance.maxBytes) throw bodyTooLarge(allowance);
}

/**
 * Bounds every request body: a default allowance (JSON and form bodies) unless the route raised it with
 * `allowBody`. The body is wrapped, not read: nothing is buffered here, and the check runs when the route
 * reads, against the declared `Content-Length` first and then the bytes actually streamed (chunked bodies
 * have no length), so an oversized body is refused before it is held in memory.
 */
export function boundedBodies(defaultMaxBytes: number): MiddlewareHandler {
  const fallback: BodyAllowance = { maxBytes: defaultMaxBytes, what: "request bodies", field: "body" };
  return async function boundedBodies(c, next) {
    const body = c.req.raw.body;
    if (body) {
      const declared = declaredLength(c);
      const reader = body.getReader();
      let seen = 0;
      // highWaterMark 0: nothing is pulled until the route reads, after its middleware set the allowance.
      const bounded = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            const allowance = allowances.get(c) ?? fallback;
            if (declared > allowance.maxBytes) return controller.error(bodyTooLarge(allowance));
            const { done, value } = await reader.read();
            if (done) return controller.close();
            seen += value.byteLength;
            // Not cancelled: that would destroy the socket before the 413 is written.
            if (seen > allowance.maxBytes) return controller.error(bodyTooLarge(allowance));
            controller.enqueue(value);
          },
          cancel: (reason) => reader.cancel(reason),
        },
        { highWaterMark: 0 },
      );
      c.req.raw = new Request(c.req.raw, { body: bounded, duplex: "half" } as RequestInit);
    }
    await next();
  };
}

/** The declared `Content-Length` (0 when absent or when the body is chunked). */
function declaredLength(c: Context): number {
  if (c.req.header("transfer-encoding")) return 0;
  const n = Number(c.req.header("content-length") ?? 0);
  return Number.isFinite(n) ? n : 0;
}
