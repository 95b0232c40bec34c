import { Hono } from "hono";
import type { ApiKeys } from "../../auth/api-keys.js";
import { hasRole, type Principal } from "../../auth/principal.js";
import { AppError } from "../../errors/app-error.js";
import type { AppEnv } from "../env.js";

function requireAdmin(principal: Principal): void {
  if (!hasRole(principal.role, "admin")) {
    throw new AppError("forbidden", "only admins of the organisation manage its API keys", { field: "authorization" });
  }
}

/**
 * `GET /v1/keys` and `POST /v1/keys/:id/revoke`: an org admin's view of the org's keys (never a secret)
 * and revocation, which takes effect on the next request (401) and ends the key's console sessions.
 * Another org's key is "not found", never a hint that it exists.
 */
export function keyRoutes(keys: ApiKeys) {
  return new Hono<AppEnv>()
    .get("/", async (c) => {
      const principal = c.get("principal");
      requireAdmin(principal);
      return c.json({ keys: await keys.listKeys(principal.orgId) });
    })
    .post("/:id/revoke", async (c) => {
      const principal = c.get("principal");
      requireAdmin(principal);
      const id = c.req.param("id");
      if (!(await keys.revoke(id, principal.orgId))) {
        throw new AppError("not_found", `API key ${id} was not found in this organisation`, { field: "id" });
      }
      const revoked = (await keys.listKeys(principal.orgId)).find((k) => k.id === id);
      return c.json(revoked);
    });
}
