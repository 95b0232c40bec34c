import { API } from "@easel/shared/protocol";
import type { QualityService } from "../../quality/quality-service.js";
import { ContractRouter } from "../contract.js";

/** `POST /v1/jobs/:id/feedback`, `GET /v1/quality`, `GET /v1/quality/weights` (the first-try satisfaction loop). */
export function qualityRoutes(quality: QualityService) {
  return new ContractRouter("/v1")
    .on(API.jobFeedback, async (c, { params, body }) => quality.feedback(c.get("principal"), params.id, body))
    .on(API.quality, async (c, { query }) => quality.report(c.get("principal"), query))
    .on(API.rankWeights, async (c) => quality.weightsReport(c.get("principal"))).app;
}
