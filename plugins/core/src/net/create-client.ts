import { EaselClient } from "@easel/shared/client";
import { type RetryOptions, retryingFetch } from "./retrying-fetch.js";

export interface PluginClientOptions {
  serverUrl: string;
  apiKey: string;
  /** The host's fetch (default: the global one, looked up at call time). */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  retry?: RetryOptions;
}

/** An EaselClient for a plugin: interactive lane, 429/503 retried as the server asks. */
export function createPluginClient(options: PluginClientOptions): EaselClient {
  const hostFetch = options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
  return new EaselClient({
    baseUrl: options.serverUrl,
    apiKey: options.apiKey,
    priority: "interactive",
    fetch: retryingFetch(hostFetch, options.retry) as typeof fetch,
  });
}
