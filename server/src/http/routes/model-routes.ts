import { API } from "@easel/shared/protocol";
import { hasRole } from "../../auth/principal.js";
import type { EngineCatalog } from "../../engines/engine-catalog.js";
import { AppError } from "../../errors/app-error.js";
import type { ModelRegistry } from "../../models/model-registry.js";
import { ContractRouter } from "../contract.js";

/**
 * `GET|POST /v1/models/default`: the registered model an org's generate and vary jobs use when they name
 * no `params.model`. Anyone in the org reads it; only org admins change it, and only to a model the org
 * can use (a platform-wide one or its own). Models themselves are the operator's: `easel models add`.
 */
export function modelRoutes(registry: ModelRegistry, catalog: EngineCatalog) {
  return new ContractRouter("/v1/models")
    .on(API.defaultModel, async (c) => ({ model: await registry.orgDefault(c.get("principal").orgId) }))
    .on(API.setDefaultModel, async (c, { body }) => {
      const principal = c.get("principal");
      if (!hasRole(principal.role, "admin")) {
        throw new AppError("forbidden", "only admins of the organisation choose its default model", {
          field: "authorization",
        });
      }
      await registry.setOrgDefault(principal.orgId, body.model);
      // The next job of this API node uses it at once (others see the registry's new version).
      await catalog.refresh();
      return { model: body.model };
    }).app;
}
