import type { z } from "zod";

/**
 * One HTTP route of the API, described once. The server validates requests with these schemas,
 * the OpenAPI document is generated from them, and `EaselClient` is typed by them, so the three
 * cannot drift apart. Pure zod and plain data: plugins bundle it without any server library.
 */
export type HttpMethod = "get" | "post" | "delete";

/** A zod object whose fields are request parameters (path, query or header). */
// biome-ignore lint/suspicious/noExplicitAny: any field schema is allowed here
export type FieldsSchema = z.ZodObject<any>;

export type RouteBody =
  /** A JSON body, validated with `schema`; failures are 400 problems naming the field. */
  | { kind: "json"; schema: z.ZodType }
  /** Raw bytes (one of `contentTypes`) or, where `multipart` names the part(s), multipart/form-data. */
  | { kind: "upload"; contentTypes: readonly string[]; multipart?: string; description: string };

export type RouteResponse =
  | { kind: "json"; status: number; schema: z.ZodType; description?: string }
  /** Bytes of a stored file (image, SVG, …). */
  | { kind: "bytes"; status: number; contentTypes: readonly string[]; description: string }
  /** Server-sent events, one `schema` value as JSON per message. */
  | { kind: "events"; status: number; schema: z.ZodType; description: string }
  | { kind: "empty"; status: number; description: string };

export interface ApiRoute {
  method: HttpMethod;
  /** Hono-style path: `/v1/jobs/:id`; `:name{.+}` for a parameter that spans slashes. */
  path: string;
  summary: string;
  /** Grouping in the document (`assets`, `jobs`, …). */
  tag: string;
  /** No API key needed (health, verification, the transparency log). */
  public?: true;
  params?: FieldsSchema;
  query?: FieldsSchema;
  headers?: FieldsSchema;
  body?: RouteBody;
  response: RouteResponse;
}

/** Declares a route, keeping its literal types for the client and the server. */
export function apiRoute<const R extends ApiRoute>(route: R): R {
  return route;
}

type Infer<S, IO extends "in" | "out"> = S extends z.ZodType ? (IO extends "in" ? z.input<S> : z.output<S>) : never;

type Part<K extends string, S, IO extends "in" | "out"> = S extends FieldsSchema
  ? IO extends "in"
    ? // biome-ignore lint/complexity/noBannedTypes: `{} extends T` is how "T has no required key" is asked
      {} extends Infer<S, IO>
      ? { [P in K]?: Infer<S, IO> }
      : { [P in K]: Infer<S, IO> }
    : { [P in K]: Infer<S, IO> }
  : { [P in K]?: undefined };

/** What a caller sends: path parameters, query and JSON body, as the route's schemas accept them. */
export type RouteInput<R extends ApiRoute, IO extends "in" | "out" = "in"> = Part<"params", R["params"], IO> &
  Part<"query", R["query"], IO> &
  (R["body"] extends { kind: "json"; schema: infer S } ? { body: Infer<S, IO> } : { body?: undefined });

/** What a JSON or event route answers (one event for `events`). */
export type RouteOutput<R extends ApiRoute> = R["response"] extends { kind: "json" | "events"; schema: infer S }
  ? Infer<S, "out">
  : R["response"] extends { kind: "bytes" }
    ? Uint8Array
    : undefined;

const PARAM = /:([A-Za-z_][A-Za-z0-9_]*)(\{[^}]*\})?/g;

/** `/v1/jobs/:id` → `/v1/jobs/{id}` (OpenAPI path templating). */
export function openApiPath(path: string): string {
  return path.replace(PARAM, "{$1}");
}

/** The path with its parameters filled in, each percent-encoded (a spanning one per segment). */
export function fillPath(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(PARAM, (_, name: string, pattern: string | undefined) => {
    const value = String(params[name] ?? "");
    return pattern ? value.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(value);
  });
}
