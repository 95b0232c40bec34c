import type { ApiRoute, RouteInput, RouteOutput } from "@easel/shared/protocol";
import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { parseOrThrow } from "../errors/validate.js";
import type { AppEnv } from "./env.js";
import { readJsonBody } from "./json-body.js";

/** What a handler may return: a finished response, or (JSON routes) the value the contract declares. */
export type Reply<R extends ApiRoute> = Response | (R["response"] extends { kind: "json" } ? RouteOutput<R> : never);

export type ContractHandler<R extends ApiRoute> = (
  c: Context<AppEnv>,
  input: RouteInput<R, "out">,
) => Reply<R> | Promise<Reply<R>>;

/**
 * Mounts routes of the shared contract (`API` in @easel/shared/protocol) on a Hono app, so the server
 * validates with the very schemas the OpenAPI document and `EaselClient` are built from. Path
 * parameters, headers, query and JSON body are parsed in that order; the first issue is a 400 problem
 * naming its field (`parseOrThrow`). Upload bodies are left to the handler (raw bytes or multipart,
 * bounded by the route's `uploadLimit`).
 */
export class ContractRouter {
  readonly app = new Hono<AppEnv>();

  /** `prefix`: where the app will be mounted (`/v1/jobs`); every route given must live under it. */
  constructor(private readonly prefix = "") {}

  on<R extends ApiRoute>(route: R, handler: ContractHandler<R>, ...before: MiddlewareHandler<AppEnv>[]): this {
    if (!route.path.startsWith(this.prefix)) throw new Error(`${route.path} is not under ${this.prefix}`);
    const path = route.path.slice(this.prefix.length) || "/";
    const handle: MiddlewareHandler<AppEnv> = async (c) => {
      const input = await parseInput(c, route);
      const reply = await handler(c, input as RouteInput<R, "out">);
      if (reply instanceof Response) return reply;
      return c.json(reply as object, route.response.status as ContentfulStatusCode);
    };
    this.app.on(route.method.toUpperCase(), [path], ...before, handle);
    return this;
  }
}

async function parseInput(c: Context<AppEnv>, route: ApiRoute): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  if (route.params) input.params = parseOrThrow(route.params, c.req.param(), "path");
  if (route.headers) {
    const headers: Record<string, string | undefined> = {};
    for (const name of Object.keys(route.headers.shape)) headers[name] = c.req.header(name);
    parseOrThrow(route.headers, headers, "headers");
  }
  if (route.query) input.query = parseOrThrow(route.query, c.req.query(), "query");
  if (route.body?.kind === "json") input.body = parseOrThrow(route.body.schema, await readJsonBody(c), "body");
  return input;
}
