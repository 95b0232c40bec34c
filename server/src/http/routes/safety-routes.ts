import { API } from "@easel/shared/protocol";
import type { SafetyAudit } from "../../safety/safety-audit.js";
import type { SafetyService } from "../../safety/safety-service.js";
import { ContractRouter } from "../contract.js";
import { uploadLimit } from "../upload-body.js";

/**
 * The caller's org's protected-reference entries (admins manage them; every member sees them, with only a
 * count of the platform-wide entries) and the safety decisions of a job.
 */
export function safetyRoutes(safety: SafetyService, audit: SafetyAudit, maxUploadBytes: number) {
  return new ContractRouter("/v1/safety")
    .on(API.listSafetyReferences, (c) => safety.list(c.get("principal")))
    .on(
      API.addSafetyReference,
      async (c, { query }) => {
        const exempt = (query.exempt ?? "").split(",").filter(Boolean);
        const bytes = new Uint8Array(await c.req.arrayBuffer());
        return safety.protect(c.get("principal"), bytes, query.title, exempt);
      },
      uploadLimit(maxUploadBytes, "images"),
    )
    .on(API.removeSafetyReference, async (c, { params }) => {
      await safety.remove(c.get("principal"), params.id);
      return c.body(null, 204);
    })
    .on(API.jobSafety, async (c, { params }) => {
      const entries = await audit.forJob(c.get("principal").orgId, params.id);
      return {
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
      };
    }).app;
}
