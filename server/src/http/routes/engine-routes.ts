import { API } from "@easel/shared/protocol";
import type { EngineCatalog } from "../../engines/engine-catalog.js";
import { ContractRouter } from "../contract.js";

/** `GET /v1/engines`: what this server runs, with limits, and what is not configured. */
export function engineRoutes(catalog: EngineCatalog) {
  return new ContractRouter("/v1/engines").on(API.engines, () => catalog.list()).app;
}
