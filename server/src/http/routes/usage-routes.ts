import { API } from "@easel/shared/protocol";
import type { UsageService } from "../../billing/usage-service.js";
import { ContractRouter } from "../contract.js";

/** `GET /v1/usage?period=YYYY-MM`: the org's generations, quota, compute and (admins) cost. */
export function usageRoutes(usage: UsageService) {
  return new ContractRouter("/v1/usage").on(API.usage, async (c, { query }) =>
    usage.report(c.get("principal"), query.period),
  ).app;
}
