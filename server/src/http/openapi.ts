import { API, API_ROUTES, type ApiRoute, type FieldsSchema, openApiPath, Problem } from "@easel/shared/protocol";
import { z } from "zod";
import { ContractRouter } from "./contract.js";

type JsonSchema = Record<string, unknown>;

/**
 * Collects the schemas of one document: zod's JSON Schema output is self-contained (`#/$defs/…`), so
 * any shared or recursive definitions are lifted into `components/schemas` and their refs rewritten.
 */
class SchemaSink {
  readonly components: Record<string, JsonSchema> = {};

  of(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const json = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    for (const [name, def] of Object.entries(defs)) this.components[name] = def;
    return rewriteRefs(json) as JsonSchema;
  }
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      key === "$ref" && typeof v === "string" ? v.replace(/^#\/\$defs\//, "#/components/schemas/") : rewriteRefs(v);
  }
  return out;
}

function parameters(sink: SchemaSink, fields: FieldsSchema | undefined, where: "path" | "query" | "header") {
  if (!fields) return [];
  const json = sink.of(fields, "input");
  const required = new Set((json.required as string[] | undefined) ?? []);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    schema,
  }));
}

function requestBody(sink: SchemaSink, route: ApiRoute) {
  const body = route.body;
  if (!body) return {};
  if (body.kind === "json") {
    return {
      requestBody: { required: true, content: { "application/json": { schema: sink.of(body.schema, "input") } } },
    };
  }
  const binary = { schema: { type: "string", format: "binary" } };
  const content: Record<string, unknown> = Object.fromEntries(body.contentTypes.map((type) => [type, binary]));
  if (body.multipart) {
    content["multipart/form-data"] = {
      schema: { type: "object", description: `parts: ${body.multipart}` },
    };
  }
  return { requestBody: { required: true, description: body.description, content } };
}

function success(sink: SchemaSink, route: ApiRoute) {
  const r = route.response;
  switch (r.kind) {
    case "json":
      return {
        description: r.description ?? "OK",
        content: { "application/json": { schema: sink.of(r.schema, "output") } },
      };
    case "events":
      return {
        description: r.description,
        content: { "text/event-stream": { schema: sink.of(r.schema, "output") } },
      };
    case "bytes":
      return {
        description: r.description,
        content: Object.fromEntries(
          r.contentTypes.map((type) => [type, { schema: { type: "string", format: "binary" } }]),
        ),
      };
    case "empty":
      return { description: r.description };
  }
}

/**
 * The OpenAPI 3.1 document of the API, generated from the route contract the server validates with
 * (`API` in @easel/shared/protocol). Every route is in it; the console's HTML pages are not API.
 */
export function buildOpenApi(version: string): Record<string, unknown> {
  const sink = new SchemaSink();
  const problem = {
    description: "problem details (RFC 9457), naming the offending `field` where there is one",
    content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    const path = openApiPath(route.path);
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[route.method] = {
      operationId: route.name,
      summary: route.summary,
      tags: [route.tag],
      ...(route.public ? { security: [] } : {}),
      parameters: [
        ...parameters(sink, route.params, "path"),
        ...parameters(sink, route.query, "query"),
        ...parameters(sink, route.headers, "header"),
      ],
      ...requestBody(sink, route),
      responses: { [String(route.response.status)]: success(sink, route), default: problem },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Easel API",
      version,
      description:
        "Brand-safe image synthesis for design tools. Generated from the route contract the server validates " +
        "with; every API route is here. The operator console's HTML pages under /console are not part of the API.",
    },
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer" } },
      schemas: { Problem: sink.of(Problem, "output"), ...sink.components },
    },
    security: [{ apiKey: [] }],
    paths,
  };
}

/** `GET /v1/openapi.json`: the document, built once at start-up. */
export function openApiRoutes(document: Record<string, unknown>) {
  return new ContractRouter("/v1").on(API.openApi, () => document).app;
}
