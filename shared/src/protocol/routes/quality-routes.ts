import { z } from "zod";
import { FeedbackRequest, JobFeedback, QualityQuery, QualityReport, RankWeightsReport } from "../quality.js";
import { apiRoute } from "./api-route.js";

/** The first-try satisfaction loop: feedback on a job's candidates, the figures, the learned ranking weights. */
export const QUALITY_ROUTES = {
  jobFeedback: apiRoute({
    method: "post",
    path: "/v1/jobs/:id/feedback",
    summary:
      "What the designer did with a finished job's candidates: kept one (its layer index) or none; sending again replaces it",
    tag: "quality",
    params: z.object({ id: z.string() }),
    body: { kind: "json", schema: FeedbackRequest },
    response: { kind: "json", status: 200, schema: JobFeedback },
  }),
  quality: apiRoute({
    method: "get",
    path: "/v1/quality",
    summary: "First-try satisfaction and top-1 kept rate of the org, per kind, per kit and per day",
    tag: "quality",
    query: QualityQuery,
    response: { kind: "json", status: 200, schema: QualityReport },
  }),
  rankWeights: apiRoute({
    method: "get",
    path: "/v1/quality/weights",
    summary: "The ranking weights new jobs use, learned from the org's feedback or the default (admins)",
    tag: "quality",
    response: { kind: "json", status: 200, schema: RankWeightsReport },
  }),
} as const;
