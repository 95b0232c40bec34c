import { createMiddleware } from "hono/factory";
import type { ApiKeys } from "../auth/api-keys.js";
import { AuthThrottle } from "../auth/auth-throttle.js";
import { AppError } from "../errors/app-error.js";
import type { AppEnv } from "./env.js";

/**
 * Authenticates `Authorization: Bearer <key>` and puts the caller's principal on the context. Guessed keys
 * (not revoked ones: a client still sending one is not guessing) count against the client address's
 * failure budget (`AuthThrottle`); once it is spent, 429.
 */
export function requireApiKey(keys: ApiKeys, throttle: AuthThrottle) {
  return createMiddleware<AppEnv>(async function requireApiKey(c, next) {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new AppError("unauthorized", "send an API key as `Authorization: Bearer <key>`", {
        field: "authorization",
        headers: { "www-authenticate": 'Bearer realm="easel"' },
      });
    }
    const address = c.get("client")?.address ?? "unknown";
    const verdict = await throttle.check(address);
    if (!verdict.allowed) throw AuthThrottle.refusal(verdict);
    const checked = await keys.verify(match[1] as string);
    if (checked.principal === null) {
      if (checked.guess) await throttle.failed(address);
      throw new AppError("unauthorized", "the API key is unknown or revoked", {
        field: "authorization",
        headers: { "www-authenticate": 'Bearer realm="easel", error="invalid_token"' },
      });
    }
    c.set("principal", checked.principal);
    await next();
  });
}
