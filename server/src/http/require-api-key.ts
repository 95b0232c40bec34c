import { createMiddleware } from "hono/factory";
import type { ApiKeys } from "../auth/api-keys.js";
import { AppError } from "./app-error.js";
import type { AppEnv } from "./env.js";

/** Authenticates `Authorization: Bearer <key>` and puts the caller's principal on the context. */
export function requireApiKey(keys: ApiKeys) {
  return createMiddleware<AppEnv>(async function requireApiKey(c, next) {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new AppError("unauthorized", "send an API key as `Authorization: Bearer <key>`", {
        field: "authorization",
        headers: { "www-authenticate": 'Bearer realm="easel"' },
      });
    }
    const principal = await keys.authenticate(match[1] as string);
    if (!principal) {
      throw new AppError("unauthorized", "the API key is unknown or revoked", {
        field: "authorization",
        headers: { "www-authenticate": 'Bearer realm="easel", error="invalid_token"' },
      });
    }
    c.set("principal", principal);
    await next();
  });
}
