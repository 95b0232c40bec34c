import { Hono } from "hono";
import type { SafetyAudit } from "../../safety/safety-audit.js";
import type { SafetyService } from "../../safety/safety-service.js";
import { AppError } from "../../errors/app-error.js";
import type { AppEnv } from "../env.js";
import { uploadLimit } from "../upload-body.js";

/**
 * The caller's org's protected-reference entries (admins manage them; every member sees them, with only a
 * count of the platform-wide entries) and the safety decisions of a job.
 */
export function safetyRoutes(safety: SafetyService, audit: SafetyAudit, maxUploadBytes: number) {
  return new Hono<AppEnv>()
    .get("/references", async (c) => c.json(await safety.list(c.get("principal"))))
    .post("/references", uploadLimit(maxUploadBytes, "images"), async (c) => {
      const title = c.req.query("title");
      if (!title) throw new AppError("validation", "`title` (query) names the protected work", { field: "title" });
      const exempt = (c.req.query("exempt") ?? "").split(",").filter(Boolean);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      return c.json(await safety.protect(c.get("principal"), bytes, title, exempt), 201);
    })
    .delete("/references/:id", async (c) => {
      await safety.remove(c.get("principal"), c.req.param("id"));
      return c.body(null, 204);
    })
    .get("/jobs/:id", async (c) => {
      const entries = await audit.forJob(c.get("principal").orgId, c.req.param("id"));
      return c.json({
        decisions: entries.map((e) => ({
          stage: e.stage,
          decision: e.decision,
          category: e.category,
          reason: e.reason,
          details: e.details,
          /** The withheld output's bytes are kept for review under this hash and are never served. */
          quarantined: e.quarantinedSha256,
          at: new Date(e.at).toISOString(),
        })),
      });
    });
}
