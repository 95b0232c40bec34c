import { Hono } from "hono";
import type { UsageService } from "../../billing/usage-service.js";
import type { AppEnv } from "../env.js";

/** `GET /v1/usage?period=YYYY-MM`: the org's generations, quota, compute and (admins) cost. */
export function usageRoutes(usage: UsageService) {
  return new Hono<AppEnv>().get("/", async (c) =>
    c.json(await usage.report(c.get("principal"), c.req.query("period"))),
  );
}
