import {
  ApiKeyInfo,
  ApiKeyList,
  Asset,
  AssetList,
  CreatedJob,
  CreateJobRequest,
  EngineList,
  Health,
  Job,
  JobEvent,
  JobList,
  Problem,
  Readiness,
} from "@easel/shared/protocol";
import { z } from "zod";

interface Operation {
  method: "get" | "post";
  path: string;
  summary: string;
  auth?: boolean;
  request?: { contentType: string; schema?: z.ZodType; description?: string };
  response: { status: number; contentType?: string; schema?: z.ZodType; description?: string };
  parameters?: { name: string; in: "path" | "query" | "header"; description: string }[];
}

const idParam = { name: "id", in: "path" as const, description: "resource id" };

/** Every route of the API, described once; the OpenAPI document is generated from these schemas. */
export const OPERATIONS: Operation[] = [
  { method: "get", path: "/health", summary: "Liveness", auth: false, response: { status: 200, schema: Health } },
  {
    method: "get",
    path: "/ready",
    summary: "Readiness of the database, storage and workers",
    auth: false,
    response: { status: 200, schema: Readiness },
  },
  {
    method: "post",
    path: "/v1/assets",
    summary: "Upload an image (PNG, JPEG or WebP bytes, or multipart `file`); same bytes give the same id",
    request: { contentType: "image/png", description: "raw image bytes" },
    response: { status: 201, schema: Asset },
  },
  {
    method: "get",
    path: "/v1/assets",
    summary: "List the org's assets, newest first",
    response: { status: 200, schema: AssetList },
  },
  {
    method: "get",
    path: "/v1/assets/{id}",
    summary: "Asset metadata",
    parameters: [idParam],
    response: { status: 200, schema: Asset },
  },
  {
    method: "get",
    path: "/v1/assets/{id}/content",
    summary: "Asset bytes",
    parameters: [idParam],
    response: { status: 200, contentType: "image/png", description: "the image bytes" },
  },
  {
    method: "post",
    path: "/v1/jobs",
    summary: "Create a job",
    request: { contentType: "application/json", schema: CreateJobRequest },
    response: { status: 202, schema: CreatedJob },
  },
  {
    method: "get",
    path: "/v1/jobs",
    summary: "List jobs (filter by document, parent, status)",
    parameters: [
      { name: "document", in: "query", description: "design document id" },
      { name: "parent", in: "query", description: "parent job id" },
      { name: "status", in: "query", description: "job status" },
      { name: "cursor", in: "query", description: "nextCursor of the previous page" },
    ],
    response: { status: 200, schema: JobList },
  },
  {
    method: "get",
    path: "/v1/jobs/{id}",
    summary: "A job with its layers",
    parameters: [idParam],
    response: { status: 200, schema: Job },
  },
  {
    method: "post",
    path: "/v1/jobs/{id}/cancel",
    summary: "Cancel a job",
    parameters: [idParam],
    response: { status: 200, schema: Job },
  },
  {
    method: "get",
    path: "/v1/jobs/{id}/events",
    summary: "Server-sent events of a job; resume with Last-Event-ID",
    parameters: [idParam, { name: "Last-Event-ID", in: "header", description: "last event seq received" }],
    response: {
      status: 200,
      contentType: "text/event-stream",
      schema: JobEvent,
      description: "one JobEvent per SSE message",
    },
  },
  {
    method: "get",
    path: "/v1/engines",
    summary: "Engines this server runs, and what is not configured",
    response: { status: 200, schema: EngineList },
  },
  {
    method: "get",
    path: "/v1/keys",
    summary: "The org's API keys, newest first (admins; never a secret)",
    response: { status: 200, schema: ApiKeyList },
  },
  {
    method: "post",
    path: "/v1/keys/{id}/revoke",
    summary: "Revoke one of the org's API keys (admins): 401 from its next request, its console sessions end",
    parameters: [idParam],
    response: { status: 200, schema: ApiKeyInfo },
  },
];

const problemResponse = {
  description: "problem details (RFC 9457)",
  content: { "application/problem+json": { schema: z.toJSONSchema(Problem) } },
};

/** The OpenAPI 3.1 document of the API. */
export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const response = op.response;
    const content = response.schema
      ? {
          [response.contentType ?? "application/json"]: {
            schema: z.toJSONSchema(response.schema, { io: "output", unrepresentable: "any" }),
          },
        }
      : { [response.contentType ?? "application/octet-stream"]: {} };
    paths[op.path] ??= {};
    (paths[op.path] as Record<string, unknown>)[op.method] = {
      summary: op.summary,
      ...(op.auth === false ? { security: [] } : {}),
      ...(op.parameters
        ? { parameters: op.parameters.map((p) => ({ ...p, required: p.in === "path", schema: { type: "string" } })) }
        : {}),
      ...(op.request
        ? {
            requestBody: {
              required: true,
              description: op.request.description,
              content: {
                [op.request.contentType]: op.request.schema
                  ? { schema: z.toJSONSchema(op.request.schema, { io: "input", unrepresentable: "any" }) }
                  : { schema: { type: "string", format: "binary" } },
              },
            },
          }
        : {}),
      responses: {
        [String(response.status)]: { description: response.description ?? "OK", content },
        default: problemResponse,
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Easel API", version, description: "Brand-safe image synthesis for design tools." },
    components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer" } } },
    security: [{ apiKey: [] }],
    paths,
  };
}
