import { API } from "@easel/shared/protocol";
import type { EngineCatalog } from "../../engines/engine-catalog.js";
import { ContractRouter } from "../contract.js";

/**
 * `GET /v1/engines`: what this server runs for the caller's org, with limits (diffusion engines: largest
 * side, steps and guidance ranges), and what is not configured. Registered models appear without a restart.
 */
export function engineRoutes(catalog: EngineCatalog) {
  return new ContractRouter("/v1/engines").on(API.engines, async (c) => {
    await catalog.refresh();
    return catalog.list(c.get("principal").orgId);
  }).app;
}
