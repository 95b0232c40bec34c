import { createMiddleware } from "hono/factory";
import type { Principal } from "../auth/principal.js";
import type { BucketRule } from "../billing/plans.js";
import type { RateLimiter } from "../billing/token-bucket.js";
import { AppError } from "../errors/app-error.js";
import type { AppEnv } from "./env.js";

/**
 * Token-bucket rate limiting per API key, with `RateLimit-Limit/Remaining/Reset` on every answer and
 * `429` + `Retry-After` when the bucket is empty (draft-ietf-httpapi-ratelimit-headers).
 */
export function rateLimit(buckets: RateLimiter, name: string, ruleFor: (principal: Principal) => BucketRule) {
  return createMiddleware<AppEnv>(async function rateLimit(c, next) {
    const principal = c.get("principal");
    const result = await buckets.take(`${principal.keyId}:${name}`, ruleFor(principal));
    const headers = {
      "ratelimit-limit": String(result.limit),
      "ratelimit-remaining": String(result.remaining),
      "ratelimit-reset": String(result.resetS),
    };
    if (!result.allowed) {
      throw new AppError("rate_limited", `too many ${name} for this API key; retry in ${result.retryAfterS} s`, {
        headers: { ...headers, "retry-after": String(result.retryAfterS) },
      });
    }
    await next();
    // An inner, more specific bucket (e.g. job creations) has already described itself: keep that.
    for (const [key, value] of Object.entries(headers)) if (!c.res.headers.has(key)) c.header(key, value);
  });
}
