import {
  API,
  type Api,
  type ApiRouteName,
  fillPath,
  type RouteInput,
  type RouteOutput,
} from "../protocol/routes/index.js";
import { EaselError } from "./easel-error.js";

export interface ContractClientOptions {
  /** Service root, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string;
  apiKey: string;
  /**
   * Defaults to the global `fetch` (Node ≥ 18, browsers, the Figma UI iframe, UXP). The client only
   * passes plain-object headers and `Uint8Array`/string bodies, and reads the response with
   * `text()`/`arrayBuffer()` (plus `body.getReader()` when the host streams), so a host `fetch`
   * without `Headers`, `Blob` or streaming bodies works too.
   */
  fetch?: typeof fetch;
}

/** A request body for an upload route: bytes (with their type) or a host `FormData`. */
export interface Upload {
  body: Uint8Array | Blob | FormData;
  contentType?: string;
}

type Extra = { upload?: Upload; headers?: Record<string, string>; signal?: AbortSignal };

/** `key=value&…` for the defined values; by hand, since `URLSearchParams` is not a documented UXP global. */
function queryString(query: Record<string, unknown> | undefined): string {
  const pairs = Object.entries(query ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return pairs.length ? `?${pairs.join("&")}` : "";
}

/**
 * Calls the routes of the shared contract (`API`): the path, query and body a route takes and the
 * response it gives are the contract's types, and responses are parsed with its schemas. A route
 * whose schema changes changes these types, so a client method that no longer fits fails to compile.
 */
export class ContractClient {
  protected readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly fetchImpl: typeof fetch;

  constructor(options: ContractClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.apiKey = options.apiKey;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The URL path (with query) of a route for `input`. */
  protected pathOf<N extends ApiRouteName>(name: N, input: RouteInput<Api[N]>): string {
    const route: Api[ApiRouteName] = API[name];
    const { params, query } = input as { params?: Record<string, unknown>; query?: Record<string, unknown> };
    return fillPath(route.path, params) + queryString(query);
  }

  /** Sends a route's request; a non-2xx answer becomes an `EaselError` carrying the problem. */
  protected async send<N extends ApiRouteName>(name: N, input: RouteInput<Api[N]>, extra: Extra = {}) {
    const route: Api[ApiRouteName] = API[name];
    const headers: Record<string, string> = { ...extra.headers };
    let body: BodyInit | undefined;
    const json = (input as { body?: unknown }).body;
    if (json !== undefined) {
      body = JSON.stringify(json);
      headers["content-type"] = "application/json";
    } else if (extra.upload) {
      // A Uint8Array is a valid fetch body everywhere; no `Blob` needed (UXP before 7.x has none).
      body = extra.upload.body as BodyInit;
      if (extra.upload.contentType) headers["content-type"] = extra.upload.contentType;
    }
    const init: RequestInit = { method: route.method.toUpperCase(), headers };
    if (body !== undefined) init.body = body;
    if (extra.signal) init.signal = extra.signal;
    return this.request(this.pathOf(name, input), init);
  }

  /** Calls a JSON route and returns its answer, parsed with the contract's schema. */
  protected async call<N extends ApiRouteName>(
    name: N,
    input: RouteInput<Api[N]>,
    extra?: Extra,
  ): Promise<RouteOutput<Api[N]>> {
    const response = await this.send(name, input, extra);
    const declared = API[name].response;
    if (declared.kind === "empty") {
      await response.arrayBuffer();
      return undefined as RouteOutput<Api[N]>;
    }
    if (declared.kind === "bytes") return new Uint8Array(await response.arrayBuffer()) as RouteOutput<Api[N]>;
    return declared.schema.parse(await response.json()) as unknown as RouteOutput<Api[N]>;
  }

  protected async request(path: string, init: RequestInit = {}): Promise<Response> {
    // A plain object, not `Headers`: not every plugin host has the class.
    const headers = { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${this.apiKey}` };
    const response = await this.fetchImpl(`${this.baseUrl}${path}`, { ...init, headers });
    if (!response.ok) throw await EaselError.fromResponse(response);
    return response;
  }
}
