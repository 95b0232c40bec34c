import type { Context, MiddlewareHandler } from "hono";
import { AppError } from "../errors/app-error.js";
import { allowBody } from "./body-limit.js";

/**
 * Raises this route's body allowance to `maxBytes` (uploads are larger than JSON bodies) and refuses a
 * larger declared `Content-Length` with a 413 problem naming `field` before a byte is read (DESIGN.md §3).
 */
export function uploadLimit(maxBytes: number, what = "uploads", field = "body"): MiddlewareHandler {
  return async function uploadLimit(c, next) {
    allowBody(c, { maxBytes, what, field });
    await next();
  };
}

/**
 * The parts of a `multipart/form-data` body. A body that is not valid multipart (no boundary, another
 * boundary than the header's, cut off before the closing boundary) is the client's mistake: 400 naming
 * the body, never the parser's own error; a body over its allowance stays a 413.
 */
export async function readMultipart(c: Context): Promise<FormData> {
  try {
    return await c.req.formData();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      "validation",
      "the body is not valid multipart/form-data (check the boundary in Content-Type and that the body ends with it)",
      { field: "body" },
    );
  }
}

/** The image bytes of a request: the raw body, or the `file` part of a multipart form. */
export async function readImageBody(c: Context): Promise<Uint8Array> {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const file = (await readMultipart(c)).get("file");
    if (!(file instanceof Blob))
      throw new AppError("validation", "multipart uploads need a `file` part", { field: "file" });
    return new Uint8Array(await file.arrayBuffer());
  }
  return new Uint8Array(await c.req.arrayBuffer());
}
