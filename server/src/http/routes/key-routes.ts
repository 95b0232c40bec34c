import { API } from "@easel/shared/protocol";
import type { ApiKeys } from "../../auth/api-keys.js";
import { hasRole, type Principal } from "../../auth/principal.js";
import { AppError } from "../../errors/app-error.js";
import { ContractRouter } from "../contract.js";

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
  return new ContractRouter("/v1/keys")
    .on(API.listKeys, async (c) => {
      const principal = c.get("principal");
      requireAdmin(principal);
      return { keys: await keys.listKeys(principal.orgId) };
    })
    .on(API.revokeKey, async (c, { params }) => {
      const principal = c.get("principal");
      requireAdmin(principal);
      const { id } = params;
      if (!(await keys.revoke(id, principal.orgId))) {
        throw new AppError("not_found", `API key ${id} was not found in this organisation`, { field: "id" });
      }
      const revoked = (await keys.listKeys(principal.orgId)).find((k) => k.id === id);
      if (!revoked)
        throw new AppError("not_found", `API key ${id} was not found in this organisation`, { field: "id" });
      return revoked;
    }).app;
}
