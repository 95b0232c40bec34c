import { z } from "zod";
import { Asset, AssetList, AssetListQuery } from "../asset.js";
import { EngineList } from "../engine.js";
import { CreatedJob, Job, JobList, JobListQuery } from "../job.js";
import { JobEvent } from "../job-event.js";
import { CreateJobRequest } from "../job-request.js";
import { apiRoute } from "./api-route.js";

const Id = z.object({ id: z.string() });
const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
const EventSeq = z.string().regex(/^\d*$/, "must be an event sequence number").optional();

/** Assets (uploaded and produced images), jobs and their events, engines. */
export const ASSET_JOB_ROUTES = {
  uploadAsset: apiRoute({
    method: "post",
    path: "/v1/assets",
    summary: "Upload an image (PNG, JPEG or WebP bytes, or multipart `file`); the same bytes give the same id",
    tag: "assets",
    body: { kind: "upload", contentTypes: IMAGE_TYPES, multipart: "file", description: "the image bytes" },
    response: { kind: "json", status: 201, schema: Asset },
  }),
  listAssets: apiRoute({
    method: "get",
    path: "/v1/assets",
    summary: "The org's assets, newest first",
    tag: "assets",
    query: AssetListQuery,
    response: { kind: "json", status: 200, schema: AssetList },
  }),
  getAsset: apiRoute({
    method: "get",
    path: "/v1/assets/:id",
    summary: "An asset's metadata",
    tag: "assets",
    params: Id,
    response: { kind: "json", status: 200, schema: Asset },
  }),
  assetContent: apiRoute({
    method: "get",
    path: "/v1/assets/:id/content",
    summary: "An asset's bytes (immutable; ETag is the id)",
    tag: "assets",
    params: Id,
    response: { kind: "bytes", status: 200, contentTypes: IMAGE_TYPES, description: "the image bytes" },
  }),
  createJob: apiRoute({
    method: "post",
    path: "/v1/jobs",
    summary: "Create a job (one of the job kinds); 202 with its URL and events URL",
    tag: "jobs",
    body: { kind: "json", schema: CreateJobRequest },
    response: { kind: "json", status: 202, schema: CreatedJob },
  }),
  listJobs: apiRoute({
    method: "get",
    path: "/v1/jobs",
    summary: "The org's jobs, newest first: a design document's history (`document`), a job's children (`parent`)",
    tag: "jobs",
    query: JobListQuery,
    response: { kind: "json", status: 200, schema: JobList },
  }),
  getJob: apiRoute({
    method: "get",
    path: "/v1/jobs/:id",
    summary: "A job with its layers",
    tag: "jobs",
    params: Id,
    response: { kind: "json", status: 200, schema: Job },
  }),
  cancelJob: apiRoute({
    method: "post",
    path: "/v1/jobs/:id/cancel",
    summary: "Cancel a job (a finished job is returned as it is)",
    tag: "jobs",
    params: Id,
    response: { kind: "json", status: 200, schema: Job },
  }),
  jobEvents: apiRoute({
    method: "get",
    path: "/v1/jobs/:id/events",
    summary: "A job's events as server-sent events; resume with `Last-Event-ID` (or `after`); ends after the last",
    tag: "jobs",
    params: Id,
    query: z.object({ after: EventSeq }),
    headers: z.object({ "last-event-id": EventSeq }),
    response: { kind: "events", status: 200, schema: JobEvent, description: "one JobEvent (JSON) per message" },
  }),
  engines: apiRoute({
    method: "get",
    path: "/v1/engines",
    summary: "The engines this server runs, their limits, and what is not configured",
    tag: "engines",
    response: { kind: "json", status: 200, schema: EngineList },
  }),
} as const;
