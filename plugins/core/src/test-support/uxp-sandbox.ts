import { readFileSync } from "node:fs";
import vm from "node:vm";

// A Node `vm` context holding only what UXP documents as globals for a plugin (and the ECMAScript
// built-ins every context has): console, timers, fetch, localStorage. Deliberately absent, because
// some supported Photoshop versions lack them: TextEncoder/TextDecoder, btoa/atob, Blob, Headers,
// URL/URLSearchParams, AbortController, ReadableStream and Response (so no streaming body).

/** The browser globals the sandbox leaves out; a test asserts each is really missing inside. */
export const ABSENT_GLOBALS = [
  "TextEncoder",
  "TextDecoder",
  "btoa",
  "atob",
  "Blob",
  "Headers",
  "URL",
  "URLSearchParams",
  "AbortController",
  "AbortSignal",
  "ReadableStream",
  "Response",
  "structuredClone",
] as const;

interface SandboxResponse {
  ok: boolean;
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * A `fetch` like UXP's before 7.3: plain-object headers, string or byte bodies, a response read only
 * whole (no `body`), and no abort signal (a request that passes one fails, so code relying on it is caught).
 */
export function wholeBodyFetch(log: string[] = []) {
  return async (
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: unknown; signal?: unknown } = {},
  ) => {
    if (init.signal !== undefined) throw new TypeError("this host's fetch takes no AbortSignal");
    if (init.headers !== undefined && (typeof init.headers !== "object" || Array.isArray(init.headers)))
      throw new TypeError("headers must be a plain object");
    const body = init.body;
    if (body !== undefined && typeof body !== "string" && !ArrayBuffer.isView(body))
      throw new TypeError(`unsupported body ${Object.prototype.toString.call(body)}`);
    log.push(`${init.method ?? "GET"} ${new URL(url).pathname}`);
    const request: RequestInit = { method: init.method ?? "GET" };
    if (init.headers) request.headers = init.headers;
    if (typeof body === "string") request.body = body;
    else if (body !== undefined) request.body = Uint8Array.from(body as Uint8Array);
    const response = await fetch(url, request);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const result: SandboxResponse = {
      ok: response.ok,
      status: response.status,
      statusText: response.statusText,
      headers: { get: (name) => response.headers.get(name) },
      text: async () => Buffer.from(bytes).toString("utf8"),
      json: async () => JSON.parse(Buffer.from(bytes).toString("utf8")),
      arrayBuffer: async () => bytes.slice().buffer,
    };
    return result;
  };
}

/** A context with UXP's documented globals only; `extra` adds host modules (e.g. `require`). */
export function uxpContext(extra: Record<string, unknown> = {}, log: string[] = []): vm.Context {
  const storage = new Map<string, string>();
  const context = vm.createContext({
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    fetch: wholeBodyFetch(log),
    localStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, String(v)),
      removeItem: (k: string) => void storage.delete(k),
    },
    ...extra,
  });
  vm.runInContext("globalThis.window = globalThis;", context);
  return context;
}

/** Runs a built classic-script bundle inside the context. */
export function loadBundle(context: vm.Context, file: string): void {
  vm.runInContext(readFileSync(file, "utf8"), context, { filename: file });
}
