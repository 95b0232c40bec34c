import type { Context } from "hono";
import { AppError } from "../errors/app-error.js";

/**
 * A path parameter, percent-decoded once (Hono decodes parameters itself; decoding again would turn a
 * file named `100%.png` into an error and `a%2541` into `aA`). A path with a malformed escape (`%zz`,
 * a lone `%`, bytes that are not UTF-8), which Hono passes through as it is, is the client's mistake:
 * 400 naming the parameter (RFC 3986 §2.1).
 */
export function pathParam(c: Context, name: string): string {
  const raw = new URL(c.req.url).pathname;
  try {
    decodeURIComponent(raw);
  } catch {
    throw new AppError("validation", `the path is not valid percent-encoding, so \`${name}\` cannot be read`, {
      field: name,
    });
  }
  return c.req.param(name) ?? "";
}
